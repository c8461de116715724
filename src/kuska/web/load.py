"""A load on the dashboard, as ``kuska bench web`` makes it: simulated users, each in a thread, asking for the
figures page (``/figures/``) with filters that change at every request, for a fixed time.

The filters are read from the page itself: every ``<select>`` of its GET forms and their options, so the load
follows whatever filters the page offers. Each request picks the year and a value for each filter at random (a
filter is left at "all" half the time), from a seeded generator: the same seed asks for the same pages. Half the
users are visitors (the published figures); the other half are analysts signed in with their second factor (the
exact figures), by a session made for them in the database.

Between two pages a user reads the one they got: a pause drawn at random between the two ends of ``think``
(seconds; ``(0, 0)`` asks again at once, a load no person makes but a measure of the server at its busiest). The
users arrive as people do, not all in the same instant: each asks for a first page at a moment drawn between 0
and the longest pause.

The answer to each request is timed from sending it to its last byte; anything but 200 is an error.
"""

from __future__ import annotations

import http.client
import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import import_module
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY

from kuska.accounts.models import Membership, Role, User
from kuska.accounts.second_factor import new_confirmed_device
from kuska.registry.agencies import AgencyTree, find_agency

PAGE = "/figures/"


class _FilterForm(HTMLParser):
    """The ``<select>`` elements of the page's GET forms: name → option values."""

    def __init__(self) -> None:
        super().__init__()
        self.selects: dict[str, list[str]] = {}
        self._form_get = False
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._form_get = (attributes.get("method") or "get").lower() == "get"
        elif tag == "select" and self._form_get and attributes.get("name"):
            self._select = str(attributes["name"])
            self.selects[self._select] = []
        elif tag == "option" and self._select is not None:
            self.selects[self._select].append(attributes.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._form_get = False


def filters_of(page: str) -> dict[str, list[str]]:
    """The filters a figures page offers: each select of its GET forms with its options (the language switch,
    a POST form, is left out)."""
    form = _FilterForm()
    form.feed(page)
    return {name: values for name, values in form.selects.items() if values}


def random_query(filters: dict[str, list[str]], rng: random.Random) -> str:
    """A query string: the year always chosen, every other filter set half the time."""
    chosen: dict[str, str] = {}
    for name, values in filters.items():
        if name == "year" or rng.random() < 0.5:
            chosen[name] = rng.choice(values)
    return urlencode(chosen)


def analyst_sessions(count: int) -> list[str]:
    """``count`` session keys of analysts (made for the load at the first top-level agency, each with a confirmed
    authenticator and the second factor given), for the session cookie."""
    engine = import_module(settings.SESSION_ENGINE)
    role = Role.objects.get(code="analyst")
    agency = find_agency(AgencyTree.load().roots()[0].code)
    keys = []
    for i in range(count):
        email = f"load-analyst-{i}@kuska.invalid"
        user = User.objects.filter(email=email).first()  # a database reused from an earlier load
        if user is None:
            user = User.objects.create_user(email, None)
            Membership.objects.create(user=user, agency=agency, role=role)
        device = new_confirmed_device(user)
        session = engine.SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.create()
        keys.append(str(session.session_key))
    return keys


@dataclass
class LoadReport:
    users: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    largest_bytes: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0

    @property
    def p95_ms(self) -> float:
        if len(self.latencies_ms) < 2:
            return self.median_ms
        return statistics.quantiles(self.latencies_ms, n=20, method="inclusive")[18]


def run_load(
    base_url: str,
    filters: dict[str, list[str]],
    sessions: list[str | None],
    seconds: float,
    seed: int,
    think: tuple[float, float] = (0.0, 0.0),
) -> LoadReport:
    """Each session (``None``: a visitor) in its own thread asks for the figures page with random filters, reading
    each page for a pause drawn within ``think``, until ``seconds`` have passed; the timings, errors and the
    largest page."""
    report = LoadReport(users=len(sessions), seconds=seconds)
    lock = threading.Lock()
    parts = urlsplit(base_url)
    deadline = time.monotonic() + seconds

    def browse(index: int, session: str | None) -> None:
        rng = random.Random(seed * 1000 + index)
        headers = {"X-Forwarded-Proto": "https", "Host": parts.netloc}
        if session is not None:
            headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={session}"
        connection = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=120
        )
        time.sleep(rng.uniform(0.0, think[1]))  # arriving
        while time.monotonic() < deadline:
            path = f"{PAGE}?{random_query(filters, rng)}"
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                answer = connection.getresponse()
                body = answer.read()
                status = answer.status
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection(
                    parts.hostname or "127.0.0.1", parts.port, timeout=120
                )
                with lock:
                    report.errors.append(f"{path}: {type(error).__name__}")
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                report.latencies_ms.append(elapsed)
                report.largest_bytes = max(report.largest_bytes, len(body))
                if status != 200:
                    report.errors.append(f"{path}: {status}")
            pause = rng.uniform(*think)
            time.sleep(max(0.0, min(pause, deadline - time.monotonic())))
        connection.close()

    threads = [
        threading.Thread(target=browse, args=(i, session), daemon=True)
        for i, session in enumerate(sessions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return report
