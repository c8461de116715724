"""Indicator results as plain data: the JSON objects and the CSV rows ``kuska stats`` writes.

JSON: one object per indicator::

    {"indicator": "victims_identified", "title": "Víctimas identificadas", "unit": "records",
     "period": {"type": "calendar", "year": 2020, "start": "2020-01-01", "end": "2020-12-31"},
     "status": "reported", "value": 1110, "by": ["agency"], "breakdown": {"POLICE": 640, "PROSECUTION": 470}}

``status`` is ``reported``, ``not_reported`` (no source agency supplied the figure: ``value`` is ``null``, never 0)
``not_available`` (computed by a later stage) or ``not_applicable`` (a filter asked for cannot apply to the
indicator: ``--where sex=female`` and police operations). ``breakdown`` nests the cells by the dimensions in the order
asked for; with two or more dimensions ``totals`` holds every sub-total (``"agency"``, ``"sex"``…). Published
output (``--public``) writes a suppressed cell as ``null`` and lists it in ``suppressed`` (each cell as its
categories, ``{}`` for the total).

CSV: one row per cell, margins included; a dimension column holds ``total`` on a row that adds up that dimension.
The region the figures were restricted to (``--region``) is the column ``within_region``, so that ``region`` is free
for the breakdown by region; every filter (``--where``, the region included) is the column ``within``, as
``region=LOR;sex=female``. JSON writes the filters as ``"where": {"region": "LOR", "sex": "female"}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from kuska.i18n import translated
from kuska.stats.engine import IndicatorResult, Number, Status

TOTAL = "total"  # the CSV value of a dimension that a row adds up

UNIT_LABELS: dict[str, StrPromise] = {
    "records": _("records"),
    "unique persons": _("unique persons"),
    "persons": _("persons"),
    "cases": _("cases"),
    "events": _("events"),
    "facilities": _("facilities"),
    "amount": _("amount"),
}
STATUS_LABELS: dict[str, StrPromise] = {
    "not_reported": _("not reported"),
    "not_available": _("not available"),
    "not_applicable": _("not applicable (filter)"),
    "suppressed": _("suppressed (<5)"),
}


def json_number(value: Number | None) -> int | float | None:
    """An int stays an int; an amount with cents becomes a float, a whole amount an int."""
    if value is None or isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return float(value)


# What an amount is in, as a table names it (the JSON and CSV keep the catalogue's word); a currency code stays.
MEASURE_LABELS: dict[str, StrPromise] = {
    "places": _("places"),
    "persons reached": _("persons reached"),
    "days": _("days"),
    "hours": _("hours"),
}


def unit_label(result: IndicatorResult, lang: str = "es") -> str:
    label = translated(UNIT_LABELS[result.indicator.unit.value], lang)
    measure = result.indicator.measure
    if measure in MEASURE_LABELS:
        measure = translated(MEASURE_LABELS[measure], lang)
    return f"{label} ({measure})" if measure else label


def _numbers(tree: Any) -> Any:
    if isinstance(tree, dict):
        return {k: _numbers(v) for k, v in tree.items()}
    return json_number(tree)


def to_json(result: IndicatorResult, lang: str = "es", *, public: bool = False) -> dict[str, Any]:
    """The JSON object of one result (see the module docstring)."""
    indicator = result.indicator
    out: dict[str, Any] = {
        "indicator": indicator.id,
        "title": indicator.title(lang),
        "unit": indicator.unit.value,
    }
    if indicator.measure:
        out["measure"] = indicator.measure
    out["period"] = result.period.as_dict()
    if result.region:
        out["region"] = result.region
    if result.where:
        out["where"] = dict(result.where)
    out["status"] = result.status.value
    out["value"] = json_number(result.value)
    out["by"] = list(result.dimensions)
    out["breakdown"] = _numbers(result.breakdown())
    if len(result.dimensions) > 1 and result.status is Status.REPORTED:
        out["totals"] = _numbers(result.margins())
    if public:
        out["suppressed"] = [
            {d: part for d, part in zip(result.dimensions, key, strict=True) if part is not None}
            for key in sorted(result.suppressed, key=lambda k: tuple(p or "" for p in k))
        ]
    if result.not_reported_by:
        out["not_reported_by"] = list(result.not_reported_by)
    if result.unavailable_dimensions:
        out["breakdown_unavailable"] = list(result.unavailable_dimensions)
    if result.note:
        out["note"] = result.note
    return out


CSV_FIELDS = (
    "indicator",
    "title",
    "unit",
    "measure",
    "period",
    "year",
    "start",
    "end",
    "within_region",
    "within",
    "status",
)


def csv_header(dimensions: Sequence[str]) -> list[str]:
    return [*CSV_FIELDS, *dimensions, "value", "suppressed"]


def csv_rows(
    result: IndicatorResult, dimensions: Sequence[str], lang: str = "es", *, public: bool = False
) -> list[dict[str, Any]]:
    """The CSV rows of one result, with a column for each dimension asked for (``total`` where added up)."""
    indicator = result.indicator
    base: dict[str, Any] = {
        "indicator": indicator.id,
        "title": indicator.title(lang),
        "unit": indicator.unit.value,
        "measure": indicator.measure,
        "period": result.period.kind.value,
        "year": result.period.year,
        "start": result.period.start.isoformat(),
        "end": result.period.end.isoformat(),
        "within_region": result.region or "",
        "within": ";".join(f"{d}={code}" for d, code in result.where.items()),
        "status": result.status.value,
    }
    if result.status is not Status.REPORTED:
        return [{**base, **dict.fromkeys(dimensions, TOTAL), "value": "", "suppressed": ""}]
    rows: list[dict[str, Any]] = []
    for key in ordered_cells(result):
        row = dict(base)
        parts = dict(zip(result.dimensions, key, strict=True))
        for dimension in dimensions:
            row[dimension] = parts.get(dimension) or TOTAL
        value = result.cell(*key)
        row["value"] = "" if value is None else _csv_number(value)
        row["suppressed"] = "yes" if public and key in result.suppressed else ""
        rows.append(row)
    return rows


def _csv_number(value: Number) -> str:
    if isinstance(value, Decimal):
        return str(json_number(value))
    return str(value)


def ordered_cells(result: IndicatorResult) -> list[tuple[str | None, ...]]:
    """The cell keys in reading order: the total, then the cells of each dimension in its category order."""

    def order(key: tuple[str | None, ...]) -> tuple[int, ...]:
        ranks = [
            -1 if part is None else result.categories[dimension].index(part)
            for dimension, part in zip(result.dimensions, key, strict=True)
        ]
        return (sum(p is not None for p in key), *ranks)

    if result.status is not Status.REPORTED:
        return [result.total_key]
    return sorted(result.cells, key=order)


def value_text(result: IndicatorResult, key: tuple[str | None, ...], lang: str = "es") -> str:
    """A cell as the table shows it: the number, or why there is none."""
    if result.status is not Status.REPORTED:
        return translated(STATUS_LABELS[result.status.value], lang)
    value = result.cell(*key)
    if value is None:
        return translated(STATUS_LABELS["suppressed"], lang)
    number = json_number(value)
    return f"{number:,}" if isinstance(number, int) else f"{number:,.2f}"
