"""Tests that the problem builder's vectorised day tests give the scalar answers.

:func:`tourlink.planner.problem._day_places` decides which sights and lunch places a day
may use with array arithmetic over the travel table; every answer must be the one the
scalar :func:`~tourlink.planner.problem.in_reach` and
:func:`~tourlink.planner.problem._lunch_open` give, or plans would change.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tourlink.itinerary import TripRequest
from tourlink.network import Network
from tourlink.planner.build import make_context
from tourlink.planner.problem import (
    _day_places,
    _in_reach_all,
    _lunch_candidates,
    _lunch_open,
    _rows,
    _serves_lunch,
    in_reach,
)

REQUESTS = (  # a round trip, one across the border, a motorbike, a short day without lunch
    TripRequest("kon-tum-city-centre", dt.date(2026, 3, 3), 3),
    TripRequest("pakse", dt.date(2026, 12, 8), 3, end="kon-tum-city-centre"),
    TripRequest("mang-den-town", dt.date(2027, 3, 9), 2, mode="motorbike"),
    TripRequest(
        "attapeu", dt.date(2026, 10, 13), 2, lunch_minutes=0, max_drive_minutes=90, pace=1.5
    ),
)


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: f"{r.start}-{r.mode}")
def test_vectorised_reach_equals_the_scalar_test(request_: TripRequest, real: Network) -> None:
    """Tests that each day pair's reach of every sight and lunch place is the scalar one."""
    ctx = make_context(request_, real)
    ends = [*ctx.hotels, request_.end_site]
    sights, rows, stays = _rows(ctx, "visits")
    places, lunch_rows, no_stay = _rows(ctx, "lunch")
    food = tuple(p for p in _lunch_candidates(ctx) if real.site(p).serves_food)
    assert places == food and not no_stay.any()
    reached = 0
    for a in dict.fromkeys([request_.start, *ctx.hotels]):
        for b in ends:
            expected = [in_reach(ctx, a, b, c) for c in sights]
            assert _in_reach_all(ctx, a, b, rows, stays) == expected, (a, b)
            meals = [in_reach(ctx, a, b, p, visit=False) for p in places]
            assert _in_reach_all(ctx, a, b, lunch_rows, no_stay) == meals, (a, b)
            reached += sum(expected)
    assert reached > 0  # the comparison saw sights in reach, not only refusals


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: f"{r.start}-{r.mode}")
def test_day_places_lunch_equals_the_scalar_lunch_test(
    request_: TripRequest, real: Network
) -> None:
    """Tests that a day's lunch places are those the scalar lunch test accepts."""
    ctx = make_context(request_, real)
    meals = 0
    for a in (request_.start, *ctx.hotels[:6]):
        for b in (*ctx.hotels[:6], request_.end_site):
            day = _day_places(ctx, 0, a, b)
            scalar = {p: _lunch_open(ctx, day, p) for p in _lunch_candidates(ctx)}
            assert {p: _serves_lunch(ctx, day, p) for p in scalar} == scalar, (a, b)
            assert day.meals == frozenset(p for p, ok in scalar.items() if ok)
            meals += len(day.meals)
    assert (meals > 0) == (request_.lunch_minutes > 0)  # lunch places found, unless no lunch
