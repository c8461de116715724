"""The API's OpenAPI 3 schema, declared beside the endpoints (drf-spectacular): the request and response of each
endpoint and every error it answers, published at ``/api/v1/schema/`` with a readable page at ``/api/v1/docs/``.

The serializers below describe the JSON of :mod:`kuska.api.render` (they are not used to render it): a test
checks the schema against the live answers (schemathesis).

>>> # class BatchView(APIView):
>>> #     @schema.batch
>>> #     def get(self, request, pk): ...
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers

TAG_SUBMISSIONS = "submissions"
TAG_BATCHES = "batches"


class TokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The user's token in ``Authorization: Token <token>``."""

    target_class = "kuska.api.auth.UserTokenAuthentication"
    name = "userToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token <token>: a user's token, issued with `kuska token issue`.",
        }


class ErrorMessage(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="what went wrong, e.g. batch_not_found")
    es = serializers.CharField(help_text="the message in Spanish")
    en = serializers.CharField(help_text="the message in English")


class Error(serializers.Serializer[Any]):
    error = ErrorMessage()


class Counts(serializers.Serializer[Any]):
    rows_read = serializers.IntegerField(min_value=0)
    accepted = serializers.IntegerField(min_value=0)
    created = serializers.IntegerField(min_value=0)
    updated = serializers.IntegerField(min_value=0)
    unchanged = serializers.IntegerField(min_value=0)
    rejected = serializers.IntegerField(min_value=0)


class Sheet(Counts):
    sheet = serializers.CharField()
    record_type = serializers.CharField()
    ignored_columns = serializers.ListField(child=serializers.CharField())
    missing_columns = serializers.ListField(child=serializers.CharField())


class File(serializers.Serializer[Any]):
    file = serializers.CharField()
    format = serializers.CharField()
    batch_id = serializers.IntegerField(allow_null=True)
    sheets = Sheet(many=True)
    ignored_sheets = serializers.ListField(child=serializers.CharField())


class Submission(serializers.Serializer[Any]):
    agency = serializers.CharField()
    dry_run = serializers.BooleanField()
    totals = Counts()
    files = File(many=True)


class SubmissionRequest(serializers.Serializer[Any]):
    file = serializers.ListField(
        child=serializers.FileField(), help_text="a file to submit; repeat the part for several"
    )
    agency = serializers.CharField(
        required=False, help_text="the agency submitting, when the user submits for several"
    )
    format = serializers.ChoiceField(
        choices=["auto", "csv", "xlsx", "json", "htcds", "screening"],
        required=False,
        default="auto",
    )
    type = serializers.CharField(required=False, help_text="the record type of every file")
    dry_run = serializers.BooleanField(required=False, default=False)


class Batch(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    agency = serializers.CharField()
    status = serializers.CharField()
    channel = serializers.CharField()
    file_name = serializers.CharField(allow_blank=True)
    format = serializers.CharField(allow_blank=True)
    received_at = serializers.DateTimeField()
    counts = Counts()


class Problem(serializers.Serializer[Any]):
    row = serializers.IntegerField(required=False)
    column = serializers.CharField(required=False, allow_blank=True)
    value = serializers.JSONField(
        required=False, help_text="the cell's value; blank for identity columns"
    )
    code = serializers.CharField(required=False)
    message_es = serializers.CharField(required=False)
    message_en = serializers.CharField(required=False)


class RejectedRow(serializers.Serializer[Any]):
    sheet = serializers.CharField()
    record_type = serializers.CharField(allow_blank=True)
    row = serializers.IntegerField()
    submitted = serializers.DictField(help_text="the row as submitted, identity values masked")
    problems = Problem(many=True)


def _page_of(
    name: str, item: type[serializers.Serializer[Any]]
) -> type[serializers.Serializer[Any]]:
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(min_value=0),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item(many=True),
        },
    )


BatchPage = _page_of("BatchPage", Batch)
RejectedRowPage = _page_of("RejectedRowPage", RejectedRow)


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(Error, description=description)


UNAUTHORIZED = _error("no token, or a malformed, unknown, expired or revoked one")
THROTTLED = _error(
    "too many requests: from an address that sent too many refused tokens, or over the caller's request rate; "
    "Retry-After says when to try again"
)
FORBIDDEN = _error("the token's user does not hold the permission the endpoint needs")
BATCH_NOT_FOUND = _error(
    "no such batch among those you may see (another agency's is answered the same)"
)
PAGE = OpenApiParameter(
    "page", int, OpenApiParameter.QUERY, required=False, description="page number, from 1"
)

submissions = extend_schema(
    operation_id="submit_files",
    summary="Submit files",
    tags=[TAG_SUBMISSIONS],
    request={"multipart/form-data": SubmissionRequest},
    responses={
        201: OpenApiResponse(Submission, description="stored: the counts and each file's batch"),
        200: OpenApiResponse(Submission, description="a dry run: checked, nothing stored"),
        400: _error("the submission could not be processed; nothing was stored"),
        401: UNAUTHORIZED,
        403: _error("the user may not submit records (for that agency)"),
        413: _error("the request is larger than the limit"),
        415: _error("the body is not multipart/form-data"),
        429: THROTTLED,
    },
)

batches = extend_schema(
    operation_id="list_batches",
    summary="The batches you may see",
    tags=[TAG_BATCHES],
    parameters=[PAGE],
    responses={
        200: BatchPage,
        401: UNAUTHORIZED,
        403: FORBIDDEN,
        404: _error("a page past the last"),
        429: THROTTLED,
    },
)

batch = extend_schema(
    operation_id="get_batch",
    summary="A batch's status and counts",
    tags=[TAG_BATCHES],
    responses={
        200: Batch,
        401: UNAUTHORIZED,
        403: FORBIDDEN,
        404: BATCH_NOT_FOUND,
        429: THROTTLED,
    },
)

rejected_rows = extend_schema(
    operation_id="list_rejected_rows",
    summary="A batch's rejected rows and why",
    tags=[TAG_BATCHES],
    parameters=[PAGE],
    responses={
        200: RejectedRowPage,
        401: UNAUTHORIZED,
        403: FORBIDDEN,
        404: _error("no such batch among those you may see, or a page past the last"),
        429: THROTTLED,
    },
)

# the catch-all JSON 404 is no endpoint of its own
excluded = extend_schema(exclude=True)
