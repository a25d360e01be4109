"""Tests of the per-client rate limits and of the JSON content-type rule (issue 13 §5)."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import TRIP
from flask import Flask
from flask.testing import FlaskClient

from tourlink_web import create_app, limits

PROBLEM = "application/problem+json"


def _limited_app(**config: Any) -> Flask:
    settings: dict[str, Any] = {
        "TESTING": True,
        "TILE_URL": "",
        "SECRET_KEY": "tests",
        "RATELIMIT_PLAN": "2 per minute",
        "RATELIMIT_MATRIX": "2 per minute",
        "RATELIMIT_ROUTE": "2 per minute",
        "RATELIMIT_KEY_PREFIX": f"tourlink-test-{uuid.uuid4().hex}",
    }
    settings.update(config)
    return create_app(settings)


@pytest.fixture(scope="module")
def limited() -> Flask:
    """Return an application with two requests per minute in every group (memory storage)."""
    return _limited_app()


def _client(app: Flask, address: str) -> FlaskClient:
    """Return a test client whose requests come from ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def assert_rate_limited(response: Any) -> None:
    """Assert ``response`` is a 429 with a usable Retry-After."""
    assert response.status_code == 429, response.get_data(as_text=True)
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert response.headers["X-RateLimit-Remaining"] == "0"


def test_plan_api_answers_429_problem_with_retry_after(limited: Flask) -> None:
    """Tests that the third plan request of a client in a minute is a 429 problem."""
    client = _client(limited, "192.0.2.1")
    for _ in range(2):  # refused bodies count too: they still cost parsing and validation
        assert client.post("/api/v1/plan", json={}).status_code == 400
    refused = client.post("/api/v1/plan", json=TRIP)
    assert_rate_limited(refused)
    assert refused.mimetype == PROBLEM
    body = refused.get_json(force=True)
    assert body["status"] == 429 and "2 per 1 minute" in body["detail"]


def test_plan_budget_is_shared_by_api_and_pages(limited: Flask) -> None:
    """Tests that plans made by the API and by the planner pages draw on one budget."""
    client = _client(limited, "192.0.2.2")
    assert client.post("/api/v1/plan", json={}).status_code == 400
    assert client.get("/plan/export?start=nowhere&format=gpx").status_code != 429
    page = client.get("/plan/?start=kon-tum-city-centre&days=1&lang=en")
    assert_rate_limited(page)
    assert page.mimetype == "text/html" and "Too many requests" in page.get_data(as_text=True)
    assert client.get("/plan/").status_code == 200  # the empty form costs nothing


def test_limits_are_per_client(limited: Flask) -> None:
    """Tests that one client's exhausted budget does not refuse another client."""
    first, second = _client(limited, "192.0.2.3"), _client(limited, "192.0.2.4")
    ids = {"ids": ["kon-tum-city-centre", "thac-pa-sy"]}
    for _ in range(2):
        assert first.post("/api/v1/matrix", json=ids).status_code == 200
    assert_rate_limited(first.post("/api/v1/matrix", json=ids))
    assert second.post("/api/v1/matrix", json=ids).status_code == 200


def test_route_group_covers_api_and_finder(limited: Flask) -> None:
    """Tests that route API calls and route finder pages share the route budget."""
    client = _client(limited, "192.0.2.5")
    query = "from=kon-tum-city-centre&to=thac-pa-sy"
    assert client.get(f"/api/v1/route?{query}").status_code == 200
    assert client.get(f"/route/?{query}").status_code == 200
    assert client.get("/route/").status_code == 200  # the empty finder is free
    assert_rate_limited(client.get(f"/api/v1/route/export?{query}&format=gpx"))
    assert client.get("/api/v1/sites/thac-pa-sy").status_code == 200  # unlimited endpoint


