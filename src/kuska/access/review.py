"""The linkage review queue, as the faces show it: the pairs linkage was unsure about, each by its two records'
agency and record id (never an identity), and the ``records.list`` event that names the pairs shown."""

from __future__ import annotations

from kuska.accounts.models import User
from kuska.audit.models import Action
from kuska.audit.trail import record_event
from kuska.linkage.models import LinkedPair
from kuska.linkage.review import PendingPair, pending


def review_queue(user: User | None, limit: int | None, *, source: str) -> list[PendingPair]:
    """The pending pairs (the most likely matches first), after a ``records.list`` event naming each pair shown
    (``linkage.linkedpair:ID``: the pair stands for its two person records). ``user`` is ``None`` for the
    server's operator; the caller has checked ``linkage.review``."""
    pairs = pending(limit)
    if pairs:
        shown = LinkedPair.objects.filter(pk__in=[pair.id for pair in pairs]).only("pk")
        record_event(user, Action.RECORDS_LIST, records=shown.order_by("pk"), source=source)
    return pairs
