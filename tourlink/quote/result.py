"""The result of a quote: per band, per line and in total, each number with its source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from tourlink.exceptions import PROBLEM_LINE, TEXT, TourlinkError, lines
from tourlink.messages import Message, define, message
from tourlink.money import Conversion, ExchangeRates, Money
from tourlink.quote.pricing import Pricing, Rooming

__all__ = ["BandQuote", "Quote", "QuoteError", "QuoteLine", "Source", "quote_to_dict"]

SourceKind = Literal["rate-card", "catalogue", "assumption"]
CATEGORIES = (
    "vehicle",
    "driver",
    "border-vehicle",
    "guide",
    "lodging",
    "meal",
    "entrance",
    "border",
    "visa",
    "extra",
)


QUOTE_REFUSED = define("quote.refused", "the trip cannot be quoted, {count} problems:\n{problems}")
QUOTE_REFUSED_ONE = define(
    "quote.refused-one", "the trip cannot be quoted, {count} problem:\n{problems}"
)


class QuoteError(TourlinkError, ValueError):
    """The rate card cannot price this trip; ``problems`` lists every missing rate.

    Each problem is a :class:`~tourlink.messages.Message` (``quote.missing.*``; plain
    English text is accepted too), so the whole refusal is said in the reader's language.
    """

    def __init__(self, problems: Sequence[Message | str]) -> None:
        self.problems: tuple[Message, ...] = tuple(
            p if isinstance(p, Message) else message(TEXT, text=p) for p in problems
        )
        said = lines([message(PROBLEM_LINE, problem=p) for p in self.problems])
        code = QUOTE_REFUSED_ONE if len(self.problems) == 1 else QUOTE_REFUSED
        super().__init__(message(code, count=len(self.problems), problems=said))


@dataclass(frozen=True, slots=True)
class Source:
    """Where a number came from: a rate card line, the catalogue's fee, or an assumption."""

    kind: SourceKind
    ref: str
    season: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class QuoteLine:
    """One cost line of a band: ``quantity × unit`` in the supplier's currency, converted.

    Attributes
    ----------
    category
        One of ``CATEGORIES``.
    description
        What it is, as a structured message.
    quantity
        How many units (days, km, room-nights, person-visits …).
    unit
        The unit price in the rate's currency.
    cost
        ``quantity × unit`` in the quote's currency (not rounded).
    conversion
        How ``cost`` was converted (``None`` when no conversion was needed).
    source
        Where the unit price came from.
    """

    category: str
    description: Message
    quantity: Decimal
    unit: Money
    cost: Money
    conversion: Conversion | None
    source: Source

    @property
    def amount(self) -> Money:
        """``quantity × unit`` in the rate's own currency."""
        return self.unit * self.quantity


@dataclass(frozen=True, slots=True)
class BandQuote:
    """The quote for one group size.

    Attributes
    ----------
    paying, foc, guides
        Paying travellers, free places and guides.
    vehicles
        The vehicle types used (two when one is too small).
    rooms
        The rooming of a night.
    lines
        The cost lines.
    cost, price
        The group's cost and selling price (price = per-person price × paying).
    cost_per_person, price_per_person
        Per paying traveller; the price after the rounding rule.
    single_supplement_cost, single_supplement_price
        What one traveller pays extra for a single room for the whole trip.
    notes
        Choices the quote made that a reader should know (two vehicles, an odd single).
    """

    paying: int
    foc: int
    guides: int
    vehicles: tuple[str, ...]
    rooms: Rooming
    lines: tuple[QuoteLine, ...]
    cost: Money
    cost_per_person: Money
    price_per_person: Money
    price: Money
    single_supplement_cost: Money
    single_supplement_price: Money
    notes: tuple[Message, ...] = ()

    @property
    def profit(self) -> Money:
        """Price minus cost for the group."""
        return self.price - self.cost

    @property
    def margin(self) -> Decimal:
        """The margin achieved on the price, after rounding (a fraction)."""
        return self.profit.amount / self.price.amount if self.price.amount else Decimal(0)

    def subtotal(self, category: str) -> Money:
        """Return the cost of the lines of ``category``."""
        return sum(
            (line.cost for line in self.lines if line.category == category),
            Money.zero(self.cost.currency),
        )


