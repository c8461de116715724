"""Every agency token becomes a token of the agency's API user, so the systems that hold one keep working.

Tokens now belong to users. An agency token stood for the whole agency, with the right to submit its records and
read its batches; it becomes a token of one system user per agency, ``api-<agency code>@kuska.invalid`` (an
address that cannot receive mail; the user has no password, so nobody signs in as it), holding the role
``data_officer`` at that agency: what the token could do before, and no more through the API. The token keeps
its hash, label, creation and revocation; it expires ``API_TOKEN_DAYS`` after this migration, so its system has
that long to be given a token of a named user (``docs/api.md``).
"""

import datetime

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import migrations
from django.utils import timezone

ROLE = "data_officer"


def system_email(agency_code: str) -> str:
    return f"api-{agency_code.lower()}@kuska.invalid"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    AgencyToken = apps.get_model("intake", "AgencyToken")
    ApiToken = apps.get_model("accounts", "ApiToken")
    User = apps.get_model("accounts", "User")
    Role = apps.get_model("accounts", "Role")
    Membership = apps.get_model("accounts", "Membership")
    tokens = list(AgencyToken.objects.select_related("agency").order_by("pk"))
    if not tokens:
        return
    # the roles are loaded after every migrate; a database that holds tokens was migrated before, so it is there
    role, _created = Role.objects.get_or_create(
        code=ROLE, defaults={"names": {"en": "Agency data officer"}}
    )
    expires = timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS)
    for token in tokens:
        user, _created = User.objects.get_or_create(
            email=system_email(token.agency.code),
            defaults={
                "display_name": f"API {token.agency.code}",
                "password": make_password(None),
            },
        )
        Membership.objects.get_or_create(user=user, agency=token.agency, role=role)
        ApiToken.objects.create(
            user=user,
            label=token.label,
            digest=token.digest,
            created_at=token.created_at,
            expires_at=expires,
            revoked_at=token.revoked_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_api_tokens"),
        ("intake", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
