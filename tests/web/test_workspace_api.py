"""Tests of the saved-itinerary API: tokens, plan-and-save, ETags, 409s, exports, isolation."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from workspace_helpers import TRIP_1DAY, save_itinerary, statements, token, users

from tourlink.planner.check import check_itinerary
from tourlink.store.snapshot import itinerary_of


def test_token_is_needed_and_revocable(ws_app: Flask) -> None:
    """Tests that the API refuses anonymous calls, accepts a token, and not once revoked."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    client = ws_app.test_client()
    anonymous = client.get("/api/v1/itineraries")
    assert anonymous.status_code == 401 and "Bearer" in anonymous.headers["WWW-Authenticate"]
    assert anonymous.mimetype == "application/problem+json"
    wrong = client.post("/api/v1/auth/token", json={"email": lan.email, "password": "nope"})
    assert wrong.status_code == 401
    header = token(client, lan)
    assert client.get("/api/v1/itineraries", headers=header).get_json() == {
        "count": 0,
        "itineraries": [],
    }
    assert client.delete("/api/v1/auth/token", headers=header).status_code == 204
    refused = client.get("/api/v1/itineraries", headers=header)
    assert refused.status_code == 401 and "revoked" in refused.get_json()["detail"]
    bogus = client.get("/api/v1/itineraries", headers={"Authorization": "Bearer tl_forged"})
    assert bogus.status_code == 401


def test_post_plans_and_saves_and_get_returns_the_snapshot(ws_app: Flask) -> None:
    """Tests that POST plans a trip and saves it; GET returns that same stored snapshot.

    The answer is made before the commit, so nothing (the snapshot above all) is read
    back from the database after it.
    """
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    client = ws_app.test_client()
    header = token(client, lan)
    answers: list[Any] = []

    def post() -> Any:
        trip = {"name": "Kon Tum 2 days", "request": TRIP_1DAY, "customer": "Lan"}
        answers.append(client.post("/api/v1/itineraries", json=trip, headers=header))
        return answers[-1]

    sent = statements(ws_app, post)
    made = answers[0]
    assert made.status_code == 201, made.get_data(as_text=True)
    assert sent[-1] == "COMMIT" and sent.count("INSERT") == 2, sent
    body = made.get_json()
    assert body["version"] == 1 and body["name"] == "Kon Tum 2 days"
    assert made.headers["Location"].endswith(f"/api/v1/itineraries/{body['id']}")
    got = client.get(f"/api/v1/itineraries/{body['id']}", headers=header)
    assert got.status_code == 200
    assert got.headers["ETag"] == f'"itinerary-{body["id"]}-v1"'
    data = got.get_json()
    for key in ("days", "warnings", "totals", "request", "id", "version", "name"):
        assert key in data
    assert data["days"] == body["days"]  # the stored snapshot, not a new plan
    stops = [s["id"] for d in data["days"] for s in d["stops"]]
    assert "kon-tum-wooden-church" in stops
    assert data["has_violations"] is False and data["violations"] == []
    listed = client.get("/api/v1/itineraries", headers=header).get_json()
    assert [i["id"] for i in listed["itineraries"]] == [body["id"]]


def test_bad_bodies_are_refused_naming_the_field(ws_app: Flask) -> None:
    """Tests that a body without a name, or with a bad trip, is a 400 naming the field."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    client = ws_app.test_client()
    header = token(client, lan)
    missing = client.post("/api/v1/itineraries", json={"request": TRIP_1DAY}, headers=header)
    assert missing.status_code == 400 and missing.get_json()["field"] == "name"
    bad = client.post(
        "/api/v1/itineraries",
        json={"name": "x", "request": {**TRIP_1DAY, "start": "no-such-place"}},
        headers=header,
    )
    assert bad.status_code in (400, 404) and "no-such-place" in bad.get_json()["detail"]


def test_patch_needs_if_match_and_a_stale_one_is_409(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests optimistic locking: If-Match required, stale ETag refused naming who saved."""
    lan, minh = users(ws_app, ("mang-den-travel", "operator"), ("mang-den-travel", "operator"))
    number = save_itinerary(ws_app, lan, saved_snapshot)
    client = ws_app.test_client()
    lan_h, minh_h = token(client, lan), token(client, minh)
    url = f"/api/v1/itineraries/{number}"
    etag = client.get(url, headers=lan_h).headers["ETag"]
    assert client.patch(url, json={"name": "x"}, headers=lan_h).status_code == 428
    first = client.patch(
        url, json={"customer": "Minh's group"}, headers={**minh_h, "If-Match": etag}
    )
    assert first.status_code == 200 and first.headers["ETag"] == f'"itinerary-{number}-v2"'
    stale = client.patch(url, json={"name": "Lan's name"}, headers={**lan_h, "If-Match": etag})
    assert stale.status_code == 409
    problem = stale.get_json()
    assert problem["current_version"] == 2 and problem["based_on"] == 1
    assert problem["saved_meanwhile"][0]["author"] == minh.name
    assert "changed the customer" in problem["saved_meanwhile"][0]["summary"]
    again = client.patch(
        url, json={"name": "Lan's name"}, headers={**lan_h, "If-Match": first.headers["ETag"]}
    )
    assert again.status_code == 200
    final = again.get_json()
    assert (final["name"], final["customer"], final["version"]) == ("Lan's name", "Minh's group", 3)
    history = client.get(f"{url}/versions", headers=lan_h).get_json()
    assert [v["version"] for v in history["versions"]] == [3, 2, 1]


