"""The persons of record linkage in the dashboard's snapshot: :func:`kuska.stats.linked.compute_linked`'s figures
(``unique_victims``, ``agency_overlap``) counted from columns read once per data version.

The latest run's victim records that have an event date are read once, sorted as :func:`~kuska.stats.linked.
linked_persons` reads them (by person, event date, record id), each with its person, date, the agency it counts for,
the region of its agency and its sex, age bands and nationality group as codes. A figure then takes the period's
rows; each person's rows are consecutive, so a person's agencies, the first region, and the first recorded sex, age
band and nationality group are reductions over each person's run of rows (``numpy.ufunc.reduceat``), counted and
laid out as :func:`~kuska.stats.linked.compute_linked` lays them (``tests/test_stats_snapshot.py`` compares both).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from kuska.linkage.models import LinkageRun
from kuska.stats.catalogue import AGE_DIMENSIONS, Indicator
from kuska.stats.engine import IndicatorResult, StatsContext, Status
from kuska.stats.linked import (
    OVERLAP,
    UNKNOWN,
    combination,
    lay_out,
    linked_result,
    recorded,
    run_note,
)
from kuska.stats.periods import Period

# the dimensions read from each record: the first record that records one gives the person's
RECORDED = ("sex", *AGE_DIMENSIONS, "nationality_group")
_NONE = np.iinfo(np.int64).max  # no row: larger than every row's position
# the periods whose persons a frame keeps (a dashboard offers a few years, of two kinds)
KEPT_PERIODS = 8


@dataclass
class LinkedFrame:
    """The latest run's dated victim records, by person, event date and record id; ``None`` run: no run yet."""

    run: LinkageRun | None
    person: np.ndarray  # int64: the run's person of each record
    when: np.ndarray  # int64: the record's event date, as its ordinal
    # int64: the id of the record's agency (the agency filter looks below an agency)
    agency: np.ndarray
    reporting: np.ndarray  # int64: the index in ``agencies`` of the agency the record counts for
    agencies: list[str]  # the codes records count for (AgencyTree.rollup)
    region: np.ndarray  # int64: the index in ``regions`` of the region of the record's agency
    regions: list[str]
    codes: dict[str, list[str]]  # dimension of RECORDED → its codes
    # dimension of RECORDED → each record's code index; -1: not recorded
    columns: dict[str, np.ndarray]
    # the persons of the periods asked for lately (see _persons_of)
    periods: dict[tuple[object, object], tuple[_Persons | None]] = field(default_factory=dict)


def read_linked(context: StatsContext) -> LinkedFrame:
    """The latest run's dated victim records (see the module)."""
    run = LinkageRun.latest()
    rows: list[tuple[int, object, int, str, int | None, str]] = []
    if run is not None:
        rows = list(
            run.assignments.filter(record__role="victim", record__event_date__isnull=False)
            .order_by("person_id", "record__event_date", "record_id")
            .values_list(
                "person_id",
                "record__event_date",
                "record__agency_id",
                "record__sex",
                "record__age_at_event",
                "record__nationality",
            )
            .iterator(chunk_size=20_000)
        )
    rollup = context.agencies.rollup()
    agencies = sorted(set(rollup.values()))
    region_of = {node.id: node.region_code or UNKNOWN for node in context.agencies}
    regions = sorted(set(region_of.values()))
    bands = {d: context.catalogue.age_bands.get(d, ()) for d in AGE_DIMENSIONS}
    said = [recorded(sex, age, n, bands, context) for _p, _w, _a, sex, age, n in rows]
    by_dimension = {d: [one[d] for one in said] for d in RECORDED}
    codes: dict[str, list[str]] = {}
    columns: dict[str, np.ndarray] = {}
    for dimension, values in by_dimension.items():
        codes[dimension] = sorted({v for v in values if v is not None})
        index = {code: k for k, code in enumerate(codes[dimension])}
        columns[dimension] = np.array([-1 if v is None else index[v] for v in values], np.int64)
    agency = np.array([a for _p, _w, a, *_rest in rows], np.int64)
    return LinkedFrame(
        run=run,
        person=np.array([p for p, *_rest in rows], np.int64),
        when=np.array([w.toordinal() for _p, w, *_rest in rows], np.int64),  # type: ignore[attr-defined]
        agency=agency,
        reporting=np.array([agencies.index(rollup[a]) for a in agency.tolist()], np.int64),
        agencies=agencies,
        region=np.array([regions.index(region_of[a]) for a in agency.tolist()], np.int64),
        regions=regions,
        codes=codes,
        columns=columns,
    )


