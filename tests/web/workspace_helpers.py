"""Fixtures of the workspace tests: an app on each database engine, users, a saved trip.

``ws_app`` is the application on the database of ``database_url`` (SQLite, and PostgreSQL
when ``TOURLINK_TEST_DATABASE_URL`` is set); ``saved_snapshot`` is the snapshot of one real
2-day trip on the shipped data, planned once per session; :func:`login` and :func:`token`
log a user in through the page or the API.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from databases import PASSWORD, make_actor
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from tourlink.itinerary import TripRequest
from tourlink.planner.plan import PlanParams, plan
from tourlink.store import Actor, Draft, Itineraries, make_sessions
from tourlink.store.snapshot import make_snapshot
from tourlink_web import create_app
from tourlink_web.database import engine

__all__ = ["TRIP_1DAY", "csrf_of", "login", "save_itinerary", "statements", "token"]

#: A small real trip (one day from Kon Tum, the wooden church a must) planned quickly.
TRIP_1DAY: dict[str, Any] = {
    "start": "kon-tum-city-centre",
    "start_date": "2026-03-02",
    "days": 2,
    "must_visit": ["kon-tum-wooden-church"],
}


@pytest.fixture(scope="session")
def saved_snapshot(real: Any) -> dict[str, Any]:
    """Return the snapshot of a real 2-day trip (planned once)."""
    request = TripRequest(
        "kon-tum-city-centre", dt.date(2026, 3, 2), 2, must_visit=("kon-tum-wooden-church",)
    )
    params = PlanParams(time_limit=0.3)
    return make_snapshot(plan(request, network=real, params=params), network=real, seed=params.seed)


@pytest.fixture
def ws_app(database_url: str) -> Iterator[Flask]:
    """Return the application on a fresh database of each engine."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "DATABASE_AUTO_UPGRADE": True,
            "PLAN_TIME_LIMIT": 0.2,
            "TILE_URL": "",
            "SECRET_KEY": "tests",
            "RATELIMIT_ENABLED": False,
            "SERVER_NAME": "localhost",
            "LANGUAGE": "en",  # the tests read the English texts
        }
    )
    yield app
    with app.app_context():
        engine().dispose()


def users(app: Flask, *specs: tuple[str, str]) -> list[Actor]:
    """Add one user per ``(org slug, role)``; return them (password :data:`PASSWORD`)."""
    with app.app_context(), make_sessions(engine())() as session:
        return [make_actor(session, slug, role=role) for slug, role in specs]


def save_itinerary(app: Flask, actor: Actor, snapshot: dict[str, Any], **fields: Any) -> int:
    """Save ``snapshot`` as an itinerary of ``actor``'s organisation; return its id."""
    with app.app_context(), make_sessions(engine())() as session:
        draft = Draft(name=fields.pop("name", "Kon Tum 2 days"), snapshot=snapshot, **fields)
        version = Itineraries(session, actor).create(draft)
        session.commit()
        return version.itinerary_id


def statements(app: Flask, send: Callable[[], Any]) -> list[str]:
    """Return the first word of each SQL statement, and each COMMIT, that ``send()`` causes.

    ``send`` makes one request, which must succeed (2xx or 3xx).
    """
    sent: list[str] = []

    def statement(*args: Any) -> None:
        sent.append(str(args[2]).split()[0])

    def commit(_connection: Any) -> None:
        sent.append("COMMIT")

    with app.app_context():
        bound = engine()
    event.listen(bound, "before_cursor_execute", statement)
    event.listen(bound, "commit", commit)
    try:
        response = send()
        assert response.status_code < 400, response.get_data(as_text=True)
    finally:
        event.remove(bound, "before_cursor_execute", statement)
        event.remove(bound, "commit", commit)
    return sent


def csrf_of(page: str) -> str:
    """Return the CSRF token of the first form on ``page``."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None, "no CSRF token on the page"
    return found.group(1)


def login(client: FlaskClient, actor: Actor) -> None:
    """Log ``actor`` in through the log-in page."""
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login", data={"email": actor.email, "password": PASSWORD, "csrf_token": csrf_of(page)}
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def token(client: FlaskClient, actor: Actor) -> dict[str, str]:
    """Return the ``Authorization`` header of a new bearer token of ``actor``."""
    response = client.post("/api/v1/auth/token", json={"email": actor.email, "password": PASSWORD})
    assert response.status_code == 201, response.get_data(as_text=True)
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


#: The example own places (marked example) the own-place tests add.
HOTEL: dict[str, Any] = {
    "slug": "indochine-hotel",
    "name": "Indochine Hotel (example)",
    "kind": "hotel",
    "lat": 14.3497,
    "lon": 108.0005,
}
CAFE: dict[str, Any] = {
    "slug": "riverside-cafe",
    "name": "Riverside café (example)",
    "kind": "restaurant",
    "lat": 14.342,
    "lon": 108.012,
    "visit_minutes": 45,
    "opening_hours": "Mo-Su 07:00-21:00",
}


def add_place(client: FlaskClient, header: dict[str, str], place: dict[str, Any]) -> dict[str, Any]:
    """Add an own place through the API (201 expected); return the answer."""
    response = client.post("/api/v1/places", json=place, headers=header)
    assert response.status_code == 201, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body


def trip_from_the_hotel(client: FlaskClient, header: dict[str, str]) -> dict[str, Any]:
    """Plan and save a day from the own hotel with the own café a must; return the answer."""
    trip = {
        "start": "own-indochine-hotel",
        "start_date": "2026-03-03",
        "days": 1,
        "must_visit": ["own-riverside-cafe"],
    }
    response = client.post(
        "/api/v1/itineraries", json={"name": "Own places", "request": trip}, headers=header
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body
