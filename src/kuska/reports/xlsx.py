"""The report's tables as an Excel workbook: a contents sheet, then one sheet per table, figures as numbers.

A figure not reported, not available or withheld is written as its words ("no reportado"), never as 0; a share is
a number from 0 to 100. The marking (internal and confidential, or public version) heads every sheet and its
printed pages.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kuska.files import neutralised
from kuska.reports.model import Report, Table
from kuska.reports.text import word

HEADER_ROW = 4  # the row of a table sheet's column headers; the figures start below it
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=12, color="1F4E79")
_MARK = Font(bold=True, color="A4161A")
_HEAD_FILL = PatternFill("solid", fgColor="EAF0F7")


SHEET_NAME_LENGTH = 31  # Excel's limit
# Short words a sheet name does not end on ("T12 Children assisted by the" → "T12 Children assisted").
_LINKING_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "by",
        "of",
        "for",
        "in",
        "on",
        "the",
        "to",
        "with",
        "al",
        "con",
        "de",
        "del",
        "el",
        "en",
        "la",
        "las",
        "los",
        "o",
        "para",
        "por",
        "y",
    ]
)


def sheet_name(table: Table) -> str:
    """``T12 Children assisted`` — the table's number and the first whole words of its title that fit in
    Excel's 31 characters, never cut inside a word nor ended on a linking word; the full title heads the sheet.
    """
    words = re.sub(r"[\[\]:*?/\\]", " ", table.title).split()
    name = f"T{table.number}"
    kept: list[str] = []
    for w in words:
        if len(" ".join([name, *kept, w])) > SHEET_NAME_LENGTH:
            break
        kept.append(w)
    while kept and (
        kept[-1].lower().strip(",;.") in _LINKING_WORDS or kept[-1].endswith((",", ";"))
    ):
        if kept[-1].endswith((",", ";")) and kept[-1].lower().strip(",;.") not in _LINKING_WORDS:
            kept[-1] = kept[-1].rstrip(",;")
            continue
        kept.pop()
    return " ".join([name, *kept])


def render_xlsx(report: Report) -> bytes:
    """The workbook as bytes."""
    book = Workbook()
    contents = book.active
    assert contents is not None
    contents.title = word("contents", report.lang)[:31]
    contents["A1"] = f"{report.title} — {report.subtitle}"
    contents["A1"].font = _TITLE
    contents["A2"] = f"{report.marking}: {report.marking_note}"
    contents["A2"].font = _MARK
    contents["A4"] = word("table", report.lang)
    contents["B4"] = word("figure", report.lang)
    contents["A4"].font = contents["B4"].font = _BOLD
    for i, table in enumerate(report.tables, start=5):
        contents.cell(row=i, column=1, value=sheet_name(table))
        contents.cell(row=i, column=2, value=table.title)
    contents.column_dimensions["A"].width = 34
    contents.column_dimensions["B"].width = 90
    _mark(contents, report)
    for table in report.tables:
        _table_sheet(book.create_sheet(sheet_name(table)), table, report)
    _neutralise(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _neutralise(book: Workbook) -> None:
    """No text cell runs as a formula (openpyxl takes a text starting with ``=`` for one); figures stay numbers."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = neutralised(cell.value)


def _mark(sheet: Worksheet, report: Report) -> None:
    """The marking in the header of every printed page, the page number in the footer."""
    for header in (sheet.oddHeader, sheet.evenHeader):
        if header is not None:
            header.center.text = report.marking
    if sheet.oddFooter is not None:
        sheet.oddFooter.right.text = "&P / &N"


def _table_sheet(sheet: Worksheet, table: Table, report: Report) -> None:
    sheet["A1"] = f"{word('table', report.lang)} {table.number}. {table.title}"
    sheet["A1"].font = _TITLE
    sheet["A2"] = report.marking
    sheet["A2"].font = _MARK
    header = [table.corner, *table.columns]
    for column, text in enumerate(header, start=1):
        head = sheet.cell(row=HEADER_ROW, column=column, value=text)
        head.font = _BOLD
        head.fill = _HEAD_FILL
        head.alignment = Alignment(wrap_text=True, vertical="bottom")
    for r, row in enumerate(table.rows, start=HEADER_ROW + 1):
        label = sheet.cell(row=r, column=1, value=row.label)
        if row.total:
            label.font = _BOLD
        for c, item in enumerate(row.cells, start=2):
            value = item.value
            cell = sheet.cell(row=r, column=c)
            assert isinstance(cell, Cell)
            if value is None:
                cell.value = item.text
                cell.alignment = Alignment(horizontal="right" if item.figure else "left")
                continue
            cell.value = float(value) if not isinstance(value, int) else value
            if item.percent:
                cell.number_format = "0.0"
            elif isinstance(value, int):
                cell.number_format = "#,##0"
            else:
                cell.number_format = "#,##0.00"
            if row.total:
                cell.font = _BOLD
    last = HEADER_ROW + len(table.rows) + 2
    for i, note in enumerate(table.notes):
        sheet.cell(row=last + i, column=1, value=note).font = Font(italic=True, size=9)
    sheet.column_dimensions["A"].width = 48
    for column in range(2, len(header) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 16
    sheet.freeze_panes = f"B{HEADER_ROW + 1}"
    _mark(sheet, report)
