"""Tests of an operator's tours and departures on the web, and the planner reading them.

Each test builds the application on a fresh database of each engine; operators of two
organisations and an office editor log in through the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from databases import make_actor
from flask import Flask
from flask.testing import FlaskClient
from workspace_helpers import csrf_of, login

from tourlink.store import make_sessions
from tourlink_web.database import engine

#: A real one-day tour: the published Kon Tum city walk, three weekdays, dry and rainy.
CITY_TOUR = {
    "slug": "city-walk",
    "source": "route:kon-tum-city-day",
    "depart": "07:30",
    "arrive": "17:00",
    "weekdays": ["mon", "wed", "fri"],
    "seasons": ["dry", "rainy"],
    "seats": "12",
    "price_from": "38.50",
    "languages": ["vi", "en"],
    "shared": "1",
}


@pytest.fixture
def people(ws_app: Flask) -> Iterator[dict[str, FlaskClient]]:
    """Return logged-in clients: two operators of two organisations, an office editor."""
    with ws_app.app_context(), make_sessions(engine())() as session:
        specs = {
            "lan": ("mang-den-travel", "operator", "operator"),
            "minh": ("kon-tum-tours", "operator", "operator"),
            "hoa": ("kon-tum-office", "office-editor", "office"),
        }
        actors = {k: make_actor(session, o, role=r, kind=kd) for k, (o, r, kd) in specs.items()}
    clients = {}
    for name, actor in actors.items():
        clients[name] = ws_app.test_client()
        login(clients[name], actor)
    clients["public"] = ws_app.test_client()
    yield clients


def _post(client: FlaskClient, path: str, data: dict[str, Any]) -> Any:
    token = csrf_of(client.get("/workspace/tours/new").get_data(as_text=True))
    return client.post(path, data={**data, "csrf_token": token})


def _enter(client: FlaskClient, **changes: Any) -> Any:
    return _post(client, "/workspace/tours/new", {**CITY_TOUR, **changes})


def test_operator_enters_a_tour_and_only_it_sees_and_edits_it(
    people: dict[str, FlaskClient],
) -> None:
    """Tests entering a tour; another organisation gets 404 on every page of it."""
    lan, minh = people["lan"], people["minh"]
    assert _enter(lan).status_code == 302
    listing = lan.get("/workspace/tours/").get_data(as_text=True)
    assert "city-walk" in listing and "mon, wed, fri" in listing
    tour_id = re.search(r'href="/workspace/tours/(\d+)"', listing).group(1)  # type: ignore[union-attr]
    assert "city-walk" not in minh.get("/workspace/tours/").get_data(as_text=True)
    assert minh.get(f"/workspace/tours/{tour_id}").status_code == 404
    edit = {**CITY_TOUR, "seats": "99", "based_on": "1"}
    assert _post(minh, f"/workspace/tours/{tour_id}", edit).status_code == 404
    assert _post(minh, f"/workspace/tours/{tour_id}/delete", {}).status_code == 404
    assert _post(lan, f"/workspace/tours/{tour_id}", edit).status_code == 302
    assert ">99<" in lan.get("/workspace/tours/").get_data(as_text=True)
    stale = _post(lan, f"/workspace/tours/{tour_id}", {**edit, "seats": "7"})
    assert stale.status_code == 409 and "Nothing was overwritten" in stale.get_data(as_text=True)
    assert _post(lan, f"/workspace/tours/{tour_id}/delete", {}).status_code == 302
    assert "city-walk" not in lan.get("/workspace/tours/").get_data(as_text=True)


def test_office_and_public_enter_no_tour(people: dict[str, FlaskClient]) -> None:
    """Tests that the office's editor gets 403 and a visitor the log-in page."""
    assert people["hoa"].get("/workspace/tours/").status_code == 403
    response = people["public"].get("/workspace/tours/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"seats": "0"}, "`seats` must be a whole number between 1 and 500"),
        ({"source": "route:atlantis"}, "expected a published route id"),
        ({"depart": "7h30"}, "depart = '7h30': expected a local time HH:MM"),
        ({"price_from": "cheap"}, "expected a decimal amount per person"),
        ({"price_from": "NaN"}, "price_from = 'NaN': expected a decimal amount per person, 0 or"),
        ({"price_from": "-5"}, "price_from = '-5': expected a decimal amount per person, 0 or"),
        ({"weekdays": [], "dates": ""}, "`weekdays` or `dates` must give at least one"),
        ({"slug": "City Walk"}, "`slug` must be 2 to 60 lower-case letters"),
    ],
)
def test_bad_tours_are_refused_naming_the_field(
    people: dict[str, FlaskClient], change: dict[str, Any], said: str
) -> None:
    """Tests that a bad field is a 400 page saying which, and what was expected."""
    response = _enter(people["lan"], **change)
    text = response.get_data(as_text=True).replace("&#39;", "'").replace("&#x27;", "'")
    assert response.status_code == 400 and said in text
    assert "No tours entered yet." in people["lan"].get("/workspace/tours/").get_data(as_text=True)


def test_planner_reads_the_stored_departures(people: dict[str, FlaskClient]) -> None:
    """Tests that the planner uses stored tours (not the example) once any is stored.

    An unshared tour is offered to its own operator only.
    """
    ask = "/api/v1/connections?from=kon-tum-city-centre&date=2026-03-02&days=3&zones=kon-tum-city"
    before = people["public"].get(ask).get_json()
    assert "EXAMPLE DATA" in before["note"]
    assert _enter(people["lan"], shared="").status_code == 302
    assert _enter(people["minh"], slug="walk-too", weekdays=["tue"]).status_code == 302
    public = people["public"].get(ask).get_json()
    assert "EXAMPLE DATA" not in public["note"]
    offered = {t["tour"] for p in public["packages"] for t in p["tours"]}
    assert offered == {"kon-tum-tours.walk-too"}
    own = people["lan"].get(ask).get_json()
    mine = {t["tour"] for p in own["packages"] for t in p["tours"]}
    assert "mang-den-travel.city-walk" in mine
    for package in own["packages"]:
        for tour in package["tours"]:
            day = tour["depart"][:10]
            assert (tour["tour"], day) in {
                ("mang-den-travel.city-walk", "2026-03-02"),
                ("mang-den-travel.city-walk", "2026-03-04"),
                ("kon-tum-tours.walk-too", "2026-03-03"),
            }


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("vi", "depart = '7h30': cần một giờ địa phương dạng HH:MM"),
        ("lo", "depart = '7h30': ຕ້ອງເປັນ ເວລາທ້ອງຖິ່ນແບບ HH:MM"),
    ],
)
def test_bad_tour_time_is_said_in_the_page_language(
    people: dict[str, FlaskClient], lang: str, said: str
) -> None:
    """Tests a departure time the timetable refuses, on a Vietnamese and a Lao page."""
    people["lan"].get(f"/workspace/tours/new?lang={lang}")
    response = _enter(people["lan"], depart="7h30")
    text = response.get_data(as_text=True).replace("&#39;", "'").replace("&#x27;", "'")
    assert response.status_code == 400 and said in text
    assert "a local time HH:MM" not in text
