"""Tests the workspace API against its OpenAPI document with schemathesis, logged in.

The generated requests carry a real bearer token, so they reach past the 401 into the
endpoints: no 5xx, and no answer the document does not describe.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from databases import make_actor
from flask import Flask
from hypothesis import HealthCheck, settings
from test_openapi import ALL_CHECKS
from workspace_helpers import save_itinerary, token

from tourlink.store import make_sessions
from tourlink_web.database import engine


@pytest.fixture(scope="module")
def bearer(app: Flask, saved_snapshot: dict[str, Any]) -> dict[str, str]:
    """Return the bearer header of a user owning itinerary 1 (with a share link)."""
    with app.app_context(), make_sessions(engine())() as session:
        actor = make_actor(session, "schema-tours")
    number = save_itinerary(app, actor, saved_snapshot)
    client = app.test_client()
    header = token(client, actor)
    client.post(f"/api/v1/itineraries/{number}/share", json={}, headers=header)
    return header


@pytest.fixture
def workspace_schema(app: Flask) -> Any:
    """Return the schemathesis view of the workspace's operations."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=ALL_CHECKS)
    return schema.include(path_regex="^/api/v1/itineraries")  # not DELETE auth/token: it revokes


workspace_api = schemathesis.pytest.from_fixture("workspace_schema")


@workspace_api.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_workspace_api_matches_its_document_when_logged_in(
    case: Any, bearer: dict[str, str]
) -> None:
    """Tests with generated, authenticated requests that no answer is 5xx or off-document."""
    case.call_and_validate(headers=bearer)  # every check schemathesis has (ALL_CHECKS)
