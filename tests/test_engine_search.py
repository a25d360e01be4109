"""Tests of tourlink.engine.search: the heuristic against the exact optimum, and its contract."""

from __future__ import annotations

import math
import random
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from shared_files import toptw_root

from tourlink.engine import Break, Problem, SolveParams, Tour, evaluate, solve, solve_exact
from tourlink.engine._engine import MEMO
from tourlink.engine._ils import Engine
from tourlink.engine._model import _monotone
from tourlink.engine._pool import RoutePool
from tourlink.engine._schedule import tour_times
from tourlink.engine.toptw import Instance, read_instance
from tourlink.exceptions import InvalidRequestError


def random_problem(seed: int, customers: int = 10) -> Problem:
    """Build a random problem exercising every constraint the engine knows.

    One or two tours with their own windows (multi-window nodes), and by chance a
    break, a driving limit, a restricted node set, a required and an excluded node.
    """
    rng = random.Random(seed)
    n = customers + 1
    points = [(rng.randint(0, 40), rng.randint(0, 40)) for _ in range(n)]
    travel = tuple(tuple(math.ceil(math.dist(a, b)) for b in points) for a in points)

    def windows() -> tuple[tuple[tuple[int, int], ...], ...]:
        out: list[tuple[tuple[int, int], ...]] = [()]
        for _ in range(customers):
            first = rng.randint(0, 60)
            pair: tuple[tuple[int, int], ...] = ((first, first + rng.randint(10, 40)),)
            if rng.random() < 0.3:
                pair += ((pair[0][1] + 5, pair[0][1] + 40),)
            out.append(pair)
        return tuple(out)

    tours = []
    for _ in range(rng.choice([1, 2])):
        tours.append(
            Tour(
                start=0,
                end=0,
                earliest_departure=0,
                latest_arrival=rng.randint(70, 110),
                max_travel=rng.choice([None, None, 80]),
                pause=rng.choice([None, None, Break(earliest=30, latest=50, duration=10)]),
                allowed=rng.choice([None, None, frozenset(range(1, n, 2))]),
                windows=rng.choice([None, windows()]),
            )
        )
    extra = rng.sample(range(1, n), 2)
    return Problem(
        scores=(0, *(rng.randint(1, 10) for _ in range(customers))),
        durations=(0, *(rng.randint(1, 8) for _ in range(customers))),
        windows=windows(),
        travel=travel,
        tours=tuple(tours),
        required=frozenset(extra[:1]) if rng.random() < 0.3 else frozenset(),
        excluded=frozenset(extra[1:]) if rng.random() < 0.3 else frozenset(),
    )


def slice_problem(path: Path, customers: int, tours: int) -> Problem:
    instance = read_instance(path)
    return Instance(
        instance.name, instance.vertices[: customers + 1], instance.convention
    ).to_problem(tours)


def assert_matches_exact(problem: Problem) -> None:
    exact = solve_exact(problem)
    heuristic = solve(problem, seed=1, max_iterations=400)
    assert heuristic.best.score == exact.best.score
    assert heuristic.best.missing_required == exact.best.missing_required
    assert not heuristic.best.violations
    assert evaluate(problem, heuristic.best.routes).score == heuristic.best.score


@pytest.mark.parametrize("seed", range(16))
def test_heuristic_finds_the_optimum_of_random_problems(seed: int) -> None:
    """Tests 16 random problems (windows, breaks, limits, required): ILS = exact optimum."""
    assert_matches_exact(random_problem(seed))


@pytest.mark.benchmark_data
@pytest.mark.parametrize("tours", [1, 2])
@pytest.mark.parametrize(
    ("folder", "name", "customers"),
    [
        ("c_r_rc_100_100", "c101", 12),
        ("c_r_rc_100_100", "r101", 12),
        ("c_r_rc_100_100", "rc101", 12),
        ("pr01_10", "pr01", 11),
    ],
)
def test_heuristic_finds_the_optimum_of_benchmark_slices(
    folder: str, name: str, customers: int, tours: int
) -> None:
    """Tests the first customers of c101, r101, rc101, pr01 with 1 and 2 tours."""
    assert_matches_exact(slice_problem(toptw_root() / folder / f"{name}.txt", customers, tours))


