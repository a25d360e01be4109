"""Iterated local search for :class:`~tourlink.engine.problem.Problem` (the engine's front door).

The method follows Vansteenwegen, Souffriau, Vanden Berghe and Van Oudheusden
(2009, "Iterated local search for the team orienteering problem with time
windows", C&OR 36(12)): greedy insertion by the ratio ``score² / shift`` with
O(1) feasibility checks, alternated with a shake that removes consecutive visits
from every tour. Additions: the insertion ratios are randomly damped (``noise``),
each insertion phase is followed by *replace* moves (a visit swapped in place for
a better unvisited node); every new best solution is polished by 2-opt within
tours (and, optionally, a travel-reducing *relocate* across tours), then refilled;
shake sizes are drawn at random and grow while the search stalls. With two tours
or more, the distinct feasible routes met are pooled and a stalled walk restarts
from the heaviest set of disjoint pooled routes if it beats the best solution
(route recombination after Hu and Lim, 2014, EJOR 232(2)), else from the best (or,
with probability ``fresh_rate``, from scratch); the walk then accepts worse steps
by a simulated-annealing rule (as in Gunawan, Lau and Lu's SAILS, 2017) instead
of keeping every step. A warm start (``initial``) begins from given routes. The
search stops early once every node that may be visited is visited.

Every move on every tour is checked by one compiled schedule model
(:mod:`~tourlink.engine._schedule`): per tour stop, the earliest departure
without and with the break taken, and the latest arrival in each state that keeps
the rest of the tour feasible (the "MaxShift" bookkeeping written as absolute
times, doubled for the break), so a splice is checked in time proportional to its
new part; it covers several windows per node, the break with its window and
places (at a stop or by a detour), the driving limit, per-tour windows and visit
caps. The scans (:mod:`~tourlink.engine._kernels`) run compiled with numba: the
earlier departure and the later threshold never decrease along a tour, so a
binary search first confines each node to the gaps it could fit in; and when
travel plus service times satisfy the triangle inequality and the tour has no
break, an insertion can only shrink the set of nodes that fit, so only those are
rescanned. Removals that break a tour (possible when travel times violate the
triangle inequality, as truncated distances do) are repaired by dropping visits,
and only feasible solutions are ever kept as best.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tourlink.engine.evaluate import Result, evaluate
from tourlink.engine.problem import Problem
from tourlink.exceptions import InvalidRequestError

if TYPE_CHECKING:
    from tourlink.engine._ils import Engine

__all__ = ["SolveParams", "load_engine", "solve"]


@dataclass(frozen=True, slots=True)
class SolveParams:
    """Tuning of :func:`solve` (defaults tuned on the TOPTW benchmark, see ``bench/README.md``).

    Parameters
    ----------
    max_no_improve
        Shake iterations without a new best before the walk restarts (from the best,
        or from scratch with probability ``fresh_rate``), on problems of one or two tours.
    max_no_improve_many
        The same on problems of three tours or more, whose neighbourhoods are larger
        (TOPTW pr01–pr20 with 3 and 4 tours at 3 s: 1.44 / 1.46 / 1.68 % average gap at
        seeds 1 / 2 / 3 with 120 against 1.95 / 1.71 / 1.80 % with 60, ``bench/README.md``);
        the tourism planner keeps 60 (:func:`~tourlink.planner.plan.planner_engine`).
    shake_fraction
        Largest shake per tour, as a fraction of the longest tour's visits divided by
        the number of tours (at least two visits).
    grow
        The drawn shake size is at most ``2 + stale // grow`` visits, so shakes grow
        while the search stalls.
    noise
        Random damping of the insertion ratios, in [0, 1): each ratio ``w² / shift`` is
        multiplied by ``1 - noise * U(0, 1)``, which diversifies the insertions.
    fresh_rate
        Probability that a restart begins from an empty solution instead of the best.
    polish_rate
        Probability of running 2-opt and relocate after every insertion phase (they
        always run on a new best).
    shake_tours
        Number of tours shaken per iteration (in turn), 0 for all.
    replace
        Whether to try replacing visits by better unvisited nodes.
    relocate
        Whether the polish includes the travel-reducing relocate across tours.
    or_opt
        Whether the polish includes Or-opt: segments of up to three visits moved
        within their tour where that saves travel, or time at equal travel.
    exchange
        Whether the polish includes the exchange of segments between tours (CROSS
        exchange: up to ``segment`` consecutive visits of one tour for up to as many
        of another, in order; one segment may be empty, which makes it a
        relocation) where that gains weight, or saves travel at equal weight.
    segment
        Longest segment the exchange moves (1: single visits).
    look_ahead
        Whether the best solution, once the walk stops, is given changes that cost
        travel (each swap of two neighbouring visits; the segment exchanges between
        two tours that add least travel) after which a free node fits, followed by
        insertions, while one raises the score.
    recombine
        Whether restarts (with two tours or more) first try a recombination of the
        route pool: the heaviest set of disjoint pooled routes, one per tour, if it
        beats the best solution.
    temperature
        Simulated-annealing acceptance after a shake that does not give a new best:
        a loss of ``d`` in score is kept with probability ``exp(-d / (temperature *
        mean visit score * f))``, ``f`` falling linearly from 1 to 0 over the run
        (time or iterations), else the walk goes back; 0 keeps every walk step. Used
        only together with the route pool (two tours or more, ``recombine``).
    reverse_rate
        Probability that the shake also reverses a random segment of each shaken tour
        (kept if the tour stays feasible), which diversifies the order of visits.
    tabu_rate
        Probability that the visits a shake removes may not return to their own tour
        in the insertion phase that follows (so that others take their place).
    seed_rate
        Probability that a shake instead empties one tour around a free node heavier
        than each of its visits (drawn by squared weight): a top node that fits only
        once several lesser ones make room is otherwise out of the shake's reach.
    cut_rate
        Probability that a shake instead cuts a contiguous quarter to a half of the
        visits out of one tour (drawn at random among the tours with visits), refilled
        by the insertion phase that follows: a larger, more local perturbation than
        the shake's few visits of every tour. 0 never cuts and draws no random number
        for it; the tourism planner uses 0 (its days are short and already proven
        against the exact methods), the benchmark default 0.1 (see ``bench/README.md``).
    converge
        Stop once this many shake iterations in a row found no new best (a
        convergence rule: the result then depends only on the problem and the seed),
        or ``None``.

    Examples
    --------
    >>> SolveParams(max_no_improve=50).max_no_improve
    50
    """

    max_no_improve: int = 60
    max_no_improve_many: int = 120
    shake_fraction: float = 0.5
    grow: int = 3
    noise: float = 0.5
    fresh_rate: float = 0.1
    polish_rate: float = 0.2
    shake_tours: int = 0
    replace: bool = True
    relocate: bool = False
    or_opt: bool = True
    exchange: bool = True
    segment: int = 3
    look_ahead: bool = True
    recombine: bool = True
    temperature: float = 4.0
    reverse_rate: float = 0.2
    tabu_rate: float = 0.5
    seed_rate: float = 0.15
    cut_rate: float = 0.1
    converge: int | None = None

    def __post_init__(self) -> None:
        for name, low in (
            ("max_no_improve", 1),
            ("max_no_improve_many", 1),
            ("grow", 1),
            ("shake_tours", 0),
            ("segment", 1),
        ):
            value = getattr(self, name)
            if value < low:
                word = "non-negative" if low == 0 else f"at least {low}"
                raise InvalidRequestError(f"`{name}` must be {word}, got {value}.", field=name)
        if not 0.0 < self.shake_fraction <= 1.0:
            raise InvalidRequestError(
                f"`shake_fraction` must be in (0, 1], got {self.shake_fraction}.",
                field="shake_fraction",
            )
        if not 0.0 <= self.noise < 1.0:
            raise InvalidRequestError(
                f"`noise` must be in [0, 1), got {self.noise}.", field="noise"
            )
        if self.temperature < 0.0:
            raise InvalidRequestError(
                f"`temperature` must be non-negative, got {self.temperature}.", field="temperature"
            )
        for name in (
            "fresh_rate",
            "polish_rate",
            "reverse_rate",
            "tabu_rate",
            "seed_rate",
            "cut_rate",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise InvalidRequestError(f"`{name}` must be in [0, 1], got {value}.", field=name)
        if self.converge is not None and self.converge < 1:
            raise InvalidRequestError(
                f"`converge` must be at least 1 or None, got {self.converge}.", field="converge"
            )


def load_engine() -> type[Engine]:
    """Load the engine, whose inner loops are compiled with numba, and return its class.

    Loading the compiled loops takes a few tenths of a second, once per process. The
    first time after installing, compiling them fills numba's on-disk cache and takes
    longer (see ``bench/README.md``); that is announced on stderr, with the time it
    took at the end. :func:`solve` loads the engine itself before its clock starts, so
    that ``import tourlink`` stays fast for work that needs no search; a long-running
    process (the web server) calls this once at start so that its first plan is as
    fast as the others.

    Returns
    -------
    type
        The engine class (private).
    """
    from tourlink.engine import _schedule
    from tourlink.engine._ils import Engine

    if _schedule.COMPILING and len(_schedule.COMPILING) == 1:
        took = time.perf_counter() - _schedule.COMPILING[0]
        _schedule.COMPILING.append(took)
        print(f"tourlink: optimiser compiled in {took:.0f} s", file=sys.stderr, flush=True)
    return Engine


def solve(
    problem: Problem,
    *,
    params: SolveParams | None = None,
    seed: int = 0,
    time_limit: float | None = None,
    max_iterations: int | None = None,
    initial: Sequence[Sequence[int]] | None = None,
) -> Result:
    """Find a high-scoring feasible set of tours for ``problem``.

    Parameters
    ----------
    problem
        The problem to solve.
    params
        Tuning; defaults to ``SolveParams()``.
    seed
        Seed of the random generator; the same seed and ``max_iterations`` (or
        ``params.converge``) give the same result whatever the machine's load, unless
        ``time_limit`` binds first (:attr:`Result.stopped_by` then says ``"time"``).
    time_limit
        Wall-clock seconds after which the best solution so far is returned.
    max_iterations
        Number of shake iterations after which to stop. When no limit is given (nor
        ``params.converge``), 1000 iterations are run.
    initial
        Routes to start from (warm start), one per tour in tour order (missing ones
        are empty). Visits a tour may not make and repeated visits are dropped, then
        visits are removed until every tour is feasible; the search fills and
        improves the rest. Node ids must lie in ``0 … num_nodes - 1``.

    Returns
    -------
    Result
        Best solution (scheduled and checked by :func:`~tourlink.engine.evaluate.evaluate`),
        runtime and iteration count.

    Examples
    --------
    >>> from tourlink.engine.problem import Tour
    >>> p = Problem(scores=(0, 5, 7), durations=(0, 1, 1),
    ...             windows=((), ((0, 10),), ((0, 10),)),
    ...             travel=((0, 2, 3), (2, 0, 4), (3, 4, 0)),
    ...             tours=(Tour(start=0, end=0, earliest_departure=0, latest_arrival=12),))
    >>> result = solve(p, max_iterations=20)
    >>> result.best.routes, result.best.score
    (((1, 2),), 12)
    """
    if time_limit is not None and time_limit < 0:
        raise InvalidRequestError(
            f"`time_limit` must be non-negative, got {time_limit}.", field="time_limit"
        )
    if max_iterations is not None and max_iterations < 0:
        raise InvalidRequestError(
            f"`max_iterations` must be non-negative, got {max_iterations}.",
            field="max_iterations",
        )
    start = _initial_routes(problem, initial)
    Engine = load_engine()  # before the clock starts
    params = params or SolveParams()
    if time_limit is None and max_iterations is None and params.converge is None:
        max_iterations = 1000
    began = time.perf_counter()
    deadline = None if time_limit is None else began + time_limit
    engine = Engine(problem, params, random.Random(seed))
    if start is not None:
        engine.warm_start(start)
    iterations, stopped_by = engine.run(deadline, max_iterations, params.converge)
    best = evaluate(problem, engine.best_routes)
    return Result(best, time.perf_counter() - began, iterations, "ils", stopped_by=stopped_by)


def _initial_routes(
    problem: Problem, initial: Sequence[Sequence[int]] | None
) -> list[list[int]] | None:
    """Validate the shape of a warm start (its feasibility is repaired, not checked)."""
    if initial is None:
        return None
    if len(initial) > problem.num_tours:
        raise InvalidRequestError(
            f"`initial` must have at most {problem.num_tours} routes (one per tour), "
            f"got {len(initial)}.",
            field="initial",
        )
    routes = [[int(v) for v in route] for route in initial]
    for route in routes:
        for v in route:
            if not 0 <= v < problem.num_nodes:
                raise InvalidRequestError(
                    f"`initial` must hold node ids between 0 and {problem.num_nodes - 1}, got {v}.",
                    field="initial",
                )
    return routes
