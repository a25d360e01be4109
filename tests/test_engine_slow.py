"""Tests of tourlink.engine._slow: bulk move checks against direct recomputation."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tourlink.engine._slow import SlowTour
from tourlink.engine.problem import Break, Problem, Tour, Windows


def _windows(rng: random.Random) -> Windows:
    out: list[tuple[int, int]] = []
    at = rng.randint(0, 60)
    for _ in range(rng.randint(1, 3)):
        close = at + rng.randint(0, 120)
        out.append((at, close))
        at = close + rng.randint(1, 90)
    return tuple(out)


def _problem(seed: int, pause: bool) -> Problem:
    rng = random.Random(seed)
    n = 12
    xs = [(rng.uniform(0, 60), rng.uniform(0, 60)) for _ in range(n)]
    # Rounded-up Euclidean times with some asymmetry, as road times are.
    travel = tuple(
        tuple(
            0 if i == j else int(abs(xs[i][0] - xs[j][0]) + abs(xs[i][1] - xs[j][1])) + (i > j)
            for j in range(n)
        )
        for i in range(n)
    )
    windows = tuple([(), *(_windows(rng) for _ in range(n - 1))])
    tour = Tour(
        start=0,
        end=0,
        earliest_departure=0,
        latest_arrival=rng.randint(250, 450),
        max_travel=rng.choice([None, 200, 300]),
        pause=Break(rng.randint(60, 120), rng.randint(120, 200), rng.randint(10, 60))
        if pause
        else None,
        windows=windows,
    )
    return Problem(
        scores=(0, *range(1, n)),
        durations=(0, *(rng.randint(5, 40) for _ in range(n - 1))),
        windows=windows,
        travel=travel,
        tours=(tour,),
    )


def _brute_scan(slow: SlowTour, route: list[int], nodes: list[int]) -> list[tuple[float, int]]:
    old = slow.end_time(route)
    base = slow.earliest if old is None else old
    seq = [slow.start, *route, slow.end]
    out = []
    for j in nodes:
        best: tuple[float, int] = (float("inf"), 0)
        for q in range(len(seq) - 1):
            end = slow.end_time([*route[:q], j, *route[q:]])
            if end is None:
                continue
            i, k = seq[q], seq[q + 1]
            shift = slow.T[i][j] + slow.T[j][k] - slow.T[i][k] + slow.dur[j] + end - base
            if shift < best[0]:
                best = (shift, q)
        out.append(best)
    return out


def _brute_replace(
    slow: SlowTour, route: list[int], nodes: list[int], weight: list[int]
) -> tuple[float, int, int]:
    best: tuple[float, int, int] = (0.0, -1, -1)
    for p, old in enumerate(route):
        for j in nodes:
            gain = float(weight[j] - weight[old])
            if gain > best[0] and slow.end_time([*route[:p], j, *route[p + 1 :]]) is not None:
                best = (gain, p, j)
    return best


def _feasible_route(slow: SlowTour, rng: random.Random, size: int) -> list[int]:
    route: list[int] = []
    for v in rng.sample(range(1, 12), 11):
        for q in range(len(route) + 1):
            trial = [*route[:q], v, *route[q:]]
            if slow.end_time(trial) is not None:
                route = trial
                break
        if len(route) >= size:
            break
    return route


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), pause=st.booleans(), size=st.integers(0, 6), drop=st.booleans())
def test_bulk_checks_match_recomputation(seed: int, pause: bool, size: int, drop: bool) -> None:
    """Tests that scan and best_replace equal per-move recomputation with end_time."""
    problem = _problem(seed, pause)
    slow = SlowTour(problem, 0)
    rng = random.Random(seed)
    route = _feasible_route(slow, rng, size)
    if drop and route:  # a route made infeasible, as a shake may leave one
        route.insert(
            rng.randint(0, len(route)),
            rng.choice([v for v in range(1, 12) if v not in route] or [route[0]]),
        )
        route = list(dict.fromkeys(route))
    nodes = [v for v in range(1, 12) if v not in route]
    if not nodes:
        return
    values, positions = slow.scan(route, np.array(nodes, dtype=np.int64))
    expected = _brute_scan(slow, route, nodes)
    assert values.tolist() == [e[0] for e in expected]
    assert [
        p for p, e in zip(positions.tolist(), expected, strict=True) if e[0] < float("inf")
    ] == [e[1] for e in expected if e[0] < float("inf")]
    weight = [rng.randint(0, 30) for _ in range(12)]
    got = slow.best_replace(route, np.array(nodes, dtype=np.int64), weight)
    assert got == _brute_replace(slow, route, nodes, weight)


def test_break_in_a_waiting_gap_is_found() -> None:
    """Tests that an insertion is feasible when the break fills the wait for an opening."""
    travel = ((0, 10, 10), (10, 0, 10), (10, 10, 0))
    windows: tuple[Windows, ...] = ((), ((0, 100),), ((120, 130),))
    tour = Tour(
        start=0,
        end=0,
        earliest_departure=0,
        latest_arrival=200,
        pause=Break(30, 60, 60),
        windows=windows,
    )
    problem = Problem(
        scores=(0, 1, 1), durations=(0, 20, 20), windows=windows, travel=travel, tours=(tour,)
    )
    slow = SlowTour(problem, 0)
    # 0 → 1 (10–30), break 30–90 at node 1, on to 2 at 100, wait until 120, end 150.
    assert slow.end_time([1, 2]) == 150
    values, positions = slow.scan([1], np.array([2]))
    assert positions.tolist() == [1] and values.tolist() == [10 + 10 - 10 + 20 + (150 - 100)]
    # Without room for the break before node 2 closes the tour is infeasible.
    tight = Tour(
        start=0,
        end=0,
        earliest_departure=0,
        latest_arrival=200,
        pause=Break(30, 60, 95),
        windows=windows,
    )
    slow = SlowTour(
        Problem(
            scores=(0, 1, 1), durations=(0, 20, 20), windows=windows, travel=travel, tours=(tight,)
        ),
        0,
    )
    assert slow.scan([1], np.array([2]))[0].tolist() == [float("inf")]


def test_driving_limit_is_met_exactly_or_refused() -> None:
    """Tests that an insertion may use the driving limit to the minute, and not beyond."""
    travel = ((0, 10, 15), (10, 0, 10), (15, 10, 0))
    windows: tuple[Windows, ...] = ((), ((0, 100),), ((0, 100),))
    for limit, fits in ((35, True), (34, False)):
        tour = Tour(
            start=0,
            end=0,
            earliest_departure=0,
            latest_arrival=300,
            max_travel=limit,
            pause=Break(0, 200, 30),
            windows=windows,
        )
        slow = SlowTour(
            Problem(
                scores=(0, 1, 1), durations=(0, 5, 5), windows=windows, travel=travel, tours=(tour,)
            ),
            0,
        )
        # 0 → 1 → 2 → 0 drives 10 + 10 + 15 = 35 minutes.
        assert bool(slow.scan([1], np.array([2]))[0][0] < float("inf")) is fits
        assert (slow.end_time([1, 2]) is not None) is fits
