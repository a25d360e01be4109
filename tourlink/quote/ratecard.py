"""Rate card domain types: what an operator pays its suppliers, each rate with its dates.

Every rate has an ``id`` (so a quote line can say which rate made its number), a
currency, and a :class:`Validity` (first and last day, inclusive, and an optional season
label). Two rates for the same thing may not be valid on the same day: the rate that
applies to a day of the trip is always unambiguous, and a rate that changes mid-trip
(high season ending) prices each day with its own rate.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, TypeAlias

from tourlink.exceptions import InvalidRequestError
from tourlink.messages import Message, Param, define, message
from tourlink.money import Money, check_currency

__all__ = [
    "EXTRA_UNITS",
    "MEALS",
    "ROOMS",
    "BorderRate",
    "EntranceRate",
    "ExtraRate",
    "GuideRate",
    "LodgingRate",
    "MealRate",
    "Rate",
    "RateCard",
    "Validity",
    "VehicleRate",
    "VisaFee",
    "overlaps",
]

Room = Literal["single", "twin", "triple"]
ROOMS: tuple[Room, ...] = ("single", "twin", "triple")
#: Persons a room of each type sleeps.
ROOM_BEDS: dict[str, int] = {"single": 1, "twin": 2, "triple": 3}
Meal = Literal["lunch", "dinner"]
MEALS: tuple[Meal, ...] = ("lunch", "dinner")
ExtraUnit = Literal["person", "group", "day", "person-day"]
EXTRA_UNITS: tuple[ExtraUnit, ...] = ("person", "group", "day", "person-day")


OWNERS = {
    "vehicle": define("ratecard.owner.vehicle", "Vehicle rate {id}"),
    "guide": define("ratecard.owner.guide", "Guide rate {id}"),
    "lodging": define("ratecard.owner.lodging", "Lodging rate {id}"),
    "meal": define("ratecard.owner.meal", "Meal rate {id}"),
    "entrance": define("ratecard.owner.entrance", "Entrance rate {id}"),
    "border": define("ratecard.owner.border", "Border rate {id}"),
    "visa": define("ratecard.owner.visa", "Visa fee {id}"),
    "extra": define("ratecard.owner.extra", "Extra {id}"),
}
NEGATIVE = define("ratecard.negative", "{owner}: {field} must be >= 0, got {value}.")
END_BEFORE_START = define(
    "ratecard.end-before-start", "Validity: end {end} is before start {start}."
)
FEW_SEATS = define("ratecard.few-seats", "{owner}: seats must be >= 1, got {seats}.")
NO_PRICE = define("ratecard.no-price", "{owner}: give per_km, per_day or both.")
NOT_ONE_OF = define(
    "ratecard.not-one-of", "{owner}: {field} must be one of {choices}, got {value}."
)
IDS_TWICE = define("ratecard.ids-twice", "Rate card {card}: rate ids must be unique, got {ids}.")
SEATS_DIFFER = define(
    "ratecard.seats-differ",
    "Rate card {card}: vehicle {vehicle} has {seats} seats in one rate and {other} in {rate}: "
    "give each size of vehicle a name of its own.",
)
OVERLAP = define(
    "ratecard.overlap",
    "Rate card {card}: rates {first} and {second} are both valid on {date} for {key}: "
    "make their dates not overlap.",
)


def _refuse(code: str, at: str, /, **params: Param) -> InvalidRequestError:
    return InvalidRequestError(message(code, **params), at)


def _owner(kind: str, rate_id: str) -> Message:
    return message(OWNERS[kind], id=repr(rate_id))


def _non_negative(owner: Message, **values: Decimal | None) -> None:
    for name, value in values.items():
        if value is not None and value < 0:
            raise _refuse(NEGATIVE, name, owner=owner, field=name, value=str(value))


def _one_of(owner: Message, field: str, value: str, choices: Sequence[str]) -> None:
    if value not in choices:
        raise _refuse(
            NOT_ONE_OF,
            field,
            owner=owner,
            field=field,
            choices=", ".join(choices),
            value=repr(value),
        )


@dataclass(frozen=True, slots=True)
class Validity:
    """The days a rate applies: ``start`` to ``end`` inclusive, and its season's name."""

    start: dt.date
    end: dt.date
    season: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise _refuse(
                END_BEFORE_START, "valid_to", end=self.end.isoformat(), start=self.start.isoformat()
            )

    def covers(self, day: dt.date) -> bool:
        """Return whether the rate applies on ``day``."""
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class VehicleRate:
    """A vehicle with driver: seats for passengers, per km and/or per day, driver costs.

    ``base`` is where the vehicle and its driver are based: a night there is not a night
    away (empty: every night of the trip is away). ``border_permit`` and
    ``border_insurance`` are paid once per vehicle for a trip that crosses a border.
    """

    id: str
    vehicle: str
    seats: int
    currency: str
    validity: Validity
    per_km: Decimal | None = None
    per_day: Decimal | None = None
    driver_per_day: Decimal = Decimal(0)
    driver_per_night_away: Decimal = Decimal(0)
    border_permit: Decimal = Decimal(0)
    border_insurance: Decimal = Decimal(0)
    base: str = ""

    def __post_init__(self) -> None:
        owner = _owner("vehicle", self.id)
        if self.seats < 1:
            raise _refuse(FEW_SEATS, "seats", owner=owner, seats=str(self.seats))
        if self.per_km is None and self.per_day is None:
            raise _refuse(NO_PRICE, "per_km", owner=owner)
        _non_negative(
            owner,
            per_km=self.per_km,
            per_day=self.per_day,
            driver_per_day=self.driver_per_day,
            driver_per_night_away=self.driver_per_night_away,
            border_permit=self.border_permit,
            border_insurance=self.border_insurance,
        )
        check_currency(self.currency)

    @property
    def key(self) -> str:
        """What the rate is for (two rates with one key must not overlap in time)."""
        return self.vehicle


