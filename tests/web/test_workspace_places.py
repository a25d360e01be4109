"""Tests of the operator's own places on the web: API, page, editor, planner, isolation.

The example hotel and café (``places`` test data, marked example) are added by one
organisation; its trips may use them; another organisation never sees them: their ids
are unknown to it and 404 in the API.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from workspace_helpers import CAFE, HOTEL, csrf_of, login, save_itinerary, token, users
from workspace_helpers import add_place as _add
from workspace_helpers import trip_from_the_hotel as _trip_from_the_hotel


def test_add_list_and_retire_a_place(ws_app: Flask) -> None:
    """Tests the API: 201 with the site id, listed, retired (204) and no longer listed."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    client = ws_app.test_client()
    header = token(client, lan)
    made = _add(client, header, HOTEL)
    assert made["site_id"] == "own-indochine-hotel" and made["retired"] is False
    assert client.get("/api/v1/places", headers=header).get_json()["count"] == 1
    again = client.post("/api/v1/places", json=HOTEL, headers=header)
    assert again.status_code in (400, 422) and "slug" in again.get_json()["detail"]
    assert client.delete(f"/api/v1/places/{made['id']}", headers=header).status_code == 204
    assert client.get("/api/v1/places", headers=header).get_json()["count"] == 0
    kept = client.get("/api/v1/places?retired=true", headers=header).get_json()
    assert kept["places"][0]["retired"] is True


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"lat": 21.03, "lon": 105.85}, "must lie in the region the road network covers"),
        ({"lat": 95}, "lat"),
        ({"name": ""}, "name"),
        ({"kind": "spa"}, "kind"),
    ],
)
def test_bad_places_are_refused_naming_the_field(
    ws_app: Flask, change: dict[str, Any], said: str
) -> None:
    """Tests that a bad place is refused with the field named, and nothing is stored."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    client = ws_app.test_client()
    header = token(client, lan)
    response = client.post("/api/v1/places", json={**HOTEL, **change}, headers=header)
    assert response.status_code in (400, 422)
    assert said in json.dumps(response.get_json())
    assert client.get("/api/v1/places", headers=header).get_json()["count"] == 0


def test_a_trip_planned_with_own_places_says_the_access_is_estimated(ws_app: Flask) -> None:
    """Tests plan-and-save from the own hotel with the own café a must; exports work."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    client = ws_app.test_client()
    header = token(client, lan)
    _add(client, header, HOTEL)
    _add(client, header, CAFE)
    data = _trip_from_the_hotel(client, header)
    assert data["days"][0]["start_name"] == "Indochine Hotel (example)"
    assert "own-riverside-cafe" in [s["id"] for s in data["days"][0]["stops"]]
    assert any("Riverside café (example) is estimated" in w for w in data["warnings"])
    assert data["violations"] == []
    url = f"/api/v1/itineraries/{data['id']}"
    for fmt in ("gpx", "geojson", "ics"):
        exported = client.get(f"{url}?format={fmt}", headers=header)
        assert exported.status_code == 200 and "Riverside" in exported.get_data(as_text=True)
    login(client, lan)
    page = client.get(f"/workspace/{data['id']}")
    assert page.status_code == 200 and "Riverside café (example)" in page.get_data(as_text=True)


