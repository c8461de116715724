"""The harness itself: the live server answers a real browser, and axe-core runs in the page."""

from __future__ import annotations

import http.client
import threading
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from tests.browser.axe import assert_accessible, violations
from tests.browser.conftest import OneRequestAtATime


@pytest.mark.usefixtures("peru")
def test_the_home_page_opens_in_spanish_in_chromium_and_passes_axe(
    page: Page, live_server: LiveServer, screenshot: Callable[[Page, str], Path]
) -> None:
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text() == "Kuska"
    assert screenshot(page, "home").stat().st_size > 0
    assert_accessible(page)


def test_axe_finds_a_violation_on_a_page_that_has_one(page: Page) -> None:
    page.set_content("<!doctype html><html lang='es'><title>x</title><img src='x.png'></html>")
    assert "image-alt" in {violation["id"] for violation in violations(page)}
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


@pytest.mark.usefixtures("peru")
def test_the_live_server_paused_between_tests_waits_for_its_request_and_answers_no_other(
    live_server: LiveServer,
) -> None:
    """What the harness does while a test ends, before the test database is emptied."""
    server = live_server.thread.httpd
    assert isinstance(server, OneRequestAtATime)
    answering = threading.Event()
    finish = threading.Event()
    statuses: list[int] = []

    def slow(environ: dict[str, object], start_response: Callable[..., object]) -> list[bytes]:
        answering.set()
        finish.wait(10)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"done"]

    host, port = live_server.thread.host, live_server.thread.port
    application = server.get_app()
    server.set_app(slow)
    try:
        asked = threading.Thread(
            target=lambda: statuses.append(
                urllib.request.urlopen(f"http://{host}:{port}/", timeout=10).status
            )
        )
        asked.start()
        assert answering.wait(10)
        paused = threading.Thread(target=server.pause)
        paused.start()
        paused.join(0.3)
        assert paused.is_alive()  # the request being answered is waited for
        finish.set()
        paused.join(10)
        asked.join(10)
        assert statuses == [200]
        with pytest.raises(http.client.RemoteDisconnected):  # closed unanswered
            urllib.request.urlopen(f"http://{host}:{port}/", timeout=10)
    finally:
        server.set_app(application)
        server.resume()
    assert urllib.request.urlopen(f"http://{host}:{port}/", timeout=10).status == 200