def test_patch_days_retimes_checks_and_flags(ws_app: Flask, saved_snapshot: dict[str, Any]) -> None:
    """Tests that a hand edit of the days is re-timed, checked, and its violations flagged."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    number = save_itinerary(ws_app, lan, saved_snapshot)
    client = ws_app.test_client()
    header = token(client, lan)
    url = f"/api/v1/itineraries/{number}"
    etag = client.get(url, headers=header).headers["ETag"]
    days = [[s["id"] for s in d["stops"]] for d in saved_snapshot["itinerary"]["days"]]
    everything = days[0] + days[1]  # all visits crammed into day 1
    edit = {"days": [{"stops": everything}, {"stops": []}]}
    response = client.patch(url, json=edit, headers={**header, "If-Match": etag})
    assert response.status_code == 200, response.get_data(as_text=True)
    data = response.get_json()
    assert [s["id"] for s in data["days"][0]["stops"]] == everything
    assert data["edited"] is True and data["has_violations"] is True
    assert any(v["kind"] == "window" and v["day"] == 0 for v in data["violations"])
    listed = client.get("/api/v1/itineraries?violations=true", headers=header).get_json()
    assert [i["id"] for i in listed["itineraries"]] == [number]
    with ws_app.app_context():
        from tourlink_web.state import current

        rebuilt = itinerary_of({"itinerary": data})
        found = check_itinerary(rebuilt, network=current().network)
    assert len(found) == len(data["violations"])  # the stored verdict is the checker's


def test_exports_come_from_the_snapshot(ws_app: Flask, saved_snapshot: dict[str, Any]) -> None:
    """Tests that GPX, GeoJSON and iCalendar hold the saved stops, for old versions too."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    number = save_itinerary(ws_app, lan, saved_snapshot)
    client = ws_app.test_client()
    header = token(client, lan)
    geojson = client.get(f"/api/v1/itineraries/{number}?format=geojson", headers=header)
    assert geojson.status_code == 200
    names = json.dumps(geojson.get_json(), ensure_ascii=False)
    first = saved_snapshot["itinerary"]["days"][0]["stops"][0]["name"]
    assert first in names
    gpx = client.get(f"/api/v1/itineraries/{number}/versions/1?format=gpx", headers=header)
    assert gpx.status_code == 200 and b"<gpx" in gpx.data
    ics = client.get(f"/api/v1/itineraries/{number}?format=ics", headers=header)
    assert ics.status_code == 200 and b"BEGIN:VCALENDAR" in ics.data


