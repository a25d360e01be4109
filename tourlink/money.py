r"""Money as :class:`~decimal.Decimal` with its ISO 4217 currency, and dated exchange rates.

An amount never exists without its currency and never passes through a float. Arithmetic
between two currencies is refused: the only way from one currency to another is a
:class:`Conversion` made by :class:`ExchangeRates`, which records the rate, the date it was
quoted and the safety buffer applied on top of it.

Examples
--------
>>> price = Money("1250000", "VND")
>>> (price * 2).format("vi").replace("\xa0", " ")  # Babel puts a no-break space
'2.500.000 ₫'
>>> print(Money("1234", "USD").format("en"))
$1,234.00
>>> rates = ExchangeRates((ExchangeRate("USD", "VND", Decimal("25000"), dt.date(2027, 1, 5)),),
...                       buffer=Decimal("0.02"))
>>> conversion = rates.convert(Money("100", "USD"), "VND", on=dt.date(2027, 3, 2))
>>> conversion.result.quantized()
Money(amount=Decimal('2550000'), currency='VND')
>>> conversion.date
datetime.date(2027, 1, 5)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from babel.numbers import format_currency, get_currency_precision

from tourlink.exceptions import InvalidRequestError, TourlinkError
from tourlink.messages import define, message

__all__ = [
    "CURRENCIES",
    "Conversion",
    "CurrencyMismatchError",
    "ExchangeRate",
    "ExchangeRates",
    "MissingRateError",
    "Money",
    "RoundingMode",
    "check_currency",
    "decimal_from",
    "round_to_step",
    "total",
]

FLOAT_AMOUNT = define(
    "money.float",
    "{field} must be a Decimal, an integer or a decimal string, got the float {value} "
    "(floats lose cents: write it as a string).",
)
TOO_MUCH = define("money.too-much", "{field} must be below {limit}, got {value}.")
NOT_AMOUNT = define(
    "money.not-amount", "{field} must be a decimal number such as '12.50', got {value}."
)
NOT_CURRENCY = define("money.not-currency", "{field} must be one of {choices}, got {value}.")
STEP = define("money.step", "rounding step must be > 0, got {step}.")
ROUNDING = define("money.rounding", "rounding mode must be one of {choices}, got {value}.")
SAME_CURRENCY = define(
    "money.same-currency", "ExchangeRate needs two currencies, got {currency} twice."
)
RATE_RANGE = define(
    "money.rate-range", "ExchangeRate.rate must be between 1e-8 and 1e12, got {rate}."
)
BUFFER = define("money.buffer", "ExchangeRates.buffer must be in [0, 0.5), got {buffer}.")
NO_RATE = define(
    "money.no-rate",
    "No exchange rate from {source} to {target} dated on or before {on}: "
    "enter a {source}/{target} rate.",
)

#: The currencies tour operators in the region price in (others are refused).
CURRENCIES = ("VND", "LAK", "USD", "THB", "KHR", "EUR")

#: No amount, rate or quantity reaches this (a bound that keeps every product exact).
MAX_AMOUNT = 10**15

RoundingMode = Literal["up", "nearest", "down"]
_ROUNDING = {"up": ROUND_CEILING, "nearest": ROUND_HALF_UP, "down": ROUND_FLOOR}


class CurrencyMismatchError(TourlinkError, ValueError):
    """Two amounts in different currencies were combined without a conversion."""


class MissingRateError(TourlinkError, LookupError):
    """No exchange rate is known for a pair of currencies on a date."""

    def __str__(self) -> str:  # LookupError would wrap the text in quotes
        return str(self.args[0])


def decimal_from(value: object, what: str) -> Decimal:
    """Return ``value`` as a finite :class:`Decimal`, refusing floats and junk.

    Parameters
    ----------
    value
        A ``Decimal``, an ``int`` or a decimal string such as ``"12.50"``.
    what
        The name of the field, for the error message.

    Raises
    ------
    ValueError
        Naming ``what``, the value and what was expected.

    Examples
    --------
    >>> decimal_from("12.50", "per_km")
    Decimal('12.50')
    """
    if isinstance(value, bool | float):
        said = message(FLOAT_AMOUNT, field=what, value=repr(value))
        raise InvalidRequestError(said, what)
    if isinstance(value, Decimal | int | str):
        try:
            result = Decimal(value) if not isinstance(value, Decimal) else value
        except InvalidOperation:
            result = Decimal("NaN")
        if result.is_finite() and abs(result) < MAX_AMOUNT:
            return result
        if result.is_finite():
            said = message(TOO_MUCH, field=what, limit=f"{MAX_AMOUNT:,}", value=f"{value!r:.40}")
            raise InvalidRequestError(said, what)
    raise InvalidRequestError(message(NOT_AMOUNT, field=what, value=f"{value!r:.40}"), what)


def check_currency(currency: object, what: str = "currency") -> str:
    """Return ``currency`` if it is one of :data:`CURRENCIES`, else raise ValueError."""
    if not isinstance(currency, str) or currency not in CURRENCIES:
        said = message(
            NOT_CURRENCY, field=what, choices=", ".join(CURRENCIES), value=repr(currency)
        )
        raise InvalidRequestError(said, what)
    return currency


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money in one currency.

    Parameters
    ----------
    amount
        The amount: a ``Decimal``, an ``int`` or a decimal string (never a float).
    currency
        ISO 4217 code, one of :data:`CURRENCIES`.
    """

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", decimal_from(self.amount, "Money.amount"))
        check_currency(self.currency, "Money.currency")

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Return no money in ``currency``."""
        return cls(Decimal(0), currency)

    def _same(self, other: object, operation: str) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"Cannot {operation} Money and {type(other).__name__}.")
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                f"Cannot {operation} {self.currency} and {other.currency}: convert one of them "
                "first with ExchangeRates.convert."
            )
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same(other, "add").amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same(other, "subtract").amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
            raise TypeError(f"Money can be multiplied by an int or a Decimal, got {factor!r}.")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: int | Decimal) -> Money:
        if isinstance(divisor, bool) or not isinstance(divisor, int | Decimal):
            raise TypeError(f"Money can be divided by an int or a Decimal, got {divisor!r}.")
        if divisor == 0:
            raise ZeroDivisionError("Cannot divide Money by zero.")
        return Money(self.amount / divisor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other, "compare").amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other, "compare").amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other, "compare").amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other, "compare").amount

    @property
    def digits(self) -> int:
        """The currency's minor-unit digits (0 for VND and LAK, 2 for USD)."""
        return int(get_currency_precision(self.currency))

    def quantized(self) -> Money:
        """Return the amount rounded half up to the currency's minor unit."""
        exponent = Decimal(1).scaleb(-self.digits)
        return Money(self.amount.quantize(exponent, rounding=ROUND_HALF_UP), self.currency)

    def rounded(self, step: Decimal, mode: RoundingMode = "up") -> Money:
        """Return the amount rounded to a multiple of ``step`` (see :func:`round_to_step`)."""
        return Money(round_to_step(self.amount, step, mode), self.currency)

    def format(self, locale: str = "en") -> str:
        """Return the amount written for a reader in ``locale`` (Babel's CLDR patterns).

        Examples
        --------
        >>> Money("2500000", "LAK").format("lo")
        '₭2.500.000'
        """
        value = self.quantized().amount
        return str(format_currency(value, self.currency, locale=locale))

    def to_dict(self) -> dict[str, str]:
        """Return ``{"amount": "1250000", "currency": "VND"}`` (the amount as a string)."""
        return {"amount": str(self.quantized().amount), "currency": self.currency}

    def __str__(self) -> str:
        return f"{self.quantized().amount} {self.currency}"


