"""Tests of the rules added for the planner: break places, visit caps, bonuses, stop reasons.

Each rule is checked by hand on a tiny instance, in the evaluator, the exact method
and the search; then the search is compared with the exact method on random
instances that use every rule at once.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace

import pytest

from tourlink.engine import Break, Problem, SolveParams, Tour, evaluate, solve, solve_exact
from tourlink.exceptions import InvalidRequestError

# Depot 0, customers 1 and 2 (10 apart on a triangle), node 3 a town near 1 (a place only).
TRAVEL = ((0, 10, 10, 12), (10, 0, 10, 3), (10, 10, 0, 9), (12, 3, 9, 0))
DAY = Tour(start=0, end=0, earliest_departure=0, latest_arrival=100)
LUNCH = Break(earliest=20, latest=40, duration=15, places=(3,))
TOWN = Problem(
    scores=(0, 5, 5, 0),
    durations=(0, 5, 5, 0),
    windows=((), ((0, 100),), ((0, 100),), ()),
    travel=TRAVEL,
    tours=(replace(DAY, pause=LUNCH),),
    excluded=frozenset({3}),
)


def test_break_by_detour_to_a_town_on_the_best_arc() -> None:
    """Tests the detour rule by hand: 0-1 (serve 10-15), 1-town (18), lunch 20-35, town-2 (44).

    Detours on the other arcs end later (68 and 66); the detour's 2 minutes count.
    """
    plan = evaluate(TOWN, [[1, 2]]).tours[0]
    assert (plan.break_place, plan.break_start, plan.break_after) == (3, 20, 1)
    assert [(v.arrival, v.start) for v in plan.visits] == [(10, 10), (44, 44)]
    assert (plan.arrival, plan.travel) == (59, 32)


def test_detour_counts_in_the_driving_limit() -> None:
    """Tests that a detour that would exceed `max_travel` makes the tour infeasible."""
    tight = replace(TOWN, tours=(replace(TOWN.tours[0], max_travel=31),))
    s = evaluate(tight, [[1, 2]])
    assert s.violations == ("tour 0: travel 32 exceeds max_travel 31",)
    assert solve_exact(tight).best.routes in (((1,),), ((2,),))
    result = solve(tight, max_iterations=50)
    assert result.score == 5 and result.is_feasible()


def test_break_at_a_visited_place_comes_before_a_detour_to_it() -> None:
    """Tests that with places = (1,) lunch follows the visit of 1 (15 -> 20-35), back at 60."""
    at_one = replace(TOWN, tours=(replace(DAY, pause=replace(LUNCH, places=(1,))),))
    plan = evaluate(at_one, [[1, 2]]).tours[0]
    assert (plan.break_place, plan.break_start, plan.break_after, plan.arrival) == (1, 20, 1, 60)


def test_search_and_exact_take_the_break_at_a_place() -> None:
    """Tests that both solvers visit 1 and 2 with lunch in the town (score 10, feasible)."""
    for result in (solve(TOWN, max_iterations=50), solve_exact(TOWN)):
        assert result.score == 10 and result.is_feasible()
        assert result.best.tours[0].break_place == 3


def test_break_without_places_is_taken_where_the_tour_is() -> None:
    """Tests that `places=None` keeps the rule: lunch after the visit of 2 (30-45), back at 55."""
    anywhere = replace(TOWN, tours=(replace(DAY, pause=replace(LUNCH, places=None)),))
    plan = evaluate(anywhere, [[1, 2]]).tours[0]
    assert (plan.break_place, plan.break_start, plan.break_after, plan.arrival) == (2, 30, 2, 55)


CAPPED = Problem(
    scores=(0, 9, 8, 3, 2),
    durations=(0, 1, 1, 1, 1),
    windows=((), *([((0, 100),)] * 4)),
    travel=tuple(tuple(0 if i == j else 5 for j in range(5)) for i in range(5)),
    tours=(replace(DAY, limits=((0, 1),), max_visits=2),),
    groups=(frozenset({1, 2}),),
)


def test_group_limit_and_max_visits_hold_in_every_solver() -> None:
    """Tests that at most one of {1, 2} and two visits in all are made: 1 and 3 (score 12)."""
    assert evaluate(CAPPED, [[1, 2]]).violations == (
        "tour 0: 2 visits of group 0 exceed its limit 1",
    )
    assert evaluate(CAPPED, [[1, 3, 4]]).violations == ("tour 0: 3 visits exceed max_visits 2",)
    for result in (solve(CAPPED, max_iterations=50), solve_exact(CAPPED)):
        assert result.score == 12 and sorted(result.best.routes[0]) == [1, 3]


def test_warm_start_beyond_a_cap_is_cut_back() -> None:
    """Tests that a warm start over the caps keeps what fits and stays feasible."""
    result = solve(CAPPED, max_iterations=0, initial=[[1, 2, 3, 4]])
    assert result.is_feasible() and result.best.routes == ((1, 3),)


def test_bonus_puts_a_stop_on_its_tour_and_counts_in_the_score() -> None:
    """Tests that a bonus of 4 for node 2 on tour 1 moves 2 there (score 5 + 5 + 4)."""
    twin = replace(
        TOWN,
        tours=(
            replace(DAY, max_visits=1),
            replace(DAY, max_visits=1, bonus={2: 4}),
        ),
    )
    assert evaluate(twin, [[2], [1]]).score == 10
    for result in (solve(twin, max_iterations=50), solve_exact(twin)):
        assert result.best.routes == ((1,), (2,)) and result.score == 14


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pause": Break(0, 10, 5, places=(9,))}, r"tours\[0\].pause.places"),
        ({"limits": ((1, 2),)}, r"tours\[0\].limits"),
        ({"limits": ((0, -1),)}, "tour.limits"),
        ({"max_visits": -1}, "tour.max_visits"),
        ({"bonus": {9: 1}}, r"tours\[0\].bonus"),
        ({"bonus": {1: -1}}, "tour.bonus"),
    ],
)
def test_invalid_rules_are_refused(changes: dict[str, object], message: str) -> None:
    """Tests that each malformed new field is refused with its name."""
    with pytest.raises(InvalidRequestError, match=message):
        replace(CAPPED, tours=(replace(DAY, **changes),))  # type: ignore[arg-type]


def test_empty_break_places_are_refused() -> None:
    """Tests that an empty tuple of places (the break could be taken nowhere) is refused."""
    with pytest.raises(InvalidRequestError, match=r"break\.places"):
        Break(0, 10, 5, places=())


def test_stop_reasons_are_reported() -> None:
    """Tests `stopped_by`: iteration budget, convergence rule, nothing left to gain, time."""
    hard = replace(CAPPED, tours=(replace(DAY, latest_arrival=12),))
    assert solve(hard, max_iterations=5).stopped_by == "iterations"
    assert solve(hard, params=SolveParams(converge=3)).stopped_by == "converged"
    assert solve(hard, time_limit=0.0).stopped_by == "time"
    assert solve(TOWN, max_iterations=5).stopped_by == "converged"  # both visited


def test_budgeted_search_does_not_depend_on_the_clock() -> None:
    """Tests that a generous time limit beside an iteration budget changes nothing."""
    problem = random_rules_problem(3)
    a = solve(problem, seed=4, max_iterations=60)
    b = solve(problem, seed=4, max_iterations=60, time_limit=1000.0)
    assert a.best.routes == b.best.routes and a.stopped_by == b.stopped_by


def random_rules_problem(seed: int, customers: int = 10) -> Problem:
    """Build a random two-tour problem with break places, caps, bonuses and a town."""
    rng = random.Random(seed)
    n = customers + 2  # the last node is a town: a break place no tour visits
    points = [(rng.randint(0, 40), rng.randint(0, 40)) for _ in range(n)]
    travel = tuple(tuple(math.ceil(math.dist(a, b)) for b in points) for a in points)
    windows = [()]
    for _ in range(customers):
        first = rng.randint(0, 60)
        windows.append(((first, first + rng.randint(15, 50)),))
    windows.append(())
    groups = (frozenset(rng.sample(range(1, n - 1), 4)), frozenset(rng.sample(range(1, n - 1), 3)))
    tours = []
    for _ in range(2):
        places = (*rng.sample(range(n), 2), n - 1)
        tours.append(
            Tour(
                start=0,
                end=0,
                earliest_departure=0,
                latest_arrival=rng.randint(80, 120),
                max_travel=rng.choice([None, 90]),
                pause=rng.choice([None, Break(30, 55, 10, places=places)]),
                limits=((rng.randrange(2), rng.randint(1, 2)),),
                max_visits=rng.choice([None, 3, 4]),
                bonus={v: rng.randint(1, 5) for v in rng.sample(range(1, n - 1), 2)},
            )
        )
    return Problem(
        scores=(0, *(rng.randint(1, 10) for _ in range(customers)), 0),
        durations=(0, *(rng.randint(1, 8) for _ in range(customers)), 0),
        windows=tuple(windows),
        travel=travel,
        tours=tuple(tours),
        excluded=frozenset({n - 1}),
        groups=groups,
    )


@pytest.mark.parametrize("seed", range(16))
def test_search_equals_exact_with_every_rule(seed: int) -> None:
    """Tests search = exact optimum (and both feasible) on random problems with every rule."""
    problem = random_rules_problem(seed)
    exact = solve_exact(problem)
    heuristic = solve(problem, seed=1, max_iterations=400)
    assert exact.is_feasible() and heuristic.is_feasible()
    assert heuristic.score == exact.score
    assert evaluate(problem, heuristic.best.routes).score == heuristic.score
