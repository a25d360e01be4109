"""Tests of the editor page's weight and of visit lengths kept through a re-optimisation.

The page carries no copy of the catalogue: "Add a place" fetches its places once from
``/workspace/editor-places.json`` (own places first, revalidated by ETag), and without
script a "Show every place" button asks for the page with the whole list. Each stop's
buttons are named through shared labels plus the stop's name.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from test_workspace_reoptimise import _api
from workspace_helpers import csrf_of, login, save_itinerary, statements, token, users

from tourlink.edit import visit_minutes
from tourlink.store.snapshot import itinerary_of


def _plans(page: str) -> str:
    found = re.search(r'name="plans" value="([^"]+)"', page)
    assert found is not None
    return found.group(1).replace("&#34;", '"')


def _editor(app: Flask, snapshot: dict[str, Any]) -> tuple[FlaskClient, Any, int, str]:
    (lan,) = users(app, ("mang-den-travel", "operator"))
    number = save_itinerary(app, lan, snapshot)
    client = app.test_client()
    login(client, lan)
    return client, lan, number, client.get(f"/workspace/{number}/edit").get_data(as_text=True)


def _lengths(stored: dict[str, Any]) -> dict[str, int]:
    trip = itinerary_of({"itinerary": stored})
    return {s.site: visit_minutes(d, s) for d in trip.days for s in d.stops}


def test_the_editor_page_is_light_and_names_every_control(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests no catalogue on the page, a small size, and each button named with its stop."""
    _client, _lan, _number, page = _editor(ws_app, saved_snapshot)
    stops = sum(len(d["stops"]) for d in saved_snapshot["itinerary"]["days"])
    offered = re.search(r'<select name="add-site"[^>]*>(.*?)</select>', page, re.S)
    assert offered is not None and offered.group(1).count("<option") == 1  # "Choose a place"
    assert len(page.encode()) < 14000 + 700 * stops, len(page.encode())
    labels = dict(re.findall(r'<span id="(l-[a-z]+)">([^<]+)</span>', page))
    assert labels["l-up"] == "Move up:" and labels["l-remove"] == "Remove:"
    names = dict(re.findall(r'<span id="(n\d+-\d+)">([^<]+)</span>', page))
    refs = re.findall(r'aria-labelledby="(l-[a-z]+) (n\d+-\d+)"', page)
    assert len(refs) == 4 * stops and all(a in labels and n in names for a, n in refs)


