"""The quote: rate card × trip facts × pax bands → cost and price per person, line by line.

Pure arithmetic on :class:`~decimal.Decimal` money: no database, no web, no clock (the
quote's date is an argument). Each day is priced with the rate valid on that day, so a
season that ends mid-trip prices the days on each side with their own rate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import combinations_with_replacement

from tourlink.exceptions import InvalidRequestError
from tourlink.messages import Message, Ref, define, message
from tourlink.money import ExchangeRates, Money, check_currency, total
from tourlink.quote.facts import TripFacts
from tourlink.quote.lines import (
    Group,
    Ledger,
    add_band_lines,
    add_vehicle,
    message_key,
    single_supplement,
)
from tourlink.quote.pricing import Pricing, foc_places, rooming
from tourlink.quote.ratecard import MEALS, RateCard
from tourlink.quote.result import BandQuote, Quote, QuoteError

__all__ = ["QuoteOptions", "choose_vehicles", "make_quote", "vehicle_costs"]

NO_VEHICLE = define(
    "quote.missing.no-vehicle", "no vehicle on the rate card has a rate for every day of the trip"
)
TOO_MANY_SEATS = define(
    "quote.missing.too-many-seats",
    "{seats} seats are needed and two of the largest vehicle ({largest}, {largest_seats} seats) "
    "are not enough: add a larger vehicle to the rate card",
)
TWO_VEHICLES = define(
    "quote.two-vehicles",
    "{seats} seats are needed, more than the largest vehicle has ({largest}): "
    "two vehicles, {first} and {second}.",
)
ODD_SINGLE = define(
    "quote.odd-single", "The travellers sharing twins are an odd number: one has a single room."
)
FOC_SINGLE = define("quote.foc", "{foc} free place(s) (FOC), each in a single room.")
ESTIMATED_ACCESS = define(
    "quote.assume.access", "The access road to {site} is estimated: its km are an assumption."
)
STAFF = define(
    "quote.assume.staff",
    "Guides' and drivers' rooms, meals and entrances are in their day and night rates.",
)


BANDS_WHOLE = define(
    "quote.bands-whole", "bands must be a list of whole numbers of travellers, got {bands}."
)
BANDS_DISTINCT = define("quote.bands-distinct", "bands must be distinct numbers >= 1, got {bands}.")
NEGATIVE = define("quote.negative", "{field} must be >= 0, got {value}.")
MEALS_AMONG = define("quote.meals-among", "meals must be among {choices}, got {bad}.")


@dataclass(frozen=True, slots=True)
class QuoteOptions:
    """What to quote.

    Parameters
    ----------
    bands
        Group sizes (paying travellers), e.g. ``(2, 4, 6, 10, 15, 20, 30)``.
    currency
        The currency of the quote; every cost is converted into it.
    pricing
        Markup or margin and the rounding rule.
    date
        The quote's date: the exchange rates in force that day are used.
    rates
        The operator's dated exchange rates and safety buffer.
    foc_per
        One free place per this many paying travellers (0: none).
    singles, triples
        Paying travellers asking for a single room; triple rooms asked for.
    guide_language
        The guide's language (ISO 639-1); empty for no guide.
    nationality
        The travellers' nationality (ISO 3166-1 alpha-2): local entrance prices in their
        own country, visa fees elsewhere. Empty: foreign prices, no visa fees (stated).
    meals
        The meals included (``"lunch"``, ``"dinner"``).
    extras
        Ids of the rate card's extras to include (``None``: every extra valid on the trip).
    """

    bands: tuple[int, ...]
    currency: str
    pricing: Pricing
    date: dt.date
    rates: ExchangeRates = field(default_factory=ExchangeRates)
    foc_per: int = 0
    singles: int = 0
    triples: int = 0
    guide_language: str = ""
    nationality: str = ""
    meals: tuple[str, ...] = MEALS
    extras: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        bands = tuple(self.bands)
        if not bands or any(isinstance(b, bool) or not isinstance(b, int) for b in bands):
            raise InvalidRequestError(message(BANDS_WHOLE, bands=str(bands)), "bands")
        if min(bands) < 1 or len(set(bands)) != len(bands):
            raise InvalidRequestError(message(BANDS_DISTINCT, bands=str(list(bands))), "bands")
        object.__setattr__(self, "bands", tuple(sorted(bands)))
        check_currency(self.currency)
        for name in ("foc_per", "singles", "triples"):
            if getattr(self, name) < 0:
                said = message(NEGATIVE, field=name, value=str(getattr(self, name)))
                raise InvalidRequestError(said, name)
        bad = [m for m in self.meals if m not in MEALS]
        if bad:
            said = message(MEALS_AMONG, choices=", ".join(MEALS), bad=str(bad))
            raise InvalidRequestError(said, "meals")


def _ledger(options: QuoteOptions) -> Ledger:
    return Ledger(options.currency, options.rates, options.date)


def _vehicle_cost(
    facts: TripFacts, card: RateCard, vehicle: str, options: QuoteOptions
) -> Money | None:
    ledger = _ledger(options)
    add_vehicle(ledger, facts, card, vehicle)
    if ledger.problems:
        return None
    return total((line.cost for line in ledger.lines()), options.currency)


def vehicle_costs(facts: TripFacts, card: RateCard, options: QuoteOptions) -> dict[str, Money]:
    """Return the trip cost of each vehicle type that has a rate for every day."""
    costs = {v: _vehicle_cost(facts, card, v, options) for v in card.vehicle_types()}
    return {v: c for v, c in costs.items() if c is not None}


def choose_vehicles(
    card: RateCard, seats: int, priced: dict[str, Money]
) -> tuple[tuple[str, ...], Message | None, Message | None]:
    """Return the cheapest vehicle with enough seats, else the cheapest two (stated).

    Parameters
    ----------
    card
        The rate card (for the seats of each vehicle type).
    seats
        Passenger seats needed (travellers and guides).
    priced
        The trip cost of each vehicle type (see :func:`vehicle_costs`).

    Returns
    -------
    tuple
        The vehicle types, the note saying two were needed (or ``None``), and the
        problem when no choice fits (else ``None``).
    """
    seat_of = {rate.vehicle: rate.seats for rate in card.vehicles}
    if not priced:
        return (), None, message(NO_VEHICLE)
    single = [(c.amount, (v,)) for v, c in priced.items() if seat_of[v] >= seats]
    if single:
        return min(single)[1], None, None
    pairs = [
        ((priced[a] + priced[b]).amount, (a, b))
        for a, b in combinations_with_replacement(sorted(priced), 2)
        if seat_of[a] + seat_of[b] >= seats
    ]
    largest = max(priced, key=lambda v: seat_of[v])
    if not pairs:
        problem = message(
            TOO_MANY_SEATS, seats=seats, largest=repr(largest), largest_seats=seat_of[largest]
        )
        return (), None, problem
    chosen = min(pairs)[1]
    note = message(
        TWO_VEHICLES, seats=seats, largest=seat_of[largest], first=chosen[0], second=chosen[1]
    )
    return chosen, note, None


def _group(
    card: RateCard, paying: int, options: QuoteOptions, priced: dict[str, Money]
) -> tuple[Group, list[Message], Message | None]:
    foc = foc_places(paying, options.foc_per)
    guides = 1 if options.guide_language else 0
    vehicles, note, problem = choose_vehicles(card, paying + foc + guides, priced)
    rooms = rooming(paying, foc, singles=options.singles, triples=options.triples)
    notes = [note] if note is not None else []
    if rooms.odd_single:
        notes.append(message(ODD_SINGLE))
    if foc:
        notes.append(message(FOC_SINGLE, foc=foc))
    group = Group(
        paying,
        foc,
        guides,
        vehicles,
        rooms,
        options.guide_language,
        options.nationality,
        options.meals,
        options.extras,
    )
    return group, notes, problem


def _band(
    facts: TripFacts,
    card: RateCard,
    paying: int,
    options: QuoteOptions,
    priced: dict[str, Money],
) -> tuple[BandQuote, Ledger]:
    ledger = _ledger(options)
    group, notes, problem = _group(card, paying, options, priced)
    if problem:
        ledger.missing(problem)
    add_band_lines(ledger, facts, card, group)
    lines = ledger.lines()
    cost = total((line.cost for line in lines), options.currency)
    per_person = cost / paying
    price_pp = options.pricing.price(per_person)
    supplement = single_supplement(facts, card, ledger)
    return BandQuote(
        paying=paying,
        foc=group.foc,
        guides=group.guides,
        vehicles=group.vehicles,
        rooms=group.rooms,
        lines=lines,
        cost=cost.quantized(),
        cost_per_person=per_person.quantized(),
        price_per_person=price_pp,
        price=price_pp * paying,
        single_supplement_cost=supplement.quantized(),
        single_supplement_price=options.pricing.price(supplement),
        notes=tuple(notes),
    ), ledger


def _trip_assumptions(facts: TripFacts, options: QuoteOptions) -> list[Message]:
    notes: list[Message] = []
    for day in facts.days:
        for site in day.estimated_access:
            info = facts.sites.get(site)
            name = info.name if info and info.name else site
            notes.append(message(ESTIMATED_ACCESS, site=Ref("site", site, name)))
    notes.append(message(STAFF))
    return notes


def make_quote(facts: TripFacts, card: RateCard, options: QuoteOptions) -> Quote:
    """Quote a trip for each pax band.

    Parameters
    ----------
    facts
        The trip (see :func:`~tourlink.quote.facts.trip_facts`).
    card
        The operator's rate card.
    options
        The bands, currency, pricing, exchange rates and choices.

    Returns
    -------
    Quote
        Per band: lines, cost and price in total and per person, single supplement.

    Raises
    ------
    QuoteError
        Listing every rate the card lacks for this trip (a hotel, a vehicle, a meal).
    MissingRateError
        If a cost's currency has no exchange rate into the quote's currency.
    """
    assumptions = {message_key(note): note for note in _trip_assumptions(facts, options)}
    problems: dict[tuple[str, tuple[tuple[str, str], ...]], Message] = {}
    bands = []
    priced = vehicle_costs(facts, card, options)
    for paying in options.bands:
        band, ledger = _band(facts, card, paying, options, priced)
        for key, problem in ledger.problems.items():
            problems.setdefault(key, problem)
        for key, note in ledger.assumptions.items():
            assumptions.setdefault(key, note)
        bands.append(band)
    if problems:
        raise QuoteError(list(problems.values()))
    return Quote(
        currency=options.currency,
        date=options.date,
        pricing=options.pricing,
        rates=options.rates,
        bands=tuple(bands),
        assumptions=tuple(assumptions.values()),
        ratecard=card.name,
        example=card.example,
    )
