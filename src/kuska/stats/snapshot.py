"""The figures of the dashboard from a snapshot in memory: the engine's answers without a query per figure.

The dashboard asks for every indicator of the catalogue under filters that change at every click; the engine
(:mod:`kuska.stats.engine`) answers each with a few queries over every record, which on a million victims takes
seconds. A :class:`Snapshot` reads each indicator's records once per *data version*
(:func:`kuska.stats.cache.data_version`), through the engine's own steps and expressions, and keeps them as columns
of numbers: the date, the submitting agency, the category of every dimension the indicator can be broken down or
filtered by, and what it measures. A figure is then counted from those columns:

1. *scope* — the records of the indicator's source agencies (all of them, each with the agencies below it), less the
   excluded agencies, as the engine's step 1 gives them, read once;
2. *period* — the records dated in the period (the columns are sorted by date: a slice);
3. *supplied?* — from the dates and agencies of the records that speak to the figure (``reported_when``), read
   once beside them: *not reported* when no source agency (within the agency filter) sent one in the period;
4. *population* — the indicator's own filter was applied when reading; the filters asked for are a comparison of
   one column each (an agency filter, of the agency column with the agencies below it);
5. *measure* — records counted (each once where the indicator's filter crosses a to-many relation), a field summed,
   or victims or suspects counted once each, for every subset of the breakdowns, then finished by the engine
   (:func:`kuska.stats.engine._finish`: the categories in order, the zeros, the cents).

The answer is the engine's, figure for figure (``tests/test_stats_snapshot.py`` compares both over every
indicator, breakdown and filter of the test data). A median of days follows the engine's steps
(:mod:`kuska.stats.durations`) over the columns, and the persons of record linkage are counted from columns of
their own (:mod:`kuska.stats.snapshot_linked`). The median of a field and source agencies one of which is below
another are left to the engine: :meth:`Snapshot.compute` gives ``None`` for them.

A process keeps one snapshot, of the latest data version it has seen (:func:`current`), once :func:`keep_current`
has been called (``kuska serve`` does): when the data change, it is read again in a thread beside the requests,
which meanwhile get the engine's answers, never the old figures.
"""

from __future__ import annotations

import datetime
import itertools
import logging
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import connection, models
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce, TruncDate

from kuska.stats.cache import data_version
from kuska.stats.catalogue import CountMethod, Indicator
from kuska.stats.durations import _persons, _records_of, _starts, median
from kuska.stats.engine import (
    OTHER,
    IndicatorResult,
    Number,
    StatsContext,
    Status,
    _category_order,
    _filtered,
    _finish,
    _orm,
    _resolve,
    _scope,
    _sorted_categories,
    _supplied_q,
    _targets,
    begin,
    dimension_expression,
    filterable,
)
from kuska.stats.linked import OVERLAP, UNIQUE
from kuska.stats.periods import Period
from kuska.stats.records import RECORD_TYPES, RecordType
from kuska.stats.snapshot_linked import LinkedFrame, compute_linked, read_linked

log = logging.getLogger(__name__)

# What the snapshot counts; the rest is the engine's.
COUNTED = (
    CountMethod.RECORDS,
    CountMethod.SUM,
    CountMethod.DISTINCT_VICTIMS,
    CountMethod.DISTINCT_SUSPECTS,
    CountMethod.MEDIAN_DAYS,
)
NO_START = np.iinfo(np.int64).min  # a victim with no record the interval starts from
MOST_AGENCIES = 62  # agencies whose combinations of persons the snapshot counts (bits of an int64)


def _dated(indicator: Indicator, record: RecordType) -> tuple[str, Any] | None:
    """How the engine dates the indicator's records (:func:`kuska.stats.engine._in_period`): ``("year", column)``
    for a year, ``("day", expression)`` for a date; ``None`` for a stock."""
    if not indicator.date:
        return None
    fields = [_resolve(record.model, d, f"indicator {indicator.id}.date") for d in indicator.date]
    if len(fields) == 1 and isinstance(fields[0].field, models.IntegerField):
        return "year", F(_orm(indicator.date[0]))
    if len(fields) == 1:
        path = _orm(indicator.date[0])
        if isinstance(
            fields[0].field, models.DateTimeField
        ):  # the day of a moment, as __date gives it
            return "day", TruncDate(path)
        return "day", F(path)
    return "day", Coalesce(*(F(_orm(d)) for d in indicator.date), output_field=models.DateField())


