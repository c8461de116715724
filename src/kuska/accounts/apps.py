from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kuska.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kuska.accounts.roles import load_roles_after_migrate

        # like Django's own permissions: the roles of the data file are in the database after every migrate
        # (hence after `kuska init`, and in every test database)
        post_migrate.connect(load_roles_after_migrate, sender=self)
