"""Every page of every persona, in Spanish and in English, checked by axe-core in a real browser.

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
from playwright.sync_api import Browser

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


def pages() -> list[str]:
    """The URL names that answer a GET with one of the site's pages (not the API, the admin or a redirect)."""
    return [
        name
        for name, route in ROUTES.items()
        if not route.api
        and not route.staff_only
        and not route.answer
        and not route.fragment
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
        context.close()
    assert opened >= 2 * 2  # every role opens at least the home page and the figures page
    assert broken == []
