"""Tests of the compiled schedule model and its moves against the independent evaluator."""

from __future__ import annotations

import dataclasses
import math
import random

import numpy as np
import pytest

from tourlink.engine import Break, Problem, Tour, evaluate, solve
from tourlink.engine._kernels import fit_one, scan_gaps
from tourlink.engine._model import TourModel
from tourlink.engine._moves import best_reversal, removal_fits, reversal_fits
from tourlink.engine._schedule import BIG, NEED, NONE, S_LIMIT, end_time, tour_times
from tourlink.engine.exact import solve_exact


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


def _tour_to_a_place() -> Problem:
    """Build a tour 0 → 1 whose lunch fits only by a detour through place 2 on the last arc.

    Node 3 (window 100–120, 20 minutes) is reached at 100 and left at 120; going on to
    the end (1) arrives at 220, after the break window (150–170), so lunch on arrival
    there is too late; through the town 2 (40 + 70 minutes, 10 more than the direct
    100) the group reaches it at 160, lunches until 190 and arrives at 260.
    """
    travel = (
        (0, 150, 120, 100),
        (150, 0, 70, 100),
        (120, 70, 0, 40),
        (100, 100, 40, 0),
    )
    tour = Tour(
        start=0,
        end=1,
        earliest_departure=0,
        latest_arrival=300,
        pause=Break(150, 170, 30, places=(0, 1, 2)),
    )
    return Problem(
        scores=(0, 0, 0, 5),
        durations=(0, 0, 0, 20),
        windows=((), (), (), ((100, 120),)),
        travel=travel,
        tours=(tour,),
        excluded=frozenset({2}),
    )


def test_a_detour_break_is_found_when_the_end_is_a_place() -> None:
    """Tests that the tour's end among the break places does not hide the other places.

    The detour on the last arc used to go through the place adding least travel, which
    is the end itself whenever it is a place; now lunch on arriving at the end and the
    detour through another place are both options (engine, evaluator, exact method).
    """
    problem = _tour_to_a_place()
    model = TourModel(problem)
    plan = evaluate(problem, [[3]])
    assert plan.is_feasible(), plan.violations
    assert (plan.tours[0].break_place, plan.tours[0].break_start, plan.tours[0].arrival) == (
        2,
        160,
        260,
    )
    assert end_time(np.array([0, 3, 1], dtype=np.int64), *model.data[0]) == 260
    empty = _times_of(model, [0, 1])
    shift, _ = fit_one(3, 0, *empty, *model.data[0])
    assert shift < NONE
    assert solve(problem, max_iterations=20).best.routes == ((3,),)
    assert solve_exact(problem).best.score == 5


def _cheap_place_reached_too_late() -> Problem:
    """Build a tour 0 → 1 → 2 → 0 whose lunch (start 0–50, 30 minutes) fits one way only.

    On the arc 1 → 2 (100 minutes) the town 4 lies on the road (no added travel) but is
    reached at 100, too late; the town 3 beside 1 adds 5 minutes and is reached at 15:
    lunch 15–45, node 2 at 145, back at 255. Lunch through town 3 on the first arc
    instead ends at 260, after the tour's end at 257; the other arcs reach no town in time.
    """
    travel = (
        (0, 10, 110, 15, 100),
        (10, 0, 100, 5, 90),
        (110, 100, 0, 100, 10),
        (15, 5, 100, 0, 95),
        (100, 90, 10, 95, 0),
    )
    tour = Tour(
        start=0,
        end=0,
        earliest_departure=0,
        latest_arrival=257,
        pause=Break(0, 50, 30, places=(3, 4)),
    )
    return Problem(
        scores=(0, 5, 5, 0, 0),
        durations=(0, 0, 0, 0, 0),
        windows=((), ((0, 300),), ((0, 300),), (), ()),
        travel=travel,
        tours=(tour,),
        excluded=frozenset({3, 4}),
    )


