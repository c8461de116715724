"""Progress while a command works: on a terminal, the steps as ``kuska import`` shows its sheets (rich); on a pipe,
nothing but the command's own output."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from kuska.cli import main
from kuska.cli.output import steps

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def terminal() -> Console:
    """A console that takes itself for a terminal, writing to memory."""
    return Console(file=io.StringIO(), force_terminal=True, width=200, color_system=None)


def shown(console: Console) -> str:
    return ANSI.sub("", console.file.getvalue())  # type: ignore[attr-defined]


def test_steps_are_shown_on_a_terminal() -> None:
    console = terminal()
    with steps(console) as step:
        step("read", "1,000 / 5,000")
        step("read", "5,000 / 5,000")
        step("save", "12 assignments")
    text = shown(console)
    assert "read 1,000 / 5,000" in text
    assert "read 5,000 / 5,000" in text
    assert "save 12 assignments" in text


def test_steps_print_nothing_on_a_pipe() -> None:
    piped = io.StringIO()
    with steps(Console(file=piped)) as step:
        step("read", "1,000 / 5,000")
        step("save", "12 assignments")
    assert piped.getvalue() == ""


@pytest.mark.django_db
def test_kuska_report_shows_its_steps_on_a_terminal(
    peru: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kuska.cli import report

    console = terminal()
    monkeypatch.setattr(report, "console", console)
    monkeypatch.setenv("KUSKA_LANGUAGE", "en")
    argv = [
        "report",
        "--year",
        "2020",
        "--lang",
        "en",
        "--format",
        "html,xlsx",
        "--out",
        str(tmp_path),
    ]

    assert main(argv) == 0

    text = shown(console)
    for words in ("report (en) figures and text", "html writing", "xlsx writing", "Report written"):
        assert words in text


@pytest.mark.django_db
def test_kuska_report_on_a_pipe_prints_the_files_written_only(
    peru: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUSKA_LANGUAGE", "en")
    argv = ["report", "--year", "2020", "--lang", "en", "--format", "html", "--out", str(tmp_path)]

    assert main(argv) == 0

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Report written: ")
    assert re.fullmatch(r"  \(en: [0-9.]+ s\)", lines[1])
