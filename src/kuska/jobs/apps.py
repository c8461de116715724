from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "kuska.jobs"
    label = "jobs"
    verbose_name = "Jobs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kuska.jobs import work

        work.load_kinds()
