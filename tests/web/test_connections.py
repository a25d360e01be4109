"""Tests of the connection planner's API (GET /api/v1/connections) and its page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask.testing import FlaskClient
from test_browser import base_url, browser, page  # noqa: F401  (fixtures)

from tourlink.itinerary import Itinerary
from tourlink.planner.check import check_itinerary
from tourlink.read import load_network

ASK = "/api/v1/connections?from=da-nang&date=2026-03-02&days=8&to=pakse&zones=kon-tum-city"


def test_connections_api_ranks_checked_packages(client: FlaskClient) -> None:
    """Tests the API: ranked packages of shared tours, each itinerary clean for the checker."""
    response = client.get(ASK)
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["count"] == len(doc["packages"]) > 0 and "EXAMPLE DATA" in doc["note"]
    keys = [(p["days"], p["nights_in_transfer"], p["transfer_minutes"]) for p in doc["packages"]]
    assert keys == sorted(keys) and [p["rank"] for p in doc["packages"]] == list(
        range(1, len(keys) + 1)
    )
    for package in doc["packages"]:
        assert "kon-tum-city" in package["zones"]
        assert package["itinerary"]["days"][-1]["overnight"] == "pakse"
        assert "pakse-bolaven-coffee-day" not in [t["tour"] for t in package["tours"]]
        assert dt.date.fromisoformat(package["end"]) <= dt.date(2026, 3, 9)
        first = package["tours"][0]
        assert first["transfer"]["from"] == "da-nang"


def test_connections_api_packages_pass_the_checker(client: FlaskClient) -> None:
    """Tests that the itineraries behind the API's packages pass the independent checker."""
    from tourlink.connect import ConnectionQuery, search
    from tourlink_web.connections import timetable

    with client.application.app_context():
        table = timetable().visible_to(None)
    net = load_network()
    query = ConnectionQuery(
        "da-nang", dt.date(2026, 3, 2), 8, to="pakse", zones=frozenset({"kon-tum-city"})
    )
    found, _ = search(table, query, network=net)
    api = client.get(ASK).get_json()["packages"]
    assert [[t["departure"] for t in p["tours"]] for p in api] == [
        [d.id for _, d in p.steps] for p in found
    ]
    for package in found:
        assert isinstance(package.itinerary, Itinerary)
        assert check_itinerary(package.itinerary, network=net, must_visit=False) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=atlantis&date=2026-03-02&to=pakse", "from"),
        ("from=da-nang&date=2026-02-30&to=pakse", "date"),
        ("from=da-nang&date=2026-03-02&days=99&to=pakse", "days"),
        ("from=da-nang&date=2026-03-02&to=pakse&mode=boat", "mode"),
    ],
)
def test_connections_api_refuses_bad_queries(client: FlaskClient, query: str, field: str) -> None:
    """Tests that a bad parameter is a 400 problem naming the field."""
    response = client.get(f"/api/v1/connections?{query}")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert response.get_json()["field"] == field


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=da-nang&date=2026-03-02&zones=moon", "zones"),
        ("from=da-nang&date=2026-03-02", "to"),
    ],
)
def test_connections_api_refuses_documented_values_that_do_not_fit(
    client: FlaskClient, query: str, field: str
) -> None:
    """Tests that parameters the document allows but that do not fit are a 422 naming one."""
    response = client.get(f"/api/v1/connections?{query}")
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert response.get_json()["field"] == field


def test_connections_api_says_why_a_tour_is_not_offered(client: FlaskClient) -> None:
    """Tests ?why=: the unshared tour is explained as not offerable, in English."""
    doc = client.get(f"{ASK}&why=pakse-bolaven-coffee-day&lang=en").get_json()
    assert doc["why_not"] == [
        "pakse-bolaven-coffee-day is not a tour you may offer: it is unknown, or its operator "
        "does not share it."
    ]


def test_connections_in_the_openapi_document(client: FlaskClient) -> None:
    """Tests that the endpoint and its schemas are in the OpenAPI document."""
    doc = client.get("/api/v1/openapi.json").get_json()
    op = doc["paths"]["/api/v1/connections"]["get"]
    assert {p["name"] for p in op["parameters"]} >= {"from", "date", "days", "to", "zones"}
    assert {"Connections", "Package", "ConnectionTour"} <= set(doc["components"]["schemas"])


@pytest.mark.parametrize(("lang", "title"), [("vi", "Kết nối tour"), ("en", "Tour connections")])
def test_connections_page_in_both_languages(client: FlaskClient, lang: str, title: str) -> None:
    """Tests the page in Vietnamese and English, with the packages listed."""
    page_ = client.get(
        f"/connections/?from=da-nang&date=2026-03-02&days=8&to=pakse&zone=kon-tum-city&lang={lang}"
    )
    text = page_.get_data(as_text=True)
    assert page_.status_code == 200 and f"<h1>{title}</h1>" in text
    assert text.count('class="package"') == 5


