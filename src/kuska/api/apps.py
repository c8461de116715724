from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kuska.api"
    label = "api"
    verbose_name = "API"
