"""The records behind a figure: for every kind of indicator, the records listed behind a cell give the cell's
figure, counted as the indicator counts (records, distinct persons, a sum, a median, the persons of linkage)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db.models import Sum

from kuska.registry.models import Identification
from kuska.stats.catalogue import CountMethod, Indicator
from kuska.stats.durations import median
from kuska.stats.engine import StatsContext, Status, compute
from kuska.stats.periods import Period
from kuska.stats.trace import Behind, records_behind
from tests.report_dataset import linked_dataset

pytestmark = pytest.mark.django_db

__all__ = ["linked_dataset"]  # the module-scoped fixture, used below


def measured(behind: Behind) -> int | Decimal | None:
    """What the indicator's count makes of the records behind a cell, counted here without the engine."""
    indicator = behind.indicator
    model = behind.record.model._default_manager.filter(pk__in=list(behind.ids))
    if indicator.count is CountMethod.RECORDS:
        return model.count()
    if indicator.count is CountMethod.SUM:
        total = model.aggregate(v=Sum(indicator.field.replace(".", "__")))["v"]
        return Decimal(str(total)) if isinstance(total, float) else total
    if indicator.count is CountMethod.LINKAGE:
        return len(set(behind.persons.values()))
    if (
        indicator.count is CountMethod.MEDIAN_DAYS
    ):  # each record behind is one victim's first service
        assert model.values(behind.record.person).distinct().count() == len(behind.days)
        return median(list(behind.days.values())) if behind.days else None
    if indicator.count is CountMethod.MEDIAN:  # of the hours between the interval's two moments
        start, end = indicator.interval
        hours = sorted(
            Decimal((b - a).total_seconds()) / 3600 for a, b in model.values_list(start, end)
        )
        middle = len(hours) // 2
        found = hours[middle] if len(hours) % 2 else (hours[middle - 1] + hours[middle]) / 2
        return found.quantize(Decimal("0.1"), ROUND_HALF_UP)
    return model.values(behind.record.person).distinct().count()


def cells(indicator: Indicator, period: Period, context: StatsContext) -> Iterator[dict[str, str]]:
    """The total and every category of each single breakdown of the indicator, as the figures page shows them."""
    yield {}
    for dimension in indicator.breakdowns:
        result = compute(indicator, period, (dimension,), context=context)
        for category in result.categories.get(dimension, []):
            yield {dimension: category}


@pytest.mark.parametrize("kind", ["calendar", "tip"])
def test_the_records_behind_every_cell_of_every_indicator_give_the_cells_figure(
    linked_dataset: StatsContext, kind: str
) -> None:
    context = linked_dataset
    period = context.period(kind, 2020 if kind == "calendar" else 2019)
    wrong: list[str] = []
    counted_kinds: set[CountMethod] = set()
    for indicator in context.catalogue:
        for cell in cells(indicator, period, context):
            result = compute(indicator, period, tuple(cell), context=context)
            behind = records_behind(indicator, period, cell, context=context)
            if result.status is not Status.REPORTED:
                assert (behind.status, behind.count()) == (result.status, 0), indicator.id
                continue
            want = result.cell(*cell.values())
            if measured(behind) != want:
                wrong.append(f"{indicator.id} {cell}: {measured(behind)} behind, {want} shown")
            if want:
                counted_kinds.add(indicator.count)
    assert wrong == []
    if kind == "calendar":
        assert counted_kinds == set(
            CountMethod
        )  # every kind of indicator was checked on some records


def test_a_cell_of_two_dimensions_and_the_margins_around_it_add_up(
    linked_dataset: StatsContext,
) -> None:
    context = linked_dataset
    indicator = context.catalogue["victims_identified"]
    period = Period.calendar(2020)
    result = compute(indicator, period, ("agency", "sex"), context=context)
    for agency, sex in itertools.product(
        [None, *result.categories["agency"]], [None, *result.categories["sex"]]
    ):
        cell = {d: c for d, c in (("agency", agency), ("sex", sex)) if c is not None}
        behind = records_behind(indicator, period, cell, context=context)
        assert measured(behind) == result.cell(agency, sex), cell


def test_a_figure_restricted_to_a_region_lists_the_records_of_that_region_only(
    linked_dataset: StatsContext,
) -> None:
    context = linked_dataset
    period = Period.calendar(2020)
    for indicator_id in ("victims_identified", "unique_victims", "police_operations"):
        indicator = context.catalogue[indicator_id]
        for region in ("PE-LMA", "PE-LOR"):
            behind = records_behind(indicator, period, {"region": region}, context=context)
            want = compute(indicator, period, region=region, context=context).value
            assert measured(behind) == want, (indicator_id, region)


def test_the_records_behind_a_linkage_figure_are_every_record_of_its_persons_in_the_period(
    linked_dataset: StatsContext,
) -> None:
    context = linked_dataset
    overlap = records_behind(
        context.catalogue["agency_overlap"], Period.calendar(2020), context=context
    )
    assert len(set(overlap.persons.values())) == 2
    assert overlap.count() == 4  # each person's police and prosecutors' record
    rows = overlap.rows(list(overlap.ids))
    assert {row.agency.split("-")[0] for row in rows} == {"PNP", "MP"}
    assert all(row.person == row.id for row in rows)
    assert {row.categories["agency"] for row in rows} == {"PNP + MP-FISCALIA"}


def test_each_record_behind_a_cell_shows_its_agency_its_person_and_the_cells_categories(
    linked_dataset: StatsContext,
) -> None:
    context = linked_dataset
    indicator = context.catalogue["victims_identified"]
    behind = records_behind(
        indicator, Period.calendar(2020), {"agency": "PNP", "sex": "female"}, context=context
    )
    rows = behind.rows(list(behind.ids))
    assert len(rows) == 8
    for row in rows:
        assert row.agency.startswith("PNP-")
        assert row.categories["agency"] == "PNP"
        assert row.categories["sex"] == "female"
        identification = Identification.objects.get(pk=row.id)
        assert row.person == identification.victim_id
        assert row.source_record_id == identification.source_record_id


def test_a_figure_not_reported_has_no_records_behind_it(linked_dataset: StatsContext) -> None:
    context = linked_dataset
    behind = records_behind(context.catalogue["sentences"], Period.calendar(2020), context=context)
    assert behind.status is Status.NOT_REPORTED
    assert behind.count() == 0


def test_a_dimension_the_indicator_cannot_be_broken_down_by_is_refused(
    linked_dataset: StatsContext,
) -> None:
    context = linked_dataset
    with pytest.raises(ValueError, match="cannot be broken down by 'sex'"):
        records_behind(
            context.catalogue["police_operations"], Period.calendar(2020), {"sex": "female"}
        )
