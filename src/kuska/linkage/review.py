"""The review queue: pairs the model was unsure about, and the decisions that settle them.

A pair of the latest run whose match probability falls in the review band (from ``review_from`` up to the
threshold) waits here until a reviewer accepts it (the same person) or rejects it (two people). A decision is
about the two records, not about the run: it is kept, and every later run follows it whatever the model says.
The current run's persons do not change when a decision is recorded; the next run applies it.

The queue shows no identity value: each record by its agency and the agency's record id, the pair by its match
weight and probability and, per comparison, the level the two records reached ("same birth date", "surnames
swapped", "not recorded"). Showing names to reviewers with the right to see them is for a later version, with
roles and audit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, gettext_noop

from kuska.i18n import TranslatableError
from kuska.linkage.levels import COMPARISON_LEVELS
from kuska.linkage.models import LinkageRun, LinkedPair, ReviewDecision

NOT_RECORDED = gettext_noop("not recorded")  # an English msgid, translated where shown

# The comparisons, as a reviewer is told them (the keys are the model's comparison names).
COMPARISONS: dict[str, Promise] = {
    "document": gettext_lazy("document"),
    "surnames": gettext_lazy("surnames"),
    "given_names": gettext_lazy("given names"),
    "birth": gettext_lazy("birth date"),
    "sex": gettext_lazy("sex"),
    "nationality": gettext_lazy("nationality"),
    "event": gettext_lazy("date of the event"),
    "agency": gettext_lazy("agency"),
}


# The roles of a person record, as a reviewer is told them.
ROLES: dict[str, Promise] = {
    "victim": gettext_lazy("victim"),
    "suspect": gettext_lazy("suspect"),
    "witness": gettext_lazy("witness"),
}


def shown_probability(probability: float) -> str:
    """A match probability with three decimals, rounded down: a pair in review is below the threshold, and so is
    what is shown (0.9496 is 0.949, never 0.950).

    >>> shown_probability(0.9496)
    '0.949'
    """
    return f"{math.floor(probability * 1000) / 1000:.3f}"


class ReviewError(TranslatableError):
    """A decision could not be recorded (unknown pair, or a pair of an older run)."""


@dataclass(frozen=True)
class RecordRef:
    agency: str
    source_record_id: str
    role: str
    record_id: int  # the person record's id, as its pseudonym names it (personrecord:42)


@dataclass(frozen=True)
class Decided:
    """A decision recorded, with the two records as the queue shows them and what was decided before."""

    decision: ReviewDecision
    left: RecordRef
    right: RecordRef
    previous: (
        str  # the decision on the same two records before this one ("accept", "reject"), or ""
    )

    @property
    def unchanged(self) -> bool:
        return self.previous == self.decision.decision


@dataclass(frozen=True)
class PendingPair:
    id: int
    left: RecordRef
    right: RecordRef
    match_weight: float
    match_probability: float
    agreement: tuple[tuple[str, str], ...]  # (comparison, level reached)
    verdicts: tuple[
        str, ...
    ] = ()  # per comparison of ``agreement``: AGREES, ALIKE, DIFFERS or UNKNOWN


# What a comparison's level says of the two records, for a reviewer: the same value, alike, different, or not
# recorded on one of them.
AGREES = "agrees"
ALIKE = "alike"
DIFFERS = "differs"
UNKNOWN = "unknown"
# The first level from which a comparison's values differ, where it is not the last level alone: two documents of
# the same type with other numbers, two different birth dates.
DIFFERS_FROM = {"document": 2, "birth": 6}


def describe_agreement(agreement: str) -> tuple[tuple[str, str], ...]:
    """Each comparison with the level a pair reached, from :attr:`LinkedPair.agreement`.

    >>> describe_agreement("0,-,2,0,0,0,1,1")[:3]
    (('document', 'same document'), ('surnames', 'not recorded'), ('given_names', 'given names alike'))
    """
    if not agreement:
        return ()
    found = []
    for (name, labels), rank in zip(COMPARISON_LEVELS.items(), agreement.split(","), strict=False):
        if rank.isdigit() and int(rank) < len(labels):
            found.append((name, labels[int(rank)]))
        elif rank == "-":
            found.append((name, NOT_RECORDED))
        else:
            found.append((name, "?"))
    return tuple(found)


def verdicts(agreement: str) -> tuple[str, ...]:
    """What each comparison's level says, in the order of :func:`describe_agreement`: the first level
    (the same value) agrees, the last ones (:data:`DIFFERS_FROM`, else the last) differ, those between are alike.

    >>> verdicts("0,-,2,0,0,0,1,1")
    ('agrees', 'unknown', 'alike', 'agrees', 'agrees', 'agrees', 'alike', 'differs')
    """
    if not agreement:
        return ()
    found = []
    for (name, labels), rank in zip(COMPARISON_LEVELS.items(), agreement.split(","), strict=False):
        if not rank.isdigit() or int(rank) >= len(labels):
            found.append(UNKNOWN)
        elif int(rank) == 0:
            found.append(AGREES)
        elif int(rank) >= DIFFERS_FROM.get(name, len(labels) - 1):
            found.append(DIFFERS)
        else:
            found.append(ALIKE)
    return tuple(found)


def _undecided() -> Exists:
    return Exists(
        ReviewDecision.objects.filter(
            record_l_id=OuterRef("record_l_id"), record_r_id=OuterRef("record_r_id")
        )
    )


def _waiting() -> QuerySet[LinkedPair]:
    run = LinkageRun.latest()
    if run is None:
        return LinkedPair.objects.none()
    return LinkedPair.objects.filter(run=run, outcome=LinkedPair.Outcome.REVIEW).exclude(
        _undecided()
    )


def count_pending() -> int:
    """How many pairs of the latest run wait for a decision."""
    return _waiting().count()


def pending(limit: int | None = None, offset: int = 0) -> list[PendingPair]:
    """The pairs of the latest run waiting for a decision, the most likely matches first (``limit`` of them
    after the first ``offset``)."""
    pairs = (
        _waiting()
        .select_related("record_l__agency", "record_r__agency")
        .only(
            "match_weight",
            "match_probability",
            "agreement",
            "record_l__source_record_id",
            "record_l__role",
            "record_l__agency__code",
            "record_r__source_record_id",
            "record_r__role",
            "record_r__agency__code",
        )
        .order_by("-match_probability", "record_l_id", "record_r_id")
    )
    pairs = pairs[offset : None if limit is None else offset + limit]
    return [
        PendingPair(
            id=pair.pk,
            left=_ref(pair.record_l),
            right=_ref(pair.record_r),
            match_weight=pair.match_weight,
            match_probability=pair.match_probability,
            agreement=describe_agreement(pair.agreement),
            verdicts=verdicts(pair.agreement),
        )
        for pair in pairs
    ]


def _ref(record: Any) -> RecordRef:
    return RecordRef(record.agency.code, record.source_record_id, record.role, record.pk)


def decide(pair_id: int, decision: str, *, by: str = "", note: str = "") -> Decided:
    """Record that the two records of pair ``pair_id`` are (``accept``) or are not (``reject``) one person.

    Deciding otherwise on the same two records replaces the earlier decision; deciding the same again leaves the
    earlier one as it was (:attr:`Decided.unchanged`).
    """
    if decision not in ReviewDecision.Decision.values:
        raise ReviewError(
            format_lazy(
                gettext_lazy("a decision is accept or reject, not {decision!r}"), decision=decision
            )
        )
    run = LinkageRun.latest()
    pair = (
        LinkedPair.objects.filter(pk=pair_id)
        .select_related("record_l__agency", "record_r__agency")
        .first()
    )
    if pair is None or run is None or pair.run_id != run.pk:
        raise ReviewError(
            format_lazy(
                gettext_lazy(
                    "no pair {pair} in the latest linkage run (list the pairs with kuska review)"
                ),
                pair=pair_id,
            )
        )
    left, right = _ref(pair.record_l), _ref(pair.record_r)
    earlier = ReviewDecision.objects.filter(
        record_l_id=pair.record_l_id, record_r_id=pair.record_r_id
    ).first()
    if earlier is not None and earlier.decision == decision:
        return Decided(earlier, left, right, previous=earlier.decision)
    saved, _ = ReviewDecision.objects.update_or_create(
        record_l_id=pair.record_l_id,
        record_r_id=pair.record_r_id,
        defaults={
            "decision": decision,
            "decided_by": by,
            "decided_at": timezone.now(),
            "note": note,
            "match_probability": pair.match_probability,
        },
    )
    return Decided(saved, left, right, previous=earlier.decision if earlier else "")