def test_same_seed_gives_same_result_and_other_seeds_still_feasible() -> None:
    """Tests determinism for a seed and an iteration budget."""
    problem = random_problem(7, customers=30)
    first = solve(problem, seed=5, max_iterations=40)
    assert first.best.routes == solve(problem, seed=5, max_iterations=40).best.routes
    assert first.iterations == 40
    assert not solve(problem, seed=6, max_iterations=40).best.violations


def test_time_limit_is_honoured() -> None:
    """Tests that the search stops near its time limit and returns its best so far."""
    problem = random_problem(3, customers=60)
    began = time.perf_counter()
    result = solve(problem, time_limit=0.3)
    assert time.perf_counter() - began < 1.5
    assert result.runtime >= 0.3 and result.iterations > 0
    assert not result.best.violations and result.best.score > 0


def test_required_node_is_placed_and_impossible_one_reported() -> None:
    """Tests that a far, cheap required node displaces better ones; an impossible one is missing."""
    travel = ((0, 10, 3, 3), (10, 0, 12, 12), (3, 12, 0, 1), (3, 12, 1, 0))
    problem = Problem(
        scores=(0, 1, 5, 5),
        durations=(0, 0, 0, 0),
        windows=((), ((0, 100),), ((0, 100),), ((0, 100),)),
        travel=travel,
        tours=(Tour(start=0, end=0, earliest_departure=0, latest_arrival=20),),
    )
    assert solve(problem, max_iterations=10).best.score == 10
    forced = solve(replace(problem, required=frozenset({1})), max_iterations=10)
    assert forced.best.routes == ((1,),) and forced.is_feasible()
    late = replace(
        problem, windows=((), ((0, 5),), ((0, 100),), ((0, 100),)), required=frozenset({1})
    )
    stuck = solve(late, max_iterations=10)
    assert stuck.best.missing_required == (1,) and not stuck.is_feasible()
    assert not stuck.best.violations and stuck.best.score == 10


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_no_improve": 0}, "`max_no_improve` must be at least 1, got 0"),
        ({"shake_fraction": 0.0}, r"`shake_fraction` must be in \(0, 1\], got 0.0"),
        ({"noise": 1.0}, r"`noise` must be in \[0, 1\), got 1.0"),
        ({"shake_tours": -1}, "`shake_tours` must be non-negative, got -1"),
        ({"temperature": -0.5}, "`temperature` must be non-negative, got -0.5"),
        ({"cut_rate": 1.5}, r"`cut_rate` must be in \[0, 1\], got 1.5"),
        ({"cut_rate": -0.1}, r"`cut_rate` must be in \[0, 1\], got -0.1"),
    ],
)
def test_invalid_params_are_refused(kwargs: dict[str, float], message: str) -> None:
    """Tests SolveParams validation messages."""
    with pytest.raises(InvalidRequestError, match=message):
        SolveParams(**kwargs)  # type: ignore[arg-type]


def test_invalid_limits_are_refused() -> None:
    """Tests that negative limits are refused with the field named."""
    problem = random_problem(0)
    with pytest.raises(InvalidRequestError, match="`time_limit` must be non-negative"):
        solve(problem, time_limit=-1)
    with pytest.raises(InvalidRequestError, match="`max_iterations` must be non-negative"):
        solve(problem, max_iterations=-2)


