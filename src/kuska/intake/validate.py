"""Checking one row: each cell read by its column's kind, then the rules that span cells.

The result is either a :class:`CleanRow` ready to load, or the list of :class:`Problem` that explain why not.
References to other records are only syntax-checked here; :mod:`kuska.intake.load` resolves them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kuska.intake.context import Context
from kuska.intake.messages import Problem, problem
from kuska.intake.readers import EXTRA
from kuska.intake.schema import Column, Kind, RecordType, header_key
from kuska.intake.values import (
    EARLIEST,
    CellError,
    parse_boolean,
    parse_date,
    parse_datetime,
    parse_decimal,
    parse_integer,
)
from kuska.registry.models.cases import MAX_AGE, age_on

MAX_TEXT = 300
MAX_RECORD_ID = 100
MAX_DECIMAL = Decimal("1e12")
MAX_INTEGER = 2_000_000_000

# (record type, end column, start column): the end may not come before the start.
DATE_ORDER = [
    ("cases", "closed_on", "opened_on"),
    ("services", "ended_on", "started_on"),
    ("placements", "left_on", "admitted_on"),
    ("referrals", "decided_on", "requested_on"),
    ("trainings", "ended_on", "started_on"),
    ("campaigns", "ended_on", "started_on"),
]


@dataclass
class CleanRow:
    """A valid row: its number, the agency's record id, and clean values by canonical column name."""

    row: int
    record_id: str
    values: dict[str, Any]
    raw: dict[str, object]
    headers: dict[str, str] = field(default_factory=dict)  # canonical column -> header as written
    # set by kuska.intake.load.prepare: the content's fingerprint, values computed from identities before they
    # were encrypted, and whether they are encrypted
    fingerprint: str = ""
    derived: dict[str, Any] = field(default_factory=dict)
    sealed: bool = False


