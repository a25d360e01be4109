"""From cost to price (markup or margin, then a rounding rule), rooming and free places.

A **markup** is added to the cost: ``price = cost × (1 + markup)``. A **margin** is the
share of the price that is profit: ``price = cost / (1 − margin)``. A 20 % margin is a
25 % markup; a 20 % markup is a 16.67 % margin.

Examples
--------
>>> cost = Money("100", "USD")
>>> Pricing("markup", Decimal("0.20")).price(cost)
Money(amount=Decimal('120.00'), currency='USD')
>>> Pricing("margin", Decimal("0.20")).price(cost)
Money(amount=Decimal('125.00'), currency='USD')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from tourlink.exceptions import InvalidRequestError
from tourlink.messages import define, message
from tourlink.money import STEP, Money, RoundingMode, decimal_from, round_to_step

__all__ = ["PRICING_METHODS", "Pricing", "Rooming", "foc_places", "rooming"]

PricingMethod = Literal["markup", "margin"]
PRICING_METHODS: tuple[PricingMethod, ...] = ("markup", "margin")


METHOD = define("quote.pricing-method", "pricing method must be one of {choices}, got {value}.")
#: What each pricing method's rate must be.
FRACTIONS = {
    "markup": define("quote.markup-fraction", "a markup must be >= 0 (a fraction), got {rate}."),
    "margin": define(
        "quote.margin-fraction", "a margin must be in [0, 1) (a fraction), got {rate}."
    ),
}


@dataclass(frozen=True, slots=True)
class Pricing:
    """How a cost per person becomes a selling price per person.

    Parameters
    ----------
    method
        ``"markup"`` (on cost) or ``"margin"`` (on price).
    rate
        The markup or margin as a fraction (``0.20`` for 20 %); a margin is below 1.
    step
        The selling price is rounded to a multiple of this (in the quote's currency);
        ``None`` rounds to the currency's minor unit only.
    mode
        ``"up"`` (never below the computed price), ``"nearest"`` or ``"down"``.
    """

    method: PricingMethod
    rate: Decimal
    step: Decimal | None = None
    mode: RoundingMode = "up"

    def __post_init__(self) -> None:
        if self.method not in PRICING_METHODS:
            choices = ", ".join(PRICING_METHODS)
            said = message(METHOD, choices=choices, value=repr(self.method))
            raise InvalidRequestError(said, "pricing.method")
        rate = decimal_from(self.rate, "pricing rate")
        if rate < 0 or (self.method == "margin" and rate >= 1):
            said = message(FRACTIONS[self.method], rate=str(rate))
            raise InvalidRequestError(said, "pricing.rate")
        object.__setattr__(self, "rate", rate)
        if self.step is not None:
            step = decimal_from(self.step, "rounding step")
            if step <= 0:
                raise InvalidRequestError(message(STEP, step=str(step)), "pricing.step")
            object.__setattr__(self, "step", step)
        round_to_step(Decimal(1), Decimal(1), self.mode)

    def price(self, cost: Money) -> Money:
        """Return the selling price of ``cost``, rounded by the rule."""
        raw = cost * (1 + self.rate) if self.method == "markup" else cost / (1 - self.rate)
        if self.step is None:
            return raw.quantized()
        return raw.rounded(self.step, self.mode).quantized()

    @property
    def markup(self) -> Decimal:
        """The markup on cost this pricing amounts to (before rounding)."""
        return self.rate if self.method == "markup" else self.rate / (1 - self.rate)

    @property
    def margin(self) -> Decimal:
        """The margin on price this pricing amounts to (before rounding)."""
        return self.rate if self.method == "margin" else self.rate / (1 + self.rate)


def foc_places(paying: int, per: int) -> int:
    """Return the free places (FOC) for ``paying`` travellers at one per ``per`` paying.

    Examples
    --------
    >>> foc_places(30, 15), foc_places(14, 15), foc_places(10, 0)
    (2, 0, 0)
    """
    return paying // per if per > 0 else 0


@dataclass(frozen=True, slots=True)
class Rooming:
    """The rooms of a group for one night.

    Attributes
    ----------
    single, twin, triple
        Rooms of each type.
    odd_single
        ``True`` when one single is there because the travellers sharing twins are odd.
    """

    single: int
    twin: int
    triple: int = 0
    odd_single: bool = False

    def count(self, room: str) -> int:
        """Return the number of rooms of type ``room``."""
        return {"single": self.single, "twin": self.twin, "triple": self.triple}[room]


def rooming(paying: int, foc: int, *, singles: int = 0, triples: int = 0) -> Rooming:
    """Return the rooms: twins by default, singles on request, a single for each FOC place.

    Parameters
    ----------
    paying
        Paying travellers.
    foc
        Free places (a tour leader or escort sleeps in a single).
    singles
        Paying travellers who asked for a single room (at most ``paying``).
    triples
        Triple rooms asked for (as many as the others fill).

    Examples
    --------
    >>> rooming(5, 0)
    Rooming(single=1, twin=2, triple=0, odd_single=True)
    >>> rooming(16, 1, singles=2)
    Rooming(single=3, twin=7, triple=0, odd_single=False)
    """
    singles = min(singles, paying)
    triples = min(triples, (paying - singles) // 3)
    sharing = paying - singles - 3 * triples
    odd = sharing % 2 == 1
    return Rooming(singles + foc + int(odd), sharing // 2, triples, odd)
