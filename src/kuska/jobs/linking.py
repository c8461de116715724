"""The ``linkage.run`` job: a linkage run started from the review queue's page, as ``kuska link`` runs one with the
default options, its progress reported step by step (read, normalize, train or load, score, veto, cluster, save)
and a ``linkage.run`` event naming the run as its starter's."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.access import AccessDeniedError, holds
from kuska.audit.models import Action
from kuska.audit.trail import record_event
from kuska.jobs.work import Context, Outcome, kind

RUN = "linkage.run"

# Where each step of a run stands among them (a run trains or loads its model, never both).
PLACES = {
    "read": 0,
    "normalize": 1,
    "train": 2,
    "load": 2,
    "score": 3,
    "veto": 4,
    "cluster": 5,
    "save": 6,
}
TOTAL = max(PLACES.values()) + 1


@kind(RUN, title=_("Linkage run"), one_at_a_time=True)
def run_linkage(context: Context) -> Outcome:
    """Link every agency's person records into unique persons; the reviewers' decisions apply."""
    # with Splink: not loaded by every process that lists the jobs
    from kuska.linkage.pipeline import STEPS, link

    if not holds(context.user, RUN):
        raise AccessDeniedError(_("Your role does not allow running linkage."))
    report = link(
        progress=lambda name, _message: context.progress(
            PLACES.get(name, 0), TOTAL, step=STEPS.get(name, name)
        )
    )
    linked = report.run
    record_event(
        context.user, Action.LINKAGE_RUN, records=[linked], source=context.params.get("source", "")
    )
    context.progress(TOTAL, TOTAL, step=STEPS["save"])
    return Outcome(
        format_lazy(
            _(
                "{records} person records linked into {persons} unique persons; {review} pairs to review."
            ),
            records=linked.records,
            persons=linked.persons,
            review=linked.pairs_in_review,
        ),
        url=reverse("web:review"),
        result={"run": linked.pk},
    )
