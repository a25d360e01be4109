"""Tests of saving a planned connection as a package in the workspace (issue 11 §5).

A logged-in operator's `/connections/` page offers, per package, a form (CSRF) that saves
it as an itinerary of their organisation; it is then listed in the workspace with each
operator's part in its notes. A search that no longer gives the package is refused by
name; logged out, the form is not offered.
"""

from __future__ import annotations

import re

from flask import Flask
from workspace_helpers import csrf_of, login, token, users

PAGE = "/connections/?from=da-nang&date=2026-03-02&days=8&to=pakse&zone=kon-tum-city&lang=en"


_FIELD = r'name="([^"]+)"[^>]*value="([^"]*)"'


def _forms(page: str) -> list[dict[str, str]]:
    forms = re.findall(r'<form method="post" action="/connections/save".*?</form>', page, re.S)
    return [
        {
            k: v.replace("&amp;", "&")
            for k, v in re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', f)
        }
        for f in forms
    ]


def test_an_operator_saves_a_package_and_finds_it_in_the_workspace(ws_app: Flask) -> None:
    """Tests the form: CSRF needed, saved as an itinerary, listed, each operator's part noted."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    client = ws_app.test_client()
    assert "/connections/save" not in client.get(PAGE).get_data(as_text=True)  # logged out
    login(client, lan)
    page = client.get(PAGE).get_data(as_text=True)
    forms = _forms(page)
    assert forms and forms[0]["rank"] == "1" and forms[0]["departures"]
    form = {**forms[0], "name": "Đà Nẵng to Pakse for Ms Lan"}
    assert client.post("/connections/save", data={**form, "csrf_token": ""}).status_code == 400
    saved = client.post("/connections/save", data=form)
    assert saved.status_code == 302 and re.search(r"/workspace/\d+$", saved.headers["Location"])
    listed = client.get("/workspace/").get_data(as_text=True)
    assert "Đà Nẵng to Pakse for Ms Lan" in listed
    number = saved.headers["Location"].rsplit("/", 1)[1]
    stored = client.get(f"/api/v1/itineraries/{number}", headers=token(client, lan)).get_json()
    assert stored["notes"].startswith("Connection package, by operator:")
    shown = client.get(f"/workspace/{number}?lang=en").get_data(as_text=True)
    operators = {d["operator"] for d in stored["days"] if d.get("part") == "tour"}
    assert operators and all(f"run by {o}</p>" in shown for o in operators)
    assert shown.count('class="meta part"') == len(stored["days"])
    first = forms[0]["departures"].split(",")[0]
    assert stored["days"][0]["date"] >= "2026-03-02" and first
    header = token(client, lan)
    for fmt, kind in (("gpx", "application/gpx+xml"), ("ics", "text/calendar")):
        exported = client.get(f"/api/v1/itineraries/{number}?format={fmt}", headers=header)
        assert exported.status_code == 200 and exported.mimetype == kind, fmt
    ics = client.get(f"/api/v1/itineraries/{number}?format=ics", headers=header)
    assert ics.get_data(as_text=True).count("BEGIN:VEVENT") >= len(stored["days"])


def test_a_package_the_search_no_longer_gives_is_refused_by_name(ws_app: Flask) -> None:
    """Tests a stale or made-up package: 400 naming `departures`, nothing saved."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    client = ws_app.test_client()
    login(client, lan)
    page = client.get(PAGE).get_data(as_text=True)
    form = {**_forms(page)[0], "name": "x", "departures": "no-such-tour@2026-03-02"}
    refused = client.post("/connections/save", data=form)
    assert refused.status_code == 400 and "`departures`" in refused.get_data(as_text=True)
    empty = client.post("/connections/save", data={**_forms(page)[0], "name": " "})
    assert empty.status_code == 400 and "`name` must be 1 to 200" in empty.get_data(as_text=True)
    listed = client.get("/api/v1/itineraries", headers=token(client, lan)).get_json()
    assert listed["count"] == 0


def test_saving_needs_a_login(ws_app: Flask) -> None:
    """Tests that a logged-out post is sent to the log-in page and saves nothing."""
    client = ws_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    posted = client.post(
        "/connections/save",
        data={"csrf_token": csrf_of(page), "name": "x", "query": "from=da-nang", "rank": "1"},
    )
    assert posted.status_code == 302 and "/login" in posted.headers["Location"]


def test_a_replanned_package_is_saved_as_the_next_version_or_refused(ws_app: Flask) -> None:
    """Tests saving into an itinerary saved before: version 2; a stale page gets 409, no loss.

    The page offers each itinerary first saved from the planner with the version it shows;
    a form based on a version older than the newest is refused with the conflict page and
    writes nothing, and the versions already saved keep their packages.
    """
    lan, minh = users(ws_app, ("mang-den-travel", "operator"), ("mang-den-travel", "operator"))
    client = ws_app.test_client()
    login(client, lan)
    forms = _forms(client.get(PAGE).get_data(as_text=True))
    assert "into" not in forms[0]  # nothing saved yet: no choice offered
    saved = client.post("/connections/save", data={**forms[0], "name": "Lan"})
    number = saved.headers["Location"].rsplit("/", 1)[1]
    page = client.get(PAGE).get_data(as_text=True)
    assert f'<option value="{number}@1">' in page
    second = {**_forms(page)[1], "name": "Lan, re-planned", "into": f"{number}@1"}
    stale = {**_forms(page)[2], "name": "Minh's change", "into": f"{number}@1"}
    moved = client.post("/connections/save", data=second)
    assert moved.status_code == 302 and moved.headers["Location"].endswith(f"/{number}")
    other = ws_app.test_client()
    login(other, minh)
    refused = other.post(
        "/connections/save",
        data={**stale, "csrf_token": csrf_of(other.get(PAGE).get_data(as_text=True))},
    )
    body = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "Nothing was overwritten" in body
    stored = client.get(f"/api/v1/itineraries/{number}/versions", headers=token(client, lan))
    names = [v["name"] for v in stored.get_json()["versions"]]
    assert names == ["Lan, re-planned", "Lan"]
    bad = client.post("/connections/save", data={**second, "into": "12"})
    assert bad.status_code == 400 and "`into`" in bad.get_data(as_text=True)
