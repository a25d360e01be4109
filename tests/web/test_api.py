"""Tests of the JSON API: answers, exports checked against their formats, problem details."""

from __future__ import annotations

import json
from typing import Any

import icalendar
import pytest
from conftest import SCHEMAS, TRIP, need_shared
from flask.testing import FlaskClient
from rfc7946 import assert_rfc7946

PROBLEM = "application/problem+json"


def assert_problem(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    """Assert ``response`` is an RFC 9457 problem with ``status`` naming ``field``."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body: dict[str, Any] = response.get_json(force=True)
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status
    if field is not None:
        assert body["field"] == field
        assert body["invalid-params"][0]["name"] == field
    return body


@pytest.fixture(scope="module")
def gpx_schema() -> Any:
    """Return the GPX 1.1 XML schema from ../shared (skip where absent, unless CI)."""
    import xmlschema

    return xmlschema.XMLSchema(str(need_shared(SCHEMAS / "gpx" / "gpx.xsd")))


def test_sites_list_and_filters(client: FlaskClient) -> None:
    """Tests that /sites lists sites and that q works without diacritics."""
    everything = client.get("/api/v1/sites").get_json()
    assert everything["count"] == len(everything["sites"]) > 50
    found = client.get("/api/v1/sites?q=mang%20den").get_json()
    ids = {s["id"] for s in found["sites"]}
    assert "mang-den-town" in ids and "kon-tum-wooden-church" not in ids
    laos = client.get("/api/v1/sites?country=LA&kind=town").get_json()["sites"]
    assert laos and all(s["country"] == "LA" and s["kind"] == "town" for s in laos)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("zone=atlantis", "zone"),
        ("category=", "category"),
        ("country=FR", "country"),
        ("kind=castle", "kind"),
        ("q=" + "x" * 101, "q"),
    ],
)
def test_sites_bad_filters(client: FlaskClient, query: str, field: str) -> None:
    """Tests that a bad filter is a 400 problem naming it."""
    assert_problem(client.get(f"/api/v1/sites?{query}"), 400, field)


def test_site_detail_and_unknown(client: FlaskClient) -> None:
    """Tests one site's detail and the 404 problem with a suggestion for an unknown id."""
    site = client.get("/api/v1/sites/thac-pa-sy").get_json()
    assert site["zone"] == "mang-den" and site["opening_hours_text"]["vi"]
    assert all(n["km"] <= 30 for n in site["nearby"])
    body = assert_problem(client.get("/api/v1/sites/thac-pa-sy-x"), 404)
    assert "did you mean 'thac-pa-sy'" in body["detail"]


def test_route_with_depart_and_alternatives(client: FlaskClient) -> None:
    """Tests a timed route across the border and distinct alternatives."""
    data = client.get(
        "/api/v1/route?from=kon-tum-city-centre&to=attapeu&mode=car&depart=2026-03-02T07:00"
    ).get_json()
    best = data["routes"][0]
    assert best["from"] == "kon-tum-city-centre" and best["to"] == "attapeu"
    assert best["depart"].startswith("2026-03-02T07:00") and best["arrive"] > best["depart"]
    assert best["crossings"][0]["traveller_documents"]
    assert abs(sum(leg["km"] for leg in best["legs"]) - best["km"]) < 1
    many = client.get(
        "/api/v1/route?from=kon-tum-city-centre&to=mang-den-town&alternatives=3"
    ).get_json()["routes"]
    assert 1 <= len(many) <= 3
    assert len({tuple(r["roads"]) for r in many} | {r["km"] for r in many}) >= len(many)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=kon-tum-centre&to=attapeu", "from"),
        ("from=attapeu&to=", "to"),
        ("from=attapeu&to=pakse&mode=bicycle", "mode"),
        ("from=attapeu&to=pakse&depart=2026-02-30T07:00", "depart"),
        ("from=attapeu&to=pakse&depart=tomorrow", "depart"),
        ("from=attapeu&to=pakse&alternatives=0", "alternatives"),
        ("from=attapeu&to=pakse&alternatives=x", "alternatives"),
    ],
)
def test_route_bad_input(client: FlaskClient, query: str, field: str) -> None:
    """Tests that bad route parameters are 400 problems naming the field."""
    assert_problem(client.get(f"/api/v1/route?{query}"), 400, field)


def test_route_exports_validate(client: FlaskClient, gpx_schema: Any) -> None:
    """Tests the route export in GPX (XSD-valid), GeoJSON (RFC 7946) and ICS (parses)."""
    base = "/api/v1/route/export?from=kon-tum-city-centre&to=mang-den-town&mode=car"
    gpx = client.get(f"{base}&format=gpx")
    assert gpx.mimetype == "application/gpx+xml"
    gpx_schema.validate(gpx.data.decode())
    geo = client.get(f"{base}&format=geojson")
    assert_rfc7946(json.loads(geo.data))
    ics = client.get(f"{base}&format=ics&depart=2026-03-02T08:00")
    calendar = icalendar.Calendar.from_ical(ics.data)
    assert calendar.walk("VEVENT")
    assert_problem(client.get(f"{base}&format=kml"), 400, "format")