def test_broken_triangle_inequality_never_yields_an_infeasible_tour() -> None:
    """Tests that removing a visit that shortcuts a long edge (shake) is repaired."""
    travel = ((0, 1, 10, 1), (1, 0, 1, 1), (10, 1, 0, 10), (1, 1, 10, 0))
    problem = Problem(
        scores=(0, 1, 9, 1),
        durations=(0, 0, 0, 0),
        windows=((), ((0, 50),), ((0, 5),), ((0, 50),)),
        travel=travel,
        tours=(Tour(start=0, end=0, earliest_departure=0, latest_arrival=50),),
    )
    result = solve(problem, seed=2, max_iterations=60)
    assert result.is_feasible()
    assert result.best.score == 11 and result.best.routes[0][:2] == (1, 2)


def test_search_stops_early_once_every_node_is_visited() -> None:
    """Tests that a problem whose nodes all fit returns well before its time limit."""
    problem = replace(
        random_problem(4),
        tours=(Tour(start=0, end=0, earliest_departure=0, latest_arrival=10_000),),
        windows=((),) + (((0, 10_000),),) * 10,
    )
    result = solve(problem, time_limit=5.0)
    assert result.runtime < 1.0 and result.iterations == 0
    assert result.best.num_visits == len(problem.customers) and result.is_feasible()


def test_warm_start_keeps_a_good_start_and_repairs_a_bad_one() -> None:
    """Tests that initial routes are kept when feasible and repaired when not."""
    problem = random_problem(11, customers=14)
    found = solve(problem, seed=3, max_iterations=200)
    routes = [list(r) for r in found.best.routes]
    again = solve(problem, seed=9, max_iterations=0, initial=routes)
    assert again.best.score >= found.best.score and not again.best.violations
    nodes = list(range(problem.num_nodes))
    messy = [nodes + nodes[:3]] + [nodes[::-1]] * (problem.num_tours - 1)
    repaired = solve(problem, seed=9, max_iterations=0, initial=messy)
    assert not repaired.best.violations
    visits = [v for r in repaired.best.routes for v in r]
    assert len(visits) == len(set(visits)) and repaired.best.score > 0


def test_warm_start_of_wrong_shape_is_refused() -> None:
    """Tests that too many routes or unknown node ids are refused with the field named."""
    problem = random_problem(0)
    too_many: list[list[int]] = [[]] * (problem.num_tours + 1)
    with pytest.raises(InvalidRequestError, match="`initial` must have at most"):
        solve(problem, max_iterations=1, initial=too_many)
    with pytest.raises(
        InvalidRequestError, match="`initial` must hold node ids between 0 and 10, got 11"
    ):
        solve(problem, max_iterations=1, initial=[[11]])


def test_route_pool_recombines_disjoint_routes_per_tour_class() -> None:
    """Tests the set packing: heaviest disjoint routes, one per tour, classes respected."""
    pool = RoutePool([0, 0])
    for route, weight in (((1, 2), 5.0), ((2, 3), 9.0), ((3, 4), 6.5), ((5,), 2.0)):
        pool.add(0, route, weight, 10)
    pool.add(1, (4, 3), 6.5, 8)  # same node set, earlier arrival: replaces (3, 4)
    assert sorted(map(tuple, pool.recombine(0.0) or [])) == [(1, 2), (4, 3)]
    assert sorted(map(tuple, pool.recombine(11.0) or [])) == [(1, 2), (4, 3)]
    assert pool.recombine(11.5) is None
    mixed = RoutePool([0, 1])
    mixed.add(0, (1,), 4.0, 5)
    mixed.add(0, (2,), 3.0, 5)
    mixed.add(1, (3,), 1.0, 5)
    assert mixed.recombine(0.0) == [[1], [3]]


