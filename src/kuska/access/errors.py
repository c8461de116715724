"""Why the access module refused: each error carries a translatable message."""

from __future__ import annotations

from kuska.i18n import TranslatableError


class AccessDeniedError(TranslatableError):
    """The user does not hold the permission the action needs."""


class NotInScopeError(AccessDeniedError):
    """The record exists but lies outside what the user may see (answered as "not found" by the faces, so that
    record ids do not leak)."""


class ReasonRequiredError(AccessDeniedError):
    """A reveal without a reason."""
