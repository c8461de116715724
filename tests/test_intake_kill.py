"""A submission killed mid-way leaves the registry as it was; sending it again completes it.

The import is killed once it says it has written rows: ``kuska import`` shows its progress (rows written so far)
on a terminal, and the test makes its output one (``FORCE_COLOR``), reads it, and sends SIGKILL on the first
count above zero.
"""

from __future__ import annotations

import csv
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.commands import Initialised

ROWS = 10_000  # five chunks: the kill comes after the first, long before the last

pytestmark = pytest.mark.slow


def write_persons(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "record_id",
                "role",
                "given_names",
                "paternal_surname",
                "sex",
                "birth_date",
                "event_date",
            ]
        )
        for i in range(rows):
            writer.writerow(
                [f"P-{i}", "victim", "Rosa", "Quispe", "female", "12/07/2004", "15/03/2020"]
            )


@pytest.fixture
def var(tmp_path: Path, initialised_sqlite: Initialised) -> Path:
    """The folder of the killed process: its keys, and its database when it is SQLite (a copy of the session's
    ``kuska init``)."""
    return initialised_sqlite.copy(tmp_path / "var")


@pytest.fixture
def database_url(var: Path) -> Iterator[str]:
    """A database of its own for the killed process, initialised: a copy of an initialised SQLite file, or a
    scratch PostgreSQL database (``kuska init`` run on it) when the suite runs on PostgreSQL."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{var / 'kuska.sqlite3'}"
        return
    settings = connection.settings_dict
    name = f"{settings['NAME']}_kill"
    admin = f"postgresql://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    env = {**os.environ, "KUSKA_VAR_DIR": str(var), "DATABASE_URL": url}
    assert kuska("init", env=env).wait(timeout=180) == 0
    yield url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def kuska(*args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kuska.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def rows_written(process: subprocess.Popen[bytes], timeout: float) -> int:
    """Wait until the import's progress shows rows written; their number. Fails if it ends or stalls first."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        data = os.read(fd, 65536)
        assert data, (
            f"the import ended before writing a row it could be killed after: {seen[-500:]!r}"
        )
        seen += data
        counts = [int(n) for n in re.findall(rb"(\d+)/(?:\d+|\?)", seen)]
        if counts and counts[-1] > 0:
            return counts[-1]
    raise AssertionError(f"no rows written after {timeout} s: {seen[-500:]!r}")


def counts(env: dict[str, str]) -> tuple[int, int, int]:
    """Person records, submission batches and rejected rows in the database, as committed."""
    code = "\n".join(
        [
            "import os, django",
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kuska.settings')",
            "django.setup()",
            "from django.db import connection",
            "cursor = connection.cursor()",
            "for table in ('registry_personrecord', 'registry_submissionbatch', 'intake_rejectedrow'):",
            "    cursor.execute(f'SELECT COUNT(*) FROM {table}')",
            "    print(cursor.fetchone()[0])",
        ]
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    persons, batches, rejected = (int(n) for n in out.stdout.split())
    return persons, batches, rejected


def test_a_killed_submission_stores_nothing_and_a_rerun_completes_it(
    tmp_path: Path, var: Path, database_url: str
) -> None:
    env = {**os.environ, "KUSKA_VAR_DIR": str(var), "DATABASE_URL": database_url}
    path = tmp_path / "personas.csv"
    write_persons(path, ROWS)

    # the progress display as on a terminal, plain: rows written so far, then "/" and the total or "?"
    shown = {**env, "FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm", "COLUMNS": "120"}
    process = kuska("import", str(path), "--agency", "PNP", env=shown)
    written = rows_written(process, timeout=300)
    assert 0 < written < ROWS
    assert process.poll() is None, (
        "the import finished before it could be killed: make the file larger"
    )
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert counts(env) == (0, 0, 0)

    rerun = kuska("import", str(path), "--agency", "PNP", env=env)
    _, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()
    assert counts(env) == (ROWS, 1, 0)
