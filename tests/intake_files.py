"""Writing submission files for tests, in the shapes agencies send them."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

import openpyxl

PERSON_HEADER = [
    "record_id",
    "role",
    "given_names",
    "paternal_surname",
    "maternal_surname",
    "sex",
    "birth_date",
    "age",
    "event_date",
    "nationality",
    "document_type",
    "document_number",
]


def person(record_id: str, **values: str) -> dict[str, str]:
    """A valid victim row; keyword arguments override its cells."""
    row = {
        "record_id": record_id,
        "role": "victim",
        "given_names": "Rosa Elena",
        "paternal_surname": "Quispe",
        "maternal_surname": "Mamani",
        "sex": "female",
        "birth_date": "12/07/2004",
        "age": "",
        "event_date": "15/03/2020",
        "nationality": "PE",
        "document_type": "dni",
        "document_number": "45678912",
    }
    row.update(values)
    return row


def write_csv(
    path: Path,
    rows: Sequence[dict[str, str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    header: Sequence[str] | None = None,
) -> Path:
    header = list(header or (rows[0].keys() if rows else PERSON_HEADER))
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(h, "") for h in header])
    return path


def write_xlsx(path: Path, sheets: dict[str, Sequence[dict[str, object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        header = list(rows[0].keys())
        sheet.append(header)
        for row in rows:
            sheet.append([row.get(h) for h in header])
    book.save(path)
    return path


def write_jsonl(path: Path, rows: Sequence[dict[str, object]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return path
