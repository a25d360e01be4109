"""Tests of :mod:`tourlink.dates`: the supported calendar range."""

from __future__ import annotations

import datetime as dt

import pytest

from tourlink.dates import FIRST_DATE, LAST_DATE, check_date
from tourlink.exceptions import InvalidRequestError


@pytest.mark.parametrize(
    "day", [FIRST_DATE, LAST_DATE, dt.date(2026, 3, 2), dt.datetime(2099, 12, 31, 23, 59)]
)
def test_dates_in_range_pass_unchanged(day: dt.date) -> None:
    """Tests that dates (and date-times) from 2000 to 2099 are returned unchanged."""
    assert check_date("start_date", day) is day


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (dt.date(9999, 12, 31), "9999-12-31"),
        (dt.date(2100, 1, 1), "2100-01-01"),
        (dt.date(1999, 12, 31), "1999-12-31"),
        (dt.datetime(9999, 12, 31, 20, 0), "9999-12-31"),
    ],
)
def test_dates_out_of_range_name_the_field(day: dt.date, shown: str) -> None:
    """Tests that a date outside the range is refused naming the field and the bounds."""
    with pytest.raises(
        InvalidRequestError,
        match=rf"^`depart` must be between 2000-01-01 and 2099-12-31, "
        rf"got {shown}\.$",
    ) as info:
        check_date("depart", day)
    assert info.value.field == "depart"
