from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kuska.web"
    label = "web"
    verbose_name = "Web"
