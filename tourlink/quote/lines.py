"""The cost lines of one band, category by category, each with the rate that made it.

Every function adds to a :class:`Ledger` and appends what the rate card lacks to
``problems`` (a quote refuses to invent a missing hotel or vehicle rate) or, for costs a
trip may well not have, states the assumption made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from tourlink.messages import Message, Ref, define, message
from tourlink.money import ExchangeRates, Money
from tourlink.quote.facts import TripFacts
from tourlink.quote.pricing import Rooming
from tourlink.quote.ratecard import ROOMS, Rate, RateCard
from tourlink.quote.result import QuoteLine, Source

__all__ = ["Group", "Ledger", "add_band_lines", "single_supplement"]

VEHICLE_DAY = define("quote.line.vehicle-day", "{vehicle}, per day")
VEHICLE_KM = define("quote.line.vehicle-km", "{vehicle}, per km")
DRIVER_DAY = define("quote.line.driver-day", "Driver of the {vehicle}, per day")
DRIVER_NIGHT = define("quote.line.driver-night", "Driver of the {vehicle}, per night away")
PERMIT = define("quote.line.permit", "Cross-border permit for the {vehicle}")
INSURANCE = define("quote.line.insurance", "Cross-border insurance for the {vehicle}")
GUIDE_DAY = define("quote.line.guide-day", "Guide speaking {language}, per day")
GUIDE_NIGHT = define("quote.line.guide-night", "Guide speaking {language}, per night away")
ROOM = define("quote.line.room", "Room at {place}, {room}, per night")
ROOM_NAMES = {
    "single": define("quote.room.single", "single"),
    "twin": define("quote.room.twin", "twin"),
    "triple": define("quote.room.triple", "triple"),
}
MEAL_NAMES = {
    "lunch": define("quote.meal.lunch", "Lunch"),
    "dinner": define("quote.meal.dinner", "Dinner"),
}
MEAL = define("quote.line.meal", "{meal}, per person")
#: The meals as a missing rate names them (in the middle of a sentence).
MEALS = {
    "lunch": define("quote.meal.lunch-plain", "lunch"),
    "dinner": define("quote.meal.dinner-plain", "dinner"),
}
#: The rates a card lacks for a trip (each a problem of a :class:`QuoteError`).
NO_VEHICLE_RATE = define("quote.missing.vehicle", "no rate for the vehicle {vehicle} on {date}")
NO_GUIDE_RATE = define("quote.missing.guide", "no rate for a guide speaking {language} on {date}")
NO_ROOM_RATE = define(
    "quote.missing.room", "no {room} room rate at {place} for the night of {date}"
)
NO_MEAL_RATE = define("quote.missing.meal", "no {meal} rate on {date} (at {place} or in general)")
NO_SINGLE_TWIN = define(
    "quote.missing.single-twin", "no single and twin room rates at {place} for {date}"
)
TWO_CURRENCIES = define(
    "quote.missing.two-currencies", "single and twin rates at {place} are in two currencies"
)
ENTRANCE = define("quote.line.entrance", "Entrance to {site}, per person")
BORDER_PERSON = define("quote.line.border-person", "Border fees at {crossing}, per traveller")
BORDER_VEHICLE = define("quote.line.border-vehicle", "Border fees at {crossing}, per vehicle")
VISA = define("quote.line.visa", "Visa for {country}, {nationality} travellers")
EXTRA = define("quote.line.extra", "{name}")
FEE_ASSUMED = define(
    "quote.assume.fee", "The entrance fee of {site} is an assumption of the catalogue."
)
FEE_UNKNOWN = define(
    "quote.assume.fee-missing", "{site} has no entrance fee in the data: counted as free."
)
NO_NATIONALITY = define(
    "quote.assume.nationality",
    "The travellers' nationality is not given: foreign entrance prices, no visa fees.",
)
NO_VISA = define(
    "quote.assume.no-visa",
    "The rate card has no visa fee for {nationality} travellers entering {country}: "
    "counted as visa-exempt.",
)
NO_BORDER = define(
    "quote.assume.no-border", "The rate card has no border costs for {crossing}: counted as none."
)


def message_key(note: Message) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Return a hashable key of ``note`` (messages hold a mapping, so they do not hash)."""
    return note.code, tuple(sorted((k, repr(v)) for k, v in note.params.items()))


def _source(rate: Rate) -> Source:
    return Source("rate-card", rate.id, rate.validity.season)


@dataclass(frozen=True, slots=True)
class Group:
    """Who travels in a band: paying, free places, guides, vehicles, rooms and choices."""

    paying: int
    foc: int
    guides: int
    vehicles: tuple[str, ...]
    rooms: Rooming
    guide_language: str = ""
    nationality: str = ""
    meals: tuple[str, ...] = ()
    extras: tuple[str, ...] | None = None

    @property
    def travellers(self) -> int:
        """Paying travellers and free places."""
        return self.paying + self.foc


_Key = tuple[str, tuple[str, tuple[tuple[str, str], ...]], str, Money]


