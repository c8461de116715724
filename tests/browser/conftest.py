"""The browser harness: Debian's chromium, driven by Playwright, against pytest-django's live server.

Every test under ``tests/browser`` is marked ``browser`` and skipped, with the reason, when chromium or Playwright
is missing (``scripts/system-deps.sh`` installs chromium; CI runs them). Playwright's own browser download is never
used: the browser is launched from ``/usr/bin/chromium`` with ``--no-sandbox`` (the tests may run as root).

Screenshots go to a temporary folder (``screenshot(page, name)``); set ``--basetemp`` to keep them somewhere known.
"""

from __future__ import annotations

import contextlib
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
    database is in memory with a shared cache, where a connection meeting another's lock fails at once ("database
    table is locked") rather than waiting: the server's thread, the test's and a worker's each have a connection,
    and a browser's requests at the same moment (a page and its service worker keeping pages, htmx polling a job)
    would fail a test by chance. A request waits for its turn instead, and so does a worker (:class:`Workers`)."""

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
        the test still open, a service worker) until :meth:`resume`: a request answered while the test's database
        is emptied would meet the emptying's locks."""
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
    stopped once it is done (``stop``): a job waits in the queue until the test lets it run.

    On SQLite the tests' database is in memory, with a shared cache, and each thread has its own connection to it;
    a connection meeting another's lock there fails at once ("database table is locked") rather than waiting. So
    the worker takes its turn with the live server's requests (:class:`OneRequestAtATime`): for each of its
    statements, and for the whole of each of its transactions. Between them, a page (a job's progress) is
    answered."""

    def __init__(self, turn: threading.Lock | None) -> None:
        self.turn = turn  # held by the live server while it answers a request; None on PostgreSQL
        self.running: WorkerThread | None = None
        self.depth = 0  # how deep the worker is in transactions

    def start(self) -> None:
        from django.db import connection

        from kuska.jobs.work import WorkerThread

        taking_turns = self.taking_turns

        class TakingTurns(WorkerThread):
            def run(self) -> None:
                with connection.execute_wrapper(taking_turns):
                    super().run()

        self.running = TakingTurns()
        self.running.start()

    def stop(self) -> None:
        if self.running is not None:
            self.running.stop()
            self.running.join(timeout=30)
            self.running = None

    def taking_turns(self, execute: Callable[..., Any], *args: Any) -> Any:
        """A statement of the worker, run in its turn (inside a transaction, the worker has it already)."""
        if self.turn is None or self.depth:
            return execute(*args)
        with self.turn:
            return execute(*args)

    @contextlib.contextmanager
    def transactions_in_turn(self) -> Iterator[None]:
        """Each transaction of the worker holds the turn from its beginning to its end."""
        from django.db.transaction import Atomic

        turn = self.turn
        if turn is None:
            yield
            return
        enter, leave = Atomic.__enter__, Atomic.__exit__

        def entering(atomic: Atomic) -> None:
            if threading.current_thread() is self.running:
                self.depth += 1
                if self.depth == 1:
                    turn.acquire()
            try:
                enter(atomic)
            except BaseException:
                left()
                raise

        def leaving(atomic: Atomic, *exc: Any) -> None:
            try:
                leave(atomic, *exc)
            finally:
                left()

        def left() -> None:
            if threading.current_thread() is self.running:
                self.depth -= 1
                if self.depth == 0:
                    turn.release()

        Atomic.__enter__ = entering  # type: ignore[method-assign]
        Atomic.__exit__ = leaving  # type: ignore[method-assign]
        try:
            yield
        finally:
            Atomic.__enter__ = enter  # type: ignore[method-assign]
            Atomic.__exit__ = leave  # type: ignore[method-assign]


@pytest.fixture
def workers(live_server: LiveServer, transactional_db: None) -> Iterator[Workers]:
    """The worker is stopped before the test's database is emptied (``transactional_db`` ends after it)."""
    from django.db import connection

    server = getattr(live_server.thread, "httpd", None)
    made = Workers(getattr(server, "turn", None) if connection.vendor == "sqlite" else None)
    with made.transactions_in_turn():
        yield made
        made.stop()