def test_insertion_monotonicity_check() -> None:
    """Tests the triangle check that allows partial rescans after an insertion."""
    travel = np.array([[0, 2, 3], [2, 0, 2], [3, 2, 0]])
    nodes = np.array([1, 2])
    assert _monotone(travel, np.array([0, 0, 0]), nodes, limited=False)
    broken = np.array([[0, 1, 9], [1, 0, 1], [9, 1, 0]])
    assert not _monotone(broken, np.array([0, 0, 0]), nodes, limited=False)
    assert _monotone(broken, np.array([0, 8, 8]), nodes, limited=False)
    assert not _monotone(broken, np.array([0, 8, 8]), nodes, limited=True)


def test_annealing_cools_to_zero_over_the_run() -> None:
    """Tests the cooling factor: 1 at the start, 0 at the end, by iterations or by time."""
    engine = Engine(random_problem(1), SolveParams(), random.Random(0))
    assert engine.cooling(0.0, None, 0, 100) == 1.0
    assert engine.cooling(0.0, None, 25, 100) == 0.75
    assert engine.cooling(0.0, None, 100, 100) == 0.0
    now = time.perf_counter()
    assert engine.cooling(now - 10.0, now - 1.0, 3, None) == 0.0
    assert 0.9 < engine.cooling(now, now + 100.0, 0, None) <= 1.0


class _CheckedEngine(Engine):
    """Engine that re-checks its current routes with the evaluator after every move."""

    checked = 0
    cuts = 0

    def check(self) -> None:
        assert not evaluate(self.p, self.routes).violations, self.routes
        type(self).checked += 1

    def cut(self) -> bool:
        done = super().cut()
        type(self).cuts += done
        self.check()
        return done

    def local_optimum(self) -> None:
        super().local_optimum()
        self.check()


BROKEN_TRIANGLE = Problem(
    scores=(0, 1, 9, 1, 2, 3),
    durations=(0, 0, 0, 0, 1, 1),
    windows=((), ((0, 50),), ((0, 5),), ((0, 50),), ((0, 60),), ((0, 60),)),
    travel=(
        (0, 1, 10, 1, 4, 5),
        (1, 0, 1, 1, 3, 4),
        (10, 1, 0, 10, 9, 9),
        (1, 1, 10, 0, 2, 3),
        (4, 3, 9, 2, 0, 1),
        (5, 4, 9, 3, 1, 0),
    ),
    tours=(Tour(start=0, end=0, earliest_departure=0, latest_arrival=50),) * 2,
)


@pytest.mark.parametrize("case", [*range(6), "broken triangle"])
def test_cut_shake_keeps_every_solution_feasible(case: int | str) -> None:
    """Tests cut_rate=1.0: after every cut and every refill the evaluator finds no violation."""
    problem = BROKEN_TRIANGLE if isinstance(case, str) else random_problem(case, customers=30)
    _CheckedEngine.checked = _CheckedEngine.cuts = 0
    engine = _CheckedEngine(problem, SolveParams(cut_rate=1.0), random.Random(3))
    iterations, _ = engine.run(None, 80)
    assert _CheckedEngine.cuts > 0 and _CheckedEngine.checked > iterations
    best = evaluate(problem, engine.best_routes)
    assert not best.violations and best.score > 0
    result = solve(problem, params=SolveParams(cut_rate=1.0), seed=4, max_iterations=80)
    assert not result.best.violations


def test_cut_removes_a_contiguous_quarter_to_half_of_one_tour() -> None:
    """Tests the cut: one tour loses one contiguous run of k//4 to k//2 visits, all freed."""
    base = random_problem(2, customers=40)
    wide = Tour(start=0, end=0, earliest_departure=0, latest_arrival=400)
    problem = replace(base, tours=(wide, wide), required=frozenset(), excluded=frozenset())
    engine = Engine(problem, SolveParams(), random.Random(1))
    engine.local_optimum()
    sizes = set()
    for _ in range(30):
        engine.tabu = []
        before = [list(r) for r in engine.routes]
        assert engine.cut()
        changed = [t for t in range(2) if engine.routes[t] != before[t]]
        assert len(changed) == 1
        t = changed[0]
        old, new, k = before[t], engine.routes[t], len(before[t])
        size = k - len(new)
        assert k // 4 <= size <= k // 2
        first = next(i for i in range(k) if i >= len(new) or old[i] != new[i])
        assert new == old[:first] + old[first + size :]
        removed = old[first : first + size]
        assert not engine.visited[removed].any()
        assert sorted(v for _, v in engine.tabu) == sorted(removed)
        sizes.add(size)
        engine.local_optimum()
    assert len(sizes) > 1


