"""Tests that the OpenAPI document is valid, complete and true to what the API does."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture(scope="module")
def document(app: Flask) -> dict[str, Any]:
    """Return the served OpenAPI document."""
    with app.test_client() as c:
        response = c.get("/api/v1/openapi.json")
        assert response.status_code == 200
        body: dict[str, Any] = response.get_json()
        return body


def test_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    """Tests that the document validates as OpenAPI 3.1."""
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_document_covers_every_api_endpoint(app: Flask, document: dict[str, Any]) -> None:
    """Tests that every /api/v1 URL rule and method is documented, and nothing else."""
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi_document":
            path = rule.rule.replace("<", "{").replace(">", "}")
            served |= {
                (path, m.lower()) for m in rule.methods or () if m not in ("HEAD", "OPTIONS")
            }
    documented = {(path, method) for path, item in document["paths"].items() for method in item}
    assert served == documented


def test_every_post_has_an_example_that_works(
    client: FlaskClient, document: dict[str, Any]
) -> None:
    """Tests that each POST documents an example body and that the example is accepted.

    Endpoints that need an account (they document 401) are tried with one in
    ``tests/web/test_workspace_api.py``.
    """
    for path, item in document["paths"].items():
        if "post" in item and "401" not in item["post"]["responses"]:
            example = item["post"]["requestBody"]["content"]["application/json"]["example"]
            assert example, path
            response = client.post(path, json=example)
            assert response.status_code == 200, (path, response.get_data(as_text=True))


api_schema = schemathesis.pytest.from_fixture("openapi_schema")


@pytest.fixture
def openapi_schema(app: Flask) -> Any:
    """Return the schemathesis view of the served document, calling the app in-process."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@api_schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_matches_its_document(case: Any) -> None:
    """Tests with generated requests that the API never answers 5xx or off-document."""
    case.call_and_validate(checks=CHECKS)
