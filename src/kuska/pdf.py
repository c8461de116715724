"""A self-contained HTML document as PDF, by WeasyPrint (no browser, nothing fetched): the annual report and the
printable screening forms.

WeasyPrint needs Pango (and HarfBuzz, fontconfig) on the machine: ``scripts/system-deps.sh`` installs them where
they are missing. Without them, :class:`PdfUnavailableError` says so and what to install. This module sits below
every package (it imports nothing of Kuska).
"""

from __future__ import annotations

from typing import Any, NoReturn


class PdfUnavailableError(RuntimeError):
    """WeasyPrint cannot load its system libraries (Pango): no PDF can be written on this machine."""


def html_to_pdf(html: str) -> bytes:
    """The PDF bytes of the document; anything it links to is refused (the document carries all it shows)."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]  # loads Pango: only for a PDF
    except OSError as exc:  # "cannot load library 'libpango-1.0-0'"
        raise PdfUnavailableError(
            f"WeasyPrint cannot load its system libraries ({exc}); install them with "
            "scripts/system-deps.sh (Debian: libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)"
        ) from exc
    pdf: bytes = HTML(string=html, url_fetcher=_refuse).write_pdf()
    return pdf


def _refuse(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"the document fetches nothing (asked for {url})")
