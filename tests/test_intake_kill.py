"""A submission killed mid-way leaves the registry as it was; sending it again completes it."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROWS = 120_000

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
def database_url(tmp_path: Path) -> Iterator[str]:
    """A database of its own for the killed process: a SQLite file, or a scratch PostgreSQL database when the
    suite runs on PostgreSQL."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'kill.sqlite3'}"
        return
    settings = connection.settings_dict
    name = f"{settings['NAME']}_kill"
    admin = f"postgresql://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield admin.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def kuska(*args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kuska.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def count(env: dict[str, str], table: str) -> int:
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kuska.settings'); django.setup();"
        "from django.db import connection; c = connection.cursor();"
        f"c.execute('SELECT COUNT(*) FROM {table}'); print(c.fetchone()[0])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return int(out.stdout)


def test_a_killed_submission_stores_nothing_and_a_rerun_completes_it(
    tmp_path: Path, database_url: str
) -> None:
    env = {**os.environ, "KUSKA_VAR_DIR": str(tmp_path), "DATABASE_URL": database_url}
    assert kuska("init", env=env).wait(timeout=180) == 0
    path = tmp_path / "personas.csv"
    write_persons(path, ROWS)

    process = kuska("import", str(path), "--agency", "PNP", env=env)
    time.sleep(3)
    assert process.poll() is None, (
        "the import finished before it could be killed: make the file larger"
    )
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert count(env, "registry_personrecord") == 0
    assert count(env, "registry_submissionbatch") == 0
    assert count(env, "intake_rejectedrow") == 0

    rerun = kuska("import", str(path), "--agency", "PNP", env=env)
    _, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()
    assert count(env, "registry_personrecord") == ROWS
    assert count(env, "registry_submissionbatch") == 1
    assert count(env, "intake_rejectedrow") == 0
