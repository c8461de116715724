"""The linkage review queue (web:review): the pairs the latest linkage run was unsure about, each by its two
records' pseudonyms, agencies and whole record ids (never an identity), its match probability and, per compared
field, the level the two records reached and whether it agrees or differs; a form per pair to accept (one person)
or reject (two people) it with a note, recorded as the user's decision (a ``linkage.review`` event); and, for a
user holding ``linkage.run``, a button that starts a linkage run in the background (the ``linkage.run`` job).

Listing the queue is a ``records.list`` event naming the pairs shown (:func:`kuska.access.review_queue`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kuska.access import decide_pair, holds, record_pseudonym, review_queue, review_queue_size
from kuska.audit.trail import request_source
from kuska.jobs.work import start
from kuska.linkage.review import (
    COMPARISONS,
    ROLES,
    PendingPair,
    RecordRef,
    ReviewError,
    shown_probability,
)
from kuska.web.pages import VIEW_RECORDS, _page_number, requires

REVIEW = "linkage.review"
RUN = "linkage.run"
PAGE_SIZE = 20
NOTE_MAX = 1000

# What a compared field's level says, as the page tells it.
VERDICTS = {
    "agrees": gettext_lazy("agrees"),
    "alike": gettext_lazy("alike"),
    "differs": gettext_lazy("differs"),
    "unknown": gettext_lazy("not recorded"),
}


@dataclass(frozen=True)
class Side:
    pseudonym: str
    record_id: int
    agency: str
    source_record_id: str
    role: str


@dataclass(frozen=True)
class Field:
    name: str
    level: str
    verdict: str
    verdict_label: str


@dataclass(frozen=True)
class Shown:
    id: int
    left: Side
    right: Side
    probability: str
    fields: list[Field]

    def named(self, *verdicts: str) -> list[str]:
        return [field.name for field in self.fields if field.verdict in verdicts]

    @property
    def agree(self) -> list[str]:
        """The fields that agree, exactly or alike, in the model's order."""
        return self.named("agrees", "alike")

    @property
    def differ(self) -> list[str]:
        return self.named("differs")


def _side(ref: RecordRef) -> Side:
    role = ROLES.get(ref.role)
    return Side(
        record_pseudonym(ref),
        ref.record_id,
        ref.agency,
        ref.source_record_id,
        str(role) if role is not None else ref.role,
    )


def _shown(pair: PendingPair) -> Shown:
    verdicts = pair.verdicts or ("unknown",) * len(pair.agreement)
    return Shown(
        id=pair.id,
        left=_side(pair.left),
        right=_side(pair.right),
        # rounded down as the command shows it, with the page's decimal separator
        probability=shown_probability(pair.match_probability).replace(
            ".", str(get_format("DECIMAL_SEPARATOR"))
        ),
        fields=[
            Field(str(COMPARISONS.get(name, name)), _(level), verdict, str(VERDICTS[verdict]))
            for (name, level), verdict in zip(pair.agreement, verdicts, strict=True)
        ],
    )


def _decide(request: HttpRequest) -> tuple[str, int]:
    """Record the decision the form sent; the message to show and the status (200 when recorded)."""
    text = request.POST.get("pair", "")
    decision = request.POST.get("decision", "")
    if not (text.isascii() and text.isdigit() and len(text) < 12) or decision not in (
        "accept",
        "reject",
    ):
        return _("Choose a pair and a decision."), 400
    note = request.POST.get("note", "").strip()[:NOTE_MAX]
    try:
        decided = decide_pair(
            request.user,  # type: ignore[arg-type]
            int(text),
            decision,
            by=request.user.email,  # type: ignore[union-attr]
            note=note,
            source=request_source(request),
        )
    except ReviewError as exc:
        return str(exc), 400
    names = {
        "pair": text,
        "left": f"{decided.left.agency} {decided.left.source_record_id}",
        "right": f"{decided.right.agency} {decided.right.source_record_id}",
    }
    if decided.unchanged:
        message = _(
            "Pair %(pair)s already had this decision (records %(left)s and %(right)s); nothing changed."
        )
    elif decision == "accept":
        message = _(
            "Pair %(pair)s accepted: records %(left)s and %(right)s are one person from the next linkage run."
        )
    else:
        message = _(
            "Pair %(pair)s rejected: records %(left)s and %(right)s are two people from the next linkage run."
        )
    return message % names, 200


@require_http_methods(["GET", "POST"])
@requires(REVIEW)
def review(request: HttpRequest) -> HttpResponse:
    """The queue, a page at a time; a POST records a decision on a pair, or (``run``) starts a linkage run."""
    refusal = ""
    status = 200
    if request.method == "POST":
        if "run" in request.POST:
            if not holds(request.user, RUN):
                raise PermissionDenied
            job = start(RUN, request.user, params={"source": request_source(request)})
            if job.user_id == request.user.pk:
                return redirect("web:job", job.pk)
            # a run another reviewer started is under way: its page is theirs
            messages.info(
                request,
                _(
                    "A linkage run started by another user is under way; its result will show here when it ends."
                ),
            )
            return redirect("web:review")
        message, status = _decide(request)
        if status == 200:
            messages.success(request, message)
            page = _page_number(request)
            return redirect(f"{reverse('web:review')}?page={page}" if page > 1 else "web:review")
        refusal = message
    total = review_queue_size()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    number = min(_page_number(request), pages)
    pairs = review_queue(
        request.user,  # type: ignore[arg-type]
        PAGE_SIZE,
        source=request_source(request),
        offset=(number - 1) * PAGE_SIZE,
    )
    return render(
        request,
        "web/review.html",
        {
            "pairs": [_shown(pair) for pair in pairs],
            "total": total,
            "number": number,
            "pages": pages,
            "refusal": refusal,
            "may_run": holds(request.user, RUN),
            "may_view": any(holds(request.user, p) for p in VIEW_RECORDS),
        },
        status=status,
    )