@dataclass(frozen=True, slots=True)
class Quote:
    """A quote: the bands, the pricing and rates it was made with, and its assumptions."""

    currency: str
    date: dt.date
    pricing: Pricing
    rates: ExchangeRates
    bands: tuple[BandQuote, ...]
    assumptions: tuple[Message, ...]
    ratecard: str
    example: bool = False

    def band(self, paying: int) -> BandQuote:
        """Return the band of ``paying`` travellers."""
        for band in self.bands:
            if band.paying == paying:
                return band
        raise KeyError(f"No band of {paying} travellers; bands: {[b.paying for b in self.bands]}.")

    def conversions(self) -> list[Conversion]:
        """Return the distinct conversions of the quote (one per currency pair and rate)."""
        seen: dict[tuple[str, str, Decimal, dt.date], Conversion] = {}
        for band in self.bands:
            for line in band.lines:
                c = line.conversion
                if c is not None:
                    key = (c.source.currency, c.result.currency, c.rate, c.date)
                    seen.setdefault(key, c)
        return list(seen.values())


Renderers = Mapping[str, Callable[[Message], str]]


def _message(note: Message, locale: str, renderers: Renderers) -> dict[str, Any]:
    out = note.to_dict(locale)
    if renderers:
        out["texts"] = {lang: render(note) for lang, render in renderers.items()}
    return out


def _line(line: QuoteLine, locale: str, renderers: Renderers) -> dict[str, Any]:
    return {
        "category": line.category,
        "description": _message(line.description, locale, renderers),
        "quantity": str(line.quantity),
        "unit": line.unit.to_dict(),
        "amount": line.amount.to_dict(),
        "cost": line.cost.to_dict(),
        "conversion": None if line.conversion is None else line.conversion.to_dict(),
        "source": {
            "kind": line.source.kind,
            "ref": line.source.ref,
            "season": line.source.season,
            "note": line.source.note,
        },
    }


def _band(band: BandQuote, locale: str, renderers: Renderers) -> dict[str, Any]:
    return {
        "paying": band.paying,
        "foc": band.foc,
        "guides": band.guides,
        "vehicles": list(band.vehicles),
        "rooms": {
            "single": band.rooms.single,
            "twin": band.rooms.twin,
            "triple": band.rooms.triple,
        },
        "cost": band.cost.to_dict(),
        "cost_per_person": band.cost_per_person.to_dict(),
        "price_per_person": band.price_per_person.to_dict(),
        "price": band.price.to_dict(),
        "margin": str(band.margin.quantize(Decimal("0.0001"))),
        "single_supplement": {
            "cost": band.single_supplement_cost.to_dict(),
            "price": band.single_supplement_price.to_dict(),
        },
        "notes": [_message(note, locale, renderers) for note in band.notes],
        "lines": [_line(line, locale, renderers) for line in band.lines],
    }


def quote_to_dict(
    quote: Quote, locale: str = "en", renderers: Renderers | None = None
) -> dict[str, Any]:
    """Return ``quote`` as JSON-ready data (amounts as decimal strings with currencies).

    Parameters
    ----------
    quote
        The quote.
    locale
        The language of each message's ``text``.
    renderers
        Optional renderers by language: each message then also carries ``texts``, its
        sentence in every one of them (so a stored quote reads in any language).
    """
    renderers = renderers or {}
    return {
        "currency": quote.currency,
        "date": quote.date.isoformat(),
        "ratecard": quote.ratecard,
        "example": quote.example,
        "pricing": {
            "method": quote.pricing.method,
            "rate": str(quote.pricing.rate),
            "step": None if quote.pricing.step is None else str(quote.pricing.step),
            "mode": quote.pricing.mode,
        },
        "exchange": {
            "buffer": str(quote.rates.buffer),
            "rates": [
                {"base": r.base, "quote": r.quote, "rate": str(r.rate), "date": r.date.isoformat()}
                for r in quote.rates.rates
            ],
        },
        "conversions": [c.to_dict() for c in quote.conversions()],
        "assumptions": [_message(a, locale, renderers) for a in quote.assumptions],
        "bands": [_band(band, locale, renderers) for band in quote.bands],
    }
