"""The figures page: every figure it shows is the indicator engine's, for the year, period and breakdown chosen;
the analyst (``figures.exact``) sees exact figures, everyone else the published ones, and the page says which;
*not reported* is said, never 0; Spanish first, English on request; the report's charts inline, under the CSP."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from kuska.cli import main
from kuska.stats import snapshot
from kuska.stats.engine import StatsContext, Status, compute
from kuska.stats.periods import Period
from tests.personas import person
from tests.report_dataset import (
    Engine,
    ShownFigure,
    dataset,
    link_victims,
    read_number,
    shown_figures,
)
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

__all__ = ["dataset"]  # the module-scoped fixture, used below

LATEST = 2020


def page(role: str | None, lang: str = "en", **query: str) -> str:
    """The figures page as a persona (``None``: a visitor not signed in) sees it."""
    client = Client()
    if role is not None:
        sign_in(client, person(role))
    client.cookies["django_language"] = lang
    answer = client.get("/figures/", query)
    assert answer.status_code == 200, answer.content.decode()[:2000]
    return answer.content.decode()


def check_against_engine(shown: list[ShownFigure], engine: Engine, year: int, lang: str) -> None:
    for figure in shown:
        assert figure.years == (year,), figure
        status, value = engine.expected(figure.indicator, year, figure.by, figure.key)
        assert figure.status == status, figure
        if status == "reported":
            assert read_number(figure.text, lang) == value, figure


@pytest.mark.parametrize("by", ["", "agency", "sex", "region"])
@pytest.mark.parametrize(
    ("role", "public"), [("analyst", False), (None, True)], ids=["exact", "visitor"]
)
@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_figure_on_the_page_is_the_engines(
    dataset: None, lang: str, role: str | None, public: bool, by: str
) -> None:
    html = page(role, lang, **({"by": by} if by else {}))
    shown = shown_figures(html)
    engine = Engine(public=public)
    check_against_engine(shown, engine, LATEST, lang)
    totals = {f.indicator for f in shown if f.key == (None,) * len(f.by)}
    assert totals == set(engine.context.catalogue.ids)
    if by:
        broken = [f for f in shown if f.by == (by,) and f.key != (None,)]
        assert broken, "no breakdown row shown"


def test_the_year_defaults_to_the_latest_and_an_earlier_one_can_be_chosen(dataset: None) -> None:
    assert '<option value="2020" selected>2020</option>' in page("analyst")
    html = page("analyst", year="2019")
    check_against_engine(shown_figures(html), Engine(public=False), 2019, "en")
    assert "Calendar year 2019" in html


def test_a_tip_year_gives_the_engines_figures_for_that_period(dataset: None) -> None:
    html = page("analyst", year="2019", period="tip")
    context = StatsContext.load()
    period = Period.tip(2019, context.tip_start)
    shown = shown_figures(html)
    assert shown
    for figure in shown:
        result = compute(context.catalogue[figure.indicator], period, figure.by, context=context)
        if result.status is not Status.REPORTED:
            assert figure.status == result.status.value, figure
        elif figure.status == "reported":
            assert read_number(figure.text, "en") == result.cell(*figure.key), figure
    assert "TIP reporting year 2019" in html


def test_the_public_page_withholds_a_small_count_the_exact_page_shows(dataset: None) -> None:
    def convicted(html: str) -> ShownFigure:
        (found,) = [
            f for f in shown_figures(html) if f.indicator == "traffickers_convicted" and f.by == ()
        ]
        return found

    exact = convicted(page("analyst"))
    assert (exact.status, exact.text) == ("reported", "4")
    for role in (None, "data_officer"):  # a visitor, and a role with figures.public only
        html = page(role)
        withheld = convicted(html)
        assert (withheld.status, withheld.text) == ("withheld", "withheld")
        assert "Published figures" in html
        assert "Exact figures" not in html
    assert "Exact figures" in page("analyst")


def test_a_figure_no_agency_supplied_is_not_reported_never_zero(dataset: None) -> None:
    engine = Engine(public=False)
    silent = [
        i.id
        for i in engine.context.catalogue
        if engine.result(i.id, LATEST, ()).status is Status.NOT_REPORTED
    ]
    assert silent
    for lang, words in (("en", "not reported"), ("es", "no reportado")):
        shown = {f.indicator: f for f in shown_figures(page("analyst", lang)) if f.by == ()}
        for indicator in silent:
            assert (shown[indicator].status, shown[indicator].text) == ("not_reported", words)


def test_a_source_agency_that_sent_nothing_is_not_reported_in_the_agency_breakdown(
    dataset: None,
) -> None:
    engine = Engine(public=False)
    silent = [
        (i.id, agency)
        for i in engine.context.catalogue
        if "agency" in i.breakdowns
        for agency in engine.result(i.id, 2019, ("agency",)).not_reported_by
    ]
    assert silent
    shown = shown_figures(page("analyst", year="2019", by="agency"))
    for indicator, agency in silent:
        (cell,) = [f for f in shown if f.indicator == indicator and f.key == (agency,)]
        assert cell.status == "not_reported"


def test_the_page_speaks_spanish_first_and_english_on_request(dataset: None) -> None:
    spanish = page(None, "es")
    english = page(None, "en")
    assert "<h1>Panel de indicadores</h1>" in spanish
    assert "Cifras publicadas" in spanish
    assert "Procesamiento" in spanish or "Persecución" in spanish
    assert "<h1>Dashboard</h1>" in english
    assert "Published figures" in english
    assert "Prosecution" in english


def test_the_reports_charts_are_drawn_inline_without_style(dataset: None) -> None:
    html = page("analyst")
    charts = (
        "c-pipeline",
        "c-region-map",
        "c-overlap",
        "c-trends-prosecution",
        "c-trends-protection",
    )
    for chart_id in charts:
        assert f'<figure class="chart" id="{chart_id}"' in html
    assert html.count("<svg") == len(charts)
    assert " style=" not in html  # the CSP allows no inline style
    assert "<style" not in html
    assert "<script" not in html
    assert 'fill="#' in html  # the charts' colours, as presentation attributes


def test_a_year_that_holds_no_data_is_refused_by_the_form(dataset: None) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    answer = client.get("/figures/", {"year": "1990"})
    assert answer.status_code == 400
    assert "Select a valid choice" in answer.content.decode()


# -- the dashboard's filters -------------------------------------------------------------------------------------


def command_figures(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, dict[str, Any]]:
    """``kuska stats --year 2020 ARGS --format json``, run in this process: each indicator's object."""
    code = main(["stats", "--year", str(LATEST), *args, "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0, out
    return {item["indicator"]: item for item in json.loads(out)}


def check_against_command(html: str, objects: dict[str, dict[str, Any]]) -> None:
    totals = {f.indicator: f for f in shown_figures(html) if f.by == () and f.key == ()}
    assert set(totals) == set(objects)
    for indicator, item in objects.items():
        shown = totals[indicator]
        if item["status"] != "reported":
            assert shown.status == item["status"], (shown, item)
        elif item["value"] is None and {} not in item.get(
            "suppressed", []
        ):  # a median over no record
            assert shown.status == "no_value", (shown, item)
        elif item["value"] is None:  # published: suppressed
            assert (shown.status, shown.text) == ("withheld", "withheld"), (shown, item)
        else:
            assert shown.status == "reported", (shown, item)
            assert read_number(shown.text, "en") == item["value"], (shown, item)


@pytest.mark.parametrize(
    ("query", "command"),
    [
        ({"region": "PE-LOR"}, ["--region", "PE-LOR"]),
        (
            {"agency": "PNP", "exploitation": "sexual"},
            ["--where", "agency=PNP", "--where", "exploitation=sexual"],
        ),
        (
            {"region": "PE-LMA", "sex": "female", "age": "adult"},
            ["--region", "PE-LMA", "--where", "sex=female", "--where", "age_group=adult"],
        ),
        (
            {"nationality": "VE", "age": "child_14_17"},
            ["--where", "nationality=VE", "--where", "age_band=child_14_17"],
        ),
    ],
    ids=["region", "agency-exploitation", "region-sex-age", "nationality-age-band"],
)
def test_the_filtered_figures_are_those_of_the_stats_command(
    dataset: None, capsys: pytest.CaptureFixture[str], query: dict[str, str], command: list[str]
) -> None:
    html = page("analyst", **query)
    check_against_command(html, command_figures(capsys, *command))
    for code in query.values():
        assert f'<option value="{code}" selected>' in html  # the link keeps the filters


def test_the_public_filtered_figures_are_those_of_the_stats_command_published(
    dataset: None, capsys: pytest.CaptureFixture[str]
) -> None:
    html = page(None, region="PE-LOR")
    objects = command_figures(capsys, "--region", "PE-LOR", "--public")
    check_against_command(html, objects)
    withheld = [
        i
        for i, item in objects.items()
        if item["status"] == "reported" and {} in item["suppressed"]
    ]
    assert withheld, "a small count in the region, withheld"
    exact = {f.indicator: f for f in shown_figures(page("analyst", region="PE-LOR")) if f.by == ()}
    assert all(exact[i].status == "reported" for i in withheld)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("region", "PE-LMA"),
        ("agency", "MP"),
        ("sex", "male"),
        ("age", "child"),
        ("nationality", "PE"),
        ("exploitation", "labour"),
    ],
)
def test_each_filter_narrows_the_figures(dataset: None, name: str, code: str) -> None:
    def victims(html: str) -> int:
        (found,) = [
            f for f in shown_figures(html) if f.indicator == "victims_identified" and f.by == ()
        ]
        return int(read_number(found.text, "en"))

    everyone = victims(page("analyst"))
    filtered = victims(page("analyst", **{name: code}))
    assert 0 < filtered < everyone


