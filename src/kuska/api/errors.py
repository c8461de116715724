"""API errors: every one answered as ``{"error": {"code": ..., "es": ..., "en": ...}}``.

Views raise :class:`ApiError` with both messages; DRF's and Django's own exceptions are translated by
:func:`exception_handler` (set as DRF's ``EXCEPTION_HANDLER``), so a client never gets an HTML page or an
English-only message.

>>> # raise ApiError("no_file", "Falta el archivo.", "The file is missing.")
"""

from __future__ import annotations

import logging
import traceback
from typing import Any, TypedDict

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

log = logging.getLogger(__name__)


class ErrorBody(TypedDict):
    code: str
    es: str
    en: str


class ApiError(exceptions.APIException):
    """An error of the request, explained in Spanish and English."""

    status_code: int = status.HTTP_400_BAD_REQUEST

    def __init__(
        self, code: str, message_es: str, message_en: str, status_code: int | None = None
    ) -> None:
        super().__init__(detail=message_en, code=code)
        self.error_code = code
        self.message_es = message_es
        self.message_en = message_en
        if status_code is not None:
            self.status_code = status_code


class TokenRefused(exceptions.AuthenticationFailed):
    """The ``Authorization`` header was sent but its token is malformed, unknown or revoked (401)."""

    def __init__(self, message_es: str, message_en: str) -> None:
        super().__init__(detail=message_en, code="token_refused")
        self.error_code = "token_refused"
        self.message_es = message_es
        self.message_en = message_en


# DRF's and Django's exceptions, in both languages: (code, Spanish, English)
_KNOWN: list[tuple[type[BaseException], str, str, str]] = [
    (
        exceptions.NotAuthenticated,
        "not_authenticated",
        "Falta el token: envíe la cabecera «Authorization: Token <token>».",
        "Missing token: send the header 'Authorization: Token <token>'.",
    ),
    (
        exceptions.AuthenticationFailed,
        "token_refused",
        "El token no es válido o fue revocado.",
        "The token is not valid or has been revoked.",
    ),
    (
        exceptions.PermissionDenied,
        "forbidden",
        "No tiene permiso para esta operación.",
        "You are not allowed to do this.",
    ),
    (
        exceptions.NotFound,
        "not_found",
        "No existe, o no pertenece a su entidad.",
        "Not found, or it does not belong to your agency.",
    ),
    (
        Http404,
        "not_found",
        "No existe, o no pertenece a su entidad.",
        "Not found, or it does not belong to your agency.",
    ),
    (
        exceptions.MethodNotAllowed,
        "method_not_allowed",
        "Método HTTP no permitido en esta dirección.",
        "HTTP method not allowed at this address.",
    ),
    (
        exceptions.UnsupportedMediaType,
        "unsupported_media_type",
        "Envíe los archivos como multipart/form-data.",
        "Send the files as multipart/form-data.",
    ),
    (
        exceptions.NotAcceptable,
        "not_acceptable",
        "Esta API solo responde en JSON.",
        "This API only answers in JSON.",
    ),
    (
        exceptions.ParseError,
        "malformed_request",
        "El cuerpo de la solicitud está mal formado.",
        "The request body is malformed.",
    ),
    (
        exceptions.Throttled,
        "throttled",
        "Demasiadas solicitudes; espere e intente de nuevo.",
        "Too many requests; wait and try again.",
    ),
    (
        exceptions.ValidationError,
        "invalid_request",
        "La solicitud no es válida.",
        "The request is not valid.",
    ),
]


def error_response(
    code: str,
    message_es: str,
    message_en: str,
    status_code: int,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, ErrorBody] = {"error": {"code": code, "es": message_es, "en": message_en}}
    return Response(body, status=status_code, headers=headers)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's ``EXCEPTION_HANDLER``: every error as JSON in Spanish and English."""
    headers: dict[str, str] = {}
    if isinstance(exc, exceptions.APIException):
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            headers["WWW-Authenticate"] = auth_header
        wait = getattr(exc, "wait", None)
        if wait is not None:
            headers["Retry-After"] = str(int(wait))
    if isinstance(exc, ApiError | TokenRefused):
        return error_response(
            exc.error_code, exc.message_es, exc.message_en, exc.status_code, headers
        )
    for kind, code, message_es, message_en in _KNOWN:
        if isinstance(exc, kind):
            status_code = (
                exc.status_code
                if isinstance(exc, exceptions.APIException)
                else status.HTTP_404_NOT_FOUND
            )
            return error_response(code, message_es, message_en, status_code, headers)
    if isinstance(exc, exceptions.APIException):
        return error_response(
            "error",
            "La solicitud no se pudo atender.",
            f"The request could not be served ({exc.detail}).",
            exc.status_code,
            headers,
        )
    if isinstance(exc, RequestDataTooBig):
        return error_response(
            "too_large",
            "La solicitud es demasiado grande.",
            "The request is too large.",
            status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, SuspiciousOperation):
        return error_response(
            "invalid_request",
            "La solicitud no es válida (demasiados archivos o campos).",
            "The request is not valid (too many files or fields).",
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
        "Error interno. Informe al administrador.",
        "Internal error. Tell the administrator.",
        status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
