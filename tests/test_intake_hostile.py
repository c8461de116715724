"""Hostile or broken files meet limits, not the heap: each is refused (or its bad rows rejected) within seconds
and a bounded memory, with a clear message, and nothing of it is stored."""

from __future__ import annotations

import codecs
import io
import json
import os
import random
import subprocess
import sys
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.db import OperationalError, connection, connections

from kuska.api.uploads import process_folder, remove_stale_uploads
from kuska.intake import submit as submit_module
from kuska.intake.limits import Limits
from kuska.intake.models import RejectedRow
from kuska.intake.submit import SubmissionError, submit
from kuska.registry.models import PersonRecord, SubmissionBatch
from tests.intake_files import PERSON_HEADER, person, write_csv

pytestmark = pytest.mark.usefixtures("peru")

SECONDS = 10
MEMORY = 300 * 1024 * 1024


def nothing_stored() -> bool:
    return not (
        SubmissionBatch.objects.exists()
        or PersonRecord.objects.exists()
        or RejectedRow.objects.exists()
    )


def refused(path: Path) -> SubmissionError:
    """Submit ``path``; it must be refused within the time and memory limits, storing nothing."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(SubmissionError) as caught:
            submit([path], "PNP")
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < SECONDS
    assert peak < MEMORY
    assert nothing_stored()
    return caught.value


def zip_bomb(path: Path, expanded: int = 60 * 1024 * 1024) -> Path:
    """A real workbook whose shared strings hold one string of ``expanded`` bytes, a few kilobytes compressed."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Personas"
    sheet.append(["record_id", "role", "given_names"])
    sheet.append(["P-1", "victim", "Rosa"])
    buffer = io.BytesIO()
    book.save(buffer)
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            if item.filename != "xl/sharedStrings.xml":
                bomb.writestr(item, source.read(item.filename))
        with bomb.open("xl/sharedStrings.xml", "w") as strings:
            strings.write(
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            strings.write(b"<si><t>P-1</t></si><si><t>victim</t></si><si><t>")
            chunk = b"A" * (1024 * 1024)
            for _ in range(expanded // len(chunk)):
                strings.write(chunk)
            strings.write(b"</t></si></sst>")
    return path


def test_a_zip_bomb_workbook_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "personas.xlsx")
    assert path.stat().st_size < 1024 * 1024
    error = refused(path)
    assert "xl/sharedStrings.xml" in error.in_language("en")
    assert "KUSKA_INTAKE_MAX_COMPRESSION" in error.in_language("en")


def test_a_workbook_whose_shared_strings_expand_beyond_their_limit_is_refused(
    tmp_path: Path, settings: Any
) -> None:
    # 6 MB of shared strings: under the compression check's floor, within the workbook's size limit, and all of it
    # held in memory by the reader; the shared strings have a limit of their own
    settings.INTAKE_LIMITS = Limits(shared_strings_bytes=4 * 1024 * 1024)
    path = zip_bomb(tmp_path / "personas.xlsx", expanded=6 * 1024 * 1024)
    error = refused(path)
    assert "shared strings" in error.in_language("en")
    assert "KUSKA_INTAKE_MAX_SHARED_STRINGS" in error.in_language("en")


def test_a_workbook_larger_than_the_limit_once_opened_is_refused(
    tmp_path: Path, settings: Any
) -> None:
    settings.INTAKE_LIMITS = Limits(workbook_bytes=4096)
    path = tmp_path / "personas.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(PERSON_HEADER)
    book.save(path)
    assert "KUSKA_INTAKE_MAX_WORKBOOK_BYTES" in refused(path).in_language("en")


def test_a_50_mb_header_line_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "personas.csv"
    with path.open("w", encoding="utf-8") as handle:
        for n in range(50 * 1024 // 8):
            handle.write(f"c{n:06d}," * 128)
        handle.write("\nP-1\n")
    error = refused(path)
    assert error.in_language("en").startswith("personas.csv: the header line is longer than 65,536")


def test_a_line_longer_than_the_limit_is_refused_and_the_rows_before_it_are_not_kept(
    tmp_path: Path, settings: Any
) -> None:
    settings.INTAKE_LIMITS = Limits(line_length=1000)
    path = write_csv(
        tmp_path / "personas.csv", [person("P-1"), person("P-2", given_names="N" * 2000)]
    )
    assert "line 3 is longer than 1,000 characters" in refused(path).in_language("en")


def test_a_million_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "personas.csv"
    path.write_text(",".join(["x"] * 1_000_000) + "\nP-1\n", encoding="utf-8")
    assert "KUSKA_INTAKE_" in refused(path).in_language("en")


def test_more_columns_than_the_limit_are_refused_in_csv_json_and_xlsx(
    tmp_path: Path, settings: Any
) -> None:
    settings.INTAKE_LIMITS = Limits(columns=50)
    header = [f"columna_{n}" for n in range(2000)]
    csv_path = tmp_path / "personas.csv"
    csv_path.write_text(",".join(header) + "\n" + ",".join("x" * 2000) + "\n", encoding="utf-8")
    json_path = tmp_path / "personas.jsonl"
    json_path.write_text(json.dumps(dict.fromkeys(header, "x")) + "\n", encoding="utf-8")
    xlsx_path = tmp_path / "personas.xlsx"
    book = openpyxl.Workbook(write_only=True)
    book.create_sheet("Personas").append(header)
    book.save(xlsx_path)
    for path in (csv_path, json_path, xlsx_path):
        message = refused(path).in_language("en")
        assert message.startswith(f"{path.name} has 2,000 columns" if path != xlsx_path else "")
        assert message.startswith(f"{path.name} has ")
        assert "at most 50 are accepted (limit KUSKA_INTAKE_MAX_COLUMNS)" in message


def test_utf16_with_its_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "personas.csv",
        [person("P-1", given_names="Ñusta Añez")],
        encoding="utf-16",  # Python writes the byte-order mark
    )
    assert path.read_bytes().startswith(codecs.BOM_UTF16_LE)
    report = submit([path], "PNP")
    assert (report.total("accepted"), report.total("rejected")) == (1, 0)
    assert PersonRecord.objects.get().given_names == "Ñusta Añez"


@pytest.mark.parametrize("kind", ["utf-16 without its mark", "random bytes"])
def test_a_file_that_is_not_text_in_a_known_encoding_is_refused_whole(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "personas.csv"
    if kind == "random bytes":
        path.write_bytes(random.Random(16).randbytes(200 * 1024))
    else:
        path.write_bytes(
            "\n".join(",".join(person(f"P-{n}").values()) for n in range(100)).encode("utf-16-le")
        )
    error = refused(path)
    assert error.in_language("en").startswith("personas.csv is not text in a known encoding")


@pytest.mark.parametrize("spelling", ["escaped", "raw byte"])
def test_control_characters_are_rejected_per_row_naming_row_and_column(
    tmp_path: Path, spelling: str
) -> None:
    path = tmp_path / "personas.jsonl"
    lines = [json.dumps(person("P-1")), json.dumps(person("P-\u00002", sex="fe\u0007male"))]
    if spelling == "raw byte":
        lines[1] = lines[1].replace("\\u0000", "\x00").replace("\\u0007", "\x07")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = submit([path], "PNP")
    assert (report.total("accepted"), report.total("rejected")) == (1, 1)
    assert list(PersonRecord.objects.values_list("source_record_id", flat=True)) == ["P-1"]
    problems = RejectedRow.objects.get().problems
    if spelling == "escaped":
        assert [(p["row"], p["column"], p["code"]) for p in problems] == [
            (2, "record_id", "control_characters"),
            (2, "sex", "control_characters"),
        ]
        assert problems[0]["message_en"] == (
            "The cell holds control characters (such as NUL) that cannot be stored."
        )
    else:  # JSON itself refuses a raw control character in a string
        assert (problems[0]["row"], problems[0]["code"]) == (2, "unreadable_row")


def test_a_nul_in_a_csv_cell_rejects_its_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "personas.csv", [person("P-1"), person("P-2", sex="fe\x00male")])
    report = submit([path], "PNP")
    assert (report.total("accepted"), report.total("rejected")) == (1, 1)
    (problem,) = RejectedRow.objects.get().problems
    assert (problem["row"], problem["column"], problem["value"]) == (3, "sex", "fe\ufffdmale")


def test_a_locked_sqlite_database_ends_the_submission_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*args: object, **kwargs: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(submit_module, "_run", locked)
    with pytest.raises(SubmissionError) as caught:
        submit([write_csv(tmp_path / "personas.csv", [person("P-1")])], "PNP")
    assert caught.value.in_language("en") == (
        "another submission is being written and did not finish in time: submit again once it has ended"
    )
    assert nothing_stored()


@pytest.mark.django_db(transaction=True)
def test_the_same_file_submitted_twice_at_once_is_stored_once(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite writes one transaction at a time; the agency lock matters on PostgreSQL"
        )
    path = write_csv(tmp_path / "personas.csv", [person(f"P-{n}") for n in range(3000)])
    outcomes: list[object] = []

    def send() -> None:
        try:
            outcomes.append(submit([path], "PNP").total("created"))
        except SubmissionError as exc:
            outcomes.append(exc.in_language("en"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [0, 3000]
    assert PersonRecord.objects.count() == 3000


def test_uploads_of_a_process_killed_mid_upload_are_removed_at_the_next_start(
    tmp_path: Path, settings: Any
) -> None:
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    killed = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, pathlib, sys, time\n"
            "folder = pathlib.Path(sys.argv[1]) / str(os.getpid()); folder.mkdir(parents=True)\n"
            "(folder / 'personas.csv').write_text('record_id,given_names\\nP-1,Rosa\\n')\n"
            "print('written', flush=True); time.sleep(60)\n",
            str(tmp_path / "uploads"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert killed.stdout is not None
    assert killed.stdout.readline() == "written\n"
    killed.kill()
    killed.wait()
    ours = process_folder()
    (ours / "kept.csv").write_text("in use")

    assert remove_stale_uploads() == [tmp_path / "uploads" / str(killed.pid)]
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == [str(os.getpid())]
    assert (ours / "kept.csv").exists()
    assert oct(ours.stat().st_mode & 0o777) == "0o700"


def test_the_import_command_refuses_a_hostile_file_in_one_message_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kuska.cli import main

    monkeypatch.setenv("KUSKA_LANGUAGE", "en")

    path = tmp_path / "personas.csv"
    path.write_bytes(random.Random(7).randbytes(200 * 1024))
    assert main(["import", str(path), "--agency", "PNP"]) == 1
    printed = capsys.readouterr()
    out = " ".join(printed.out.split())  # the terminal wraps long lines
    assert "personas.csv is not text in a known encoding" in out
    assert "Nothing was stored." in out
    assert "Traceback" not in printed.out + printed.err
    assert nothing_stored()
