"""The records behind a figure: for an indicator, a period and one cell, the records the figure counts there.

A cell is a mapping of dimension to category (``{"agency": "POLICE", "sex": "female"}``; the total is ``{}``); a
dimension left out is summed over, as in the engine's margins. The records are found by the engine's own steps
(:func:`kuska.stats.engine.population`: scope, period, supplied?, filter) and its own category expressions
(:func:`kuska.stats.engine.dimension_expression`), so the list and the figure cannot disagree:

- a count of records counts the records behind it;
- a count of distinct victims (or suspects) counts the distinct persons of the records behind it;
- a sum adds the summed field of the records behind it (those that record it);
- ``unique_victims`` and ``agency_overlap`` count the persons of the latest linkage run, and the records behind
  them are those persons' victim records dated in the period.

A dimension the indicator may not be broken down by is refused (:class:`ValueError`), except ``region``, which
every figure can be restricted to (``kuska stats --region``).

>>> from kuska.stats.engine import StatsContext
>>> from kuska.stats.periods import Period
>>> context = StatsContext.load()  # doctest: +SKIP
>>> behind = records_behind(context.catalogue["victims_identified"], Period.calendar(2020),
...                         {"agency": "POLICE", "sex": "female"}, context=context)  # doctest: +SKIP
>>> behind.count(), behind.rows(behind.ids[:2])  # doctest: +SKIP
(640, [BehindRow(id=12, agency='POLICE-NORTH', ...), ...])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, QuerySet

from kuska.stats.catalogue import CountMethod, Indicator
from kuska.stats.durations import intervals
from kuska.stats.engine import (
    StatsContext,
    Status,
    dimension_expression,
    filterable,
    population,
)
from kuska.stats.linked import UNKNOWN, LinkedPerson, linked_persons
from kuska.stats.periods import Period
from kuska.stats.records import RECORD_TYPES, RecordType

Cell = Mapping[str, str]

# the dimensions every figure can be restricted to, whatever its breakdowns, taken as the figures' filters take them
# (an agency with the agencies below it)
SCOPES = ("agency", "region")


@dataclass(frozen=True)
class BehindRow:
    """One record behind a figure: its id, its agency's code and the agency's own record id, the person record
    it is about (``None`` for a record about no person: an operation, a budget) and its category in each of the
    indicator's breakdowns."""

    id: int
    agency: str
    source_record_id: str
    person: int | None
    categories: dict[str, str]


@dataclass
class Behind:
    """The records behind one cell of a figure.

    ``record`` is the record type counted (the person records for a figure of linkage); ``ids`` their ids in
    ascending order (a query, or a list for a figure of linkage); ``status`` the figure's (a figure *not
    reported* or *not available* has no records behind it); ``persons`` maps each record of a figure of linkage
    to its person, and ``linked`` holds those persons.
    """

    indicator: Indicator
    record: RecordType
    status: Status
    cell: dict[str, str]
    context: StatsContext = field(repr=False)
    ids: Sequence[int] | QuerySet[Any, int] = ()
    persons: dict[int, int] = field(default_factory=dict)
    days: dict[int, int] = field(default_factory=dict)  # a median of days: each record's interval
    linked: dict[int, LinkedPerson] = field(default_factory=dict, repr=False)

    def count(self) -> int:
        """How many records are behind the cell."""
        if isinstance(self.ids, QuerySet):
            return self.ids.count()
        return len(self.ids)

    def rows(self, ids: Sequence[int]) -> list[BehindRow]:
        """The records of ``ids`` (some of :attr:`ids`, a page of them) with their agency, their agency's
        record id, their person and their categories, in the order of ``ids``."""
        if not ids:
            return []
        if self.indicator.count is CountMethod.LINKAGE:
            return self._linked_rows(ids)
        record, context = self.record, self.context
        parent = record.agency.removesuffix("agency")  # a child row's agency is its parent record's
        expressions = {
            f"c_{i}": dimension_expression(d, self.indicator, record, context)
            for i, d in enumerate(self.indicator.breakdowns)
        }
        values: dict[str, Any] = {
            "agency_code": F(f"{record.agency}__code"),
            "source_id": F(f"{parent}{record.source_id}"),
        }
        if record.person:
            values["person_id"] = F(record.person)
        found = {
            row["pk"]: row
            for row in record.model._default_manager.filter(pk__in=list(ids))
            .annotate(**values, **expressions)
            .values("pk", *values, *expressions)
        }
        return [
            BehindRow(
                id=pk,
                agency=found[pk]["agency_code"],
                source_record_id=found[pk]["source_id"],
                person=found[pk].get("person_id"),
                categories={
                    d: found[pk][f"c_{i}"] for i, d in enumerate(self.indicator.breakdowns)
                },
            )
            for pk in ids
            if pk in found
        ]

    def _linked_rows(self, ids: Sequence[int]) -> list[BehindRow]:
        found = {
            row["pk"]: row
            for row in self.record.model._default_manager.filter(pk__in=list(ids)).values(
                "pk", "agency__code", "source_record_id"
            )
        }
        rows = []
        for pk in ids:
            if pk not in found:
                continue
            person = self.linked[self.persons[pk]]
            categories = {d: person.values.get(d, UNKNOWN) for d in self.indicator.breakdowns}
            rows.append(
                BehindRow(
                    pk, found[pk]["agency__code"], found[pk]["source_record_id"], pk, categories
                )
            )
        return rows


