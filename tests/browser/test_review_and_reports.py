"""The analyst at work in a real browser: reads the linkage review queue (pseudonyms, whole record ids, the fields
that agree and differ, no identity), accepts a pair with a note using the keyboard alone, runs linkage again and
follows its progress bar to the outcome, then writes the published report and finds it listed for download; every
page passes axe-core in Spanish and in English, with nothing refused by the Content-Security-Policy."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from kuska.audit.models import Event
from kuska.jobs.linking import PLACES, RUN
from kuska.jobs.work import Context
from kuska.linkage.models import LinkageRun, ReviewDecision
from tests.access_world import identity_strings, pair_in_review, world
from tests.browser.axe import assert_accessible
from tests.browser.conftest import Workers
from tests.personas import person

Shot = Callable[[Page, str], Path]
LONG_ID = "MP-FISCALIA-2025-000987654321-VICTIMA-0042"


@pytest.fixture
def held_at_scoring(workers: Workers, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """A linkage run of the job waits at its scoring step until the event given is set: on the tests' three records
    a whole run takes under a second, less than the page's poll of its progress. The event is set when the test
    ends, whatever its end, before the worker is stopped."""
    go_on = threading.Event()
    progress = Context.progress

    def holding(context: Context, done: int, total: int | None = None, step: Any = None) -> None:
        progress(context, done, total, step)
        if context.job.kind == RUN and done == PLACES["score"]:
            go_on.wait(timeout=60)

    monkeypatch.setattr(Context, "progress", holding)
    yield go_on
    go_on.set()


def no_identity(page: Page) -> None:
    text = page.content()
    assert [value for value in identity_strings() if value in text] == []


def test_the_analyst_accepts_a_review_pair_with_a_note_and_reruns_linkage(
    sign_in_as: Callable[[str], Page],
    live_server: LiveServer,
    workers: Workers,
    settings: LazySettings,
    tmp_path: Path,
    screenshot: Shot,
    console_errors: list[str],
    held_at_scoring: threading.Event,
) -> None:
    settings.VAR_DIR = tmp_path  # where the run saves its model
    settings.REPORTS_DIR = tmp_path / "reports"
    places = world()
    places["other"].victim.source_record_id = LONG_ID
    places["other"].victim.save(update_fields=["source_record_id"])
    pair = pair_in_review(places)
    pair.agreement = "0,-,2,0,0,0,1,1"
    pair.save(update_fields=["agreement"])
    page = sign_in_as("analyst")

    page.get_by_role("link", name="Revisión de vínculos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revisión de vínculos")
    card = page.locator(f"#pair-{pair.pk}")
    expect(card).to_contain_text(LONG_ID)
    expect(card).to_contain_text(f"personrecord:{pair.record_l_id}")
    expect(card.locator(".agreement")).to_contain_text("Difieren: entidad.")
    expect(card.locator("tr.field-agrees").first).to_contain_text("mismo documento")
    no_identity(page)
    assert_accessible(page)
    screenshot(page, "review-queue")
    page.get_by_label("Idioma", exact=True).select_option("en")
    page.get_by_role("button", name="Cambiar").click()
    expect(card.locator(".agreement")).to_contain_text("Differ: agency.")
    assert_accessible(page)
    screenshot(page, "review-queue-en")
    page.get_by_label("Language", exact=True).select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revisión de vínculos")

    # the keyboard alone: to the note, type it, on to "accept", press Enter
    card.get_by_label("Nota (se guarda con la decisión)").focus()
    page.keyboard.type("mismo DNI, confirmado con la fiscalía")
    page.keyboard.press("Tab")
    expect(card.get_by_role("button", name="Aceptar: una persona")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(f"Par {pair.pk} aceptado")
    expect(page.locator("#empty")).to_be_visible()
    decision = ReviewDecision.objects.get()
    assert (decision.decision, decision.note, decision.decided_by) == (
        "accept",
        "mismo DNI, confirmado con la fiscalía",
        person("analyst").email,
    )
    assert Event.objects.filter(action="linkage.review", actor=person("analyst")).count() == 1
    assert_accessible(page)
    screenshot(page, "review-decided")

    workers.start()
    page.get_by_role("button", name="Volver a enlazar los registros").click()
    page.wait_for_url("**/jobs/*/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enlace de registros")
    expect(page.locator("progress[value]")).to_be_visible(timeout=30_000)
    expect(page.locator("#job-progress")).to_contain_text("de 7")
    assert_accessible(page)
    screenshot(page, "linkage-running")
    held_at_scoring.set()
    expect(page.locator(".job-outcome")).to_contain_text(
        "3 registros de personas enlazados", timeout=120_000
    )
    workers.stop()
    screenshot(page, "linkage-done")
    assert_accessible(page)
    latest = LinkageRun.latest()
    assert latest is not None
    assert latest.pk != pair.run_id
    assert latest.decisions_applied == 1
    page.get_by_role("link", name="Ver el resultado").click()
    expect(page).to_have_url(f"{live_server.url}/review/")

    page.get_by_label("Idioma", exact=True).select_option("en")
    page.get_by_role("button", name="Cambiar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Linkage review queue")
    assert_accessible(page)
    screenshot(page, "review-en")
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual reports")
    assert_accessible(page)
    page.get_by_label("Published: small counts withheld").check()
    page.get_by_label("PDF").uncheck()
    page.get_by_label("XLSX").uncheck()
    screenshot(page, "reports-en")
    workers.start()
    page.get_by_role("button", name="Write the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual report")
    expect(page.locator(".job-outcome")).to_contain_text(
        "kuska-report-2025-es-public.html", timeout=120_000
    )
    workers.stop()
    page.get_by_role("link", name="See the result").click()
    listed = page.locator("#kuska-report-2025-es-public")
    expect(listed).to_contain_text("published")
    with page.expect_download() as download:
        listed.get_by_role("link", name="HTML 2025 Español published").click()
    assert download.value.suggested_filename == "kuska-report-2025-es-public.html"
    no_identity(page)
    assert_accessible(page)
    screenshot(page, "reports-written-en")

    page.get_by_label("Language", exact=True).select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Informes anuales")
    assert_accessible(page)
    screenshot(page, "reports-es")
    assert console_errors == []
