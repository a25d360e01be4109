"""The planner's front door: :func:`plan` turns a trip request into an itinerary.

Pipeline: collect candidates and the travel matrix (:func:`~tourlink.planner.build.make_context`),
propose overnight sequences (:func:`~tourlink.planner.hotels.propose`), solve the team
problem of each with the engine (:func:`tourlink.engine.search.solve`), keep the best
complete one and schedule it (:func:`~tourlink.planner.schedule.to_itinerary`).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from tourlink.engine.evaluate import Solution
from tourlink.engine.search import solve
from tourlink.exceptions import InfeasibleRequestError, InvalidRequestError
from tourlink.itinerary import Itinerary, TripRequest
from tourlink.planner.build import Build, Context, make_context, make_problem
from tourlink.planner.hotels import feasible_pair, propose
from tourlink.planner.schedule import to_itinerary

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = ["PlanParams", "plan"]


@dataclass(frozen=True, slots=True)
class PlanParams:
    """Tuning of :func:`plan`.

    The best overnight sequence (each is first screened by the engine's greedy
    construction) is improved in rounds of ``patience`` engine iterations, each round
    warm-started from the best itinerary so far; the improvement stops after a round
    that finds nothing better, after ``max_iterations`` iterations, or at
    ``time_limit``, whichever comes first. Without a time limit hit, the result depends
    only on the request and ``seed``.

    Parameters
    ----------
    time_limit
        Cap on the wall-clock seconds of the improvement (not a target: it usually
        stops earlier, when converged).
    seed
        Seed of the engine's random generator (same seed, same itinerary).
    max_iterations
        Cap on the engine iterations of the improvement.
    sequences
        How many overnight sequences to solve (multi-day trips).
    patience
        Engine iterations per improvement round; a round without a better itinerary
        ends the improvement.

    Examples
    --------
    >>> PlanParams(time_limit=0.5).time_limit
    0.5
    >>> PlanParams(time_limit=-1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tourlink.exceptions.InvalidRequestError: `time_limit` must be a number of seconds ...
    """

    time_limit: float = 0.5
    seed: int = 0
    max_iterations: int = 200
    sequences: int = 4
    patience: int = 25

    def __post_init__(self) -> None:
        if not (isinstance(self.time_limit, int | float) and 0.01 <= self.time_limit <= 600):
            raise InvalidRequestError(
                "`time_limit` must be a number of seconds between 0.01 and 600, "
                f"got {self.time_limit!r}.",
                field="time_limit",
            )
        for name, high in (
            ("max_iterations", 1_000_000),
            ("sequences", 50),
            ("patience", 1_000_000),
        ):
            value = getattr(self, name)
            if not (isinstance(value, int) and 1 <= value <= high):
                raise InvalidRequestError(
                    f"`{name}` must be an integer between 1 and {high}, got {value!r}.", field=name
                )


def _screen_solve(build: Build, params: PlanParams) -> Solution:
    # Work-around: the engine divides by (insertion shift + 1), which is 0 when an insertion
    # shortens a tour by exactly one minute (possible with breaks and waiting); numpy's
    # divide-by-zero warning would then abort the run under ``-W error``.
    with np.errstate(divide="ignore", invalid="ignore"):
        return solve(build.problem, seed=params.seed, max_iterations=0).best


def _improve(
    ctx: Context, build: Build, solution: Solution, params: PlanParams, key: tuple[int, int, int]
) -> tuple[tuple[int, int, int], Solution]:
    """Improve ``solution`` in warm-started rounds until one finds nothing better."""
    deadline = time.perf_counter() + params.time_limit
    done = rounds = 0
    while done < params.max_iterations:
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        count = min(params.patience, params.max_iterations - done)
        with np.errstate(divide="ignore", invalid="ignore"):
            result = solve(
                build.problem,
                seed=params.seed + rounds,
                time_limit=left,
                max_iterations=count,
                initial=solution.routes,
            )
        done, rounds = done + count, rounds + 1
        better = _rank(ctx, build, result.best)
        if better is None or better <= key:
            break
        key, solution = better, result.best
        if result.iterations < count:
            break  # stopped by the time limit, or every allowed node is visited
    return key, solution


def _screen(
    ctx: Context, sequences: list[tuple[str, ...]], params: PlanParams
) -> tuple[tuple[int, int, int], Build, Solution] | None:
    """Build every sequence's problem and keep the best greedy construction."""
    best: tuple[tuple[int, int, int], Build, Solution] | None = None
    for nights in sequences:
        build = make_problem(ctx, nights)
        solution = _screen_solve(build, params)
        key = _rank(ctx, build, solution)
        if key is not None and (best is None or key > best[0]):
            best = (key, build, solution)
    return best


def _rank(ctx: Context, build: Build, solution: Solution) -> tuple[int, int, int] | None:
    """Return a sort key (higher is better), or ``None`` when the solution is unusable."""
    if solution.violations:
        return None
    visited = {v for r in solution.routes for v in r}
    if any(g.node not in visited for g in build.gates.values()):
        return None
    required = build.problem.required - {g.node for g in build.gates.values()}
    placed = len(required & visited)
    travel = sum(t.travel for t in solution.tours)
    return (placed, solution.score, -travel)


def plan(
    request: TripRequest, *, network: Network | None = None, params: PlanParams | None = None
) -> Itinerary:
    """Plan an optimised, verified-by-construction itinerary for ``request``.

    Parameters
    ----------
    request
        What the operator asks for.
    network
        The road network and catalogue (default: the shipped data, loaded once).
    params
        Tuning (time limit cap, seed, iterations, patience).

    Returns
    -------
    Itinerary
        Day-by-day stops with real times, roads, fees and warnings. Must-visits that
        cannot fit are explained in ``warnings``, never silently dropped.

    Raises
    ------
    UnknownSiteError
        If a site id of the request is not in the catalogue.
    InfeasibleRequestError
        If no itinerary fits (e.g. the end cannot be reached by that mode, or the trip
        must cross a border without passports).

    Examples
    --------
    >>> import datetime as dt
    >>> trip = plan(TripRequest("kon-tum-city-centre", dt.date(2026, 3, 3), 1))
    >>> trip.days[0].overnight, len(trip.visited) > 2
    ('kon-tum-city-centre', True)
    """
    if network is None:
        from tourlink.read import load_network

        network = load_network()
    params = params or PlanParams()
    for site_id in (request.start, request.end_site, *request.must_visit, *request.avoid):
        network.site(site_id)
    ctx = make_context(request, network)
    sequences: list[tuple[str, ...]] = [(request.end_site,)]
    if request.days > 1:
        sequences = propose(ctx, count=params.sequences)
    if not sequences:
        raise InfeasibleRequestError(_why_no_sequence(ctx))
    best = _screen(ctx, sequences, params)
    if best is None:
        raise InfeasibleRequestError(_why_no_sequence(ctx))
    key, build, solution = best
    _, solution = _improve(ctx, build, solution, params, key)
    return to_itinerary(ctx, build, solution)


def _why_no_sequence(ctx: Context) -> str:
    r = ctx.request
    start, end = ctx.network.site(r.start), ctx.network.site(r.end_site)
    direct = ctx.minutes(r.start, r.end_site)
    window = f"{r.day_start:%H:%M}–{r.day_end:%H:%M}"
    drive = f"{direct:.0f} min" if direct is not None else "an unknown time"
    if r.days == 1 and not feasible_pair(ctx, r.start, r.end_site):
        return (
            f"No itinerary fits: {start.name} to {end.name} takes {drive} by {r.mode}, "
            f"more than one day allows (window {window}, lunch {r.lunch_minutes} min, "
            f"driving limit {r.max_drive_minutes} min); plan more days or another end."
        )
    if ctx.crossings(r.start, r.end_site):
        return (
            f"No itinerary fits: the route from {start.name} to {end.name} ({drive} by "
            f"{r.mode}) crosses a border gate whose hours and formalities, with the "
            f"{window} day and the {r.max_drive_minutes}-min driving limit, leave no "
            f"feasible sequence of overnight places in {r.days} days."
        )
    days_needed = math.ceil((direct or 0) / max(r.max_drive_minutes, 1))
    return (
        f"No itinerary fits: {start.name} to {end.name} takes {drive} by {r.mode} and no "
        f"sequence of overnight places splits it into {r.days} days within the {window} "
        f"window and the {r.max_drive_minutes}-min driving limit (at least {days_needed} "
        "days of driving)."
    )