def test_a_cheap_place_reached_too_late_does_not_hide_one_reached_in_time() -> None:
    """Tests that the detour may go through a dearer place when the cheapest is too late.

    The model, the evaluator, the exact method and the search all find lunch at town 3
    on the arc 1 → 2 (the cheapest detour there, town 4, cannot start lunch by 50).
    """
    problem = _cheap_place_reached_too_late()
    plan = evaluate(problem, [[1, 2]])
    assert plan.is_feasible(), plan.violations
    tour = plan.tours[0]
    assert (tour.break_place, tour.break_start, tour.break_after, tour.arrival) == (3, 15, 1, 255)
    assert tour.travel == 10 + 5 + 100 + 110
    model = TourModel(problem)
    assert end_time(np.array([0, 1, 2, 0], dtype=np.int64), *model.data[0]) == 255
    assert _times_of(model, [0, 1, 2, 0])[6] == 255
    assert solve_exact(problem).best.score == 10
    assert solve(problem, max_iterations=20).best.score == 10


def _times_of(model: TourModel, seq_list: list[int]) -> tuple[object, ...]:
    seq = np.array(seq_list, dtype=np.int64)
    plain, rested, late_plain, late_rested, travel, end, _ = tour_times(seq, *model.data[0])
    return (seq, plain, rested, late_plain, late_rested, int(travel), int(end))


@pytest.mark.parametrize("seed", range(12))
def test_tours_ending_at_a_place_match_the_evaluator_and_the_exact_method(seed: int) -> None:
    """Tests tours from 0 to a town that is a break place, start among the places too.

    Travel is made metric (shortest paths), as the planner's is; the model's end times
    and insertion verdicts equal the evaluator's, and the search finds the optimum.
    """
    base = random_tour_problem(seed + 300, customers=7)
    n = base.num_nodes
    travel = [list(row) for row in base.travel]
    for k in range(n):
        for i in range(n):
            for j in range(n):
                travel[i][j] = min(travel[i][j], travel[i][k] + travel[k][j])
    rng = random.Random(seed)
    places = (0, n - 1, rng.randrange(1, n - 1))
    tour = dataclasses.replace(
        base.tours[0], end=n - 1, pause=Break(40, 70, rng.randint(5, 20), places=places)
    )
    problem = dataclasses.replace(
        base, travel=tuple(map(tuple, travel)), tours=(tour,), excluded=frozenset()
    )
    model = TourModel(problem)
    customers = list(range(1, n - 1))
    for _ in range(5):
        route = rng.sample(customers, rng.randint(0, 4))
        times = _times_of(model, [0, *route, n - 1])
        plan = evaluate(problem, [route])
        expected = plan.tours[0].arrival if plan.is_feasible() else None
        assert (None if times[6] >= NONE else times[6]) == expected, route
        if expected is None:
            continue
        for j in (v for v in customers if v not in route):
            for p in range(len(route) + 1):
                shift, _ = fit_one(j, p, *times, *model.data[0])
                fits = evaluate(problem, [[*route[:p], j, *route[p:]]]).is_feasible()
                assert (shift < NONE) == fits, (route, j, p)
    assert solve(problem, max_iterations=200).best.score == solve_exact(problem).best.score


@pytest.mark.parametrize("seed", range(40))
def test_the_states_need_no_more_budget_than_the_tour_records(seed: int) -> None:
    """Tests that every budget from the recorded need up gives the same cached states.

    ``late_rested[NEED]`` is what lets a move that adds travel skip the re-check from
    scratch: the rested departures and the latest plain arrivals must not change for
    any detour budget of at least that much.
    """
    problem = random_tour_problem(seed)
    model = TourModel(problem)
    spec = model.data[0][0]
    rng = random.Random(seed)
    customers = list(range(1, problem.num_nodes - 1))
    for _ in range(8):
        seq = np.array([0, *rng.sample(customers, rng.randint(0, 6)), 0], dtype=np.int64)
        plain, rested, late_plain, late_rested, travel, end, _ = tour_times(seq, *model.data[0])
        if spec[S_LIMIT] >= BIG or end >= NONE:
            continue
        need, budget = int(late_rested[NEED]), int(spec[S_LIMIT] - travel)
        assert 0 <= need <= max(budget, 0)
        for left in range(need, budget + 1):
            tighter = spec.copy()
            tighter[S_LIMIT] = travel + left
            again = tour_times(seq, tighter, *model.data[0][1:])
            assert np.array_equal(again[0], plain), (seq, left)
            assert np.array_equal(again[1], rested), (seq, left)
            assert np.array_equal(again[2], late_plain), (seq, left)
            assert np.array_equal(again[3][1:], late_rested[1:]), (seq, left)
