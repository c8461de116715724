from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "kuska.linkage"
    label = "linkage"
    verbose_name = "Linkage"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The indicators counted by linkage (unique_victims, agency_overlap) come from the persisted clusters.
        from kuska.linkage.indicators import register

        register()
