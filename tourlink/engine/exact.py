"""Exact method for small problems: label setting per tour, then a disjoint-subset search.

For every tour, a label-setting dynamic programme over (visited set, last node,
break taken?) keeps the Pareto-best (time, travel) labels and so finds every
subset of customers that some order can serve on that tour, with one witness
route each. The semantics are those of :mod:`tourlink.engine.evaluate` (earliest
starts, several windows, the break, the driving limit, per-tour windows and
allowed nodes). A memoised search then picks disjoint subsets, one per tour,
maximising the score, with required nodes counted first. The result is proven
optimal; the cost grows as ``2^n``, so it is meant for about 15 customers.
"""

from __future__ import annotations

import time
from functools import cache

from tourlink.engine.evaluate import Result, detour_places, earliest_start, evaluate
from tourlink.engine.problem import Problem
from tourlink.exceptions import InvalidRequestError

__all__ = ["feasible_subsets", "solve_exact"]

Label = tuple[int, int, tuple[int, ...]]  # time, travel, route


def feasible_subsets(
    problem: Problem, tour: int, nodes: tuple[int, ...]
) -> tuple[dict[int, tuple[int, ...]], int]:
    """Return {bit mask over ``nodes``: witness route} of the subsets tour ``tour`` can serve.

    Also returns the number of labels created.
    """
    spec = problem.tours[tour]
    rules = _Rules(problem, tour, nodes)
    layer: dict[tuple[int, int, bool], list[Label]] = {}
    _add(layer, (0, spec.start, False), (spec.earliest_departure, 0, ()))
    if rules.rests_at(spec.start) and (r := rules.rest(spec.earliest_departure)) is not None:
        _add(layer, (0, spec.start, True), (r, 0, ()))
    found: dict[int, tuple[int, ...]] = {}
    created = 0
    while layer:
        following: dict[tuple[int, int, bool], list[Label]] = {}
        for (mask, last, rested), labels in layer.items():
            for label in labels:
                created += 1
                _complete(problem, tour, rules, found, mask, last, rested, label)
                for bit, v in enumerate(nodes):
                    if mask >> bit & 1 or not rules.may_add(mask, bit):
                        continue
                    for key_rested, extended in rules.extend(label, last, v, rested):
                        _add(following, (mask | 1 << bit, v, key_rested), extended)
        layer = following
    return found, created


class _Rules:
    """The rules of one tour, written directly from the problem (independent of the search)."""

    def __init__(self, problem: Problem, tour: int, nodes: tuple[int, ...]) -> None:
        self.problem = problem
        self.spec = spec = problem.tours[tour]
        self.windows = problem.tour_windows(tour)
        self.allowed = set(problem.allowed_on(tour))
        self.pause, self.limit, self.T = spec.pause, spec.max_travel, problem.travel
        self.places = None if self.pause is None else self.pause.places
        self.nodes = nodes
        self.arcs: dict[tuple[int, int], list[int]] = {}
        self.caps = [
            (sum(1 << b for b, v in enumerate(nodes) if v in problem.groups[g]), most)
            for g, most in spec.limits
        ]

    def rests_at(self, node: int) -> bool:
        """Whether the break may be taken at ``node`` itself (after its service)."""
        return self.pause is not None and (self.places is None or node in self.places)

    def rest(self, reach: int) -> int | None:
        """End of a break whose place is reached at ``reach``, or ``None`` if too late."""
        assert self.pause is not None
        begin = max(reach, self.pause.earliest)
        return begin + self.pause.duration if begin <= self.pause.latest else None

    def stops_on(self, i: int, j: int) -> list[int]:
        """Return the break's places on the arc ``(i, j)``: the detours, and ``j`` itself.

        A detour may go through any place other than ``i`` and ``j``; those that
        :func:`~tourlink.engine.evaluate.detour_places` drops are never better than one
        it keeps. If ``j`` is a place the break may be taken on arriving.
        """
        assert self.places is not None
        key = (i, j)
        if key not in self.arcs:
            T = self.T
            out = detour_places(self.places, i, j, lambda a, b: T[a][b])
            self.arcs[key] = [*out, j] if j in self.places else out
        return self.arcs[key]

    def may_add(self, mask: int, bit: int) -> bool:
        """Whether ``nodes[bit]`` may join the visits ``mask`` (allowed, visit limits)."""
        if self.nodes[bit] not in self.allowed:
            return False
        most = self.spec.max_visits
        if most is not None and mask.bit_count() >= most:
            return False
        return all(
            not (group >> bit & 1) or (mask & group).bit_count() < cap for group, cap in self.caps
        )

    def detours(self, when: int, used: int, i: int, j: int) -> list[tuple[int, int]]:
        """Arrivals at ``j`` and travel after a break on the way from ``i``, where it fits."""
        out = []
        for f in self.stops_on(i, j):
            ready = self.rest(when + self.T[i][f])
            if ready is not None:
                out.append((ready + self.T[f][j], used + self.T[i][f] + self.T[f][j]))
        return out

    def extend(self, label: Label, last: int, v: int, rested: bool) -> list[tuple[bool, Label]]:
        """Labels at ``v`` reached from ``label`` at ``last`` (with the break or without)."""
        when, used, route = label
        arrivals = [(rested, when + self.T[last][v], used + self.T[last][v])]
        if self.places is not None and not rested:
            arrivals.extend((True, *d) for d in self.detours(when, used, last, v))
        out: list[tuple[bool, Label]] = []
        for state, arrival, travel in arrivals:
            if self.limit is not None and travel > self.limit:
                continue
            start = earliest_start(self.windows[v], arrival)
            if start is None:
                continue
            done = start + self.problem.durations[v]
            if done > self.spec.latest_arrival:
                continue
            made = (done, travel if self.limit is not None else 0, (*route, v))
            out.append((state, made))
            if not state and self.rests_at(v) and (r := self.rest(done)) is not None:
                out.append((True, (r, made[1], made[2])))
        return out


