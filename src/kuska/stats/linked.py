"""The figures counted over the persons of the latest linkage run: ``unique_victims`` and ``agency_overlap``.

Record linkage writes its persons (:mod:`kuska.linkage.models`: each victim record assigned to a person); the
statistics read them here, as they read every other table. Until a run has completed the figures are *not
available*.

- The victims of a period are the persons with at least one victim record whose event date falls in it (a
  record without an event date is not dated, and not counted).
- A person's agencies are the agencies of those records, a regional unit counting as its agency (see
  :meth:`kuska.registry.agencies.AgencyTree.reporting`). ``agency_overlap`` counts the persons with two agencies
  or more; broken down by ``agency`` it gives each combination (``POLICE + PROSECUTION``). ``unique_victims``
  broken down by ``agency`` gives every combination, single agencies included: ``POLICE`` alone is "police only".
  The profile's lead agencies (``lead_agencies`` of its ``profile.toml``) open every combination.
- A person's sex, age and nationality are those of the person's first record in the period (by event date,
  then record id) that records them; the region, that of the agency of the first record.
- Filtered by an agency (``where={"agency": "POLICE"}``), the persons counted are those with a victim record of that
  agency or an agency below it; by region, sex, age or nationality group, those whose category it is (as above).
  The combinations of agencies of the persons counted stay whole: filtered to POLICE, ``POLICE + PROSECUTION`` is still a
  combination.

Records received after the run are not counted until the next ``kuska link``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet

from kuska.linkage.models import ClusterAssignment, LinkageRun
from kuska.stats.catalogue import AGE_DIMENSIONS, CatalogueError, Indicator
from kuska.stats.engine import IndicatorResult, Number, StatsContext, Status
from kuska.stats.periods import Period

OVERLAP = "agency_overlap"
UNIQUE = "unique_victims"
UNKNOWN = "unknown"
SEPARATOR = " + "


@dataclass
class LinkedPerson:
    """A person of the linkage run as the figures count them: the agencies of their victim records in the
    period, their category in each dimension (from the first record that records it) and those records' ids."""

    id: int
    agencies: set[str] = field(default_factory=set)
    values: dict[str, str] = field(default_factory=dict)  # dimension -> category
    records: list[int] = field(default_factory=list)


def combination(agencies: Iterable[str], lead: Sequence[str] = ()) -> str:
    """A set of agencies as one category: the lead agencies first, in their order, then alphabetical.

    >>> combination({"SHELTER", "PROSECUTION", "POLICE"}, lead=("POLICE", "PROSECUTION"))
    'POLICE + PROSECUTION + SHELTER'
    """
    order = {code: i for i, code in enumerate(lead)}
    return SEPARATOR.join(sorted(agencies, key=lambda c: (order.get(c, len(order)), c)))


def victim_assignments(run: LinkageRun, period: Period) -> QuerySet[ClusterAssignment]:
    """The run's assignments of victim records dated in the period to their persons: what the figures over
    linkage's persons count (here and in the data-quality figures)."""
    return ClusterAssignment.objects.filter(
        run=run,
        record__role="victim",
        record__event_date__gte=period.start,
        record__event_date__lte=period.end,
    )


@dataclass(frozen=True)
class LinkedPersons:
    """The persons a figure of linkage counts in a period, from linkage run ``run``; ``dated``: whether any
    victim record of the run is dated in the period (if none, the figure is *not reported*)."""

    run: LinkageRun
    persons: list[LinkedPerson]
    dated: bool


def linked_persons(
    indicator: Indicator,
    period: Period,
    context: StatsContext,
    where: Mapping[str, str] | None = None,
) -> LinkedPersons | None:
    """The persons ``unique_victims`` (every person with a victim record dated in the period) or
    ``agency_overlap`` (those with such records at two agencies or more) counts, from the latest linkage run,
    within the filters of ``where`` (checked by the engine); ``None`` before any run."""
    where = dict(where or {})
    if indicator.id not in (UNIQUE, OVERLAP):
        raise CatalogueError(
            f"indicator {indicator.id}: linkage counts only {UNIQUE} and {OVERLAP}"
        )
    at_least = 2 if indicator.id == OVERLAP else 1
    run = LinkageRun.latest()
    if run is None:
        return None
    reporting_agency = context.agencies.rollup()
    region_of = {node.id: node.region_code or UNKNOWN for node in context.agencies}
    age_dimensions = {d: context.catalogue.age_bands.get(d, ()) for d in AGE_DIMENSIONS}
    within = where.get("agency")
    agency_ids = {node.id for node in context.agencies.subtree(within)} if within else set()
    rows = (
        victim_assignments(run, period)
        .order_by("person_id", "record__event_date", "record_id")
        .values_list(
            "person_id",
            "record_id",
            "record__agency_id",
            "record__sex",
            "record__age_at_event",
            "record__nationality",
        )
    )
    persons: dict[int, LinkedPerson] = {}
    for person_id, record_id, agency_id, sex, age, nationality in rows.iterator(chunk_size=20_000):
        person = persons.get(person_id)
        if person is None:
            person = persons[person_id] = LinkedPerson(person_id)
            person.values["region"] = region_of.get(agency_id, UNKNOWN)
        person.records.append(record_id)
        person.agencies.add(reporting_agency.get(agency_id, UNKNOWN))
        if agency_id in agency_ids:  # a record of the agency filtered by (or of a unit below it)
            person.values["agency"] = within or ""
        for dimension, category in recorded(sex, age, nationality, age_dimensions, context).items():
            if category is not None:
                person.values.setdefault(dimension, category)
    counted = [
        p
        for p in persons.values()
        if len(p.agencies) >= at_least
        and all(p.values.get(d, UNKNOWN) == code for d, code in where.items())
    ]
    for person in counted:
        person.values["agency"] = combination(person.agencies, context.lead_agencies)
    return LinkedPersons(run, counted, dated=bool(persons))