@dataclass(frozen=True, slots=True)
class GuideRate:
    """A guide speaking ``language`` (ISO 639-1), per day and per night away from ``base``."""

    id: str
    language: str
    currency: str
    validity: Validity
    per_day: Decimal
    per_night_away: Decimal = Decimal(0)
    base: str = ""

    def __post_init__(self) -> None:
        _non_negative(
            _owner("guide", self.id), per_day=self.per_day, per_night_away=self.per_night_away
        )
        check_currency(self.currency)

    @property
    def key(self) -> str:
        """What the rate is for."""
        return self.language


@dataclass(frozen=True, slots=True)
class LodgingRate:
    """A room-night of one ``room`` type at an overnight ``place`` (a site id)."""

    id: str
    place: str
    room: Room
    per_room_night: Decimal
    currency: str
    validity: Validity
    hotel: str = ""

    def __post_init__(self) -> None:
        owner = _owner("lodging", self.id)
        _one_of(owner, "room", self.room, ROOMS)
        _non_negative(owner, per_room_night=self.per_room_night)
        check_currency(self.currency)

    @property
    def key(self) -> str:
        """What the rate is for."""
        return f"{self.place}/{self.room}"


@dataclass(frozen=True, slots=True)
class MealRate:
    """A meal per person; ``place`` empty means anywhere without a rate of its own."""

    id: str
    meal: Meal
    per_person: Decimal
    currency: str
    validity: Validity
    place: str = ""

    def __post_init__(self) -> None:
        owner = _owner("meal", self.id)
        _one_of(owner, "meal", self.meal, MEALS)
        _non_negative(owner, per_person=self.per_person)
        check_currency(self.currency)

    @property
    def key(self) -> str:
        """What the rate is for."""
        return f"{self.meal}/{self.place}"


