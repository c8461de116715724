"""The dashboard in a real browser, as the personas use it: the analyst filters the 2020 dashboard to a region with
the keyboard and finds the figures of ``kuska stats --year 2020 --region CODE``; a visitor filtering the same way
sees only the published figures (``--public``), in Spanish and in English; every page passes axe-core."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from kuska.cli import main
from tests.browser.axe import assert_accessible
from tests.country import ensure_profile
from tests.report_dataset import build_dataset, read_number, shown_figures

Shot = Callable[[Page, str], Path]
REGION = "PE-LOR"  # every record of Loreto is of 2020, some counts of people are small
TRENDING = "PE-LMA"  # Lima holds records of 2018 to 2020
PEOPLE = ("records", "unique persons", "persons")  # the units disclosure control protects


def command(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, dict[str, Any]]:
    """``kuska stats --year 2020 ARGS --format json``, run in this process: each indicator's object."""
    code = main(["stats", "--year", "2020", *args, "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0, out
    return {item["indicator"]: item for item in json.loads(out)}


def totals_shown(page: Page) -> dict[str, tuple[str, str]]:
    """Each indicator's total as the page shows it: (status, text)."""
    return {
        f.indicator: (f.status, f.text)
        for f in shown_figures(page.content())
        if f.by == () and f.key == ()
    }


def assert_same_figures(page: Page, objects: dict[str, dict[str, Any]], lang: str) -> None:
    shown = totals_shown(page)
    assert set(shown) == set(objects)
    for indicator, item in objects.items():
        status, text = shown[indicator]
        if item["status"] != "reported":
            assert status == item["status"], (indicator, status, item)
        elif item["value"] is None and {} not in item.get("suppressed", []):
            assert status == "no_value", (indicator, text, item)  # a median over no record
        elif item["value"] is None:
            assert status == "withheld", (indicator, text, item)
        else:
            assert status == "reported", (indicator, text, item)
            assert read_number(text, lang) == item["value"], (indicator, text, item)


def filter_to_region_with_the_keyboard(page: Page, region: str) -> None:
    """Choose the region in the form's "Región" list and press "Mostrar" with the keyboard."""
    page.get_by_label("Región", exact=True).focus()
    page.get_by_label("Región", exact=True).select_option(region)
    page.keyboard.press("Tab")  # on to the next field, then to the button
    page.get_by_role("button", name="Mostrar").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/figures/?*region={region}*")


def test_the_analyst_filters_to_a_region_and_finds_the_stats_commands_figures(
    sign_in_as: Callable[[str], Page],
    live_server: LiveServer,
    page: Page,
    screenshot: Shot,
    console_errors: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    ensure_profile()
    build_dataset()

    sign_in_as("analyst")
    page.goto(live_server.url + "/figures/?year=2020")
    expect(page.get_by_role("heading", level=1)).to_have_text("Panel de indicadores")
    expect(page.locator("nav.menu")).to_contain_text("Panel de indicadores")
    filter_to_region_with_the_keyboard(page, TRENDING)
    expect(page.locator("#filtered")).to_contain_text("Región: Lima Metropolitana")
    expect(page.locator("#version")).to_contain_text("Cifras exactas")
    assert_same_figures(page, command(capsys, "--region", TRENDING), "es")
    expect(page.locator("#c-trends-prosecution svg")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "dashboard-analyst-region")

    # the link carries the filters: opened again, it shows the same figures
    page.goto(page.url)
    assert_same_figures(page, command(capsys, "--region", TRENDING), "es")
    assert console_errors == []


def test_a_visitor_filtering_to_a_region_sees_only_published_figures_in_both_languages(
    live_server: LiveServer,
    page: Page,
    screenshot: Shot,
    console_errors: list[str],
    capsys: pytest.CaptureFixture[str],
    transactional_db: None,
) -> None:
    ensure_profile()
    build_dataset()
    published = command(capsys, "--region", REGION, "--public")
    exact = command(capsys, "--region", REGION)
    small = [
        i
        for i, item in exact.items()
        if item["unit"] in PEOPLE and item["value"] is not None and 1 <= item["value"] <= 4
    ]
    assert small, "the region holds a small count of people"

    page.goto(live_server.url + "/figures/")
    filter_to_region_with_the_keyboard(page, REGION)
    expect(page.locator("#version")).to_contain_text("Cifras publicadas")
    assert_same_figures(page, published, "es")
    shown = totals_shown(page)
    assert all(shown[i] == ("withheld", "reservado") for i in small)
    assert_accessible(page)
    screenshot(page, "dashboard-visitor-region-es")

    page.locator("#language").select_option("en")
    page.get_by_role("button", name="Cambiar").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.locator("#filtered")).to_contain_text("Region: Loreto")
    assert_same_figures(page, published, "en")
    assert all(totals_shown(page)[i] == ("withheld", "withheld") for i in small)
    assert_accessible(page)
    screenshot(page, "dashboard-visitor-region-en")
    assert console_errors == []
