"""Every page of every persona, in Spanish and in English, checked by axe-core in a real browser, and every
control of its forms reached with the Tab key alone.

The pages are the authorization matrix's (tests/test_authorization_matrix.py): every URL of the site that answers
a GET with a page, opened by each role where the matrix says it answers 200, in the matrix's small world. A new
page gets its entry in the matrix, and so its check here, without a line in this file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page

if TYPE_CHECKING:
    from playwright._impl._api_structures import SetCookieParam
from pytest_django.live_server_helper import LiveServer

from tests.access_world import OWN, world
from tests.browser.axe import describe, violations
from tests.personas import member
from tests.signin import sign_in
from tests.test_authorization_matrix import ASSIGNABLE, ROUTES, expected_status, url_of

pytestmark = pytest.mark.usefixtures("peru")

LANGUAGES = ("es", "en")

# Marks each control of the forms in the page's main part (a group of radio buttons counts once: Tab enters the
# group, the arrows move in it) and answers how many there are.
MARK_CONTROLS = """() => {
  const controls = Array.from(document.querySelectorAll(
    'main form :is(input:not([type=hidden]), select, textarea, button):not([disabled])'
  )).filter(e => e.getClientRects().length > 0);
  const groups = new Map();
  controls.forEach((e, i) => {
    const key = e.type === 'radio' ? 'radio:' + e.name : 'control:' + i;
    if (!groups.has(key)) groups.set(key, groups.size);
    e.dataset.keyboard = groups.get(key);
  });
  return groups.size;
}"""
# After each key press, the mark of the control the focus is on (read on the key's release, when the press has
# moved the focus), kept in the page until ``TABBED`` is read.
NOTE_FOCUS = """() => {
  window.__tabbed = new Set();
  window.addEventListener('keyup', () => {
    const mark = document.activeElement ? document.activeElement.dataset.keyboard : undefined;
    if (mark !== undefined) window.__tabbed.add(mark);
  }, true);
}"""
TABBED = "() => window.__tabbed.size"
TABS_AT_ONCE = 10


def controls_missed_by_tab(page: Page) -> int:
    """How many controls of the page's forms the Tab key never reaches, going once round the page. The presses
    are sent ten at a time and the controls reached counted in the page after each ten."""
    wanted = int(page.evaluate(MARK_CONTROLS))
    page.evaluate(NOTE_FOCUS)
    pressed = 0
    reached = 0
    while pressed < wanted + 60 and reached < wanted:  # the header's links and forms come first
        presses = min(TABS_AT_ONCE, wanted + 60 - pressed)
        for _ in range(presses):
            page.keyboard.press("Tab")
        pressed += presses
        reached = int(page.evaluate(TABBED))
    return wanted - reached


def pages() -> list[str]:
    """The URL names that answer a GET with one of the site's pages (not the API, the admin, a redirect, a part of
    a page or a file to download)."""
    return [
        name
        for name, route in ROUTES.items()
        if not route.api
        and not route.staff_only
        and not route.answer
        and not route.fragment
        and not route.download
        and route.method == "GET"
    ]


@pytest.mark.parametrize("role", [*ASSIGNABLE, "visitor"])
def test_every_page_a_role_may_open_passes_axe_in_spanish_and_english(
    role: str,
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    screenshot: Callable[..., Path],
) -> None:
    user = None if role == "visitor" else member(f"{role}@example.org", OWN, role)
    holdings = world(creator=user)["own"]
    cookies: list[SetCookieParam] = []
    if user is not None:
        client = Client()
        sign_in(client, user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append(
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
        )
    broken: list[str] = []
    opened = 0
    for language in LANGUAGES:
        context = browser.new_context(viewport={"width": 1100, "height": 800})
        context.add_cookies(
            [
                *cookies,
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
            ]
        )
        page = context.new_page()
        for name in pages():
            if role == "visitor":
                if ROUTES[name].needs or ROUTES[name].signed_in:
                    continue
            elif expected_status(role, name, "own") != 200:
                continue
            answer = page.goto(live_server.url + url_of(name, holdings))
            assert answer is not None
            assert answer.status == 200, f"{role} {name}: {answer.status}"
            assert page.locator("html").get_attribute("lang") == language
            opened += 1
            found = [v for v in violations(page) if v["impact"] in ("serious", "critical")]
            if found:
                broken.append(f"{role} {name} ({language}):\n{describe(found)}")
                screenshot(page, f"axe-{role}-{name.replace(':', '-')}-{language}")
            if language == LANGUAGES[0] and (missed := controls_missed_by_tab(page)):
                broken.append(f"{role} {name}: {missed} form controls the Tab key never reaches")
        context.close()
    assert opened >= 2 * 2  # every role opens at least the home page and the figures page
    assert broken == []


def test_a_control_the_tab_key_skips_is_found(page: Page) -> None:
    page.set_content(
        "<main><form><input aria-label='a'><select aria-label='b' tabindex='-1'><option>x</option></select>"
        "<input type='radio' name='r' aria-label='c'><input type='radio' name='r' aria-label='d'>"
        "<button>go</button></form></main>"
    )
    assert controls_missed_by_tab(page) == 1