@dataclass(frozen=True, slots=True)
class EntranceRate:
    """An entrance fee overriding the catalogue's: ``local`` and ``foreign`` per person."""

    id: str
    site: str
    foreign: Decimal
    currency: str
    validity: Validity
    local: Decimal | None = None

    def __post_init__(self) -> None:
        _non_negative(_owner("entrance", self.id), foreign=self.foreign, local=self.local)
        check_currency(self.currency)

    @property
    def key(self) -> str:
        """What the rate is for."""
        return self.site

    def per_person(self, *, local: bool) -> Money:
        """Return the fee for a local or a foreign visitor (foreign when no local price)."""
        amount = self.local if local and self.local is not None else self.foreign
        return Money(amount, self.currency)


@dataclass(frozen=True, slots=True)
class BorderRate:
    """Costs of passing a border ``crossing``: per traveller and per vehicle, each time."""

    id: str
    crossing: str
    currency: str
    validity: Validity
    per_person: Decimal = Decimal(0)
    per_vehicle: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        _non_negative(
            _owner("border", self.id), per_person=self.per_person, per_vehicle=self.per_vehicle
        )
        check_currency(self.currency)

    @property
    def key(self) -> str:
        """What the rate is for."""
        return self.crossing


@dataclass(frozen=True, slots=True)
class VisaFee:
    """The visa fee a ``nationality`` (ISO 3166-1 alpha-2) pays to enter ``country``."""

    id: str
    country: str
    nationality: str
    per_person: Decimal
    currency: str
    validity: Validity

    def __post_init__(self) -> None:
        _non_negative(_owner("visa", self.id), per_person=self.per_person)
        check_currency(self.currency)

    @property
    def key(self) -> str:
        """What the rate is for."""
        return f"{self.country}/{self.nationality}"


@dataclass(frozen=True, slots=True)
class ExtraRate:
    """A free-form extra (a boat, a welcome dinner, water): per person, group or day."""

    id: str
    name: str
    unit: ExtraUnit
    amount: Decimal
    currency: str
    validity: Validity

    def __post_init__(self) -> None:
        owner = _owner("extra", self.id)
        _one_of(owner, "unit", self.unit, EXTRA_UNITS)
        _non_negative(owner, amount=self.amount)
        check_currency(self.currency)

    @property
    def key(self) -> str:
        """What the rate is for."""
        return self.id


Rate: TypeAlias = (
    VehicleRate
    | GuideRate
    | LodgingRate
    | MealRate
    | EntranceRate
    | BorderRate
    | VisaFee
    | ExtraRate
)


def overlaps(rates: Iterable[Rate]) -> list[tuple[Rate, Rate]]:
    """Return the pairs of rates for one thing that are valid on a common day."""
    by_key: dict[str, list[Rate]] = {}
    for rate in rates:
        by_key.setdefault(rate.key, []).append(rate)
    pairs = []
    for group in by_key.values():
        group.sort(key=lambda r: r.validity.start)
        for earlier, later in itertools.pairwise(group):
            if later.validity.start <= earlier.validity.end:
                pairs.append((earlier, later))
    return pairs


def _on(rates: Sequence[Rate], day: dt.date, match: Callable[[Rate], bool]) -> Rate | None:
    for rate in rates:
        if match(rate) and rate.validity.covers(day):
            return rate
    return None