def _when(value: Any, kind: str) -> int:
    """A record's date as a number that sorts as the date: the year, or the day's ordinal."""
    if kind == "year":
        return int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return int(value.toordinal())


def _bounds(period: Period, kind: str | None) -> tuple[int, int] | None:
    if kind is None:
        return None
    if kind == "year":
        return period.year, period.year
    return period.start.toordinal(), period.end.toordinal()


def _slice(when: np.ndarray, bounds: tuple[int, int] | None) -> slice:
    if bounds is None:
        return slice(0, len(when))
    start = int(np.searchsorted(when, bounds[0], side="left"))
    stop = int(np.searchsorted(when, bounds[1], side="right"))
    return slice(start, stop)


@dataclass
class Frame:
    """One indicator's records as columns, sorted by date (see the module)."""

    indicator: Indicator
    kind: str | None  # "day", "year", or None for a stock
    when: np.ndarray  # int64: the date (ordinal day or year); zeros for a stock
    agency: np.ndarray  # int64: the submitting agency's id
    codes: dict[str, list[str]]  # dimension → its categories, as the engine names them
    columns: dict[str, np.ndarray]  # dimension → the index of each record's category in codes
    # int64: what each row weighs: its records, or the sum of the field (in cents for a decimal)
    weight: np.ndarray
    # int64: the person (distinct victims, suspects) or record each row counts once (-1: none); None when each
    # is on one row only, and counting them is summing the weights
    key: np.ndarray | None
    scale: int  # decimal places of a summed decimal field; 0 otherwise
    supplied_when: np.ndarray  # the dates and agencies of the records that speak to the figure
    supplied_agency: np.ndarray
    targets: list[str] = field(default_factory=list)
    # a median of days: each record's pk, its victim's person (of linkage, or the record's own) and the day of
    # that person's first record the interval starts from (NO_START: none)
    pk: np.ndarray | None = None
    person: np.ndarray | None = None
    start: np.ndarray | None = None

    @property
    def rows(self) -> int:
        return len(self.when)


def _lookup(ids: Sequence[int], size: int) -> np.ndarray:
    """A table of ``size`` booleans, true at ``ids``: ``table[agency]`` says whether a record's agency is one of
    them."""
    table = np.zeros(size, dtype=bool)
    table[[i for i in ids if i < size]] = True
    return table


