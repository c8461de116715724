"""The screening and hotline call forms without a connection, in a real browser: with the browser context offline,
three screenings (one switched to Quechua midway) and three calls are kept on the device, encrypted in IndexedDB;
online again, exactly three of each arrive — also when the first answer of the server is lost on the way and the
device sends again, and when a sending is repeated by hand — and the device keeps nothing after. The forms and their
offline messages pass axe in every language the pages are offered in, work with the keyboard alone and fit a
360-pixel-wide screen."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Browser, Page, Route, expect
from pytest_django.live_server_helper import LiveServer

from kuska.registry.models import HotlineCall, Identification
from kuska.screening.models import Screening
from tests.browser.axe import assert_accessible
from tests.browser.test_every_page import controls_missed_by_tab
from tests.browser.test_screening import answer_yes, identified_in, quechua

Shot = Callable[[Page, str], Path]

INTERVIEW = "/screenings/new/?questionnaire=adults_sexual&questions_in="
# by hand (tests/test_screening_scoring.py): coercive recruitment, exploitation and coercion at destination
LIKELY = ("as04", "as05", "as10", "as11", "as15", "as16")
KEPT = "#offline-status"

# what the device holds: every answer waiting, and whether any of them holds a form's field name in clear
IN_DEVICE = """() => new Promise((resolve, reject) => {
  const opening = indexedDB.open("kuska-offline", 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore("waiting", {keyPath: "id"});
  opening.onerror = () => reject(opening.error);
  opening.onsuccess = () => {
    const all = opening.result.transaction("waiting").objectStore("waiting").getAll();
    all.onsuccess = () => {
      const text = all.result.map(e => new TextDecoder().decode(e.data)).join(" ");
      resolve({count: all.result.length, clear: /answer-|called_at|line_1818/.test(text)});
      opening.result.close();
    };
  };
})"""


def ready_offline(page: Page) -> None:
    """Wait until the page's script has kept every page a screening needs, then cut the connection."""
    expect(page.locator('#offline[data-ready="true"]')).to_have_count(1, timeout=30_000)
    page.context.set_offline(True)


def until_sent(page: Page, sent: list[str]) -> None:
    for _ in range(200):
        if sent:
            return
        page.wait_for_timeout(100)
    raise AssertionError("nothing was sent")


def device(page: Page) -> dict[str, object]:
    held: dict[str, object] = page.evaluate(IN_DEVICE)
    return held


def lose_the_first_answer(page: Page, sent: list[str], url: str) -> None:
    """The first sending reaches the server, which records it, but its answer never reaches the device."""

    def handle(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        sent.append(route.request.post_data or "")
        if len(sent) == 1:
            route.fetch()
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(url, handle)


def test_three_screenings_kept_offline_arrive_exactly_once(
    sign_in_as: Callable[..., Page],
    live_server: LiveServer,
    screenshot: Shot,
    console_errors: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    year = timezone.localdate().year
    before = identified_in(year, capsys)
    page = sign_in_as("screener")
    page.goto(live_server.url + INTERVIEW + "es")
    ready_offline(page)

    for number in (1, 2, 3):
        for question_id in LIKELY[:3]:
            answer_yes(page, question_id)
        if number == 2:
            # the language of the questions switched without a connection: the same answers, the Quechua text
            page.locator("#switch-qu").click()
            expect(page.locator("#question-as15")).to_contain_text(quechua("as15"))
            expect(page.locator("#question-as15")).to_contain_text("traducción en revisión")
            for question_id in LIKELY[:3]:
                expect(page.locator(f"#answer-{question_id}-yes")).to_be_checked()
        for question_id in LIKELY[3:]:
            answer_yes(page, question_id)
        page.get_by_label("Edad (años)").fill(str(20 + number))
        page.locator("#record").focus()
        page.keyboard.press("Enter")
        expect(page.locator(KEPT)).to_contain_text(
            f"Respuestas en espera en este dispositivo para ser enviadas: {number}."
        )
        expect(page.locator(KEPT)).to_be_focused()
        expect(page.locator("#answer-as04-unknown")).to_be_checked()  # the form is empty again
    screenshot(page, "offline-screenings-waiting")
    assert_accessible(page)
    assert device(page) == {"count": 3, "clear": False}
    assert not Screening.objects.exists()

    sent: list[str] = []
    lose_the_first_answer(page, sent, "**/screenings/new/")
    page.context.set_offline(False)
    until_sent(page, sent)
    expect(page.locator(KEPT)).to_contain_text(
        "Respuestas en espera en este dispositivo para ser enviadas: 3."
    )
    assert len(sent) == 1
    assert Screening.objects.count() == 1  # recorded, but the device never heard it

    page.locator("#offline-send").focus()
    page.keyboard.press("Enter")
    expect(page.locator(KEPT)).to_contain_text("Respuestas enviadas y registradas: 3.")
    assert Screening.objects.count() == 3
    assert device(page) == {"count": 0, "clear": False}

    # the same sending once more, by hand: answered with the first result, nothing more recorded
    again = page.request.post(
        live_server.url + "/screenings/new/",
        data=sent[0],
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert again.status == 200
    assert again.json()["repeat"] is True
    assert Screening.objects.count() == 3
    assert Identification.objects.filter(method="screening").count() == 3
    assert identified_in(year, capsys) == before + 3
    assert None not in {s.client_id for s in Screening.objects.all()}
    screenshot(page, "offline-screenings-sent")
    assert console_errors == []


def test_three_calls_kept_offline_arrive_exactly_once(
    sign_in_as: Callable[..., Page],
    live_server: LiveServer,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page = sign_in_as("screener")
    page.goto(live_server.url + "/calls/new/")
    ready_offline(page)
    expect(page.locator("#offline")).to_be_visible()
    expect(page.locator(KEPT)).to_contain_text("Sin conexión.")
    for number in (1, 2, 3):
        page.get_by_label("Fecha y hora de la llamada").fill(
            f"{yesterday.isoformat()}T1{number}:15"
        )
        page.locator("#id_line").select_option("line_1818")
        page.locator("#id_language").select_option("que")
        page.locator("#id_region").select_option("PE-CUS")
        page.locator("#id_suspected_trafficking").select_option("yes")
        page.locator("#id_referred_to").select_option("MP-FISCALIA")
        page.get_by_role("button", name="Registrar la llamada").click()
        expect(page.locator(KEPT)).to_contain_text(
            f"Respuestas en espera en este dispositivo para ser enviadas: {number}."
        )
    assert_accessible(page)
    assert device(page) == {"count": 3, "clear": False}
    assert not HotlineCall.objects.exists()

    sent: list[str] = []
    lose_the_first_answer(page, sent, "**/calls/new/")
    page.context.set_offline(False)
    until_sent(page, sent)
    expect(page.locator(KEPT)).to_contain_text(
        "Respuestas en espera en este dispositivo para ser enviadas: 3."
    )
    assert HotlineCall.objects.count() == 1
    page.get_by_role("button", name="Enviar ahora las respuestas guardadas").click()
    expect(page.locator(KEPT)).to_contain_text("Respuestas enviadas y registradas: 3.")
    again = page.request.post(
        live_server.url + "/calls/new/",
        data=sent[0],
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert again.status == 200
    assert HotlineCall.objects.count() == 3
    assert sorted(timezone.localtime(c.called_at).hour for c in HotlineCall.objects.all()) == [
        11,
        12,
        13,
    ]
    assert device(page) == {"count": 0, "clear": False}
    screenshot(page, "offline-calls-sent")
    assert console_errors == []


def test_signing_out_leaves_nothing_kept_on_the_device(
    sign_in_as: Callable[..., Page], live_server: LiveServer
) -> None:
    page = sign_in_as("screener")
    page.goto(live_server.url + "/calls/new/")
    expect(page.locator('#offline[data-ready="true"]')).to_have_count(1, timeout=30_000)
    assert (
        page.evaluate("async () => (await (await caches.open('kuska-offline-1')).keys()).length")
        > 0
    )
    page.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_url("**/sign-in/")
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    assert (
        page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    )


def test_the_forms_fit_a_360_pixel_wide_screen_offline(
    browser: Browser, sign_in_as: Callable[..., Page], live_server: LiveServer, screenshot: Shot
) -> None:
    page = sign_in_as("screener")
    narrow = browser.new_context(
        locale="es-PE",
        viewport={"width": 360, "height": 740},
        storage_state=page.context.storage_state(),
    )
    phone = narrow.new_page()
    try:
        for url in (INTERVIEW + "ay", "/calls/new/"):
            phone.goto(live_server.url + url)
            ready_offline(phone)
            expect(phone.locator("#offline")).to_be_visible()
            width = phone.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 360, f"{url}: {width} px wide"
            screenshot(phone, f"offline-360px-{url.strip('/').split('/')[0]}")
            narrow.set_offline(False)
    finally:
        narrow.close()


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_hotline_and_screening_forms_pass_axe_and_the_keyboard_offline_in_every_language(
    language: str,
    sign_in_as: Callable[..., Page],
    live_server: LiveServer,
    console_errors: list[str],
) -> None:
    page = sign_in_as("screener")
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    for url in ("/calls/new/", "/calls/", "/screenings/new/", INTERVIEW + "qu", INTERVIEW + "ay"):
        answer = page.goto(live_server.url + url)
        assert answer is not None
        assert answer.status == 200, url
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
        assert controls_missed_by_tab(page) == 0, url
    page.goto(live_server.url + INTERVIEW + "qu")
    ready_offline(page)
    expect(page.locator("#offline")).to_be_visible()
    assert_accessible(page)
    assert controls_missed_by_tab(page) == 0
    page.context.set_offline(False)
    assert console_errors == []


def test_a_kept_screening_the_server_refuses_stays_on_the_device_until_opened_to_correct(
    sign_in_as: Callable[..., Page], live_server: LiveServer, console_errors: list[str]
) -> None:
    page = sign_in_as("screener")
    page.goto(live_server.url + INTERVIEW + "es")
    ready_offline(page)
    for question_id in LIKELY:
        answer_yes(page, question_id)
    page.get_by_label("Edad (años)").fill("12")  # a child, with an adults' questionnaire
    page.get_by_role("button", name="Registrar la detección").click()
    expect(page.locator(KEPT)).to_contain_text("para ser enviadas: 1.")
    page.context.set_offline(False)
    expect(page.locator(KEPT)).to_contain_text(
        "Respuestas que el servidor no pudo registrar, guardadas en este dispositivo hasta que se corrijan: 1."
    )
    expect(page.locator("#offline-problems")).to_contain_text(
        "Una persona menor de 18 años se evalúa con el cuestionario de niñas, niños y adolescentes."
    )
    assert_accessible(page)
    assert not Screening.objects.exists()
    assert device(page) == {"count": 1, "clear": False}

    page.get_by_role("button", name="Abrir una respuesta rechazada para corregirla").click()
    expect(page.locator("#problems")).to_contain_text("cuestionario de niñas, niños y adolescentes")
    expect(page.get_by_label("Edad (años)")).to_have_value("12")
    for question_id in LIKELY:
        expect(page.locator(f"#answer-{question_id}-yes")).to_be_checked()
    assert device(page) == {"count": 0, "clear": False}
    assert not Screening.objects.exists()
    assert console_errors == []
