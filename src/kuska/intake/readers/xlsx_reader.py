"""XLSX: one sheet per record type, streamed row by row (openpyxl's read-only mode).

Before openpyxl opens a workbook, the sizes its zip archive declares are checked against the limits of
:mod:`kuska.intake.limits`: a workbook that would expand beyond them (a "zip bomb": a few kilobytes holding
gigabytes of shared strings) is refused without decompressing a byte. A part whose real content is larger than
its declared size fails its checksum when read, so the declared sizes cannot be used to slip past the check.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import openpyxl
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.xml.constants import SHARED_STRINGS

from kuska.intake import limits
from kuska.intake.readers.base import ReadError, Sheet
from kuska.intake.readers.text import too_many_columns

# What openpyxl raises on a damaged or truncated workbook (zip, XML and value errors).
DAMAGED = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    OSError,
    EOFError,
    SyntaxError,
    ValueError,
)


def _header_row(rows: Iterator[tuple[Any, ...]]) -> tuple[int, list[str]] | None:
    for number, values in enumerate(rows, start=1):
        if any(v is not None and str(v).strip() for v in values):
            return number, ["" if v is None else str(v).strip() for v in values]
    return None


CONTENT_TYPES = "[Content_Types].xml"
MAX_CONTENT_TYPES_BYTES = 1024 * 1024  # a real one lists a few dozen parts in a few kilobytes
_OVERRIDE = re.compile(r"<(?:\w+:)?Override\b[^>]*>")
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*["']([^"']*)["']""")


def _shared_strings_parts(archive: zipfile.ZipFile) -> set[str]:
    """The parts openpyxl reads as shared strings: those the content types declare as such (any name), and the
    usual ``xl/sharedStrings.xml``."""
    found = {"xl/sharedStrings.xml"}
    try:
        declared = archive.getinfo(CONTENT_TYPES)
    except KeyError:
        return found
    if declared.file_size > MAX_CONTENT_TYPES_BYTES:
        raise ValueError("content types too large")
    # read as text, not parsed as XML: the declarations are one element each, and the file is untrusted
    text = archive.read(declared).decode("utf-8", errors="replace")
    for override in _OVERRIDE.findall(text):
        attributes = dict(_ATTRIBUTE.findall(override))
        if attributes.get("ContentType") == SHARED_STRINGS and attributes.get("PartName"):
            found.add(attributes["PartName"].lstrip("/"))
    return found


def check_archive(path: Path, bounds: limits.Limits) -> None:
    """Refuse a workbook whose parts would expand beyond the limits, from the sizes its archive declares."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            shared = _shared_strings_parts(archive)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ReadError(
            format_lazy(
                _("{file} is not a readable Excel workbook ({error})"),
                file=path.name,
                error=type(exc).__name__,
            )
        ) from exc
    total = sum(part.file_size for part in parts)
    if total > bounds.workbook_bytes:
        raise ReadError(
            format_lazy(
                _(
                    "{file} takes {size} bytes once opened; at most {limit} are accepted (limit "
                    "KUSKA_INTAKE_MAX_WORKBOOK_BYTES): split the workbook into several files"
                ),
                file=path.name,
                size=f"{total:,}",
                limit=f"{bounds.workbook_bytes:,}",
            )
        )
    for part in parts:
        if part.filename in shared and part.file_size > bounds.shared_strings_bytes:
            raise ReadError(
                format_lazy(
                    _(
                        "{file}: its shared strings take {size} bytes once opened; at most {limit} are "
                        "accepted (limit KUSKA_INTAKE_MAX_SHARED_STRINGS): split the workbook into several "
                        "files"
                    ),
                    file=path.name,
                    size=f"{part.file_size:,}",
                    limit=f"{bounds.shared_strings_bytes:,}",
                )
            )
        if part.file_size < limits.RATIO_FLOOR_BYTES:
            continue
        ratio = part.file_size / max(part.compress_size, 1)
        if ratio > bounds.compression:
            raise ReadError(
                format_lazy(
                    _(
                        "{file}: its part {part} expands {ratio} times when opened; at most {limit} is "
                        "accepted (limit KUSKA_INTAKE_MAX_COMPRESSION). It does not look like a workbook "
                        "saved by Excel or LibreOffice"
                    ),
                    file=path.name,
                    part=part.filename,
                    ratio=f"{ratio:,.0f}",
                    limit=bounds.compression,
                )
            )


def read_xlsx(path: Path, stack: ExitStack) -> list[Sheet]:
    bounds = limits.current()
    check_archive(path, bounds)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except DAMAGED as exc:
        raise ReadError(
            format_lazy(
                _("{file} is not a readable Excel workbook ({error})"),
                file=path.name,
                error=type(exc).__name__,
            )
        ) from exc
    stack.callback(workbook.close)
    sheets: list[Sheet] = []
    try:
        for worksheet in workbook.worksheets:
            if worksheet.sheet_state != "visible":
                continue
            if (worksheet.max_column or 0) > bounds.columns:  # the sheet's declared dimension
                raise too_many_columns(path, worksheet.max_column, bounds.columns)
            values = worksheet.iter_rows(values_only=True, max_col=bounds.columns + 1)
            found = _header_row(values)
            if found is None:
                continue
            header_number, header = found
            while header and not header[-1]:
                header.pop()
            if len(header) > bounds.columns:  # only the first columns past the limit were read
                raise too_many_columns(path, None, bounds.columns)

            def rows(
                values: Iterator[tuple[Any, ...]] = values,
                start: int = header_number,
                header: list[str] = header,
            ) -> Iterator[tuple[int, dict[str, object]]]:
                try:
                    for number, cells in enumerate(values, start=start + 1):
                        if not any(c is not None and str(c).strip() for c in cells):
                            continue
                        row: dict[str, object] = {
                            h: c for h, c in zip(header, cells, strict=False) if h
                        }
                        yield number, row
                except DAMAGED as exc:
                    raise _damaged(path, exc) from exc

            size = worksheet.max_row - header_number if worksheet.max_row else None
            sheets.append(
                Sheet(
                    name=f"{path.name} [{worksheet.title}]",
                    record_type=worksheet.title,
                    header=header,
                    rows=rows(),
                    size_hint=size,
                )
            )
    except DAMAGED as exc:
        raise _damaged(path, exc) from exc
    return sheets


def _damaged(path: Path, exc: BaseException) -> ReadError:
    return ReadError(
        format_lazy(
            _("{file} is damaged or incomplete ({error})"), file=path.name, error=type(exc).__name__
        )
    )