class Snapshot:
    """Every indicator the snapshot counts, read once for one data version (see the module)."""

    def __init__(
        self,
        context: StatsContext,
        version: str,
        frames: dict[str, Frame],
        seconds: float,
        linked: LinkedFrame | None = None,
    ) -> None:
        self.context = context
        self.version = version
        self.frames = frames
        self.linked = linked  # the persons of record linkage, for unique_victims and agency_overlap
        self.seconds = seconds  # how long reading took
        self._agencies = max((node.id for node in context.agencies), default=0) + 1
        self._subtrees: dict[str, np.ndarray] = {}

    @classmethod
    def build(cls, context: StatsContext, version: str | None = None) -> Snapshot:
        """Read every indicator the snapshot counts, under the data version (read first: data arriving while
        reading makes a newer version, so this snapshot is not taken for it)."""
        started = time.perf_counter()
        version = version or data_version()
        frames = {}
        for indicator in context.catalogue:
            frame = _read(indicator, context)
            if frame is not None:
                frames[indicator.id] = frame
        linked = None
        if {UNIQUE, OVERLAP} & {i.id for i in context.catalogue}:
            linked = read_linked(context)
            if len(linked.agencies) > MOST_AGENCIES:  # their combinations are bits of one number
                linked = None
        return cls(context, version, frames, time.perf_counter() - started, linked)

    def counts(self, indicator: Indicator) -> bool:
        """Whether the snapshot counts this indicator (else :meth:`compute` gives ``None``)."""
        if indicator.count is CountMethod.LINKAGE:
            return self.linked is not None and indicator.id in (UNIQUE, OVERLAP)
        return indicator.id in self.frames

    def _subtree(self, code: str) -> np.ndarray:
        if code not in self._subtrees:
            self._subtrees[code] = _lookup(self.context.subtree(code), self._agencies)
        return self._subtrees[code]

    def compute(
        self,
        indicator: Indicator,
        period: Period,
        breakdowns: Sequence[str] = (),
        *,
        where: Mapping[str, str] | None = None,
    ) -> IndicatorResult | None:
        """:func:`kuska.stats.engine.compute`'s result, or ``None`` for an indicator the snapshot leaves to the
        engine."""
        if not self.counts(indicator):
            return None
        context = self.context
        result = begin(indicator, period, breakdowns, where=where, context=context)
        if result.status is Status.NOT_APPLICABLE:
            return result
        filters, dims = result.where, result.dimensions
        within = filters.get("agency")
        if indicator.count is CountMethod.LINKAGE:
            assert self.linked is not None
            agencies = self._subtree(within) if within is not None else None
            return compute_linked(self.linked, indicator, period, dims, filters, context, agencies)
        frame = self.frames[indicator.id]
        dates = _bounds(period, frame.kind)
        bounds = _slice(frame.when, dates)

        # 1–3: which source agencies supplied the figure in the period (within the agency filter)
        supplied = frame.supplied_agency
        if dates is not None:
            supplied = supplied[
                (frame.supplied_when >= dates[0]) & (frame.supplied_when <= dates[1])
            ]
        if within is not None:
            supplied = supplied[self._subtree(within)[supplied]]
        sources = list(indicator.sources)
        reporting = list(frame.targets)
        if len(sources) > 1:
            reporting = [code for code in sources if self._subtree(code)[supplied].any()]
            result.not_reported_by = tuple(c for c in sources if c not in reporting)
            if not reporting:
                result.status = Status.NOT_REPORTED
                return result
        elif not len(supplied):
            result.status = Status.NOT_REPORTED
            return result

        # 4: the population: the period's rows, within the filters
        agency = frame.agency[bounds]
        keep = np.ones(len(agency), dtype=bool)
        if within is not None:
            keep &= self._subtree(within)[agency]
        if len(sources) > 1 and len(reporting) < len(sources):
            among = np.zeros(self._agencies, dtype=bool)
            for code in reporting:
                among |= self._subtree(code)
            keep &= among[agency]
        for dimension, code in filters.items():
            if dimension == "agency":
                continue
            codes = frame.codes[dimension]
            if code not in codes:
                keep[:] = False
                break
            keep &= frame.columns[dimension][bounds] == codes.index(code)
        chosen = np.flatnonzero(keep)
        if indicator.count is CountMethod.MEDIAN_DAYS:
            return _median_days(result, frame, bounds, chosen, context)
        weight = frame.weight[bounds][chosen]
        key = None if frame.key is None else frame.key[bounds][chosen]
        columns = [frame.columns[d][bounds][chosen] for d in dims]
        sizes = [len(frame.codes[d]) for d in dims]

        # 5: the measure, for every subset of the breakdowns
        found: dict[str, set[str]] = {d: set() for d in dims}
        for size in range(len(dims) + 1):
            for subset in itertools.combinations(range(len(dims)), size):
                for group, value in _measured(
                    [columns[i] for i in subset], [sizes[i] for i in subset], weight, key
                ):
                    cell: list[str | None] = [None] * len(dims)
                    for i, index in zip(subset, group, strict=True):
                        category = frame.codes[dims[i]][index]
                        cell[i] = category
                        found[dims[i]].add(category)
                    result.cells[tuple(cell)] = _number(value, frame.scale)
        _finish(result, found, reporting, context)
        return result


