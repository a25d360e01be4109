"""Tests of quote requests as JSON and of the out-of-date rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from tourlink.exceptions import InvalidRequestError
from tourlink.money import ExchangeRates
from tourlink.quote.options_io import QuoteBasis, options_from_dict, options_to_dict, out_of_date

GOOD: dict[str, Any] = {
    "bands": [10, 2, 6],
    "currency": "VND",
    "pricing": {"method": "markup", "rate": "0.25", "step": "50000", "mode": "nearest"},
    "buffer": "0.02",
    "foc_per": 15,
    "guide_language": "fr",
    "nationality": "fr",
}
DAY = dt.date(2027, 2, 1)


def test_request_round_trips_and_normalises() -> None:
    """Tests that bands are sorted, the nationality upper-cased and the buffer applied."""
    options = options_from_dict(GOOD, date=DAY, rates=ExchangeRates())
    assert options.bands == (2, 6, 10) and options.nationality == "FR"
    assert options.rates.buffer == Decimal("0.02") and options.pricing.step == 50000
    again = options_from_dict(options_to_dict(options), date=DAY, rates=ExchangeRates())
    assert again == options


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"bands": "2,4"}, "`bands` must be a list"),
        ({"bands": [2, 2]}, "bands must be distinct"),
        ({"currency": "XXX"}, "currency must be one of"),
        ({"pricing": {"method": "margin", "rate": "1.2"}}, r"margin must be in \[0, 1\)"),
        ({"pricing": "20%"}, "`pricing` must be an object"),
        ({"foc_per": -1}, "`foc_per` must be a whole number >= 0, got -1"),
        ({"buffer": 0.5}, "buffer must be a Decimal"),
        ({"meals": ["brunch"]}, "meals must be among lunch, dinner"),
        ({"colour": "red"}, r"Unknown field\(s\) `colour`: expected `bands`, "),
    ],
)
def test_bad_requests_name_the_field(change: dict[str, Any], match: str) -> None:
    """Tests that each malformed field is refused with its name and value."""
    with pytest.raises(InvalidRequestError, match=match):
        options_from_dict({**GOOD, **change}, date=DAY, rates=ExchangeRates())


def test_out_of_date_reasons() -> None:
    """Tests each reason: newer itinerary version, newer card version, rates entered later."""
    made = dt.datetime(2027, 2, 1, 8, tzinfo=dt.UTC)
    later = dt.datetime(2027, 2, 3, 8, tzinfo=dt.UTC)
    assert out_of_date(QuoteBasis(1, 1, made), QuoteBasis(1, 1, made)) == ()
    reasons = out_of_date(QuoteBasis(1, 1, made), QuoteBasis(3, 2, later))
    assert [str(r) for r in reasons] == [
        "Made for version 1 of the itinerary; version 3 is the current one.",
        "Made with version 1 of the rate card; version 2 is the current one.",
        "Exchange rates were entered on 3 Feb 2027, after this quote was made.",
    ]
    assert [r.code for r in out_of_date(QuoteBasis(1, 1, None), QuoteBasis(1, 1, made))] == [
        "quote.stale.rates"
    ]
