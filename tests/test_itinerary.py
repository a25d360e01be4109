"""Tests of :mod:`tourlink.itinerary`: trip requests and itinerary results."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

import tourlink
from tourlink.exceptions import InvalidRequestError
from tourlink.itinerary import Day, Itinerary, Stop, TripRequest

START = "kon-tum-city-centre"


@pytest.mark.parametrize(
    ("start_date", "days"),
    [(dt.date(9999, 12, 31), 30), (dt.date(2100, 1, 1), 1), (dt.date(1999, 12, 31), 3)],
)
def test_start_date_outside_the_supported_range(start_date: dt.date, days: int) -> None:
    """Tests that a start date outside 2000–2099 is refused, not an OverflowError later."""
    with pytest.raises(
        InvalidRequestError,
        match=rf"^`start_date` must be between 2000-01-01 and 2099-12-31, "
        rf"got {start_date.isoformat()}\.$",
    ) as info:
        TripRequest(START, start_date, days)
    assert info.value.field == "start_date"


def test_last_supported_date_has_all_its_days() -> None:
    """Tests that a trip must end by 2099-12-31 (days past it cannot be routed; issue 13 §6)."""
    request = TripRequest(START, dt.date(2099, 12, 2), 30)
    assert request.dates[-1] == dt.date(2099, 12, 31)
    with pytest.raises(InvalidRequestError, match="would end on 2100-01-29") as caught:
        TripRequest(START, dt.date(2099, 12, 31), 30)
    assert caught.value.field == "days"


def _trip() -> Itinerary:
    date = dt.date(2026, 3, 3)

    def at(hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(date, dt.time(hour, minute))

    stop = Stop("kon-tum-wooden-church", at(8), at(8), at(9), score=7.5)
    day = Day(
        date, START, at(7, 45), (stop,), START, at(9, 20), ((), ()), km=4.04, drive_minutes=95.0
    )
    request = TripRequest(START, date, 1)
    return Itinerary(
        request,
        (day,),
        score=7.5,
        km=4.04,
        drive_minutes=95.0,
        fees={},
        warnings=("Bờ Y – Phou Keua gate hours assumed: check before travel.",),
    )


def test_summary_is_one_line_with_the_totals() -> None:
    """Tests that summary() gives days, dates, visits, km, driving time and score."""
    assert _trip().summary() == (
        "1-day trip by car from kon-tum-city-centre, 2026-03-03 to 2026-03-03: 1 visit, "
        "4.0 km, 1 h 35 min driving, score 7.5"
    )


def test_str_lists_days_and_warnings() -> None:
    """Tests that str() is the summary, then one line per day, then the warnings."""
    trip = _trip()
    lines = str(trip).splitlines()
    assert lines[0] == trip.summary()
    assert lines[1] == (
        "  day 1 2026-03-03: kon-tum-city-centre → kon-tum-city-centre "
        "(kon-tum-wooden-church; 4.0 km)"
    )
    assert lines[2:] == ["  warning: Bờ Y – Phou Keua gate hours assumed: check before travel."]
    empty = dataclasses.replace(
        trip, days=(dataclasses.replace(trip.days[0], stops=()),), warnings=()
    )
    assert str(empty).splitlines()[1].endswith("(no visits; 4.0 km)")


def test_package_exports_next_tours() -> None:
    """Tests that next_tours is part of the public API, next to connect."""
    from tourlink.connect import next_tours

    assert tourlink.next_tours is next_tours and "next_tours" in tourlink.__all__
