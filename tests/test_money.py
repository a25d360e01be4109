"""Tests of tourlink.money: Decimal amounts with currencies, conversions, formatting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tourlink.money import (
    CurrencyMismatchError,
    ExchangeRate,
    ExchangeRates,
    MissingRateError,
    Money,
    round_to_step,
    total,
)

NBSP = "\xa0"


def test_money_refuses_floats_and_unknown_currencies() -> None:
    """Tests that a float amount and an unknown currency are refused with a clear message."""
    with pytest.raises(ValueError, match=r"Money.amount .* float 0.1"):
        Money(0.1, "USD")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"Money.currency must be one of .*got 'XXX'"):
        Money(Decimal(1), "XXX")
    with pytest.raises(ValueError, match=r"decimal number such as '12.50', got 'abc'"):
        Money("abc", "USD")  # type: ignore[arg-type]


def test_arithmetic_is_exact_and_refuses_mixing_currencies() -> None:
    """Tests that cents add up exactly and that VND + USD without a conversion is refused."""
    cents = total([Money(Decimal("0.1"), "USD")] * 3, "USD")
    assert cents.amount == Decimal("0.3")
    assert (Money(Decimal(10), "VND") * 3 - Money(Decimal(5), "VND")).amount == 25
    with pytest.raises(CurrencyMismatchError, match="Cannot add VND and USD"):
        Money(Decimal(1), "VND") + Money(Decimal(1), "USD")
    with pytest.raises(CurrencyMismatchError, match="Cannot compare"):
        assert Money(Decimal(1), "VND") < Money(Decimal(1), "LAK")
    with pytest.raises(TypeError):
        Money(Decimal(1), "VND") * 1.5  # type: ignore[operator]


@pytest.mark.parametrize(
    ("amount", "step", "mode", "expected"),
    [
        ("1234001", "50000", "up", "1250000"),
        ("1250000", "50000", "up", "1250000"),
        ("1274999", "50000", "nearest", "1250000"),
        ("1275000", "50000", "nearest", "1300000"),
        ("1299999", "50000", "down", "1250000"),
        ("12.01", "0.5", "up", "12.5"),
    ],
)
def test_round_to_step(amount: str, step: str, mode: str, expected: str) -> None:
    """Tests that rounding to a step goes up, to the nearest (half up) or down as asked."""
    assert round_to_step(Decimal(amount), Decimal(step), mode) == Decimal(expected)  # type: ignore[arg-type]


def test_quantized_uses_the_currency_minor_unit() -> None:
    """Tests that VND and LAK have no decimals and USD two, rounded half up."""
    assert Money(Decimal("1234.5"), "VND").quantized().amount == Decimal(1235)
    assert Money(Decimal("1.005"), "USD").quantized().amount == Decimal("1.01")
    assert Money(Decimal("2499.5"), "LAK").quantized().amount == Decimal(2500)


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("1250000", "VND", "vi", f"1.250.000{NBSP}₫"),
        ("2500000", "LAK", "lo", "₭2.500.000"),
        ("1234", "USD", "en", "$1,234.00"),
        ("1234", "USD", "vi", f"1.234,00{NBSP}US$"),
        ("2500000", "VND", "en", "₫2,500,000"),
    ],
)
def test_format_per_locale(amount: str, currency: str, locale: str, expected: str) -> None:
    """Tests that amounts are written with each locale's CLDR pattern (Babel)."""
    assert Money(Decimal(amount), currency).format(locale) == expected


RATES = ExchangeRates(
    (
        ExchangeRate("USD", "VND", Decimal(25000), dt.date(2027, 1, 5)),
        ExchangeRate("USD", "VND", Decimal(26000), dt.date(2027, 3, 1)),
        ExchangeRate("USD", "LAK", Decimal(21000), dt.date(2027, 1, 5)),
    ),
    buffer=Decimal("0.02"),
)


def test_conversion_takes_the_latest_rate_on_or_before_the_date_plus_buffer() -> None:
    """Tests that a conversion records its rate, date and buffer and uses the right rate."""
    early = RATES.convert(Money(Decimal(100), "USD"), "VND", on=dt.date(2027, 2, 28))
    assert early.date == dt.date(2027, 1, 5)
    assert early.mid == 25000 and early.buffer == Decimal("0.02")
    assert early.result == Money(Decimal("2550000.00"), "VND")
    late = RATES.convert(Money(Decimal(100), "USD"), "VND", on=dt.date(2027, 3, 1))
    assert late.date == dt.date(2027, 3, 1) and late.result.quantized().amount == 2652000


def test_inverse_cross_and_missing_rates() -> None:
    """Tests VND→USD by the inverse rate, LAK→VND through USD, and an unknown pair refused."""
    back = RATES.convert(Money(Decimal(2500000), "VND"), "USD", on=dt.date(2027, 2, 1))
    assert back.result.quantized() == Money(Decimal("102.00"), "USD")
    cross = RATES.convert(Money(Decimal(2100000), "LAK"), "VND", on=dt.date(2027, 3, 5))
    # 2,100,000 LAK / 21,000 = 100 USD × 26,000 (the 1 March rate) = 2,600,000, + 2 %
    assert cross.result.quantized().amount == 2652000 and cross.date == dt.date(2027, 1, 5)
    with pytest.raises(MissingRateError, match="No exchange rate from THB to VND"):
        RATES.convert(Money(Decimal(1), "THB"), "VND", on=dt.date(2027, 2, 1))
    with pytest.raises(MissingRateError, match="on or before 2026-12-31"):
        RATES.convert(Money(Decimal(1), "USD"), "VND", on=dt.date(2026, 12, 31))


def test_same_currency_is_not_converted() -> None:
    """Tests that converting into the same currency keeps the amount and adds no buffer."""
    same = RATES.convert(Money(Decimal(7), "USD"), "USD", on=dt.date(2027, 1, 5))
    assert same.result == Money(Decimal(7), "USD") and same.buffer == 0


def test_buffer_and_rate_are_validated() -> None:
    """Tests that a negative buffer and a zero rate are refused, naming the field."""
    with pytest.raises(ValueError, match=r"buffer must be in \[0, 0.5\), got -0.01"):
        ExchangeRates((), buffer=Decimal("-0.01"))
    with pytest.raises(ValueError, match=r"ExchangeRate\.rate must be between 1e-8 and 1e12"):
        ExchangeRate("USD", "VND", Decimal(0), dt.date(2027, 1, 1))
    with pytest.raises(ValueError, match=r"ExchangeRate\.rate must be between"):
        ExchangeRate("USD", "VND", Decimal("1e13"), dt.date(2027, 1, 1))
    with pytest.raises(ValueError, match="must be below 1,000,000,000,000,000"):
        Money("1e999999", "VND")  # type: ignore[arg-type]
