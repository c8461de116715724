"""Readers: one small module per file format, registered in :data:`FORMATS`.

A reader turns a file into :class:`Sheet` objects — a name (file or sheet), a header, and rows streamed as
``(row number, {header: value})``. Row numbers are those the data officer sees: the line in a CSV or JSON Lines
file, the row in a spreadsheet. Readers never validate; they only read, and raise :class:`ReadError` when the
file itself cannot be read.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.intake.readers.base import EXTRA, FieldCount, ReadError, RowProblems, Sheet
from kuska.intake.readers.csv_reader import read_csv
from kuska.intake.readers.jsonl_reader import read_jsonl
from kuska.intake.readers.mininter import read_mininter
from kuska.intake.readers.xlsx_reader import read_xlsx

# A reader opens a file, registers how to close it on the stack, and returns its sheets with rows not yet read.
Reader = Callable[[Path, ExitStack], list[Sheet]]

FORMATS: dict[str, Reader] = {
    "csv": read_csv,
    "xlsx": read_xlsx,
    "json": read_jsonl,
    "mininter": read_mininter,  # MININTER's open data, as aggregate observations (never detected: ask for it)
}


def register(name: str, reader: Reader) -> None:
    """Add a format read by a package above intake (which intake never imports): the package registers its reader
    when its application is ready, e.g. ``screening`` (:mod:`kuska.screening.paper`). Its sheets then go through
    the one pipeline: validation, rejected rows, provenance, loading."""
    FORMATS[name] = reader


_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".jsonl": "json",
    ".ndjson": "json",
    ".json": "json",
}


def detect_format(path: Path) -> str:
    """The format of a file, from its first bytes and then its extension."""
    with path.open("rb") as handle:
        start = handle.read(4)
    if start.startswith(b"PK\x03\x04"):
        return "xlsx"
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise ReadError(
            format_lazy(
                _("unrecognized format of {file}: use .csv, .xlsx or .jsonl, or give --format"),
                file=path.name,
            )
        )
    return fmt


__all__ = [
    "EXTRA",
    "FORMATS",
    "FieldCount",
    "ReadError",
    "Reader",
    "RowProblems",
    "Sheet",
    "detect_format",
    "register",
]
