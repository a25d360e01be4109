"""Tests that kill the planner mutants an outside mutation run found surviving (issue 13 §7).

No test planned with a driving limit that binds, so ``build.py`` could ignore
``max_drive_minutes`` unnoticed; and no test put an itinerary just over the limit, so the
checker could allow 30 minutes of slack. Every plan here is re-verified by the checker.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest

from tourlink.itinerary import Itinerary, TripRequest
from tourlink.network import Network
from tourlink.planner.check import check_itinerary
from tourlink.planner.plan import PlanParams, plan

TUESDAY = dt.date(2026, 3, 3)
#: Two days from Kon Tum with Măng Đen's waterfalls wanted: unlimited, the days drive far.
WANDER = TripRequest(
    "kon-tum-city-centre", TUESDAY, 2, interests={"nature": 3.0}, must_visit=("thac-pa-sy",)
)
PARAMS = PlanParams(time_limit=0.3, seed=1)


@pytest.fixture(scope="module")
def free(real: Network) -> Itinerary:
    """Return the plan without a binding driving limit."""
    return plan(WANDER, network=real, params=PARAMS)


def _longest_drive(itinerary: Itinerary) -> float:
    return max(day.drive_minutes for day in itinerary.days)


def test_binding_driving_limit_is_obeyed(free: Itinerary, real: Network) -> None:
    """Tests that a limit below the free plan's longest day is kept by every planned day."""
    longest = _longest_drive(free)
    limit = int(longest * 0.75)
    assert limit >= 150, "the free plan must drive far enough for the limit to bind"
    tight = plan(dataclasses.replace(WANDER, max_drive_minutes=limit), network=real, params=PARAMS)
    assert _longest_drive(tight) <= limit + 0.5
    assert check_itinerary(tight, network=real) == []
    assert "thac-pa-sy" in tight.visited


@pytest.mark.parametrize("over", [1.0, 10.0, 29.0])
def test_checker_catches_a_day_just_over_the_limit(
    free: Itinerary, real: Network, over: float
) -> None:
    """Tests that driving 1, 10 or 29 minutes over the request's limit is a violation."""
    limit = math.floor(_longest_drive(free) - over)
    over_limit = dataclasses.replace(
        free, request=dataclasses.replace(free.request, max_drive_minutes=limit)
    )
    kinds = [v.kind for v in check_itinerary(over_limit, network=real)]
    assert "driving" in kinds


def test_checker_accepts_a_day_exactly_at_the_limit(free: Itinerary, real: Network) -> None:
    """Tests that a day driving no more than the limit (rounded up) is not a violation."""
    limit = math.ceil(_longest_drive(free))
    at_limit = dataclasses.replace(
        free, request=dataclasses.replace(free.request, max_drive_minutes=limit)
    )
    assert "driving" not in [v.kind for v in check_itinerary(at_limit, network=real)]
