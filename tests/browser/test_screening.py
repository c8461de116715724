"""A frontline screener at work in a real browser: a screening read in Quechua, switched to Spanish midway without
losing an answer, scored "likely victim" with the indicators that led to it, the person referred, and the
identification counted in ``kuska stats`` for the year; the screening pages pass axe in every language, the form is
filled with the keyboard, and it fits a 360-pixel-wide screen."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from kuska.cli import main
from kuska.registry.models import Referral
from kuska.screening.models import Screening
from kuska.screening.translations import question_text
from tests.browser.axe import assert_accessible
from tests.browser.test_every_page import controls_missed_by_tab

Shot = Callable[[Page, str], Path]

# by hand (tests/test_screening_scoring.py): coercive recruitment, exploitation and coercion at destination
BEFORE_SWITCH = ("as04", "as05", "as10")
AFTER_SWITCH = ("as11", "as15", "as16")
INTERVIEW = "/screenings/new/?questionnaire=adults_sexual&questions_in="


def identified_in(year: int, capsys: pytest.CaptureFixture[str]) -> int:
    capsys.readouterr()
    code = main(
        [
            "stats",
            "--year",
            str(year),
            "--indicator",
            "victims_identified_other_sources",
            "--format",
            "json",
        ]
    )
    assert code == 0
    [figure] = json.loads(capsys.readouterr().out)
    return int(figure["value"] or 0)


def quechua(question_id: str) -> str:
    text = question_text("adults_sexual", question_id, "qu")
    assert text.language == "qu", f"{question_id} has no current Quechua draft"
    return text.text


def answer_yes(page: Page, question_id: str) -> None:
    """With the keyboard: Tab to the question's answers, then the arrows to "yes"."""
    page.focus(f"#answer-{question_id}-unknown")
    page.keyboard.press("Shift+Tab")  # the question before, then back: the Tab key reaches it
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowLeft")  # unknown → no
    page.keyboard.press("ArrowLeft")  # no → yes
    expect(page.locator(f"#answer-{question_id}-yes")).to_be_checked()


def test_a_screener_screens_in_quechua_switches_to_spanish_and_refers_a_likely_victim(
    sign_in_as: Callable[..., Page],
    live_server: LiveServer,
    screenshot: Shot,
    console_errors: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    year = timezone.localdate().year
    before = identified_in(year, capsys)
    page = sign_in_as("screener")
    page.get_by_role("link", name="Nueva detección").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nueva detección")
    page.locator("#questionnaire-adults_sexual").check()
    page.locator("#questions-in-qu").check()
    screenshot(page, "screening-choose")
    assert_accessible(page)
    page.get_by_role("button", name="Comenzar la entrevista").click()

    # every question in its Quechua draft (kuska.screening.translations), each marked under review
    for question_id in (*BEFORE_SWITCH, *AFTER_SWITCH):
        drafted = page.locator(f"#question-{question_id}")
        expect(drafted).to_contain_text(quechua(question_id))
        expect(drafted).to_contain_text("traducción en revisión")
    expect(page.locator(".questions .translation-mark.missing")).to_have_count(0)
    for question_id in BEFORE_SWITCH:
        answer_yes(page, question_id)
    screenshot(page, "screening-quechua")
    assert_accessible(page)

    page.locator("#switch-es").click()
    expect(page.locator("#current-language")).to_contain_text("Español")
    expect(page.locator("#question-as15")).to_contain_text("¿Le golpean o le hacen daño?")
    expect(page.locator("#question-as15")).not_to_contain_text("traducción en revisión")
    expect(page.locator("#question-as04")).not_to_contain_text(quechua("as04"))
    for question_id in BEFORE_SWITCH:
        expect(page.locator(f"#answer-{question_id}-yes")).to_be_checked()
    for question_id in AFTER_SWITCH:
        answer_yes(page, question_id)
    page.get_by_label("Edad (años)").fill("24")
    page.get_by_label("La persona consiente en ser derivada").check()
    page.get_by_label("Derivar a").select_option("MIMP")
    page.get_by_role("button", name="Registrar la detección").click()

    page.wait_for_url("**/screenings/*/")
    expect(page.locator("#result")).to_contain_text("víctima probable")
    indicators = page.locator("#indicators")
    expect(indicators).to_contain_text("Captación mediante coacción: presente")
    expect(indicators).to_contain_text("Condiciones de explotación: presente")
    expect(indicators).to_contain_text("Coacción en el lugar de destino: presente")
    expect(page.locator("#referral")).to_contain_text("La persona fue derivada a MIMP.")
    screenshot(page, "screening-result")
    assert_accessible(page)

    screening = Screening.objects.get()
    assert screening.answers == {
        **dict.fromkeys(screening.answers, "unknown"),
        **dict.fromkeys(BEFORE_SWITCH + AFTER_SWITCH, "yes"),
    }
    assert Referral.objects.filter(to_agency__code="MIMP").count() == 1
    assert identified_in(year, capsys) == before + 1

    page.get_by_role("link", name="Mis detecciones").first.click()
    expect(page.locator("#screenings")).to_contain_text(f"screening:{screening.pk}")
    expect(page.locator("#screenings")).to_contain_text("víctima probable")
    assert_accessible(page)
    assert console_errors == []


@pytest.mark.parametrize("language", ["es", "en", "qu", "ay"])
def test_the_screening_pages_pass_axe_and_the_keyboard_in_every_language(
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
    urls = [
        "/screenings/new/",
        *(INTERVIEW + questions for questions in ("es", "en", "qu", "ay")),
        "/screenings/new/?questionnaire=children&questions_in=qu",
        "/screenings/",
        "/languages/",
    ]
    for url in urls:
        answer = page.goto(live_server.url + url)
        assert answer is not None
        assert answer.status == 200, url
        assert page.locator("html").get_attribute("lang") == language
        notice = page.locator("#translation-notice")  # drafts are never presented as final
        assert notice.is_visible() if language in ("qu", "ay") else notice.count() == 0
        assert_accessible(page)
        assert controls_missed_by_tab(page) == 0, url
    screenshot(page, f"screening-languages-{language}")
    assert console_errors == []


def test_the_screening_form_fits_a_360_pixel_wide_screen(
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
        for url in (INTERVIEW + "qu", "/screenings/new/", "/languages/"):
            phone.goto(live_server.url + url)
            width = phone.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 360, f"{url}: {width} px wide"
        phone.goto(live_server.url + INTERVIEW + "qu")
        screenshot(phone, "screening-360px")
        assert_accessible(phone)
    finally:
        narrow.close()
