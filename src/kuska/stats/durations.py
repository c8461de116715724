"""Medians of days between two records of a victim: ``count = "median days"`` in the catalogue.

``median_days_to_first_service`` is the median, over the victims with a service begun in the period, of the days
from the victim's identification (their earliest record of the ``since`` type) to their first service (their
earliest record of the indicator's type in the period). The steps are the engine's, then these:

1. *population* — the engine's steps 1 to 4 (:func:`kuska.stats.engine.population`): scope, period, supplied?,
   filters; *not reported* when no source agency sent such a record for the period;
2. *first record* — each victim record's earliest date among those records, with its categories;
3. *persons* — a victim is the person of the latest linkage run (all their agencies' records: the police's
   identification and the victim-care unit's service are one person's), or the person record alone where no run
   holds it;
4. *interval* — the days from the person's earliest ``since`` record to their first record; a person with no
   ``since`` record, or whose first record is before it, has no interval and is not counted;
5. *median* — of the intervals in every cell and margin, in Python over the numbers the database gave, so SQLite
   and PostgreSQL give the same answer (an even number of victims: the mean of the two middle intervals).

A cell with no victim has no median (``None``), never 0; a figure with no interval at all is *not reported*.

>>> median([3, 1, 2])
2
>>> median([1, 2, 3, 4])
Decimal('2.5')
"""

from __future__ import annotations

import datetime
import itertools
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import F, Min
from django.db.models.functions import Coalesce

from kuska.linkage.models import ClusterAssignment, LinkageRun
from kuska.registry import records as declared
from kuska.stats.catalogue import Indicator
from kuska.stats.engine import (
    CellKey,
    IndicatorResult,
    Number,
    Population,
    StatsContext,
    Status,
    _category_order,
    _sorted_categories,
    dimension_expression,
    population,
)
from kuska.stats.periods import Period
from kuska.stats.records import RECORD_TYPES

_CHUNK = 5_000  # ids per IN (...): well below every backend's limit on query parameters

PersonKey = tuple[
    str, int
]  # ("person", id of the linkage run's person) or ("record", person record id)


def median(values: Sequence[int]) -> Number:
    """The median of whole numbers: a whole number, or a decimal ending in .5 (the mean of the two middle)."""
    middle = statistics.median(values)
    return int(middle) if float(middle).is_integer() else Decimal(str(middle))


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _date_field(record_name: str) -> str:
    """The declared date of a registry record type (an identification's ``identified_on``)."""
    for record_type in declared.RECORD_TYPES.values():
        if record_type.singular == record_name and record_type.date:
            return record_type.column(record_type.date).stored_as
    raise ValueError(f"{record_name} records have no date")


def _persons(record_ids: Iterable[int]) -> dict[int, PersonKey]:
    """Each person record's person: the latest linkage run's, else the record itself."""
    run = LinkageRun.latest()
    found: dict[int, PersonKey] = {}
    if run is not None:
        for chunk in _chunks(record_ids):
            rows = ClusterAssignment.objects.filter(run=run, record_id__in=chunk).values_list(
                "record_id", "person_id"
            )
            found.update((record_id, ("person", person)) for record_id, person in rows)
    return {pk: found.get(pk, ("record", pk)) for pk in record_ids}


def _records_of(persons: Iterable[PersonKey]) -> dict[int, PersonKey]:
    """Every person record of these persons (all the linkage run's records of a person)."""
    out: dict[int, PersonKey] = {}
    linked = [pk for kind, pk in persons if kind == "person"]
    run = LinkageRun.latest()
    if run is not None and linked:
        for chunk in _chunks(linked):
            rows = ClusterAssignment.objects.filter(run=run, person_id__in=chunk).values_list(
                "record_id", "person_id"
            )
            out.update((record_id, ("person", person)) for record_id, person in rows)
    out.update((pk, ("record", pk)) for kind, pk in persons if kind == "record")
    return out


