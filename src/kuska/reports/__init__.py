"""The annual report: narrative, tables and charts from the indicator engine, in HTML, PDF and XLSX.

Sections follow the TIP report — Prosecution, Protection, Prevention — and every figure is the engine's, told in
a sentence that compares it with the previous years ("… convicted 29 traffickers, compared with 55 in 2019 and 74
in 2018"), in Spanish or English. Two annexes follow: data quality, and the figures no agency reported.

>>> paths = write_report(Figures(2020), "es", ["html", "pdf", "xlsx"], Path("var/reports"))   # doctest: +SKIP
>>> [p.name for p in paths]                                                            # doctest: +SKIP
['kuska-report-2020-es.html', 'kuska-report-2020-es.pdf', 'kuska-report-2020-es.xlsx']

``Figures(2020, public=True)`` applies the statistics package's disclosure control, and the report says it is the
published version; the internal report shows exact figures and says on every page that it is internal and
confidential.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kuska.files import private_folder, write_private
from kuska.reports.build import build_report
from kuska.reports.figures import Figures
from kuska.reports.model import Report

FORMATS = ("html", "pdf", "xlsx")

__all__ = [
    "FORMATS",
    "Figures",
    "Report",
    "build_report",
    "format_groups",
    "write_formats",
    "write_report",
]


def format_groups(formats: Sequence[str]) -> list[list[str]]:
    """The formats asked for, in the groups written together, as a progress shows them: the HTML and the PDF
    (printed from the HTML), then the workbook.

    >>> format_groups(["xlsx", "pdf", "html"])
    [['html', 'pdf'], ['xlsx']]
    """
    together = [
        [f for f in ("html", "pdf") if f in formats],
        [f for f in ("xlsx",) if f in formats],
    ]
    return [group for group in together if group]


def write_formats(report: Report, formats: Sequence[str], out: Path) -> list[Path]:
    """Write an already built report in the formats asked for; returns the files written."""
    from kuska.reports.html import render_html

    private_folder(out)
    written: list[Path] = []
    html: str | None = None
    for kind in formats:
        if kind not in FORMATS:
            raise ValueError(f"format {kind!r} is not one of {', '.join(FORMATS)}")
        path = out / f"{report.file_stem}.{kind}"
        if kind in ("html", "pdf") and html is None:
            html = render_html(report)
        if kind == "html":
            assert html is not None
            write_private(path, html)
        elif kind == "pdf":
            from kuska.reports.pdf import render_pdf

            write_private(path, render_pdf(report, html))
        else:
            from kuska.reports.xlsx import render_xlsx

            write_private(path, render_xlsx(report))
        written.append(path)
    return written


def write_report(figures: Figures, lang: str, formats: Sequence[str], out: Path) -> list[Path]:
    """Build the report of the figures' year in ``lang`` and write it to ``out`` in each format."""
    return write_formats(build_report(figures, lang), formats, out)
