"""Tests that the web's size limits are enforced at exactly their value (issue 13 §7).

An outside mutation run could remove the limits of ``calls.py`` unnoticed: the JSON
schema refuses oversized API bodies first, so nothing tested the checks that guard the
HTML forms and the library calls. These tests use an application with small limits and
test each one at its value (accepted) and one above (refused, naming the field).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask

from tourlink.exceptions import InvalidRequestError
from tourlink.planner.request import CATEGORIES
from tourlink_web import calls, create_app

LIMITS = {
    "MAX_DAYS": 3,
    "MAX_MUST_VISIT": 2,
    "MAX_AVOID": 2,
    "MAX_INTERESTS": 2,
    "MAX_MATRIX_IDS": 3,
    "MAX_ALTERNATIVES": 2,
    "MAX_CONTENT_LENGTH": 2048,
}
SITES = ["thac-pa-sy", "kon-tum-wooden-church", "ho-dak-ke", "chua-bac-ai"]
BASE = {"start": "kon-tum-city-centre", "start_date": "2026-03-02", "days": 1}


@pytest.fixture(scope="module")
def small() -> Flask:
    """Return an application with small size limits."""
    return create_app({"TESTING": True, "TILE_URL": "", "RATELIMIT_ENABLED": False, **LIMITS})


def _trip(field: str, size: int) -> dict[str, Any]:
    values: dict[str, Any] = {
        "days": size,
        "must_visit": SITES[:size],
        "avoid": SITES[-size:],
        "interests": dict.fromkeys(CATEGORIES[:size], 1.0),
    }
    return {**BASE, field: values[field]}


@pytest.mark.parametrize(
    ("field", "limit"),
    [("days", 3), ("must_visit", 2), ("avoid", 2), ("interests", 2)],
)
def test_trip_limits_at_and_over_their_value(small: Flask, field: str, limit: int) -> None:
    """Tests that a trip at a limit parses and one item more is refused naming the field."""
    with small.test_request_context():
        calls.parse_trip(_trip(field, limit))
        with pytest.raises(InvalidRequestError, match=f"at most {limit}") as caught:
            calls.parse_trip(_trip(field, limit + 1))
    assert caught.value.field == field


def test_planner_page_refuses_a_trip_over_the_day_limit(small: Flask) -> None:
    """Tests that the HTML form (no JSON schema in front) enforces the day limit."""
    with small.test_client() as client:
        page = client.get("/plan/?start=kon-tum-city-centre&start_date=2026-03-02&days=4&lang=en")
    assert page.status_code == 400
    assert "at most 3" in page.get_data(as_text=True)


def test_matrix_ids_at_and_over_the_limit(small: Flask) -> None:
    """Tests that a matrix of MAX_MATRIX_IDS ids is computed and one more is refused."""
    with small.test_request_context():
        assert len(calls.travel_matrix({"ids": SITES[:3]})["ids"]) == 3
        with pytest.raises(InvalidRequestError, match="1 to 3 site ids") as caught:
            calls.travel_matrix({"ids": SITES[:4]})
    assert caught.value.field == "ids"


def test_alternatives_at_and_over_the_limit(small: Flask) -> None:
    """Tests that `alternatives` may reach MAX_ALTERNATIVES and not go above it."""
    query = "/api/v1/route?from=kon-tum-city-centre&to=attapeu&alternatives="
    with small.test_client() as client:
        assert client.get(query + "2").status_code == 200
        refused = client.get(query + "3")
    assert refused.status_code == 400 and refused.get_json(force=True)["field"] == "alternatives"


def test_body_size_limit_at_and_over_its_value(small: Flask) -> None:
    """Tests that a body of MAX_CONTENT_LENGTH bytes is read and one byte more is a 413."""
    body = json.dumps({"ids": SITES[:2], "mode": "car"})
    at_limit = body + " " * (2048 - len(body))
    with small.test_client() as client:
        read = client.post("/api/v1/matrix", data=at_limit, content_type="application/json")
        over = client.post("/api/v1/matrix", data=at_limit + " ", content_type="application/json")
    assert read.status_code == 200
    assert over.status_code == 413