def _starts(since: str, records: Mapping[int, PersonKey]) -> dict[PersonKey, datetime.date]:
    """Each person's earliest record of the ``since`` type, over all their person records."""
    kind = RECORD_TYPES[since]
    date = _date_field(since)
    starts: dict[PersonKey, datetime.date] = {}
    for chunk in _chunks(records):
        rows = (
            kind.model._default_manager.filter(**{f"{kind.person}__in": chunk})
            .order_by()
            .values(kind.person)
            .annotate(first=Min(date))
            .values_list(kind.person, "first")
        )
        for record_id, first in rows:
            person = records[record_id]
            if first is not None and (person not in starts or first < starts[person]):
                starts[person] = first
    return starts


@dataclass(frozen=True)
class Interval:
    """One victim's interval: the record that ends it (their first record in the period), its days, and the
    record's category in each dimension asked for."""

    record: int
    days: int
    categories: tuple[str, ...]


def intervals(
    indicator: Indicator,
    period: Period,
    dims: Sequence[str],
    filters: Mapping[str, str],
    context: StatsContext,
) -> tuple[Population, list[Interval]]:
    """Steps 1 to 4 of the module: the population (``records`` is ``None`` when not reported) and one interval
    per victim counted, with its categories in ``dims``."""
    record = RECORD_TYPES[indicator.record]
    counted = population(indicator, period, filters, context=context)
    if counted.records is None:
        return counted, []

    # 2: each victim record's first record in the period, with its categories
    end: Any = F(indicator.date[0].replace(".", "__"))
    if len(indicator.date) > 1:
        end = Coalesce(
            *(F(d.replace(".", "__")) for d in indicator.date), output_field=models.DateField()
        )
    names = [f"d{i}" for i in range(len(dims))]
    rows = (
        counted.records.annotate(
            _end=end,
            **{
                name: dimension_expression(d, indicator, record, context)
                for name, d in zip(names, dims, strict=True)
            },
        )
        .order_by()
        .values_list(record.person, "_end", "pk", *names)
    )
    first: dict[int, tuple[datetime.date, int, tuple[str, ...]]] = {}
    for victim, day, pk, *categories in rows:
        if day is not None and (victim not in first or (day, pk) < first[victim][:2]):
            first[victim] = (day, pk, tuple(categories))

    # 3: persons, and 4: their intervals
    person_of = _persons(first)
    by_person: dict[PersonKey, tuple[datetime.date, int, tuple[str, ...]]] = {}
    for victim, found in first.items():
        person = person_of[victim]
        if person not in by_person or found[:2] < by_person[person][:2]:
            by_person[person] = found
    starts = _starts(indicator.since, _records_of(by_person))
    found_intervals = []
    for person, (day, pk, categories) in by_person.items():
        start = starts.get(person)
        if start is not None and start <= day:
            found_intervals.append(Interval(pk, (day - start).days, categories))
    return counted, found_intervals


def compute_median(
    result: IndicatorResult, filters: Mapping[str, str], context: StatsContext
) -> IndicatorResult:
    """Fill ``result`` (the engine's, with its dimensions) with the medians of its indicator: see the module."""
    dims = result.dimensions
    counted, found_intervals = intervals(result.indicator, result.period, dims, filters, context)
    result.not_reported_by = counted.not_reported_by
    if counted.records is None or not found_intervals:
        # no interval at all: no agency supplied both ends of one, so there is no median to give, not 0
        result.status = Status.NOT_REPORTED
        return result
    indicator = result.indicator

    # 5: the median of every cell and margin
    found: dict[str, set[str]] = {d: set() for d in dims}
    for size in range(len(dims) + 1):
        for subset in itertools.combinations(range(len(dims)), size):
            groups: dict[CellKey, list[int]] = {}
            for interval in found_intervals:
                key = tuple(
                    interval.categories[i] if i in subset else None for i in range(len(dims))
                )
                groups.setdefault(key, []).append(interval.days)
            for key, values in groups.items():
                result.cells[key] = median(values)
                for i in subset:
                    found[dims[i]].add(str(key[i]))
    for dimension in dims:
        result.categories[dimension] = _sorted_categories(
            found[dimension], _category_order(dimension, context, indicator)
        )
    result.note = f"median over {len(found_intervals)} victims"
    return result
