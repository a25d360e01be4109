"""Tests of tourlink.reoptimise: locks kept exactly, and visit lengths set by hand kept."""

from __future__ import annotations

import datetime as dt

import pytest

from tourlink.edit import plans_of, retime, set_minutes, visit_minutes
from tourlink.itinerary import Itinerary, TripRequest
from tourlink.network import Network
from tourlink.planner.plan import PlanParams, plan
from tourlink.reoptimise import hand_set_minutes, reoptimise

FAST = PlanParams(max_iterations=60)


@pytest.fixture(scope="module")
def two(real: Network) -> Itinerary:
    """Return a 2-day trip from Kon Tum (the wooden church a must)."""
    req = TripRequest(
        "kon-tum-city-centre", dt.date(2026, 3, 2), 2, must_visit=("kon-tum-wooden-church",)
    )
    return plan(req, network=real, params=FAST)


def _lengths(trip: Itinerary) -> dict[str, int]:
    return {s.site: visit_minutes(d, s) for d in trip.days for s in d.stops}


def test_a_planned_trip_has_no_hand_set_length(two: Itinerary, real: Network) -> None:
    """Tests that every visit the planner made lasts the planner's length (none "by hand")."""
    assert sum(len(d.stops) for d in two.days) >= 3
    assert hand_set_minutes(two, real) == {}


def test_a_hand_set_length_survives_reoptimising(two: Itinerary, real: Network) -> None:
    """Tests that a visit lengthened by hand keeps its length after a re-optimisation."""
    site = two.days[1].stops[0].site
    usual = _lengths(two)[site]
    edited = retime(
        two, set_minutes(plans_of(two), day=1, index=0, minutes=usual + 35), network=real
    )
    assert hand_set_minutes(edited, real) == {site: usual + 35}
    after = reoptimise(edited, locked_stops=(site,), network=real, params=FAST)
    assert _lengths(after)[site] == usual + 35  # the planner alone would make it `usual`
    others = {s: m for s, m in _lengths(after).items() if s != site}
    assert all(m == _lengths(two).get(s, m) for s, m in others.items())  # the rest as planned


def test_a_hand_set_length_at_a_slow_pace_is_kept_to_the_minute(real: Network) -> None:
    """Tests the pace: at pace 1.3 a hand-set 50-minute visit still lasts 50 minutes."""
    req = TripRequest("kon-tum-city-centre", dt.date(2026, 3, 2), 1, pace=1.3)
    trip = plan(req, network=real, params=FAST)
    site = trip.days[0].stops[0].site
    edited = retime(trip, set_minutes(plans_of(trip), day=0, index=0, minutes=50), network=real)
    after = reoptimise(edited, locked_stops=(site,), network=real, params=FAST)
    assert _lengths(after)[site] == 50
