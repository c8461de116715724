from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kuska.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # uploads left by a process killed mid-submission hold victims' data: removed at the next start
        from kuska.api.uploads import remove_stale_uploads

        remove_stale_uploads()
