"""Writing rejected rows back for the data officer: one line per problem, then the row as it was submitted
(identities masked). The file is readable by its owner only, and no cell of it runs as a formula.

The column headings are in the active language (the command's); the message comes in every offered language, one
column each (``error (es)``, ``error (en)``), so a file passed on to someone else can still be read."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

import openpyxl
from django.utils.translation import gettext as _

from kuska.files import neutralised_row, open_private
from kuska.i18n import whole_languages
from kuska.intake.submit import Rejection


def columns() -> list[str]:
    """The file's headings, in the active language."""
    return [
        _("file"),
        _("sheet"),
        _("row"),
        _("column"),
        _("value"),
        *(_("error ({language})").format(language=code) for code in whole_languages()),
        _("submitted row"),
    ]


def rows_of(rejection: Rejection) -> Iterable[list[object]]:
    submitted = "; ".join(f"{k}={'' if v is None else v}" for k, v in rejection.raw.items())
    for item in rejection.problems:
        yield neutralised_row(
            [
                rejection.file,
                rejection.sheet,
                rejection.row,
                item.column,
                item.value,
                *(item.message(code) for code in whole_languages()),
                submitted,
            ]
        )


class ErrorsWriter:
    """Streams rejected rows to a CSV (UTF-8 with BOM, so Excel reads accents) or an XLSX file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._xlsx = path.suffix.lower() == ".xlsx"
        if self._xlsx:
            self._book = openpyxl.Workbook(write_only=True)
            self._sheet = self._book.create_sheet(_("errors"))
            self._sheet.append(columns())
        else:
            self._handle = open_private(path, "w", encoding="utf-8-sig", newline="")
            self._csv = csv.writer(self._handle)
            self._csv.writerow(columns())

    def write(self, rejection: Rejection) -> None:
        self.count += 1
        for line in rows_of(rejection):
            if self._xlsx:
                self._sheet.append(line)
            else:
                self._csv.writerow(line)

    def close(self) -> None:
        if self._xlsx:
            with open_private(self.path, "wb") as handle:
                self._book.save(handle)
        else:
            self._handle.close()

    def __enter__(self) -> ErrorsWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
