"""Safe by default: debug off unless asked, `check --deploy` clean in production, the security headers, rate limits
on the API, and an oversized request refused before its body is read."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from rest_framework.test import APIClient

from kuska.config.keys import LOCAL_KEYS_FILE, new_key
from tests.personas import member, token_of


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a production server: debug off (unset), real keys, nothing of the tests'."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KUSKA_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        KUSKA_VAR_DIR=str(tmp_path / "var"),
        KUSKA_SECRET_KEY=new_key(48),
        KUSKA_DATA_KEYS=f"prod1:{new_key()}",
        KUSKA_HASH_KEY=new_key(),
        DJANGO_SETTINGS_MODULE="kuska.settings",
        **extra,
    )
    return env


def python(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_debug_is_off_unless_the_environment_turns_it_on(tmp_path: Path) -> None:
    script = (
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    )
    assert python(production_env(tmp_path), "-c", script).stdout.strip() == "False"
    debug = production_env(tmp_path, KUSKA_DEBUG="true")
    assert python(debug, "-c", script).stdout.strip() == "True"


def test_check_deploy_reports_nothing_with_production_settings(tmp_path: Path) -> None:
    result = python(
        production_env(tmp_path), "-m", "django", "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_serve_without_keys_and_without_debug_names_the_variables_and_writes_no_key(
    tmp_path: Path,
) -> None:
    env = production_env(tmp_path)
    for name in ("KUSKA_SECRET_KEY", "KUSKA_DATA_KEYS", "KUSKA_HASH_KEY"):
        del env[name]
    result = python(env, "-m", "kuska.cli", "serve", "--port", "1")
    assert result.returncode == 2
    for name in ("KUSKA_SECRET_KEY", "KUSKA_DATA_KEYS", "KUSKA_HASH_KEY", "KUSKA_DEBUG=true"):
        assert name in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "var" / LOCAL_KEYS_FILE).exists()


def test_production_answers_carry_hsts_and_redirect_plain_http(tmp_path: Path) -> None:
    script = """
import json, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(HTTP_HOST="localhost")
plain = client.get("/sign-in/")
secure = client.get("/sign-in/", secure=True)
print(json.dumps({"plain": [plain.status_code, plain.get("Location", "")],
                  "headers": dict(secure.headers), "cookies": {k: dict(v) for k, v in secure.cookies.items()}}))
