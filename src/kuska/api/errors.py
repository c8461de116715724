"""API errors: every one answered as ``{"error": {"code": ..., "es": ..., "en": ...}}``, one message per offered
language, keyed by its code.

Views raise :class:`ApiError` with a translatable message; DRF's and Django's own exceptions are translated by
:func:`exception_handler` (set as DRF's ``EXCEPTION_HANDLER``), so a client never gets an HTML page or a message
in one language only.

>>> # raise ApiError("no_file", _("The file is missing."))
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise
from rest_framework import exceptions, status
from rest_framework.response import Response

from kuska.i18n import SOURCE_LANGUAGE, in_each_language, translated

log = logging.getLogger(__name__)


class ApiError(exceptions.APIException):
    """An error of the request, explained by a translatable message."""

    status_code: int = status.HTTP_400_BAD_REQUEST

    def __init__(self, code: str, message: str | Promise, status_code: int | None = None) -> None:
        super().__init__(detail=translated(message, SOURCE_LANGUAGE), code=code)
        self.error_code = code
        self.message = message
        if status_code is not None:
            self.status_code = status_code


class TokenRefused(exceptions.AuthenticationFailed):
    """The ``Authorization`` header was sent but its token is malformed, unknown or revoked (401)."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(detail=translated(message, SOURCE_LANGUAGE), code="token_refused")
        self.error_code = "token_refused"
        self.message = message


# DRF's and Django's exceptions: (exception, code, message)
_KNOWN: list[tuple[type[BaseException], str, StrPromise]] = [
    (
        exceptions.NotAuthenticated,
        "not_authenticated",
        _("Missing token: send the header 'Authorization: Token <token>'."),
    ),
    (
        exceptions.AuthenticationFailed,
        "token_refused",
        _("The token is not valid or has been revoked."),
    ),
    (exceptions.PermissionDenied, "forbidden", _("You are not allowed to do this.")),
    (exceptions.NotFound, "not_found", _("Not found, or it does not belong to your agency.")),
    (Http404, "not_found", _("Not found, or it does not belong to your agency.")),
    (
        exceptions.MethodNotAllowed,
        "method_not_allowed",
        _("HTTP method not allowed at this address."),
    ),
    (
        exceptions.UnsupportedMediaType,
        "unsupported_media_type",
        _("Send the files as multipart/form-data."),
    ),
    (exceptions.NotAcceptable, "not_acceptable", _("This API only answers in JSON.")),
    (exceptions.ParseError, "malformed_request", _("The request body is malformed.")),
    (exceptions.Throttled, "throttled", _("Too many requests; wait and try again.")),
    (exceptions.ValidationError, "invalid_request", _("The request is not valid.")),
]


def error_response(
    code: str,
    message: str | Promise,
    status_code: int,
    headers: dict[str, str] | None = None,
) -> Response:
    """The error's code and its message in every offered language (``{"code": ..., "es": ..., "en": ...}``)."""
    body = {"error": {"code": code, **in_each_language(message)}}
    return Response(body, status=status_code, headers=headers)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's ``EXCEPTION_HANDLER``: every error as JSON, in every offered language."""
    headers: dict[str, str] = {}
    if isinstance(exc, exceptions.APIException):
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            headers["WWW-Authenticate"] = auth_header
        wait = getattr(exc, "wait", None)
        if wait is not None:
            headers["Retry-After"] = str(int(wait))
    if isinstance(exc, ApiError | TokenRefused):
        return error_response(exc.error_code, exc.message, exc.status_code, headers)
    for kind, code, message in _KNOWN:
        if isinstance(exc, kind):
            status_code = (
                exc.status_code
                if isinstance(exc, exceptions.APIException)
                else status.HTTP_404_NOT_FOUND
            )
            return error_response(code, message, status_code, headers)
    if isinstance(exc, exceptions.APIException):
        return error_response(
            "error",
            format_lazy(_("The request could not be served ({detail})."), detail=exc.detail),
            exc.status_code,
            headers,
        )
    if isinstance(exc, RequestDataTooBig):
        return error_response(
            "too_large",
            _("The request is too large."),
            status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, SuspiciousOperation):
        return error_response(
            "invalid_request",
            _("The request is not valid (too many files or fields)."),
            status.HTTP_400_BAD_REQUEST,
        )
    # The exception's message may quote a submitted value (a name, a document number): log where, not what.
    view = context.get("view")
    log.error(
        "api: unexpected %s in %s\n%s",
        type(exc).__name__,
        type(view).__name__ if view is not None else "?",
        "".join(traceback.format_tb(exc.__traceback__)),
    )
    return error_response(
        "server_error",
        _("Internal error. Tell the administrator."),
        status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