def test_the_places_list_is_fetched_once_and_revalidated(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests the list: login needed, names in the language, ETag then 304."""
    client, _lan, _number, page = _editor(ws_app, saved_snapshot)
    url = re.search(r'data-options="([^"]+)"', page).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    first = client.get(url)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "private, no-cache"
    places = dict(map(tuple, first.get_json()["places"]))
    assert places["kon-tum-wooden-church"] == "Kon Tum Wooden Church (Cathedral)"
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    vi = client.get("/workspace/editor-places.json?lang=vi").get_json()["places"]
    assert dict(map(tuple, vi))["kon-tum-wooden-church"] != places["kon-tum-wooden-church"]
    assert ws_app.test_client().get(url).status_code == 302  # logged out: to the log-in page


def test_without_script_the_whole_list_comes_on_request(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests the form path: show every place, add one, an empty choice named."""
    client, _lan, number, page = _editor(ws_app, saved_snapshot)
    form = {"csrf_token": csrf_of(page), "based_on": "1", "plans": _plans(page)}
    listed = client.post(f"/workspace/{number}/edit", data={**form, "op": "places"})
    text = listed.get_data(as_text=True)
    assert listed.status_code == 200 and '<option value="thac-pa-sy">' in text
    assert 'name="add-list" value="full"' in text
    moved = client.post(  # an unsaved edit first: the first visit of day 2 onto day 1
        f"/workspace/{number}/edit", data={**form, "op": "move:1:0", "to-1-0": "1"}
    ).get_data(as_text=True)
    edit = {**form, "plans": _plans(moved)}
    empty = client.post(
        f"/workspace/{number}/edit", data={**edit, "op": "add", "add-site": "", "add-list": "full"}
    )
    body = empty.get_data(as_text=True)
    assert empty.status_code == 400 and "`add-site` is empty" in body
    kept = [d["stops"] for d in json.loads(_plans(body))]
    assert kept == [d["stops"] for d in json.loads(_plans(moved))]  # the unsaved edit stays
    assert kept != [d["stops"] for d in json.loads(form["plans"])]
    assert '<option value="thac-pa-sy">' in body  # the list stays for the next choice
    added = client.post(
        f"/workspace/{number}/edit",
        data={**form, "op": "add", "add-site": "thac-pa-sy", "add-day": "1"},
    ).get_data(as_text=True)
    assert "thac-pa-sy" in json.loads(_plans(added))[0]["stops"]


def test_a_hand_set_length_survives_the_api_reoptimise(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests PATCH a visit to 100 minutes, re-optimise through the API: still 100 minutes."""
    client, header, url = _api(ws_app, saved_snapshot)
    number = int(url.rsplit("/", 1)[1])
    days = [[s["id"] for s in d["stops"]] for d in saved_snapshot["itinerary"]["days"]]
    site = days[1][0]
    assert _lengths(saved_snapshot["itinerary"])[site] != 100
    edited = [{"stops": days[0]}, {"stops": [{"id": site, "minutes": 100}, *days[1][1:]]}]
    patched = client.patch(
        url, json={"days": edited}, headers={**header, "If-Match": f'"itinerary-{number}-v1"'}
    )
    assert patched.status_code == 200, patched.get_data(as_text=True)
    response = client.post(
        f"{url}/reoptimise",
        json={"locked_stops": [site]},
        headers={**header, "If-Match": f'"itinerary-{number}-v2"'},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    stored = client.get(url, headers=header).get_json()
    assert stored["version"] == 3 and _lengths(stored)[site] == 100


def test_a_hand_set_length_survives_the_editor_reoptimise(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests the page: type 95 minutes, tick the stop's lock, re-optimise: 95 minutes kept."""
    client, lan, number, page = _editor(ws_app, saved_snapshot)
    site = json.loads(_plans(page))[1]["stops"][0]
    form = {
        "csrf_token": csrf_of(page),
        "based_on": "1",
        "plans": _plans(page),
        "minutes-1-0": "95",
        "lock-stop": site,
        "op": "reoptimise",
    }
    response = client.post(f"/workspace/{number}/edit", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    stored = client.get(f"/api/v1/itineraries/{number}", headers=token(client, lan)).get_json()
    assert stored["version"] == 2 and _lengths(stored)[site] == 95


def test_the_logged_in_workspace_pages_are_valid_html(
    ws_app: Flask, saved_snapshot: dict[str, Any], tmp_path: Any
) -> None:
    """Tests the Nu checker finds 0 errors on the editor (light, whole list) and places page."""
    import subprocess

    from test_html_valid import _checker

    command = _checker()
    client, _lan, number, page = _editor(ws_app, saved_snapshot)
    form = {"csrf_token": csrf_of(page), "based_on": "1", "plans": _plans(page)}
    pages = {
        "editor.html": page,
        "editor-list.html": client.post(
            f"/workspace/{number}/edit", data={**form, "op": "places"}
        ).get_data(as_text=True),
        "places.html": client.get("/workspace/places/").get_data(as_text=True),
        "itinerary.html": client.get(f"/workspace/{number}").get_data(as_text=True),
        "crammed.html": client.post(  # violations beside the stops
            f"/workspace/{number}/edit", data={**form, "op": "move:1:0", "to-1-0": "1"}
        ).get_data(as_text=True),
    }
    folder = tmp_path / "pages"  # beside the test's SQLite database
    folder.mkdir()
    for name, html in pages.items():
        (folder / name).write_text(html)
    run = subprocess.run([*command, str(folder)], capture_output=True, text=True, timeout=300)
    report = json.loads(run.stderr or '{"messages": []}')
    errors = [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in report["messages"]
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors)


def test_the_editor_page_reads_the_database_in_four_statements(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests the editor's reads: who (one query), the itinerary, its version, own places.

    Neither a session cookie nor a bearer token costs a write or a second query for the
    user's organisation, and the itinerary row is not read twice.
    """
    client, lan, number, _page = _editor(ws_app, saved_snapshot)
    url = f"/workspace/{number}/edit"
    assert statements(ws_app, lambda: client.get(url)) == ["SELECT"] * 4
    bearer = token(ws_app.test_client(), lan)
    api = ws_app.test_client()
    first = statements(ws_app, lambda: api.get(url, headers=bearer))  # the token's first use
    assert "COMMIT" in first
    assert statements(ws_app, lambda: api.get(url, headers=bearer)) == ["SELECT"] * 4


def test_each_violation_is_listed_beside_its_own_stop(saved_snapshot: dict[str, Any]) -> None:
    """Tests the editor's grouping of violations: by stop, else by day, else the trip's.

    A stop's are those of its site that day; a day's the rest of that day; the trip's
    have no day, or a day the itinerary does not have.
    """
    from tourlink_web.workspace.editor import _problems

    trip = itinerary_of(saved_snapshot)
    first, second = trip.days[0].stops[0].site, trip.days[0].stops[1].site
    found = [
        {"day": 0, "site": second, "message": "closed"},
        {"day": 0, "site": "somewhere-else", "message": "drive"},
        {"day": None, "site": None, "message": "budget"},
        {"day": 9, "site": first, "message": "no such day"},
    ]
    grouped = _problems(trip, found)
    assert grouped["stops"][0][1] == [found[0]] and grouped["stops"][0][0] == []
    assert grouped["days"][0] == [found[1]] and grouped["days"][1:] == [[]] * (len(trip.days) - 1)
    assert grouped["trip"] == [found[2], found[3]]
    assert all(v == [] for day in grouped["stops"][1:] for v in day)


def test_a_save_from_the_editor_re_times_the_days_once(
    ws_app: Flask, saved_snapshot: dict[str, Any], monkeypatch: Any
) -> None:
    """Tests that saving stores the edit the page just re-timed and checked (not a second)."""
    from tourlink_web.workspace import service

    client, _lan, number, page = _editor(ws_app, saved_snapshot)
    calls: list[int] = []
    real = service.edit_days

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "edit_days", counted)
    form = {"csrf_token": csrf_of(page), "plans": _plans(page), "based_on": "1"}
    saved = client.post(f"/workspace/{number}/edit", data={**form, "op": "save"})
    assert saved.status_code == 302 and len(calls) == 1
    shown = client.get(f"/workspace/{number}").get_data(as_text=True)
    assert "Version 2 of 2" in shown
