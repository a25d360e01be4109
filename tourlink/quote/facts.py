"""The facts of a routed trip that a quote rests on, read from an itinerary snapshot.

A quote never re-plans: it reads the stored snapshot (the JSON of
:func:`tourlink.planner.serialize.itinerary_to_dict`, possibly edited by hand) into frozen
:class:`TripFacts` — km and date of each day, the nights and where they are spent, the
sites visited, the border passages and the countries entered — and looks each site up in
the catalogue once (its country and entrance fee).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tourlink.exceptions import DataError, DataProblem, data_problem
from tourlink.messages import define, message
from tourlink.money import Money, decimal_from

__all__ = [
    "Entry",
    "Night",
    "SiteInfo",
    "TripDay",
    "TripFacts",
    "crossing_names_from",
    "site_info_from",
    "trip_facts",
]

# What each field of an itinerary sent for a quote must hold (``tourlink quote``, the API).
FACT_SITE_ID = define("quote.expected.site-id", "a site id")
FACT_OBJECT = define("quote.expected.object", "an object")
FACT_DATE = define("quote.expected.date", "a date")
FACT_KM = define("quote.expected.km", "a number >= 0")
FACT_STOPS = define("quote.expected.stops", "stops with ids")
FACT_DAYS = define("quote.expected.days", "a non-empty list of days")


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What a quote needs to know about a place of the trip.

    Attributes
    ----------
    id, name
        The site id and its name.
    country
        ISO 3166-1 alpha-2 code; empty for a place not in the catalogue.
    fee
        The catalogue's entrance fee per person, ``None`` when free or not stated.
    fee_note
        The catalogue's note on the fee (``"foreign visitors"``).
    fee_assumed
        ``True`` when the catalogue marks the fee (or its absence) as an assumption.
    known
        ``False`` for an operator's own place that the catalogue does not hold.
    access_estimated
        ``True`` for an operator's own place joined to the road by an estimated access
        road (its km are an assumption).
    """

    id: str
    name: str
    country: str = ""
    fee: Money | None = None
    fee_note: str = ""
    fee_assumed: bool = False
    known: bool = True
    access_estimated: bool = False


@dataclass(frozen=True, slots=True)
class Night:
    """A night of the trip: the date it starts and the place it is spent."""

    date: dt.date
    place: str


@dataclass(frozen=True, slots=True)
class Entry:
    """A border passage: the day, the crossing's id and the country entered."""

    date: dt.date
    crossing: str
    country: str


@dataclass(frozen=True, slots=True)
class TripDay:
    """One day: its date, km driven, the places in order, where it ends.

    ``lunch`` is the site of the lunch break (empty when the day has none).
    """

    index: int
    date: dt.date
    km: Decimal
    start: str
    stops: tuple[str, ...]
    end: str
    lunch: str
    crossings: tuple[str, ...]
    estimated_access: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TripFacts:
    """The trip as a quote sees it.

    Attributes
    ----------
    days
        Every day in order.
    sites
        What is known about each place of the trip, by id.
    """

    days: tuple[TripDay, ...]
    sites: Mapping[str, SiteInfo]
    crossing_names: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.days:
            raise ValueError("TripFacts: a trip has at least one day.")

    @property
    def start_date(self) -> dt.date:
        """The first day."""
        return self.days[0].date

    @property
    def nights(self) -> tuple[Night, ...]:
        """The nights: every day's end place but the last day's (the trip ends there)."""
        return tuple(Night(day.date, day.end) for day in self.days[:-1])

    @property
    def km(self) -> Decimal:
        """The km driven in all."""
        return sum((day.km for day in self.days), Decimal(0))

    @property
    def visits(self) -> tuple[tuple[dt.date, str], ...]:
        """Each visit as (date, site id), in order."""
        return tuple((day.date, site) for day in self.days for site in day.stops)

    @property
    def crosses_border(self) -> bool:
        """Whether the trip passes a border."""
        return any(day.crossings for day in self.days)

    def country_of(self, place: str) -> str:
        """Return the country of ``place`` (empty when unknown)."""
        info = self.sites.get(place)
        return info.country if info else ""

    def entries(self) -> tuple[Entry, ...]:
        """Return each border passage with the country it enters."""
        found = []
        for day in self.days:
            countries = [self.country_of(p) for p in (day.start, *day.stops, day.end)]
            countries = [c for c in countries if c]
            changes = [b for a, b in itertools.pairwise(countries) if a != b]
            for i, crossing in enumerate(day.crossings):
                country = changes[i] if i < len(changes) else ""
                found.append(Entry(day.date, crossing, country))
        return tuple(found)


def site_info_from(network: Any) -> Callable[[str, str], SiteInfo]:
    """Return a look-up of :class:`SiteInfo` in a :class:`~tourlink.network.Network`.

    Places the network does not hold (an operator's own hotel, when the network is not
    the organisation's own: see :func:`tourlink.places.with_places`) come back as not
    known, with the name the snapshot gave them; an own place the network holds is known,
    with its access road marked as estimated.
    """
    from tourlink.places import estimated_access

    sites = network.sites

    def info(site_id: str, name: str) -> SiteInfo:
        site = sites.get(site_id)
        if site is None:
            return SiteInfo(site_id, name or site_id, known=False)
        fee = site.fee
        assumed = any(a.field == "fee" for a in site.assumptions)
        money = None if fee is None else Money(decimal_from(str(fee.amount), "fee"), fee.currency)
        note = fee.note if fee is not None else ""
        estimated = estimated_access(network, site_id) is not None
        return SiteInfo(site.id, site.name, site.country, money, note, assumed, True, estimated)

    return info


