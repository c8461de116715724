"""The harness itself: the live server answers a real browser, and axe-core runs in the page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from tests.browser.axe import assert_accessible, violations


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
