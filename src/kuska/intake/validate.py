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
MAX_PLANS = 64  # distinct key orders remembered per sheet

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
    # canonical column -> header as written; one dict shared by the rows of a sheet
    headers: dict[str, str] = field(default_factory=dict)
    # set by kuska.intake.load.prepare: the content's fingerprint and the record's column values, identities
    # encrypted (see kuska.intake.load.Layout)
    fingerprint: str = ""
    cells: list[Any] | None = None


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
        self._plans: dict[tuple[str, ...], _Plan] = {}
        self._date_order = [
            (end, start) for name, end, start in DATE_ORDER if name == record_type.name
        ]

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

    def _plan(self, keys: tuple[str, ...]) -> _Plan:
        """How to read a row with these keys, in this order: the same for every row of a sheet."""
        cells: list[tuple[Column, Callable[[Column, object], Any]] | None] = []
        headers: dict[str, str] = {}
        for header in keys:
            column = None if header == EXTRA else self.column(header)
            if column is None or column.name in headers:  # unknown, or a second header for a column
                cells.append(None)
                continue
            headers[column.name] = header
            cells.append((column, self._cell_readers[header]))
        return _Plan(cells, headers)

    def validate(
        self, number: int, raw: dict[str, object]
    ) -> tuple[CleanRow | None, list[Problem]]:
        keys = tuple(raw)
        plan = self._plans.get(keys)
        if plan is None:
            plan = self._plan(keys)
            if (
                len(self._plans) < MAX_PLANS
            ):  # JSON rows may each name other keys: memory stays bounded
                self._plans[keys] = plan
        problems: list[Problem] = []
        values: dict[str, Any] = {}
        if EXTRA in raw:
            extra = raw[EXTRA]
            if isinstance(extra, str):
                problems.append(problem(number, "", "", "unreadable_row", reason=extra))
            else:
                problems.append(problem(number, "", "", "extra_values"))
        for cell, value in zip(plan.cells, raw.values(), strict=True):
            if cell is None:
                continue
            column, read = cell
            if value.__class__ is str:
                value = value.strip()  # type: ignore[attr-defined]
                if not value:
                    values[column.name] = None
                    continue
                if "\ufffd" in value:
                    problems.append(self._problem(number, plan, column, value, "bad_characters"))
                    values[column.name] = None
                    continue
            elif value is None:
                values[column.name] = None
                continue
            try:
                values[column.name] = read(column, value)
            except CellError as error:
                problems.append(
                    self._problem(number, plan, column, value, error.code, error.params)
                )
                values[column.name] = None
        headers = plan.headers
        for column in self._required:
            if values.get(column.name) is None:
                header = headers.get(column.name)
                if header is None:
                    problems.append(problem(number, column.name, "", "required"))
                elif not any(p.column == header for p in problems):  # not already explained
                    problems.append(problem(number, header, "", "required"))
        if not problems:
            problems.extend(self._row_rules(number, values, headers))
        if problems:
            return None, problems
        return CleanRow(number, str(values["record_id"]), values, raw, headers), []

    @staticmethod
    def _problem(
        number: int,
        plan: _Plan,
        column: Column,
        value: object,
        code: str,
        params: dict[str, object] | None = None,
    ) -> Problem:
        shown = "" if column.kind is Kind.IDENTITY else value  # identities are never repeated
        return problem(number, plan.headers[column.name], shown, code, **(params or {}))

    def _text(self, column: Column, value: object) -> str:
        if value.__class__ is str:
            text: str = value  # type: ignore[assignment]
        else:
            text = (
                str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
            )
        if len(text) > (
            column.max_length or MAX_RECORD_ID
        ):  # the shorter limit: most cells stop here
            limit = column.max_length or (
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
        for end, start in self._date_order:
            if values.get(end) and values.get(start) and values[end] < values[start]:
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


@dataclass(frozen=True)
class _Plan:
    """For rows with the same keys in the same order: the column and reader of each cell (``None`` to skip) and
    the header each column was read from."""

    cells: list[tuple[Column, Callable[[Column, object], Any]] | None]
    headers: dict[str, str]


def _split(value: object) -> list[str]:
    text = str(value)
    for separator in ("|", "\n"):
        text = text.replace(separator, ";")
    return [part.strip() for part in text.split(";") if part.strip()]
