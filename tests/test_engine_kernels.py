"""Tests of tourlink.engine._kernels: compiled moves against enumeration with the evaluator."""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import pairwise, product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_engine_schedule import random_tour_problem

from tourlink.engine import Break, Problem, Tour, evaluate
from tourlink.engine._kernels import best_swap
from tourlink.engine._model import TourModel
from tourlink.engine._moves import best_reversal
from tourlink.engine._pool import RoutePool
from tourlink.engine._schedule import compiled, tour_times


def _feasible(problem: Problem, route: list[int]) -> bool:
    return evaluate(problem, [route]).is_feasible()


def _times(model: TourModel, route: list[int]) -> tuple[object, ...]:
    seq = np.array([0, *route, 0], dtype=np.int64)
    plain, rested, late_plain, late_rested, travel, end, _ = tour_times(seq, *model.data[0])
    return (seq, plain, rested, late_plain, late_rested, int(travel), int(end))


def _feasible_route(problem: Problem, rng: random.Random, size: int) -> list[int]:
    customers = list(range(1, problem.num_nodes - 1))
    route: list[int] = []
    for v in rng.sample(customers, len(customers)):
        for p in range(len(route) + 1):
            trial = [*route[:p], v, *route[p:]]
            if len(route) < size and _feasible(problem, trial):
                route = trial
                break
    return route


@pytest.mark.parametrize("seed", range(30))
def test_swap_and_two_opt_match_enumeration(seed: int) -> None:
    """Tests the best replacement and the best 2-opt move against every alternative."""
    problem = random_tour_problem(seed + 500)
    model = TourModel(problem)
    rng = random.Random(seed)
    route = _feasible_route(problem, rng, rng.randint(1, 6))
    times = _times(model, route)
    weights = np.array([rng.randint(0, 30) for _ in range(problem.num_nodes)], dtype=float)
    free = [v for v in range(1, problem.num_nodes - 1) if v not in route]
    expected = (0.0, -1, -1)
    for j in free:  # candidates outermost, as the kernel reports the first best
        for p in range(len(route)):
            gain = weights[j] - weights[route[p]]
            trial = [*route[:p], j, *route[p + 1 :]]
            if gain > expected[0] and _feasible(problem, trial):
                expected = (gain, p, j)
    caps = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros((0, 0), bool))
    nodes = np.array(free, dtype=np.int64)
    assert best_swap(nodes, weights, *times, *model.data[0], *caps) == expected
    travel = problem.travel
    driven = sum(travel[a][b] for a, b in pairwise([0, *route, 0]))
    savings = {}
    for i in range(len(route)):
        for j in range(i + 2, len(route) + 1):
            trial = route[:i] + route[i:j][::-1] + route[j:]
            saving = driven - sum(travel[a][b] for a, b in pairwise([0, *trial, 0]))
            if saving > 0 and _feasible(problem, trial):
                savings[(i, j)] = saving
    move = best_reversal(*times, *model.data[0])
    if not savings:
        assert move == (-1, -1)
    else:
        assert savings.get(move) == max(savings.values()), "2-opt: not the largest saving"


def test_late_or_overlong_tour_names_a_visit_to_drop() -> None:
    """Tests the repair hint: the visit after which no schedule is left, else the last visit."""
    base = Problem(
        scores=(0, 1, 1),
        durations=(0, 0, 0),
        windows=((), ((0, 100),), ((0, 100),)),
        travel=((0, 10, 10), (10, 0, 10), (10, 10, 0)),
        tours=(Tour(start=0, end=0, earliest_departure=0, latest_arrival=100),),
    )
    seq = np.array([0, 1, 2, 0], dtype=np.int64)

    def hint(problem: Problem) -> int:
        return int(tour_times(seq, *TourModel(problem).data[0])[6])

    day = base.tours[0]
    assert hint(base) == -1
    assert hint(replace(base, windows=((), ((0, 5),), ((0, 100),)))) == 0
    assert hint(replace(base, tours=(replace(day, latest_arrival=29),))) == 1
    assert hint(replace(base, tours=(replace(day, max_travel=29),))) == 1
    late_break = replace(day, pause=Break(earliest=0, latest=5, duration=1, places=(2,)))
    assert hint(replace(base, tours=(late_break,))) == 1


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), tours=st.integers(1, 4), classes=st.booleans())
def test_route_recombination_finds_the_heaviest_disjoint_routes(
    seed: int, tours: int, classes: bool
) -> None:
    """Tests the pool's set packing (compiled, one tour class or several) against enumeration."""
    rng = random.Random(seed)
    kinds = [0] * tours if not classes else [rng.randint(0, 2) for _ in range(tours)]
    pool = RoutePool(kinds)
    score = [rng.randint(1, 9) for _ in range(140)]
    found: dict[tuple[int, frozenset[int]], int] = {}
    for _ in range(rng.randint(1, 9)):
        tour = rng.randrange(tours)
        route = rng.sample(range(1, 140), rng.randint(1, 4))  # nodes beyond 64: several words
        weight = sum(score[v] for v in route)
        pool.add(tour, route, float(weight), end=rng.randint(0, 100))
        key = (kinds[tour], frozenset(route))
        found.setdefault(key, weight)
    best = 0
    routes = list(found.items())
    for picks in product(range(-1, len(routes)), repeat=tours):
        chosen = [routes[i] for i in picks if i >= 0]
        nodes = [v for (_, members), _ in chosen for v in members]
        fits = all(i < 0 or routes[i][0][0] == kinds[t] for t, i in enumerate(picks))
        if fits and len(set(picks) - {-1}) == len(chosen) and len(nodes) == len(set(nodes)):
            best = max(best, sum(w for _, w in chosen))
    got = pool.recombine(0.0)
    if best == 0:
        assert got is None
        return
    assert got is not None and len(got) == tours
    members = [v for r in got for v in r]
    assert len(members) == len(set(members)), "routes overlap"
    assert sum(found[(kinds[t], frozenset(r))] for t, r in enumerate(got) if r) == best


def test_kernels_compile_where_numba_cannot_cache() -> None:
    """Tests the fallback for places numba cannot cache in: compiled for the process only.

    Numba refuses to cache a function whose source file it cannot place (here, code
    built by ``exec``), as it does when no cache directory is writable.
    """
    namespace: dict[str, object] = {}
    exec("def twice(x):\n    return 2 * x\n", namespace)  # a function without a source file
    twice = compiled("i8(i8)")(namespace["twice"])  # type: ignore[arg-type]
    assert twice(21) == 42