def compute_linked(
    indicator: Indicator,
    period: Period,
    dims: tuple[str, ...],
    where: Mapping[str, str],
    context: StatsContext,
) -> IndicatorResult:
    """``unique_victims`` (persons with a victim record) or ``agency_overlap`` (persons at two agencies or more),
    counting the persons that fall in every filter of ``where`` (checked by the engine)."""
    result = linked_result(indicator, period, dims, where)
    found = linked_persons(indicator, period, context, where)
    if found is None:
        result.status = Status.NOT_AVAILABLE
        result.note = "computed by record linkage, which has not run"
        return result
    result.note = run_note(found.run)
    if not found.dated:
        result.status = Status.NOT_REPORTED
        return result
    together: dict[tuple[str, ...], int] = {}
    for person in found.persons:
        key = tuple(person.values.get(d, UNKNOWN) for d in dims)
        together[key] = together.get(key, 0) + 1
    lay_out(result, together if dims else {(): len(found.persons)}, context)
    return result


def linked_result(
    indicator: Indicator, period: Period, dims: tuple[str, ...], where: Mapping[str, str]
) -> IndicatorResult:
    """The result a figure of linkage fills: reported, with its breakdowns and filters."""
    return IndicatorResult(
        indicator,
        period,
        Status.REPORTED,
        dimensions=dims,
        region=where.get("region"),
        where=dict(where),
    )


def run_note(run: LinkageRun) -> str:
    finished = run.finished_at.date().isoformat() if run.finished_at else "?"
    return f"persons of linkage run {run.pk} ({finished})"


def lay_out(
    result: IndicatorResult, together: Mapping[tuple[str, ...], int], context: StatsContext
) -> None:
    """The categories of the result's breakdowns, in order, and every cell and margin, from the persons counted in
    each combination of categories (``together``: a category per breakdown → persons)."""
    dims = result.dimensions
    bands = context.catalogue.age_bands.get("age_group", ())
    lead = context.lead_agencies
    order: dict[str, list[str]] = {
        "sex": ["female", "male", "intersex"],
        "age_group": [code for code, _, _ in bands],
        "nationality_group": ["national", "foreign"],
    }
    for i, dimension in enumerate(dims):
        seen = {key[i] for key in together}
        known = order.get(dimension)
        if known is None:  # agency: the fewest agencies first, then the lead agencies first
            result.categories[dimension] = sorted(
                seen, key=lambda c: (c.count(SEPARATOR), _combination_rank(c, lead), c)
            )
        else:
            unknown_last = sorted(seen - set(known), key=lambda c: (c == UNKNOWN, c))
            result.categories[dimension] = [c for c in known if c in seen] + unknown_last
    result.cells = _cells(together, dims, result.categories)


def _combination_rank(category: str, lead: Sequence[str]) -> tuple[int, ...]:
    order = {code: i for i, code in enumerate(lead)}
    return tuple(order.get(code, len(order)) for code in category.split(SEPARATOR))


def recorded(
    sex: str,
    age: int | None,
    nationality: str,
    age_dimensions: Mapping[str, Sequence[tuple[str, int, int]]],
    context: StatsContext,
) -> dict[str, str | None]:
    """What one victim record says of its person: the sex, each age band and the nationality group (``None``
    where it records none); a person's category is that of their first record that records one."""
    return {
        "sex": sex or None,
        **{d: _band(age, b) for d, b in age_dimensions.items()},
        "nationality_group": (
            None if not nationality else "national" if nationality == context.country else "foreign"
        ),
    }


def _band(age: int | None, bands: Sequence[tuple[str, int, int]]) -> str | None:
    if age is None:
        return None
    for code, low, high in bands:
        if low <= age <= high:
            return code
    return None


def _cells(
    together: Mapping[tuple[str, ...], int], dims: tuple[str, ...], categories: dict[str, list[str]]
) -> dict[tuple[str | None, ...], Number]:
    """Every cell and every margin: the number of persons in each combination of categories."""
    choices = [[None, *categories[d]] for d in dims]
    cells: dict[tuple[str | None, ...], Number] = dict.fromkeys(itertools.product(*choices), 0)
    for own, persons in together.items():
        for mask in itertools.product((False, True), repeat=len(dims)):
            key = tuple(value if keep else None for value, keep in zip(own, mask, strict=True))
            cells[key] = cells.get(key, 0) + persons
    return cells
