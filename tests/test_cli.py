"""The ``kuska`` command: help, init and the demo; a database never initialised; the server's log."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest

from kuska.cli import COMMANDS, main
from tests.commands import Initialised, kuska
from tests.demo import EARLIER_RUNS_TABLE, Demo


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert name in out


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_help(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUSKA_LANGUAGE", "en")
    assert COMMANDS[name].HELP
    with pytest.raises(SystemExit) as exit_info:
        main([name, "--help"])
    assert exit_info.value.code == 0
    assert COMMANDS[name].HELP.split()[0] in capsys.readouterr().out


@pytest.mark.xdist_group("demo")
def test_demo_without_serving_builds_a_fresh_database_and_exits_zero(demo: Demo) -> None:
    """Over the database of an earlier run (the session's ``demo`` leaves one with a table of its own in it)."""
    assert demo.result.returncode == 0, demo.result.stderr
    assert "sqlite" in demo.result.stdout
    assert "26" in demo.result.stdout  # regions
    assert (demo.var / "demo.sqlite3").exists()
    with closing(sqlite3.connect(demo.var / "demo.sqlite3")) as database:
        tables = {
            row[0]
            for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    assert EARLIER_RUNS_TABLE not in tables
    assert "registry_personrecord" in tables


def test_init_makes_the_database_and_loads_the_profile(initialised_sqlite: Initialised) -> None:
    """The session's ``kuska init`` in a new folder."""
    assert initialised_sqlite.result.returncode == 0, initialised_sqlite.result.stderr
    assert (initialised_sqlite.var / "kuska.sqlite3").exists()
    assert "peru" in initialised_sqlite.result.stdout


def test_init_twice_reports_nothing_changed(
    initialised_sqlite: Initialised, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Again over the database of the session's first ``kuska init`` (a copy of its folder)."""
    var = initialised_sqlite.copy(tmp_path / "var")
    monkeypatch.setenv("KUSKA_LANGUAGE", "en")
    second = kuska("init", var=var)
    assert second.returncode == 0, second.stderr
    assert "Nothing changed" in second.stdout
    monkeypatch.setenv("KUSKA_LANGUAGE", "es")
    assert "Sin cambios" in kuska("init", var=var).stdout


def test_a_configuration_error_is_explained_not_a_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(KUSKA_VAR_DIR=str(tmp_path), KUSKA_DEBUG="false")
    for name in ("KUSKA_SECRET_KEY", "KUSKA_DATA_KEYS", "KUSKA_HASH_KEY"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "kuska.cli", "init"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "configuration error" in result.stderr
    assert "Traceback" not in result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.xdist_group("demo")
def test_the_demo_prints_the_line_after_which_the_readmes_commands_work_on_its_database(
    demo: Demo, tmp_path: Path
) -> None:
    """The line names the demo's folder and database; on a copy of them (the shared one is only read), the
    commands of the README answer from the demo's records."""
    line = next(
        line for line in demo.result.stdout.splitlines() if line.startswith("export KUSKA_DEBUG")
    )
    variables = dict(item.split("=", 1) for item in shlex.split(line.removeprefix("export ")))
    assert variables == {
        "KUSKA_DEBUG": "true",
        "KUSKA_VAR_DIR": str(demo.var.resolve()),
        "DATABASE_URL": f"sqlite:///{demo.var.resolve() / 'demo.sqlite3'}",
    }
    copy = tmp_path / "var"
    shutil.copytree(demo.var, copy)
    env = dict(
        os.environ,
        KUSKA_LANGUAGE="es",
        KUSKA_DEBUG="true",
        KUSKA_VAR_DIR=str(copy),
        DATABASE_URL=f"sqlite:///{copy / 'demo.sqlite3'}",
    )
    outputs: list[str] = []
    for command in (["stats", "--year", "2020", "--indicator", "victims_identified"], ["review"]):
        done = subprocess.run(
            [sys.executable, "-m", "kuska.cli", *command],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "kuska init" not in done.stderr
        outputs.append(done.stdout)
    assert "no reportado" not in outputs[0]  # the demo's victims, not an empty database's
    assert re.search(r"\b[1-9]\d*\b", outputs[0])


@pytest.mark.xdist_group("demo")
def test_the_demo_database_is_served_with_its_home_page(demo: Demo, tmp_path: Path) -> None:
    """A copy of the session's demo folder (database and keys), served by ``kuska serve``: the shared one is only
    read."""
    var = tmp_path / "var"
    shutil.copytree(demo.var, var)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(KUSKA_VAR_DIR=str(var), DATABASE_URL=f"sqlite:///{var / 'demo.sqlite3'}")
    # the output these tests read is Spanish, whatever the machine's locale, unless a test says otherwise
    env.setdefault("KUSKA_LANGUAGE", "es")
    server = subprocess.Popen(
        [sys.executable, "-m", "kuska.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300  # a loaded machine starts Django slowly
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        assert "Kuska" in page
        assert "sqlite" in page
        assert "demo.sqlite3" in page
        assert "peru" in page
    finally:
        server.terminate()
        server.wait(timeout=30)


# -- a database never initialised --------------------------------------------------------------------------------

# Each command that reads or writes the database, with arguments it would otherwise accept.
NEEDING_THE_DATABASE = {
    "import": ["import", "absent.csv", "--agency", "PNP"],
    "serve": ["serve", "--port", "1"],
    "stats": ["stats", "--year", "2020"],
    "template": ["template", "--agency", "PNP"],
    "token": ["token", "list", "officer@pnp.example"],
    "report": ["report", "--year", "2020"],
    "link": ["link"],
    "review": ["review"],
    "user": ["user", "list"],
    "audit": ["audit", "verify"],
    "alerts": ["alerts"],
    "worker": ["worker", "--once"],
    "screening-form": ["screening-form", "--transcription", "--agency", "PNP"],
}


def test_every_command_but_init_demo_bench_and_synth_needs_an_initialised_database() -> None:
    needing = {name for name, module in COMMANDS.items() if getattr(module, "NEEDS_DATABASE", True)}
    assert needing == set(NEEDING_THE_DATABASE)


@pytest.mark.parametrize("name", list(NEEDING_THE_DATABASE))
def test_a_command_on_a_database_never_initialised_says_to_run_kuska_init(
    name: str, tmp_path: Path
) -> None:
    result = kuska(*NEEDING_THE_DATABASE[name], var=tmp_path)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "no ha sido inicializada" in result.stderr
    assert "ejecute primero `kuska init`" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_the_advice_to_run_kuska_init_is_in_the_users_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUSKA_LANGUAGE", "en")
    result = kuska("stats", "--year", "2020", var=tmp_path)

    assert result.returncode == 1
    assert "has not been initialised" in result.stderr
    assert "run `kuska init` first" in result.stderr


def test_after_kuska_init_the_command_runs(initialised_sqlite: Initialised, tmp_path: Path) -> None:
    var = initialised_sqlite.copy(tmp_path / "var")
    result = kuska("review", var=var)
    assert result.returncode == 0, result.stderr
    assert "kuska init" not in result.stderr


# -- the benchmarks named in the help ----------------------------------------------------------------------------


def test_the_help_names_every_benchmark(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kuska.cli.bench import BENCHMARKS

    monkeypatch.setenv("KUSKA_LANGUAGE", "en")
    monkeypatch.setenv("COLUMNS", "400")
    with pytest.raises(SystemExit):
        main(["--help"])
    bench_line = next(line for line in capsys.readouterr().out.splitlines() if " bench " in line)
    assert "more to come" not in bench_line
    for name in BENCHMARKS:
        assert name in bench_line.split(":", 1)[1]


# -- the server's log ---------------------------------------------------------------------------------------------


def test_the_server_logs_a_failed_request_once(
    initialised_sqlite: Initialised, tmp_path: Path
) -> None:
    var = initialised_sqlite.copy(tmp_path / "var")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(KUSKA_VAR_DIR=str(var), KUSKA_LANGUAGE="en")
    server = subprocess.Popen(
        [sys.executable, "-m", "kuska.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        status = 0
        while not status:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/absent-page", timeout=5)
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert status == 404
    log = out + err
    assert log.count("Not Found: /absent-page") == 1, log
