"""The reports' page (web:reports): a form that starts the annual report of a year in the background (the
``report.generate`` job: languages, formats, internal or published), and the reports already written to
``settings.REPORTS_DIR`` (those ``make demo`` wrote too), each format downloadable (web:report-file).

The page needs ``reports.generate``. The internal report (exact figures) is written, listed and served only to a
user who also holds ``figures.exact``; anyone else sees and gets the published reports only. A file is served only
under a name a report is written under (:func:`kuska.reports.written.report_file`), so an address can reach no
other file.
"""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kuska.access import holds, may_read_report
from kuska.audit.trail import request_source
from kuska.i18n import whole_languages
from kuska.jobs.work import start
from kuska.reports import FORMATS
from kuska.reports.written import report_file, report_name, written_reports
from kuska.web.figures import data_years
from kuska.web.pages import requires

GENERATE = "reports.generate"
EXACT = "figures.exact"
JOB = "report.generate"
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
VERSIONS = (
    ("internal", gettext_lazy("Internal: exact figures, confidential")),
    ("public", gettext_lazy("Published: small counts withheld")),
)


# The form's refusals, in Kuska's catalogues (Django's own speak only the languages Django has).
CHOICE_ERRORS = {
    "required": gettext_lazy("Choose at least one."),
    "invalid_choice": gettext_lazy("This choice is not offered."),
    "invalid_list": gettext_lazy("This choice is not offered."),
}


class ReportForm(forms.Form):
    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"), coerce=int, error_messages=CHOICE_ERRORS
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        widget=forms.CheckboxSelectMultiple,
        error_messages=CHOICE_ERRORS,
    )
    formats = forms.MultipleChoiceField(
        label=gettext_lazy("Formats"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(kind, kind.upper()) for kind in FORMATS],
        error_messages=CHOICE_ERRORS,
    )
    version = forms.ChoiceField(
        label=gettext_lazy("Version"), widget=forms.RadioSelect, error_messages=CHOICE_ERRORS
    )

    def __init__(self, *args: object, exact: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        years = data_years() or [datetime.date.today().year]
        self.fields["year"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]
        self.fields["languages"].choices = [  # type: ignore[attr-defined]
            (code, name) for code, name in settings.LANGUAGES if code in whole_languages()
        ]
        self.fields["version"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in VERSIONS if exact or value == "public"
        ]
        self.initial.setdefault("year", years[0])
        self.initial.setdefault("languages", [settings.LANGUAGE_CODE])
        self.initial.setdefault("formats", list(FORMATS))
        self.initial.setdefault("version", "internal" if exact else "public")


@require_http_methods(["GET", "POST"])
@requires(GENERATE)
def reports(request: HttpRequest) -> HttpResponse:
    """The form and the reports written; a valid POST starts the job and sends the user to its page."""
    exact = holds(request.user, EXACT)
    form = ReportForm(request.POST if request.method == "POST" else None, exact=exact)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            public = form.cleaned_data["version"] == "public"
            if not may_read_report(request.user, public):
                raise PermissionDenied
            job = start(
                JOB,
                request.user,
                params={
                    "year": form.cleaned_data["year"],
                    "languages": form.cleaned_data["languages"],
                    "formats": form.cleaned_data["formats"],
                    "public": public,
                    "source": request_source(request),
                },
            )
            return redirect("web:job", job.pk)
        status = 400
    written = [
        report
        for report in written_reports(settings.REPORTS_DIR)
        if may_read_report(request.user, report.public)
    ]
    names = dict(settings.LANGUAGES)
    return render(
        request,
        "web/reports.html",
        {
            "form": form,
            "written": [(report, names.get(report.lang, report.lang)) for report in written],
        },
        status=status,
    )


@require_GET
@requires(GENERATE)
def report_download(request: HttpRequest, name: str) -> FileResponse:
    """A report's file, to a user who may read that report, as a download (the report's HTML carries its own
    style, which the pages' Content-Security-Policy would refuse); 404 for any other name."""
    parts = report_name(name)
    path = report_file(settings.REPORTS_DIR, name)
    if parts is None or path is None:
        raise Http404(_("No such report."))
    _stem, _year, _lang, public, kind = parts
    if not may_read_report(request.user, public):
        raise PermissionDenied
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type=CONTENT_TYPES[kind]
    )
