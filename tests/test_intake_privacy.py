"""A rejected row never shows who it is about: names, birth dates and document numbers are masked wherever a
rejected row goes (the ``--errors`` file, the database, the API, logs and the terminal); the row number, the
column and the rule broken stay."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import openpyxl
import pytest
from django.db import connection

from kuska.cli import main
from kuska.intake.models import RejectedRow
from tests.intake_files import PERSON_HEADER, person, write_csv
from tests.personas import officer_client

pytestmark = pytest.mark.usefixtures("peru")

# Each broken row carries identity values that must not come back; the birth dates in both spellings.
SECRETS = [
    "Wayra Antonella",
    "Huamanchumo",
    "Ccoyllur",
    "73918264",
    "81726354",
    "60011223",
    "Killa Sumaq",
    "Chaska",
    "12/07/2031",
    "2031-07-12",
    "03/05/2019",
    "2019-05-03",
]


def broken_rows(tmp_path: Path) -> Path:
    header = [*PERSON_HEADER, "apodo"]  # a column Kuska does not read, holding a nickname
    rows = [
        person("P-1", given_names="Wayra Antonella", birth_date="12/07/2031", apodo="Chaska"),
        person(
            "P-2",
            paternal_surname="Huamanchumo",
            birth_date="03/05/2019",
            event_date="01/01/2018",
            document_number="73918264",
            apodo="",
        ),
        person("P-3", maternal_surname="Ccoyllur", document_type="", document_number="81726354"),
        person("P-4", given_names="Killa Sumaq", sex="X", document_number="60011223"),
        person("P-5", apodo=""),
    ]
    path = write_csv(tmp_path / "personas.csv", rows, header=header)
    with path.open("a", encoding="utf-8") as handle:  # a truncated line
        handle.write("P-6,victim,Wayra Antonella,Huamanchumo\n")
    return path


def leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def xlsx_text(path: Path) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(
        "" if cell is None else str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_errors_file_masks_identities_and_keeps_row_column_and_rule(
    tmp_path: Path,
    suffix: str,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    errors = tmp_path / f"rechazadas{suffix}"
    caplog.set_level(logging.DEBUG)
    assert (
        main(["import", str(broken_rows(tmp_path)), "--agency", "PNP", "--errors", str(errors)])
        == 0
    )

    written = errors.read_text("utf-8-sig") if suffix == ".csv" else xlsx_text(errors)
    printed = capsys.readouterr()
    assert leaks(written) == []
    assert leaks(printed.out + printed.err) == []
    assert leaks(caplog.text) == []
    for row, column, rule in [
        ("2", "birth_date", "The date is in the future."),
        ("3", "birth_date", "The birth date is after the date of the event"),
        ("4", "document_number", "There is a document number but no document type."),
        ("5", "sex", "The value is not in the code list 'sex'"),
        ("7", "", "The row has 4 fields; the header has 13."),
    ]:
        assert any(
            f"{row}" in line and column in line and rule in line for line in written.splitlines()
        ) or (suffix == ".xlsx" and rule in written)
    assert "given_names=***" in written or suffix == ".xlsx"
    assert "record_id=P-4" in written or suffix == ".xlsx"


def test_rejected_rows_in_the_database_and_the_api_mask_identities(tmp_path: Path) -> None:
    client = officer_client("PNP")
    with broken_rows(tmp_path).open("rb") as handle:
        answer = client.post("/api/v1/submissions/", {"file": [handle]}, format="multipart")
    assert answer.status_code == 201
    batch_id = answer.json()["files"][0]["batch_id"]
    listed = client.get(f"/api/v1/batches/{batch_id}/rejected/")

    assert leaks(answer.content.decode()) == []
    assert leaks(listed.content.decode()) == []
    stored = list(RejectedRow.objects.order_by("row_number"))
    assert [r.row_number for r in stored] == [2, 3, 4, 5, 7]
    assert leaks(json.dumps([[r.raw, r.problems] for r in stored])) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT raw, problems FROM intake_rejectedrow")
        assert leaks(json.dumps(cursor.fetchall(), default=str)) == []
    first = listed.json()["results"][0]
    assert first["submitted"]["record_id"] == "P-1"
    assert first["submitted"]["given_names"] == "***"
    assert first["submitted"]["apodo"] == "***"
    assert first["submitted"]["sex"] == "female"
    assert first["problems"][0]["column"] == "birth_date"
    assert first["problems"][0]["value"] == ""
