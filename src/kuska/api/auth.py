"""Who is calling: an agency, identified by the token in ``Authorization: Token <token>``.

There are no user accounts behind the API yet (roles come later): the authenticated principal is the agency the
token was issued to, and every endpoint works within that agency's own data.

>>> # agency = agency_of(request)  # in a view; the agency whose token authenticated the request
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from kuska.api.errors import TokenRefused
from kuska.intake.models import AgencyToken
from kuska.registry.models import Agency

KEYWORD = "Token"


@dataclass(frozen=True)
class AgencyPrincipal:
    """The caller: an agency. It has ``is_authenticated`` so DRF and Django treat it as a signed-in party."""

    agency: Agency
    is_authenticated: bool = True
    is_anonymous: bool = False

    def __str__(self) -> str:
        return self.agency.code


class AgencyTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <token>``, checked with :meth:`AgencyToken.agency_for`.

    No header: not authenticated (the permission answers 401). A header with a malformed, unknown or revoked
    token: 401 at once. The token itself is never logged.
    """

    def authenticate(self, request: Request) -> tuple[AgencyPrincipal, None] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise TokenRefused(_("Malformed header: use 'Authorization: Token <token>'."))
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            token = ""
        agency = AgencyToken.agency_for(token) if token else None
        if agency is None:
            raise TokenRefused(_("The token is not valid or has been revoked."))
        return AgencyPrincipal(agency), None

    def authenticate_header(self, request: Request) -> str:
        # a value here makes DRF answer 401 rather than 403 when authentication is missing or fails
        return f'{KEYWORD} realm="kuska"'


class IsAgency(BasePermission):
    """Only a request authenticated by an agency's token."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.user, AgencyPrincipal)


def agency_of(request: Request) -> Agency:
    """The agency whose token authenticated the request (the view is behind :class:`IsAgency`)."""
    principal: object = request.user
    if not isinstance(principal, AgencyPrincipal):  # pragma: no cover - IsAgency refused it before
        raise TokenRefused(_("Missing token."))
    return principal.agency
