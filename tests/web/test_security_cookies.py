"""Tests of the language cookie's flags and of refusing cross-site requests made with cookies.

The cross-site tests log a real user in (SQLite; PostgreSQL too when configured) and send
the state-changing requests a hostile page could make the browser send: an empty-body POST
that creates a share link, and a JSON PATCH. Bearer-token calls and same-origin requests
go through.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from workspace_helpers import login, save_itinerary, token, users

from tourlink_web.i18n import COOKIE


def _cookie_header(response: Any) -> str:
    found = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{COOKIE}=")]
    assert len(found) == 1, response.headers
    return str(found[0])


def test_language_cookie_is_httponly_lax_and_not_secure_over_http(client: FlaskClient) -> None:
    """Tests the remembered language over plain HTTP: HttpOnly, SameSite=Lax, not Secure."""
    header = _cookie_header(client.get("/?lang=lo"))
    assert f"{COOKIE}=lo" in header and "HttpOnly" in header and "SameSite=Lax" in header
    assert "Secure" not in header


def test_language_cookie_is_secure_behind_tls(client: FlaskClient) -> None:
    """Tests the same cookie asked over HTTPS: it is also marked Secure."""
    header = _cookie_header(client.get("/?lang=vi", base_url="https://localhost"))
    assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header


@pytest.fixture
def saved(ws_app: Any, saved_snapshot: dict[str, Any]) -> tuple[Any, int]:
    """Return a logged-in operator's client and the number of their saved itinerary."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    number = save_itinerary(ws_app, lan, saved_snapshot)
    client = ws_app.test_client()
    login(client, lan)
    return (client, lan), number


HOSTILE = [
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "same-site", "Origin": "https://evil.localhost"},
    {"Origin": "https://evil.example"},  # a browser without Fetch metadata
]


@pytest.mark.parametrize("headers", HOSTILE)
def test_cross_site_requests_with_a_session_are_refused(
    saved: tuple[Any, int], headers: dict[str, str]
) -> None:
    """Tests that an empty-body POST and a JSON PATCH from another site are 403, not done."""
    (client, _lan), number = saved
    url = f"/api/v1/itineraries/{number}"
    before = client.get(f"{url}/share").get_json()
    made = client.post(f"{url}/share?lang=vi", headers=headers)
    assert made.status_code == 403
    problem = made.get_json()
    assert problem["message"]["code"] == "request.cross-site"
    assert problem["detail"].startswith("Yêu cầu này được gửi từ một trang web khác")
    assert client.get(f"{url}/share").get_json() == before
    patched = client.patch(url, json={"name": "stolen"}, headers={**headers, "If-Match": '"1"'})
    assert patched.status_code == 403
    assert client.get(url).get_json()["name"] != "stolen"


def test_same_origin_and_bearer_requests_go_through(saved: tuple[Any, int]) -> None:
    """Tests the requests that must work: same-origin with the session, and bearer tokens."""
    (client, lan), number = saved
    url = f"/api/v1/itineraries/{number}/share"
    same = client.post(url, json={}, headers={"Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 201, same.get_data(as_text=True)
    origin = client.post(url, json={}, headers={"Origin": "http://localhost"})
    assert origin.status_code == 201, origin.get_data(as_text=True)
    program = client.application.test_client()  # no cookies, a token: never refused
    bearer = {**token(program, lan), "Sec-Fetch-Site": "cross-site", "Origin": "https://x.example"}
    assert program.post(url, json={}, headers=bearer).status_code == 201