def test_cut_shake_is_reproducible_per_seed() -> None:
    """Tests that the cut shake keeps a run determined by its seed and iteration budget."""
    problem = random_problem(7, customers=30)
    params = SolveParams(cut_rate=0.5)
    first = solve(problem, params=params, seed=5, max_iterations=60)
    again = solve(problem, params=params, seed=5, max_iterations=60)
    assert first.best.routes == again.best.routes and first.iterations == again.iterations == 60
    assert not solve(problem, params=params, seed=6, max_iterations=60).best.violations


class _FreshEngine(Engine):
    """Engine that recomputes a tour's cached state from scratch after every refresh."""

    hits = 0

    def refresh(self, t: int) -> None:
        seen = tuple(self.routes[t]) in self.memo[t]
        super().refresh(t)
        type(self).hits += seen
        seq = [self.firsts[t], *self.routes[t], self.lasts[t]]
        fresh = tour_times(np.array(seq, dtype=np.int64), *self.model.data[t])
        cached = self.times[t]
        assert self.seq[t] == seq and cached[0].tolist() == seq
        for mine, theirs in zip(cached[1:5], fresh[:4], strict=True):
            assert np.array_equal(mine, theirs)
        assert (self.travel[t], self.ends[t], self.bad[t]) == (fresh[4], fresh[5], fresh[6])
        assert self.weights[t] == self.weight(t, self.routes[t])
        assert self.stops[t, : len(seq)].tolist() == seq and self.lengths[t] == len(seq)
        if self.model.capped[t]:
            counts = self.model.counts(self.routes[t])
            assert self.counts[t].tolist() == counts
            blocked = self.model.blocked(t, len(self.routes[t]), counts)
            assert np.array_equal(self.blocked[t], blocked)
        assert len(self.memo[t]) <= MEMO


@pytest.mark.parametrize("case", range(4))
def test_refresh_reuses_only_what_a_fresh_computation_gives(case: int) -> None:
    """Tests the route memo of refresh: reused times, counts, caps and weights equal fresh ones."""
    problem = random_problem(case, customers=30)
    capped = replace(problem, tours=tuple(replace(s, max_visits=4) for s in problem.tours))
    for instance in (problem, capped):
        _FreshEngine.hits = 0
        engine = _FreshEngine(instance, SolveParams(), random.Random(case))
        engine.run(None, 150)
        assert _FreshEngine.hits > 0  # the memo was used, and checked
        assert not evaluate(instance, engine.best_routes).violations


@pytest.mark.parametrize("tours", [2, 3])
def test_restart_patience_follows_the_number_of_tours(tours: int) -> None:
    """Tests that the restart patience is chosen by the number of tours.

    One or two tours restart after ``max_no_improve``, three or more after
    ``max_no_improve_many``: the other field changes nothing, the field in use does.
    """
    problem = slice_problem(toptw_root() / "pr01_10" / "pr01.txt", 60, tours)
    used, other = (
        ("max_no_improve", "max_no_improve_many")
        if tours < 3
        else ("max_no_improve_many", "max_no_improve")
    )

    def routes(**fields: int) -> tuple[tuple[int, ...], ...]:
        params = SolveParams(**{used: 30, other: 30, **fields})  # type: ignore[arg-type]
        return solve(problem, params=params, seed=3, max_iterations=60).best.routes

    base = routes()
    assert routes(**{other: 1}) == base
    assert routes(**{used: 1}) != base
