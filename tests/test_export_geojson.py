"""Tests of tourlink.export.geojson (RFC 7946) and of the ``export`` front door."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest
from export_cases import SITES, itinerary, shared_schemas, timed_route
from rfc7946 import assert_lon_lat, assert_rfc7946, problems, schema_problems

from tourlink.exceptions import InvalidRequestError
from tourlink.export import export, itinerary_to_geojson, route_to_geojson
from tourlink.model import Leg

GOLDEN = Path(__file__).parent / "golden"


def _lines(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in doc["features"] if f["geometry"]["type"] == "LineString"]


@pytest.mark.parametrize("which", ["itinerary", "route"])
def test_geojson_obeys_the_schema_and_rfc7946(which: str) -> None:
    """Tests both exports against geojson.org's schema and the RFC 7946 rules."""
    doc = (
        itinerary_to_geojson(itinerary(), sites=SITES)
        if which == "itinerary"
        else route_to_geojson(timed_route(), sites=SITES)
    )
    assert schema_problems(doc, shared_schemas("geojson")) == []
    assert_rfc7946(doc)
    assert "crs" not in doc


def test_points_are_lon_lat_of_the_sites() -> None:
    """Tests that every Point is [lon, lat] of its site (14.3 N 108.0 E is not swapped)."""
    doc = itinerary_to_geojson(itinerary(), sites=SITES)
    points = [f for f in doc["features"] if f["geometry"]["type"] == "Point"]
    assert [p["properties"]["kind"] for p in points] == [
        "start",
        "visit",
        "overnight",
        "visit",
        "end",
    ]
    for point in points:
        site = SITES[point["properties"]["id"]]
        assert_lon_lat(point["geometry"]["coordinates"], site.lat, site.lon)


def test_stop_times_are_iso_8601_with_offset() -> None:
    """Tests that naive and UTC-aware datetimes both come out in local time with +07:00."""
    doc = itinerary_to_geojson(itinerary(), sites=SITES)
    visit = doc["features"][1]["properties"]
    assert (visit["id"], visit["day"]) == ("kon-tum-wooden-church", 1)
    assert (visit["arrive"], visit["depart"]) == (
        "2026-12-01T07:30:00+07:00",
        "2026-12-01T08:15:00+07:00",
    )
    day2 = _lines(doc)[1]["properties"]
    assert day2["depart"] == "2026-12-02T07:30:00+07:00"  # given as 00:30 UTC


def test_one_line_per_drive_skipping_empty_and_repeated_points() -> None:
    """Tests LineStrings per drive: the empty drive is skipped, the repeated point dropped."""
    lines = _lines(itinerary_to_geojson(itinerary(), sites=SITES))
    assert [(f["properties"]["day"], f["properties"]["colour"]) for f in lines] == [(1, 0), (2, 1)]
    day1 = lines[0]
    assert day1["geometry"]["coordinates"] == [[108.0093, 14.3466], [108.29083, 14.60028]]
    assert day1["properties"]["roads"] == ["QL24", "access road"]
    assert day1["properties"]["km"] == 54.1
    assert len(lines[1]["geometry"]["coordinates"]) == 4


def test_coordinates_are_rounded_and_collapsed_points_skip_the_line() -> None:
    """Tests 6-decimal rounding, and that a drive collapsing to one position has no line."""
    route = timed_route()
    fine = Leg(
        "QL40", "a", "b", 0.1, 0.2, ((14.70532012, 107.56219249), (14.70531999, 107.56219201))
    )
    doc = route_to_geojson(dataclasses.replace(route, legs=(fine,)), sites=SITES)
    assert _lines(doc) == []
    wide = Leg("QL40", "a", "b", 9.0, 9.0, ((14.3466001, 108.0093004), (14.60028, 108.29083)))
    doc = route_to_geojson(dataclasses.replace(route, legs=(wide,)), sites=SITES)
    assert _lines(doc)[0]["geometry"]["coordinates"][0] == [108.0093, 14.3466]


def test_the_rfc7946_checker_catches_violations() -> None:
    """Tests that the reusable checker reports crs, swapped order and short lines."""
    bad = {
        "type": "FeatureCollection",
        "crs": {"type": "name"},
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Point", "coordinates": [14.3, 108.0]},
            },
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "LineString", "coordinates": [[108.0, 14.3]]},
            },
        ],
    }
    found = problems(bad)
    assert any("crs" in p for p in found)
    assert any("latitude 108.0" in p for p in found)
    assert any("at least 2 positions" in p for p in found)
    with pytest.raises(AssertionError):
        assert_lon_lat([14.3466, 108.0093], 14.3466, 108.0093)


@pytest.mark.parametrize(
    ("fmt", "mime", "ext"),
    [
        ("gpx", "application/gpx+xml", "gpx"),
        ("geojson", "application/geo+json", "geojson"),
        ("ics", "text/calendar", "ics"),
    ],
)
def test_export_returns_body_mime_and_extension(fmt: str, mime: str, ext: str) -> None:
    """Tests the front door for every format, and that the GeoJSON body is the same dict."""
    body, got_mime, got_ext = export(itinerary(), fmt, sites=SITES)
    assert (got_mime, got_ext) == (mime, ext)
    assert isinstance(body, bytes) and body
    if fmt == "geojson":
        assert json.loads(body) == itinerary_to_geojson(itinerary(), sites=SITES)


def test_export_refuses_an_unknown_format() -> None:
    """Tests that an unknown format is named with the accepted ones."""
    with pytest.raises(
        InvalidRequestError,
        match=r"`fmt` must be one of gpx, geojson, ics, "
        r"got 'kml'\.",
    ):
        export(timed_route(), "kml", sites=SITES)


def test_golden_itinerary_geojson() -> None:
    """Tests the itinerary GeoJSON against the reviewed golden file."""
    text = (
        json.dumps(itinerary_to_geojson(itinerary(), sites=SITES), ensure_ascii=False, indent=1)
        + "\n"
    )
    golden = GOLDEN / "itinerary.geojson"
    if os.environ.get("TOURLINK_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
