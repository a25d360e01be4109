"""Evaluate routes of a :class:`~tourlink.engine.problem.Problem`: times, score, violations.

This is the independent checker of the engine: it recomputes every time from the
problem data (or from a caller-supplied travel function, e.g. one that works from
raw coordinates) with straightforward code, sharing nothing with the solvers'
bookkeeping. It also builds the :class:`Solution` and :class:`Result` objects the
solvers return.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from tourlink.engine.problem import Problem, Tour, Windows

__all__ = [
    "Result",
    "Solution",
    "TourPlan",
    "Visit",
    "detour_places",
    "earliest_start",
    "evaluate",
]

TravelFn = Callable[[int, int], int]


def earliest_start(windows: Windows, arrival: int) -> int | None:
    """Return the earliest service start at or after ``arrival``, or ``None`` if too late.

    Examples
    --------
    >>> earliest_start(((10, 20), (30, 40)), 25)
    30
    >>> earliest_start(((10, 20),), 21) is None
    True
    """
    for opening, closing in windows:
        if arrival <= closing:
            return max(arrival, opening)
    return None


def detour_places(places: Sequence[int], i: int, j: int, fn: TravelFn) -> list[int]:
    """Return the break places worth a detour on the arc ``(i, j)``, soonest reached first.

    A place other than ``i`` and ``j`` is kept unless another is reached no later from
    ``i`` and lies no farther from ``j`` (ties: the smaller id is kept): such a place
    never gives a later arrival at ``j``, more travel or a break started later, so
    trying the kept ones tries every place. A cheap place reached too late thus does
    not hide a dearer one reached in time.

    Examples
    --------
    >>> T = {(0, 1): 5, (1, 9): 60, (0, 2): 50, (2, 9): 5, (0, 3): 50, (3, 9): 9}
    >>> detour_places((1, 2, 3), 0, 9, lambda a, b: T[a, b])
    [1, 2]
    """
    front: list[int] = []
    nearest = None
    for _reach, onward, f in sorted((fn(i, f), fn(f, j), f) for f in places if f not in (i, j)):
        if nearest is None or onward < nearest:
            front.append(f)
            nearest = onward
    return front


@dataclass(frozen=True, slots=True)
class Visit:
    """Times of one visit: arrival, start of service and departure."""

    node: int
    arrival: int
    start: int
    departure: int


@dataclass(frozen=True, slots=True)
class TourPlan:
    """The schedule of one tour.

    Attributes
    ----------
    visits
        One :class:`Visit` per visited node, in order.
    departure, arrival
        Departure from the start node and arrival at the end node.
    travel, waiting
        Summed travel time and summed waiting time.
    distance
        Summed distance when the problem has a distance matrix, else ``None``.
    break_start, break_after
        Start of the break and the number of visits done before it (0: at the start
        node or on the way to the first visit), or ``None`` when the tour has no break.
    break_place
        The node where the break is taken (the stop it follows, or the place of the
        detour on the way to the next stop), or ``None``.
    """

    tour: int
    visits: tuple[Visit, ...]
    departure: int
    arrival: int
    travel: int
    waiting: int
    distance: int | None
    break_start: int | None
    break_after: int | None
    break_place: int | None = None

    @property
    def route(self) -> tuple[int, ...]:
        """Visited node ids in order."""
        return tuple(v.node for v in self.visits)


@dataclass(frozen=True, slots=True)
class Solution:
    """Routes with their schedules, score and any constraint violations."""

    routes: tuple[tuple[int, ...], ...]
    tours: tuple[TourPlan, ...]
    score: int
    violations: tuple[str, ...]
    missing_required: tuple[int, ...]

    def is_feasible(self) -> bool:
        """Return whether every constraint holds and every required node is visited."""
        return not self.violations and not self.missing_required

    @property
    def num_visits(self) -> int:
        """Number of visited nodes."""
        return sum(len(r) for r in self.routes)


@dataclass(frozen=True, slots=True)
class Result:
    """What a solver returns: the best solution and how it was found (PyVRP's ``Result``).

    Attributes
    ----------
    best
        The best solution found.
    runtime
        Wall-clock seconds spent.
    iterations
        Iterations (heuristic) or labels (exact method) processed.
    method
        ``"ils"`` or ``"exact"``.
    optimal
        Whether the score is proven optimal.
    stopped_by
        Why the search stopped: ``"converged"`` (nothing left to gain, a convergence
        rule, or an exact method's proof), ``"iterations"`` (the iteration budget)
        or ``"time"`` (the wall-clock limit bound).
    """

    best: Solution
    runtime: float
    iterations: int
    method: str
    optimal: bool = False
    stopped_by: str = "converged"

    @property
    def score(self) -> int:
        """Score of the best solution."""
        return self.best.score

    def is_feasible(self) -> bool:
        """Return whether the best solution is feasible and complete."""
        return self.best.is_feasible()

    def summary(self) -> str:
        """Return a one-line summary."""
        verdict = "feasible" if self.is_feasible() else "INFEASIBLE"
        proof = ", proven optimal" if self.optimal else ""
        missing = f", missing required {list(self.best.missing_required)}" * bool(
            self.best.missing_required
        )
        return (
            f"{self.method}: score {self.best.score}{proof}, {self.best.num_visits} visits "
            f"on {len(self.best.routes)} tours, {verdict}{missing}, "
            f"{self.iterations} iterations in {self.runtime:.2f} s"
        )

    def __str__(self) -> str:
        lines = [self.summary()]
        for plan in self.best.tours:
            nodes = " ".join(str(v) for v in plan.route) or "(empty)"
            lines.append(f"tour {plan.tour}: {nodes}  (back at {plan.arrival})")
        lines.extend(f"violation: {text}" for text in self.best.violations)
        return "\n".join(lines)


def evaluate(
    problem: Problem,
    routes: Sequence[Sequence[int]],
    *,
    travel: TravelFn | None = None,
) -> Solution:
    """Schedule ``routes`` on ``problem`` and list every violated constraint.

    Parameters
    ----------
    problem
        The problem.
    routes
        One sequence of visited node ids per tour (depots excluded).
    travel
        Travel time function ``travel(i, j)``; defaults to the problem's matrix.

    Returns
    -------
    Solution
        Earliest-start schedule, score (each visited node counted once, with the
        bonus of the tour that visits it first) and violations.

    Examples
    --------
    >>> from tourlink.engine.problem import Tour
    >>> p = Problem(scores=(0, 5), durations=(0, 1), windows=((), ((0, 10),)),
    ...             travel=((0, 2), (2, 0)),
    ...             tours=(Tour(start=0, end=0, earliest_departure=0, latest_arrival=10),))
    >>> s = evaluate(p, [[1]])
    >>> s.score, s.tours[0].arrival, s.is_feasible()
    (5, 5, True)
    """
    matrix = tuple(problem.travel)  # a plain tuple (a Matrix's rows) indexes fastest
    fn: TravelFn = travel if travel is not None else (lambda i, j: matrix[i][j])
    violations: list[str] = []
    if len(routes) != problem.num_tours:
        violations.append(f"{len(routes)} routes given for {problem.num_tours} tours")
    plans = []
    seen: set[int] = set()
    for index in range(min(len(routes), problem.num_tours)):
        route = tuple(int(v) for v in routes[index])
        violations.extend(_membership(problem, index, route, seen))
        if any(not 0 <= v < problem.num_nodes for v in route):
            plans.append(TourPlan(index, (), 0, 0, 0, 0, None, None, None))
            continue
        plan, problems = _schedule(problem, index, route, fn)
        plans.append(plan)
        violations.extend(problems)
    visited = {v for plan in plans for v in plan.route}
    first_tour: dict[int, int] = {}
    for plan in plans:
        for v in plan.route:
            first_tour.setdefault(v, plan.tour)
    score = sum(problem.scores[v] + problem.tours[t].bonus_of(v) for v, t in first_tour.items())
    missing = tuple(sorted(problem.required - visited))
    return Solution(
        routes=tuple(plan.route for plan in plans),
        tours=tuple(plans),
        score=score,
        violations=tuple(violations),
        missing_required=missing,
    )


def _schedule(
    problem: Problem, index: int, route: tuple[int, ...], fn: TravelFn
) -> tuple[TourPlan, list[str]]:
    """Earliest schedule of one tour: every break option is tried, the best one kept.

    The best option has the fewest violations, then the earliest arrival at the end,
    then comes first along the tour.
    """
    spec = problem.tours[index]
    plain = _run(problem, index, route, fn, None)
    if spec.pause is None:
        runs = [plain]
    else:
        # Each option's run is the plain one up to the stop its break follows.
        runs = [
            _run(problem, index, route, fn, o, plain) for o in _options(problem, index, route, fn)
        ]
    for run in runs:
        _close(problem, index, run)
    best = min(range(len(runs)), key=lambda k: (len(runs[k].problems), runs[k].end_departure, k))
    run = runs[best]
    visits = tuple(
        Visit(node, a, s, s + problem.durations[node])
        for node, (a, s) in zip(route, run.times, strict=True)
    )
    distance = None
    if problem.distance is not None:
        legs = list(pairwise((spec.start, *route, spec.end)))
        if run.via is not None and run.break_after is not None:
            i, j = legs[run.break_after]
            legs[run.break_after : run.break_after + 1] = [(i, run.via), (run.via, j)]
        distance = sum(problem.distance[a][b] for a, b in legs)
    plan = TourPlan(
        index,
        visits,
        spec.earliest_departure,
        run.end_departure,
        run.travel,
        sum(v.start - v.arrival for v in visits),
        distance,
        run.break_start,
        run.break_after,
        run.break_place,
    )
    return plan, run.problems


def _close(problem: Problem, index: int, run: _Run) -> None:
    """Add the end-of-tour violations of ``run`` (late arrival, driving limit)."""
    spec = problem.tours[index]
    if run.end_departure > spec.latest_arrival:
        run.problems.append(
            f"tour {index}: arrives at node {spec.end} at {run.end_departure}, "
            f"after latest_arrival {spec.latest_arrival}"
        )
    if spec.max_travel is not None and run.travel > spec.max_travel:
        run.problems.append(
            f"tour {index}: travel {run.travel} exceeds max_travel {spec.max_travel}"
        )


def _membership(problem: Problem, tour: int, route: tuple[int, ...], seen: set[int]) -> list[str]:
    out = []
    depots = set(problem.depots)
    spec = problem.tours[tour]
    allowed = spec.allowed
    for v in route:
        if not 0 <= v < problem.num_nodes:
            out.append(f"tour {tour}: node {v} does not exist")
            continue
        if v in seen:
            out.append(f"tour {tour}: node {v} is visited more than once")
        seen.add(v)
        if v in depots:
            out.append(f"tour {tour}: node {v} is a depot and cannot be visited")
        if v in problem.excluded:
            out.append(f"tour {tour}: node {v} is excluded")
        if allowed is not None and v not in allowed:
            out.append(f"tour {tour}: node {v} is not allowed on this tour")
    if spec.max_visits is not None and len(route) > spec.max_visits:
        out.append(f"tour {tour}: {len(route)} visits exceed max_visits {spec.max_visits}")
    for group, most in spec.limits:
        count = sum(1 for v in route if v in problem.groups[group])
        if count > most:
            out.append(f"tour {tour}: {count} visits of group {group} exceed its limit {most}")
    return out


@dataclass(frozen=True, slots=True)
class _Option:
    """One way of taking the break: after leaving stop ``after`` or on the arc leaving it."""

    after: int
    place: int
    detour: bool


@dataclass(slots=True)
class _Run:
    """The schedule of one tour under one break option.

    ``marks`` (the run without a break only): before each leg ``p``, the departure,
    the travel so far and how many problems were found (``times`` then holds ``p``
    entries), so that a run with a break can start from there.
    """

    times: list[tuple[int, int]]
    end_departure: int
    travel: int
    problems: list[str]
    break_start: int | None = None
    break_place: int | None = None
    break_after: int | None = None
    via: int | None = None  # the detour's place, if any
    marks: list[tuple[int, int, int]] | None = None


def _options(problem: Problem, index: int, route: tuple[int, ...], fn: TravelFn) -> list[_Option]:
    """Every place the break may be taken on this route, in tour order."""
    spec = problem.tours[index]
    pause = spec.pause
    if pause is None:
        return []
    stops = (spec.start, *route, spec.end)
    if pause.places is None:
        return [_Option(p, stops[p], False) for p in range(len(route) + 1)]
    places = pause.places
    out = []
    for p in range(len(route) + 1):
        i, j = stops[p], stops[p + 1]
        if i in places:
            out.append(_Option(p, i, False))
        out.extend(_Option(p, f, True) for f in detour_places(places, i, j, fn))
        if j in places:  # on arriving at j (before its visit, or at the tour's end)
            out.append(_Option(p, j, True))
    return out


def _run(
    problem: Problem,
    index: int,
    route: tuple[int, ...],
    fn: TravelFn,
    option: _Option | None,
    plain: _Run | None = None,
) -> _Run:
    """Schedule ``route`` with the break taken as ``option`` says (no break: ``None``).

    With ``plain`` (this route's run without a break), the legs before the break's are
    taken from it: a run is the same as the plain one until its break.
    """
    spec = problem.tours[index]
    windows = problem.tour_windows(index)
    stops = (spec.start, *route, spec.end)
    first = 0
    if option is not None and plain is not None and plain.marks is not None:
        first = option.after
        departure, travel, found = plain.marks[first]
        run = _Run(plain.times[:first], departure, travel, plain.problems[:found])
    else:
        run = _Run([], spec.earliest_departure, 0, [])
        if option is None:
            run.marks = []
    for p in range(first, len(stops) - 1):
        if run.marks is not None:
            run.marks.append((run.end_departure, run.travel, len(run.problems)))
        i, j = stops[p], stops[p + 1]
        leg = fn(i, j)
        if option is not None and option.after == p:
            leg = _take_break(index, spec, run, option, (p, i, j), fn)
        run.travel += leg
        arrival = run.end_departure + leg
        if p == len(route):
            run.end_departure = arrival
            break
        start = earliest_start(windows[j], arrival)
        if start is None:
            run.problems.append(f"tour {index}: node {j} reached at {arrival}, after its windows")
            start = arrival
        run.times.append((arrival, start))
        run.end_departure = start + problem.durations[j]
    return run


def _take_break(
    index: int, spec: Tour, run: _Run, option: _Option, arc: tuple[int, int, int], fn: TravelFn
) -> int:
    """Take the break on leaving stop ``p`` (node ``i``); return the travel on to ``j``."""
    p, i, j = arc
    pause = spec.pause
    assert pause is not None
    reach = run.end_departure
    to_place, leg = 0, fn(i, j)
    if option.detour:
        to_place, leg = fn(i, option.place), fn(option.place, j)
        run.via = option.place
    begin = max(reach + to_place, pause.earliest)
    if begin > pause.latest:
        run.problems.append(f"tour {index}: the break cannot start by {pause.latest}")
        run.via = None
        return fn(i, j)
    run.break_start, run.break_place, run.break_after = begin, option.place, p
    run.end_departure = begin + pause.duration - to_place
    return to_place + leg