def test_an_agency_includes_its_units(dataset: None) -> None:
    def operations(**query: str) -> int:
        (found,) = [
            f
            for f in shown_figures(page("analyst", **query))
            if f.indicator == "police_operations" and f.by == ()
        ]
        return int(read_number(found.text, "en"))

    assert operations(agency="PNP") == operations(agency="PNP-LOR") + operations(agency="PNP-LMA")
    assert operations(agency="PNP") == operations()


def test_an_agency_that_does_not_supply_a_figure_makes_it_not_reported(dataset: None) -> None:
    shown = {f.indicator: f for f in shown_figures(page("analyst", agency="PJ")) if f.by == ()}
    assert shown["traffickers_convicted"].status == "reported"
    assert (shown["victims_identified"].status, shown["victims_identified"].text) == (
        "not_reported",
        "not reported",
    )


def test_a_figure_the_filters_cannot_apply_to_says_so_never_zero(dataset: None) -> None:
    for lang, words in (
        ("en", "does not apply to the filters"),
        ("es", "no se aplica a los filtros"),
    ):
        html = page("analyst", lang, sex="female")
        shown = {f.indicator: f for f in shown_figures(html) if f.by == ()}
        assert (shown["police_operations"].status, shown["police_operations"].text) == (
            "not_applicable",
            words,
        )
        assert shown["victims_identified"].status == "reported"


