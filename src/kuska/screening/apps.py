from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "kuska.screening"
    label = "screening"
    verbose_name = _("Screening")
    default_auto_field = "django.db.models.BigAutoField"
