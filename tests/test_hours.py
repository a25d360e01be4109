"""Tests of :mod:`tourlink.hours`: opening hours, gate hours, time zones."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tourlink import hours
from tourlink.exceptions import InvalidRequestError
from tourlink.network import Network

D = dt.datetime


@pytest.mark.parametrize(
    ("expr", "when", "expected"),
    [
        ("Mo-Su 07:00-17:00", D(2026, 3, 2, 6, 59), False),
        ("Mo-Su 07:00-17:00", D(2026, 3, 2, 7, 0), True),
        ("Mo-Su 07:00-17:00", D(2026, 3, 2, 17, 0), False),
        ("Mo-Fr 08:00-17:00", D(2026, 3, 7, 9, 0), False),  # Saturday
        ("24/7", D(2026, 3, 7, 3, 0), True),
    ],
)
def test_is_open(expr: str, when: dt.datetime, expected: bool) -> None:
    """Tests that is_open follows the expression minute by minute."""
    assert hours.is_open(expr, when) is expected


def test_aware_times_are_compared_in_local_time() -> None:
    """Tests that 00:30 UTC is read as 07:30 in Vietnam, when the gate is open."""
    utc = D(2026, 3, 2, 0, 30, tzinfo=dt.UTC)
    assert hours.local_time(utc, "Asia/Ho_Chi_Minh") == D(2026, 3, 2, 7, 30)


def test_intervals_of_a_split_day() -> None:
    """Tests that a lunch break gives two open intervals within the day."""
    got = hours.intervals("Mo-Fr 07:30-11:00,13:30-17:00", dt.date(2026, 3, 2))
    assert got == [
        (D(2026, 3, 2, 7, 30), D(2026, 3, 2, 11, 0)),
        (D(2026, 3, 2, 13, 30), D(2026, 3, 2, 17, 0)),
    ]
    assert hours.intervals("Mo-Fr 07:30-11:00", dt.date(2026, 3, 7)) == []


def test_next_open() -> None:
    """Tests that next_open gives now when open, the next opening otherwise."""
    assert hours.next_open("Mo-Fr 08:00-17:00", D(2026, 3, 2, 9, 0)) == D(2026, 3, 2, 9, 0)
    assert hours.next_open("Mo-Fr 08:00-17:00", D(2026, 3, 6, 18, 0)) == D(2026, 3, 9, 8, 0)
    assert hours.next_open("off", D(2026, 3, 6, 18, 0)) is None


def test_parse_error_names_the_expression() -> None:
    """Tests that bad syntax raises InvalidRequestError quoting the expression."""
    with pytest.raises(InvalidRequestError, match="'daily 7am' is not valid"):
        hours.parse("daily 7am")


@pytest.mark.parametrize(
    ("expr", "lang", "expected"),
    [
        ("Mo-Su 07:00-17:00", "en", "every day 07:00–17:00"),
        ("Mo-Su 07:00-17:00", "vi", "hằng ngày 07:00–17:00"),
        ("Mo-Fr 08:00-17:00; PH off", "en", "Monday to Friday 08:00–17:00; public holidays closed"),
        ("24/7", "vi", "mở cửa 24 giờ, hằng ngày"),
    ],
)
def test_describe(expr: str, lang: str, expected: str) -> None:
    """Tests that describe puts opening hours in English and Vietnamese words."""
    assert hours.describe(expr, lang) == expected


def test_gate_closure_and_next_open(tiny: Network) -> None:
    """Tests that the gate is shut through a dated closure and reopens at 07:00 after it."""
    gate = tiny.dataset.crossings["bo-y-phou-keua"]
    assert hours.crossing_is_open(gate, D(2027, 2, 4, 8, 0))
    assert not hours.crossing_is_open(gate, D(2027, 2, 6, 8, 0))
    assert hours.crossing_next_open(gate, D(2027, 2, 6, 8, 0)) == D(2027, 2, 9, 7, 0)
    assert hours.crossing_next_open(gate, D(2027, 2, 4, 18, 0)) == D(2027, 2, 9, 7, 0)


def test_local_tz(tiny: Network) -> None:
    """Tests that a Lao site is in Asia/Vientiane, a Vietnamese one in Asia/Ho_Chi_Minh."""
    assert hours.local_tz(tiny.site("attapeu-town")) == ZoneInfo("Asia/Vientiane")
    assert hours.local_tz(tiny.site("mang-den")) == ZoneInfo("Asia/Ho_Chi_Minh")
