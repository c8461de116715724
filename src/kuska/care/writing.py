"""Care's records written as every agency's are: through intake, one row at a time.

A referral, service or placement made in care is a harmonized record of the registry, sent by the case's agency
as a one-row submission (channel ``web``, ``submitted_by`` the user, an ``intake.import`` event), so intake checks
it exactly as a file's row and every figure counts it. A change (a referral answered, a service ended) sends the
same row again, under the same record id, with its new values: intake stores it as a correction of the record.

>>> # record = write(RECORD_TYPES["referrals"], {"person_id": "V-1", ...}, agency, user, source="cli:ana")
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.access import record_import
from kuska.accounts.models import User
from kuska.care.errors import CareError
from kuska.i18n import active_language
from kuska.intake.rows import new_record_id as make_record_id
from kuska.intake.rows import refusals, submit_rows
from kuska.registry.models import Agency, Record
from kuska.registry.records import RecordType

RECORD_ID = "record_id"


def new_record_id() -> str:
    """An id Kuska gives a record made in care (``care-`` and 16 hexadecimal digits): a typed id could name, and
    so correct, another record."""
    return make_record_id("care")


def row_of(record: Record, record_type: RecordType) -> dict[str, str]:
    """The row intake would need to store ``record`` again as it is: its columns' values as a file writes them
    (references by the referenced record's own id). For the record types care writes, which hold no identity."""
    row: dict[str, str] = {RECORD_ID: record.source_record_id}
    for column in record_type.columns:
        if column.name == RECORD_ID or column.encrypted:
            continue
        value: Any = getattr(record, column.stored_as, None)
        if value is None or value == "":
            continue
        if isinstance(value, Record):
            row[column.name] = value.source_record_id
        elif isinstance(value, Agency):
            row[column.name] = value.code
        elif isinstance(value, bool):
            row[column.name] = "true" if value else "false"
        elif hasattr(value, "isoformat"):
            row[column.name] = value.isoformat()
        elif hasattr(value, "code"):
            row[column.name] = str(value.code)
        else:
            row[column.name] = str(value)
    return row


def write(
    record_type: RecordType, row: dict[str, str], agency: Agency, user: User | None, *, source: str
) -> Record:
    """Store one row of ``record_type`` for ``agency`` through intake and return the record it became. The row
    carries its ``record_id`` (:func:`new_record_id` for a new record, the record's own to change it). A row
    intake refuses stores nothing and raises :class:`CareError` with intake's messages."""
    with transaction.atomic():
        sent = submit_rows({record_type.name: [row]}, agency.code, submitted_by=user)
        if sent.rejected:
            raise CareError(
                format_lazy(
                    _("intake refused the record: {problems}"),
                    problems=refusals(sent.rejected, active_language()),
                )
            )
        record_import(user, sent.batch_ids, source=source)
    model = record_type.model_class()
    found: Record = model._default_manager.get(agency=agency, source_record_id=row[RECORD_ID])
    return found
