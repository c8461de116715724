"""Who is calling: a user, identified by one of their tokens in ``Authorization: Token <token>``.

The token stands for its user (:class:`kuska.accounts.models.ApiToken`): ``request.user`` is that user, and what
an endpoint allows comes from the user's roles at their agencies (:class:`HasPermission`), scoped by
:mod:`kuska.access`.

>>> # class BatchesView(APIView):
>>> #     permission_classes = [HasPermission.of("batches.view")]
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from kuska.access import holds
from kuska.accounts.models import ApiToken, User
from kuska.api.errors import TokenRefused

KEYWORD = "Token"


class UserTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <token>``, checked with :meth:`ApiToken.user_for`.

    No header: not authenticated (the permission answers 401). A header with a malformed, unknown, expired or
    revoked token, or the token of a disabled user: 401 at once. The token itself is never logged.
    """

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise TokenRefused(_("Malformed header: use 'Authorization: Token <token>'."))
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            token = ""
        found = ApiToken.user_for(token) if token else None
        if found is None:
            raise TokenRefused(_("The token is not valid, has expired or has been revoked."))
        return found

    def authenticate_header(self, request: Request) -> str:
        # a value here makes DRF answer 401 rather than 403 when authentication is missing or fails
        return f'{KEYWORD} realm="kuska"'


class HasPermission(BasePermission):
    """A request of a user who holds ``permission`` at some agency (the view scopes what it shows to those
    agencies through :mod:`kuska.access`). No token: 401; a token whose user lacks the permission: 403."""

    permission = ""

    @classmethod
    def of(cls, permission: str) -> type[HasPermission]:
        return type(f"Has_{permission.replace('.', '_')}", (cls,), {"permission": permission})

    def has_permission(self, request: Request, view: Any) -> bool:
        return holds(request.user, self.permission)


def user_of(request: Request) -> User:
    """The user whose token authenticated the request (the view is behind :class:`HasPermission`)."""
    user = request.user
    if not isinstance(user, User):  # pragma: no cover - HasPermission refused it before
        raise TokenRefused(_("Missing token."))
    return user
