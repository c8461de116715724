"""Two more personas at work in a real browser: a case worker of the women's ministry's shelter finds the victims
referred to it by another agency, and not others, and reveals one with a reason; a hotline operator records a call
(a refused value first comes back on its field), finds it in their calls, and a colleague does not."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from kuska.audit.models import Event
from kuska.registry.models import Agency, HotlineCall, SubmissionBatch
from tests.access_world import NAMES, OTHER, PARENT, holdings
from tests.browser.axe import assert_accessible
from tests.personas import PERSONAS, person

Shot = Callable[[Page, str], Path]


def test_a_case_worker_finds_the_victims_referred_to_their_agency_and_reveals_one_with_a_reason(
    sign_in_as: Callable[..., Page],
    live_server: LiveServer,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    shelter = Agency.objects.get(code=PERSONAS["case_worker"][1])
    referred = holdings(OTHER)  # the prosecutors recorded this victim and refer them to the shelter
    referral = referred.victim.referrals.get()
    referral.to_agency = shelter
    referral.save()
    elsewhere = holdings(PARENT)  # the police's victim, referred to the police: not the shelter's
    given, paternal, _maternal, document = NAMES[OTHER]

    page = sign_in_as("case_worker")
    page.goto(live_server.url + "/persons/")
    expect(page.locator("#persons")).to_contain_text(f"personrecord:{referred.victim.pk}")
    expect(page.locator("#persons")).to_contain_text(OTHER)
    expect(page.locator("#persons")).not_to_contain_text(f"personrecord:{elsewhere.victim.pk}")
    expect(page.locator("#total")).to_contain_text("1")
    expect(page.locator("main")).not_to_contain_text(given)
    screenshot(page, "case-worker-persons")
    assert_accessible(page)

    page.get_by_role("link", name=f"personrecord:{referred.victim.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"personrecord:{referred.victim.pk}")
    reason = "plan de atención en el CAR: verificar su identidad con la fiscalía"
    page.get_by_label("¿Por qué necesita ver").fill(reason)
    page.get_by_role("button", name="Revelar").click()
    expect(page.locator("#identity")).to_contain_text(given)
    expect(page.locator("#identity")).to_contain_text(paternal)
    expect(page.locator("#identity")).to_contain_text(document)
    screenshot(page, "case-worker-reveal")
    assert_accessible(page)

    reveal = Event.objects.get(action="identity.reveal", actor=person("case_worker"))
    assert (reveal.reason, reveal.outcome) == (reason, "success")
    assert reveal.records == [f"registry.personrecord:{referred.victim.pk}"]
    answer = page.goto(f"{live_server.url}/persons/{elsewhere.victim.pk}/")
    assert answer is not None
    assert answer.status == 404
    assert console_errors == []


def test_a_hotline_operator_records_a_call_sees_it_in_their_calls_and_a_colleague_does_not(
    sign_in_as: Callable[..., Page],
    live_server: LiveServer,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    page = sign_in_as("screener")
    page.goto(live_server.url + "/calls/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrar una llamada a la línea")
    expect(page.locator("#agency")).to_contain_text(PERSONAS["screener"][1])
    screenshot(page, "screener-new-call")
    assert_accessible(page)

    next_year = timezone.localdate().year + 1
    page.get_by_label("Fecha y hora de la llamada").fill(f"{next_year}-03-01T09:15")
    page.locator("#id_line").select_option("line_1818")
    page.locator("#id_language").select_option("que")
    page.locator("#id_region").select_option("PE-CUS")
    page.locator("#id_suspected_trafficking").select_option("yes")
    page.locator("#id_referred_to").select_option("MP-FISCALIA")
    page.get_by_role("button", name="Registrar la llamada").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("La llamada no se registró")
    expect(alert).to_contain_text("Fecha y hora de la llamada: La fecha está en el futuro.")
    expect(page.locator("#called_at-errors")).to_have_text("La fecha está en el futuro.")
    expect(page.locator("#id_line")).to_have_value("line_1818")  # what was typed stays
    screenshot(page, "screener-call-refused")
    assert_accessible(page)
    assert not SubmissionBatch.objects.exists()
    assert not HotlineCall.objects.exists()

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("Fecha y hora de la llamada").fill(f"{yesterday.isoformat()}T21:05")
    page.get_by_role("button", name="Registrar la llamada").click()
    page.wait_for_url(live_server.url + "/calls/")
    call = HotlineCall.objects.get()
    expect(page.get_by_role("status")).to_contain_text(call.source_record_id)
    row = page.locator("#calls tr", has_text=f"hotlinecall:{call.pk}")
    expect(row).to_contain_text("Línea 1818 (MININTER)")
    expect(row).to_contain_text(f"{yesterday.isoformat()} 21:05")
    expect(row).to_contain_text("Quechua")
    expect(row).to_contain_text("Cusco")
    screenshot(page, "screener-calls")
    assert_accessible(page)
    operator = person("screener")
    assert (call.batch.channel, call.batch.submitted_by) == ("web", operator)
    assert Event.objects.filter(action="intake.import", actor=operator).count() == 1

    page.get_by_role("button", name="Cerrar sesión").click()
    page = sign_in_as("screener", "colega@mininter.example")
    page.goto(live_server.url + "/calls/")
    expect(page.locator("#total")).to_have_text("Llamadas registradas: 0")
    expect(page.locator("main")).not_to_contain_text(f"hotlinecall:{call.pk}")
    expect(page.locator("main")).not_to_contain_text(call.source_record_id)
    screenshot(page, "screener-colleague-calls")
    assert_accessible(page)
    assert console_errors == []
