"""The data-quality scorecard in a real browser: the analyst chooses a year, sees every agency and opens one for its
rejections by reason, in Spanish and in English; the police data officer sees the police only, in both languages,
and is told plainly when a year holds no data. Every page passes axe-core, under the page's strict CSP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.axe import assert_accessible
from tests.country import ensure_profile
from tests.quality_data import YEAR, build_quality_data

Shot = Callable[[Page, str], Path]


def test_the_analyst_sees_every_agency_and_opens_one_in_spanish_and_english(
    sign_in_as: Callable[[str], Page],
    live_server: LiveServer,
    page: Page,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    ensure_profile()
    build_quality_data()
    sign_in_as("analyst")
    page.get_by_role("navigation", name="Páginas").get_by_role(
        "link", name="Calidad de los datos"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Calidad de los datos")
    page.get_by_label("Año").select_option(str(YEAR))
    page.get_by_role("button", name="Mostrar").click()
    expect(page.locator("#period")).to_contain_text(f"Año calendario {YEAR}")
    rejected = page.locator(
        '#quality-submissions td[data-agency="PNP"][data-figure="submissions-5"]'
    )
    expect(rejected).to_have_text("28,6\u00a0%")
    expect(page.locator('#quality-linked td[data-agency="MP-FISCALIA"]').first).to_have_text("1")
    assert_accessible(page)
    screenshot(page, "quality-analyst-es")

    page.locator("#quality-timeliness").get_by_role("link", name="PNP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Calidad de los datos de PNP")
    expect(page.locator("#quality-reasons")).to_contain_text("El valor no está en la lista «sex».")
    assert_accessible(page)
    screenshot(page, "quality-agency-es")

    page.get_by_label("Idioma", exact=True).select_option("en")
    page.get_by_role("button", name="Cambiar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data quality of PNP")
    expect(page.locator("#quality-reasons")).to_contain_text(
        "The value is not in the code list 'sex'."
    )
    assert_accessible(page)
    screenshot(page, "quality-agency-en")
    page.get_by_role("link", name="All agencies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data quality")
    expect(rejected).to_have_text("28.6\u00a0%")
    assert_accessible(page)
    screenshot(page, "quality-analyst-en")
    assert console_errors == []


def test_the_police_data_officer_sees_the_police_only(
    sign_in_as: Callable[[str], Page],
    live_server: LiveServer,
    page: Page,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    ensure_profile()
    build_quality_data()
    sign_in_as("data_officer")
    page.goto(f"{live_server.url}/quality/?year={YEAR}")
    agencies = page.locator("#quality-submissions tbody th a")
    expect(agencies).to_have_text(["PNP"])
    expect(page.locator("#quality-timeliness")).to_contain_text("20")
    assert_accessible(page)
    screenshot(page, "quality-data-officer-es")
    page.get_by_label("Año").select_option(str(YEAR))
    page.get_by_label("Periodo").select_option("tip")
    page.get_by_role("button", name="Mostrar").click()
    expect(page.locator("#period")).to_contain_text("Año del informe TIP")
    assert_accessible(page)
    response = page.goto(f"{live_server.url}/quality/MP-FISCALIA/?year={YEAR}")
    assert response is not None
    assert response.status == 404
    page.goto(f"{live_server.url}/quality/?year=1900")
    expect(page.locator("#year-errors")).to_contain_text(
        "Ningún registro contiene datos del año «1900»"
    )
    assert_accessible(page)
    screenshot(page, "quality-bad-year-es")

    page.get_by_label("Idioma", exact=True).select_option("en")
    page.get_by_role("button", name="Cambiar").click()
    expect(page.locator("#year-errors")).to_contain_text("No record holds data for the year “1900”")
    page.get_by_label("Year").select_option(str(YEAR))
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#quality-submissions tbody th a")).to_have_text(["PNP"])
    page.locator("#quality-submissions").get_by_role("link", name="PNP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data quality of PNP")
    expect(page.locator("#quality-reasons")).to_contain_text("The date is after today.")
    assert_accessible(page)
    screenshot(page, "quality-data-officer-agency-en")
    assert console_errors == []
