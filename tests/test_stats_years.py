"""The engine's faster paths give the figures of :func:`~kuska.stats.engine.compute`, unchanged: the calendar years
of a trend in one grouped query (``compute_years``), every figure of a page computed once (``Results``), and a
filter on a person's sex, age or nationality written on the stored columns. Checked over the three-year report
dataset, for every indicator of the catalogue; the suite runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kuska.stats import engine
from kuska.stats.engine import (
    IndicatorResult,
    Results,
    StatsContext,
    Status,
    compute,
    compute_years,
    filter_codes,
)
from kuska.stats.periods import Period
from tests.report_dataset import dataset

pytestmark = pytest.mark.django_db
__all__ = ["dataset"]  # the module-scoped fixture, used below

YEARS = (2016, 2017, 2018, 2019, 2020)  # 2016 and 2017 hold no record: not reported


def same(result: IndicatorResult) -> tuple[object, ...]:
    """What a result says: every field a page or a report reads."""
    return (
        result.indicator.id,
        result.period,
        result.status,
        result.dimensions,
        result.categories,
        result.cells,
        result.region,
        result.where,
        result.not_reported_by,
        result.unavailable_dimensions,
        result.note,
    )


@pytest.mark.parametrize("by", [(), ("agency",), ("sex", "age_group")], ids=str)
@pytest.mark.parametrize(
    "where",
    [{}, {"sex": "female"}, {"region": "PE-LOR"}, {"agency": "PNP"}, {"age_group": "unknown"}],
    ids=str,
)
def test_the_years_computed_together_are_each_years_figures(
    dataset: None, by: Sequence[str], where: dict[str, str]
) -> None:
    context = StatsContext.load()
    for indicator in context.catalogue:
        together = compute_years(indicator, YEARS, by, where=where, context=context)
        assert sorted(together) == list(YEARS)
        for year in YEARS:
            alone = compute(indicator, Period.calendar(year), by, where=where, context=context)
            assert same(together[year]) == same(alone), (indicator.id, year)


def test_a_trend_of_a_dated_indicator_is_one_query_per_subset_of_the_breakdowns(
    dataset: None,
) -> None:
    context = StatsContext.load()
    indicator = context.catalogue["suspects_prosecuted"]
    with CaptureQueriesContext(connection) as one_by_one:
        for year in YEARS:
            compute(indicator, Period.calendar(year), ("agency",), context=context)
    with CaptureQueriesContext(connection) as together:
        found = compute_years(indicator, YEARS, ("agency",), context=context)
    assert found[2016].status is Status.NOT_REPORTED
    assert found[2020].status is Status.REPORTED
    # the years supplied, then the total and the agencies, each grouped by year
    assert len(together) == 3 < len(one_by_one)


def test_a_figure_asked_twice_is_computed_once_and_a_total_is_read_from_its_breakdown(
    dataset: None,
) -> None:
    context = StatsContext.load()
    indicator = context.catalogue["victims_identified"]
    period = Period.calendar(2020)
    results = Results(context)
    by_agency = results.get(indicator, period, ("agency",), where={"sex": "female"})
    with CaptureQueriesContext(connection) as asked_again:
        assert results.get(indicator, period, ("agency",), where={"sex": "female"}) is by_agency
        total = results.get(indicator, period, where={"sex": "female"})
    assert len(asked_again) == 0
    alone = compute(indicator, period, where={"sex": "female"}, context=context)
    assert same(total) == same(alone)
    assert total.value == by_agency.value


def test_the_years_of_a_trend_are_given_by_the_results_as_each_year_alone(dataset: None) -> None:
    context = StatsContext.load()
    indicator = context.catalogue["victims_identified"]
    results = Results(context)
    results.years(indicator, YEARS, ("agency",))
    with CaptureQueriesContext(connection) as read:
        given = [results.get(indicator, Period.calendar(year), ("agency",)) for year in YEARS]
    assert len(read) == 0
    for year, result in zip(YEARS, given, strict=True):
        alone = compute(indicator, Period.calendar(year), ("agency",), context=context)
        assert same(result) == same(alone)


@pytest.mark.parametrize(
    "dimension",
    [
        "sex",
        "nationality",
        "nationality_group",
        "age_group",
        "age_band",
        "age_band_general",
    ],
)
def test_a_filter_on_the_persons_columns_counts_the_records_of_the_breakdowns_category(
    dataset: None, dimension: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each code of the filter, the unknown one included, against the category the breakdown's expression gives."""
    context = StatsContext.load()
    codes = filter_codes(dimension, context)
    indicators = [i for i in context.catalogue if dimension in i.breakdowns]
    assert indicators
    assert "unknown" in codes

    def figures() -> list[tuple[object, ...]]:
        return [
            same(
                compute(
                    i, Period.calendar(year), ("agency",), where={dimension: code}, context=context
                )
            )
            for i in indicators
            for code in codes
            for year in (2019, 2020)
        ]

    on_columns = figures()
    monkeypatch.setattr(engine, "_category_q", lambda *_args: None)  # the expression's category
    assert on_columns == figures()
