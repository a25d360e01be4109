"""Tests of tourlink.engine.problem: validation and derived views."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from tourlink.engine.problem import Break, Problem, Tour, matrix
from tourlink.exceptions import InvalidRequestError

DAY = Tour(start=0, end=0, earliest_departure=0, latest_arrival=100)


def small(**changes: object) -> Problem:
    base = Problem(
        scores=(0, 3, 4, 5),
        durations=(0, 1, 1, 1),
        windows=((), ((0, 50),), ((10, 20), (30, 40)), ((0, 100),)),
        travel=((0, 5, 6, 7), (5, 0, 3, 4), (6, 3, 0, 2), (7, 4, 2, 0)),
        tours=(DAY,),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_valid_problem_exposes_customers_and_depots() -> None:
    """Tests that depots are the tour ends and customers the other, non-excluded nodes."""
    p = small(excluded=frozenset({2}))
    assert p.depots == (0,)
    assert p.customers == (1, 3)
    assert p.num_nodes == 4 and p.num_tours == 1


def test_tour_windows_and_allowed_nodes_apply_per_tour() -> None:
    """Tests that a tour's own windows replace the shared ones and `allowed` filters nodes."""
    own = ((), (), ((0, 5),), ())
    p = small(tours=(DAY, replace(DAY, windows=own, allowed=frozenset({1, 2}))))
    assert p.tour_windows(1) == own
    assert p.allowed_on(0) == (1, 2, 3)
    assert p.allowed_on(1) == (2,)  # 1 has no window on that day, 3 is not allowed


def test_derived_views_follow_a_replaced_problem() -> None:
    """Tests that a problem made with `replace` answers from its own fields, not the original's.

    Depots, customers, allowed nodes and the travel array are kept on a problem once asked.
    """
    p = small()
    assert p.customers == (1, 2, 3) and p.allowed_on(0) == (1, 2, 3)
    assert p.travel_array()[2, 3] == 2
    q = replace(
        p,
        tours=(replace(DAY, end=3, allowed=frozenset({1})),),
        travel=tuple((0, 9, 9, 9) for _ in range(4)),
    )
    assert q.depots == (0, 3) and q.customers == (1, 2)
    assert q.allowed_on(0) == (1,)
    assert q.travel_array()[2, 3] == 9
    assert p.customers == (1, 2, 3) and p.travel_array()[2, 3] == 2  # the original's stand
    assert q == replace(q) and p != q  # what is derived takes no part in equality


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"durations": (0, 1, 1)}, r"`durations` must be one entry per node \(4\)"),
        ({"scores": (0, -1, 4, 5)}, r"`scores` must be non-negative, got -1"),
        ({"windows": ((), ((5, 1),), (), ())}, r"`windows\[1\]` must be an \(open, close\)"),
        ({"windows": ((), ((0, 9), (5, 20)), (), ())}, r"`windows\[1\]` must be sorted, disjoint"),
        ({"travel": ((0, 1), (1, 0))}, r"`travel` must be a 4 x 4 matrix"),
        ({"travel": ((0, -5, 6, 7),) + ((5, 0, 3, 4),) * 3}, r"non-negative entries"),
        ({"tours": ()}, r"`tours` must be at least one tour"),
        ({"required": frozenset({9})}, r"`required` must be a node id between 0 and 3, got 9"),
        ({"required": frozenset({1}), "excluded": frozenset({1})}, r"disjoint from excluded"),
        ({"required": frozenset({0})}, r"free of depots"),
        ({"tours": (replace(DAY, end=7),)}, r"`tours\[0\].end` must be a node id"),
    ],
)
def test_invalid_problem_is_refused_with_named_field(
    changes: dict[str, object], message: str
) -> None:
    """Tests that each invalid field raises InvalidRequestError naming it and the value."""
    with pytest.raises(InvalidRequestError, match=message):
        small(**changes)


def test_invalid_tour_and_break_are_refused() -> None:
    """Tests that Tour and Break check their own invariants."""
    with pytest.raises(InvalidRequestError, match=r"`tour.latest_arrival` must be at least"):
        Tour(start=0, end=0, earliest_departure=10, latest_arrival=5)
    with pytest.raises(InvalidRequestError, match=r"`tour.max_travel` must be non-negative"):
        Tour(start=0, end=0, earliest_departure=0, latest_arrival=5, max_travel=-1)
    with pytest.raises(InvalidRequestError, match=r"`tour.windows\[2\]` must be an \("):
        Tour(start=0, end=0, earliest_departure=0, latest_arrival=5, windows=((), (), ((4, 3),)))
    with pytest.raises(InvalidRequestError, match=r"`break.latest` must be at least"):
        Break(earliest=10, latest=5, duration=1)
    with pytest.raises(InvalidRequestError, match=r"`break.duration` must be non-negative"):
        Break(earliest=1, latest=5, duration=-1)


def test_invalid_problem_is_also_a_value_error() -> None:
    """Tests that validation errors can be caught as ValueError."""
    with pytest.raises(ValueError, match="scores"):
        small(scores=(0, 1, 2, -3))


def test_a_checked_matrix_makes_the_same_problem() -> None:
    """Tests that a problem whose travel is a `matrix` equals the one from plain rows.

    Its travel array is the matrix's, and a matrix that is not square, holds fractions or
    negative entries is refused when made.
    """
    p = small()
    q = small(travel=matrix(np.array(p.travel)))
    assert q == p and q.travel == p.travel and isinstance(q.travel[0], tuple)
    assert q.travel_array().tolist() == [list(row) for row in p.travel]
    assert replace(q, required=frozenset({1})).travel_array() is q.travel_array()
    for bad, message in (
        (np.zeros((2, 3)), r"square matrix"),
        (np.array([[0, 0.5], [1, 0]]), r"integers"),
        (np.array([[0, 1], [-2, 0]]), r"non-negative entries, got -2"),
    ):
        with pytest.raises(InvalidRequestError, match=message):
            matrix(bad)
    with pytest.raises(InvalidRequestError, match=r"`travel` must be a 4 x 4 matrix"):
        small(travel=matrix(np.zeros((3, 3), dtype=np.int64)))
