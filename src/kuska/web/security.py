"""Middleware of the pages' security: the Permissions-Policy header, and the second factor before any page.

Django's own middleware gives HSTS, the HTTPS redirect, ``X-Frame-Options``, ``X-Content-Type-Options`` and the
referrer policy; django-csp the Content-Security-Policy; django-axes the lockout. What is left is here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from kuska.accounts.models import User
from kuska.accounts.second_factor import needs_second_factor

View = TypeVar("View", bound=Callable[..., Any])


class PermissionsPolicyMiddleware:
    """Every answer refuses the browser features no page uses (``settings.PERMISSIONS_POLICY``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = str(getattr(settings, "PERMISSIONS_POLICY", ""))
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


def before_second_factor(view: View) -> View:
    """Mark a view a signed-in user may reach before giving their second factor (signing in and out, the
    second-factor pages themselves, the language switch)."""
    view.before_second_factor = True  # type: ignore[attr-defined]
    return view


class SecondFactorMiddleware:
    """A signed-in user who must give a second factor and has not reaches no page but the second-factor step.

    Placed after django-otp's ``OTPMiddleware`` (which tells whether the session's user gave a code). The API is
    not concerned: it authenticates each request by its token, never by the session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        if not isinstance(user, User) or getattr(view_func, "before_second_factor", False):
            return None
        if request.path.startswith("/api/"):
            return None
        is_verified = getattr(user, "is_verified", None)
        if callable(is_verified) and is_verified():
            return None
        if not needs_second_factor(user):
            return None
        target = reverse("second-factor")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