def _add(
    layer: dict[tuple[int, int, bool], list[Label]], key: tuple[int, int, bool], label: Label
) -> None:
    labels = layer.setdefault(key, [])
    for other in labels:
        if other[0] <= label[0] and other[1] <= label[1]:
            return
    labels[:] = [o for o in labels if not (label[0] <= o[0] and label[1] <= o[1])]
    labels.append(label)


def _complete(
    problem: Problem,
    tour: int,
    rules: _Rules,
    found: dict[int, tuple[int, ...]],
    mask: int,
    last: int,
    rested: bool,
    label: Label,
) -> None:
    if mask in found:
        return
    when, used, route = label
    spec = problem.tours[tour]
    leg = problem.travel[last][spec.end]
    ends = [(when + leg, used + leg)]
    if spec.pause is not None and not rested:
        if rules.places is None:
            return  # the rested twin of this label (if the break fits) is completed instead
        ends = rules.detours(when, used, last, spec.end)
    for arrival, travel in ends:
        if spec.max_travel is not None and travel > spec.max_travel:
            continue
        if arrival <= spec.latest_arrival:
            found[mask] = route
            return


def solve_exact(problem: Problem, *, max_customers: int = 15) -> Result:
    """Solve ``problem`` to proven optimality (small instances only).

    Parameters
    ----------
    problem
        The problem.
    max_customers
        Refuse problems with more visitable customers than this.

    Returns
    -------
    Result
        The optimal solution (``optimal=True``); ``iterations`` counts labels.

    Raises
    ------
    InvalidRequestError
        If the problem has more than ``max_customers`` visitable customers.

    Examples
    --------
    >>> from tourlink.engine.problem import Tour
    >>> p = Problem(scores=(0, 5, 7), durations=(0, 1, 1),
    ...             windows=((), ((0, 10),), ((0, 10),)),
    ...             travel=((0, 2, 3), (2, 0, 4), (3, 4, 0)),
    ...             tours=(Tour(start=0, end=0, earliest_departure=0, latest_arrival=12),))
    >>> solve_exact(p).best.score
    12
    """
    began = time.perf_counter()
    nodes = tuple(
        v
        for v in problem.customers
        if any(v in problem.allowed_on(t) for t in range(problem.num_tours))
    )
    if len(nodes) > max_customers:
        raise InvalidRequestError(
            f"`problem` must have at most {max_customers} visitable customers for the exact "
            f"method, got {len(nodes)}.",
            field="problem",
        )
    bonus = sum(problem.scores) + 1
    weights = [
        [
            problem.scores[v] + spec.bonus_of(v) + (bonus if v in problem.required else 0)
            for v in nodes
        ]
        for spec in problem.tours
    ]
    cache: dict[object, tuple[dict[int, tuple[int, ...]], int]] = {}
    subsets = []
    labels = 0
    for t in range(problem.num_tours):
        key = (problem.tours[t],)
        if key not in cache:
            cache[key] = feasible_subsets(problem, t, nodes)
            labels += cache[key][1]
        subsets.append(cache[key][0])
    routes = _combine(subsets, weights, len(nodes))
    best = evaluate(problem, routes)
    return Result(best, time.perf_counter() - began, labels, "exact", optimal=True)


def _sums(weight: list[int], size: int) -> list[int]:
    """Return the summed weight of every subset (bit mask) of ``size`` nodes."""
    value = [0] * (1 << size)
    for mask in range(1, 1 << size):
        low = (mask & -mask).bit_length() - 1
        value[mask] = value[mask & (mask - 1)] + weight[low]
    return value


def _combine(
    subsets: list[dict[int, tuple[int, ...]]], weights: list[list[int]], size: int
) -> list[tuple[int, ...]]:
    values = [_sums(w, size) for w in weights]
    most_of = _sums([max(column) for column in zip(*weights, strict=True)], size)
    ranked = [sorted(s, key=lambda m: -values[t][m]) for t, s in enumerate(subsets)]
    full = (1 << size) - 1
    most = [0] * (len(ranked) + 1)
    for t in range(len(ranked) - 1, -1, -1):
        most[t] = most[t + 1] + (values[t][ranked[t][0]] if ranked[t] else 0)

    @cache
    def best(t: int, avail: int) -> tuple[int, tuple[int, ...]]:
        if t == len(ranked):
            return 0, ()
        value = values[t]
        top: tuple[int, tuple[int, ...]] = (-1, ())
        for mask in ranked[t]:
            if top[0] >= most_of[avail] or value[mask] + most[t + 1] <= top[0]:
                break
            if mask & ~avail:
                continue
            rest_value, rest = best(t + 1, avail & ~mask)
            if rest_value >= 0 and value[mask] + rest_value > top[0]:
                top = (value[mask] + rest_value, (mask, *rest))
        return top

    _, masks = best(0, full)
    if len(masks) != len(subsets):
        return [() for _ in subsets]
    return [subsets[t][mask] for t, mask in enumerate(masks)]
