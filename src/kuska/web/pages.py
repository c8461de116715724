"""The pages of the people who sign in: a data officer's batches and rejected rows, a person record shown by its
pseudonym with a reveal form, and the auditor's view of the audit trail.

Each view checks access, calls :mod:`kuska.access` (or the audit trail) and renders; nothing more. A page needs a
signed-in user (``login_required``) holding the page's permission (403 otherwise); a record or batch outside the
user's scope is answered 404, exactly as one that does not exist.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kuska.access import (
    AccessDeniedError,
    NotInScopeError,
    ReasonRequiredError,
    batch_for,
    batches_for,
    holds,
    list_records,
    person_model,
    pseudonym,
    rejected_rows_for,
    reveal,
    same_person,
    submission_agency,
    view_record,
)
from kuska.audit.models import Action
from kuska.audit.trail import events, record_event, request_source
from kuska.i18n import active_language
from kuska.registry.codes import code_labels
from kuska.registry.records import Kind, by_singular

View = Callable[..., HttpResponseBase]  # a page, or a file (FileResponse)

AUDIT_PAGE_SIZE = 100


def requires(*permissions: str) -> Callable[[View], View]:
    """A signed-in user (else the sign-in page) who holds one of ``permissions`` at some agency (else 403)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not any(holds(request.user, permission) for permission in permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        checked.required_permissions = permissions  # type: ignore[attr-defined]  # read by kuska.web.menu
        return login_required(checked)

    return decorate


VIEW_RECORDS = (
    "records.view_all",
    "records.view_own_agency",
    "records.view_served",
    "records.view_created",
)


def _page_number(request: HttpRequest) -> int:
    text = request.GET.get("page", "1")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 9 else 1


@require_GET
@requires("batches.view")
def batches(request: HttpRequest) -> HttpResponse:
    """The batches of the user's agencies, newest first."""
    page = Paginator(batches_for(request.user), 50).get_page(_page_number(request))  # type: ignore[arg-type]
    return render(request, "web/batches.html", {"page": page})


def _problems(rows: Any, language: str) -> list[dict[str, object]]:
    """Each problem of each row: its row, column and message; never the value (it may be an identity)."""
    found: list[dict[str, object]] = []
    for row in rows:
        for problem in row.problems:
            found.append(
                {
                    "sheet": row.sheet,
                    "row": row.row_number,
                    "column": problem.get("column", ""),
                    "message": problem.get(f"message_{language}") or problem.get("message_en", ""),
                }
            )
    return found


@require_GET
@requires("batches.view")
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch's counts and its rejected rows: row, column and reason."""
    found = batch_for(request.user, pk)  # type: ignore[arg-type]
    if found is None:
        raise Http404(_("No such batch."))
    rows = rejected_rows_for(request.user, found, source=request_source(request))  # type: ignore[arg-type]
    page = Paginator(rows, 100).get_page(_page_number(request))
    try:
        may_resubmit = bool(submission_agency(request.user, found.agency.code))  # type: ignore[arg-type]
    except AccessDeniedError:
        may_resubmit = False
    return render(
        request,
        "web/batch.html",
        {
            "batch": found,
            "page": page,
            "problems": _problems(page, active_language()),
            "may_resubmit": may_resubmit,
        },
    )


@require_GET
@requires(*VIEW_RECORDS)
def persons(request: HttpRequest) -> HttpResponse:
    """The person records the user may see, by pseudonym (a ``records.list`` or ``records.search`` event)."""
    shown = list_records(
        request.user,  # type: ignore[arg-type]
        person_model(),
        source=request_source(request),
        page=_page_number(request),
        search=request.GET.get("q", "")[:100],
    )
    rows = [(pseudonym(record), record) for record in shown.records]
    return render(
        request, "web/persons.html", {"shown": shown, "rows": rows, "q": request.GET.get("q", "")}
    )


# the coded values of a person record its page shows
PERSON_CODES = ("role", "sex", "nationality")


@require_http_methods(["GET", "POST"])
@requires(*VIEW_RECORDS)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """One person record by its pseudonym, and the records linkage put in the same person; a POST with a reason
    reveals its identity (``identity.reveal``)."""
    source = request_source(request)
    try:
        record = view_record(request.user, person_model(), pk, source=source)  # type: ignore[arg-type]
    except NotInScopeError:
        raise Http404(_("No such record.")) from None
    revealed = None
    refusal = ""
    status = 200
    if request.method == "POST":
        try:
            revealed = reveal(request.user, record, request.POST.get("reason", ""), source=source)  # type: ignore[arg-type]
        except ReasonRequiredError as exc:
            refusal, status = str(exc), 400
        except AccessDeniedError as exc:
            refusal, status = str(exc), 403
    language = active_language()
    columns = by_singular()["person"].columns
    # each identity value under its column's label in the page's language, as the Excel template names it
    labels = {column.stored_as: column.label_in(language) for column in columns}
    # each coded value (role, sex, nationality) by the country profile's label in the page's language
    coded: dict[str, str] = {}
    for column in columns:
        value = getattr(record, column.stored_as) if column.stored_as in PERSON_CODES else ""
        if column.kind is Kind.CODE and value:
            coded[column.stored_as] = code_labels(column.code_list, language).get(value, value)
    return render(
        request,
        "web/person.html",
        {
            "record": record,
            "coded": coded,
            "pseudonym": pseudonym(record),
            "may_reveal": holds(request.user, "identity.reveal"),
            "revealed": revealed,
            "identity": [(labels.get(name, name), value) for name, value in revealed.values.items()]
            if revealed
            else [],
            "refusal": refusal,
            # the records linkage put in the same person, those the user may see (a records.list event)
            "same_person": [
                (pseudonym(other), other)
                for other in same_person(request.user, record, source=source)  # type: ignore[arg-type]
            ],
        },
        status=status,
    )


@require_GET
@requires("audit.read")
def audit(request: HttpRequest) -> HttpResponse:
    """The audit trail, newest first, filtered as ``kuska audit list`` is (user, since, action, record); reading
    it is itself an ``audit.list`` event whose reason is the filters."""
    filters = {
        name: request.GET.get(name, "").strip()[:200]
        for name in ("user", "since", "action", "record")
    }
    error = ""
    since: datetime.datetime | None = None
    if filters["since"]:
        day = parse_date(filters["since"]) if len(filters["since"]) == 10 else None
        if day is None:
            error = _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": filters["since"]}
        else:
            since = datetime.datetime.combine(day, datetime.time(), datetime.UTC)
    if (
        filters["action"]
        and filters["action"] not in Action.values
        and not any(value.startswith(f"{filters['action']}.") for value in Action.values)
    ):
        error = _("“%(value)s” is no action of the audit trail.") % {"value": filters["action"]}
    found = events(
        user=filters["user"] or None,
        since=since,
        action=filters["action"] or None,
        record=filters["record"] or None,
    )
    page = Paginator(found.reverse(), AUDIT_PAGE_SIZE).get_page(_page_number(request))
    record_event(
        request.user,  # type: ignore[arg-type]
        Action.AUDIT_LIST,
        reason=" ".join(f"--{name} {value}" for name, value in filters.items() if value),
        source=request_source(request),
    )
    return render(
        request,
        "web/audit.html",
        {"page": page, "filters": filters, "error": error, "actions": Action.choices},
    )
