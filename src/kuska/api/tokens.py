"""Managing an agency's API tokens: issue one, list them, revoke one.

Only a token's SHA-256 is stored, so a token can be shown once, when it is issued, and never again.

>>> # issued = issue_token("POLICE", label="case system")   # issued.secret is the token to hand over
>>> # revoke_token("POLICE", issued.token.pk)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.i18n import TranslatableError
from kuska.intake.models import AgencyToken
from kuska.registry.agencies import UnknownAgencyError, find_agency
from kuska.registry.models import Agency


class TokenError(TranslatableError):
    """The agency or the token does not exist; its message is translatable."""


@dataclass(frozen=True)
class IssuedToken:
    token: AgencyToken
    secret: str


def _agency(code: str) -> Agency:
    try:
        return find_agency(code)
    except UnknownAgencyError as exc:
        raise TokenError(exc.lazy_message) from None


def issue_token(agency_code: str, label: str = "") -> IssuedToken:
    """A new token for the agency. Its ``secret`` is the only copy of the token there will ever be."""
    token, secret = AgencyToken.issue(_agency(agency_code), label=label.strip()[:100])
    return IssuedToken(token, secret)


def tokens_of(agency_code: str) -> list[AgencyToken]:
    """The agency's tokens, oldest first, revoked ones included."""
    return list(_agency(agency_code).api_tokens.order_by("created_at", "pk"))


def revoke_token(agency_code: str, token_id: int) -> AgencyToken:
    """Revoke one of the agency's tokens; revoking it again keeps the first revocation time."""
    token = _agency(agency_code).api_tokens.filter(pk=token_id).first()
    if token is None:
        raise TokenError(
            format_lazy(
                _("agency {agency} has no token with id {token}"),
                agency=agency_code.upper(),
                token=token_id,
            )
        )
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
