"""Tests of the workspace pages: log in/out, lists, the itinerary, history, editor, sharing."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from workspace_helpers import csrf_of, login, save_itinerary, users

from tourlink.store.snapshot import itinerary_of


def _client(app: Flask, actor: Any) -> FlaskClient:
    client = app.test_client()
    login(client, actor)
    return client


def test_login_logout_and_redirect(ws_app: Flask) -> None:
    """Tests that pages need a login, a wrong password is refused, and logout ends it."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    client = ws_app.test_client()
    gone = client.get("/workspace/")
    assert gone.status_code == 302 and "/login?next=" in gone.headers["Location"]
    page = client.get("/login").get_data(as_text=True)
    wrong = client.post(
        "/login", data={"email": lan.email, "password": "wrong", "csrf_token": csrf_of(page)}
    )
    assert wrong.status_code == 401 and "wrong" in wrong.get_data(as_text=True)
    no_csrf = client.post("/login", data={"email": lan.email, "password": "x"})
    assert no_csrf.status_code == 400
    login(client, lan)
    cookie = next(c for c in client._cookies.values() if c.key == "session")
    assert cookie.http_only and cookie.same_site == "Lax"
    listing = client.get("/workspace/")
    assert listing.status_code == 200 and lan.org_name in listing.get_data(as_text=True)
    token = csrf_of(listing.get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/workspace/").status_code == 302


def test_list_filters_and_flags(ws_app: Flask, saved_snapshot: dict[str, Any]) -> None:
    """Tests that the list finds by customer and flags itineraries saved with violations."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    flagged = {
        **saved_snapshot,
        "violations": [{"kind": "hours", "day": 0, "site": "x", "message": "m"}],
    }
    save_itinerary(ws_app, lan, saved_snapshot, name="Clean trip", customer="Ms Lan")
    save_itinerary(ws_app, lan, flagged, name="Broken trip", customer="Mr Minh")
    client = _client(ws_app, lan)
    everything = client.get("/workspace/").get_data(as_text=True)
    assert "Clean trip" in everything and "Broken trip" in everything
    assert re.search(r'class="flagged">\s*<td><a [^>]*>Broken trip', everything)
    by_customer = client.get("/workspace/?customer=lan").get_data(as_text=True)
    assert "Clean trip" in by_customer and "Broken trip" not in by_customer
    with_problems = client.get("/workspace/?violations=yes").get_data(as_text=True)
    assert "Broken trip" in with_problems and "Clean trip" not in with_problems


def test_editor_reorder_shows_violation_and_saves_version_2(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests the editor: cramming day 2 into day 1 shows violations; saving makes v2, flagged."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    number = save_itinerary(ws_app, lan, saved_snapshot)
    client = _client(ws_app, lan)
    page = client.get(f"/workspace/{number}/edit").get_data(as_text=True)
    assert "No problem found by the checker." in page
    form = {
        "csrf_token": csrf_of(page),
        "plans": re.search(r'name="plans" value="([^"]+)"', page).group(1).replace("&#34;", '"'),
        "based_on": "1",
    }
    plans = json.loads(form["plans"])
    moves = len(plans[1]["stops"])
    for _ in range(moves):  # move every stop of day 2 to day 1, by its button
        page = client.post(
            f"/workspace/{number}/edit", data={**form, "op": "move:1:0", "to-1-0": "1"}
        ).get_data(as_text=True)
        form["plans"] = (
            re.search(r'name="plans" value="([^"]+)"', page).group(1).replace("&#34;", '"')
        )
    assert 'class="violation"' in page and "after the day ends" in page
    saved = client.post(
        f"/workspace/{number}/edit", data={**form, "op": "save", "summary": "all on day 1"}
    )
    assert saved.status_code == 302
    shown = client.get(f"/workspace/{number}").get_data(as_text=True)
    assert "Version 2 of 2" in shown and "Saved with" in shown
    history = client.get(f"/workspace/{number}/history").get_data(as_text=True)
    assert "all on day 1" in history and "v1" in history
    compare = client.get(f"/workspace/{number}/compare?a=1&b=2").get_data(as_text=True)
    assert "Moved" in compare
    restore = client.post(
        f"/workspace/{number}/restore",
        data={"csrf_token": csrf_of(history), "number": "1", "based_on": "2"},
    )
    assert restore.status_code == 302
    assert "Version 3 of 3" in client.get(f"/workspace/{number}").get_data(as_text=True)
    stale = client.post(
        f"/workspace/{number}/restore",
        data={"csrf_token": csrf_of(history), "number": "1", "based_on": "2"},
    )
    assert stale.status_code == 409 and "version 3 is the newest" in stale.get_data(as_text=True)


def test_share_page_without_login(ws_app: Flask, saved_snapshot: dict[str, Any]) -> None:
    """Tests that a share link made on the page opens without login, notes hidden, A4 print."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    number = save_itinerary(ws_app, lan, saved_snapshot, notes="INTERNAL-ONLY", customer="Ms Lan")
    client = _client(ws_app, lan)
    page = client.get(f"/workspace/{number}/share").get_data(as_text=True)
    made = client.post(
        f"/workspace/{number}/share",
        data={"csrf_token": csrf_of(page), "days": "7", "version": "1"},
    ).get_data(as_text=True)
    url = re.search(r'id="share-url" href="([^"]+)"', made).group(1)
    public = ws_app.test_client()
    shared = public.get(url)
    text = shared.get_data(as_text=True)
    assert shared.status_code == 200 and "INTERNAL-ONLY" not in text and "Ms Lan" not in text
    assert shared.headers["Cache-Control"] == "private, no-store"
    assert public.get(url + "/print").status_code == 200
    ics = public.get(url + "/export?format=ics")
    assert ics.status_code == 200 and b"BEGIN:VCALENDAR" in ics.data
    first = saved_snapshot["itinerary"]["days"][0]["stops"][0]["id"]
    assert f'/sites/{first}"' in text and len(itinerary_of(saved_snapshot).visited) >= 1


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "This share link is unknown, has expired or was revoked."),
        ("vi", "Liên kết chia sẻ này không tồn tại, đã hết hạn hoặc đã bị thu hồi."),
        ("lo", "ລິ້ງແບ່ງປັນນີ້ບໍ່ມີຢູ່, ໝົດອາຍຸແລ້ວ ຫຼື ຖືກຖອນແລ້ວ."),
    ],
)
def test_an_unknown_share_link_is_a_404_in_the_reader_language(
    ws_app: Flask, lang: str, said: str
) -> None:
    """Tests that a dead share link says so in the reader's language, not in English."""
    shared = ws_app.test_client().get(f"/share/s_not-a-real-share-token?lang={lang}")
    assert shared.status_code == 404 and said in shared.get_data(as_text=True)


