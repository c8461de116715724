"""Personas at work in a real browser: a police data officer reads their agency's batches and cannot open the
prosecutors' batch by its address; an analyst reveals a victim's identity with a reason, and the auditor finds that
reveal, reason included, in the audit trail, with no identity in it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from kuska.audit.models import Event
from tests.access_world import NAMES, OTHER, PARENT, holdings
from tests.browser.axe import assert_accessible
from tests.personas import person

Shot = Callable[[Page, str], Path]


def test_a_data_officer_reads_their_batches_and_cannot_reach_another_agencys_by_its_address(
    sign_in_as: Callable[[str], Page],
    live_server: LiveServer,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    own = holdings(PARENT)  # the data officer persona works at the police
    other = holdings(OTHER)
    page = sign_in_as("data_officer")
    page.goto(live_server.url + "/batches/")
    expect(page.locator("#batches")).to_contain_text(PARENT)
    expect(page.locator("#batches")).not_to_contain_text(OTHER)
    assert_accessible(page)
    page.get_by_role("link", name=str(own.batch.pk), exact=True).click()
    expect(page.locator("main")).to_contain_text("sex")  # the rejected row's column, named
    screenshot(page, "data-officer-batch")
    assert_accessible(page)
    answer = page.goto(f"{live_server.url}/batches/{other.batch.pk}/")
    assert answer is not None
    assert answer.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("No encontrado")
    expect(page.locator("body")).not_to_contain_text("personas.csv")
    assert_accessible(page)
    screenshot(page, "data-officer-other-batch")
    assert console_errors == []


def test_an_analysts_reveal_is_in_the_audit_trail_with_the_reason_the_auditor_reads(
    sign_in_as: Callable[[str], Page],
    live_server: LiveServer,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    victim = holdings(OTHER).victim
    given, paternal, _maternal, document = NAMES[OTHER]
    page = sign_in_as("analyst")
    page.goto(f"{live_server.url}/persons/{victim.pk}/")
    expect(page.locator("main")).not_to_contain_text(given)
    assert_accessible(page)
    reason = "verificación del caso derivado a la fiscalía"
    page.get_by_label("¿Por qué necesita ver").fill(reason)
    page.get_by_role("button", name="Revelar").click()
    expect(page.locator("#identity")).to_contain_text(f"Nombres{given}Apellido paterno")
    expect(page.locator("#identity")).to_contain_text(document)
    screenshot(page, "analyst-reveal")
    assert_accessible(page)

    analyst = person("analyst")
    reveal = Event.objects.get(action="identity.reveal", actor=analyst)
    assert reveal.reason == reason
    assert reveal.records == [f"registry.personrecord:{victim.pk}"]

    page.get_by_role("button", name="Cerrar sesión").click()
    page = sign_in_as("auditor")
    page.goto(f"{live_server.url}/audit/?action=identity.reveal")
    row = page.locator("#events tr", has_text=reason)
    expect(row).to_contain_text(analyst.email)
    expect(row).to_contain_text(f"registry.personrecord:{victim.pk}")
    for value in (given, paternal, document):
        expect(page.locator("body")).not_to_contain_text(value)
    screenshot(page, "auditor-trail")
    assert_accessible(page)
    assert console_errors == []
