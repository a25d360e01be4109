"""An exact method for small trips with hotel choice: every sequence × the engine's exact solver.

Every plausible overnight sequence (:func:`~tourlink.planner.hotels.propose` with no
cap: its filters only drop sequences that cannot be driven, that cross a closed gate,
that cannot reach the end in time or that break the trip's direction) is solved to
proven optimality by :func:`tourlink.engine.exact.solve_exact`; the best is the optimum
of the planner's model. Meant for instances of at most about 15 candidate sights
(:func:`restrict` builds such instances from the real data), to prove the heuristic.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Iterable

from tourlink.engine.evaluate import Solution
from tourlink.engine.exact import solve_exact
from tourlink.planner.build import Context
from tourlink.planner.hotels import propose
from tourlink.planner.problem import Build, make_problem

__all__ = ["ALL_SEQUENCES", "nearby", "restrict", "solve_trip_exactly", "zone_sample"]

ALL_SEQUENCES = 100_000
"""A sequence cap no small instance reaches: :func:`propose` then enumerates them all."""


def restrict(ctx: Context, candidates: Iterable[str], hotels: Iterable[str]) -> Context:
    """Return ``ctx`` with only the given candidate sights and overnight places.

    Must-visits outside ``candidates`` stay unplanned (the exact method and the
    heuristic see the same instance).
    """
    keep = tuple(c for c in ctx.candidates if c in set(candidates))
    nights = tuple(h for h in ctx.hotels if h in set(hotels))
    return dataclasses.replace(
        ctx,
        candidates=keep,
        hotels=nights,
        values={c: ctx.values[c] for c in keep},
    )


def nearby(ctx: Context, *, sights: int, nights: int) -> Context:
    """Return ``ctx`` restricted to the sights and night places nearest the start.

    ``sights`` sights and ``nights`` night places, by driving time from the start (ties
    by id); the start itself counts when it is a night place.
    """
    start = ctx.request.start

    def near(place: str) -> tuple[float, str]:
        minutes = ctx.minutes(start, place)
        return (math.inf if minutes is None else minutes, place)

    hotels = sorted(ctx.hotels, key=near)[:nights]
    return restrict(ctx, sorted(ctx.candidates, key=near)[:sights], hotels)


def zone_sample(ctx: Context, zone: str, *, sights: int, seed: int) -> Context:
    """Return ``ctx`` restricted to ``sights`` sights of ``zone`` drawn at random (seeded)."""
    pool = sorted(c for c in ctx.candidates if ctx.network.site(c).zone == zone)
    chosen = random.Random(seed).sample(pool, min(sights, len(pool)))
    return restrict(ctx, chosen, ctx.hotels)


def rank(build: Build, solution: Solution) -> tuple[int, int] | None:
    """Return (must-visits placed, score) of a feasible solution that crosses where it must."""
    if solution.violations:
        return None
    visited = {v for r in solution.routes for v in r}
    gates = {g.node for g in build.gates.values()}
    if not gates <= visited:
        return None
    return (len((build.problem.required - gates) & visited), solution.score)


def solve_trip_exactly(
    ctx: Context, *, max_customers: int = 15
) -> tuple[tuple[int, int], Build, Solution] | None:
    """Return the proven best (must-visits placed, score), its problem and solution.

    Returns ``None`` when no plausible sequence has a feasible solution.
    """
    r = ctx.request
    sequences = [(r.end_site,)] if r.days == 1 else propose(ctx, count=ALL_SEQUENCES)
    best: tuple[tuple[int, int], Build, Solution] | None = None
    for nights in sequences:
        build = make_problem(ctx, nights)
        solution = solve_exact(build.problem, max_customers=max_customers).best
        key = rank(build, solution)
        if key is not None and (best is None or key > best[0]):
            best = (key, build, solution)
    return best