@pytest.mark.parametrize(
    ("name", "value"),
    [("region", "XX"), ("sex", "robot"), ("age", "ancient"), ("agency", "NOBODY")],
)
def test_an_invalid_filter_value_is_refused_with_a_message(
    dataset: None, name: str, value: str
) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    answer = client.get("/figures/", {name: value})
    html = answer.content.decode()
    assert answer.status_code == 400
    assert "Select a valid choice" in html
    assert "No figures are shown: a choice above is not valid" in html
    assert shown_figures(html) == []


def test_the_trends_over_the_years_are_drawn_under_the_filters(dataset: None) -> None:
    html = page("analyst", region="PE-LMA")
    for chart_id in ("c-trends-prosecution", "c-trends-protection"):
        assert f'<figure class="chart" id="{chart_id}"' in html
    assert "The trends show the calendar years 2018 to 2020." in html
    assert " style=" not in html
    # in Loreto, every record is of 2020: there is no trend to draw back to 2018
    assert "The trends show" not in page("analyst", region="PE-LOR")


def test_the_unique_victims_by_combination_of_agencies_are_shown_and_published_suppressed(
    dataset: None,
) -> None:
    linked = link_victims()
    exact = {f.key: f for f in shown_figures(page("analyst")) if f.indicator == "unique_victims"}
    assert read_number(exact[()].text, "en") == linked["unique"]
    both = exact[("PNP + MP-FISCALIA",)]  # the combination of the police and the prosecutors
    assert (both.status, both.text) == ("reported", str(linked["overlap"]))
    public = {f.key: f for f in shown_figures(page(None)) if f.indicator == "unique_victims"}
    published = public[("PNP + MP-FISCALIA",)]
    assert (published.status, published.text) == ("withheld", "withheld")
    html = page("analyst", region="PE-LOR")
    assert '<figure class="chart" id="c-overlap"' in html


def test_a_filtered_dashboard_for_the_year_is_under_one_megabyte(dataset: None) -> None:
    html = page("analyst", "es", region="PE-LMA", sex="female", by="agency")
    assert len(html.encode()) < 1_000_000


def test_the_unique_victims_filtered_to_an_agency_are_the_persons_it_holds(dataset: None) -> None:
    link_victims()
    context = StatsContext.load()
    unique = context.catalogue["unique_victims"]
    period = Period.calendar(LATEST)
    whole = compute(unique, period, ("agency",), context=context)
    at_police = compute(unique, period, where={"agency": "PNP"}, context=context)
    assert at_police.value == sum(
        value
        for (combination,), value in whole.cells.items()
        if combination is not None and "PNP" in combination.split(" + ")
    )
    women = compute(unique, period, where={"sex": "female"}, context=context)
    assert 0 < (women.value or 0) < (whole.value or 0)
    by_form = compute(unique, period, where={"exploitation": "sexual"}, context=context)
    assert (by_form.status, by_form.value) == (Status.NOT_APPLICABLE, None)


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"by": "agency", "sex": "female"},
        {"by": "region", "period": "tip", "year": "2019"},
        {"agency": "PNP", "age": "child", "by": "exploitation"},
        {"nationality": "VE", "region": "PE-LIM"},
    ],
    ids=str,
)
@pytest.mark.parametrize("role", ["analyst", None], ids=["exact", "visitor"])
def test_the_page_counted_from_the_snapshot_in_memory_is_the_page_the_engine_counts(
    dataset: None, monkeypatch: pytest.MonkeyPatch, role: str | None, query: dict[str, str]
) -> None:
    """As ``kuska serve`` shows it (kuska.stats.snapshot): every figure and every chart the same."""

    def shown() -> tuple[list[ShownFigure], list[str]]:
        cache.clear()  # the page remembered for the data version: counted afresh
        html = page(role, **query)
        return shown_figures(html), re.findall(r"<svg.*?</svg>", html, re.DOTALL)

    by_engine = shown()
    monkeypatch.setattr(snapshot, "_state", {"kept": True, "snapshot": None, "reading": None})
    read = snapshot.keep_current()
    assert snapshot.current() is read
    by_snapshot = shown()
    assert by_snapshot == by_engine
    assert len(by_engine[0]) > 50
