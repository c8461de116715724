"""The linkage review queue, as the faces show it: the pairs linkage was unsure about, each by its two records'
agency and record id (never an identity), and the ``records.list`` event that names the pairs shown; a reviewer's
decision on a pair, and the ``linkage.review`` event that records it."""

from __future__ import annotations

from kuska.access.records import pseudonym
from kuska.accounts.models import User
from kuska.audit.models import Action
from kuska.audit.trail import record_event
from kuska.linkage.models import LinkedPair
from kuska.linkage.review import Decided, PendingPair, RecordRef, count_pending, decide, pending
from kuska.registry.models import PersonRecord


def review_queue(
    user: User | None, limit: int | None, *, source: str, offset: int = 0
) -> list[PendingPair]:
    """The pending pairs (the most likely matches first; ``limit`` of them after the first ``offset``), after a
    ``records.list`` event naming each pair shown (``linkage.linkedpair:ID``: the pair stands for its two person
    records). ``user`` is ``None`` for the server's operator; the caller has checked ``linkage.review``."""
    pairs = pending(limit, offset)
    if pairs:
        shown = LinkedPair.objects.filter(pk__in=[pair.id for pair in pairs]).only("pk")
        record_event(user, Action.RECORDS_LIST, records=shown.order_by("pk"), source=source)
    return pairs


def review_queue_size() -> int:
    """How many pairs wait for a decision (a count: it names no record)."""
    return count_pending()


def record_pseudonym(ref: RecordRef) -> str:
    """The pseudonym of a pair's record, as :func:`kuska.access.pseudonym` names a person record
    (``personrecord:42``)."""
    return pseudonym(PersonRecord(pk=ref.record_id))


def decide_pair(
    user: User | None, pair_id: int, decision: str, *, by: str, note: str, source: str
) -> Decided:
    """Record a reviewer's decision on a pair (``accept``: one person; ``reject``: two), then the
    ``linkage.review`` event naming the decision and its two records by id (loading them would decrypt their
    identities); the note is free text and stays out of the trail. ``by`` is who decided (the user's e-mail
    address, or what the command was told); the caller has checked ``linkage.review``. Raises
    :class:`kuska.linkage.review.ReviewError` for an unknown pair or decision."""
    decided = decide(pair_id, decision, by=by, note=note)
    saved = decided.decision
    record_event(
        user,
        Action.LINKAGE_REVIEW,
        records=[saved],
        reason=(
            f"{saved.decision}: {pseudonym(PersonRecord(pk=saved.record_l_id))} "
            f"{pseudonym(PersonRecord(pk=saved.record_r_id))}"
        ),
        source=source,
    )
    return decided
