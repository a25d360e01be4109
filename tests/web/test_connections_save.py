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
    first = forms[0]["departures"].split(",")[0]
    assert stored["days"][0]["date"] >= "2026-03-02" and first


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
