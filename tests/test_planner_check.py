"""Tests of tourlink.planner.check: the independent checker catches broken itineraries."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tourlink.itinerary import Itinerary, TripRequest
from tourlink.network import Network
from tourlink.planner.check import check_itinerary
from tourlink.planner.plan import PlanParams, plan

TUESDAY = dt.date(2026, 3, 3)


@pytest.fixture(scope="module")
def city(real: Network) -> Itinerary:
    """Return a feasible one-day Kon Tum city itinerary."""
    return plan(
        TripRequest("kon-tum-city-centre", TUESDAY, 1),
        network=real,
        params=PlanParams(time_limit=0.2),
    )


@pytest.fixture(scope="module")
def three(real: Network) -> Itinerary:
    """Return a feasible 3-day round trip from Kon Tum via Măng Đen."""
    return plan(
        TripRequest("kon-tum-city-centre", TUESDAY, 3, must_visit=("thac-pa-sy",)),
        network=real,
        params=PlanParams(time_limit=0.2),
    )


def _kinds(trip: Itinerary, net: Network) -> set[str]:
    return {v.kind for v in check_itinerary(trip, network=net)}


def _with_stop(trip: Itinerary, day: int, index: int, **changes: object) -> Itinerary:
    d = trip.days[day]
    stops = list(d.stops)
    stops[index] = dataclasses.replace(stops[index], **changes)  # type: ignore[arg-type]
    days = list(trip.days)
    days[day] = dataclasses.replace(d, stops=tuple(stops))
    return dataclasses.replace(trip, days=tuple(days))


def test_planned_itineraries_pass(city: Itinerary, three: Itinerary, real: Network) -> None:
    """Tests that the planner's own itineraries have no violations."""
    assert check_itinerary(city, network=real) == []
    assert check_itinerary(three, network=real) == []


def test_visit_moved_into_a_closed_hour(city: Itinerary, real: Network) -> None:
    """Tests that a visit moved to 03:00 (everything with hours is closed) is caught."""
    index = next(
        i for i, s in enumerate(city.days[0].stops) if real.site(s.site).opening_hours != "24/7"
    )
    at = dt.datetime.combine(TUESDAY, dt.time(3, 0))
    broken = _with_stop(city, 0, index, arrive=at, start=at, depart=at + dt.timedelta(hours=1))
    kinds = _kinds(broken, real)
    assert "hours" in kinds


def test_visit_that_ends_after_closing(city: Itinerary, real: Network) -> None:
    """Tests that a visit starting 10 minutes before closing time is caught."""
    found = [
        i
        for i, stop in enumerate(city.days[0].stops)
        if real.site(stop.site).opening_hours == "Mo-Su 07:00-17:00"
        and real.site(stop.site).visit_minutes > 10
    ]
    if not found:
        pytest.skip("no stop with Mo-Su 07:00-17:00 hours in this plan")
    index = found[0]
    at = dt.datetime.combine(TUESDAY, dt.time(16, 50))
    broken = _with_stop(city, 0, index, arrive=at, start=at, depart=at + dt.timedelta(hours=1))
    messages = [v.message for v in check_itinerary(broken, network=real) if v.kind == "hours"]
    assert any("closes before the visit ends" in m for m in messages)


def test_overnight_at_a_non_lodging_site(three: Itinerary, real: Network) -> None:
    """Tests that a night spent at a waterfall (no lodging) is caught."""
    days = list(three.days)
    days[0] = dataclasses.replace(days[0], overnight="thac-dak-ke")
    days[1] = dataclasses.replace(days[1], start_site="thac-dak-ke")
    broken = dataclasses.replace(three, days=tuple(days))
    assert "overnight" in _kinds(broken, real)


def test_driving_limit_breach(three: Itinerary, real: Network) -> None:
    """Tests that an itinerary driving more than the request's limit is caught."""
    tight = dataclasses.replace(three.request, max_drive_minutes=30)
    broken = dataclasses.replace(three, request=tight)
    violations = [v for v in check_itinerary(broken, network=real) if v.kind == "driving"]
    assert violations and "over the 30-min limit" in violations[0].message


def test_arrival_faster_than_the_road(city: Itinerary, real: Network) -> None:
    """Tests that arriving before the road allows is caught."""
    day = city.days[0]
    second = day.stops[1]
    early = day.stops[0].depart
    broken = _with_stop(
        city, 0, 1, arrive=early, start=max(early, second.start), depart=second.depart
    )
    assert "travel" in _kinds(broken, real)


