"""Every figure traceable, in a real browser: the analyst clicks a figure of the figures page, reads the records
behind it by pseudonym, opens one and finds the same person at another agency; every page passes axe-core."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from kuska.audit.models import Event
from tests.browser.axe import assert_accessible
from tests.country import ensure_profile
from tests.personas import person
from tests.report_dataset import build_dataset, link_victims

Shot = Callable[[Page, str], Path]


def test_the_analyst_follows_a_figure_to_its_records_and_a_record_to_the_same_person_elsewhere(
    sign_in_as: Callable[[str], Page],
    live_server: LiveServer,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    ensure_profile()
    build_dataset()
    link_victims()
    page = sign_in_as("analyst")
    page.goto(live_server.url + "/figures/?by=agency")
    police = page.locator('td.figure[data-indicator="victims_identified"][data-cell="PNP"] a')
    expect(police).to_have_text("12")
    assert_accessible(page)
    screenshot(page, "trace-figures")
    police.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Registros detrás de una cifra")
    expect(page.locator("#figure")).to_contain_text("Víctimas identificadas")
    expect(page.locator("#figure")).to_contain_text("Entidad: PNP")
    expect(page.locator("#total")).to_contain_text("12")
    expect(page.locator("#figure-records tr")).to_have_count(13)  # the heading and a row per record
    assert_accessible(page)
    screenshot(page, "trace-records")
    listed = Event.objects.filter(action="records.list", actor=person("analyst")).latest("sequence")
    assert len(listed.records) == 12

    page.locator("#figure-records tr").nth(1).get_by_role("link").click()
    expect(
        page.get_by_role("heading", level=2, name="La misma persona en otras entidades")
    ).to_be_visible()
    other = page.locator("#same-person-records tr").nth(1)
    expect(other).to_contain_text("MP-FISCALIA")
    assert_accessible(page)
    screenshot(page, "trace-person")
    other.get_by_role("link").click()
    expect(page.locator("#record")).to_contain_text("MP-FISCALIA")
    expect(page.locator("#same-person-records")).to_contain_text("PNP-LOR")
    assert_accessible(page)
    screenshot(page, "trace-person-other-agency")
    assert console_errors == []
