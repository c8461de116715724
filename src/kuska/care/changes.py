"""What a care write tells the alert rules: :data:`changed` is sent after a case, a referral or a stay is written,
with the model changed as its sender, and :mod:`kuska.care.alerts` evaluates the rules that read it once the
write is committed (a write that fails raises nothing).

The signal keeps the writing modules free of the alerts, which read them. Writes made inside :func:`held` tell no
rule: for a caller that evaluates the alerts itself, as at a moment of its choosing (cases opened for records of
the past, :mod:`kuska.care.backfill`).

>>> # changed.send(CaseReferral, actor=user, source=source)   # after a referral is refused, say
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

# sender: the model written (Case, CaseReferral, Stay); arguments: actor (the user, or None), source
changed = Signal()

_held: ContextVar[bool] = ContextVar("kuska_care_changes_held", default=False)


@contextmanager
def held() -> Iterator[None]:
    """The writes made inside raise no alert by themselves (the caller evaluates the rules when it is done)."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def is_held() -> bool:
    return _held.get()
