from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "kuska.care"
    label = "care"
    verbose_name = "Care"
