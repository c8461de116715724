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
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Sum

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