def round_to_step(amount: Decimal, step: Decimal, mode: RoundingMode = "up") -> Decimal:
    """Round ``amount`` to a multiple of ``step``: up, to the nearest (half up) or down.

    Examples
    --------
    >>> round_to_step(Decimal("1234001"), Decimal("50000"))
    Decimal('1250000')
    >>> round_to_step(Decimal("12.49"), Decimal("0.5"), "nearest")
    Decimal('12.5')
    """
    if step <= 0:
        raise InvalidRequestError(message(STEP, step=str(step)), "step")
    if mode not in _ROUNDING:
        said = message(ROUNDING, choices=", ".join(_ROUNDING), value=repr(mode))
        raise InvalidRequestError(said, "mode")
    units = (amount / step).quantize(Decimal(1), rounding=_ROUNDING[mode])
    return units * step


def total(amounts: Iterable[Money], currency: str) -> Money:
    """Return the sum of ``amounts``, all in ``currency`` (zero when there are none)."""
    result = Money.zero(currency)
    for amount in amounts:
        result = result + amount
    return result


@dataclass(frozen=True, slots=True)
class ExchangeRate:
    """A rate quoted on a date: one ``base`` is worth ``rate`` of ``quote``.

    Parameters
    ----------
    base, quote
        ISO 4217 codes, e.g. ``"USD"`` and ``"VND"``.
    rate
        How much ``quote`` one ``base`` buys, ``> 0``.
    date
        The day the operator took the rate.
    source
        Where it was taken from (a bank's board, the operator's own rate).
    """

    base: str
    quote: str
    rate: Decimal
    date: dt.date
    source: str = ""

    def __post_init__(self) -> None:
        check_currency(self.base, "ExchangeRate.base")
        check_currency(self.quote, "ExchangeRate.quote")
        if self.base == self.quote:
            raise InvalidRequestError(message(SAME_CURRENCY, currency=self.base), "quote")
        rate = decimal_from(self.rate, "ExchangeRate.rate")
        if not Decimal("1e-8") <= rate < 10**12:
            raise InvalidRequestError(message(RATE_RANGE, rate=str(rate)), "rate")
        object.__setattr__(self, "rate", rate)


