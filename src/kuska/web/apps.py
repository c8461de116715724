from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kuska.web"
    label = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        from kuska.web import signals

        signals.connect()
