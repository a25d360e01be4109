"""The planner's front door: :func:`plan` turns a trip request into an itinerary.

Pipeline: collect candidates and the travel matrix (:func:`~tourlink.planner.build.make_context`),
propose overnight sequences (:func:`~tourlink.planner.hotels.propose`), solve the team
problem of each with the engine (:func:`tourlink.engine.search.solve`), keep the best
complete one and schedule it (:func:`~tourlink.planner.schedule.to_itinerary`).
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from tourlink.engine.evaluate import Result, Solution
from tourlink.engine.search import SolveParams, load_engine, solve
from tourlink.exceptions import InfeasibleRequestError, InvalidRequestError
from tourlink.itinerary import Itinerary, TripRequest
from tourlink.messages import Message, Param, Ref, message
from tourlink.planner import texts as T
from tourlink.planner.build import Context, make_context
from tourlink.planner.hotels import Estimator, feasible_pair, propose
from tourlink.planner.problem import Build, make_problem
from tourlink.planner.schedule import to_itinerary
from tourlink.routing import gate_name
from tourlink.texts import MODE_NAMES, text_ref

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = ["PlanParams", "plan", "search", "solve_context"]


@dataclass(frozen=True, slots=True)
class PlanParams:
    """Tuning of :func:`plan`.

    Multi-day trips: up to ``sequences`` plausible overnight sequences are proposed
    (all of them when there are that few, see :func:`~tourlink.planner.hotels.propose`),
    each is screened by the engine's greedy construction, and the ``improve`` best are
    improved (on small instances, at most ``EXHAUSTIVE`` candidates and sequences, every
    one whose score bound could beat the best found). An improvement is one engine run
    warm-started from the greedy routes; it stops once ``patience`` iterations in a row
    found nothing better (converged), or after ``max_iterations``. The result depends
    only on the request, the data and ``seed``; ``time_limit`` is a safety cap on the
    whole call (set-up included, but not compiling the engine once after installing),
    reported in the itinerary's warnings when it binds.

    Parameters
    ----------
    time_limit
        Safety cap on the wall-clock seconds of the whole call.
    seed
        Seed of the engine's random generator (same seed, same itinerary).
    max_iterations
        Cap on the engine iterations of each sequence's improvement.
    sequences
        How many overnight sequences to propose and screen (multi-day trips).
    beam
        How many partial overnight sequences the proposal keeps after each day (at least
        ``sequences``): the ``sequences`` best complete ones are screened.
    improve
        How many of the best-screened sequences to improve.
    patience
        Engine iterations in a row without a better itinerary that end an improvement
        (the convergence rule).
    engine
        The engine's tuning (its ``converge`` is replaced by ``patience``).

    Examples
    --------
    >>> PlanParams(time_limit=0.5).time_limit
    0.5
    >>> PlanParams(time_limit=-1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tourlink.exceptions.InvalidRequestError: `time_limit` must be a number of seconds ...
    """

    time_limit: float = 10.0
    seed: int = 0
    max_iterations: int = 600
    sequences: int = 24
    beam: int = 64
    improve: int = 2
    patience: int = 200
    engine: SolveParams = field(default_factory=lambda: planner_engine())

    def __post_init__(self) -> None:
        if not (isinstance(self.time_limit, int | float) and 0.01 <= self.time_limit <= 600):
            raise InvalidRequestError(
                "`time_limit` must be a number of seconds between 0.01 and 600, "
                f"got {self.time_limit!r}.",
                field="time_limit",
            )
        for name, high in (
            ("max_iterations", 1_000_000),
            ("sequences", 100_000),
            ("beam", 100_000),
            ("improve", 1000),
            ("patience", 1_000_000),
        ):
            value = getattr(self, name)
            if not (isinstance(value, int) and 1 <= value <= high):
                raise InvalidRequestError(
                    f"`{name}` must be an integer between 1 and {high}, got {value!r}.", field=name
                )


Key = tuple[int, int, int]
PLANNER_NOISE = 0.8
"""Insertion noise of the planner's engine runs (see ``bench/README.md``, *plan*)."""


def planner_engine() -> SolveParams:
    """Return the engine settings of the planner's runs.

    The benchmark defaults with the planner's insertion noise, no segment cut and the
    one restart patience for any number of days (the cut and the longer patience of
    three tours or more help the TOPTW benchmark's long tours, not a tourist's day of a
    few visits, whose plans the quality bench and the exact tests were measured with).
    """
    base = SolveParams()
    return SolveParams(noise=PLANNER_NOISE, cut_rate=0.0, max_no_improve_many=base.max_no_improve)


SMALL_WALKS = 2
"""Extra improvement walks (other seeds) of a sequence on small instances (see search)."""
EXHAUSTIVE = 16
"""On instances of at most this many candidate sights and screened sequences (the scale the
exact method proves), every sequence whose bound cannot rule it out is improved."""


@dataclass
class _Clock:
    """The call's safety cap: a deadline, and whether it cut the search short."""

    deadline: float
    binding: bool = False

    def left(self) -> float:
        return self.deadline - time.perf_counter()


def _solve(
    build: Build,
    *,
    seed: int,
    iterations: int,
    clock: _Clock,
    initial: Sequence[Sequence[int]] | None = None,
    converge: int | None = None,
    engine: SolveParams | None = None,
) -> Result:
    engine = engine or SolveParams(cut_rate=0.0)
    # The engine divides by (insertion shift + 1), which is 0 when an insertion shortens a
    # tour by exactly one minute (possible with breaks); numpy would warn under -W error.
    with np.errstate(divide="ignore", invalid="ignore"):
        result = solve(
            build.problem,
            params=dataclasses.replace(engine, converge=converge),
            seed=seed,
            time_limit=max(clock.left(), 0.001),
            max_iterations=iterations,
            initial=initial,
        )
    if result.stopped_by == "time":
        clock.binding = True
    return result


def _improve(
    ctx: Context,
    build: Build,
    solution: Solution,
    key: Key,
    params: PlanParams,
    clock: _Clock,
    *,
    walk: int = 0,
) -> tuple[Key, Solution]:
    """Improve ``solution`` until ``patience`` iterations find nothing better (or the cap).

    ``walk`` numbers independent walks from the same start (the engine's seed is
    ``params.seed + walk``).
    """
    result = _solve(
        build,
        seed=params.seed + walk,
        iterations=params.max_iterations,
        clock=clock,
        initial=solution.routes,
        converge=params.patience,
        engine=params.engine,
    )
    better = _rank(ctx, build, result.best)
    if better is None or better <= key:
        return key, solution
    return better, result.best


def _screen(
    ctx: Context, sequences: list[tuple[str, ...]], params: PlanParams, clock: _Clock
) -> list[tuple[Key, Build, Solution]]:
    """Build every sequence's problem and rank its greedy construction, best first."""
    found: list[tuple[Key, int, Build, Solution]] = []
    for order, nights in enumerate(sequences):
        if found and clock.left() <= 0:
            clock.binding = True
            break  # the safety cap: keep what is screened (always at least one usable)
        build = make_problem(ctx, nights)
        solution = _solve(build, seed=params.seed, iterations=0, clock=clock).best
        key = _rank(ctx, build, solution)
        if key is not None:
            found.append((key, -order, build, solution))
    found.sort(key=lambda f: (f[0], f[1]), reverse=True)
    return [(key, build, solution) for key, _, build, solution in found]


def _rank(ctx: Context, build: Build, solution: Solution) -> Key | None:
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


def _bound(build: Build) -> int:
    """Return an upper bound on the score of any solution of ``build.problem``.

    Each tour can at best collect its ``max_visits`` highest-scoring allowed nodes.
    """
    p = build.problem
    total = 0
    for t, tour in enumerate(p.tours):
        scores = sorted((p.scores[v] + tour.bonus_of(v) for v in p.allowed_on(t)), reverse=True)
        total += sum(scores[: tour.max_visits])
    return total


def search(
    ctx: Context, params: PlanParams, clock: _Clock, sequences: list[tuple[str, ...]]
) -> tuple[Build, Solution] | None:
    """Screen ``sequences``, improve the promising ones, return the best found.

    The ``params.improve`` best-screened sequences are improved, then every other one
    whose score bound (:func:`_bound`) could still beat the best found, best-screened
    first, while the safety cap allows. On small instances (the exhaustive regime) a
    sequence whose improved score stays below its bound gets :data:`SMALL_WALKS` more
    walks from the same start with other seeds, the best kept: one walk can stall in a
    local optimum that a second leaves (a 2-day Paksong instance of ``bench/quality.py
    --exact 30`` on data 2.15: 129 against the proven 135 at seed 0, 135 at seeds 1 to 3;
    on data 2.16, a 2-day Pakse instance: 55 against 56, see tests/test_planner_exact.py).
    """
    screened = _screen(ctx, sequences, params, clock)
    best: tuple[Key, Build, Solution] | None = None
    for order, (key, build, solution) in enumerate(screened):
        if clock.binding:
            break
        small = len(screened) <= EXHAUSTIVE and len(ctx.candidates) <= EXHAUSTIVE
        if order >= params.improve and (
            not small or (best is not None and _bound(build) <= best[0][1])
        ):
            continue
        start = solution
        key, solution = _improve(ctx, build, start, key, params, clock)
        for walk in range(1, SMALL_WALKS + 1 if small else 1):
            if clock.binding or key[1] >= _bound(build):
                break
            # _improve answers (key, start) when its walk finds nothing better than ``key``:
            # the max keeps the walk that reached ``key`` (the first of equal keys).
            key, solution = max(
                (key, solution),
                _improve(ctx, build, start, key, params, clock, walk=walk),
                key=lambda found: found[0],
            )
        if best is None or key > best[0]:
            best = (key, build, solution)
    if best is None and screened:
        best = screened[0]
    return None if best is None else (best[1], best[2])


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
    params = params or PlanParams()
    # Compiling the engine (once after installing) is not planning: the safety cap starts
    # after it, or the first plan of a fresh install would be cut short by it.
    load_engine()
    clock = _Clock(time.perf_counter() + params.time_limit)
    if network is None:
        from tourlink.read import load_network

        network = load_network()
    for site_id in (request.start, request.end_site, *request.must_visit, *request.avoid):
        network.site(site_id)
    ctx = make_context(request, network)
    found = solve_context(ctx, params, clock)
    if found is None:
        raise InfeasibleRequestError(_why_no_sequence(ctx))
    build, solution = found
    extra = [message(T.TIME_CAP, seconds=params.time_limit)] if clock.binding else []
    return to_itinerary(ctx, build, solution, extra=extra)


def solve_context(
    ctx: Context, params: PlanParams, clock: _Clock | None = None
) -> tuple[Build, Solution] | None:
    """Return the best problem and solution the search finds for ``ctx`` (``None``: none).

    Parameters
    ----------
    ctx
        The request's context (possibly restricted, see :mod:`tourlink.planner.exact`).
    params
        Tuning.
    clock
        The safety cap (default: ``params.time_limit`` from now).
    """
    clock = clock or _Clock(time.perf_counter() + params.time_limit)
    sequences: list[tuple[str, ...]] = [(ctx.request.end_site,)]
    if ctx.request.days > 1:
        sequences = propose(ctx, count=params.sequences, beam=params.beam)
    return search(ctx, params, clock, sequences) if sequences else None


def _why_no_sequence(ctx: Context) -> Message:
    r = ctx.request
    start, end = ctx.network.site(r.start), ctx.network.site(r.end_site)
    direct = ctx.minutes(r.start, r.end_site)
    drive = (
        message(T.DRIVE_MINUTES, minutes=round(direct))
        if direct is not None
        else message(T.DRIVE_UNKNOWN)
    )
    common: dict[str, Param] = {
        "start": T.site_ref(start),
        "end": T.site_ref(end),
        "drive": drive,
        "mode": Ref("mode", r.mode, MODE_NAMES.get(r.mode, r.mode)),
        "day_start": r.day_start,
        "day_end": r.day_end,
        "limit": r.max_drive_minutes,
    }
    if r.days == 1 and not feasible_pair(ctx, r.start, r.end_site):
        return message(T.NO_FIT_ONE_DAY, lunch=r.lunch_minutes, **common)
    crossings = ctx.crossings(r.start, r.end_site)
    for crossing_id in crossings:
        gate = ctx.network.dataset.crossings[crossing_id]
        for closure in gate.closures:
            closed = tuple(d for d in r.dates if closure.covers(d))
            if closed:
                return message(
                    T.NO_FIT_GATE_CLOSED,
                    start=common["start"],
                    end=common["end"],
                    crossing=Ref("crossing", gate.id, gate_name(gate)),
                    dates=closed,
                    reason=text_ref(f"{gate.id}:closure:{closure.start}", closure.reason),
                    days=r.days,
                    reopens=closure.end,
                )
    needed = math.ceil((direct or 0) / max(r.max_drive_minutes, 1))
    # The fewest days the overnight places allow, whatever the gates' dates (None: no
    # number of days): when it is more than the trip has, the distance is the cause, not
    # a gate (Sekong -> Hội An by coach: 546 min, 2 days by the driving limit, 4 by the
    # places to sleep).
    steps = Estimator(ctx).steps_to_end(r.start)
    if needed <= r.days:
        found = _what_would_fit(ctx)
        if found is not None:
            said: dict[str, Param] = {
                "start": common["start"],
                "end": common["end"],
                "drive": drive,
                "mode": common["mode"],
                "days": r.days,
                "profile": message(T.PACE_NAMES[r.profile.name]),
                "active": r.profile.active_minutes,
            }
            if found == T.NO_FIT_LUNCH:
                said |= {"lunch": r.lunch_minutes, "lunch_start": r.lunch_start}
                said["lunch_end"] = r.lunch_end
            return message(found, **said)
        if crossings and (steps is None or steps <= r.days):
            return message(T.NO_FIT_GATE, days=r.days, **common)
    return message(T.NO_FIT_DAYS, days=r.days, needed=max(needed, steps or 0), **common)


def _what_would_fit(ctx: Context) -> str | None:
    """Name the rule without which the trip would have plausible overnight sequences.

    Tried in turn: no lunch break (the lunch is the cause: :data:`T.NO_FIT_LUNCH`), then
    the whole ``day_start``–``day_end`` window as the active day (the pace is:
    :data:`T.NO_FIT_PACE`). ``None`` when neither alone gives a sequence, or when the
    request has plausible sequences as it is (the cause is then elsewhere: the engine
    found none of them feasible).
    """
    r = ctx.request
    if propose(ctx, count=1):
        return None
    low, high = (t.hour * 60 + t.minute for t in (r.day_start, r.day_end))
    tries = []
    if r.lunch_minutes:
        tries.append((T.NO_FIT_LUNCH, dataclasses.replace(r, lunch_minutes=0)))
    if r.profile.active_minutes < high - low:
        tries.append((T.NO_FIT_PACE, dataclasses.replace(r, max_active_minutes=high - low)))
    for said, relaxed in tries:
        if propose(make_context(relaxed, ctx.network), count=1):
            return said
    return None
