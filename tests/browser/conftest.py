"""The browser harness: Debian's chromium, driven by Playwright, against pytest-django's live server.

Every test under ``tests/browser`` is marked ``browser`` and skipped, with the reason, when chromium or Playwright
is missing (``scripts/system-deps.sh`` installs chromium; CI runs them). Playwright's own browser download is never
used: the browser is launched from ``/usr/bin/chromium`` with ``--no-sandbox`` (the tests may run as root).

Screenshots go to a temporary folder (``screenshot(page, name)``); set ``--basetemp`` to keep them somewhere known.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import LazySettings
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from pytest_django.live_server_helper import LiveServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page

    from kuska.jobs.work import WorkerThread

CHROMIUM = Path("/usr/bin/chromium")


class OneRequestAtATime(WSGIServer):
    """The live server answers one request at a time (each with ``Connection: close``). On SQLite the tests'
    database is in memory and every request of a threaded server shares its one connection: a browser's requests
    at the same moment (a page and its service worker keeping pages, htmx polling a job) could lock one another's
    tables ("database table is locked"), failing a test by chance. A browser waits for its turn instead."""

    def __init__(self, *args: Any, connections_override: object = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.turn = threading.Lock()  # held while a request is answered
        self.answering = True

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.turn:
            if self.answering:
                super().process_request(request, client_address)
            else:
                self.shutdown_request(
                    request
                )  # between two tests: the connection is closed unanswered

    def pause(self) -> None:
        """Wait for the request being answered, if any, to end, and close the later ones unanswered (a page of
        the test still open, a service worker) until :meth:`resume`: the test's database is emptied on the
        connection the server answers with, so a request answered meanwhile would run inside the emptying
        ("cannot start a transaction within a transaction")."""
        with self.turn:
            self.answering = False

    def resume(self) -> None:
        with self.turn:
            self.answering = True


LiveServerThread.server_class = OneRequestAtATime  # type: ignore[attr-defined]  # not in the stubs


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """While a test of the live server ends (its workers stopped, its pages closed, its database emptied), the
    server answers no request."""
    live = getattr(item, "funcargs", {}).get("live_server")
    server = getattr(getattr(live, "thread", None), "httpd", None)
    if isinstance(server, OneRequestAtATime):
        server.pause()
    yield
    if isinstance(server, OneRequestAtATime):
        server.resume()


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright's Python package is not installed (pip install -e '.[dev]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing: run scripts/system-deps.sh (Debian package chromium)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    reason = missing()
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API runs an event loop in the test's thread; the test's own database calls
    # (making users, reading the audit trail) are synchronous and safe there. Only while the browser runs.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
            )
            yield launched
            launched.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def console_errors() -> list[str]:
    """The errors the browser reported while the test ran (a script error, or an inline script or style the
    Content-Security-Policy refused); answers with an error status (the lockout's 429, the absent favicon) are
    left out: the tests check those themselves."""
    return []


def _error(message: ConsoleMessage) -> str | None:
    if message.type != "error" or message.text.startswith("Failed to load resource"):
        return None
    return message.text


def _keep(found: list[str], text: str | None) -> None:
    if text is not None:
        found.append(text)


@pytest.fixture
def page(browser: Browser, console_errors: list[str]) -> Iterator[Page]:
    """A fresh page in a fresh context (no cookies), in Spanish, the default language. The page's own
    Content-Security-Policy stays in force; what the browser refuses is collected in ``console_errors``."""
    context = browser.new_context(locale="es-PE", viewport={"width": 1100, "height": 800})
    context.set_default_timeout(20_000)
    opened = context.new_page()
    opened.on("console", lambda message: _keep(console_errors, _error(message)))
    yield opened
    context.close()


@pytest.fixture
def sign_in_as(
    page: Page, live_server: LiveServer, transactional_db: None, settings: LazySettings
) -> Callable[..., Page]:
    """``sign_in_as("analyst")``: the persona of the role signs in through the page, with the code of its
    authenticator where the role needs one, and the page is left on where they land. ``sign_in_as("screener",
    "otra@mininter.example")``: a colleague of the persona, with the same role at the same agency, instead."""
    from kuska.accounts.second_factor import needs_second_factor, new_confirmed_device
    from tests.personas import PASSWORD, PERSONAS, current_code, member, person

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def go(role: str, email: str = "") -> Page:
        user = member(email, PERSONAS[role][1], role) if email else person(role)
        device = new_confirmed_device(user) if needs_second_factor(user) else None
        page.goto(live_server.url + "/sign-in/")
        page.get_by_label("Correo electrónico").fill(user.email)
        page.get_by_label("Contraseña").fill(PASSWORD)
        page.get_by_role("button", name="Iniciar sesión").click()
        if device is not None:
            page.wait_for_url("**/sign-in/second-factor/**")
            page.get_by_label("Código de su aplicación de autenticación").fill(current_code(device))
            page.get_by_role("button", name="Continuar").click()
        page.wait_for_url(live_server.url + "/")
        return page

    return go


@pytest.fixture
def screenshot(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Page, str], Path]:
    """``screenshot(page, "login")`` writes the page as a PNG under a temporary folder and returns its path."""
    shots = tmp_path_factory.getbasetemp() / "screenshots"
    shots.mkdir(exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = shots / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


class Workers:
    """A worker beside the live server, as ``kuska serve`` runs one, started while a job is to run (``start``) and
    stopped once it is done (``stop``): a job waits in the queue until the test lets it run, and the test's other
    pages are read without a worker polling the queue (on the tests' in-memory SQLite, its poll can lock a table a
    page is reading)."""

    def __init__(self, shared: dict[str, Any]) -> None:
        self.shared = (
            shared  # the live server's connections (the in-memory SQLite database), if any
        )
        self.running: WorkerThread | None = None

    def start(self) -> None:
        from django.db import connections

        from kuska.jobs.work import WorkerThread

        shared = self.shared

        class OnTheServersConnection(WorkerThread):
            """On SQLite, the worker uses the live server's one connection to the in-memory database, as each
            request does: a second connection would lock the tables the server reads ("database table is
            locked")."""

            def run(self) -> None:
                for alias, connection in shared.items():
                    connections[alias] = connection
                super().run()

        self.running = OnTheServersConnection()
        self.running.start()

    def stop(self) -> None:
        if self.running is not None:
            self.running.stop()
            self.running.join(timeout=30)
            self.running = None


@pytest.fixture
def workers(live_server: LiveServer, transactional_db: None) -> Iterator[Workers]:
    """The worker is stopped before the test's database is emptied (``transactional_db`` ends after it)."""
    made = Workers(dict(live_server.thread.connections_override))
    yield made
    made.stop()
