"""Tests of tourlink.planner.request: parsing trip requests from plain mappings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tourlink.exceptions import InvalidRequestError, UnknownSiteError
from tourlink.network import Network
from tourlink.planner.request import parse_request

BASE = {"start": "kon-tum-city-centre", "start_date": "2026-03-03", "days": 2}


def test_text_values_are_converted(real: Network) -> None:
    """Tests that web-form text values become typed fields."""
    req = parse_request(
        {
            **BASE,
            "days": "3",
            "interests": "nature=2, history=1",
            "must": "thac-pa-sy,ho-dak-ke",
            "passports": "false",
            "day_start": "08:00",
            "max_drive": "300",
            "pace": "1.5",
        },
        network=real,
    )
    assert req.days == 3
    assert dict(req.interests) == {"nature": 2.0, "history": 1.0}
    assert req.must_visit == ("thac-pa-sy", "ho-dak-ke")
    assert req.passports is False
    assert req.day_start == dt.time(8, 0)
    assert req.max_drive_minutes == 300
    assert req.pace == 1.5
    assert req.end is None and req.end_site == "kon-tum-city-centre"


def test_json_values_are_accepted(real: Network) -> None:
    """Tests that typed JSON values (lists, mappings, booleans) are accepted as they are."""
    req = parse_request(
        {
            **BASE,
            "end": "pakse",
            "interests": {"waterfall": 3},
            "avoid": ["wat-phou"],
            "vehicle_papers": True,
        },
        network=real,
    )
    assert req.end == "pakse" and req.avoid == ("wat-phou",)
    assert dict(req.interests) == {"waterfall": 3.0}


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"days": 45}, r"`days` must be a whole number between 1 and 30, got 45\."),
        ({"days": "two"}, r"`days` must be a whole number between 1 and 30, got 'two'\."),
        ({"days": True}, r"`days` must be a whole number"),
        (
            {"start_date": "2026-02-30"},
            r"`start_date` must be a real date written YYYY-MM-DD, "
            r"got '2026-02-30'",
        ),
        ({"start_date": 20260303}, r"`start_date` must be a date written YYYY-MM-DD"),
        ({"mode": "plane"}, r"`mode` must be one of car, motorbike, coach, got 'plane'\."),
        ({"interests": "beach=2"}, r"`interests` names the unknown category 'beach'"),
        ({"interests": "nature"}, r"`interests` must be category=weight pairs"),
        ({"interests": {"nature": 11}}, r"`interests.nature` must be a number between 0 and 10"),
        ({"day_start": "25:00"}, r"`day_start` must be a time of day written HH:MM"),
        ({"pace": "fast"}, r"`pace` must be a number between 0.25 and 4"),
        ({"passports": "maybe"}, r"`passports` must be true or false, got 'maybe'\."),
        ({"must_visit": 7}, r"`must_visit` must be a list of site ids"),
        ({"dayz": 3}, r"`dayz` is not a trip request field"),
        (
            {"avoid": ["kon-tum-city-centre"]},
            r"`avoid` names Kon Tum city centre, which is "
            r"the trip's start",
        ),
    ],
)
def test_malformed_fields_are_named(real: Network, patch: dict[str, Any], message: str) -> None:
    """Tests that each malformed field raises an error naming field, value and expectation."""
    with pytest.raises(InvalidRequestError, match=message):
        parse_request({**BASE, **patch}, network=real)


def test_missing_required_field(real: Network) -> None:
    """Tests that a missing required field is reported by name."""
    with pytest.raises(InvalidRequestError, match=r"`start` is required") as info:
        parse_request({"start_date": "2026-03-03", "days": 1}, network=real)
    assert info.value.field == "start"


def test_unknown_site_suggests(real: Network) -> None:
    """Tests that an unknown site id raises UnknownSiteError with a suggestion."""
    with pytest.raises(UnknownSiteError, match=r"did you mean 'thac-pa-sy'"):
        parse_request({**BASE, "must_visit": ["thac-pa-si"]}, network=real)
