"""Records made in a form and shown in a table, both from the record type's declaration
(:data:`kuska.registry.records.RECORD_TYPES`): the form has a field for each column, with its label, its choices
and whether it is required; the row is checked and stored by intake, as a submission of one row through the web;
a record is shown under its columns' labels.

The form checks nothing itself: every value goes to intake, so a value typed in the form is read exactly as the
same value in a file, and a value intake refuses comes back on its field, with intake's message. A record made in
a form gets an id from Kuska (``web-`` and 16 hexadecimal digits): a typed id could name, and so correct, another
person's record.

>>> # form = record_form(RECORD_TYPES["hotline_calls"], "es")(request.POST)
>>> # made = submit_row(RECORD_TYPES["hotline_calls"], form_values(form), agency, user, source="203.0.113.7")
>>> # made.problems or made.record_id
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import transaction
from django.utils import timezone

from kuska.access import record_import
from kuska.accounts.models import User
from kuska.intake.rows import new_record_id, submit_rows
from kuska.intake.submit import Rejection
from kuska.registry.choices import choices, stored_labels
from kuska.registry.models import Agency
from kuska.registry.records import FOREIGN_KEY_KINDS, Column, Kind, RecordType

# the column Kuska fills in itself
RECORD_ID = "record_id"
# a text cell's limit in intake (kuska.intake.validate.MAX_TEXT)
MAX_TEXT = 300

_INPUT_TYPES = {
    Kind.DATE: "date",
    Kind.DATETIME: "datetime-local",
    Kind.INTEGER: "number",
}


class _Several(forms.CharField):
    """Several values of a list, sent to intake as one cell separated by ``;``, as a file writes them."""

    widget = forms.SelectMultiple

    def to_python(self, value: Any) -> str:
        if isinstance(value, list | tuple):
            return ";".join(str(part) for part in value if part)
        return str(super().to_python(value) or "")


def _field(column: Column, language: str) -> forms.Field:
    attrs: dict[str, Any] = {"required": True, "aria-required": "true"} if column.required else {}
    options = choices(column, language)
    if options is not None and column.kind in (Kind.CODES, Kind.AGENCIES):
        return _Several(
            label=column.label_in(language),
            required=False,
            widget=forms.SelectMultiple(attrs=attrs, choices=options),
        )
    if options is not None:
        widget: forms.Widget = forms.Select(attrs=attrs, choices=[("", "—"), *options])
    else:
        input_type = _INPUT_TYPES.get(column.kind, "text")
        if input_type == "text":
            attrs["maxlength"] = column.max_length or MAX_TEXT
        if column.kind is Kind.DECIMAL:
            attrs["inputmode"] = "decimal"
        widget = forms.TextInput(attrs={**attrs, "type": input_type})
    return forms.CharField(
        label=column.label_in(language), required=False, strip=True, widget=widget
    )


def form_columns(record_type: RecordType) -> list[Column]:
    """The columns a form asks for: every column of the declaration but the record id."""
    return [column for column in record_type.columns if column.name != RECORD_ID]


def record_form(record_type: RecordType, language: str) -> type[forms.Form]:
    """A form class with a field for each column of the record type (named as the column), labelled in the
    language, with its choices where the column has a list, and marked required where the column is.

    A record type that holds identities (names, birth dates, document numbers) has no form: who may type them,
    and what a page may show back, is a question of its own.
    """
    if record_type.identity_columns:
        raise ValueError(f"{record_type.name} holds identities: it has no form")
    fields = {column.name: _field(column, language) for column in form_columns(record_type)}
    return type(f"{record_type.singular.title()}Form", (forms.Form,), fields)


def form_values(form: forms.Form) -> dict[str, str]:
    """The values the form was sent, by column, as a file would hold them. Every field takes any text (the
    checking is intake's), so the form is always valid here."""
    form.is_valid()
    return {name: str(form.cleaned_data.get(name) or "") for name in form.fields}


def initial_values(record_type: RecordType) -> dict[str, str]:
    """What a new form holds: the record's date (its date basis) is now, as a ``datetime-local`` or ``date``
    field writes it, in the site's time zone."""
    if not record_type.date:
        return {}
    kind = record_type.column(record_type.date).kind
    now = timezone.localtime()
    if kind is Kind.DATETIME:
        return {record_type.date: now.strftime("%Y-%m-%dT%H:%M")}
    if kind is Kind.DATE:
        return {record_type.date: now.date().isoformat()}
    return {}


@dataclass(frozen=True)
class FieldProblem:
    """A value intake refused: the column (a field of the form, when it is one), its label and the message."""

    column: str
    label: str
    message: str


@dataclass(frozen=True)
class Made:
    """What became of a row sent from a form: the record id it was stored under, or the problems (nothing
    stored)."""

    record_id: str
    problems: list[FieldProblem] = field(default_factory=list)


def submit_row(
    record_type: RecordType,
    values: dict[str, str],
    agency: Agency,
    user: User,
    *,
    source: str,
    language: str,
    record_id: str = "",
) -> Made:
    """Store one row of the record type for the agency, sent by the user from a form: through intake, as a
    one-row submission (channel ``web``, ``submitted_by`` the user, an ``intake.import`` event). A row intake
    refuses stores nothing, not even its batch: its problems come back, in the language. The record gets a new
    id of Kuska's unless ``record_id`` gives one (a row a device kept offline, see :mod:`kuska.web.offline`)."""
    record_id = record_id or new_record_id("web")
    row = {RECORD_ID: record_id, **{name: value for name, value in values.items() if value}}
    with transaction.atomic():
        sent = submit_rows({record_type.name: [row]}, agency.code, submitted_by=user)
        if sent.rejected:
            return Made(record_id, _problems(record_type, sent.rejected, language))
        record_import(user, sent.batch_ids, source=source)
    return Made(record_id)


def _problems(
    record_type: RecordType, rejected: Iterable[Rejection], language: str
) -> list[FieldProblem]:
    found: list[FieldProblem] = []
    for rejection in rejected:
        for problem in rejection.problems:
            column = record_type.field(problem.column) if problem.column else None
            label = column.label_in(language) if column is not None else problem.column
            name = column.name if column is not None else problem.column
            found.append(FieldProblem(name, label, problem.message(language)))
    return found


# -- showing records -------------------------------------------------------------------------------------------


def shown_columns(record_type: RecordType) -> list[Column]:
    """The columns a table of records shows: those stored on the record itself, identities left out."""
    return [
        column
        for column in form_columns(record_type)
        if not column.encrypted and column.name not in record_type.child_columns
    ]


def _text(value: object) -> str:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Table:
    """Records as a table shows them: the columns' labels, whether each column holds dates (kept on one line),
    and each record's values as text."""

    headings: list[str]
    dated: list[bool]
    rows: list[list[str]]


def table(record_type: RecordType, records: Iterable[Any], language: str) -> Table:
    """The records under their columns' labels, their values as shown: codes by their labels, regions by name,
    agencies by code, yes and no in words, moments in the site's time zone."""
    columns = shown_columns(record_type)
    labels = {column.name: stored_labels(column, language) for column in columns}
    rows: list[list[str]] = []
    for record in records:
        cells: list[str] = []
        for column in columns:
            attribute = column.stored_as + ("_id" if column.kind in FOREIGN_KEY_KINDS else "")
            value = getattr(record, attribute)
            cells.append(labels[column.name].get(value, _text(value)) if value is not None else "")
        rows.append(cells)
    return Table(
        [column.label_in(language) for column in columns],
        [column.kind in (Kind.DATE, Kind.DATETIME) for column in columns],
        rows,
    )