PAGES = [
    ("GET", "/workspace/{id}"),
    ("GET", "/workspace/{id}/print"),
    ("GET", "/workspace/{id}/export?format=gpx"),
    ("GET", "/workspace/{id}/history"),
    ("GET", "/workspace/{id}/compare?a=1&b=1"),
    ("GET", "/workspace/{id}/edit"),
    ("POST", "/workspace/{id}/edit"),
    ("GET", "/workspace/{id}/share"),
    ("POST", "/workspace/{id}/share"),
    ("POST", "/workspace/{id}/share/1/revoke"),
    ("POST", "/workspace/{id}/restore"),
    ("POST", "/workspace/{id}/duplicate"),
]


@pytest.mark.parametrize(("method", "path"), PAGES, ids=[f"{m} {p}" for m, p in PAGES])
def test_another_organisation_gets_404_on_every_page(
    ws_app: Flask, saved_snapshot: dict[str, Any], method: str, path: str
) -> None:
    """Tests that each page answers 404 for another organisation's itinerary."""
    mine, theirs = users(ws_app, ("a-tours", "operator"), ("b-tours", "operator"))
    number = save_itinerary(ws_app, mine, saved_snapshot, name="A's secret trip")
    client = _client(ws_app, theirs)
    token = csrf_of(client.get("/workspace/").get_data(as_text=True))
    data = {"csrf_token": token, "number": "1", "based_on": "1", "plans": "[]", "op": "check"}
    response = client.open(
        path.format(id=number), method=method, data=data if method == "POST" else None
    )
    assert response.status_code == 404
    assert "A's secret trip" not in response.get_data(as_text=True)
    assert "A&#39;s secret trip" not in client.get("/workspace/").get_data(as_text=True)
