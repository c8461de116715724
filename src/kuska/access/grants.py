"""Whether a user may use a feature at all (at some agency); what they then see is scoped by the other modules."""

from __future__ import annotations

from typing import Any

from kuska.accounts.models import User
from kuska.accounts.permissions import grants


def holds(user: Any, permission: str) -> bool:
    """Whether ``user`` (a signed-in :class:`User`; anything else holds nothing) holds ``permission`` through
    at least one membership."""
    if not isinstance(user, User):
        return False
    return any(grant.permission == permission for grant in grants(user))
