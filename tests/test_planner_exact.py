"""Tests that the multi-day search reaches the proven optimum, and trips that need it.

The exact method (:mod:`tourlink.planner.exact`) solves every plausible overnight
sequence to optimality; the heuristic (:func:`~tourlink.planner.plan.solve_context`) must
find the same score on real instances: 30 multi-day trips with hotel choice (2–3 days,
3–4 overnight places, 9–14 candidate sights near the start) and 20 one-day trips over
sights drawn from whole zones of the catalogue.
"""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from tourlink.itinerary import TripRequest
from tourlink.network import Network
from tourlink.planner.build import Context, make_context
from tourlink.planner.check import check_itinerary
from tourlink.planner.exact import nearby, solve_trip_exactly, zone_sample
from tourlink.planner.plan import PlanParams, plan, solve_context
from tourlink.planner.schedule import to_itinerary

STARTS = (
    "kon-tum-city-centre",
    "mang-den-town",
    "pakse",
    "champasak-town",
    "paksong",
    "attapeu",
    "tad-lo-village",
    "salavan",
    "sekong",
    "plei-kan-town",
)
ONE_DAY = (
    ("kon-tum-city", "kon-tum-city-centre"),
    ("kon-tum-city", "dak-to-town"),
    ("kon-tum-city", "sa-thay-town"),
    ("mang-den", "mang-den-town"),
    ("southern-laos", "pakse"),
    ("southern-laos", "champasak-town"),
    ("southern-laos", "paksong"),
    ("southern-laos", "tad-lo-village"),
    ("southern-laos", "attapeu"),
    ("southern-laos", "salavan"),
)


def multi_day(net: Network, k: int) -> Context:
    """Return the ``k``-th multi-day instance (2 or 3 days, 3–4 nights, 9–14 sights)."""
    days = 2 + k % 2
    request = TripRequest(
        STARTS[k % len(STARTS)], dt.date(2026, 11, 3) + dt.timedelta(days=11 * k), days
    )
    sights = 9 + (k * 7) % 6 if days == 2 else 9 + k % 3
    return nearby(make_context(request, net), sights=sights, nights=3 + k % 2)


def one_day(net: Network, k: int) -> Context:
    """Return the ``k``-th one-day instance: 12–14 sights drawn from a whole zone."""
    zone, start = ONE_DAY[k % len(ONE_DAY)]
    request = TripRequest(start, dt.date(2027, 1, 4) + dt.timedelta(days=5 * k), 1)
    return zone_sample(make_context(request, net), zone, sights=12 + k % 3, seed=k)


def _same_as_exact(ctx: Context, net: Network) -> None:
    exact = solve_trip_exactly(ctx)
    # The search is budgeted by iterations; the wall-clock cap is only a safety net, set
    # high here so a loaded machine (parallel workers, other jobs) cannot cut it short.
    found = solve_context(ctx, PlanParams(time_limit=600))
    if exact is None:
        assert found is None or found[1].violations
        return
    assert found is not None
    build, solution = found
    assert (
        len(build.problem.required & {v for r in solution.routes for v in r}),
        solution.score,
    ) >= (
        exact[0][0],
        exact[0][1],
    )
    trip = to_itinerary(ctx, build, solution)
    assert check_itinerary(trip, network=net, must_visit=False) == []


@pytest.mark.parametrize("k", range(30))
def test_multi_day_heuristic_equals_the_exact_optimum(k: int, real: Network) -> None:
    """Tests that the heuristic scores the proven optimum on a multi-day instance with hotels."""
    ctx = multi_day(real, k)
    assert 9 <= len(ctx.candidates) <= 14 and len(ctx.hotels) >= 3
    _same_as_exact(ctx, real)


def test_a_stalled_walk_gets_another_seed(real: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests a 2-day Pakse instance where one improvement walk stalls below the optimum.

    Found by running the heuristic with no extra walks (``SMALL_WALKS = 0``) against the
    exact method on 2–3-day instances near the start (data 2.16): at seed 0 the single
    walk stops at 55 against the proven 56, and the extra walks reach 56. (The earlier
    case, a 2-day Paksong trip at 129 against 135, no longer stalls on data 2.16: its
    optimum is now 129.)
    """
    request = TripRequest("pakse", dt.date(2026, 12, 11), 2)
    ctx = nearby(make_context(request, real), sights=11, nights=3)
    exact = solve_trip_exactly(ctx)
    assert exact is not None and exact[0][1] == 56
    search_module = sys.modules[solve_context.__module__]
    with monkeypatch.context() as patch:
        patch.setattr(search_module, "SMALL_WALKS", 0)
        single = solve_context(ctx, PlanParams(time_limit=600))
    assert single is not None and single[1].score < 56
    _same_as_exact(ctx, real)


@pytest.mark.parametrize("k", range(20))
def test_one_day_heuristic_equals_the_exact_optimum(k: int, real: Network) -> None:
    """Tests that the heuristic scores the proven optimum on a one-day zone sample."""
    _same_as_exact(one_day(real, k), real)


def test_must_visits_that_fit_together_are_both_planned(real: Network) -> None:
    """Tests the 3-day Kon Tum trip with Chư Mom Ray and Đắk Tô: both planned."""
    musts = ("vuon-quoc-gia-chu-mom-ray", "di-tich-dak-to-tan-canh")
    trip = plan(
        TripRequest("kon-tum-city-centre", dt.date(2026, 12, 8), 3, must_visit=musts),
        network=real,
    )
    assert set(musts) <= set(trip.visited)
    assert check_itinerary(trip, network=real) == []


@pytest.mark.parametrize("days", [5, 6, 8])
def test_a_closed_gate_is_waited_out(days: int, real: Network) -> None:
    """Tests Kon Tum → Pakse by coach from 6 Feb 2027 (Tết at Bờ Y): planned, and says why."""
    request = TripRequest(
        "kon-tum-city-centre", dt.date(2027, 2, 6), days, end="pakse", mode="coach"
    )
    trip = plan(request, network=real)
    assert check_itinerary(trip, network=real) == []
    crossing = [d for d in trip.days if d.crossings]
    assert len(crossing) == 1 and crossing[0].date > dt.date(2027, 2, 7)
    closed = [w for w in trip.warnings if w.code == "plan.gate-closed"]
    assert closed and "Tết" in closed[0].text
