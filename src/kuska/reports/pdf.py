"""The report as PDF: the HTML rendered by WeasyPrint with its print style (no browser, nothing fetched).

The charts are inline SVG, so they stay vector graphics in the PDF. WeasyPrint needs Pango (and HarfBuzz,
fontconfig) on the machine: ``scripts/system-deps.sh`` installs them where they are missing.
"""

from __future__ import annotations

from typing import Any, NoReturn

from kuska.reports.html import render_html
from kuska.reports.model import Report


class PdfUnavailableError(RuntimeError):
    """WeasyPrint cannot load its system libraries (Pango): the PDF cannot be written on this machine."""


def render_pdf(report: Report, html: str | None = None) -> bytes:
    """The PDF bytes of the report (``html``: the report's HTML, when already rendered).

    Raises :class:`PdfUnavailableError` when WeasyPrint's system libraries are missing.
    """
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]  # loads Pango: only for a PDF
    except OSError as exc:  # "cannot load library 'libpango-1.0-0'"
        raise PdfUnavailableError(
            f"WeasyPrint cannot load its system libraries ({exc}); install them with "
            "scripts/system-deps.sh (Debian: libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)"
        ) from exc

    source = html if html is not None else render_html(report)
    pdf: bytes = HTML(string=source, url_fetcher=_refuse).write_pdf()
    return pdf


def _refuse(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    """The report is self-contained: WeasyPrint is never allowed to fetch anything."""
    raise ValueError(f"the report fetches nothing (asked for {url})")