def test_share_link_via_api(ws_app: Flask, saved_snapshot: dict[str, Any]) -> None:
    """Tests that a share link opens without login, hides the notes, and dies when revoked."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    number = save_itinerary(ws_app, lan, saved_snapshot, notes="SECRET-NOTE", customer="Ms Lan")
    client = ws_app.test_client()
    header = token(client, lan)
    made = client.post(f"/api/v1/itineraries/{number}/share", json={}, headers=header)
    assert made.status_code == 201
    link = made.get_json()
    assert len(link["token"]) >= 2 + 43  # 256 random bits, base64url
    public = ws_app.test_client()
    page = public.get(link["url"])
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "SECRET-NOTE" not in text and "Ms Lan" not in text
    assert f'/sites/{saved_snapshot["itinerary"]["days"][0]["stops"][0]["id"]}"' in text
    assert public.get(link["url"] + "/export?format=gpx").status_code == 200
    sent = statements(ws_app, lambda: public.get(link["url"]))
    assert sent.count("SELECT") <= 5, sent  # the link and its version are read once
    listed = client.get(f"/api/v1/itineraries/{number}/share", headers=header).get_json()
    assert "token" not in listed["links"][0]
    revoked = client.delete(f"/api/v1/itineraries/{number}/share/{link['id']}", headers=header)
    assert revoked.status_code == 204
    assert public.get(link["url"]).status_code == 404


FOREIGN: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/api/v1/itineraries/{id}", None),
    ("GET", "/api/v1/itineraries/{id}?format=gpx", None),
    ("PATCH", "/api/v1/itineraries/{id}", {"name": "stolen"}),
    ("POST", "/api/v1/itineraries/{id}/reoptimise", {"locked_days": [1]}),
    ("GET", "/api/v1/itineraries/{id}/versions", None),
    ("GET", "/api/v1/itineraries/{id}/versions/1", None),
    ("GET", "/api/v1/itineraries/{id}/versions/1?format=ics", None),
    ("GET", "/api/v1/itineraries/{id}/share", None),
    ("POST", "/api/v1/itineraries/{id}/share", {}),
    ("DELETE", "/api/v1/itineraries/{id}/share/1", None),
]


@pytest.mark.parametrize(
    ("method", "path", "body"), FOREIGN, ids=[f"{m} {p}" for m, p, _ in FOREIGN]
)
def test_another_organisation_gets_404(
    ws_app: Flask, saved_snapshot: dict[str, Any], method: str, path: str, body: Any
) -> None:
    """Tests that each endpoint answers 404 for another organisation's itinerary."""
    mine, theirs = users(ws_app, ("a-tours", "operator"), ("b-tours", "org-admin"))
    number = save_itinerary(ws_app, mine, saved_snapshot)
    client = ws_app.test_client()
    owner = token(client, mine)
    assert (
        client.post(f"/api/v1/itineraries/{number}/share", json={}, headers=owner).status_code
        == 201
    )
    header = {**token(client, theirs), "If-Match": f'"itinerary-{number}-v1"'}
    response = client.open(path.format(id=number), method=method, json=body, headers=header)
    assert response.status_code == 404, response.get_data(as_text=True)
    listed = client.get("/api/v1/itineraries", headers=header).get_json()
    assert listed["count"] == 0
    check = client.get(f"/api/v1/itineraries/{number}", headers=owner).get_json()
    assert check["version"] == 1 and check["name"] == "Kon Tum 2 days"


def test_planning_holds_no_database_connection(
    ws_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests that plan-and-save, re-optimise and the plain plan plan holding no connection.

    Eight concurrent planners would otherwise hold eight connections (on PostgreSQL eight
    sessions idle in transaction); what they plan is still saved afterwards.
    """
    from tourlink_web import calls
    from tourlink_web.database import db, engine
    from tourlink_web.workspace import service

    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    client = ws_app.test_client()
    header = token(client, lan)
    seen: list[tuple[str, int, bool]] = []

    def watching(name: str, real: Any) -> Any:
        def planner(*args: Any, **kwargs: Any) -> Any:
            seen.append((name, engine().pool.checkedout(), db().in_transaction()))  # type: ignore[attr-defined]
            return real(*args, **kwargs)

        return planner

    monkeypatch.setattr(service, "plan", watching("plan-and-save", service.plan))
    monkeypatch.setattr(service, "reoptimise", watching("reoptimise", service.reoptimise))
    monkeypatch.setattr(calls, "plan", watching("plan", calls.plan))
    made = client.post(
        "/api/v1/itineraries", json={"name": "Two days", "request": TRIP_1DAY}, headers=header
    )
    assert made.status_code == 201, made.get_data(as_text=True)
    number = made.get_json()["id"]
    again = client.post(
        f"/api/v1/itineraries/{number}/reoptimise",
        json={"locked_days": [1]},
        headers={**header, "If-Match": made.headers["ETag"]},
    )
    assert again.status_code == 200, again.get_data(as_text=True)
    planned = client.post("/api/v1/plan", json=TRIP_1DAY, headers=header)
    assert planned.status_code == 200, planned.get_data(as_text=True)
    assert [name for name, _, _ in seen] == ["plan-and-save", "reoptimise", "plan"], seen
    assert all(held == 0 and not open_ for _, held, open_ in seen), seen
    assert again.get_json()["version"] == 2  # saved after planning, in a transaction of its own
    listed = client.get("/api/v1/itineraries", headers=header).get_json()
    assert listed["count"] == 1