class Ledger:
    """Collects the cost lines of a band, merging equal rates (2 vans: quantity × 2)."""

    def __init__(self, currency: str, rates: ExchangeRates, on: dt.date) -> None:
        self.currency, self.rates, self.on = currency, rates, on
        self.items: dict[_Key, Decimal] = {}
        self.entries: dict[_Key, tuple[Message, Source]] = {}
        self.assumptions: dict[tuple[str, tuple[tuple[str, str], ...]], Message] = {}
        self.problems: dict[tuple[str, tuple[tuple[str, str], ...]], Message] = {}

    def add(
        self, category: str, desc: Message, unit: Money, qty: Decimal | int, source: Source
    ) -> None:
        """Add ``qty`` units of ``unit`` (merged with the same rate's earlier units)."""
        if qty == 0:
            return
        key = (category, message_key(desc), source.ref, unit)
        self.items[key] = self.items.get(key, Decimal(0)) + Decimal(qty)
        self.entries[key] = (desc, source)

    def assume(self, note: Message) -> None:
        """State an assumption the quote rests on (once)."""
        self.assumptions.setdefault(message_key(note), note)

    def missing(self, problem: Message) -> None:
        """Record a rate the card lacks (once)."""
        self.problems.setdefault(message_key(problem), problem)

    def lines(self) -> tuple[QuoteLine, ...]:
        """Return the lines, each converted into the quote's currency."""
        out = []
        for key, qty in self.items.items():
            category, _, _, unit = key
            desc, source = self.entries[key]
            conversion = self.rates.convert(unit * qty, self.currency, on=self.on)
            used = None if unit.currency == self.currency else conversion
            line = QuoteLine(category, desc, qty, unit, conversion.result, used, source)
            out.append(line)
        return tuple(out)


def add_vehicle(ledger: Ledger, facts: TripFacts, card: RateCard, vehicle: str) -> None:
    """Add a vehicle with its driver: per day and km, nights away, border permit."""
    for day in facts.days:
        rate = card.vehicle(vehicle, day.date)
        if rate is None:
            ledger.missing(message(NO_VEHICLE_RATE, vehicle=repr(vehicle), date=str(day.date)))
            continue
        src, cur = _source(rate), rate.currency
        if rate.per_day is not None:
            ledger.add(
                "vehicle", message(VEHICLE_DAY, vehicle=vehicle), Money(rate.per_day, cur), 1, src
            )
        if rate.per_km is not None:
            ledger.add(
                "vehicle",
                message(VEHICLE_KM, vehicle=vehicle),
                Money(rate.per_km, cur),
                day.km,
                src,
            )
        ledger.add(
            "driver", message(DRIVER_DAY, vehicle=vehicle), Money(rate.driver_per_day, cur), 1, src
        )
    for night in facts.nights:
        rate = card.vehicle(vehicle, night.date)
        if rate is not None and night.place != rate.base:
            unit = Money(rate.driver_per_night_away, rate.currency)
            ledger.add("driver", message(DRIVER_NIGHT, vehicle=vehicle), unit, 1, _source(rate))
    crossing_day = next((d.date for d in facts.days if d.crossings), None)
    rate = card.vehicle(vehicle, crossing_day) if crossing_day else None
    if rate is not None:
        for code, amount in ((PERMIT, rate.border_permit), (INSURANCE, rate.border_insurance)):
            unit = Money(amount, rate.currency)
            ledger.add("border-vehicle", message(code, vehicle=vehicle), unit, 1, _source(rate))


def _guide(ledger: Ledger, facts: TripFacts, card: RateCard, language: str, count: int) -> None:
    for day in facts.days:
        rate = card.guide(language, day.date)
        if rate is None:
            ledger.missing(message(NO_GUIDE_RATE, language=repr(language), date=str(day.date)))
            continue
        unit = Money(rate.per_day, rate.currency)
        ledger.add("guide", message(GUIDE_DAY, language=language), unit, count, _source(rate))
    for night in facts.nights:
        rate = card.guide(language, night.date)
        if rate is not None and night.place != rate.base:
            unit = Money(rate.per_night_away, rate.currency)
            ledger.add("guide", message(GUIDE_NIGHT, language=language), unit, count, _source(rate))


def _place(facts: TripFacts, place: str) -> Ref:
    info = facts.sites.get(place)
    return Ref("site", place, info.name if info and info.name else place)


def _lodging(ledger: Ledger, facts: TripFacts, card: RateCard, rooms: Rooming) -> None:
    for night in facts.nights:
        for room in ROOMS:
            count = rooms.count(room)
            if count == 0:
                continue
            rate = card.room(night.place, room, night.date)
            if rate is None:
                said = message(
                    NO_ROOM_RATE,
                    room=message(ROOM_NAMES[room]),
                    place=repr(night.place),
                    date=str(night.date),
                )
                ledger.missing(said)
                continue
            desc = message(ROOM, room=message(ROOM_NAMES[room]), place=_place(facts, night.place))
            unit = Money(rate.per_room_night, rate.currency)
            ledger.add("lodging", desc, unit, count, _source(rate))


