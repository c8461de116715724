"""Every problem intake can report, for a data officer to act on, in every offered language (English msgids,
translated by the catalogues).

A message never contains the cell's value (it may be a name or a document number): the value is shown beside it,
from the rejected row, only to those allowed to see the row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from kuska.i18n import in_each_language

# Control characters are never repeated in a problem (PostgreSQL refuses NUL in JSON): each shows as U+FFFD.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

MESSAGES: dict[str, StrPromise] = {
    "required": _("A required value is missing."),
    "not_in_code_list": _(
        "The value is not in the code list '{list}' (use the code or the Spanish or English label)."
    ),
    "bad_date": _("Not a valid date (use dd/mm/yyyy or yyyy-mm-dd)."),
    "bad_datetime": _("Not a valid date and time (use dd/mm/yyyy hh:mm or yyyy-mm-ddThh:mm)."),
    "two_digit_year": _("The year must have four digits."),
    "future_date": _("The date is in the future."),
    "too_old_date": _("The date is before 1900."),
    "birth_after_event": _(
        "The birth date is after the date of the event or identification ({date})."
    ),
    "before_birth": _("The date is before the person's recorded birth date."),
    "age_out_of_range": _("The age must be between 0 and 120 years (it comes to {age})."),
    "age_contradicts_birth_date": _(
        "The age does not match the birth date (which gives {age} years)."
    ),
    "bad_integer": _("Not a whole number."),
    "below_minimum": _("The number is below {minimum}."),
    "above_maximum": _("The number is above {maximum}."),
    "bad_decimal": _("Not a valid amount."),
    "bad_boolean": _("Use yes or no."),
    "unknown_region": _(
        "Not a known region (use the region's ISO 3166-2 code, its department code or its name)."
    ),
    "ambiguous_region": _(
        "This name or department code is shared by several regions: use the region's ISO 3166-2 code."
    ),
    "unknown_agency": _("Not a known agency code."),
    "unknown_reference": _(
        "No '{target}' record with that id exists for this agency, in this submission or before."
    ),
    "reference_role": _("The person record referred to does not have the role '{role}'."),
    "duplicate_record_id": _(
        "The record id appears more than once in this submission; its first occurrence was kept."
    ),
    "unknown_offence": _("The article is not in the offence catalogue."),
    "field_count": _("The row has {fields} fields; the header has {header}."),
    "document_without_type": _("There is a document number but no document type."),
    "document_format": _("The document number does not have the form its type requires: {rule}."),
    "end_before_start": _("The date is before the start date ({start})."),
    "too_long": _("The text is longer than {limit} characters."),
    "bad_characters": _("The cell has unreadable characters (check the file's encoding)."),
    "control_characters": _(
        "The cell holds control characters (such as NUL) that cannot be stored."
    ),
    "unreadable_row": _("The row could not be read ({reason})."),
    "wrong_record_type": _("The row is of another record type than the file."),
    "not_a_victim_role": _("Only a victim can be identified, referred or served."),
}


@dataclass(frozen=True)
class Problem:
    """Why a cell or a row was refused: row number, column as written in the file, the value, and the message in
    every offered language (``{"es": ..., "en": ...}``)."""

    row: int
    column: str
    value: str
    code: str
    messages: Mapping[str, str]

    def message(self, lang: str) -> str:
        """The message in a language; one not offered gets the default language's."""
        return self.messages.get(lang) or self.messages[settings.LANGUAGE_CODE]

    @property
    def message_es(self) -> str:
        return self.message("es")

    @property
    def message_en(self) -> str:
        return self.message("en")

    def as_dict(self, *, with_value: bool = True) -> dict[str, object]:
        """The problem as stored with a rejected row: one ``message_<code>`` per offered language."""
        data: dict[str, object] = {"row": self.row, "column": self.column, "code": self.code}
        data.update({f"message_{lang}": text for lang, text in self.messages.items()})
        if with_value:
            data["value"] = self.value
        return data


def problem(row: int, column: str, value: object, code: str, **params: object) -> Problem:
    """A :class:`Problem` with its messages filled in, in every offered language."""
    return Problem(
        row=row,
        column=_CONTROL.sub("\ufffd", column),
        value="" if value is None else _CONTROL.sub("\ufffd", str(value)),
        code=code,
        messages={
            lang: text.format(**params) for lang, text in in_each_language(MESSAGES[code]).items()
        },
    )
