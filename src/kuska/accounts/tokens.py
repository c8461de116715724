"""A user's API tokens: issue one, list them, revoke one. Issuing and revoking are audit events.

A token stands for its user: the API answers it with what the user's roles allow at the user's agencies. Only a
token's SHA-256 is stored, so a token is shown once, when it is issued, and never again.

>>> # issued = issue_token("sidpol@pnp.example", label="SIDPOL export", source=cli_source())
>>> # issued.secret                     # the token to hand over, once
>>> # revoke_token("sidpol@pnp.example", issued.token.pk, source=cli_source())
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.accounts.models import ApiToken, User, normalise_email
from kuska.audit.models import Action
from kuska.audit.trail import record_event
from kuska.i18n import TranslatableError

LABEL_MAX = 100


class TokenError(TranslatableError):
    """The user or the token does not exist, or the token cannot be issued; the message is translatable."""


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


def _user(email: str) -> User:
    user = User.objects.filter(email=normalise_email(email)).first()
    if user is None:
        raise TokenError(format_lazy(_("there is no user {email}"), email=email.strip()))
    return user


def issue_token(
    email: str,
    *,
    label: str = "",
    days: int | None = None,
    actor: User | None = None,
    source: str,
) -> IssuedToken:
    """A new token of the user, valid for ``days`` (default: the ``API_TOKEN_DAYS`` setting). Its ``secret`` is
    the only copy of the token there will ever be."""
    user = _user(email)
    if not user.is_active:
        raise TokenError(format_lazy(_("user {email} is disabled"), email=user.email))
    valid_for = settings.API_TOKEN_DAYS if days is None else days
    if valid_for < 1:
        raise TokenError(
            format_lazy(_("a token must work for at least 1 day, not {days}"), days=valid_for)
        )
    with transaction.atomic():
        token, secret = ApiToken.issue(user, days=valid_for, label=label.strip()[:LABEL_MAX])
        record_event(actor, Action.TOKEN_ISSUE, records=[user, token], source=source)
    return IssuedToken(token, secret)


def tokens_of(email: str) -> list[ApiToken]:
    """The user's tokens, oldest first, expired and revoked ones included."""
    return list(_user(email).api_tokens.order_by("created_at", "pk"))


def revoke_token(email: str, token_id: int, *, actor: User | None = None, source: str) -> ApiToken:
    """Revoke one of the user's tokens; revoking it again keeps the first revocation time (and no new event)."""
    user = _user(email)
    token = user.api_tokens.filter(pk=token_id).first()
    if token is None:
        raise TokenError(
            format_lazy(
                _("user {email} has no token with id {token}"), email=user.email, token=token_id
            )
        )
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record_event(actor, Action.TOKEN_REVOKE, records=[user, token], source=source)
    return token
