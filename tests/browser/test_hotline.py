"""A hotline operator at work in a real browser: a call from a victim who speaks Quechua, screened on the call in
Quechua, switched to Spanish midway, "likely victim", the call and the screening recorded together, and the
identification counted in ``kuska stats`` for the year. The call form with the questions passes axe in Spanish
and English, is filled with the keyboard, and fits a 360-pixel-wide screen."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from kuska.registry.models import HotlineCall, Identification, Referral
from kuska.screening.models import Screening
from tests.browser.axe import assert_accessible
from tests.browser.test_every_page import controls_missed_by_tab
from tests.browser.test_screening import (
    AFTER_SWITCH,
    BEFORE_SWITCH,
    answer_yes,
    identified_in,
    quechua,
)

Shot = Callable[[Page, str], Path]

WITH_QUESTIONS = "/calls/new/?questionnaire=adults_sexual&questions_in="


def test_an_operator_screens_a_victim_on_the_call_and_the_identification_counts_in_the_stats(
    sign_in_as: Callable[..., Page],
    live_server: LiveServer,
    screenshot: Shot,
    console_errors: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    before = identified_in(yesterday.year, capsys)
    page = sign_in_as("screener")
    page.goto(live_server.url + "/calls/new/")
    page.get_by_label("Fecha y hora de la llamada").fill(f"{yesterday.isoformat()}T21:05")
    page.locator("#id_line").select_option("line_1818")
    page.locator("#id_language").select_option("que")
    page.locator("#id_region").select_option("PE-CUS")
    page.locator("#id_caller_type").select_option("victim")
    page.locator("#id_interpreter_requested").select_option("yes")
    page.locator("#id_interpreter_provided").select_option("no")
    page.locator("#id_urgency").select_option("immediate")
    page.locator("#id_suspected_trafficking").select_option("yes")
    page.locator("#id_referred_to").select_option("MP-FISCALIA")
    page.get_by_label("Fecha y hora de la derivación").fill(f"{yesterday.isoformat()}T21:40")
    page.get_by_label("Plazo para la respuesta a la derivación").fill(
        f"{yesterday.isoformat()}T23:40"
    )
    page.get_by_label("Cuestionario").select_option("adults_sexual")
    page.locator("#switch-qu").click()  # the questions, in the language of the call

    drafted = page.locator("#question-as15")
    expect(drafted).to_contain_text(quechua("as15"))
    expect(drafted).to_contain_text("traducción en revisión")
    for question_id in BEFORE_SWITCH:
        answer_yes(page, question_id)
    expect(page.locator("#id_caller_type")).to_have_value(
        "victim"
    )  # the call travels with the questions
    screenshot(page, "hotline-screening-quechua")
    assert_accessible(page)

    page.locator("#switch-es").click()
    expect(page.locator("#question-as15")).to_contain_text("¿Le golpean o le hacen daño?")
    for question_id in BEFORE_SWITCH:
        expect(page.locator(f"#answer-{question_id}-yes")).to_be_checked()
    for question_id in AFTER_SWITCH:
        answer_yes(page, question_id)
    page.get_by_label("Edad (años)").fill("24")
    page.get_by_label("La persona que llama acepta ser derivada").check()
    page.get_by_role("button", name="Registrar la llamada").click()

    page.wait_for_url("**/screenings/*/")
    expect(page.locator("#result")).to_contain_text("víctima probable")
    expect(page.locator("#indicators")).to_contain_text("Condiciones de explotación: presente")
    call = HotlineCall.objects.get()
    expect(page.locator("#call")).to_contain_text(call.source_record_id)
    expect(page.locator("main")).to_contain_text("método: línea telefónica")
    screenshot(page, "hotline-screening-result")
    assert_accessible(page)

    screening = Screening.objects.get()
    assert screening.call_record_id == call.source_record_id
    assert screening.answers == {
        **dict.fromkeys(screening.answers, "unknown"),
        **dict.fromkeys(BEFORE_SWITCH + AFTER_SWITCH, "yes"),
    }
    assert Identification.objects.get().method == "hotline"
    assert Referral.objects.filter(to_agency__code="MP-FISCALIA").count() == 1
    assert identified_in(yesterday.year, capsys) == before + 1
    assert console_errors == []


@pytest.mark.parametrize("language", ["es", "en", "qu", "ay"])
def test_the_call_form_with_its_questions_passes_axe_and_the_keyboard(
    language: str,
    sign_in_as: Callable[..., Page],
    live_server: LiveServer,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    page = sign_in_as("screener")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    for url in ("/calls/new/", *(WITH_QUESTIONS + code for code in ("es", "en", "qu", "ay"))):
        answer = page.goto(live_server.url + url)
        assert answer is not None
        assert answer.status == 200, url
        assert page.locator("html").get_attribute("lang") == language
        notice = page.locator("#translation-notice")  # drafts are never presented as final
        assert notice.is_visible() if language in ("qu", "ay") else notice.count() == 0
        assert_accessible(page)
        assert controls_missed_by_tab(page) == 0, url
    screenshot(page, f"hotline-questions-{language}")
    assert console_errors == []


def test_the_call_form_with_its_questions_fits_a_360_pixel_wide_screen(
    browser: Browser,
    sign_in_as: Callable[..., Page],
    live_server: LiveServer,
    screenshot: Shot,
) -> None:
    page = sign_in_as("screener")
    narrow = browser.new_context(
        locale="es-PE",
        viewport={"width": 360, "height": 740},
        storage_state=page.context.storage_state(),
    )
    phone = narrow.new_page()
    try:
        for url in ("/calls/new/", WITH_QUESTIONS + "qu"):
            phone.goto(live_server.url + url)
            width = phone.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 360, f"{url}: {width} px wide"
        screenshot(phone, "hotline-360px")
        assert_accessible(phone)
    finally:
        narrow.close()
