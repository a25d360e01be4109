"""Tests of locking and re-optimising a saved itinerary, through the API and the editor.

Each re-optimisation is saved as a new version under optimistic locking; the locked days
keep their visits, order and night, the locked stops their day; the stored result is
re-verified by the independent checker; another organisation gets 404; the form needs
its CSRF token.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from workspace_helpers import csrf_of, login, save_itinerary, token, users

from tourlink.itinerary import Itinerary
from tourlink.planner.check import check_itinerary
from tourlink.store.snapshot import itinerary_of


def _days(snapshot: dict[str, Any]) -> list[list[str]]:
    return [[s["id"] for s in d["stops"]] for d in snapshot["itinerary"]["days"]]


def _checked(app: Flask, itinerary: Itinerary) -> list[Any]:
    with app.app_context():
        from tourlink_web.state import current

        return check_itinerary(itinerary, network=current().network)


def _api(app: Flask, snapshot: dict[str, Any]) -> tuple[FlaskClient, dict[str, str], str]:
    (lan,) = users(app, ("mang-den-travel", "operator"))
    number = save_itinerary(app, lan, snapshot)
    client = app.test_client()
    return client, token(client, lan), f"/api/v1/itineraries/{number}"


def test_locked_day_and_stop_stay_and_the_rest_is_replanned(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests that day 1 and a day-2 stop are kept while a removed site leaves day 2."""
    client, header, url = _api(ws_app, saved_snapshot)
    before = _days(saved_snapshot)
    assert len(before[1]) >= 2, "the fixture trip needs two visits on day 2"
    kept, gone = before[1][0], before[1][-1]
    body = {"locked_days": [1], "locked_stops": [kept], "remove": [gone]}
    response = client.post(
        f"{url}/reoptimise", json=body, headers={**header, "If-Match": '"itinerary-1-v1"'}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    data = response.get_json()
    assert data["version"] == 2 and response.headers["ETag"].endswith('-v2"')
    after = [[s["id"] for s in d["stops"]] for d in data["days"]]
    assert after[0] == before[0]  # the locked day, exactly
    assert data["days"][0]["overnight"] == saved_snapshot["itinerary"]["days"][0]["overnight"]
    assert kept in after[1] and gone not in after[0] + after[1]
    assert {"kind": "removed", "site": gone} in [
        {"kind": c["kind"], "site": c["site"]} for c in data["changes"]
    ]
    stored = client.get(url, headers=header).get_json()
    assert stored["version"] == 2 and stored["violations"] == []
    assert _checked(ws_app, itinerary_of({"itinerary": stored})) == []  # re-verified
    history = client.get(f"{url}/versions", headers=header).get_json()
    assert history["versions"][0]["summary"].startswith("re-optimised, locked: day 1")


def test_reoptimise_needs_the_newest_version(ws_app: Flask, saved_snapshot: dict[str, Any]) -> None:
    """Tests If-Match: missing is 428, stale is 409 and writes nothing."""
    client, header, url = _api(ws_app, saved_snapshot)
    etag = client.get(url, headers=header).headers["ETag"]
    assert client.post(f"{url}/reoptimise", json={}, headers=header).status_code == 428
    renamed = client.patch(url, json={"name": "v2"}, headers={**header, "If-Match": etag})
    assert renamed.status_code == 200
    stale = client.post(
        f"{url}/reoptimise", json={"locked_days": [1]}, headers={**header, "If-Match": etag}
    )
    assert stale.status_code == 409 and stale.get_json()["current_version"] == 2
    assert client.get(url, headers=header).get_json()["version"] == 2


@pytest.mark.parametrize(
    ("body", "field", "said"),
    [
        ({"locked_days": [3]}, "locked_days", "day numbers from 1 to 2, got 3"),
        ({"locked_stops": ["no-such-site"]}, "locked_stops", "no-such-site"),
        ({"locked_days": [0]}, "locked_days", "0"),
    ],
)
def test_bad_locks_are_refused_naming_the_field(
    ws_app: Flask, saved_snapshot: dict[str, Any], body: dict[str, Any], field: str, said: str
) -> None:
    """Tests that a lock on a day or a site that does not exist is refused, naming it."""
    client, header, url = _api(ws_app, saved_snapshot)
    response = client.post(
        f"{url}/reoptimise", json=body, headers={**header, "If-Match": '"itinerary-1-v1"'}
    )
    assert response.status_code in (400, 422)
    problem = response.get_json()
    assert field in json.dumps(problem) and said in json.dumps(problem)
    assert client.get(url, headers=header).get_json()["version"] == 1


def test_a_lock_the_planner_cannot_keep_is_refused(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests that a locked day broken by hand (all visits on it) is refused, not changed."""
    client, header, url = _api(ws_app, saved_snapshot)
    days = _days(saved_snapshot)
    crammed = [{"stops": days[0] + days[1]}, {"stops": []}]
    response = client.post(
        f"{url}/reoptimise",
        json={"days": crammed, "locked_days": [1]},
        headers={**header, "If-Match": '"itinerary-1-v1"'},
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    problem = response.get_json()
    assert "could not keep these locks exactly: day 1" in problem["detail"]
    assert problem["message"]["code"] == "reoptimise.locks-not-kept"
    (lock,) = problem["message"]["params"]["locks"]
    assert lock["code"] == "reoptimise.lock-day-visits" and lock["params"]["day"] == 1
    named = [ref["id"] for ref in lock["params"]["sites"]]
    assert named == days[0] + days[1]  # each place of the locked day, as a reference
    assert days[0][0] not in problem["detail"]  # places are named, not shown by their ids
    assert client.get(url, headers=header).get_json()["version"] == 1


def test_another_organisation_cannot_reoptimise(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests that the API and the editor answer 404 to another organisation."""
    mine, theirs = users(ws_app, ("a-tours", "operator"), ("b-tours", "org-admin"))
    number = save_itinerary(ws_app, mine, saved_snapshot, name="A's secret trip")
    client = ws_app.test_client()
    header = {**token(client, theirs), "If-Match": f'"itinerary-{number}-v1"'}
    api = client.post(f"/api/v1/itineraries/{number}/reoptimise", json={}, headers=header)
    assert api.status_code == 404
    login(client, theirs)
    form = {
        "csrf_token": csrf_of(client.get("/workspace/").get_data(as_text=True)),
        "based_on": "1",
        "plans": "[]",
        "op": "reoptimise",
        "lock-day": "0",
    }
    page = client.post(f"/workspace/{number}/edit", data=form)
    assert page.status_code == 404 and "secret" not in page.get_data(as_text=True)
    owner = token(client, mine)
    assert client.get(f"/api/v1/itineraries/{number}", headers=owner).get_json()["version"] == 1


def _plans(page: str) -> str:
    found = re.search(r'name="plans" value="([^"]+)"', page)
    assert found is not None
    return found.group(1).replace("&#34;", '"')


def test_editor_locks_reoptimises_and_shows_what_changed(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests the editor's button: CSRF needed, day 1 kept, v2 saved, the changes listed."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    number = save_itinerary(ws_app, lan, saved_snapshot)
    client = ws_app.test_client()
    login(client, lan)
    page = client.get(f"/workspace/{number}/edit").get_data(as_text=True)
    assert 'name="lock-day" value="0"' in page and 'value="reoptimise"' in page
    days = _days(saved_snapshot)
    form = {"plans": _plans(page), "based_on": "1", "op": "reoptimise", "lock-day": "0"}
    assert client.post(f"/workspace/{number}/edit", data=form).status_code == 400  # no CSRF
    form["csrf_token"] = csrf_of(page)
    plans = json.loads(form["plans"])
    plans[1]["stops"] = plans[1]["stops"][:-1]  # a hand edit first: drop day 2's last visit
    form["plans"] = json.dumps(plans)
    response = client.post(f"/workspace/{number}/edit", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "since=1" in response.headers["Location"]
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "what changed since version 1" in shown
    # the planner may put the dropped visit back: then nothing changed since version 1
    assert 'class="changes"' in shown or "visit the same places at the same times" in shown
    assert 'name="lock-day" value="0" checked' in shown  # the lock is still ticked
    header = token(client, lan)
    stored = client.get(f"/api/v1/itineraries/{number}", headers=header).get_json()
    assert stored["version"] == 2 and _days({"itinerary": stored})[0] == days[0]
    assert stored["edited"] is True
    assert _checked(ws_app, itinerary_of({"itinerary": stored})) == []
