"""What a care write tells the alert rules: :data:`changed` is sent after a case, a referral or a stay is written,
with the model changed as its sender, and :mod:`kuska.care.alerts` evaluates the rules that read it once the
write is committed (a write that fails raises nothing).

The signal keeps the writing modules free of the alerts, which read them.

>>> # changed.send(CaseReferral, actor=user, source=source)   # after a referral is refused, say
"""

from __future__ import annotations

from django.dispatch import Signal

# sender: the model written (Case, CaseReferral, Stay); arguments: actor (the user, or None), source
changed = Signal()
