"""Tests of the overnight proposal: the estimator's pools and the proposal's beam.

:meth:`tourlink.planner.hotels.Estimator._pool` ranks the sights a day can reach with
array arithmetic; the pools (ratios, detours, order) must be exactly those of the plain
per-site loop written here, or the proposed overnight sequences, and so plans, would change.
The beam (``PlanParams.beam``) must bound what the proposal can find, not be a dead knob.
"""

from __future__ import annotations

import datetime as dt

import pytest
from test_planner_problem import REQUESTS

from tourlink.itinerary import TripRequest
from tourlink.network import Network
from tourlink.planner.build import Context, make_context
from tourlink.planner.exact import ALL_SEQUENCES
from tourlink.planner.hotels import Estimator, _budget, propose


def scalar_pool(est: Estimator, a: str, b: str) -> list[tuple[float, float, int, str]]:
    """Return the pool of a day from ``a`` to ``b`` by the plain per-site loop."""
    ctx: Context = est.ctx
    base = ctx.minutes(a, b)
    if base is None:
        return []
    window, drive = _budget(ctx)
    sides = {ctx.country(a), ctx.country(b)}
    pool = []
    for site in ctx.candidates:
        to, back = ctx.minutes(a, site), ctx.minutes(site, b)
        if to is None or back is None or ctx.country(site) not in sides or site in (a, b):
            continue
        detour = max(0.0, to + back - base)
        duration = ctx.duration(site)
        if base + detour + duration > window or base + detour > drive:
            continue
        pool.append((est.value(site) / (detour + duration + 1.0), detour, duration, site))
    pool.sort(reverse=True)
    return pool


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: f"{r.start}-{r.mode}")
def test_pools_equal_the_scalar_loop(request_: TripRequest, real: Network) -> None:
    """Tests that every day pair's pool is the scalar loop's, float for float and in order."""
    ctx = make_context(request_, real)
    est = Estimator(ctx)
    sizes = 0
    for a in dict.fromkeys([request_.start, *ctx.hotels]):
        for b in (*ctx.hotels, request_.end_site):
            pool = est._pool(a, b)
            assert pool == scalar_pool(est, a, b), (a, b)
            assert all(type(x) is float for entry in pool for x in entry[:2])
            sizes += len(pool)
    assert sizes > 0  # some days reach sights: the comparison is not of empty pools


BEAM_REQUESTS = (
    TripRequest("pakse", dt.date(2027, 1, 12), 4),
    TripRequest("kon-tum-city-centre", dt.date(2026, 12, 8), 4, end="pakse"),
)


@pytest.mark.parametrize("request_", BEAM_REQUESTS, ids=lambda r: f"{r.start}-{r.end_site}")
def test_a_beam_wide_enough_proposes_the_best_estimated_sequences(
    request_: TripRequest, real: Network
) -> None:
    """Tests that the proposal's beam, not the screening count, bounds what it can find.

    With a beam as wide as every plausible sequence the ``count`` proposed are exactly the
    best ``count`` of the full enumeration; with a beam of ``count`` they are not (partial
    sequences whose first days look modest were cut), so the beam is no dead parameter.
    """
    ctx = make_context(request_, real)
    every = propose(ctx, count=ALL_SEQUENCES)
    assert len(every) > 100  # the beam has something to cut on these trips
    assert propose(ctx, count=8, beam=len(every)) == every[:8]
    assert propose(ctx, count=8, beam=8) != every[:8]
    assert set(propose(ctx, count=8, beam=64)) <= set(every)  # only plausible sequences