def check_cell(indicator: Indicator, cell: Cell) -> None:
    """Refuse (:class:`ValueError`) a cell that names a dimension the indicator's figures cannot be filtered by
    (:func:`kuska.stats.engine.filterable`: the agency, the region and its breakdowns)."""
    for dimension in cell:
        if dimension not in filterable(indicator):
            raise ValueError(f"indicator {indicator.id} cannot be broken down by {dimension!r}")


def records_behind(
    indicator: Indicator,
    period: Period,
    cell: Cell | None = None,
    *,
    context: StatsContext | None = None,
) -> Behind:
    """The records the indicator counts in the period in the cell (dimension → category; ``None``: the total)."""
    context = context or StatsContext.load()
    cell = dict(cell or {})
    check_cell(indicator, cell)
    if indicator.count is CountMethod.LINKAGE:
        return _linked_behind(indicator, period, cell, context)
    if indicator.count is CountMethod.MEDIAN_DAYS:
        return _intervals_behind(indicator, period, cell, context)
    record = RECORD_TYPES[indicator.record]
    behind = Behind(indicator, record, Status.REPORTED, dict(cell), context)
    # the agency and the region as the figures' filters take them: an agency with the agencies below it
    scope = {d: c for d, c in cell.items() if d in SCOPES}
    counted = population(indicator, period, scope, context=context)
    if counted.records is None:
        behind.status = Status.NOT_REPORTED
        return behind
    records = counted.records
    if indicator.count in (
        CountMethod.SUM,
        CountMethod.MEDIAN,
    ):  # a record without the value adds nothing
        for path in (indicator.field,) if indicator.field else indicator.interval:
            records = records.filter(**{f"{path.replace('.', '__')}__isnull": False})
    for i, (dimension, category) in enumerate(cell.items()):
        if dimension in SCOPES:
            continue
        name = f"_cell_{i}"
        expression = dimension_expression(dimension, indicator, record, context)
        records = records.alias(**{name: expression}).filter(**{name: category})
    behind.ids = records.order_by("pk").values_list("pk", flat=True).distinct()
    return behind


def _intervals_behind(
    indicator: Indicator, period: Period, cell: Cell, context: StatsContext
) -> Behind:
    """Behind a median of days: each counted victim's first record, with its interval (:attr:`Behind.days`)."""
    behind = Behind(indicator, RECORD_TYPES[indicator.record], Status.REPORTED, dict(cell), context)
    scope = {d: c for d, c in cell.items() if d in SCOPES}
    dims = [d for d in cell if d not in SCOPES]
    counted, found = intervals(indicator, period, dims, scope, context)
    if counted.records is None or not found:
        behind.status = Status.NOT_REPORTED
        return behind
    wanted = tuple(cell[d] for d in dims)
    behind.days = {i.record: i.days for i in found if i.categories == wanted}
    behind.ids = sorted(behind.days)
    return behind


def _linked_behind(
    indicator: Indicator, period: Period, cell: Cell, context: StatsContext
) -> Behind:
    record = RECORD_TYPES["person"]
    behind = Behind(indicator, record, Status.REPORTED, dict(cell), context)
    found = linked_persons(indicator, period, context)
    if found is None:
        behind.status = Status.NOT_AVAILABLE
        return behind
    if not found.dated:
        behind.status = Status.NOT_REPORTED
        return behind
    chosen = [
        person
        for person in found.persons
        if all(person.values.get(d, UNKNOWN) == category for d, category in cell.items())
    ]
    behind.linked = {person.id: person for person in chosen}
    behind.persons = {pk: person.id for person in chosen for pk in person.records}
    behind.ids = sorted(behind.persons)
    return behind