class RowValidator:
    """Validates the rows of one record type for one submission."""

    def __init__(self, record_type: RecordType, context: Context) -> None:
        self.record_type = record_type
        self.context = context
        self._columns: dict[str, Column | None] = {}
        self._cell_readers: dict[str, Callable[[Column, object], Any]] = {}
        self._readers: dict[Kind, Callable[[Column, object], Any]] = {
            Kind.TEXT: self._text,
            Kind.IDENTITY: self._text,
            Kind.REFERENCE: self._reference,
            Kind.DATE: self._date,
            Kind.DATETIME: self._datetime,
            Kind.INTEGER: self._integer,
            Kind.DECIMAL: self._decimal,
            Kind.BOOLEAN: lambda column, value: parse_boolean(value),
            Kind.CODE: self._code,
            Kind.CODES: self._codes,
            Kind.REGION: lambda column, value: context.regions.resolve(value),
            Kind.AGENCY: lambda column, value: context.agency_id(value),
            Kind.AGENCIES: self._agencies,
            Kind.OFFENCES: lambda column, value: _split(value),
        }
        self._required = [c for c in record_type.columns if c.required]
        mapped = {header_key(k): v for k, v in context.mapping.columns.items()}
        self._mapped = {k: record_type.field(v) for k, v in mapped.items()}

    def column(self, header: str) -> Column | None:
        """The column a header stands for (mapping first, then names, aliases and HTCDS names)."""
        if header not in self._columns:
            key = header_key(header)
            column = self._mapped.get(key) or self.record_type.field(header)
            self._columns[header] = column
            if column is not None:
                self._cell_readers[header] = self._readers[column.kind]
        return self._columns[header]

    def unknown_headers(self, header: list[str]) -> list[str]:
        return [h for h in header if h and self.column(h) is None]

    def missing_required(self, header: list[str]) -> list[Column]:
        present = {c.name for h in header if (c := self.column(h)) is not None}
        return [c for c in self.record_type.columns if c.required and c.name not in present]

    def validate(
        self, number: int, raw: dict[str, object]
    ) -> tuple[CleanRow | None, list[Problem]]:
        problems: list[Problem] = []
        values: dict[str, Any] = {}
        headers: dict[str, str] = {}
        if EXTRA in raw:
            extra = raw[EXTRA]
            if isinstance(extra, str):
                problems.append(problem(number, "", "", "unreadable_row", reason=extra))
            else:
                problems.append(problem(number, "", "", "extra_values"))
        for header, value in raw.items():
            if header == EXTRA:
                continue
            column = self.column(header)
            if column is None or column.name in values:
                continue
            headers[column.name] = header
            if value is None or (value.__class__ is str and not value.strip()):  # type: ignore[attr-defined]
                values[column.name] = None
                continue
            try:
                if value.__class__ is str:
                    if "\ufffd" in value:  # type: ignore[operator]
                        raise CellError("bad_characters")
                    value = value.strip()  # type: ignore[attr-defined]
                values[column.name] = self._cell_readers[header](column, value)
            except CellError as error:
                shown = "" if column.kind is Kind.IDENTITY else value
                problems.append(problem(number, header, shown, error.code, **error.params))
                values[column.name] = None
        for column in self._required:
            if (
                column.required
                and values.get(column.name) is None
                and not self._failed(problems, headers, column)
            ):
                problems.append(
                    problem(number, headers.get(column.name, column.name), "", "required")
                )
        if not problems:
            problems.extend(self._row_rules(number, values, headers))
        if problems:
            return None, problems
        record_id = str(values["record_id"])
        return CleanRow(number, record_id, values, raw, headers), []

    @staticmethod
    def _failed(problems: list[Problem], headers: dict[str, str], column: Column) -> bool:
        header = headers.get(column.name)
        return header is not None and any(p.column == header for p in problems)

    def _text(self, column: Column, value: object) -> str:
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        limit = (
            MAX_RECORD_ID
            if column.name == "record_id" or column.kind is Kind.REFERENCE
            else MAX_TEXT
        )
        if len(text) > limit:
            raise CellError("too_long", limit=limit)
        return text if column.kind is not Kind.IDENTITY else " ".join(text.split())

    def _reference(self, column: Column, value: object) -> str | list[str]:
        if column.many:
            return sorted({self._text(column, part) for part in _split(value)})
        return self._text(column, value)

    def _datetime(self, column: Column, value: object) -> datetime.datetime:
        moment = parse_datetime(value, self.context.tz)
        self._check_date_range(moment.date())
        return moment

    def _integer(self, column: Column, value: object) -> int:
        number = parse_integer(value)
        if column.minimum is not None and number < column.minimum:
            raise CellError("below_minimum", minimum=column.minimum)
        if column.maximum is not None and number > column.maximum:
            raise CellError("above_maximum", maximum=column.maximum)
        if number > MAX_INTEGER:
            raise CellError("above_maximum", maximum=MAX_INTEGER)
        return number

    def _decimal(self, column: Column, value: object) -> Decimal:
        amount = parse_decimal(value)
        if amount < 0:
            raise CellError("below_minimum", minimum=0)
        if amount >= MAX_DECIMAL:
            raise CellError("above_maximum", maximum=MAX_DECIMAL)
        return amount.quantize(Decimal("0.01"))

    def _code(self, column: Column, value: object) -> str:
        return self.context.codes[column.code_list].resolve(value)

    def _codes(self, column: Column, value: object) -> list[str]:
        lookup = self.context.codes[column.code_list]
        return sorted({lookup.resolve(part) for part in _split(value)})

    def _agencies(self, column: Column, value: object) -> list[int]:
        return sorted({self.context.agency_id(part) for part in _split(value)})

    def _date(self, column: Column, value: object) -> datetime.date:
        day = parse_date(value, self.context.mapping.date_formats)
        self._check_date_range(day)
        return day

    def _check_date_range(self, day: datetime.date) -> None:
        if day > self.context.today:
            raise CellError("future_date")
        if day < EARLIEST:
            raise CellError("too_old_date")

    def _row_rules(
        self, number: int, values: dict[str, Any], headers: dict[str, str]
    ) -> list[Problem]:
        problems: list[Problem] = []

        def at(column: str, code: str, value: object = "", **params: object) -> None:
            problems.append(problem(number, headers.get(column, column), value, code, **params))

        name = self.record_type.name
        for record_type, end, start in DATE_ORDER:
            if (
                name == record_type
                and values.get(end)
                and values.get(start)
                and values[end] < values[start]
            ):
                at(end, "end_before_start", values[end], start=values[start].isoformat())
        if name == "persons":
            self._person_rules(values, at)
        if name == "proceedings":
            for article in values.get("offences") or []:
                try:
                    self.context.offences.resolve(article, values.get("occurred_on"))
                except CellError:
                    at("offences", "unknown_offence", article)
        return problems

    @staticmethod
    def _person_rules(values: dict[str, Any], at: Any) -> None:
        birth, event, age = values.get("birth_date"), values.get("event_date"), values.get("age")
        if values.get("document_number") and not values.get("document_type"):
            at("document_number", "document_without_type")
        if birth and event:
            if birth > event:
                at("birth_date", "birth_after_event", birth, date=event.isoformat())
                return
            computed = age_on(birth, event)
            if computed > MAX_AGE:
                at("birth_date", "age_out_of_range", birth, age=computed)
            elif age is not None and abs(age - computed) > 1:
                at("age", "age_contradicts_birth_date", age, age=computed)


def _split(value: object) -> list[str]:
    text = str(value)
    for separator in ("|", "\n"):
        text = text.replace(separator, ";")
    return [part.strip() for part in text.split(";") if part.strip()]
