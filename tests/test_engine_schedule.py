"""Tests of the compiled schedule model and its moves against the independent evaluator."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from tourlink.engine import Break, Problem, Tour, evaluate
from tourlink.engine._kernels import fit_one, scan_gaps
from tourlink.engine._model import TourModel
from tourlink.engine._moves import best_reversal, removal_fits, reversal_fits
from tourlink.engine._schedule import NONE, end_time, tour_times


def random_tour_problem(seed: int, customers: int = 9) -> Problem:
    """Build one tour with several windows per node, a break and a limit by chance.

    The break is taken anywhere or at places (a place may be a node no tour visits);
    travel breaks the triangle inequality now and then.
    """
    rng = random.Random(seed)
    n = customers + 2  # node n - 1 is a place no tour visits (a town)
    points = [(rng.randint(0, 40), rng.randint(0, 40)) for _ in range(n)]
    travel = [[math.ceil(math.dist(a, b)) for b in points] for a in points]
    for _ in range(3):
        i, j = rng.sample(range(n), 2)
        travel[i][j] += rng.randint(1, 9)
    windows: list[tuple[tuple[int, int], ...]] = [()]
    for _ in range(customers):
        first = rng.randint(0, 80)
        pair: tuple[tuple[int, int], ...] = ((first, first + rng.randint(5, 40)),)
        if rng.random() < 0.4:
            pair += ((pair[0][1] + rng.randint(1, 10), pair[0][1] + 60),)
        windows.append(pair)
    windows.append(())
    kind = rng.choice(["none", "anywhere", "places", "places"])
    places = tuple(rng.sample(range(n), 3)) if kind == "places" else None
    pause = None if kind == "none" else Break(40, 70, rng.randint(5, 20), places=places)
    tour = Tour(
        start=0,
        end=0,
        earliest_departure=rng.randint(0, 10),
        latest_arrival=rng.randint(120, 200),
        max_travel=rng.choice([None, rng.randint(60, 140)]),
        pause=pause,
    )
    return Problem(
        scores=(0, *([1] * customers), 0),
        durations=(0, *(rng.randint(0, 12) for _ in range(customers)), 0),
        windows=tuple(windows),
        travel=tuple(tuple(row) for row in travel),
        tours=(tour,),
        excluded=frozenset({n - 1}),
    )


def _times(model: TourModel, problem: Problem, route: list[int]) -> tuple[object, ...]:
    seq = np.array([0, *route, 0], dtype=np.int64)
    plain, rested, late_plain, late_rested, travel, end, _ = tour_times(seq, *model.data[0])
    return (seq, plain, rested, late_plain, late_rested, int(travel), int(end))


def _arrival(problem: Problem, route: list[int]) -> int | None:
    solution = evaluate(problem, [route])
    return solution.tours[0].arrival if solution.is_feasible() else None


@pytest.mark.parametrize("seed", range(40))
def test_every_verdict_and_end_time_matches_the_evaluator(seed: int) -> None:
    """Tests that the model's verdicts equal the evaluator's on random tours.

    End time, insertion (both ways), removal and reversal (no false "fits"), with
    windows, breaks at places with detours and driving limits.
    """
    problem = random_tour_problem(seed)
    model = TourModel(problem)
    rng = random.Random(seed)
    customers = list(range(1, problem.num_nodes - 1))
    for _ in range(6):
        route = rng.sample(customers, rng.randint(0, 6))
        times = _times(model, problem, route)
        expected = _arrival(problem, route)
        got = end_time(times[0], *model.data[0])
        assert (None if got >= NONE else got) == expected, route
        assert (None if times[6] >= NONE else times[6]) == expected
        if expected is None:
            continue
        for j in (v for v in customers if v not in route):
            for p in range(len(route) + 1):
                shift, _ = fit_one(j, p, *times, *model.data[0])
                fits = _arrival(problem, [*route[:p], j, *route[p:]]) is not None
                assert (shift < NONE) == fits, (route, j, p)
        for p in range(1, len(route) + 1):
            fits = _arrival(problem, route[: p - 1] + route[p:]) is not None
            if removal_fits(p, *times, *model.data[0]):
                assert fits, (route, p)
        for i in range(len(route)):
            for j in range(i + 2, len(route) + 1):
                new = route[:i] + route[i:j][::-1] + route[j:]
                if reversal_fits(i, j, *times, *model.data[0]):
                    assert _arrival(problem, new) is not None, (route, i, j)


@pytest.mark.parametrize("seed", range(10))
def test_scan_and_two_opt_only_propose_feasible_tours(seed: int) -> None:
    """Tests that the insertion scan's positions and the 2-opt move keep tours feasible."""
    problem = random_tour_problem(seed + 100)
    model = TourModel(problem)
    route: list[int] = []
    shift = np.full(problem.num_nodes, np.inf)
    position = np.zeros(problem.num_nodes, dtype=np.int64)
    for _ in range(6):
        times = _times(model, problem, route)
        free = np.array([v for v in range(1, problem.num_nodes - 1) if v not in route])
        shift[:] = np.inf
        scan_gaps(free, *times, *model.data[0], shift, position)
        if not np.isfinite(shift).any():
            break
        j = int(np.argmin(shift))
        route.insert(int(position[j]), j)
        assert _arrival(problem, route) is not None
        i, k = best_reversal(*_times(model, problem, route), *model.data[0])
        if i >= 0:
            route[i:k] = route[i:k][::-1]
            assert _arrival(problem, route) is not None
