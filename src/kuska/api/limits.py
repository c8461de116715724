"""The size of a request, refused from its declared length before a byte of its body is read.

Every request passes here first (``kuska.api.limits.DeclaredSizeMiddleware``, right after Django's security
middleware): one whose ``Content-Length`` is over ``API_MAX_UPLOAD_BYTES`` gets 413 and the body is never read.
``kuska serve`` also gives the same limit to the web server, which then refuses it before passing it on.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kuska.api.uploads import max_upload_bytes
from kuska.i18n import in_each_language


def declared_length(request: HttpRequest) -> int:
    """The body length the client declared (0 when none or not a number)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def too_large(limit: int) -> JsonResponse:
    """The 413 answer, in the API's error format (``{"error": {"code", "es", "en"}}``)."""
    message = format_lazy(
        _(
            "The request is larger than the limit of {megabytes} MB: split the files into several submissions."
        ),
        megabytes=f"{limit / (1024 * 1024):g}",
    )
    response = JsonResponse(
        {"error": {"code": "too_large", **in_each_language(message)}}, status=413
    )
    response.headers["Connection"] = "close"
    return response


class DeclaredSizeMiddleware:
    """413 for a request declaring a body larger than ``API_MAX_UPLOAD_BYTES``, before anything reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = max_upload_bytes()
        if declared_length(request) > limit:
            return too_large(limit)
        return self.get_response(request)
