"""Tests of tourlink.export.gpx: GPX 1.1 checked against the official XSD."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import gpxpy
import pytest
import xmlschema
from export_cases import (
    ATTAPEU,
    BO_Y,
    CHURCH,
    MANG_DEN,
    SITES,
    itinerary,
    shared_schemas,
    timed_route,
)

from tourlink.exceptions import UnknownSiteError
from tourlink.export import itinerary_to_gpx, route_to_gpx

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    """Return the Topografix GPX 1.1 schema from ../shared/schemas/gpx."""
    return xmlschema.XMLSchema(shared_schemas("gpx") / "gpx.xsd")


@pytest.mark.parametrize("make", [itinerary_to_gpx, route_to_gpx], ids=["itinerary", "route"])
def test_gpx_is_valid_against_the_xsd(schema: xmlschema.XMLSchema, make: object) -> None:
    """Tests that both exports validate against the GPX 1.1 XSD."""
    obj = itinerary() if make is itinerary_to_gpx else timed_route()
    text = make(obj, sites=SITES)  # type: ignore[operator]
    errors = [str(e.reason) for e in schema.iter_errors(text)]
    assert errors == []
    assert 'creator="tourlink"' in text


def test_every_time_is_utc_with_z() -> None:
    """Tests that naive, UTC and Asia/Vientiane times are all written as UTC with a Z."""
    text = itinerary_to_gpx(itinerary(), sites=SITES)
    times = re.findall(r"<time>([^<]+)</time>", text)
    assert times and all(t.endswith("Z") for t in times)
    gpx = gpxpy.parse(text)
    by_kind = {(w.type, w.name): w.time for w in gpx.waypoints}
    # Day 1 start: naive 07:30 in Asia/Ho_Chi_Minh; Day 2 visit: 14:00 Asia/Vientiane.
    assert by_kind["start", "Nhà thờ Gỗ Kon Tum (Kon Tum Wooden Church)"] == dt.datetime(
        2026, 12, 1, 0, 30, tzinfo=dt.UTC
    )
    assert by_kind["visit", "ອັດຕະປື (Attapeu)"] == dt.datetime(2026, 12, 2, 7, 0, tzinfo=dt.UTC)


def test_waypoints_follow_the_trip_in_order() -> None:
    """Tests that waypoints are start, visit, overnight, visit, end at the sites' positions."""
    gpx = gpxpy.parse(itinerary_to_gpx(itinerary(), sites=SITES))
    assert [w.type for w in gpx.waypoints] == ["start", "visit", "overnight", "visit", "end"]
    assert [(w.latitude, w.longitude) for w in gpx.waypoints] == [
        CHURCH,
        CHURCH,
        MANG_DEN,
        ATTAPEU,
        ATTAPEU,
    ]
    assert gpx.waypoints[2].symbol == "Lodging"
    assert "Night in Măng Đen" in str(gpx.tracks[0].description)


def test_one_track_per_driving_day_with_the_leg_geometry() -> None:
    """Tests one track per day, one segment per drive, repeated points dropped, ends timed."""
    gpx = gpxpy.parse(itinerary_to_gpx(itinerary(), sites=SITES))
    assert [t.number for t in gpx.tracks] == [1, 2]
    day1, day2 = gpx.tracks
    assert len(day1.segments) == 1  # the empty drive into the first stop is skipped
    assert [(p.latitude, p.longitude) for p in day1.segments[0].points] == [CHURCH, MANG_DEN]
    points = day2.segments[0].points
    assert (points[1].latitude, points[1].longitude) == BO_Y
    assert points[0].time == dt.datetime(2026, 12, 2, 0, 30, tzinfo=dt.UTC)
    assert points[-1].time == dt.datetime(2026, 12, 2, 7, 0, tzinfo=dt.UTC)


def test_route_has_a_border_gate_waypoint_and_one_track() -> None:
    """Tests that a route crossing Bờ Y marks the gate and draws one track end to end."""
    gpx = gpxpy.parse(route_to_gpx(timed_route(), sites=SITES))
    assert [w.type for w in gpx.waypoints] == ["start", "crossing", "end"]
    gate = gpx.waypoints[1]
    assert (gate.latitude, gate.longitude) == BO_Y
    assert "passport" in str(gate.description)
    assert len(gpx.tracks) == 1 and len(gpx.tracks[0].segments[0].points) == 4


def test_metadata_time_is_the_given_stamp() -> None:
    """Tests that ``stamp`` fixes the metadata time, in UTC."""
    stamp = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    gpx = gpxpy.parse(route_to_gpx(timed_route(), sites=SITES, stamp=stamp))
    assert gpx.time == dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.UTC)


def test_unknown_site_is_refused() -> None:
    """Tests that a site missing from the catalogue is named in an UnknownSiteError."""
    sites = {k: v for k, v in SITES.items() if k != "mang-den"}
    with pytest.raises(UnknownSiteError, match=r"Day 1.overnight names site 'mang-den'"):
        itinerary_to_gpx(itinerary(), sites=sites)


def test_golden_itinerary_gpx() -> None:
    """Tests the itinerary GPX against the reviewed golden file (metadata time normalised)."""
    text = itinerary_to_gpx(itinerary(), sites=SITES)
    text = re.sub(r"(<metadata>.*?<time>)[^<]+", r"\1STAMP", text, flags=re.S)
    golden = GOLDEN / "itinerary.gpx"
    if os.environ.get("TOURLINK_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