def test_matrix(client: FlaskClient) -> None:
    """Tests a travel matrix: square, zero diagonal, symmetric-ish for a two-way road."""
    ids = ["kon-tum-wooden-church", "thac-pa-sy", "cua-khau-quoc-te-bo-y"]
    data = client.post("/api/v1/matrix", json={"ids": ids, "mode": "car"}).get_json()
    assert data["ids"] == ids
    assert [len(row) for row in data["minutes"]] == [3, 3, 3]
    assert all(data["minutes"][i][i] == 0 for i in range(3))
    assert data["km"][0][1] > 30


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ids": "kon-tum-wooden-church"}, "ids"),
        ({"ids": []}, "ids"),
        ({"ids": ["kon-tum-wooden-church", 7]}, "ids.1"),
        ({"ids": ["kon-tum-wooden-church", "atlantis"]}, "ids"),
        ({"ids": ["kon-tum-wooden-church"], "mode": "plane"}, "mode"),
        ({"ids": ["kon-tum-wooden-church"], "colour": "red"}, "colour"),
        ({"mode": "car"}, "ids"),
        ([1, 2], "body"),
    ],
)
def test_matrix_bad_bodies(client: FlaskClient, body: Any, field: str) -> None:
    """Tests that bad matrix bodies are 400 problems naming the field."""
    assert_problem(client.post("/api/v1/matrix", json=body), 400, field)


def test_plan_example_is_a_real_three_day_trip(client: FlaskClient) -> None:
    """Tests that the OpenAPI example trip plans on the shipped data into three days."""
    example = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/plan"]["post"][
        "requestBody"
    ]["content"]["application/json"]["example"]
    response = client.post("/api/v1/plan", json=example)
    assert response.status_code == 200, response.get_data(as_text=True)
    data = response.get_json()
    assert len(data["days"]) == 3 and data["days"][0]["date"] == example["start_date"]
    visited = [stop["id"] for day in data["days"] for stop in day["stops"]]
    assert set(example["must_visit"]) <= set(visited)
    assert data["totals"]["stops"] == len(visited)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"days": 400}, "days"),
        ({"days": "3"}, "days"),
        ({"start_date": "2026-02-30"}, "start_date"),
        ({"start_date": "02/03/2026"}, "start_date"),
        ({"start": "kon-tum-centre"}, "start"),
        ({"must_visit": ["thac-pa-sy", "thac-pa-sy-x"]}, "must_visit"),
        ({"pace": 10}, "pace"),
        ({"interests": {"karaoke": 1}}, "interests"),
        ({"passports": "maybe"}, "passports"),
        ({"day_start": "25:00"}, "day_start"),
        ({"surprise": True}, "surprise"),
        ({"must_visit": [f"site-{i}" for i in range(40)]}, "must_visit"),
    ],
)
def test_plan_bad_fields(client: FlaskClient, change: dict[str, Any], field: str) -> None:
    """Tests that bad trip requests are 400 problems naming the field, never 500."""
    assert_problem(client.post("/api/v1/plan", json={**TRIP, **change}), 400, field)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"avoid": ["kon-tum-city-centre"]}, "avoid"),
        ({"day_start": "18:00", "day_end": "08:00"}, "day_end"),
        ({"start_date": "2099-12-31", "days": 2}, "days"),
    ],
)
def test_plan_values_that_do_not_fit_are_422(
    client: FlaskClient, change: dict[str, Any], field: str
) -> None:
    """Tests that a request following the schema, with values that clash, is 422 naming one."""
    assert_problem(client.post("/api/v1/plan", json={**TRIP, **change}), 422, field)


def test_plan_missing_field(client: FlaskClient) -> None:
    """Tests that a missing required field is named."""
    body = {k: v for k, v in TRIP.items() if k != "start_date"}
    assert_problem(client.post("/api/v1/plan", json=body), 400, "start_date")


@pytest.mark.parametrize("raw", [b"", b"{", b"[1, 2", b"\xff\xfe", b'{"days": NaN}', b"null"])
def test_plan_malformed_json(client: FlaskClient, raw: bytes) -> None:
    """Tests that malformed or non-object JSON bodies are 400 problems on the body."""
    response = client.post("/api/v1/plan", data=raw, content_type="application/json")
    assert_problem(response, 400, "body")


def test_huge_body_is_413(client: FlaskClient) -> None:
    """Tests that a body over MAX_CONTENT_LENGTH is a 413 problem, not read whole."""
    raw = json.dumps({**TRIP, "note": "x" * 200_000})
    assert_problem(client.post("/api/v1/plan", data=raw, content_type="application/json"), 413)


