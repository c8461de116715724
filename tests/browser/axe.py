"""Accessibility checks in the browser: the vendored axe-core run on a page, failing on any violation.

>>> # assert_accessible(page)   # raises AssertionError naming each rule broken and the elements that break it
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.1 levels A and AA, the level public services are asked to meet
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


def violations(page: Page) -> list[dict[str, Any]]:
    """What axe-core finds wrong on the page as it is now. The script is evaluated through the browser's
    debugging protocol, so the page's own Content-Security-Policy (no inline scripts) stays in force."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    # only the violations are read: axe describes every element of them and only one of the passes, and only
    # they are sent back from the page
    found: list[dict[str, Any]] = page.evaluate(
        "tags => window.axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(result => result.violations)",
        AXE_TAGS,
    )
    return found


def describe(found: list[dict[str, Any]]) -> str:
    """One line per broken rule, with the elements that break it."""
    lines = []
    for violation in found:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail when axe-core finds a WCAG 2.1 A or AA violation on the page."""
    found = violations(page)
    assert not found, f"accessibility violations on {page.url}:\n{describe(found)}"
