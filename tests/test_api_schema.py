"""The API publishes an OpenAPI 3 schema that describes every endpoint, its requests, answers and errors, and a
readable page of it served from vendored files; the live API keeps to that schema (schemathesis)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.access_world import holdings
from tests.personas import member, token_of

SCHEMA = "/api/v1/schema/?format=json"


def published(client: Client) -> dict[str, Any]:
    answer = client.get(SCHEMA)
    assert answer.status_code == 200
    body: dict[str, Any] = answer.json()
    return body


def api_routes() -> set[str]:
    """The API's own addresses from the URL resolver, as OpenAPI paths (the catch-all 404 and the schema aside)."""
    (api,) = [
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and p.namespace == "api"
    ]
    routes: set[str] = set()
    for pattern in api.url_patterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in ("unknown", "schema", "docs"):
            continue
        routes.add("/api/v1/" + str(pattern.pattern).replace("<str:pk>", "{id}"))
    return routes


@pytest.mark.django_db
def test_the_schema_is_openapi_3_and_needs_no_token(client: Client) -> None:
    schema = published(client)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Kuska API"
    assert schema["components"]["securitySchemes"]["userToken"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "Token <token>: a user's token, issued with `kuska token issue`.",
    }


@pytest.mark.django_db
def test_every_endpoint_of_the_api_is_in_the_schema(client: Client) -> None:
    assert set(published(client)["paths"]) == api_routes()


@pytest.mark.django_db
def test_every_operation_declares_its_answer_its_errors_and_the_token(client: Client) -> None:
    for path, operations in published(client)["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            where = f"{method.upper()} {path}"
            success = [code for code in responses if code.startswith("2")]
            assert success, where
            for code in success:
                assert "schema" in responses[code]["content"]["application/json"], where
            assert {"401", "403"} <= set(responses), where
            for code in (c for c in responses if c[0] in "45"):
                error = responses[code]["content"]["application/json"]["schema"]
                assert error == {"$ref": "#/components/schemas/Error"}, where
                assert responses[code]["description"], where
            assert operation["security"] == [{"userToken": []}], where
    submit = published(client)["paths"]["/api/v1/submissions/"]["post"]
    assert "multipart/form-data" in submit["requestBody"]["content"]


@pytest.mark.django_db
def test_the_docs_page_is_served_from_vendored_files_without_a_cdn(client: Client) -> None:
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/api/v1/schema/" in html
    assert "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in html
    assert "cdn" not in html.lower()
    assert "https://" not in html


# -- schemathesis against the live API ---------------------------------------------------------------------------


@pytest.fixture
def live_token(transactional_db: None) -> str:
    """A data officer's token and a batch of the agency with a rejected row, committed so the live server sees
    them (the batches list then answers with a batch to check against its schema)."""
    holdings("PNP")
    return token_of(member("officer@pnp.example", "PNP", "data_officer"))


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def fuzz(base_url: str, headers: dict[str, str], examples: int) -> list[str]:
    """Every operation of the published schema called with generated requests; the operations tried."""
    schema = schemathesis.openapi.from_url(f"{base_url}{SCHEMA}")
    tried: list[str] = []
    for found in schema.get_all_operations():
        assert isinstance(found, Ok), found.err()
        operation = found.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: Any) -> None:
            answer = case.call_and_validate(headers=headers, checks=CHECKS)
            if not headers:
                # refused, or, once the generated credentials have been refused too often, throttled
                assert answer.status_code in (401, 429), answer.text

        call()
        tried.append(operation.label)
    return tried


@pytest.mark.schemathesis
def test_the_live_api_keeps_to_its_schema_with_a_valid_token(
    live_server: Any, live_token: str
) -> None:
    tried = fuzz(live_server.url, {"Authorization": f"Token {live_token}"}, examples=30)
    assert len(tried) == len(api_routes())


@pytest.mark.schemathesis
def test_the_live_api_keeps_to_its_schema_without_a_token(
    live_server: Any, transactional_db: None
) -> None:
    tried = fuzz(live_server.url, {}, examples=15)
    assert len(tried) == len(api_routes())
