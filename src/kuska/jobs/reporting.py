"""The ``report.generate`` job: the annual report of a year written from the reports' page, as ``kuska report``
writes it, in each language and format asked for, into ``settings.REPORTS_DIR``; its progress reported per
language (the figures and text, then the HTML and PDF, then the workbook) and a ``report.generate`` event per
language as its starter's.

Parameters: ``year``, ``languages`` (codes), ``formats`` (of ``html``, ``pdf``, ``xlsx``), ``public``.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.access import AccessDeniedError, may_read_report, record_report
from kuska.i18n import TranslatableError
from kuska.jobs.work import Context, Outcome, kind

GENERATE = "report.generate"
NO_PDF = _(
    "The PDF cannot be written on this server: WeasyPrint's system libraries are missing "
    "(scripts/system-deps.sh installs them). Write the report without the PDF, or ask the server's "
    "administrator to install them."
)


@kind(GENERATE, title=_("Annual report"))
def generate(context: Context) -> Outcome:
    """Write the report of ``year`` in each language and format; the internal one needs ``figures.exact``."""
    from kuska.reports import FORMATS, Figures, build_report, format_groups, write_formats
    from kuska.reports.pdf import PdfUnavailableError

    params = context.params
    year, public = int(params["year"]), bool(params.get("public"))
    languages = list(params["languages"])
    formats = [f for f in FORMATS if f in params["formats"]]
    if not may_read_report(context.user, public):
        raise AccessDeniedError(_("Your role does not allow writing this report."))
    per_language = 1 + len(format_groups(formats))
    total = len(languages) * per_language
    figures = Figures(year, public=public)
    written: list[str] = []
    for number, lang in enumerate(languages):
        done = number * per_language
        context.progress(
            done, total, step=format_lazy(_("Report in {lang}: figures and text"), lang=lang)
        )
        report = build_report(figures, lang)
        names: list[str] = []
        for offset, group in enumerate(format_groups(formats), start=1):
            context.progress(
                done + offset,
                total,
                step=format_lazy(
                    _("Report in {lang}: writing {formats}"), lang=lang, formats=", ".join(group)
                ),
            )
            try:
                paths = write_formats(report, group, settings.REPORTS_DIR)
            except PdfUnavailableError:
                raise TranslatableError(NO_PDF) from None
            names += [path.name for path in paths]
        record_report(
            context.user, year, lang, public, names, source=context.params.get("source", "")
        )
        written += names
    context.progress(total, total)
    return Outcome(
        format_lazy(_("Written: {files}."), files=", ".join(written)),
        url=reverse("web:reports"),
        result={"files": written},
    )