@pytest.mark.browser
def test_connections_page_in_chromium(page: Any, base_url: str) -> None:  # noqa: F811
    """Tests the page in Chromium: fill the form, tick zones, see ranked packages."""
    page.goto(f"{base_url}/connections/?lang=en")
    page.select_option("#from", "da-nang")
    page.select_option("#to", "pakse")
    page.fill("#date", "2026-03-02")
    page.fill("#days", "8")
    page.check("input[name=zone][value=kon-tum-city]")
    page.click("button[type=submit]")
    page.wait_for_selector("li.package")
    assert page.locator("li.package").count() == 5
    assert "Package 1" in page.locator("li.package h2").first.inner_text()
    page.goto(f"{base_url}/connections/?from=da-nang&date=2026-03-02&days=1&to=pakse&lang=vi")
    assert page.locator("#no-package").inner_text() == (
        "Không có gói tour nào phù hợp với khoảng thời gian này."
    )


def test_what_can_start_the_next_day(client: FlaskClient) -> None:
    """Tests /connections/next: after the Tuesday city day, Wednesday's tours from Kon Tum."""
    doc = client.get(
        "/api/v1/connections/next?tour=kontum-heritage-city-day&date=2026-03-03"
    ).get_json()
    assert doc["after"]["end"] == "kon-tum-city-centre"
    assert doc["next"][0]["tour"] == "kontum-mangden-2-days"
    assert all(n["depart"].startswith("2026-03-04") for n in doc["next"])
    bad = client.get("/api/v1/connections/next?tour=kontum-bo-y-attapeu-pakse&date=2026-03-04")
    assert bad.status_code == 422 and bad.get_json()["field"] == "date"
    hidden = client.get("/api/v1/connections/next?tour=pakse-bolaven-coffee-day&date=2026-03-03")
    assert hidden.status_code == 422 and hidden.get_json()["field"] == "tour"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Măng Đen two days, one night is possible, but its best package takes 4 days"),
        ("vi", "Măng Đen 2 ngày 1 đêm có thể ghép được, nhưng gói tốt nhất có tour này kéo dài 4"),
    ],
)
def test_the_page_says_why_a_tour_is_not_offered(client: FlaskClient, lang: str, said: str) -> None:
    """Tests the page's 'why not' choice: every shared tour offered, the reason in the language.

    The tour is named in the page's language (its Vietnamese name on the Vietnamese page);
    without a choice no explanation is shown.
    """
    base = (
        f"/connections/?from=da-nang&date=2026-03-02&days=8&to=pakse&zone=kon-tum-city&lang={lang}"
    )
    plain = client.get(base).get_data(as_text=True)
    assert 'id="why-not"' not in plain
    assert '<option value="kontum-mangden-2-days" >' in plain
    assert 'value="pakse-bolaven-coffee-day"' not in plain  # not shared: not offered to choose
    text = client.get(f"{base}&why=kontum-mangden-2-days").get_data(as_text=True)
    section = text[text.index('id="why-not"') : text.index("</section>")]
    assert said in section
    assert '<option value="kontum-mangden-2-days" selected>' in text
    assert text.count('class="package"') == 5


@pytest.mark.parametrize(
    ("lang", "title", "ends"),
    [
        ("en", "What can start the day after a tour", "Kon Tum city discovery day ends at"),
        ("vi", "Tour nào có thể bắt đầu vào ngày sau khi một tour kết thúc", "kết thúc tại"),
    ],
)
def test_the_page_of_what_can_start_the_next_day(
    client: FlaskClient, lang: str, title: str, ends: str
) -> None:
    """Tests /connections/next/: the same tours as the API, in order; a bad date is said.

    Each tour of a package on the planner's page links to it with its departure date.
    """
    ask = "tour=kontum-heritage-city-day&date=2026-03-03"
    page_ = client.get(f"/connections/next/?{ask}&lang={lang}")
    text = page_.get_data(as_text=True)
    assert page_.status_code == 200 and f"<h1>{title}</h1>" in text and ends in text
    api = client.get(f"/api/v1/connections/next?{ask}").get_json()["next"]
    assert text.count('class="next-tour"') == len(api) > 0
    assert all(f"({n['operator']}): {n['depart'].replace('T', ' ')}" in text for n in api)
    wrong = client.get(
        f"/connections/next/?tour=kontum-bo-y-attapeu-pakse&date=2026-03-04&lang={lang}"
    )
    assert wrong.status_code == 200 and 'role="alert"' in wrong.get_data(as_text=True)
    planner = client.get(
        f"/connections/?from=da-nang&date=2026-03-02&days=8&to=pakse&zone=kon-tum-city&lang={lang}"
    ).get_data(as_text=True)
    assert "/connections/next/?tour=" in planner
