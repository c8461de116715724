"""The authenticators' keys encrypted at rest: Kuska's own django-otp device, ``Authenticator``.

django-otp's ``TOTPDevice`` (the ``otp_totp`` plugin, no longer installed) kept each key in clear in its table,
``otp_totp_totpdevice``. Each of its devices becomes an ``Authenticator`` with the same key, now encrypted with the
current data key, the same settings and clock drift, and the same last accepted code, so nobody enrols again and no
code is accepted twice; then the old rows are deleted, so no key is left in clear. A session that gave its code
with an old device gives it again. A database that never had the plugin's table has nothing to move.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import kuska.accounts.models
import kuska.registry.fields

OLD_TABLE = "otp_totp_totpdevice"
COPIED = (
    "user_id",
    "name",
    "confirmed",
    "key",
    "step",
    "t0",
    "digits",
    "tolerance",
    "drift",
    "last_t",
)


def encrypt_totp_devices(apps, schema_editor):  # type: ignore[no-untyped-def]
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    Authenticator = apps.get_model("accounts", "Authenticator")
    quote = connection.ops.quote_name
    # names from this module and the database's own quoting; no value is written into the SQL
    columns, table = ", ".join(quote(c) for c in COPIED), quote(OLD_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} ORDER BY {quote('id')}")  # noqa: S608
        rows = cursor.fetchall()
    for row in rows:
        Authenticator.objects.create(**dict(zip(COPIED, row, strict=True)))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_agency_tokens_to_users"),
    ]

    operations = [
        migrations.CreateModel(
            name="Authenticator",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="The human-readable name of this device.", max_length=64
                    ),
                ),
                (
                    "confirmed",
                    models.BooleanField(default=True, help_text="Is this device ready for use?"),
                ),
                (
                    "throttling_failure_timestamp",
                    models.DateTimeField(
                        blank=True,
                        default=None,
                        help_text="A timestamp of the last failed verification attempt. Null if last attempt succeeded.",
                        null=True,
                    ),
                ),
                (
                    "throttling_failure_count",
                    models.PositiveIntegerField(
                        default=0, help_text="Number of successive failed attempts."
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True,
                        help_text="The date and time when this device was initially created in the system.",
                        null=True,
                    ),
                ),
                (
                    "last_used_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="The most recent date and time this device was used.",
                        null=True,
                    ),
                ),
                (
                    "key",
                    kuska.registry.fields.EncryptedTextField(
                        default=kuska.accounts.models.new_authenticator_key,
                        help_text="The authenticator's secret, hex-encoded; encrypted at rest.",
                        verbose_name="key",
                    ),
                ),
                (
                    "step",
                    models.PositiveSmallIntegerField(
                        default=30, verbose_name="time step in seconds"
                    ),
                ),
                (
                    "t0",
                    models.BigIntegerField(default=0, verbose_name="first time step (Unix time)"),
                ),
                ("digits", models.PositiveSmallIntegerField(default=6, verbose_name="digits")),
                (
                    "tolerance",
                    models.PositiveSmallIntegerField(
                        default=1,
                        help_text="How many time steps before and after the current one a code may be from.",
                        verbose_name="time steps of tolerance",
                    ),
                ),
                ("drift", models.SmallIntegerField(default=0, verbose_name="drift in time steps")),
                (
                    "last_t",
                    models.BigIntegerField(
                        default=-1,
                        help_text="A code is accepted once: the next must be of a later time step.",
                        verbose_name="last accepted time step",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        help_text="The user that this device belongs to.",
                        on_delete=django.db.models.deletion.CASCADE,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "authenticator",
                "verbose_name_plural": "authenticators",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("digits__in", (6, 8))),
                        name="authenticator_six_or_eight_digits",
                    )
                ],
            },
        ),
        migrations.RunPython(encrypt_totp_devices, migrations.RunPython.noop),
    ]
