"""The frontline screener's pages: recording a hotline call (``screenings.create``) and the calls they recorded
(``records.view_created``).

The form's fields come from the ``hotline_calls`` declaration (:mod:`kuska.web.declared`); the call is checked and
stored by intake, as a one-row submission through the web sent by the user, and a value intake refuses comes back
on its field with nothing stored.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kuska.access import (
    AccessDeniedError,
    holds,
    list_created,
    pseudonym,
    screening_agencies,
    screening_agency,
)
from kuska.audit.trail import request_source
from kuska.i18n import active_language, localized
from kuska.intake.submit import SubmissionError
from kuska.registry.records import RECORD_TYPES, RecordType
from kuska.web.declared import (
    FieldProblem,
    form_values,
    initial_values,
    record_form,
    submit_row,
    table,
)
from kuska.web.offline import (
    CLIENT_ID,
    ClientIdError,
    accepted,
    client_id,
    offline_context,
    record_id_of,
    refused,
    sent_before,
)
from kuska.web.pages import _page_number, requires

CALLS = "hotline_calls"
AGENCY_FIELD = "agency"


def _refusal(record_type: RecordType, problem: FieldProblem, sent: QueryDict) -> str:
    """A refused value of a call a device kept, for the device to show: the field, the value (never an identity's)
    and the reason."""
    column = record_type.field(problem.column) if problem.column else None
    value = sent.get(problem.column, "") if column is not None and not column.encrypted else ""
    return (
        f"{problem.label} ({value}): {problem.message}"
        if value
        else f"{problem.label}: {problem.message}"
    )


@require_GET
@requires("records.view_created")
def calls(request: HttpRequest) -> HttpResponse:
    """The hotline calls the user recorded, the latest first (a ``records.list`` event naming them)."""
    shown = list_created(
        request.user,  # type: ignore[arg-type]
        CALLS,
        source=request_source(request),
        page=_page_number(request),
    )
    shown_as = table(RECORD_TYPES[CALLS], shown.records, active_language())
    rows = [
        (pseudonym(record), record, zip(values, shown_as.dated, strict=True))
        for record, values in zip(shown.records, shown_as.rows, strict=True)
    ]
    return render(
        request,
        "web/calls.html",
        {
            "shown": shown,
            "headings": shown_as.headings,
            "rows": rows,
            "may_record": holds(request.user, "screenings.create"),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("screenings.create")
def new_call(request: HttpRequest) -> HttpResponse:
    """A form for one hotline call; sent, the call is stored through intake and the user goes to their calls,
    or the form comes back with each refused value's message on its field (status 400, nothing stored)."""
    language = active_language()
    record_type = RECORD_TYPES[CALLS]
    agencies = screening_agencies(request.user)  # type: ignore[arg-type]
    form_class = record_form(record_type, language)
    problems: list[FieldProblem] = []
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        # a call a device kept offline: recorded once under the device's id, answered in JSON (kuska.web.offline)
        from_device = CLIENT_ID in request.POST
        try:
            device_id = client_id(request)
            if device_id is not None and sent_before(request.user, CALLS, device_id):  # type: ignore[arg-type]
                return accepted(reverse("web:calls"), repeat=True)
        except ClientIdError:
            return refused([_("The answers kept on the device carry no valid id.")])
        try:
            agency = screening_agency(
                request.user,  # type: ignore[arg-type]
                request.POST.get(AGENCY_FIELD, "") if len(agencies) > 1 else "",
            )
            made = submit_row(
                record_type,
                form_values(form),
                agency,
                request.user,  # type: ignore[arg-type]
                source=request_source(request),
                language=language,
                record_id=record_id_of(device_id) if device_id is not None else "",
            )
        except (AccessDeniedError, SubmissionError) as exc:
            problems = [FieldProblem(AGENCY_FIELD, _("Agency"), str(exc))]
        else:
            if not made.problems and from_device:
                return accepted(reverse("web:calls"), repeat=False)
            if not made.problems:
                messages.success(
                    request,
                    _("The call was recorded for %(agency)s as %(record)s.")
                    % {"agency": agency.code, "record": made.record_id},
                )
                return redirect("web:calls")
            problems = made.problems
        if from_device:
            return refused(_refusal(record_type, problem, request.POST) for problem in problems)
        status = 400
        for problem in problems:
            if problem.column in form.fields:
                form.add_error(problem.column, problem.message)
                attrs = form.fields[problem.column].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{problem.column}-errors"
    else:
        form = form_class(initial=initial_values(record_type))
    return render(
        request,
        "web/call_new.html",
        {
            "form": form,
            "problems": problems,
            "agencies": [(agency.code, localized(agency, "name", language)) for agency in agencies],
            "chosen_agency": request.POST.get(AGENCY_FIELD, ""),
            **offline_context(),
        },
        status=status,
    )
