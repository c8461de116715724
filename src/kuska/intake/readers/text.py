"""Text files (CSV, JSON Lines): which encoding they are in, and their lines read within the limits.

A file is read as UTF-8 (with or without BOM), UTF-16 with its byte-order mark, or Windows-1252/Latin-1. A file
that is none of these — random bytes, an image renamed ``.csv``, UTF-16 without its byte-order mark — is refused
as a whole rather than stored as rows of unreadable characters. A few stray control characters do not make a file
unreadable: validation rejects the rows that hold them, naming the row and column.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.intake.readers.base import ReadError

SNIFF_BYTES = 64 * 1024
# Control bytes (not tab, line feed or carriage return) tolerated in the first SNIFF_BYTES before the file is
# taken for something other than text: at least this many, or one in a hundred.
CONTROL_TOLERATED = 8
_CONTROL_BYTES = frozenset([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def not_text(path: Path) -> ReadError:
    return ReadError(
        format_lazy(
            _(
                "{file} is not text in a known encoding (UTF-8, Latin-1/Windows-1252, or UTF-16 with its "
                "byte-order mark): save it as 'CSV UTF-8' or send the Excel workbook"
            ),
            file=path.name,
        )
    )


def detect_encoding(path: Path) -> str:
    """``utf-16`` when the file starts with its byte-order mark; ``utf-8-sig`` when the whole file is valid UTF-8;
    else ``cp1252`` (or ``latin-1`` for bytes cp1252 lacks). Raises :class:`ReadError` when it is not text.

    The file is checked in chunks, so memory stays flat however large it is.
    """
    with path.open("rb") as handle:
        start = handle.read(SNIFF_BYTES)
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        controls = sum(start.count(bytes([b])) for b in _CONTROL_BYTES)
        if controls > max(CONTROL_TOLERATED, len(start) // 100):
            raise not_text(path)
        handle.seek(0)
        decoder: codecs.IncrementalDecoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("cp1252")()
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"


def too_long(path: Path, line: int | None, limit: int, setting: str) -> ReadError:
    """``line`` is the number of the line too long, ``None`` for the header."""
    if line is None:
        message = _(
            "{file}: the header line is longer than {limit} characters (limit {setting}); check that it is the "
            "right file and that its separator is a comma, semicolon or tab"
        )
    else:
        message = _(
            "{file}: line {line} is longer than {limit} characters (limit {setting}); check that it is the "
            "right file and that its separator is a comma, semicolon or tab"
        )
    return ReadError(
        format_lazy(message, file=path.name, line=line, limit=f"{limit:,}", setting=setting)
    )


def limited_lines(handle: TextIO, path: Path, limit: int, first: int) -> Iterator[str]:
    """The lines of ``handle``, refusing the file at the first line longer than ``limit`` characters (never
    holding more than that in memory). ``first`` is the number of the first line, for the message."""
    number = first
    while line := handle.readline(limit + 1):
        if len(line) > limit:
            raise too_long(path, number, limit, "KUSKA_INTAKE_MAX_LINE_LENGTH")
        number += 1
        yield line


def too_many_columns(path: Path, found: int | None, limit: int) -> ReadError:
    """``found`` is ``None`` when the columns were not all read (more than ``limit``, but how many is unknown)."""
    if found is None:
        message = _(
            "{file} has more than {limit} columns; at most {limit} are accepted (limit "
            "KUSKA_INTAKE_MAX_COLUMNS)"
        )
    else:
        message = _(
            "{file} has {found} columns; at most {limit} are accepted (limit KUSKA_INTAKE_MAX_COLUMNS)"
        )
    return ReadError(
        format_lazy(message, file=path.name, found=f"{found or 0:,}", limit=f"{limit:,}")
    )