def _measured(
    columns: list[np.ndarray], sizes: list[int], weight: np.ndarray, key: np.ndarray | None
) -> list[tuple[tuple[int, ...], int]]:
    """The measure of each group of rows that share their categories (an empty list of columns: one group, the
    total, even with no row): the rows' weights summed, or their distinct keys counted."""
    if not columns:
        if key is None:
            return [((), int(weight.sum()))]
        seen = np.zeros(int(key.max(initial=0)) + 1, dtype=bool)
        seen[key[key >= 0]] = True
        return [((), int(np.count_nonzero(seen)))]
    group = np.zeros(len(weight), dtype=np.int64)
    for column, size in zip(columns, sizes, strict=True):
        group = group * size + column
    cells = int(np.prod(sizes))
    if key is None:
        present = np.bincount(group, minlength=cells) > 0
        totals = np.bincount(group, weights=weight, minlength=cells)
    else:  # each (group, key) pair once
        known, width = key >= 0, int(key.max(initial=0)) + 1
        present = np.bincount(group, minlength=cells) > 0
        pairs = np.unique(group[known] * width + key[known])
        totals = np.bincount(pairs // width, minlength=cells)
    out = []
    for index in np.flatnonzero(present):
        out.append((tuple(int(i) for i in np.unravel_index(index, sizes)), int(totals[index])))
    return out


def _median_days(
    result: IndicatorResult, frame: Frame, bounds: slice, chosen: np.ndarray, context: StatsContext
) -> IndicatorResult:
    """:func:`kuska.stats.durations.compute_median` over the rows chosen: each person's first record in the
    population (earliest date, then lowest id), the days since the person's start, their median in every cell."""
    assert frame.pk is not None
    assert frame.person is not None
    assert frame.start is not None
    dims = result.dimensions
    day, pk = frame.when[bounds][chosen], frame.pk[bounds][chosen]
    person, start = frame.person[bounds][chosen], frame.start[bounds][chosen]
    order = np.lexsort((pk, day, person))
    first = order[np.r_[True, person[order][1:] != person[order][:-1]]] if len(order) else order
    first = first[(start[first] != NO_START) & (start[first] <= day[first])]
    days = day[first] - start[first]
    if not len(days):
        result.status = Status.NOT_REPORTED
        return result
    columns = [frame.columns[d][bounds][chosen][first] for d in dims]
    found: dict[str, set[str]] = {d: set() for d in dims}
    for size in range(len(dims) + 1):
        for subset in itertools.combinations(range(len(dims)), size):
            groups: dict[tuple[int, ...], list[int]] = {}
            keys = zip(*(columns[i] for i in subset), strict=True) if subset else [()] * len(days)
            for key, value in zip(keys, days.tolist(), strict=True):
                groups.setdefault(tuple(int(k) for k in key), []).append(value)
            for key, values in groups.items():
                cell: list[str | None] = [None] * len(dims)
                for i, index in zip(subset, key, strict=True):
                    cell[i] = frame.codes[dims[i]][index]
                    found[dims[i]].add(frame.codes[dims[i]][index])
                result.cells[tuple(cell)] = median(values)
    for dimension in dims:
        result.categories[dimension] = _sorted_categories(
            found[dimension], _category_order(dimension, context, result.indicator)
        )
    result.note = f"median over {len(days)} victims"
    return result


def _number(value: int, scale: int) -> Number:
    return Decimal(value).scaleb(-scale) if scale else value


def _read(indicator: Indicator, context: StatsContext) -> Frame | None:
    """One indicator's columns, read through the engine's steps; ``None`` for what the snapshot leaves to the
    engine."""
    if indicator.count not in COUNTED:
        return None
    sources = list(indicator.sources)
    subtrees = [set(context.subtree(code)) for code in sources]
    if any(a & b for a, b in itertools.combinations(subtrees, 2)):
        return None  # a source agency below another: its records count for both
    record = RECORD_TYPES[indicator.record]
    dated = _dated(indicator, record)
    kind = None if dated is None else dated[0]
    agency_path = f"{record.agency}_id" if record.agency == "agency" else record.agency
    scoped = _scope(indicator, record, context, sources)

    # 3: the dates and agencies of the records that speak to the figure
    supplied = scoped.filter(_supplied_q(indicator, record, context))
    if dated is not None:
        supplied = supplied.annotate(_when=dated[1])
        pairs = supplied.values_list("_when", agency_path).distinct()
        known = [(_when(w, kind or "day"), a) for w, a in pairs if w is not None]
    else:
        known = [(0, a) for a in supplied.values_list(agency_path, flat=True).distinct()]

    # 4: the indicator's own filter, every dimension it may be filtered or broken down by
    records, to_many = _filtered(scoped, indicator, record, {}, context)
    dimensions = [d for d in filterable(indicator) if d != "agency"]
    names = {d: f"_d{i}" for i, d in enumerate(dimensions)}
    annotations: dict[str, Any] = {
        names[d]: dimension_expression(d, indicator, record, context) for d in dimensions
    }
    if dated is not None:
        annotations["_when"] = dated[1]
    values = [*(["_when"] if dated is not None else []), agency_path, *names.values()]
    records = records.annotate(**annotations)
    scale = 0
    counted: list[str] = []
    if indicator.count is CountMethod.RECORDS and to_many:
        counted = ["pk"]
    elif indicator.count in (CountMethod.DISTINCT_VICTIMS, CountMethod.DISTINCT_SUSPECTS):
        counted = [record.person]
    elif indicator.count is CountMethod.MEDIAN_DAYS:
        counted = [record.person, "pk"]
    if counted:  # each row a distinct record or person with its categories
        rows = records.values_list(*values, *counted).distinct().order_by()
    else:
        summed = Sum(_orm(indicator.field)) if indicator.count is CountMethod.SUM else Count("*")
        rows = records.values(*values).annotate(_v=summed).values_list(*values, "_v").order_by()
        if indicator.count is CountMethod.SUM:
            field_ = _resolve(record.model, indicator.field, indicator.id).field
            if isinstance(field_, models.DecimalField):
                scale = field_.decimal_places or 0

    width = len(values)
    read = [row for row in rows.iterator(chunk_size=20_000) if dated is None or row[0] is not None]
    offset = 1 if dated is not None else 0
    when = np.array(
        [_when(row[0], kind or "day") for row in read] if dated is not None else [0] * len(read),
        dtype=np.int64,
    )
    order = np.argsort(when, kind="stable")
    codes: dict[str, list[str]] = {}
    columns: dict[str, np.ndarray] = {}
    for i, dimension in enumerate(dimensions):
        found = [str(row[offset + 1 + i]) for row in read]
        names_of = sorted(set(found))
        index = {code: k for k, code in enumerate(names_of)}
        codes[dimension] = names_of
        columns[dimension] = np.array([index[c] for c in found], dtype=np.int64)[order]
    agency = np.array([row[offset] for row in read], dtype=np.int64)[order]

    # the agency a by-agency breakdown rolls each record up to (the engine's CASE, the most specific first)
    targets = _targets(indicator, context)
    if "agency" in indicator.breakdowns:
        depth = {code: context.agencies.depth(context.agency_id(code)) for code in targets}
        rolled = np.full(
            max((node.id for node in context.agencies), default=0) + 1, len(targets), np.int64
        )
        for code in sorted(targets, key=lambda c: depth[c]):  # the deepest written last
            rolled[context.subtree(code)] = targets.index(code)
        codes["agency"] = [*targets, OTHER]
        columns["agency"] = rolled[agency] if len(agency) else agency.copy()

    extra: dict[str, np.ndarray] = {}
    key: np.ndarray | None = None
    if counted:
        weight = np.ones(len(read), dtype=np.int64)
        key = np.array([-1 if row[width] is None else row[width] for row in read], np.int64)
        key = key[order]
        if indicator.count is not CountMethod.MEDIAN_DAYS and _once_each(key):
            # each person (or record) on one row only: counting them once is counting their rows
            weight, key = (key >= 0).astype(np.int64), None
        if indicator.count is CountMethod.MEDIAN_DAYS:
            assert key is not None
            extra = _starts_of(
                indicator, key, np.array([row[width + 1] for row in read], np.int64)[order]
            )
    else:
        weight = np.array([_scaled(row[width], scale) for row in read], dtype=np.int64)[order]
    supplied_when = np.array([w for w, _a in known], dtype=np.int64)
    supplied_agency = np.array([a for _w, a in known], dtype=np.int64)
    return Frame(
        indicator=indicator,
        kind=kind,
        when=when[order],
        agency=agency,
        codes=codes,
        columns=columns,
        weight=weight,
        key=key,
        scale=scale,
        supplied_when=supplied_when,
        supplied_agency=supplied_agency,
        targets=targets,
        **extra,
    )


def _starts_of(indicator: Indicator, victims: np.ndarray, pks: np.ndarray) -> dict[str, np.ndarray]:
    """For a median of days, each row's pk, person (:func:`kuska.stats.durations._persons`: linkage's, else the
    victim record's own) and that person's start (their earliest record of the ``since`` type, over all their
    person records)."""
    known = sorted({int(v) for v in victims if v >= 0})
    person_of = _persons(known)
    starts = _starts(indicator.since, _records_of(set(person_of.values())))
    numbers = {key: n for n, key in enumerate(sorted(set(person_of.values())))}
    person = np.array(
        [numbers[person_of[int(v)]] if v >= 0 else -1 - i for i, v in enumerate(victims)], np.int64
    )
    start = np.array(
        [
            starts[person_of[int(v)]].toordinal()
            if v >= 0 and person_of[int(v)] in starts
            else NO_START
            for v in victims
        ],
        np.int64,
    )
    return {"pk": pks, "person": person, "start": start}


def _once_each(key: np.ndarray) -> bool:
    """Whether every recorded key (not -1) is on one row only."""
    recorded = key[key >= 0]
    return len(np.unique(recorded)) == len(recorded)


def _scaled(value: Any, scale: int) -> int:
    """A sum as a whole number: a decimal in its smallest unit (cents), SQLite's float sum rounded to it."""
    if value is None:
        return 0
    if scale:
        return int(Decimal(str(value)).scaleb(scale).to_integral_value())
    return int(value)


# -- the process's snapshot ----------------------------------------------------------------------------------------

_lock = threading.Lock()
_state: dict[str, Any] = {"kept": False, "snapshot": None, "reading": None}


def keep_current() -> Snapshot:
    """Read the snapshot of the current data; from now on, :func:`current` gives the snapshot of the latest."""
    snapshot = Snapshot.build(StatsContext.load())
    _state["snapshot"], _state["kept"] = snapshot, True
    return snapshot


def current(version: str | None = None) -> Snapshot | None:
    """The snapshot of the current data version (``version``, when the caller has just read it), when
    :func:`keep_current` was called and it has been read; else ``None`` (and, when the data have changed, it starts
    being read in a thread)."""
    if not _state["kept"]:
        return None
    version = version or data_version()
    snapshot: Snapshot | None = _state["snapshot"]
    if snapshot is not None and snapshot.version == version:
        return snapshot
    with _lock:
        if _state["reading"] != version:
            _state["reading"] = version
            threading.Thread(target=_read_in_background, args=(version,), daemon=True).start()
    return None


def _read_in_background(version: str) -> None:
    try:
        snapshot = Snapshot.build(StatsContext.load(), version)
        if data_version() == version:
            _state["snapshot"] = snapshot
    except Exception:  # the engine keeps answering; the next request tries again
        log.exception("the dashboard's snapshot could not be read")
    finally:
        with _lock:
            if _state["reading"] == version:
                _state["reading"] = None
        connection.close()
