"""Tests of tourlink.export.ical: iCalendar parsed back with icalendar."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from export_cases import SITES, itinerary, timed_route
from icalendar import Calendar, Event, vGeo

import tourlink
from tourlink.exceptions import InvalidRequestError
from tourlink.export import itinerary_to_ical, route_to_ical

GOLDEN = Path(__file__).parent / "golden"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
VTE = ZoneInfo("Asia/Vientiane")
STAMP = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)


def _events(body: bytes) -> list[Event]:
    return [e for e in Calendar.from_ical(body).walk("VEVENT") if isinstance(e, Event)]


def test_one_event_per_visit_drive_and_lunch() -> None:
    """Tests 2 visits + 2 drives (the empty one skipped) + 1 lunch, in time order."""
    events = _events(itinerary_to_ical(itinerary(), sites=SITES))
    summaries = [str(e["SUMMARY"]).split(" ", 1)[0] for e in events]
    assert summaries == ["Visit", "Drive", "Lunch", "Drive", "Visit"]
    assert len({str(e["UID"]) for e in events}) == 5
    assert all(str(e["UID"]).endswith("@tourlink") and "DTSTAMP" in e for e in events)


def test_times_match_the_stops_with_the_site_timezone() -> None:
    """Tests DTSTART/DTEND equal the stops, with TZID of the site (Vientiane in Laos)."""
    plan = itinerary()
    events = _events(itinerary_to_ical(plan, sites=SITES))
    church, attapeu = events[0], events[-1]
    stop1, stop2 = plan.days[0].stops[0], plan.days[1].stops[0]
    assert church.start == stop1.arrive.replace(tzinfo=HCM)
    assert church.end == stop1.depart.replace(tzinfo=HCM)
    assert church["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert attapeu.start == stop2.arrive and attapeu["DTEND"].params["TZID"] == "Asia/Vientiane"
    drive2 = events[3]
    assert drive2.start == dt.datetime(2026, 12, 2, 7, 30, tzinfo=HCM)  # given as 00:30 UTC
    assert drive2["DTEND"].params["TZID"] == "Asia/Vientiane"


def test_vtimezones_cover_every_tzid() -> None:
    """Tests that both VTIMEZONE components are present and none is missing."""
    calendar = Calendar.from_ical(itinerary_to_ical(itinerary(), sites=SITES))
    assert {tz.tz_name for tz in calendar.timezones} == {"Asia/Ho_Chi_Minh", "Asia/Vientiane"}
    assert calendar.get_missing_tzids() == set()


def test_location_geo_and_warnings() -> None:
    """Tests LOCATION/GEO of the church and border warnings on the drive into Laos only."""
    events = _events(itinerary_to_ical(itinerary(), sites=SITES))
    church = events[0]
    assert "phường Kon Tum" in str(church["LOCATION"])
    geo = church["GEO"]
    assert isinstance(geo, vGeo) and (geo.latitude, geo.longitude) == (14.3466, 108.0093)
    assert "assumed (opening hours)" in str(church["DESCRIPTION"])
    assert "gate hours are assumed" in str(events[3]["DESCRIPTION"])
    assert "gate hours" not in str(events[1]["DESCRIPTION"])


def test_uids_are_stable_and_dtstamp_is_the_stamp() -> None:
    """Tests the same trip gives the same UIDs at another time, DTSTAMP follows ``stamp``."""
    first = _events(itinerary_to_ical(itinerary(), sites=SITES, stamp=STAMP))
    later = _events(itinerary_to_ical(itinerary(), sites=SITES))
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in later]
    assert {e.stamp for e in first} == {STAMP}


def test_route_gives_a_drive_and_a_border_event() -> None:
    """Tests a timed route: one drive ending in Vientiane time, one border crossing event."""
    route = timed_route()
    events = _events(route_to_ical(route, sites=SITES))
    assert [str(e["SUMMARY"]).split(" ", 1)[0] for e in events] == ["Drive", "Border:"]
    drive, gate = events
    assert drive.start == dt.datetime(2026, 12, 3, 7, 0, tzinfo=HCM)
    assert route.arrive is not None and drive.end == route.arrive.replace(tzinfo=VTE)
    assert "passport valid 6 months" in str(gate["DESCRIPTION"])


def test_untimed_route_is_refused() -> None:
    """Tests that a route without departure time cannot become a calendar."""
    route = dataclasses.replace(timed_route(), depart=None, arrive=None)
    with pytest.raises(InvalidRequestError, match=r"route has no departure time; give `depart`"):
        route_to_ical(route, sites=SITES)


def test_golden_itinerary_ics() -> None:
    """Tests the itinerary calendar against the reviewed golden file (DTSTAMP, UID normalised)."""
    text = itinerary_to_ical(itinerary(), sites=SITES).decode("utf-8")
    assert f"PRODID:-//tourlink//tourlink {tourlink.__version__}//EN" in text
    text = re.sub(r"^(DTSTAMP|UID):[^\r\n]*", r"\1:NORMALISED", text, flags=re.M)
    text = text.replace(f"tourlink {tourlink.__version__}//", "tourlink VERSION//")
    golden = GOLDEN / "itinerary.ics"
    if os.environ.get("TOURLINK_UPDATE_GOLDEN") == "1":
        golden.write_bytes(text.encode("utf-8"))
    assert text == golden.read_bytes().decode("utf-8")
