"""Aggregate series: the counts agencies publish without records behind them, added up by year, region…

An aggregate series (e.g. ``mininter``, read by :mod:`kuska.intake.readers.mininter` and loaded by intake like
any file) is kept apart from the record-level indicators and never added to them. Within a series, a figure sums
one subcategory code, or groups by code: a total row and its detail rows are never added together, and neither
are codes of different categories (victims and complaints are not the same unit). A blank count is *not
reported*: a group whose counts are all blank has the value ``None``, never 0.

The queries use the Django ORM's aggregation only, and the rows are ordered in Python, so SQLite and PostgreSQL
(whose collations order text differently) give the same answer.

>>> series_by("mininter", by=["year"])  # doctest: +SKIP
[{'year': 2017, 'value': 641, 'rows': 22, 'not_reported': 0}, ...]

A series that publishes its own totals beside their details can have its totals checked after the import, as
the import checked the file: :func:`inconsistencies` lists each group whose total differs from the sum of its
parts (MININTER: 370 groups in the file published for 2017-01 to 2025-09).

>>> inconsistencies("mininter")[0].difference  # doctest: +SKIP
1
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, Sum

from kuska.intake import mininter
from kuska.registry.models import AggregateObservation

# The headline code of each series: what a figure adds when no code is asked for.
HEADLINE: dict[str, str] = {"mininter": "EM_EF_TOTAL"}

# The dimensions a series can be broken down by, and the column each one reads.
DIMENSIONS: dict[str, str] = {
    "year": "year",
    "month": "month",
    "region": "region__code",
    "place": "place",
    "category": "category",
    "subcategory": "subcategory",
}

SeriesRow = dict[str, int | str | bool | None]


class SeriesError(ValueError):
    """A breakdown that cannot be computed (unknown dimension, or a sum that would add unlike counts)."""


def series_by(
    series: str,
    by: Sequence[str] = ("year",),
    *,
    subcategory: str | None = None,
    category: str | None = None,
    year: int | None = None,
    region: str | None = None,
) -> list[SeriesRow]:
    """The series' counts added up by the dimensions in ``by``, one dict per group.

    Each row has the dimensions, ``value`` (the sum, ``None`` when every count was blank), ``rows`` (the
    observations added) and ``not_reported`` (those left blank). Without ``subcategory`` the series' headline
    code is used (``EM_EF_TOTAL``, victims, for ``mininter``), unless ``by`` includes ``subcategory``: then each
    code is a row of its own, with ``is_total``.
    """
    unknown = [name for name in by if name not in DIMENSIONS]
    if unknown:
        raise SeriesError(f"Unknown dimension {', '.join(unknown)}; use {', '.join(DIMENSIONS)}.")
    observations = AggregateObservation.objects.filter(series=series)
    if subcategory is None and "subcategory" not in by:
        subcategory = HEADLINE.get(series)
        if subcategory is None:
            raise SeriesError(
                f"Series {series!r} has no headline code: give a subcategory or break down by it."
            )
    if subcategory is not None:
        observations = observations.filter(subcategory=subcategory)
    if category is not None:
        observations = observations.filter(category=category)
    if year is not None:
        observations = observations.filter(year=year)
    if region is not None:
        observations = observations.filter(region__code=region)
    columns = [DIMENSIONS[name] for name in by]
    if "subcategory" in by:
        columns.append("is_total")  # a function of the code: it splits no group
    grouped = (
        observations.order_by()
        .values(*columns)
        .annotate(total=Sum("value"), rows=Count("pk"), reported=Count("value"))
    )
    result: list[SeriesRow] = []
    for group in grouped:
        row: SeriesRow = {name: group[DIMENSIONS[name]] for name in by}
        if "subcategory" in by:
            row["is_total"] = group["is_total"]
        row["value"] = group["total"]
        row["rows"] = group["rows"]
        row["not_reported"] = group["rows"] - group["reported"]
        result.append(row)
    result.sort(key=lambda r: tuple(_sort_key(r[name]) for name in by))
    return result


def _sort_key(value: int | str | bool | None) -> tuple[int, int | str | bool]:
    """Blank last, then by value, the same way on every database."""
    return (1, "") if value is None else (0, value)


@dataclass(frozen=True)
class SeriesInconsistency:
    """A group of a series whose published total differs from the sum of its parts, as stored."""

    year: int
    month: int
    department: str
    place: str  # blank: a department-level figure
    prefix: str  # the category of codes the total adds up (``C``, ``EF``, ``EM_EF``…)
    total_code: str
    total: int
    sum_of_details: int
    record_id: str  # the total's observation (its natural key), to find it again

    @property
    def difference(self) -> int:
        """The published total minus the sum of its parts."""
        return self.total - self.sum_of_details


# How each series that publishes its totals is checked: the rows read back as the check reads the file.
_CHECKS: dict[
    str, Callable[[Iterable[mininter.Count]], tuple[int, list[mininter.Inconsistency]]]
] = {
    "mininter": mininter.check_totals,
}


def inconsistencies(series: str) -> list[SeriesInconsistency]:
    """The groups of an imported series whose totals do not add up, in the order of the check.

    The check is the import's (:func:`kuska.intake.mininter.check_totals`), run on the observations stored: a
    group is year × month × department × place × category of codes; one with a blank count is not checked.
    """
    check = _CHECKS.get(series)
    if check is None:
        raise SeriesError(
            f"Series {series!r} publishes no totals to check (series with totals: {', '.join(_CHECKS)})."
        )
    stored = AggregateObservation.objects.filter(series=series).values_list(
        "pk", "year", "month", "source_record_id", "place", "subcategory", "value"
    )
    record_ids: dict[int, str] = {}
    rows: list[mininter.Count] = []
    for pk, year, month, record_id, place, code, value in stored.iterator(chunk_size=20_000):
        record_ids[pk] = record_id
        # the department is the third part of the natural key: mininter:2017-01:15:<hash>
        department = record_id.split(":")[2] if record_id.count(":") >= 3 else ""
        # ``row`` is the sheet's row in the import's check; here it is the observation's id
        rows.append(mininter.Count(pk, year, month or 0, department, place, code, value))
    _, found = check(rows)
    return [
        SeriesInconsistency(
            i.year,
            i.month,
            i.department,
            i.place,
            i.prefix,
            i.total_code,
            i.expected_total,
            i.sum_of_details,
            record_ids[i.row],
        )
        for i in found
    ]
