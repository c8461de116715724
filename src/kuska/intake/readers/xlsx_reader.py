"""XLSX: one sheet per record type, streamed row by row (openpyxl's read-only mode)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import openpyxl
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from openpyxl.utils.exceptions import InvalidFileException

from kuska.intake.readers.base import ReadError, Sheet

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


def read_xlsx(path: Path, stack: ExitStack) -> list[Sheet]:
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
            values = worksheet.iter_rows(values_only=True)
            found = _header_row(values)
            if found is None:
                continue
            header_number, header = found

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
