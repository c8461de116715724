"""Whether a user may use a feature at all (at some agency); what they then see is scoped by the other modules."""

from __future__ import annotations

from typing import Any

from kuska.accounts.models import User
from kuska.accounts.permissions import grants


def holds(user: Any, permission: str) -> bool:
    """Whether ``user`` (a signed-in :class:`User`; anything else holds nothing) holds ``permission`` through
    at least one membership."""
    return permission in held(user)


def held(user: Any) -> frozenset[str]:
    """The permissions ``user`` holds through at least one membership (none unless a signed-in :class:`User`):
    read once where many are asked about, as the menu of every page does."""
    if not isinstance(user, User):
        return frozenset()
    return frozenset(grant.permission for grant in grants(user))
