"""CSV: UTF-8 (with or without BOM), UTF-16 with BOM or Latin-1/Windows-1252, comma, semicolon or tab separated,
streamed within the limits of :mod:`kuska.intake.limits`."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.intake import limits
from kuska.intake.readers.base import EXTRA, FieldCount, ReadError, Sheet
from kuska.intake.readers.text import (
    detect_encoding,
    limited_lines,
    too_long,
    too_many_columns,
)

DELIMITERS = (",", ";", "\t", "|")
csv.field_size_limit(1024 * 1024)

__all__ = ["DELIMITERS", "detect_delimiter", "detect_encoding", "read_csv"]


def detect_delimiter(first_line: str) -> str:
    """The separator used most in the header line (comma when there is none)."""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(path: Path, stack: ExitStack) -> list[Sheet]:
    bounds = limits.current()
    encoding = detect_encoding(path)
    handle = stack.enter_context(path.open(encoding=encoding, errors="replace", newline=""))
    first = handle.readline(bounds.header_length + 1)
    if len(first) > bounds.header_length:
        raise too_long(path, None, bounds.header_length, "KUSKA_INTAKE_MAX_HEADER_LENGTH")
    if not first.strip():
        raise ReadError(format_lazy(_("{file} is empty or has no header"), file=path.name))
    delimiter = detect_delimiter(first)
    header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
    if len(header) > bounds.columns:
        raise too_many_columns(path, len(header), bounds.columns)
    if not any(header):
        raise ReadError(format_lazy(_("{file} has no header"), file=path.name))
    # a spreadsheet may write unnamed columns after the last named one: rows may stop before them
    named = len(header) - next(i for i, h in enumerate(reversed(header)) if h)

    def rows() -> Iterator[tuple[int, dict[str, object]]]:
        lines = limited_lines(handle, path, bounds.line_length, first=2)
        reader = csv.reader(lines, delimiter=delimiter)
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield reader.line_num + 1, {EXTRA: f"csv: {exc}"}
                continue
            if not "".join(values).strip():  # a blank line, or only separators and spaces
                continue
            row: dict[str, object] = dict(zip(header, values, strict=False))
            if len(values) < named:  # a truncated line
                row[EXTRA] = FieldCount(len(values), named)
            elif len(values) > len(header):  # a separator inside an unquoted cell
                row[EXTRA] = FieldCount(len(values), len(header))
            yield reader.line_num + 1, row  # the header is line 1

    return [Sheet(name=path.name, record_type=path.name, header=header, rows=rows())]
