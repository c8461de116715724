"""The ``kuska`` command: help, init and the demo; a database never initialised; the server's log."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kuska.cli import COMMANDS, main


def kuska(*args: str, var: Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KUSKA_VAR_DIR"] = str(var)
    # the output these tests read is Spanish, whatever the machine's locale, unless a test says otherwise
    env.setdefault("KUSKA_LANGUAGE", "es")
    return subprocess.run(
        [sys.executable, "-m", "kuska.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


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


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """``kuska demo --no-serve`` run once for the module, and the folder it ran in."""
    var = tmp_path_factory.mktemp("demo")
    return kuska("demo", "--no-serve", var=var, timeout=600), var


def test_demo_without_serving_builds_the_database_and_exits_zero(
    demo: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, var = demo
    assert result.returncode == 0, result.stderr
    assert "sqlite" in result.stdout
    assert "26" in result.stdout  # regions
    assert (var / "demo.sqlite3").exists()


def test_init_twice_reports_nothing_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = kuska("init", var=tmp_path)
    assert first.returncode == 0, first.stderr
    monkeypatch.setenv("KUSKA_LANGUAGE", "en")
    second = kuska("init", var=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Nothing changed" in second.stdout
    monkeypatch.setenv("KUSKA_LANGUAGE", "es")
    assert "Sin cambios" in kuska("init", var=tmp_path).stdout


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


def test_demo_run_again_rebuilds_its_database_and_serves_the_home_page(
    demo: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    """The second run, over the database of the first (the module's ``demo``), builds it afresh and serves it."""
    _, var = demo
    assert (var / "demo.sqlite3").exists()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KUSKA_VAR_DIR"] = str(var)
    # the output these tests read is Spanish, whatever the machine's locale, unless a test says otherwise
    env.setdefault("KUSKA_LANGUAGE", "es")
    server = subprocess.Popen(
        [sys.executable, "-m", "kuska.cli", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600  # the demo is built again first
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
    "token": ["token", "--agency", "PNP", "--list"],
    "report": ["report", "--year", "2020"],
    "link": ["link"],
    "review": ["review"],
    "user": ["user", "list"],
    "audit": ["audit", "verify"],
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


def test_after_kuska_init_the_command_runs(tmp_path: Path) -> None:
    assert kuska("init", var=tmp_path).returncode == 0
    result = kuska("review", var=tmp_path)
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


def test_the_server_logs_a_failed_request_once(tmp_path: Path) -> None:
    assert kuska("init", var=tmp_path).returncode == 0
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(KUSKA_VAR_DIR=str(tmp_path), KUSKA_LANGUAGE="en")
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
