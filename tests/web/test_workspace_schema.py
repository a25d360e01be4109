"""Tests the workspace API against its OpenAPI document with schemathesis, logged in.

The generated requests carry a real bearer token, so they reach past the 401 into the
endpoints: no 5xx, and no answer the document does not describe. Only the operations
that need a login are generated here (every one of them; ``test_openapi`` covers the
public ones), and not ``DELETE /api/v1/auth/token``, which would revoke the token the
other cases use.

The filter sits on the lazy schema: ``schemathesis.pytest.from_fixture`` replaces the
fixture's own filters with its own, so an ``include`` on the fixture's schema was
dropped and the whole API, the planner's and the connection search's slow endpoints
included, ran here a second time, and ``DELETE /api/v1/auth/token`` revoked the token
part-way (the cases after it saw only 401s): 129 s, now 44 s on the same loaded machine,
most of it planning the generated trips of ``POST /api/v1/itineraries``.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from databases import make_actor
from flask import Flask
from hypothesis import HealthCheck, settings
from test_openapi import ALL_CHECKS
from test_openapi import document as document  # the served document (a fixture)
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
    """Return the schemathesis view of the API (narrowed by :data:`workspace_api`)."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=ALL_CHECKS)


def _needs_login(ctx: Any) -> bool:
    """Return whether an operation asks for a login (and is not the token's revocation)."""
    operation = ctx.operation
    revokes = operation.method.upper() == "DELETE" and operation.path == "/api/v1/auth/token"
    return bool(operation.definition.raw.get("security")) and not revokes


workspace_api = schemathesis.pytest.from_fixture("workspace_schema").include(_needs_login)


def test_the_logged_in_operations_are_all_and_only_those_needing_a_login(
    document: dict[str, Any],
) -> None:
    """Tests the filter: every operation with ``security`` but the revocation, nothing else."""
    schema = schemathesis.openapi.from_dict(document).include(_needs_login)
    chosen = {(op.method.upper(), op.path) for op in (r.ok() for r in schema.get_all_operations())}
    secured = {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and op.get("security")
    }
    assert chosen == secured - {("DELETE", "/api/v1/auth/token")}
    assert ("PATCH", "/api/v1/itineraries/{itinerary_id}") in chosen
    assert ("POST", "/api/v1/plan") not in chosen and len(chosen) >= 25


@workspace_api.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_workspace_api_matches_its_document_when_logged_in(
    case: Any, bearer: dict[str, str]
) -> None:
    """Tests with generated, authenticated requests that no answer is 5xx or off-document."""
    case.call_and_validate(headers=bearer)  # every check schemathesis has (ALL_CHECKS)
