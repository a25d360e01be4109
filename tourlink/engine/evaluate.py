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

from tourlink.engine.problem import Problem, Windows

__all__ = ["Result", "Solution", "TourPlan", "Visit", "earliest_start", "evaluate"]

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
        node), or ``None`` when the tour has no break.
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
    """

    best: Solution
    runtime: float
    iterations: int
    method: str
    optimal: bool = False

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
        Earliest-start schedule, score (each visited node counted once) and violations.

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
    fn: TravelFn = travel if travel is not None else (lambda i, j: problem.travel[i][j])
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
    score = sum(problem.scores[v] for v in visited)
    missing = tuple(sorted(problem.required - visited))
    return Solution(
        routes=tuple(plan.route for plan in plans),
        tours=tuple(plans),
        score=score,
        violations=tuple(violations),
        missing_required=missing,
    )


def _membership(problem: Problem, tour: int, route: tuple[int, ...], seen: set[int]) -> list[str]:
    out = []
    depots = set(problem.depots)
    allowed = problem.tours[tour].allowed
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
    return out


def _schedule(
    problem: Problem, index: int, route: tuple[int, ...], fn: TravelFn
) -> tuple[TourPlan, list[str]]:
    """Earliest schedule of one tour, with the break placed by a two-state recursion."""
    spec = problem.tours[index]
    windows = problem.tour_windows(index)
    pause = spec.pause
    problems: list[str] = []
    # plain[p] / rested[p]: departure from stop p (0 = start node) without / with the break.
    plain = [spec.earliest_departure]
    rested: list[tuple[int, int, int] | None] = []  # (departure, break start, break_after)
    plain_times: list[tuple[int, int]] = []
    rested_times: list[tuple[int, int] | None] = []

    def take_break(departure: int, after: int) -> tuple[int, int, int] | None:
        if pause is None:
            return None
        begin = max(departure, pause.earliest)
        return (begin + pause.duration, begin, after) if begin <= pause.latest else None

    rested.append(take_break(spec.earliest_departure, 0))
    previous = spec.start
    travel_sum = 0
    for position, node in enumerate(route, start=1):
        leg = fn(previous, node)
        travel_sum += leg
        arrival = plain[-1] + leg
        start = earliest_start(windows[node], arrival)
        if start is None:
            problems.append(f"tour {index}: node {node} reached at {arrival}, after its windows")
            start = arrival
        plain_times.append((arrival, start))
        plain.append(start + problem.durations[node])
        state = rested[-1]
        carried: tuple[int, int, int] | None = None
        if state is not None:
            r_arrival = state[0] + leg
            r_start = earliest_start(windows[node], r_arrival)
            if r_start is not None:
                carried = (r_start + problem.durations[node], state[1], state[2])
                rested_times.append((r_arrival, r_start))
            else:
                rested_times.append(None)
        else:
            rested_times.append(None)
        fresh = take_break(plain[-1], position)
        if carried is None or (fresh is not None and fresh[0] < carried[0]):
            carried = fresh
        rested.append(carried)
        previous = node
    return _finish(
        problem, index, route, fn, plain, plain_times, rested, rested_times, travel_sum, problems
    )


def _finish(
    problem: Problem,
    index: int,
    route: tuple[int, ...],
    fn: TravelFn,
    plain: list[int],
    plain_times: list[tuple[int, int]],
    rested: list[tuple[int, int, int] | None],
    rested_times: list[tuple[int, int] | None],
    travel_sum: int,
    problems: list[str],
) -> tuple[TourPlan, list[str]]:
    spec = problem.tours[index]
    last = route[-1] if route else spec.start
    leg = fn(last, spec.end)
    travel_sum += leg
    break_start = break_after = None
    times = list(plain_times)
    end_departure = plain[-1]
    if spec.pause is not None:
        final = rested[-1]
        if final is None:
            problems.append(f"tour {index}: the break cannot start by {spec.pause.latest}")
        else:
            end_departure, break_start, break_after = final
            for k in range(break_after, len(route)):
                rested_time = rested_times[k]
                if rested_time is not None:
                    times[k] = rested_time
    arrival = end_departure + leg
    if arrival > spec.latest_arrival:
        problems.append(
            f"tour {index}: arrives at node {spec.end} at {arrival}, "
            f"after latest_arrival {spec.latest_arrival}"
        )
    if spec.max_travel is not None and travel_sum > spec.max_travel:
        problems.append(f"tour {index}: travel {travel_sum} exceeds max_travel {spec.max_travel}")
    visits = tuple(
        Visit(node, a, s, s + problem.durations[node])
        for node, (a, s) in zip(route, times, strict=True)
    )
    waiting = sum(v.start - v.arrival for v in visits)
    distance = None
    if problem.distance is not None:
        stops = (spec.start, *route, spec.end)
        distance = sum(problem.distance[a][b] for a, b in pairwise(stops))
    plan = TourPlan(
        index,
        visits,
        spec.earliest_departure,
        arrival,
        travel_sum,
        waiting,
        distance,
        break_start,
        break_after,
    )
    return plan, problems
