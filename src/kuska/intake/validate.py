"""Checking one row: each cell read by its column's kind, then the rules that span cells (a date not before
another, offences known on the row's date, and the record type's own checks, see :mod:`kuska.registry.records`).

The result is either a :class:`CleanRow` ready to load, or the list of :class:`Problem` that explain why not.
References to other records are only syntax-checked here; :mod:`kuska.intake.load` resolves them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kuska.i18n import in_each_language
from kuska.intake.context import FULL_NAME, Context, DocumentFormat
from kuska.intake.messages import MESSAGES, Problem, problem
from kuska.intake.names import split_full_name
from kuska.intake.readers import EXTRA, FieldCount, RowProblems
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
from kuska.registry.records import Finding

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_TEXT = 300
MAX_RECORD_ID = 100
MAX_DECIMAL = Decimal("1e12")
MAX_INTEGER = 2_000_000_000
MAX_PLANS = 64  # distinct key orders remembered per sheet
# set among a person's values when its names were split from a full-name column; stored as ``names_inferred``
NAMES_INFERRED = "names_inferred"
NAME_PARTS = ("given_names", "paternal_surname", "maternal_surname")
# Control characters a cell may not hold (a tab or a line break inside a cell is kept); PostgreSQL refuses NUL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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
        self._full_name = {k for k, v in mapped.items() if v == FULL_NAME}
        if not all(record_type.field(part) for part in NAME_PARTS):
            self._full_name = set()
        self._full_name_header: dict[tuple[str, ...], str | None] = {}
        self._constants = [
            (column, value)
            for name, value in context.mapping.constants.items()
            if (column := record_type.field(name)) is not None
        ]
        self._plans: dict[tuple[str, ...], _Plan] = {}
        # (end, start): the end may not come before the start
        self._date_order = [(c.name, c.not_before) for c in record_type.columns if c.not_before]
        # (offences column, the date whose penal code they name)
        self._offences = [
            (c.name, c.dated_by) for c in record_type.columns if c.kind is Kind.OFFENCES
        ]
        self._checks = record_type.checks

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
        return [
            h
            for h in header
            if h and self.column(h) is None and header_key(h) not in self._full_name
        ]

    def missing_required(self, header: list[str]) -> list[Column]:
        present = {c.name for h in header if (c := self.column(h)) is not None}
        present |= {c.name for c, _ in self._constants}
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

    def _split_name(self, raw: dict[str, object]) -> tuple[dict[str, object], bool]:
        """The row with its full-name cell split into the name columns it lacks (see :mod:`.names`)."""
        keys = tuple(raw)
        header = self._full_name_header.get(keys, "")
        if header == "":
            header = next((k for k in keys if header_key(k) in self._full_name), None)
            if len(self._full_name_header) < MAX_PLANS:
                self._full_name_header[keys] = header
        value = raw.get(header) if header is not None else None
        if header is None or value is None or not str(value).strip():
            return raw, False
        parts = split_full_name(str(value), self.context.mapping.name_order)
        split = {k: v for k, v in raw.items() if k != header}
        present = {c.name for k in split if (c := self.column(k)) is not None}
        for name, part in zip(NAME_PARTS, parts, strict=True):
            if name not in present:
                split[name] = part
        return split, True

    def validate(
        self, number: int, raw: dict[str, object]
    ) -> tuple[CleanRow | None, list[Problem]]:
        inferred = False
        if self._full_name:
            raw, inferred = self._split_name(raw)
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
            if isinstance(extra, RowProblems):  # refused by its reader: nothing else is checked
                return None, list(extra.problems)
            if isinstance(extra, FieldCount):
                problems.append(
                    problem(
                        number, "", "", "field_count", fields=extra.found, header=extra.expected
                    )
                )
            else:
                problems.append(problem(number, "", "", "unreadable_row", reason=extra))
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
                if not value.isprintable() and CONTROL.search(value):  # isprintable: the fast path
                    problems.append(
                        self._problem(number, plan, column, value, "control_characters")
                    )
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
        for column, constant in self._constants:  # the mapping's value where the row has none
            if values.get(column.name) is None:
                try:
                    values[column.name] = self._readers[column.kind](column, constant)
                except CellError as error:
                    problems.append(
                        problem(number, column.name, constant, error.code, **error.params)
                    )
        if inferred:
            values[NAMES_INFERRED] = True
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

    def _code(self, column: Column, value: object) -> str | None:
        # a mapping may say a value means "not known" (code ""): the cell is then empty
        return self.context.codes[column.code_list].resolve(value) or None

    def _codes(self, column: Column, value: object) -> list[str] | None:
        lookup = self.context.codes[column.code_list]
        return sorted({code for part in _split(value) if (code := lookup.resolve(part))}) or None

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

        for end, start in self._date_order:
            if values.get(end) and values.get(start) and values[end] < values[start]:
                at(end, "end_before_start", values[end], start=values[start].isoformat())
        if values.get("document_number") and not values.get("document_type"):
            self._infer_document_type(values, typed="document_type" in headers)
        broken = self._document_format_broken(values)
        if broken is not None:
            problems.append(
                _document_problem(number, headers.get("document_number", "document_number"), broken)
            )
        for check in self._checks:
            for finding in check(values):
                if finding.message is None:
                    at(finding.column, finding.code, finding.value, **finding.params)
                else:
                    header = headers.get(finding.column, finding.column)
                    problems.append(_declared(number, header, finding, finding.message))
        for name, dated_by in self._offences:
            for article in values.get(name) or []:
                try:
                    self.context.offences.resolve(
                        article, values.get(dated_by) if dated_by else None
                    )
                except CellError:
                    at(name, "unknown_offence", article)
        return problems

    def _document_format_broken(self, values: dict[str, Any]) -> DocumentFormat | None:
        """The format of the row's document type that its number does not have (the profile's), if any."""
        number, kind = values.get("document_number"), values.get("document_type")
        if not number or not kind:
            return None
        found = self.context.document_formats.get(str(kind))
        return found if found is not None and not found.fits(str(number)) else None

    def _infer_document_type(self, values: dict[str, Any], *, typed: bool) -> None:
        """An export without a document-type column: the type from the number's shape (the profile's rules, or
        the mapping's). An empty cell of a type column the export does have stays an error (the record type's
        own check reports it)."""
        inferred = None if typed else self.context.documents.type_of(values["document_number"])
        if inferred is None:
            return
        try:
            values["document_type"] = self.context.codes["document_type"].resolve(inferred)
        except (CellError, KeyError):
            return


@dataclass(frozen=True)
class _Plan:
    """For rows with the same keys in the same order: the column and reader of each cell (``None`` to skip) and
    the header each column was read from."""

    cells: list[tuple[Column, Callable[[Column, object], Any]] | None]
    headers: dict[str, str]


def _document_problem(number: int, header: str, broken: DocumentFormat) -> Problem:
    """A document number that does not have its type's form: the rule broken, never the number (an identity)."""
    return Problem(
        number,
        header,
        "",
        "document_format",
        {
            lang: text.format(rule=broken.rule_in(lang))
            for lang, text in in_each_language(MESSAGES["document_format"]).items()
        },
    )


def _declared(number: int, header: str, finding: Finding, message: StrOrPromise) -> Problem:
    """The problem a record type's own check found, with the message it declares, in every offered language."""
    value = finding.value
    return Problem(
        number,
        header,
        "" if value is None else str(value),
        finding.code,
        {lang: text.format(**finding.params) for lang, text in in_each_language(message).items()},
    )


def _split(value: object) -> list[str]:
    text = str(value)
    for separator in ("|", "\n"):
        text = text.replace(separator, ";")
    return [part.strip() for part in text.split(";") if part.strip()]
