from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "kuska.screening"
    label = "screening"
    verbose_name = _("Screening")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # intake never imports screening: the transcription of paper forms is registered with it from here
        from kuska.intake.readers import register
        from kuska.intake.submit import register_step
        from kuska.screening.paper import FORMAT, keep_screenings, read_transcription

        register(FORMAT, read_transcription)
        register_step(FORMAT, keep_screenings)