def _meals(ledger: Ledger, facts: TripFacts, card: RateCard, group: Group) -> None:
    wanted = []
    if "lunch" in group.meals:
        wanted += [("lunch", day.date, day.lunch) for day in facts.days if day.lunch]
    if "dinner" in group.meals:
        wanted += [("dinner", night.date, night.place) for night in facts.nights]
    for meal, date, place in wanted:
        rate = card.meal(meal, place, date)
        if rate is None:
            said = message(
                NO_MEAL_RATE, meal=message(MEALS[meal]), date=str(date), place=repr(place)
            )
            ledger.missing(said)
            continue
        unit = Money(rate.per_person, rate.currency)
        ledger.add(
            "meal",
            message(MEAL, meal=message(MEAL_NAMES[meal])),
            unit,
            group.travellers,
            _source(rate),
        )


def _entrances(ledger: Ledger, facts: TripFacts, card: RateCard, group: Group) -> None:
    for date, site in facts.visits:
        info = facts.sites[site]
        ref = _place(facts, site)
        desc = message(ENTRANCE, site=ref)
        override = card.entrance(site, date)
        if override is not None:
            unit = override.per_person(
                local=bool(group.nationality) and group.nationality == info.country
            )
            ledger.add("entrance", desc, unit, group.travellers, _source(override))
        elif info.fee is not None:
            source = Source("catalogue", site, note=info.fee_note)
            ledger.add("entrance", desc, info.fee, group.travellers, source)
            if info.fee_assumed:
                ledger.assume(message(FEE_ASSUMED, site=ref))
        elif info.fee_assumed or not info.known:
            ledger.assume(message(FEE_UNKNOWN, site=ref))


def _borders(ledger: Ledger, facts: TripFacts, card: RateCard, group: Group) -> None:
    if facts.crosses_border and not group.nationality:
        ledger.assume(message(NO_NATIONALITY))
    for entry in facts.entries():
        name = facts.crossing_names.get(entry.crossing, entry.crossing)
        crossing = Ref("crossing", entry.crossing, name)
        rate = card.border(entry.crossing, entry.date)
        if rate is None:
            ledger.assume(message(NO_BORDER, crossing=crossing))
        else:
            src = _source(rate)
            per_person = Money(rate.per_person, rate.currency)
            ledger.add(
                "border",
                message(BORDER_PERSON, crossing=crossing),
                per_person,
                group.travellers,
                src,
            )
            per_vehicle = Money(rate.per_vehicle, rate.currency)
            ledger.add(
                "border",
                message(BORDER_VEHICLE, crossing=crossing),
                per_vehicle,
                len(group.vehicles),
                src,
            )
        if not group.nationality or not entry.country or entry.country == group.nationality:
            continue
        visa = card.visa(entry.country, group.nationality, entry.date)
        if visa is None:
            ledger.assume(message(NO_VISA, nationality=group.nationality, country=entry.country))
            continue
        desc = message(VISA, country=entry.country, nationality=group.nationality)
        ledger.add(
            "visa", desc, Money(visa.per_person, visa.currency), group.travellers, _source(visa)
        )


def _extras(ledger: Ledger, facts: TripFacts, card: RateCard, group: Group) -> None:
    days = len(facts.days)
    count = {
        "person": group.travellers,
        "group": 1,
        "day": days,
        "person-day": group.travellers * days,
    }
    for extra in card.extras:
        if group.extras is not None and extra.id not in group.extras:
            continue
        if not extra.validity.covers(facts.start_date):
            continue
        unit = Money(extra.amount, extra.currency)
        ledger.add(
            "extra", message(EXTRA, name=extra.name), unit, count[extra.unit], _source(extra)
        )


def add_band_lines(ledger: Ledger, facts: TripFacts, card: RateCard, group: Group) -> None:
    """Add every cost line of ``group``'s trip to ``ledger``."""
    for vehicle in group.vehicles:
        add_vehicle(ledger, facts, card, vehicle)
    if group.guides:
        _guide(ledger, facts, card, group.guide_language, group.guides)
    _lodging(ledger, facts, card, group.rooms)
    _meals(ledger, facts, card, group)
    _entrances(ledger, facts, card, group)
    _borders(ledger, facts, card, group)
    _extras(ledger, facts, card, group)


def single_supplement(facts: TripFacts, card: RateCard, ledger: Ledger) -> Money:
    """Return what one traveller pays extra for a single room: single − half a twin, nightly."""
    result = Money.zero(ledger.currency)
    for night in facts.nights:
        single = card.room(night.place, "single", night.date)
        twin = card.room(night.place, "twin", night.date)
        if single is None or twin is None:
            ledger.missing(message(NO_SINGLE_TWIN, place=repr(night.place), date=str(night.date)))
            continue
        if single.currency != twin.currency:
            ledger.missing(message(TWO_CURRENCIES, place=repr(night.place)))
            continue
        extra = Money(single.per_room_night - twin.per_room_night / 2, single.currency)
        result = result + ledger.rates.convert(extra, ledger.currency, on=ledger.on).result
    return result
