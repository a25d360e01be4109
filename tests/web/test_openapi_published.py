"""Tests that the published OpenAPI document promises only what the API accepts (§6)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tourlink.dates import FIRST_DATE, LAST_DATE


def _document(client: FlaskClient) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/api/v1/openapi.json").get_json()
    return body


def test_published_date_pattern_is_exactly_the_planned_dates(client: FlaskClient) -> None:
    """Tests that start_date's pattern matches every real date 2000-2099 and nothing else."""
    trip = _document(client)["components"]["schemas"]["TripRequest"]
    pattern = trip["properties"]["start_date"]["pattern"]
    real = set()
    day = FIRST_DATE
    while day <= LAST_DATE:
        real.add(day.isoformat())
        day += dt.timedelta(days=1)
    candidates = (
        f"{y}-{m:02d}-{d:02d}"
        for y, m, d in itertools.product(range(1999, 2101), range(0, 14), range(0, 33))
    )
    assert {text for text in candidates if re.fullmatch(pattern, text)} == real


def test_published_site_ids_are_the_catalogue(app: Flask, client: FlaskClient) -> None:
    """Tests that every site-id field of the document is the enum of the catalogue's ids."""
    sites = sorted(app.extensions["tourlink"].network.sites)
    schemas = _document(client)["components"]["schemas"]
    assert schemas["TripRequest"]["properties"]["start"]["enum"] == sites
    assert schemas["MatrixRequest"]["properties"]["ids"]["items"]["enum"] == sites
    route = _document(client)["paths"]["/api/v1/route"]["get"]["parameters"]
    assert {p["name"]: p["schema"].get("enum") for p in route}["from"] == sites


def test_unknown_site_is_still_400_with_a_suggestion(client: FlaskClient) -> None:
    """Tests that an id outside the published enum is a 400 with did-you-mean, not a 422."""
    response = client.post("/api/v1/matrix", json={"ids": ["thac-pa-sy-x"]})
    assert response.status_code == 400
    assert "did you mean 'thac-pa-sy'" in response.get_json(force=True)["detail"]


def test_calendar_export_without_departure_is_422(client: FlaskClient) -> None:
    """Tests that documented parameters that do not fit together (ics, no depart) are 422."""
    response = client.get("/api/v1/route/export?from=kon-tum-city-centre&to=thac-pa-sy&format=ics")
    assert response.status_code == 422
    assert response.get_json(force=True)["field"] == "depart"
