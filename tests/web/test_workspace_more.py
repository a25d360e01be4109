"""Tests of the workspace's edges: the login rate limit, data changes, starting from a route."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Flask
from workspace_helpers import csrf_of, login, save_itinerary, users

from tourlink_web import create_app
from tourlink_web.database import engine


def test_login_is_rate_limited(database_url: str) -> None:
    """Tests that log-in attempts beyond the limit are answered 429, on the page and the API."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "DATABASE_AUTO_UPGRADE": True,
            "SECRET_KEY": "tests",
            "RATELIMIT_LOGIN": "3 per minute",
            "RATELIMIT_KEY_PREFIX": f"test-{secrets.token_hex(4)}",
            "LANGUAGE": "en",
        }
    )
    try:
        _hammer(app)
    finally:
        with app.app_context():
            engine().dispose()


def _hammer(app: Flask) -> None:
    client = app.test_client()
    answers = [
        client.post(
            "/api/v1/auth/token", json={"email": "x@y.example", "password": "wrong"}
        ).status_code
        for _ in range(4)
    ]
    assert answers == [401, 401, 401, 429]
    page = client.get("/login").get_data(as_text=True)
    token = csrf_of(page)
    statuses = [
        client.post(
            "/login", data={"email": "x@y.example", "password": "no", "csrf_token": token}
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [401, 401, 401, 429]


def test_changed_data_is_rechecked_when_opened(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests that a version saved on other data says so and shows the checker's verdict today."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    older = {**saved_snapshot, "data_version": "0.9", "data_fingerprint": "0000000000000000"}
    number = save_itinerary(ws_app, lan, older)
    client = ws_app.test_client()
    login(client, lan)
    page = client.get(f"/workspace/{number}").get_data(as_text=True)
    assert "The data has changed since this version was saved." in page
    assert "still no problem" in page  # the trip is still feasible on today's data
    current = save_itinerary(ws_app, lan, saved_snapshot, name="Current")
    assert "The data has changed" not in client.get(f"/workspace/{current}").get_data(as_text=True)
    api = client.get(f"/api/v1/itineraries/{number}").get_json()
    assert api["data_changed"] is True and api["violations_on_current_data"] == []


def test_start_from_a_published_route(ws_app: Flask) -> None:
    """Tests that a published route is scheduled from a date and saved as an itinerary."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    tour = next(iter(ws_app.extensions["tourlink"].tours.values()))
    client = ws_app.test_client()
    login(client, lan)
    url = f"/workspace/new?route={tour.id}&start_date=2026-03-02"
    form = client.get(url)
    assert form.status_code == 200
    saved = client.post(
        url, data={"name": "From the route", "csrf_token": csrf_of(form.get_data(as_text=True))}
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    number = int(saved.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    data = client.get(f"/api/v1/itineraries/{number}").get_json()
    assert len(data["days"]) == tour.days
    wanted = {s.site for s in tour.stops}
    assert wanted & {s["id"] for d in data["days"] for s in d["stops"]}