def compute_linked(
    frame: LinkedFrame,
    indicator: Indicator,
    period: Period,
    dims: tuple[str, ...],
    where: Mapping[str, str],
    context: StatsContext,
    within: np.ndarray | None,
) -> IndicatorResult:
    """:func:`kuska.stats.linked.compute_linked`'s result from the frame; ``within``: a table of the agencies the
    agency filter names (that agency and those below it), by id."""
    result = linked_result(indicator, period, dims, where)
    if frame.run is None:
        result.status = Status.NOT_AVAILABLE
        result.note = "computed by record linkage, which has not run"
        return result
    result.note = run_note(frame.run)
    persons = _persons_of(frame, period)
    if persons is None:
        result.status = Status.NOT_REPORTED
        return result
    values, names = persons.values, persons.names
    counted = persons.agencies >= (2 if indicator.id == OVERLAP else 1)
    for dimension, code in where.items():
        if dimension == "agency":
            assert within is not None
            at = within[frame.agency[persons.rows]].astype(np.int8)
            counted &= np.maximum.reduceat(at, persons.starts) > 0
        else:
            counted &= values[dimension] == _index(names[dimension], code)

    # the categories of the persons counted, in compute_linked's order, and every cell and margin
    kept: list[tuple[list[str], np.ndarray]] = []  # each dimension's categories, and each person's
    for dimension in dims:
        if dimension == "agency":
            masks, inverse = _distinct(persons.held[counted])
            named = [
                combination(_members(int(m), frame.agencies), context.lead_agencies) for m in masks
            ]
            kept.append((named, inverse))
        else:  # the persons with none recorded: UNKNOWN, after the names
            found, named = values[dimension][counted], [*names[dimension], UNKNOWN]
            kept.append((named, np.where(found >= 0, found, len(named) - 1)))
    together: dict[tuple[str, ...], int] = {(): int(np.count_nonzero(counted))}
    if dims:  # the persons of each combination of categories, the combination as one number
        sizes = [len(named) for named, _of_persons in kept]
        combined = np.zeros(int(np.count_nonzero(counted)), np.int64)
        for (_named, of_persons), size in zip(kept, sizes, strict=True):
            combined = combined * size + of_persons
        counts = np.bincount(combined, minlength=int(np.prod(sizes)))
        together = {
            tuple(kept[i][0][k] for i, k in enumerate(np.unravel_index(index, sizes))): int(
                counts[index]
            )
            for index in np.flatnonzero(counts)
        }
    lay_out(result, together, context)
    return result


def _index(codes: Sequence[str], code: str) -> int:
    """A filter's code as a column holds it: its index, -1 for unknown where a column holds no code for it, -2
    (no person) for a code no record holds."""
    if code in codes:
        return codes.index(code)
    return -1 if code == UNKNOWN else -2


@dataclass(frozen=True)
class _Persons:
    """The persons with a record in a period: their rows (by person), where each person's rows start, the
    agencies they were counted by (one bit each), how many, and their first region and recorded categories."""

    rows: np.ndarray
    starts: np.ndarray
    held: np.ndarray
    agencies: np.ndarray
    values: dict[str, np.ndarray]
    names: dict[str, list[str]]


def _persons_of(frame: LinkedFrame, period: Period) -> _Persons | None:
    """The persons of the period (``None``: no record in it), each period's kept for the next figures asked."""
    key = (period.start, period.end)
    kept = frame.periods.get(
        key
    )  # (the persons,): another request's threads may clear it meanwhile
    if kept is not None:
        return kept[0]
    rows = np.flatnonzero(
        (frame.when >= period.start.toordinal()) & (frame.when <= period.end.toordinal())
    )
    found = None
    if len(rows):
        person = frame.person[rows]
        starts = np.flatnonzero(np.r_[True, person[1:] != person[:-1]])
        held = np.bitwise_or.reduceat(np.left_shift(1, frame.reporting[rows]), starts)
        values: dict[str, np.ndarray] = {"region": frame.region[rows][starts]}
        names: dict[str, list[str]] = {"region": frame.regions}
        positions = np.arange(len(rows))
        for dimension in RECORDED:
            column = frame.columns[dimension][rows]
            first = np.minimum.reduceat(np.where(column >= 0, positions, _NONE), starts)
            chosen = np.where(first < _NONE, column[np.minimum(first, len(rows) - 1)], -1)
            names[dimension] = frame.codes[dimension]
            # recorded as unknown: the category of those not recorded
            if UNKNOWN in names[dimension]:
                chosen = np.where(chosen < 0, names[dimension].index(UNKNOWN), chosen)
            values[dimension] = chosen
        masks, inverse = _distinct(held)
        bits = np.array([bin(int(m)).count("1") for m in masks], np.int64)
        found = _Persons(rows, starts, held, bits[inverse], values, names)
    if len(frame.periods) >= KEPT_PERIODS:
        frame.periods.clear()
    frame.periods[key] = (found,)
    return found


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values, ascending, and each value's index among them (by counting where the values are
    small, as the agencies' bits of few agencies are, else by sorting)."""
    if not len(values) or int(values.max()) >= 1 << 22:
        found, inverse = np.unique(values, return_inverse=True)
        return found, inverse.reshape(-1)
    present = np.flatnonzero(np.bincount(values))
    index = np.zeros(int(present[-1]) + 1, np.int64)
    index[present] = np.arange(len(present))
    return present, index[values]


def _members(mask: int, agencies: Sequence[str]) -> list[str]:
    return [code for k, code in enumerate(agencies) if mask >> k & 1]
