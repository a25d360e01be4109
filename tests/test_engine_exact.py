"""Tests of tourlink.engine.exact against brute-force enumeration."""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import replace

import pytest

from tourlink.engine.evaluate import evaluate
from tourlink.engine.exact import solve_exact
from tourlink.engine.problem import Break, Problem, Tour
from tourlink.exceptions import InvalidRequestError


def tiny(seed: int, customers: int = 6) -> Problem:
    """Build a random one-tour problem with two-window nodes, a break and a driving limit."""
    rng = random.Random(seed)
    points = [(rng.randint(0, 30), rng.randint(0, 30)) for _ in range(customers + 1)]
    travel = tuple(tuple(math.ceil(math.dist(a, b)) for b in points) for a in points)
    windows: list[tuple[tuple[int, int], ...]] = [()]
    for _ in range(customers):
        first = rng.randint(0, 40)
        pair: tuple[tuple[int, int], ...] = ((first, first + rng.randint(5, 20)),)
        if rng.random() < 0.4:
            pair += ((pair[0][1] + 10, pair[0][1] + 30),)
        windows.append(pair)
    tour = Tour(
        start=0,
        end=0,
        earliest_departure=0,
        latest_arrival=rng.randint(60, 100),
        max_travel=rng.choice([None, 70]),
        pause=rng.choice([None, Break(earliest=20, latest=40, duration=8)]),
    )
    return Problem(
        scores=(0, *(rng.randint(1, 9) for _ in range(customers))),
        durations=(0, *(rng.randint(1, 6) for _ in range(customers))),
        windows=tuple(windows),
        travel=travel,
        tours=(tour,),
    )


def brute_force(problem: Problem) -> int:
    best = 0
    nodes = problem.customers
    for size in range(len(nodes) + 1):
        for route in itertools.permutations(nodes, size):
            s = evaluate(problem, [route])
            if s.is_feasible():
                best = max(best, s.score)
    return best


@pytest.mark.parametrize("seed", range(6))
def test_exact_equals_brute_force(seed: int) -> None:
    """Tests that the label-setting optimum equals enumeration of every route."""
    problem = tiny(seed)
    result = solve_exact(problem)
    assert result.optimal and result.is_feasible()
    assert result.best.score == brute_force(problem)


def test_two_tours_share_customers_disjointly() -> None:
    """Tests that with two tours the optimum uses both and visits nothing twice."""
    problem = tiny(3)
    one = solve_exact(problem).best.score
    two = solve_exact(replace(problem, tours=problem.tours * 2))
    assert two.is_feasible()
    assert two.best.score >= one
    visits = [v for route in two.best.routes for v in route]
    assert len(visits) == len(set(visits))


def test_required_node_is_served_first() -> None:
    """Tests that a required low-score node is visited although it costs score."""
    problem = Problem(
        scores=(0, 1, 5, 5),
        durations=(0, 0, 0, 0),
        windows=((), ((0, 100),), ((0, 100),), ((0, 100),)),
        travel=((0, 10, 3, 3), (10, 0, 12, 12), (3, 12, 0, 1), (3, 12, 1, 0)),
        tours=(Tour(start=0, end=0, earliest_departure=0, latest_arrival=20),),
    )
    assert solve_exact(problem).best.routes[0] in ((2, 3), (3, 2))
    forced = solve_exact(replace(problem, required=frozenset({1})))
    assert forced.best.routes == ((1,),) and forced.is_feasible()


def test_too_many_customers_are_refused() -> None:
    """Tests the size guard of the exact method."""
    with pytest.raises(InvalidRequestError, match=r"at most 4 visitable customers .* got 6"):
        solve_exact(tiny(0), max_customers=4)
