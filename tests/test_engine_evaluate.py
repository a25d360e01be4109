"""Tests of tourlink.engine.evaluate, the independent checker, on hand-computed tours."""

from __future__ import annotations

import csv
from dataclasses import replace
from decimal import Decimal

import pytest
from shared_files import toptw_root

from tourlink.engine.evaluate import Result, evaluate
from tourlink.engine.problem import Break, Problem, Tour
from tourlink.engine.toptw import read_bks, read_instance

DAY = Tour(start=0, end=0, earliest_departure=0, latest_arrival=100)
HAND = Problem(
    scores=(0, 3, 4, 5),
    durations=(0, 1, 1, 1),
    windows=((), ((0, 50),), ((10, 20), (30, 40)), ((0, 100),)),
    travel=((0, 5, 6, 7), (5, 0, 3, 4), (6, 3, 0, 2), (7, 4, 2, 0)),
    tours=(DAY,),
)


def test_schedule_of_a_hand_checked_tour() -> None:
    """Tests arrival, start (waiting for a window), departure, score and totals."""
    s = evaluate(HAND, [[1, 2, 3]])
    times = [(v.arrival, v.start, v.departure) for v in s.tours[0].visits]
    assert times == [(5, 5, 6), (9, 10, 11), (13, 13, 14)]
    plan = s.tours[0]
    assert (plan.arrival, plan.travel, plan.waiting, s.score) == (21, 17, 1, 12)
    assert s.is_feasible()


def test_second_window_is_used_when_the_first_has_closed() -> None:
    """Tests that a visit arriving between two windows starts when the second opens."""
    late = replace(HAND, tours=(replace(DAY, earliest_departure=12),))
    s = evaluate(late, [[1, 2]])
    assert [(v.arrival, v.start) for v in s.tours[0].visits] == [(17, 17), (21, 30)]
    assert s.tours[0].arrival == 37 and s.is_feasible()


def test_break_is_placed_where_it_delays_the_tour_least() -> None:
    """Tests that the break goes after the 2nd visit (back at 26, not 27 or later)."""
    lunch = replace(HAND, tours=(replace(DAY, pause=Break(earliest=8, latest=12, duration=5)),))
    plan = evaluate(lunch, [[1, 2, 3]]).tours[0]
    assert (plan.break_after, plan.break_start, plan.arrival) == (2, 11, 26)
    assert [v.start for v in plan.visits] == [5, 10, 18]


def test_break_that_cannot_start_in_time_is_a_violation() -> None:
    """Tests that a break whose latest start has passed at every place is reported."""
    lunch = replace(
        HAND,
        tours=(
            replace(DAY, earliest_departure=20, pause=Break(earliest=0, latest=10, duration=5)),
        ),
    )
    s = evaluate(lunch, [[3]])
    assert s.violations == ("tour 0: the break cannot start by 10",)
    assert not s.is_feasible()


@pytest.mark.parametrize(
    ("tour", "routes", "expected"),
    [
        (replace(DAY, max_travel=16), [[1, 2, 3]], "travel 17 exceeds max_travel 16"),
        (replace(DAY, latest_arrival=20), [[1, 2, 3]], "after latest_arrival 20"),
        (replace(DAY, earliest_departure=45), [[2]], "node 2 reached at 51, after its windows"),
        (replace(DAY, allowed=frozenset({3})), [[1]], "node 1 is not allowed on this tour"),
        (DAY, [[1, 1]], "node 1 is visited more than once"),
        (DAY, [[0]], "node 0 is a depot"),
        (DAY, [[8]], "node 8 does not exist"),
        (DAY, [[1], [2]], "2 routes given for 1 tours"),
    ],
)
def test_each_violation_is_reported(tour: Tour, routes: list[list[int]], expected: str) -> None:
    """Tests that every kind of broken constraint produces its message."""
    s = evaluate(replace(HAND, tours=(tour,)), routes)
    assert any(expected in text for text in s.violations), s.violations
    assert not s.is_feasible()


def test_excluded_and_missing_required_nodes() -> None:
    """Tests that visiting an excluded node and skipping a required one both fail."""
    p = replace(HAND, excluded=frozenset({2}), required=frozenset({3}))
    s = evaluate(p, [[2]])
    assert "tour 0: node 2 is excluded" in s.violations
    assert s.missing_required == (3,)
    assert not s.is_feasible()
    assert evaluate(p, [[3]]).is_feasible()


def test_result_summary_and_str() -> None:
    """Tests the Result summary line and its per-tour listing."""
    result = Result(evaluate(HAND, [[1, 3]]), 0.5, 7, "ils")
    assert result.summary() == (
        "ils: score 8, 2 visits on 1 tours, feasible, 7 iterations in 0.50 s"
    )
    assert "tour 0: 1 3  (back at " in str(result)
    assert result.is_feasible() and result.score == 8


@pytest.mark.benchmark_data
def test_proven_optimal_routes_are_feasible_with_their_scores_and_times() -> None:
    """Tests the 27 Righini-Salani optimal routes: feasible, score = BKS, same start times."""
    root = toptw_root()
    bks = read_bks(root)
    with (root / "rs_optimal_routes_m1.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 27
    for row in rows:
        instance = read_instance(root / "c_r_rc_100_100" / f"{row['instance']}.txt")
        problem = instance.to_problem(1)
        route = [int(v) for v in row["route"].split()]
        s = evaluate(problem, [route], travel=instance.distance)
        assert s.is_feasible(), (row["instance"], s.violations)
        assert s.score == bks[(row["instance"], 1)] == int(row["score"])
        starts = [Decimal(v.start) / 10 for v in s.tours[0].visits]
        assert starts == [Decimal(t) for t in row["service_start_times"].split()], row["instance"]