def test_declared_limit_applies_to_a_view() -> None:
    """Tests that ``limiter.limit`` declared on a view limits it once ``init_app`` runs."""
    app = Flask(__name__)

    @app.post("/api/login")
    @limits.limiter.limit("1 per minute")
    def login() -> str:
        return "ok"

    limits.init_app(app)
    client = _client(app, "192.0.2.6")
    assert client.post("/api/login").status_code == 200
    assert_rate_limited(client.post("/api/login"))


def test_unreachable_storage_still_limits_in_memory() -> None:
    """Tests that with the shared storage down requests are answered and still limited."""
    app = _limited_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:9/0")
    client = _client(app, "192.0.2.7")
    ids = {"ids": ["kon-tum-city-centre", "thac-pa-sy"]}
    assert [client.post("/api/v1/matrix", json=ids).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]


@pytest.fixture
def redis_url() -> Iterator[str]:
    """Return the test Redis URL (skip without one, except on CI where it must be set)."""
    url = os.environ.get("TOURLINK_TEST_REDIS_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("TOURLINK_TEST_REDIS_URL is not set, and CI=true requires Redis")
        pytest.skip("TOURLINK_TEST_REDIS_URL is not set (no Redis for the shared-storage test)")
    yield url


def test_workers_share_budgets_through_redis(redis_url: str) -> None:
    """Tests that two workers on one Redis count one client's requests together."""
    prefix = f"tourlink-test-{uuid.uuid4().hex}"
    workers = [
        _limited_app(RATELIMIT_STORAGE_URI=redis_url, RATELIMIT_KEY_PREFIX=prefix) for _ in "ab"
    ]
    ids = {"ids": ["kon-tum-city-centre", "thac-pa-sy"]}
    one, two = (_client(w, "192.0.2.8") for w in workers)
    assert one.post("/api/v1/matrix", json=ids).status_code == 200
    assert two.post("/api/v1/matrix", json=ids).status_code == 200
    assert_rate_limited(one.post("/api/v1/matrix", json=ids))
    import redis

    connection = redis.Redis.from_url(redis_url)
    for key in connection.scan_iter(f"*{prefix}*"):  # drop this run's keys, no one else's
        connection.delete(key)


# -- the JSON content-type rule ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("text/plain", json.dumps(TRIP)),
        ("application/x-www-form-urlencoded", "start=kon-tum-city-centre&days=1"),
        ("multipart/form-data; boundary=x", "--x--"),
        (None, json.dumps(TRIP)),
    ],
)
def test_non_json_body_is_refused_415(
    client: FlaskClient, content_type: str | None, data: str
) -> None:
    """Tests that a POST body of another type than JSON is a 415 problem, not processed."""
    headers = {"Content-Type": content_type} if content_type else {}
    for path in ("/api/v1/plan", "/api/v1/matrix"):
        response = client.post(path, data=data, headers=headers)
        assert response.status_code == 415, response.get_data(as_text=True)
        assert response.mimetype == PROBLEM
        assert "application/json" in response.get_json(force=True)["detail"]


def test_cross_site_text_plain_post_is_not_processed(client: FlaskClient) -> None:
    """Tests that a browser's cross-site text/plain POST of a valid trip gets no itinerary."""
    response = client.post(
        "/api/v1/plan",
        data=json.dumps(TRIP),
        headers={
            "Content-Type": "text/plain;charset=UTF-8",
            "Origin": "https://evil.example",
            "Sec-Fetch-Site": "cross-site",
        },
    )
    assert response.status_code == 415
    assert "days" not in response.get_json(force=True)


def test_json_with_charset_is_accepted(client: FlaskClient) -> None:
    """Tests that ``application/json; charset=utf-8`` is JSON (parameters are allowed)."""
    response = client.post(
        "/api/v1/matrix",
        data=json.dumps({"ids": ["kon-tum-city-centre", "thac-pa-sy"]}),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 200


def test_empty_post_without_type_reaches_the_view(client: FlaskClient) -> None:
    """Tests that a bodiless POST is not a 415 but the view's own 'empty body' problem."""
    response = client.post("/api/v1/plan")
    assert response.status_code == 400
    assert response.get_json(force=True)["field"] == "body"
