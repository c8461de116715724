"""How often the API may be called: each caller's requests, and the refused tokens of each address.

- :class:`CallerRateThrottle` (DRF's ``DEFAULT_THROTTLE_CLASSES``): each authenticated caller, counted by who they
  are, at most ``DEFAULT_THROTTLE_RATES["caller"]``; then 429 with ``Retry-After``.
- :class:`FailedAuthenticationMiddleware`: DRF refuses a bad token (401) before its throttles run, so guessing
  tokens would never be slowed. This counts the API's 401 answers per client address; past
  ``API_AUTH_FAILURE_LIMIT`` within ``API_AUTH_FAILURE_WINDOW`` the address gets 429 until the window ends, good
  token or not, and the token is not even looked at.

The counts live in Django's cache (``CACHES``: the process's memory by default, Redis when ``KUSKA_CACHE_URL`` is
set, shared by several processes).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from kuska.i18n import in_each_language

API_PREFIX = "/api/"


class CallerRateThrottle(SimpleRateThrottle):
    """Each authenticated caller's requests; an unauthenticated one is counted by its address."""

    scope = "caller"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        caller: object = request.user
        if caller is not None and getattr(caller, "is_authenticated", False):
            ident = f"{type(caller).__name__}:{getattr(caller, 'pk', None) or caller}"
        else:
            ident = f"address:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": _digest(ident)}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "?")


def _key(request: HttpRequest) -> str:
    return f"kuska:api-auth-failures:{_digest(_address(request))}"


def _window_seconds() -> int:
    return int(settings.API_AUTH_FAILURE_WINDOW.total_seconds())


def throttled(wait: int) -> JsonResponse:
    """The 429 answer, in the API's error format."""
    response = JsonResponse(
        {
            "error": {
                "code": "throttled",
                **in_each_language(_("Too many requests; wait and try again.")),
            }
        },
        status=429,
    )
    response.headers["Retry-After"] = str(max(wait, 1))
    return response


class FailedAuthenticationMiddleware:
    """429 for an address whose requests to the API were refused authentication too often."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        key = _key(request)
        failures: dict[str, float] | None = cache.get(key)
        now = time.time()
        if (
            failures
            and failures["count"] >= settings.API_AUTH_FAILURE_LIMIT
            and failures["until"] > now
        ):
            return throttled(int(failures["until"] - now) + 1)
        response = self.get_response(request)
        # a refused token counts; a request without one (a browser, a first try) is only told to bring one
        if response.status_code == 401 and request.META.get("HTTP_AUTHORIZATION"):
            if not failures or failures["until"] <= now:
                failures = {"count": 0, "until": now + _window_seconds()}
            failures["count"] += 1
            cache.set(key, failures, timeout=max(int(failures["until"] - now) + 1, 1))
        return response
