"""The reports already written to a folder: each report (a year, a language, internal or public) with the formats
it was written in and when, read from the files' names (:attr:`kuska.reports.model.Report.file_stem`).

A file is found by its name only when the name is one a report is written under, so a name from outside (a page's
address) can never reach another file of the folder, nor one outside it.

>>> report_name("kuska-report-2020-es-public.pdf")
('kuska-report-2020-es-public', 2020, 'es', True, 'pdf')
>>> report_name("../kuska.sqlite3") is None
True
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("html", "pdf", "xlsx")
_NAME = re.compile(r"(kuska-report-(\d{4})-([a-z]{2,3})(-public)?)\.(html|pdf|xlsx)")


@dataclass
class WrittenReport:
    """A report written to the folder: its name without extension, year, language, whether it is the published
    version, its files by format and when the latest of them was written."""

    stem: str
    year: int
    lang: str
    public: bool
    files: dict[str, str] = field(default_factory=dict)  # format → file name
    written_at: datetime.datetime | None = None

    @property
    def formats(self) -> list[str]:
        return [kind for kind in FORMATS if kind in self.files]

    @property
    def downloads(self) -> list[tuple[str, str]]:
        """(format, file name) of each file, in the order of :data:`FORMATS`."""
        return [(kind, self.files[kind]) for kind in self.formats]


def report_name(name: str) -> tuple[str, int, str, bool, str] | None:
    """The stem, year, language, public or not and format of a report's file name; ``None`` for any other name."""
    found = _NAME.fullmatch(name)
    if found is None:
        return None
    stem, year, lang, public, kind = found.groups()
    return stem, int(year), lang, public is not None, kind


def written_reports(folder: Path) -> list[WrittenReport]:
    """The reports written to ``folder`` (none if it does not exist), the latest year first, then by language,
    the internal report before the public one."""
    found: dict[str, WrittenReport] = {}
    for path in folder.iterdir() if folder.is_dir() else ():
        parts = report_name(path.name)
        if parts is None or not path.is_file():
            continue
        stem, year, lang, public, kind = parts
        report = found.setdefault(stem, WrittenReport(stem, year, lang, public))
        report.files[kind] = path.name
        when = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
        report.written_at = max(report.written_at or when, when)
    return sorted(found.values(), key=lambda r: (-r.year, r.lang, r.public))


def report_file(folder: Path, name: str) -> Path | None:
    """The file of ``folder`` named ``name`` if it is a report's file that exists; ``None`` otherwise."""
    if report_name(name) is None:
        return None
    path = folder / name
    return path if path.is_file() else None