"""
    result = python(production_env(tmp_path), "-c", script)
    assert result.returncode == 0, result.stderr
    answer: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["plain"] == [301, "https://localhost/sign-in/"]
    headers = answer["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    csrf = answer["cookies"]["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["httponly"] is True


@pytest.mark.django_db
def test_every_page_carries_a_strict_content_security_policy_and_the_other_headers(
    peru: None,
) -> None:
    for path in ("/", "/sign-in/"):
        response = Client().get(path)
        csp = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
        assert directives["default-src"] == "'none'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe-inline" not in csp
        assert "unsafe-eval" not in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]
        page = response.content.decode()
        assert "<style" not in page
        assert "<script" not in page
        assert " style=" not in page


def test_debug_mode_sends_no_hsts() -> None:
    from django.conf import settings

    assert settings.SECURE_HSTS_SECONDS == 0
    assert not settings.SECURE_SSL_REDIRECT


# rate limits


@pytest.mark.django_db
def test_guessing_tokens_gets_429_after_twenty_refusals_from_one_address(
    peru: None, settings: Any
) -> None:
    assert settings.API_AUTH_FAILURE_LIMIT == 20
    good = token_of(member("officer@pnp.example", "PNP", "data_officer"))
    guesser = APIClient(REMOTE_ADDR="203.0.113.7")
    answers = [
        guesser.get("/api/v1/batches/1/", HTTP_AUTHORIZATION=f"Token ksk_guess{n}").status_code
        for n in range(25)
    ]
    assert answers == [401] * 20 + [429] * 5
    refused = guesser.get("/api/v1/batches/1/", HTTP_AUTHORIZATION=f"Token {good}")
    assert refused.status_code == 429  # not even a good token is looked at from there
    assert int(refused["Retry-After"]) > 0
    assert set(refused.json()["error"]) >= {"code", "es", "en"}
    other = APIClient(REMOTE_ADDR="198.51.100.2")
    assert other.get("/api/v1/batches/1/", HTTP_AUTHORIZATION=f"Token {good}").status_code == 404


@pytest.mark.django_db
def test_a_caller_over_its_request_rate_gets_429(
    peru: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kuska.api.throttling import CallerRateThrottle

    monkeypatch.setattr(CallerRateThrottle, "THROTTLE_RATES", {"caller": "3/minute"})
    token = token_of(member("officer@pnp.example", "PNP", "data_officer"))
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    answers = [client.get("/api/v1/batches/1/").status_code for _ in range(5)]
    assert answers == [404, 404, 404, 429, 429]
    assert client.get("/api/v1/batches/1/").json()["error"]["code"] == "throttled"


# the size of a request


class Unread(io.RawIOBase):
    """A request body that counts what was read of it."""

    def __init__(self) -> None:
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = len(buffer)
        buffer[:size] = b"x" * size
        self.consumed += size
        return size


def wsgi_post(path: str, length: int, body: Unread) -> tuple[str, bytes]:
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": "multipart/form-data; boundary=x",
        "CONTENT_LENGTH": str(length),
        "HTTP_AUTHORIZATION": "Token ksk_anything",
        "wsgi.input": body,
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    status: list[str] = []

    def start_response(line: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
        status.append(line)

    chunks: Iterator[bytes] = iter(WSGIHandler()(environ, start_response))
    return status[0], b"".join(chunks)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/submissions/", "/sign-in/"])
def test_a_request_declared_over_the_limit_is_refused_with_413_before_its_body_is_read(
    settings: Any, path: str
) -> None:
    body = Unread()
    status, content = wsgi_post(path, settings.API_MAX_UPLOAD_BYTES + 1, body)
    assert status.startswith("413")
    assert body.consumed == 0
    error = json.loads(content)["error"]
    assert error["code"] == "too_large"
    assert "100 MB" in error["es"]


@pytest.fixture
def figures_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """kuska serve's reading of the dashboard's figures into memory, recorded rather than done (the tests of the
    server's options have no database)."""
    read: list[str] = []

    def keep_current() -> SimpleNamespace:
        read.append("figures read")
        return SimpleNamespace(seconds=0.0)

    monkeypatch.setattr("kuska.stats.snapshot.keep_current", keep_current)
    return read


def test_the_web_server_is_given_the_same_limit(
    monkeypatch: pytest.MonkeyPatch, figures_read: list[str]
) -> None:
    import waitress

    from kuska.cli.serve import serve

    given: dict[str, Any] = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **options: given.update(options))
    serve("127.0.0.1", 8000, threads=1, worker=False)
    from django.conf import settings

    assert given["max_request_body_size"] == settings.API_MAX_UPLOAD_BYTES


def test_behind_a_proxy_the_web_server_passes_on_its_forwarded_scheme_from_this_machine_only(
    monkeypatch: pytest.MonkeyPatch, settings: Any, figures_read: list[str]
) -> None:
    """waitress removes X-Forwarded-Proto from an untrusted sender: without trusting the local proxy, the HTTPS
    redirect would send every request behind it round again."""
    import waitress

    from kuska.cli.serve import serve

    given: dict[str, Any] = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **options: given.update(options))
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    serve("127.0.0.1", 8000, threads=1, worker=False)
    assert given["trusted_proxy"] == "127.0.0.1"
    assert given["trusted_proxy_headers"] == {"x-forwarded-proto"}
    given.clear()
    settings.SECURE_PROXY_SSL_HEADER = None
    serve("127.0.0.1", 8000, threads=1, worker=False)
    assert "trusted_proxy" not in given


def test_kuska_serve_reads_the_figures_and_starts_a_worker_before_serving_and_stops_it_after(
    monkeypatch: pytest.MonkeyPatch, figures_read: list[str]
) -> None:
    import waitress

    from kuska.cli.serve import serve
    from kuska.jobs.work import WorkerThread

    happened = figures_read
    monkeypatch.setattr(WorkerThread, "start", lambda self: happened.append("worker started"))
    monkeypatch.setattr(WorkerThread, "stop", lambda self: happened.append("worker stopped"))
    monkeypatch.setattr(waitress, "serve", lambda app, **options: happened.append("served"))
    serve("127.0.0.1", 8000, threads=1)
    assert happened == ["figures read", "worker started", "served", "worker stopped"]
    happened.clear()
    serve("127.0.0.1", 8000, threads=1, worker=False)  # kuska serve --no-worker
    assert happened == ["figures read", "served"]
