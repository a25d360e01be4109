"""Tests of the hand edits of :mod:`tourlink.edit` on plain day plans (no network needed)."""

from __future__ import annotations

import pytest

from tourlink.edit import DayPlan, move_stop, remove_stop, set_minutes

PLANS = [
    DayPlan(("a", "b", "c"), minutes={"b": 30, "c": 200}),
    DayPlan(("d",), minutes={"d": 60}),
]


@pytest.mark.parametrize(
    ("day", "index", "to_day", "to_index", "stops", "minutes"),
    [
        # to another day: the length goes with the visit and leaves the old day
        (0, 1, 1, 0, [("a", "c"), ("b", "d")], [{"c": 200}, {"b": 30, "d": 60}]),
        (0, 2, 1, 5, [("a", "b"), ("d", "c")], [{"b": 30}, {"d": 60, "c": 200}]),
        # within the day: the length stays with the visit
        (0, 1, 0, 2, [("a", "c", "b"), ("d",)], [{"b": 30, "c": 200}, {"d": 60}]),
        # a visit without a set length moves without one
        (0, 0, 1, 1, [("b", "c"), ("d", "a")], [{"b": 30, "c": 200}, {"d": 60}]),
    ],
)
def test_a_moved_visit_keeps_its_length_and_leaves_none_behind(
    day: int,
    index: int,
    to_day: int,
    to_index: int,
    stops: list[tuple[str, ...]],
    minutes: list[dict[str, int]],
) -> None:
    """Tests that move_stop takes a visit's set length along and off the day it left."""
    moved = move_stop(PLANS, day=day, index=index, to_day=to_day, to_index=to_index)
    assert [p.stops for p in moved] == stops
    assert [dict(p.minutes) for p in moved] == minutes


def test_a_visit_moved_away_and_back_keeps_the_length_it_was_given() -> None:
    """Tests that a length set on another day is the one kept when the visit comes back."""
    there = move_stop(PLANS, day=0, index=1, to_day=1, to_index=1)
    there = set_minutes(there, day=1, index=1, minutes=90)
    back = move_stop(there, day=1, index=1, to_day=0, to_index=1)
    assert back[0].stops == ("a", "b", "c") and dict(back[0].minutes) == {"b": 90, "c": 200}
    assert dict(back[1].minutes) == {"d": 60}


def test_a_place_visited_twice_keeps_its_length_for_the_visit_left() -> None:
    """Tests that the day keeps a place's length while it still visits the place."""
    plans = [DayPlan(("a", "b", "a"), minutes={"a": 40}), DayPlan(())]
    moved = move_stop(plans, day=0, index=0, to_day=1, to_index=0)
    assert moved[0].stops == ("b", "a") and dict(moved[0].minutes) == {"a": 40}
    assert dict(moved[1].minutes) == {"a": 40}


def test_a_removed_visit_takes_its_length_with_it() -> None:
    """Tests that remove_stop drops the removed place's set length from the day."""
    removed = remove_stop(PLANS, day=0, index=2)
    assert removed[0].stops == ("a", "b") and dict(removed[0].minutes) == {"b": 30}
    assert removed[1] == PLANS[1]