def test_another_organisation_cannot_use_or_see_the_places(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests isolation: 404 on each place endpoint, unknown as a stop, absent from pages."""
    mine, theirs = users(ws_app, ("a-tours", "operator"), ("b-tours", "org-admin"))
    client = ws_app.test_client()
    owner, other = token(client, mine), token(client, theirs)
    made = _add(client, owner, HOTEL)
    assert client.get(f"/api/v1/places/{made['id']}", headers=other).status_code == 404
    assert client.delete(f"/api/v1/places/{made['id']}", headers=other).status_code == 404
    assert client.get("/api/v1/places", headers=other).get_json()["count"] == 0
    trip = {"start": "own-indochine-hotel", "start_date": "2026-03-03", "days": 1}
    planned = client.post("/api/v1/itineraries", json={"name": "x", "request": trip}, headers=other)
    assert planned.status_code in (400, 422) and "own-indochine-hotel" in planned.get_data(
        as_text=True
    )
    number = save_itinerary(ws_app, theirs, saved_snapshot)
    days = [[s["id"] for s in d["stops"]] for d in saved_snapshot["itinerary"]["days"]]
    edit = {"days": [{"stops": [*days[0], "own-indochine-hotel"]}, {"stops": days[1]}]}
    patched = client.patch(
        f"/api/v1/itineraries/{number}",
        json=edit,
        headers={**other, "If-Match": f'"itinerary-{number}-v1"'},
    )
    assert patched.status_code in (400, 422)
    login(client, theirs)
    for path in ("/workspace/places/", f"/workspace/{number}/edit"):
        assert "Indochine" not in client.get(path).get_data(as_text=True)
    still = client.get(f"/api/v1/places/{made['id']}", headers=owner).get_json()
    assert still["retired"] is False


def _plans(page: str) -> str:
    found = re.search(r'name="plans" value="([^"]+)"', page)
    assert found is not None
    return found.group(1).replace("&#34;", '"')


def test_the_page_adds_a_place_and_the_editor_offers_it(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests the page (CSRF, errors named) and the editor: add the café, sleep at the hotel."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    number = save_itinerary(ws_app, lan, saved_snapshot)
    client = ws_app.test_client()
    login(client, lan)
    page = client.get("/workspace/places/").get_data(as_text=True)
    form = {k: str(v) for k, v in HOTEL.items()}
    assert client.post("/workspace/places/", data=form).status_code == 400  # no CSRF
    bad = client.post("/workspace/places/", data={**form, "lat": "99", "csrf_token": csrf_of(page)})
    assert bad.status_code == 400 and "`lat` must be a number between" in bad.get_data(as_text=True)
    for place in (HOTEL, CAFE):
        data = {**{k: str(v) for k, v in place.items()}, "csrf_token": csrf_of(page)}
        assert client.post("/workspace/places/", data=data).status_code == 302
    listed = client.get("/workspace/places/").get_data(as_text=True)
    assert "own-indochine-hotel" in listed and "Riverside café (example)" in listed
    editor = client.get(f"/workspace/{number}/edit").get_data(as_text=True)
    assert '<option value="own-indochine-hotel">' in editor  # the nights: on the page
    offered = client.get("/workspace/editor-places.json").get_json()["places"]
    assert offered[:2] == [  # "Add a place" (fetched by the page's script): own places first
        ["own-indochine-hotel", "Indochine Hotel (example)"],
        ["own-riverside-cafe", "Riverside café (example)"],
    ]
    base = {"csrf_token": csrf_of(editor), "based_on": "1", "plans": _plans(editor)}
    listed_page = client.post(f"/workspace/{number}/edit", data={**base, "op": "places"})
    assert '<option value="own-riverside-cafe">' in listed_page.get_data(as_text=True)  # no JS
    added = client.post(
        f"/workspace/{number}/edit",
        data={**base, "op": "add", "add-site": "own-riverside-cafe", "add-day": "1"},
    ).get_data(as_text=True)
    assert "Riverside café (example)" in added
    night = client.post(
        f"/workspace/{number}/edit",
        data={
            **base,
            "plans": _plans(added),
            "op": "night",
            "night-day": "1",
            "night-site": "own-indochine-hotel",
        },
    ).get_data(as_text=True)
    assert "Night at Indochine Hotel (example)" in night
    saved = client.post(
        f"/workspace/{number}/edit", data={**base, "plans": _plans(night), "op": "save"}
    )
    assert saved.status_code == 302
    header = token(client, lan)
    stored = client.get(f"/api/v1/itineraries/{number}", headers=header).get_json()
    assert stored["days"][0]["overnight"] == "own-indochine-hotel"
    assert any("Indochine Hotel (example) is estimated" in w for w in stored["warnings"])


def test_editing_a_place_and_moving_it_flags_the_itineraries_using_it(ws_app: Flask) -> None:
    """Tests PATCH: a rename is no data change, a move is; the slug stays; bad fields named."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    client = ws_app.test_client()
    header = token(client, lan)
    _add(client, header, HOTEL)
    cafe = _add(client, header, CAFE)
    url = f"/api/v1/itineraries/{_trip_from_the_hotel(client, header)['id']}"
    assert client.get(url, headers=header).get_json()["data_changed"] is False
    place = f"/api/v1/places/{cafe['id']}"
    renamed = client.patch(place, json={"name": "Riverside café"}, headers=header)
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "Riverside café"
    assert renamed.get_json()["lat"] == CAFE["lat"]  # the fields not sent are kept
    assert client.get(url, headers=header).get_json()["data_changed"] is False
    bad = client.patch(place, json={"lat": 40.0}, headers=header)
    assert bad.status_code in (400, 422) and "`lat`, `lon` must lie" in bad.get_json()["detail"]
    slug = client.patch(place, json={"slug": "other"}, headers=header)
    assert slug.status_code in (400, 422) and "slug" in slug.get_data(as_text=True)
    moved = client.patch(place, json={"lat": 14.3452, "lon": 108.0101}, headers=header)
    assert moved.status_code == 200 and moved.get_json()["site_id"] == "own-riverside-cafe"
    stored = client.get(url, headers=header).get_json()
    assert stored["data_changed"] is True and stored["violations_on_current_data"] is not None
    back = client.patch(place, json={"lat": CAFE["lat"], "lon": CAFE["lon"]}, headers=header)
    assert back.status_code == 200
    assert client.get(url, headers=header).get_json()["data_changed"] is False


def test_the_place_page_edits_and_the_map_links_to_it(ws_app: Flask) -> None:
    """Tests the page: CSRF needed, errors named, saved; the itinerary map's popup links it."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    client = ws_app.test_client()
    header = token(client, lan)
    _add(client, header, HOTEL)
    _add(client, header, CAFE)
    url = f"/api/v1/itineraries/{_trip_from_the_hotel(client, header)['id']}"
    login(client, lan)
    listed = client.get("/workspace/places/").get_data(as_text=True)
    assert 'href="/workspace/places/riverside-cafe"' in listed
    page = client.get("/workspace/places/riverside-cafe").get_data(as_text=True)
    assert 'value="Riverside café (example)"' in page and 'name="slug"' not in page
    form = {**{k: str(v) for k, v in CAFE.items() if k != "slug"}, "lat": "14.3452"}
    assert client.post("/workspace/places/riverside-cafe", data=form).status_code == 400
    bad = client.post(
        "/workspace/places/riverside-cafe", data={**form, "lon": "x", "csrf_token": csrf_of(page)}
    )
    assert bad.status_code == 400 and "`lon` must be" in bad.get_data(as_text=True)
    saved = client.post(
        "/workspace/places/riverside-cafe", data={**form, "csrf_token": csrf_of(page)}
    )
    assert saved.status_code == 302
    row = client.get("/api/v1/places", headers=header).get_json()["places"]
    assert {p["slug"]: p["lat"] for p in row}["riverside-cafe"] == 14.3452
    shown = client.get(url.replace("/api/v1/itineraries", "/workspace")).get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="[^"]*map-data">(.*?)</script>', shown)
    assert found is not None
    urls = {m["label"]: m["url"] for m in json.loads(found.group(1))["markers"]}
    assert urls["Riverside café (example)"] == "/workspace/places/riverside-cafe"


def test_another_organisation_cannot_edit_a_place(ws_app: Flask) -> None:
    """Tests isolation of the new endpoints: PATCH, the page and its form answer 404."""
    mine, theirs = users(ws_app, ("a-tours", "operator"), ("b-tours", "org-admin"))
    client = ws_app.test_client()
    owner, other = token(client, mine), token(client, theirs)
    made = _add(client, owner, HOTEL)
    patched = client.patch(f"/api/v1/places/{made['id']}", json={"lat": 14.35}, headers=other)
    assert patched.status_code == 404
    login(client, theirs)
    assert client.get("/workspace/places/indochine-hotel").status_code == 404
    token_field = csrf_of(client.get("/workspace/places/").get_data(as_text=True))
    posted = client.post(
        "/workspace/places/indochine-hotel",
        data={
            "csrf_token": token_field,
            "name": "Mine now",
            "kind": "hotel",
            "lat": "14.35",
            "lon": "108.0",
        },
    )
    assert posted.status_code == 404 and "Indochine" not in posted.get_data(as_text=True)
    still = client.get(f"/api/v1/places/{made['id']}", headers=owner).get_json()
    assert still["name"] == HOTEL["name"] and still["lat"] == HOTEL["lat"]


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "There is no place 'abc'."), ("vi", "Không có địa điểm 'abc'.")],
)
def test_a_place_id_that_is_not_a_number_is_said_in_the_language(
    ws_app: Flask, lang: str, said: str
) -> None:
    """Tests that a malformed place id answers 404 with the reason in the page's language."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    client = ws_app.test_client()
    answer = client.get(f"/api/v1/places/abc?lang={lang}", headers=token(client, lan))
    assert answer.status_code == 404
    assert answer.get_json()["detail"] == said
