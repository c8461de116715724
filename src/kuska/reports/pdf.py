"""The report as PDF: the HTML rendered by WeasyPrint with its print style (:mod:`kuska.pdf`: no browser, nothing
fetched). The charts are inline SVG, so they stay vector graphics in the PDF.
"""

from __future__ import annotations

from kuska.pdf import PdfUnavailableError, html_to_pdf
from kuska.reports.html import render_html
from kuska.reports.model import Report

__all__ = ["PdfUnavailableError", "render_pdf"]


def render_pdf(report: Report, html: str | None = None) -> bytes:
    """The PDF bytes of the report (``html``: the report's HTML, when already rendered).

    Raises :class:`PdfUnavailableError` when WeasyPrint's system libraries are missing.
    """
    return html_to_pdf(html if html is not None else render_html(report))
