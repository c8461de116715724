"""A background job in a real browser: its page shows a progress bar that moves while the worker (a thread beside
the web server, as ``kuska serve`` runs it) does the job, then its outcome and the link to what it made, with no
reload, no script refused by the Content-Security-Policy, and no axe-core violation."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from kuska.jobs.work import Context, Outcome, kind, start
from tests.browser.axe import assert_accessible
from tests.browser.conftest import Workers
from tests.personas import person

Shot = Callable[[Page, str], Path]
STEPS = 8


@kind("test.slow", title=_("Progress"))
def slow(context: Context) -> Outcome:
    for done in range(STEPS + 1):
        context.progress(done, STEPS, step=_("Starting"))
        time.sleep(0.4)
    return Outcome(_("finished"), url="/figures/")


def test_the_job_page_follows_the_progress_bar_to_the_outcome_without_a_reload(
    sign_in_as: Callable[[str], Page],
    live_server: LiveServer,
    workers: Workers,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    page = sign_in_as("data_officer")
    job = start("test.slow", person("data_officer"))
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    expect(page.locator("#job-progress")).to_contain_text("En espera")
    assert_accessible(page)
    workers.start()
    expect(page.locator("progress[value]")).to_be_visible()
    expect(page.locator("#job-progress")).to_contain_text(f"de {STEPS}")
    screenshot(page, "job-running")
    expect(page.locator(".job-outcome")).to_have_text("terminado", timeout=30_000)
    expect(page.get_by_role("link", name="Ver el resultado")).to_have_attribute("href", "/figures/")
    assert_accessible(page)
    screenshot(page, "job-done")
    assert console_errors == []
