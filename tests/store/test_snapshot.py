"""Tests that a snapshot gives back the itinerary it was made of, legs and all.

A saved version is read back by :func:`tourlink.store.snapshot.itinerary_of` for its pages
and exports; its legs must keep their road class, mountain passes and seasonal risks so
that a saved itinerary's GPX, GeoJSON and iCalendar say what a fresh plan's do.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tourlink import texts as t
from tourlink.edit import DayPlan, retime
from tourlink.export import export
from tourlink.export._common import leg_notes
from tourlink.itinerary import Day, Itinerary, TripRequest
from tourlink.messages import Ref, message
from tourlink.network import Network
from tourlink.store.snapshot import itinerary_of, make_snapshot, message_of


@pytest.fixture(scope="module")
def rainy_trip(real: Network) -> Itinerary:
    """Return a 2-day trip Kon Tum → Măng Đen in September (QL24 landslide risks, a pass)."""
    request = TripRequest("kon-tum-city-centre", dt.date(2026, 9, 2), 2, end="kon-tum-city-centre")
    day = Day(
        dt.date(2026, 9, 2),
        "kon-tum-city-centre",
        dt.datetime(2026, 9, 2, 7, 30),
        (),
        "mang-den-town",
        dt.datetime(2026, 9, 2, 9),
        ((),),
        0,
        0,
    )
    skeleton = Itinerary(request, (day, day), 0, 0, 0, {})
    plans = [DayPlan(("kon-tum-wooden-church",), "mang-den-town"), DayPlan(("thac-pa-sy",))]
    return retime(skeleton, plans, network=real)


def test_legs_keep_road_class_passes_and_risks(real: Network, rainy_trip: Itinerary) -> None:
    """Tests that every leg read back equals the planned one but for the rounded numbers."""
    snapshot = json.loads(json.dumps(make_snapshot(rainy_trip, network=real)))
    again = itinerary_of(snapshot)
    fresh = [leg for day in rainy_trip.days for drive in day.drives for leg in drive]
    saved = [leg for day in again.days for drive in day.drives for leg in drive]
    assert any(leg.seasonal_risks for leg in fresh) and any(leg.mountain_pass for leg in fresh)
    assert [(x.road, x.road_class, x.mountain_pass, x.seasonal_risks) for x in saved] == [
        (x.road, x.road_class, x.mountain_pass, x.seasonal_risks) for x in fresh
    ]
    assert leg_notes(saved) == leg_notes(fresh)


@pytest.mark.parametrize("fmt", ["gpx", "geojson", "ics"])
def test_exports_of_a_saved_trip_carry_the_road_warnings(
    real: Network, rainy_trip: Itinerary, fmt: str
) -> None:
    """Tests that the saved trip's export names the QL24 landslide risk as the fresh one does."""
    again = itinerary_of(json.loads(json.dumps(make_snapshot(rainy_trip, network=real))))
    # iCalendar folds lines at 75 octets (RFC 5545 §3.1): unfold before reading the text
    fresh = export(rainy_trip, fmt, sites=real.sites)[0].decode().replace("\r\n ", "")
    saved = export(again, fmt, sites=real.sites)[0].decode().replace("\r\n ", "")
    assert "landslide" in fresh and "mountain pass" in fresh
    assert saved.count("landslide") == fresh.count("landslide") > 0
    assert saved.count("mountain pass") == fresh.count("mountain pass")


def test_request_keeps_the_pace_fields(real: Network, rainy_trip: Itinerary) -> None:
    """Tests that pace profile, visit cap and active minutes survive the snapshot."""
    import dataclasses

    trip = dataclasses.replace(
        rainy_trip,
        request=dataclasses.replace(
            rainy_trip.request, pace_profile="relaxed", max_visits=3, max_active_minutes=400
        ),
    )
    assert itinerary_of(make_snapshot(trip, network=real)).request == trip.request


def test_a_message_of_an_unknown_code_comes_back_as_its_text() -> None:
    """Tests that a stored message whose code is gone is kept as its English sentence."""
    kept = message_of({"code": "no.such.code", "params": {}, "text": "Road cut."})
    assert str(kept) == "Road cut."
    road = message(t.MONTH_CODES[0])
    assert message_of(road.to_dict()) == road
    ref = Ref("road", "QL24", "QL24")
    assert message_of({"code": "text", "params": {"text": ref.name}, "text": "QL24"}).text == "QL24"
