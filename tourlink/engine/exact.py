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

from tourlink.engine.evaluate import Result, earliest_start, evaluate
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
    windows = problem.tour_windows(tour)
    allowed = set(problem.allowed_on(tour))
    pause, limit, T = spec.pause, spec.max_travel, problem.travel

    def rest(departure: int) -> int | None:
        assert pause is not None
        begin = max(departure, pause.earliest)
        return begin + pause.duration if begin <= pause.latest else None

    layer: dict[tuple[int, int, bool], list[Label]] = {}
    _add(layer, (0, spec.start, False), (spec.earliest_departure, 0, ()))
    if pause is not None and (r := rest(spec.earliest_departure)) is not None:
        _add(layer, (0, spec.start, True), (r, 0, ()))
    found: dict[int, tuple[int, ...]] = {}
    created = 0
    while layer:
        following: dict[tuple[int, int, bool], list[Label]] = {}
        for (mask, last, rested), labels in layer.items():
            for when, used, route in labels:
                created += 1
                _complete(problem, tour, found, mask, last, rested, when, used, route)
                for bit, v in enumerate(nodes):
                    if mask >> bit & 1 or v not in allowed:
                        continue
                    leg = T[last][v]
                    if limit is not None and used + leg > limit:
                        continue
                    start = earliest_start(windows[v], when + leg)
                    if start is None:
                        continue
                    done = start + problem.durations[v]
                    if done > spec.latest_arrival:
                        continue
                    key_mask = mask | 1 << bit
                    label = (done, used + leg if limit is not None else 0, (*route, v))
                    _add(following, (key_mask, v, rested), label)
                    if pause is not None and not rested and (r := rest(done)) is not None:
                        _add(following, (key_mask, v, True), (r, label[1], label[2]))
        layer = following
    return found, created


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
    found: dict[int, tuple[int, ...]],
    mask: int,
    last: int,
    rested: bool,
    when: int,
    used: int,
    route: tuple[int, ...],
) -> None:
    if mask in found:
        return
    spec = problem.tours[tour]
    if spec.pause is not None and not rested:
        return  # the rested twin of this label (if the break fits) is completed instead
    leg = problem.travel[last][spec.end]
    if spec.max_travel is not None and used + leg > spec.max_travel:
        return
    if when + leg <= spec.latest_arrival:
        found[mask] = route


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
    weight = [problem.scores[v] + (bonus if v in problem.required else 0) for v in nodes]
    cache: dict[object, tuple[dict[int, tuple[int, ...]], int]] = {}
    subsets = []
    labels = 0
    for t in range(problem.num_tours):
        key = (problem.tours[t],)
        if key not in cache:
            cache[key] = feasible_subsets(problem, t, nodes)
            labels += cache[key][1]
        subsets.append(cache[key][0])
    routes = _combine(subsets, weight, len(nodes))
    best = evaluate(problem, routes)
    return Result(best, time.perf_counter() - began, labels, "exact", optimal=True)


def _combine(
    subsets: list[dict[int, tuple[int, ...]]], weight: list[int], size: int
) -> list[tuple[int, ...]]:
    value = [0] * (1 << size)
    for mask in range(1, 1 << size):
        low = (mask & -mask).bit_length() - 1
        value[mask] = value[mask & (mask - 1)] + weight[low]
    ranked = [sorted(s, key=lambda m: -value[m]) for s in subsets]
    full = (1 << size) - 1
    most = [0] * (len(ranked) + 1)
    for t in range(len(ranked) - 1, -1, -1):
        most[t] = most[t + 1] + (value[ranked[t][0]] if ranked[t] else 0)

    @cache
    def best(t: int, avail: int) -> tuple[int, tuple[int, ...]]:
        if t == len(ranked):
            return 0, ()
        top: tuple[int, tuple[int, ...]] = (-1, ())
        for mask in ranked[t]:
            if top[0] >= value[avail] or value[mask] + most[t + 1] <= top[0]:
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
