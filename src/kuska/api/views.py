"""API endpoints. Each parses the request, calls the domain and renders JSON; nothing more.

Authentication, permission and error rendering come from ``REST_FRAMEWORK`` in the settings and
:mod:`kuska.api.auth`: a user's token, the permission of each endpoint from the user's roles, the records scoped
by :mod:`kuska.access`, and errors in Spanish and English (:mod:`kuska.api.errors`). Each endpoint's schema is
declared beside it (:mod:`kuska.api.schema`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kuska.access import (
    AccessDeniedError,
    batch_for,
    batches_for,
    record_import,
    rejected_rows_for,
    submission_agency,
)
from kuska.api import schema
from kuska.api.auth import HasPermission, user_of
from kuska.api.errors import ApiError
from kuska.api.render import batch_json, rejected_row_json, submission_json
from kuska.api.uploads import check_declared_size, submit_uploads
from kuska.audit.trail import request_source
from kuska.intake.submit import SubmissionError

_TRUE = {"true", "1", "yes", "si", "sí"}
_FALSE = {"false", "0", "no", ""}


def _yes_no(name: str, value: object) -> bool:
    text = str(value if value is not None else "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ApiError("bad_boolean", format_lazy(_("'{name}' must be true or false."), name=name))


def _batch_id(pk: str) -> int | None:
    return int(pk) if pk.isascii() and pk.isdigit() and len(pk) <= 18 else None


def _own_batch(request: Request, pk: str) -> Any:
    """The batch if the caller may see it; another agency's batch is "not found", so ids do not leak."""
    batch_id = _batch_id(pk)
    batch = batch_for(user_of(request), batch_id) if batch_id is not None else None
    if batch is None:
        raise ApiError(
            "batch_not_found",
            format_lazy(_("You have no batch {batch}."), batch=pk),
            status.HTTP_404_NOT_FOUND,
        )
    return batch


class Pages(PageNumberPagination):
    """Numbered pages (``?page=N``); a page past the last is a JSON 404."""

    page_size = 100

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            raise ApiError(
                "page_not_found",
                _("That page does not exist (pages start at 1)."),
                status.HTTP_404_NOT_FOUND,
            ) from exc


class SubmissionsView(APIView):
    """``POST /api/v1/submissions/``: one or more ``file`` parts, optional ``agency``, ``format``, ``type``,
    ``dry_run``. Needs ``records.submit`` at the agency."""

    parser_classes = [MultiPartParser]
    permission_classes = [HasPermission.of("records.submit")]

    @schema.submissions
    def post(self, request: Request) -> Response:
        check_declared_size(request.META.get("CONTENT_LENGTH"))
        dry_run = _yes_no("dry_run", request.data.get("dry_run"))
        user = user_of(request)
        try:
            agency = submission_agency(user, str(request.data.get("agency") or "").strip() or None)
        except AccessDeniedError as exc:
            raise ApiError("forbidden", exc.message, status.HTTP_403_FORBIDDEN) from exc
        try:
            report = submit_uploads(
                request.FILES.getlist("file"),
                agency,
                fmt=str(request.data.get("format") or "auto").strip().lower(),
                record_type=str(request.data.get("type") or "").strip() or None,
                dry_run=dry_run,
                submitted_by=user,
            )
        except SubmissionError as exc:
            raise ApiError("submission_refused", exc.message) from exc
        if not dry_run:
            batch_ids = [f.batch_id for f in report.files if f.batch_id is not None]
            record_import(user, batch_ids, source=request_source(request))
        answer = status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED
        return Response(submission_json(report), status=answer)


class BatchesView(APIView):
    """``GET /api/v1/batches/?page=N``: the batches the caller may see, newest first, 100 a page."""

    permission_classes = [HasPermission.of("batches.view")]

    @schema.batches
    def get(self, request: Request) -> Response:
        pages = Pages()
        page = pages.paginate_queryset(batches_for(user_of(request)), request, view=self) or []
        return pages.get_paginated_response([batch_json(batch) for batch in page])


class BatchView(APIView):
    """``GET /api/v1/batches/<id>/``: the batch's status and counters."""

    permission_classes = [HasPermission.of("batches.view")]

    @schema.batch
    def get(self, request: Request, pk: str) -> Response:
        return Response(batch_json(_own_batch(request, pk)))


class RejectedRowsView(APIView):
    """``GET /api/v1/batches/<id>/rejected/?page=N``: the batch's rejected rows with the reasons, 100 a page."""

    permission_classes = [HasPermission.of("batches.view")]

    @schema.rejected_rows
    def get(self, request: Request, pk: str) -> Response:
        batch = _own_batch(request, pk)
        rows = rejected_rows_for(user_of(request), batch, source=request_source(request))
        pages = Pages()
        page = pages.paginate_queryset(rows, request, view=self) or []
        return pages.get_paginated_response([rejected_row_json(row) for row in page])


@schema.excluded
class UnknownAddressView(APIView):
    """Any other address under ``/api/v1/``: a JSON 404 naming the addresses there are, token or not."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def _not_found(self) -> Response:
        raise ApiError(
            "unknown_address",
            _(
                "There is no such API address. Addresses: submissions/, batches/, batches/<id>/, "
                "batches/<id>/rejected/, schema/, docs/ (they end in /)."
            ),
            status.HTTP_404_NOT_FOUND,
        )

    def get(self, request: Request, rest: str) -> Response:
        return self._not_found()

    def post(self, request: Request, rest: str) -> Response:
        return self._not_found()
