from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "kuska.care"
    label = "care"
    verbose_name = "Care"

    def ready(self) -> None:
        # the alerts listen to care's writes (kuska.care.changes)
        from kuska.care import alerts  # noqa: F401
