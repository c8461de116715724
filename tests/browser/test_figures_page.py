"""The figures page in a real browser: the analyst sees the exact figures, a visitor who is not signed in the
published ones; both pages pass axe-core, and the report's charts draw under the page's strict CSP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.axe import assert_accessible
from tests.country import ensure_profile
from tests.report_dataset import build_dataset

Shot = Callable[[Page, str], Path]


def test_the_analyst_sees_exact_figures_and_a_visitor_the_published_ones(
    sign_in_as: Callable[[str], Page],
    live_server: LiveServer,
    page: Page,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    ensure_profile()
    build_dataset()
    convicted = 'td.figure[data-indicator="traffickers_convicted"][data-by=""]'

    page.goto(live_server.url + "/figures/")  # a visitor first: no one signed in
    expect(page.get_by_role("heading", level=1)).to_have_text("Panel de indicadores")
    expect(page.locator("#version")).to_contain_text("Cifras publicadas")
    expect(page.locator(convicted)).to_have_text("reservado")
    expect(page.locator("nav.menu")).to_contain_text("Panel de indicadores")
    expect(page.locator("#c-pipeline svg")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "figures-visitor")

    sign_in_as("analyst")
    page.goto(live_server.url + "/figures/")
    expect(page.locator("#version")).to_contain_text("Cifras exactas")
    expect(page.locator(convicted)).to_have_text("4")
    page.get_by_label("Desagregación").select_option("sex")
    page.get_by_role("button", name="Mostrar").click()
    expect(page.locator("#period")).to_contain_text("por Sexo")
    expect(page.locator("#c-region-map svg")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "figures-analyst")
    assert console_errors == []