def _text(day: Mapping[str, Any], key: str, where: str, problems: list[DataProblem]) -> str:
    value = day.get(key)
    if not isinstance(value, str) or not value:
        problems.append(data_problem("itinerary", where, key, repr(value), message(FACT_SITE_ID)))
        return ""
    return value


def _day(index: int, raw: object, problems: list[DataProblem]) -> TripDay | None:
    where = f"days[{index}]"
    if not isinstance(raw, Mapping):
        problems.append(data_problem("itinerary", where, "-", repr(raw), message(FACT_OBJECT)))
        return None
    before = len(problems)
    try:
        date = dt.date.fromisoformat(str(raw.get("date")))
    except ValueError:
        given = repr(raw.get("date"))
        problems.append(data_problem("itinerary", where, "date", given, message(FACT_DATE)))
    km_raw = raw.get("km")
    try:
        km = decimal_from(str(km_raw) if isinstance(km_raw, int | float) else km_raw, "km")
        if km < 0:
            raise ValueError
    except ValueError:
        problems.append(data_problem("itinerary", where, "km", repr(km_raw), message(FACT_KM)))
    start = _text(raw, "start", where, problems)
    end = _text(raw, "overnight", where, problems)
    stops_raw = raw.get("stops", [])
    stops = tuple(s.get("id", "") for s in stops_raw if isinstance(s, Mapping))
    if not isinstance(stops_raw, list) or len(stops) != len(stops_raw) or not all(stops):
        given = repr(stops_raw)
        problems.append(data_problem("itinerary", where, "stops", given, message(FACT_STOPS)))
    estimated = tuple(
        str(s.get("id"))
        for s in stops_raw
        if isinstance(s, Mapping) and (s.get("access_estimated") or s.get("estimated"))
    )
    crossings = tuple(str(c) for c in raw.get("crossings", []) or [])
    lunch = raw.get("lunch")
    lunch_site = str(lunch.get("site") or start) if isinstance(lunch, Mapping) else ""
    if len(problems) > before:
        return None
    return TripDay(index, date, km, start, stops, end, lunch_site, crossings, estimated)


def _names(days: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    names: dict[str, str] = {}
    for day in days:
        names.setdefault(str(day.get("start")), str(day.get("start_name", "")))
        names.setdefault(str(day.get("overnight")), str(day.get("overnight_name", "")))
        for stop in day.get("stops", []) or []:
            if isinstance(stop, Mapping):
                names.setdefault(str(stop.get("id")), str(stop.get("name", "")))
    return names


def trip_facts(
    snapshot: Mapping[str, Any],
    info: Callable[[str, str], SiteInfo],
    crossing_names: Mapping[str, str] | None = None,
) -> TripFacts:
    """Read the facts a quote needs from an itinerary snapshot.

    Parameters
    ----------
    snapshot
        The itinerary as :func:`~tourlink.planner.serialize.itinerary_to_dict` writes it.
    info
        Looks a place up by id and snapshot name (see :func:`site_info_from`).
    crossing_names
        The name of each border crossing by id (see :func:`crossing_names_from`).

    Returns
    -------
    TripFacts
        The days, nights, visits and border passages.

    Raises
    ------
    DataError
        Listing every malformed field of the snapshot at once.
    """
    raw_days = snapshot.get("days") if isinstance(snapshot, Mapping) else None
    if not isinstance(raw_days, list) or not raw_days:
        problem = data_problem("itinerary", "-", "days", repr(raw_days), message(FACT_DAYS))
        raise DataError([problem])
    problems: list[DataProblem] = []
    days = [_day(i, raw, problems) for i, raw in enumerate(raw_days)]
    if problems:
        raise DataError(problems)
    parsed = tuple(d for d in days if d is not None)
    names = _names([d for d in raw_days if isinstance(d, Mapping)])
    places = {p for d in parsed for p in (d.start, *d.stops, d.end)}
    sites = {p: info(p, names.get(p, "")) for p in sorted(places)}
    estimated = {p for p, found in sites.items() if found.access_estimated}
    parsed = tuple(_with_estimated(day, estimated) for day in parsed)
    return TripFacts(parsed, sites, dict(crossing_names or {}))


def _with_estimated(day: TripDay, estimated: set[str]) -> TripDay:
    """Return ``day`` naming every place of it reached by an estimated access road."""
    used = dict.fromkeys((*day.estimated_access, day.start, *day.stops, day.end))
    found = tuple(p for p in used if p in estimated or p in day.estimated_access)
    return (
        day if found == day.estimated_access else dataclasses.replace(day, estimated_access=found)
    )


def crossing_names_from(network: Any) -> dict[str, str]:
    """Return the name of each border crossing of a network, by id."""
    return {c.id: c.name for c in network.dataset.crossings.values()}
