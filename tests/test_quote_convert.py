"""Tests of a quote's prices in the other currencies, computed by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tourlink.money import ExchangeRate, ExchangeRates, Money
from tourlink.quote.convert import prices_in

D = Decimal
FEB = dt.date(2027, 2, 1)
RATES = ExchangeRates(
    (
        ExchangeRate("USD", "VND", D(26000), FEB),
        ExchangeRate("USD", "LAK", D(21800), FEB),
        ExchangeRate("USD", "VND", D(30000), dt.date(2027, 3, 1)),  # after the quote: unused
    ),
    buffer=D("0.03"),
)


def test_usd_prices_in_vnd_and_lak_with_the_dated_rate_and_buffer() -> None:
    """Tests 120 and 95.50 USD → VND and LAK at rate × 1.03, rounded up, dated 1 Feb."""
    usd = [Money("120", "USD"), Money("95.50", "USD")]
    shown = prices_in(usd, Money("35", "USD"), RATES, dt.date(2027, 2, 10))
    vnd, lak = shown.currencies
    assert vnd.currency == "VND" and lak.currency == "LAK" and shown.missing == ()
    # 120 × 26,000 × 1.03 = 3,213,600; 95.5 × 26,000 × 1.03 = 2,557,490; 35 → 937,300
    assert [p.amount for p in vnd.prices] == [D(3213600), D(2557490)]
    assert vnd.supplement == Money(937300, "VND")
    # 120 × 21,800 × 1.03 = 2,694,480
    assert lak.prices[0] == Money(2694480, "LAK")
    assert (vnd.conversion.mid, vnd.conversion.buffer, vnd.conversion.rate) == (
        D(26000),
        D("0.03"),
        D("26780.00"),
    )
    assert vnd.conversion.date == FEB


def test_vnd_price_in_usd_rounds_up_to_the_cent_and_lak_goes_through_usd() -> None:
    """Tests 1,250,000 VND → 49.52 USD (48.0769… × 1.03 = 49.519…, up) and LAK by pivot."""
    shown = prices_in([Money(1250000, "VND")], Money(0, "VND"), RATES, dt.date(2027, 2, 10))
    by = {c.currency: c for c in shown.currencies}
    assert set(by) == {"LAK", "USD"}
    assert by["USD"].prices[0] == Money("49.52", "USD")
    # 1 VND = 21,800 / 26,000 LAK = 0.838461…; × 1.03 × 1,250,000 = 1,079,519.2… → 1,079,520
    assert by["LAK"].prices[0] == Money(1079520, "LAK")


def test_a_currency_without_a_rate_is_named_not_invented() -> None:
    """Tests that no LAK rate leaves LAK out and says so; no prices is an error."""
    rates = ExchangeRates((ExchangeRate("USD", "VND", D(26000), FEB),))
    shown = prices_in([Money(10, "USD")], Money(0, "USD"), rates, dt.date(2027, 2, 10))
    assert [c.currency for c in shown.currencies] == ["VND"] and shown.missing == ("LAK",)
    early = prices_in([Money(10, "USD")], Money(0, "USD"), rates, dt.date(2027, 1, 31))
    assert early.currencies == () and early.missing == ("VND", "LAK")
    with pytest.raises(ValueError, match="at least one price"):
        prices_in([], Money(0, "USD"), rates, FEB)
