"""Reading the person records to link from the registry, identity fields decrypted in memory only.

One query, read in chunks through the database cursor (no model instances: a million records would cost more to
build than to link); identity fields are decrypted with the registry's cipher, column by column. Nothing read here
is logged or written anywhere: the values go straight into :class:`~kuska.linkage.frame.SourceColumns`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import connection, models

from kuska.linkage.frame import SourceColumns
from kuska.registry.crypto import default_cipher
from kuska.registry.fields import EncryptedTextField
from kuska.registry.models import Agency, PersonRecord

CHUNK = 50_000
ENCRYPTED = ("given_names", "paternal_surname", "maternal_surname", "birth_date", "document_number")
PLAIN = (
    "role",
    "event_date",
    "age_at_event",
    "sex",
    "nationality",
    "document_type",
    "document_hash",
)

Progress = Callable[[int], None]


def _date(value: object) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _column(name: str) -> str:
    field = PersonRecord._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.column)


def count_person_records() -> int:
    return PersonRecord.objects.count()


def read_person_records(progress: Progress | None = None, chunk: int = CHUNK) -> SourceColumns:
    """Every person record of every agency, in record id order."""
    quote = connection.ops.quote_name
    meta = PersonRecord._meta
    columns = [f"p.{quote(_column(name))}" for name in (*ENCRYPTED, *PLAIN)]
    sql = (
        f"SELECT p.{quote('id')}, a.{quote('code')}, {', '.join(columns)} "  # noqa: S608 - names from the model
        f"FROM {quote(meta.db_table)} p JOIN {quote(Agency._meta.db_table)} a "
        f"ON a.{quote('id')} = p.{quote(_column('agency'))} ORDER BY p.{quote('id')}"
    )
    cipher = default_cipher()
    openers = []
    for name in ENCRYPTED:
        field = meta.get_field(name)
        assert isinstance(field, EncryptedTextField)
        openers.append(cipher.opener(field.context()))
    out = SourceColumns()
    given_of, paternal_of, maternal_of, birth_of, number_of = openers
    fromiso = datetime.date.fromisoformat
    with connection.cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(chunk):
            for row in rows:
                (pk, agency, given, paternal, maternal, birth, number, role, event, age, sex,
                 nationality, kind, hashed) = row  # fmt: skip
                out.id.append(pk)
                out.agency.append(agency)
                out.given_names.append(given_of(given) if given else "")
                out.paternal_surname.append(paternal_of(paternal) if paternal else "")
                out.maternal_surname.append(maternal_of(maternal) if maternal else "")
                out.birth_date.append(fromiso(birth_of(birth)) if birth else None)
                # the number is compared only with numbers one or two keystrokes away (in memory)
                out.document_number.append(number_of(number) if number and hashed else "")
                out.role.append(role)
                out.event_date.append(_date(event))
                out.age_at_event.append(age)
                out.sex.append(sex or "")
                out.nationality.append(nationality or "")
                out.document_type.append(kind or "")
                out.document_hash.append(hashed or "")
            if progress is not None:
                progress(len(rows))
    return out