@dataclass(frozen=True, slots=True)
class Conversion:
    """One conversion, kept so a reader sees which rate, of which date, made the number.

    Attributes
    ----------
    source, result
        The amount before and after.
    mid
        The operator's rate: one ``source.currency`` in ``result.currency``.
    buffer
        The safety buffer added on top (``0.03`` for 3 %).
    rate
        The rate applied: ``mid × (1 + buffer)``.
    date
        The date of the rate used.
    """

    source: Money
    result: Money
    mid: Decimal
    buffer: Decimal
    rate: Decimal
    date: dt.date

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form (amounts and rates as strings, the date in ISO 8601)."""
        return {
            "source": self.source.to_dict(),
            "result": self.result.to_dict(),
            "mid": str(self.mid),
            "buffer": str(self.buffer),
            "rate": str(self.rate),
            "date": self.date.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class ExchangeRates:
    """The operator's dated rates and the safety buffer added to every conversion.

    Parameters
    ----------
    rates
        The rates; a pair may be given either way round (its inverse is used).
    buffer
        A fraction in ``[0, 0.5)`` added to each rate so that a cost converted today still
        covers it when the currency moves before the trip is paid (``0.03`` = 3 %).
    """

    rates: tuple[ExchangeRate, ...] = ()
    buffer: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        buffer = decimal_from(self.buffer, "ExchangeRates.buffer")
        if not Decimal(0) <= buffer < Decimal("0.5"):
            raise InvalidRequestError(message(BUFFER, buffer=str(buffer)), "buffer")
        object.__setattr__(self, "buffer", buffer)
        object.__setattr__(self, "rates", tuple(self.rates))

    def _direct(self, source: str, target: str, on: dt.date) -> tuple[Decimal, dt.date] | None:
        best: tuple[dt.date, Decimal] | None = None
        for rate in self.rates:
            if rate.date > on:
                continue
            if (rate.base, rate.quote) == (source, target):
                value = rate.rate
            elif (rate.base, rate.quote) == (target, source):
                value = Decimal(1) / rate.rate
            else:
                continue
            if best is None or rate.date >= best[0]:
                best = (rate.date, value)
        return None if best is None else (best[1], best[0])

    def mid(self, source: str, target: str, *, on: dt.date) -> tuple[Decimal, dt.date]:
        """Return the latest rate from ``source`` to ``target`` dated on or before ``on``.

        A pair without a rate of its own goes through a third currency both have a rate
        with (LAK → USD → VND); its date is then the older of the two rates' dates.

        Raises
        ------
        MissingRateError
            If no rate for the pair (either way round, or through a third currency) is
            dated on or before ``on``.
        """
        direct = self._direct(source, target, on)
        if direct is not None:
            return direct
        for pivot in CURRENCIES:
            if pivot in (source, target):
                continue
            first = self._direct(source, pivot, on)
            second = self._direct(pivot, target, on) if first else None
            if first and second:
                return first[0] * second[0], min(first[1], second[1])
        raise MissingRateError(message(NO_RATE, source=source, target=target, on=on.isoformat()))

    def convert(self, amount: Money, target: str, *, on: dt.date) -> Conversion:
        """Convert ``amount`` into ``target`` with the rate in force ``on``, plus the buffer.

        Parameters
        ----------
        amount
            What to convert.
        target
            The currency wanted.
        on
            The date whose rate applies (the latest rate on or before it).

        Returns
        -------
        Conversion
            The result (not rounded) and how it was made; a same-currency "conversion"
            has rate 1 and no buffer.
        """
        check_currency(target, "target currency")
        if amount.currency == target:
            one = Decimal(1)
            return Conversion(amount, amount, one, Decimal(0), one, on)
        mid, date = self.mid(amount.currency, target, on=on)
        rate = mid * (1 + self.buffer)
        return Conversion(amount, Money(amount.amount * rate, target), mid, self.buffer, rate, date)