def test_wrong_method_is_405_problem(client: FlaskClient) -> None:
    """Tests that a wrong method answers a 405 problem with the Allow header."""
    response = client.get("/api/v1/plan")
    assert_problem(response, 405)
    assert "POST" in response.headers["Allow"]
    assert_problem(client.get("/api/v1/nothing-here"), 404)


def test_plan_exports_validate(client: FlaskClient, gpx_schema: Any) -> None:
    """Tests the plan exports: GPX against the XSD, GeoJSON by RFC 7946, ICS parsed back."""
    gpx = client.post("/api/v1/plan?format=gpx", json=TRIP)
    assert gpx.status_code == 200 and gpx.mimetype == "application/gpx+xml"
    gpx_schema.validate(gpx.data.decode())
    geo = client.post("/api/v1/plan?format=geojson", json=TRIP)
    assert geo.mimetype == "application/geo+json"
    assert_rfc7946(json.loads(geo.data))
    ics = client.post("/api/v1/plan?format=ics", json=TRIP)
    events = icalendar.Calendar.from_ical(ics.data).walk("VEVENT")
    assert {str(e["DTSTART"].dt.date()) for e in events} >= {"2026-03-02", "2026-03-04"}
    assert_problem(client.post("/api/v1/plan?format=pdf", json=TRIP), 400, "format")


def test_published_routes_api(client: FlaskClient, gpx_schema: Any) -> None:
    """Tests the published routes list, one route, its export and the unknown-id problem."""
    listing = client.get("/api/v1/routes").get_json()
    assert listing["count"] == len(listing["routes"]) >= 1
    first = listing["routes"][0]
    one = client.get(f"/api/v1/routes/{first['id']}").get_json()
    assert one == first and len(one["stops"]) >= 2
    export = client.get(f"/api/v1/routes/{first['id']}/export?format=gpx&start_date=2026-03-02")
    assert export.status_code == 200, export.get_data(as_text=True)
    gpx_schema.validate(export.data.decode())
    assert_problem(client.get("/api/v1/routes/no-such-route"), 404)
    assert_problem(
        client.get(f"/api/v1/routes/{first['id']}/export?format=gpx&start_date=2026-13-01"),
        400,
        "start_date",
    )


@pytest.mark.parametrize(
    ("method", "url", "body", "field"),
    [
        ("post", "/api/v1/plan", {**TRIP, "start_date": "9999-12-31", "days": 30}, "start_date"),
        (
            "get",
            "/api/v1/route?from=kon-tum-city-centre&to=attapeu&depart=9999-12-31T20:00",
            None,
            "depart",
        ),
        (
            "get",
            "/api/v1/routes/kon-tum-city-day/export?format=gpx&start_date=9999-12-31",
            None,
            "start_date",
        ),
    ],
)
def test_dates_past_2099_are_400(
    client: FlaskClient, method: str, url: str, body: Any, field: str
) -> None:
    """Tests that dates the calendar cannot plan are 400 problems, not an OverflowError."""
    response = getattr(client, method)(url, json=body)
    detail = assert_problem(response, 400, field)["detail"]
    assert detail == f"`{field}` must be between 2000-01-01 and 2099-12-31, got 9999-12-31."


@pytest.mark.parametrize(
    "raw",
    [
        "[" * 1000 + "]" * 1000,
        "[" * 100_000 + "]" * 100_000,
        '{"interests": {"nature": ' + "[" * 980 + "]" * 980 + "}}",
        '{"must_visit": ' + "[" * 20 + "]" * 20 + "}",
    ],
)
@pytest.mark.parametrize("url", ["/api/v1/plan", "/api/v1/matrix"])
def test_deeply_nested_bodies_are_400(client: FlaskClient, app: Any, raw: str, url: str) -> None:
    """Tests that bodies nested too deeply to parse or print are 400 problems on the body."""
    app.config["MAX_CONTENT_LENGTH"] = 512 * 1024
    try:
        response = client.post(url, data=raw, content_type="application/json")
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    body = assert_problem(response, 400, "body")
    assert body["detail"] == (
        "the body must be JSON nested at most 16 levels deep, got arrays or objects nested deeper."
    )


def test_unknown_site_advice_points_to_the_api(client: FlaskClient) -> None:
    """Tests that an unknown id without a near match points to /api/v1/sites, not the CLI."""
    detail = assert_problem(client.get("/api/v1/route?from=zzzqqq&to=attapeu"), 400, "from")[
        "detail"
    ]
    assert detail == "`from`: Site 'zzzqqq' is not in the catalogue; see /api/v1/sites for the ids."
    body = assert_problem(
        client.post("/api/v1/plan", json={**TRIP, "start": "zzzqqq"}), 400, "start"
    )
    assert "tourlink sites" not in body["detail"] and "/api/v1/sites" in body["detail"]
    assert "/api/v1/sites" in assert_problem(client.get("/api/v1/sites/zzzqqq"), 404)["detail"]