def test_repeated_site_and_missing_lunch(city: Itinerary, real: Network) -> None:
    """Tests that a site visited twice and a day without lunch are caught."""
    day = city.days[0]
    repeated = _with_stop(city, 0, 1, site=day.stops[0].site)
    assert "repeat" in _kinds(repeated, real)
    no_lunch = dataclasses.replace(city, days=(dataclasses.replace(day, lunch=None),))
    assert "lunch" in _kinds(no_lunch, real)


def test_border_without_papers(real: Network) -> None:
    """Tests that a crossing by a group without passports is caught."""
    trip = plan(
        TripRequest("kon-tum-city-centre", TUESDAY, 5, end="pakse", mode="coach"),
        network=real,
        params=PlanParams(time_limit=0.2),
    )
    broken = dataclasses.replace(trip, request=dataclasses.replace(trip.request, passports=False))
    assert "papers" in _kinds(broken, real)


def test_lunch_at_a_border_crossing(city: Itinerary, real: Network) -> None:
    """Tests that a lunch taken at a border crossing (not a site) is a violation."""
    day = city.days[0]
    assert day.lunch is not None
    begin, end, _ = day.lunch
    moved = dataclasses.replace(
        day, lunch=(begin, end, "bo-y-phou-keua"), crossings=("bo-y-phou-keua",)
    )
    found = [
        v
        for v in check_itinerary(dataclasses.replace(city, days=(moved,)), network=real)
        if v.kind == "lunch"
    ]
    assert [v.message for v in found] == [
        "lunch is taken at 'bo-y-phou-keua' (the border crossing Bờ Y – Phou Keua international "
        "border gate), which is not a site of the catalogue; lunch must be at a site"
    ]
    assert found[0].site == "bo-y-phou-keua" and found[0].day == 0


def test_lunch_at_the_site_of_a_gate_passed_that_day(city: Itinerary, real: Network) -> None:
    """Tests that lunch at the Phou Keua gate site counts only on a day through that gate."""
    day = city.days[0]
    assert day.lunch is not None
    begin, end, _ = day.lunch
    at_gate = dataclasses.replace(day, lunch=(begin, end, "phou-keua-border"))
    kinds = [
        v.message
        for v in check_itinerary(dataclasses.replace(city, days=(at_gate,)), network=real)
        if v.kind == "lunch"
    ]
    assert kinds == [
        f"lunch {begin:%H:%M}–{end:%H:%M} at 'phou-keua-border' overlaps a visit or a drive"
    ]
    passing = dataclasses.replace(at_gate, crossings=("bo-y-phou-keua",))
    assert not [
        v
        for v in check_itinerary(dataclasses.replace(city, days=(passing,)), network=real)
        if v.kind == "lunch"
    ]


def test_lunch_at_the_gate_does_not_lengthen_a_later_visit_of_its_site(real: Network) -> None:
    """Tests a day from Attapeu: lunch at the Bờ Y gate while crossing, the gate visited later.

    The lunch carries the gate site's id; only a lunch taken during a stay lengthens it.
    """
    req = TripRequest("attapeu", TUESDAY, 3, mode="car", passports=True)
    trip = plan(req, network=real, params=PlanParams(time_limit=30, max_iterations=5, seed=1))
    assert check_itinerary(trip, network=real) == []
    gate = "cua-khau-quoc-te-bo-y"
    for index, day in enumerate(trip.days):
        stays = [k for k, stop in enumerate(day.stops) if stop.site == gate]
        if day.lunch is None or day.lunch[2] != gate or not stays:
            continue
        stop = day.stops[stays[0]]
        assert not stop.start <= day.lunch[0] < stop.depart, "this day lunches during the visit"
        # the same lunch moved into the visit must lengthen it: the visit is now too short
        inside = dataclasses.replace(
            day, lunch=(stop.start, stop.start + dt.timedelta(hours=1), gate)
        )
        days = list(trip.days)
        days[index] = inside
        moved = check_itinerary(dataclasses.replace(trip, days=tuple(days)), network=real)
        assert any(v.kind == "visit" and v.site == gate for v in moved)
        return
    pytest.fail("the planner no longer lunches at the Bờ Y gate on this trip; pick another")