@dataclass(frozen=True, slots=True)
class RateCard:
    """An organisation's rates.

    Parameters
    ----------
    name
        The card's name (``"2027 rates"``).
    example
        ``True`` for the shipped example card: invented prices, not facts.
    vehicles, guides, lodging, meals, entrances, borders, visas, extras
        The rates of each kind.
    note
        Free text shown with the card.
    """

    name: str
    vehicles: tuple[VehicleRate, ...] = ()
    guides: tuple[GuideRate, ...] = ()
    lodging: tuple[LodgingRate, ...] = ()
    meals: tuple[MealRate, ...] = ()
    entrances: tuple[EntranceRate, ...] = ()
    borders: tuple[BorderRate, ...] = ()
    visas: tuple[VisaFee, ...] = ()
    extras: tuple[ExtraRate, ...] = ()
    example: bool = False
    note: str = ""

    def __post_init__(self) -> None:
        ids = [rate.id for rate in self.all_rates()]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise _refuse(IDS_TWICE, "id", card=repr(self.name), ids=str(duplicates))
        seats: dict[str, int] = {}
        for vehicle in self.vehicles:
            if seats.setdefault(vehicle.vehicle, vehicle.seats) != vehicle.seats:
                raise _refuse(
                    SEATS_DIFFER,
                    "seats",
                    card=repr(self.name),
                    vehicle=repr(vehicle.vehicle),
                    seats=str(seats[vehicle.vehicle]),
                    other=str(vehicle.seats),
                    rate=repr(vehicle.id),
                )
        for group in self.groups():
            clash = overlaps(group)
            if clash:
                a, b = clash[0]
                raise _refuse(
                    OVERLAP,
                    "valid_from",
                    card=repr(self.name),
                    first=repr(a.id),
                    second=repr(b.id),
                    date=b.validity.start.isoformat(),
                    key=repr(a.key),
                )

    def groups(self) -> tuple[tuple[Rate, ...], ...]:
        """Return the rates grouped by kind."""
        return (
            self.vehicles,
            self.guides,
            self.lodging,
            self.meals,
            self.entrances,
            self.borders,
            self.visas,
            self.extras,
        )

    def all_rates(self) -> list[Rate]:
        """Return every rate of the card."""
        return [rate for group in self.groups() for rate in group]

    def vehicle(self, vehicle: str, day: dt.date) -> VehicleRate | None:
        """Return the rate of ``vehicle`` valid on ``day``, if any."""
        found = _on(self.vehicles, day, lambda r: r.key == vehicle)
        return found if isinstance(found, VehicleRate) else None

    def guide(self, language: str, day: dt.date) -> GuideRate | None:
        """Return the rate of a guide speaking ``language`` valid on ``day``, if any."""
        found = _on(self.guides, day, lambda r: r.key == language)
        return found if isinstance(found, GuideRate) else None

    def room(self, place: str, room: str, day: dt.date) -> LodgingRate | None:
        """Return the rate of a ``room`` at ``place`` for the night starting ``day``."""
        found = _on(self.lodging, day, lambda r: r.key == f"{place}/{room}")
        return found if isinstance(found, LodgingRate) else None

    def meal(self, meal: str, place: str, day: dt.date) -> MealRate | None:
        """Return the rate of ``meal`` at ``place`` on ``day`` (else the card's general one)."""
        found = _on(self.meals, day, lambda r: r.key == f"{meal}/{place}")
        if found is None:
            found = _on(self.meals, day, lambda r: r.key == f"{meal}/")
        return found if isinstance(found, MealRate) else None

    def entrance(self, site: str, day: dt.date) -> EntranceRate | None:
        """Return the card's entrance fee for ``site`` on ``day``, if it overrides one."""
        found = _on(self.entrances, day, lambda r: r.key == site)
        return found if isinstance(found, EntranceRate) else None

    def border(self, crossing: str, day: dt.date) -> BorderRate | None:
        """Return the costs of passing ``crossing`` on ``day``, if any."""
        found = _on(self.borders, day, lambda r: r.key == crossing)
        return found if isinstance(found, BorderRate) else None

    def visa(self, country: str, nationality: str, day: dt.date) -> VisaFee | None:
        """Return the visa fee for ``nationality`` entering ``country`` on ``day``, if any."""
        found = _on(self.visas, day, lambda r: r.key == f"{country}/{nationality}")
        return found if isinstance(found, VisaFee) else None

    def vehicle_types(self) -> list[str]:
        """Return the vehicle types of the card, smallest first."""
        seats = {rate.vehicle: rate.seats for rate in self.vehicles}
        return sorted(seats, key=lambda v: (seats[v], v))
