"""API endpoints. Each parses the request, calls the domain and renders JSON; nothing more.

Authentication, permission and error rendering come from ``REST_FRAMEWORK`` in the settings:
an agency's token (:mod:`kuska.api.auth`) and errors in Spanish and English (:mod:`kuska.api.errors`).
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

from kuska.api.auth import agency_of
from kuska.api.errors import ApiError
from kuska.api.render import batch_json, rejected_row_json, submission_json
from kuska.api.uploads import check_declared_size, submit_uploads
from kuska.intake.models import RejectedRow
from kuska.intake.submit import SubmissionError
from kuska.registry.models import SubmissionBatch

_TRUE = {"true", "1", "yes", "si", "sí"}
_FALSE = {"false", "0", "no", ""}


def _yes_no(name: str, value: object) -> bool:
    text = str(value if value is not None else "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ApiError("bad_boolean", format_lazy(_("'{name}' must be true or false."), name=name))


def _own_batch(request: Request, pk: str) -> SubmissionBatch:
    """The batch if it is the caller's agency's; another agency's batch is "not found", so ids do not leak."""
    batch = (
        SubmissionBatch.objects.select_related("agency")
        .filter(pk=int(pk), agency=agency_of(request))
        .first()
        if pk.isascii() and pk.isdigit() and len(pk) <= 18
        else None
    )
    if batch is None:
        raise ApiError(
            "batch_not_found",
            format_lazy(_("Your agency has no batch {batch}."), batch=pk),
            status.HTTP_404_NOT_FOUND,
        )
    return batch


class SubmissionsView(APIView):
    """``POST /api/v1/submissions/``: one or more ``file`` parts, optional ``format``, ``type``, ``dry_run``."""

    parser_classes = [MultiPartParser]

    def post(self, request: Request) -> Response:
        check_declared_size(request.META.get("CONTENT_LENGTH"))
        dry_run = _yes_no("dry_run", request.data.get("dry_run"))
        try:
            report = submit_uploads(
                request.FILES.getlist("file"),
                agency_of(request),
                fmt=str(request.data.get("format") or "auto").strip().lower(),
                record_type=str(request.data.get("type") or "").strip() or None,
                dry_run=dry_run,
            )
        except SubmissionError as exc:
            raise ApiError("submission_refused", exc.message) from exc
        answer = status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED
        return Response(submission_json(report), status=answer)


class BatchView(APIView):
    """``GET /api/v1/batches/<id>/``: the batch's status and counters."""

    def get(self, request: Request, pk: str) -> Response:
        return Response(batch_json(_own_batch(request, pk)))


class RejectedPages(PageNumberPagination):
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


class RejectedRowsView(APIView):
    """``GET /api/v1/batches/<id>/rejected/?page=N``: the batch's rejected rows with the reasons, 100 a page."""

    def get(self, request: Request, pk: str) -> Response:
        batch = _own_batch(request, pk)
        rows = RejectedRow.objects.filter(batch=batch).order_by("sheet", "row_number", "pk")
        pages = RejectedPages()
        page = pages.paginate_queryset(rows, request, view=self) or []
        return pages.get_paginated_response([rejected_row_json(row) for row in page])


class UnknownAddressView(APIView):
    """Any other address under ``/api/v1/``: a JSON 404 naming the addresses there are, token or not."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def _not_found(self) -> Response:
        raise ApiError(
            "unknown_address",
            _(
                "There is no such API address. Addresses: submissions/, batches/<id>/, "
                "batches/<id>/rejected/ (they end in /)."
            ),
            status.HTTP_404_NOT_FOUND,
        )

    def get(self, request: Request, rest: str) -> Response:
        return self._not_found()

    def post(self, request: Request, rest: str) -> Response:
        return self._not_found()
