"""A quote's selling prices shown in the other currencies, each with the rate that made it.

A quote is priced in one currency; a customer may pay in another (a Lao traveller in
kip, an agent abroad in dollars). :func:`prices_in` converts each band's price per person
and the single supplement with the exchange rates the quote was made with — the latest
rate dated on or before the quote's date, plus the quote's safety buffer — and rounds up
to the currency's minor unit, so a converted price never falls short of the quoted one.
Each currency keeps its :class:`~tourlink.money.Conversion` (mid rate, buffer, rate
applied, date), so a page can say which rate of which day made the numbers. A currency
without a rate in the quote's rates is left out and named in ``missing``.

Examples
--------
>>> from tourlink.money import ExchangeRate
>>> rates = ExchangeRates(
...     (ExchangeRate("USD", "VND", Decimal("26000"), dt.date(2027, 2, 1)),), buffer=Decimal("0.02")
... )
>>> shown = prices_in([Money("120", "USD")], Money("35", "USD"), rates, dt.date(2027, 2, 5))
>>> [str(p) for p in shown.currencies[0].prices], shown.currencies[0].conversion.rate, shown.missing
(['3182400 VND'], Decimal('26520.00'), ('LAK',))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tourlink.money import Conversion, ExchangeRates, MissingRateError, Money

__all__ = ["DISPLAY_CURRENCIES", "ConvertedPrices", "PricesIn", "prices_in"]

#: The currencies every quote is shown in besides its own (THB only when asked for).
DISPLAY_CURRENCIES = ("VND", "LAK", "USD")


@dataclass(frozen=True, slots=True)
class ConvertedPrices:
    """The prices of a quote in one other currency and the conversion of one unit."""

    currency: str
    prices: tuple[Money, ...]
    supplement: Money
    conversion: Conversion


@dataclass(frozen=True, slots=True)
class PricesIn:
    """A quote's prices in each other currency that has a rate; those that have none."""

    currencies: tuple[ConvertedPrices, ...]
    missing: tuple[str, ...]


def _up(amount: Money) -> Money:
    return amount.rounded(Decimal(1).scaleb(-amount.digits), "up")


def prices_in(
    prices: Sequence[Money],
    supplement: Money,
    rates: ExchangeRates,
    on: dt.date,
    targets: Sequence[str] = DISPLAY_CURRENCIES,
) -> PricesIn:
    """Convert a quote's prices per person (one per band) into the other currencies.

    Parameters
    ----------
    prices
        The price per person of each band, all in the quote's currency.
    supplement
        The single supplement per person (in the quote's currency).
    rates
        The exchange rates and buffer the quote was made with.
    on
        The quote's date: the latest rate dated on or before it applies.
    targets
        The currencies wanted; the quote's own is skipped.

    Returns
    -------
    PricesIn
        The converted prices (rounded up to each currency's minor unit) with the
        conversion of one unit of the quote's currency, and the currencies left out for
        want of a rate.
    """
    if not prices:
        raise ValueError("prices_in needs at least one price.")
    source = prices[0].currency
    done: list[ConvertedPrices] = []
    missing: list[str] = []
    for target in targets:
        if target == source:
            continue
        try:
            unit = rates.convert(Money(Decimal(1), source), target, on=on)
        except MissingRateError:
            missing.append(target)
            continue
        converted = tuple(_up(rates.convert(p, target, on=on).result) for p in prices)
        extra = _up(rates.convert(supplement, target, on=on).result)
        done.append(ConvertedPrices(target, converted, extra, unit))
    return PricesIn(tuple(done), tuple(missing))
