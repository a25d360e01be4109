"""Operators' tours and their departures: the timetable the connection search runs over.

A :class:`TimetableTour` is a tour an operator runs: a published route (or its own stops),
where and when it starts and ends, on which weekdays or dates it departs and in which
seasons, its seats, price from per person, languages, and whether other operators may
see it (``shared``). :func:`load_timetable` reads a ``tourlink-timetable/1`` file and
raises one :class:`~tourlink.exceptions.DataError` listing every problem at once.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tourlink.exceptions import TEXT, DataError, DataProblem, data_problem
from tourlink.messages import Param, define, message
from tourlink.model import ZONES
from tourlink.tours import Tour, TourStop

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = [
    "SEASONS",
    "TIMETABLE_FORMAT",
    "Departure",
    "Timetable",
    "TimetableTour",
    "example_timetable",
    "load_timetable",
    "many_example_tours",
    "parse_timetable",
]

TIMETABLE_FORMAT = "tourlink-timetable/1"
#: Months of the Central Highlands and southern Laos seasons (dry: November to April).
SEASONS: Mapping[str, frozenset[int]] = {
    "dry": frozenset({11, 12, 1, 2, 3, 4}),
    "rainy": frozenset({5, 6, 7, 8, 9, 10}),
}
_FILE = "timetable.json"
LOCAL_TIME = define("expected.local-time", "a local time HH:MM")
SITE_ID = define("expected.sites-json-id", "a site id of sites.json")
ROUTE_ID = define("expected.published-route-id", "a published route id {ids}")
PROGRAMME = define("expected.programme", "route, or name, name_en, zones, days and stops")
ZONES_AMONG = define("expected.zones-among", "zones among {zones}")
OVERNIGHT = define("expected.overnight", "a place where groups can stay (overnight: true)")
WEEKDAYS_AMONG = define("expected.weekdays-among", "weekdays among {days}")
DATE = define("expected.date-plain", "a date YYYY-MM-DD")
SEASONS_AMONG = define("expected.seasons-among", "a list of seasons among {seasons}")
PRICE = define("expected.price-per-person", "a decimal amount per person")
WITH_ID = define("expected.object-with-id", "an object with a string id")
OPERATOR = define("expected.operator", "an operator slug")
CONSISTENT = define("expected.consistent-tour", "a consistent tour")
UNIQUE_ID = define("expected.unique-tour-id", "a unique tour id")
SEATS = define("expected.tour-seats", "a whole number of seats, 1 or more")
PRICE_NOT_NEGATIVE = define("expected.price-not-negative", "a decimal amount per person, 0 or more")
DEPARTURE_DAYS = define(
    "expected.departure-days", "at least one weekday or date to depart on (`weekdays` or `dates`)"
)
LANGUAGES = define("expected.tour-languages", 'a list of language codes such as ["vi", "en"]')
ARRIVE_AFTER = define(
    "expected.arrive-after-depart",
    "a time after the departure at {depart} (a one-day tour arrives on the day it departs)",
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class TimetableTour:
    """A tour an operator runs, with when it departs.

    Attributes
    ----------
    id, operator
        Slug of the tour and of the operator organisation running it.
    tour
        The programme (stops day by day), starting at ``start`` and ending at ``end``.
    route
        Id of the published route it operates, or ``""`` for the operator's own route.
    depart, arrive
        Local time it leaves ``start`` on its first day and reaches ``end`` on its last.
    weekdays
        Weekdays it departs on (0 = Monday); empty when only ``dates`` count.
    dates
        Extra departure dates.
    seasons
        Names of :data:`SEASONS` it runs in (a weekday departure outside them is dropped).
    seats
        Seats per departure.
    price_from
        Price from, per person, in the timetable's currency.
    languages
        Languages it is guided in.
    shared
        Whether other operators may offer it in their packages.
    """

    id: str
    operator: str
    tour: Tour
    route: str
    depart: dt.time
    arrive: dt.time
    weekdays: frozenset[int]
    dates: tuple[dt.date, ...]
    seasons: tuple[str, ...]
    seats: int
    price_from: Decimal
    languages: tuple[str, ...]
    shared: bool = True
    _zones: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_zones", frozenset(self.tour.zones))  # asked for very often
        if self.seats < 1:
            raise ValueError(f"Tour {self.id!r}: seats must be 1 or more, got {self.seats}.")
        if self.price_from < 0:
            raise ValueError(f"Tour {self.id!r}: price_from must be >= 0, got {self.price_from}.")
        if not self.weekdays and not self.dates:
            raise ValueError(f"Tour {self.id!r}: needs weekdays or dates to depart on.")
        if self.tour.days == 1 and self.arrive <= self.depart:
            raise ValueError(
                f"Tour {self.id!r}: a one-day tour must arrive after it departs, got "
                f"{self.depart:%H:%M} to {self.arrive:%H:%M}."
            )

    @property
    def start(self) -> str:
        """Return where the tour starts."""
        return self.tour.start

    @property
    def end(self) -> str:
        """Return where the tour ends."""
        return self.tour.end

    @property
    def days(self) -> int:
        """Return the tour's length in days."""
        return self.tour.days

    @property
    def zones(self) -> frozenset[str]:
        """Return the zones the tour covers."""
        return self._zones

    def runs_on(self, date: dt.date) -> bool:
        """Return whether the tour departs on ``date``."""
        if date in self.dates:
            return True
        months = set().union(*(SEASONS[s] for s in self.seasons)) if self.seasons else None
        in_season = months is None or date.month in months
        return date.weekday() in self.weekdays and in_season


@dataclass(frozen=True, slots=True)
class Departure:
    """One departure of a :class:`TimetableTour` on a date.

    Attributes
    ----------
    tour, date
        The tour and the date of its first day.
    id
        ``tour-id@YYYY-MM-DD``.
    start, end
        When it leaves its start and reaches its end (local, naive).
    end_date
        The date of its last day.
    """

    tour: TimetableTour
    date: dt.date
    id: str = field(init=False)
    start: dt.datetime = field(init=False)
    end_date: dt.date = field(init=False)
    end: dt.datetime = field(init=False)

    def __post_init__(self) -> None:
        last = self.date + dt.timedelta(days=self.tour.days - 1)
        object.__setattr__(self, "id", f"{self.tour.id}@{self.date.isoformat()}")
        object.__setattr__(self, "start", dt.datetime.combine(self.date, self.tour.depart))
        object.__setattr__(self, "end_date", last)
        object.__setattr__(self, "end", dt.datetime.combine(last, self.tour.arrive))


@dataclass(frozen=True, slots=True)
class Timetable:
    """Operators' tours, with the currency their prices are in.

    Attributes
    ----------
    tours
        The tours, ids unique.
    currency
        ISO 4217 code of every ``price_from``.
    note
        What the timetable is (e.g. that it is example data).
    """

    tours: tuple[TimetableTour, ...]
    currency: str = "USD"
    note: str = ""
    _by_id: Mapping[str, TimetableTour] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        ids = [t.id for t in self.tours]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"Timetable: tour ids must be unique, got duplicates {dupes}.")
        object.__setattr__(self, "_by_id", {t.id: t for t in self.tours})

    def tour(self, tour_id: str) -> TimetableTour | None:
        """Return the tour ``tour_id`` or ``None``."""
        return self._by_id.get(tour_id)

    def visible_to(self, operator: str | None) -> Timetable:
        """Return the tours ``operator`` may offer: its own and the shared ones.

        ``None`` is the public, who sees only shared tours.
        """
        kept = tuple(t for t in self.tours if t.shared or t.operator == operator)
        return replace(self, tours=kept)

    def departures(self, first: dt.date, last: dt.date) -> Iterator[Departure]:
        """Yield every departure starting on or after ``first`` and ending by ``last``."""
        for tour in self.tours:
            date = first
            while date + dt.timedelta(days=tour.days - 1) <= last:
                if tour.runs_on(date):
                    yield Departure(tour, date)
                date += dt.timedelta(days=1)


class _Reader:
    """Collect every problem of one timetable document."""

    def __init__(self, routes: Mapping[str, Tour], network: Network | None) -> None:
        self.routes = routes
        self.net = network
        self.problems: list[DataProblem] = []

    def bad(self, record: str, name: str, value: object, code: str, **params: Param) -> None:
        expected = message(code, **params)
        self.problems.append(data_problem(_FILE, record, name, repr(value)[:80], expected))

    def time(self, ident: str, raw: Mapping[str, Any], name: str) -> dt.time | None:
        try:
            return dt.time.fromisoformat(str(raw[name]))
        except (KeyError, ValueError):
            self.bad(ident, name, raw.get(name), LOCAL_TIME)
            return None

    def site(self, ident: str, name: str, value: object) -> bool:
        if self.net is not None and value not in self.net.sites:
            self.bad(ident, name, value, SITE_ID)
            return False
        return True

    def programme(self, ident: str, raw: Mapping[str, Any]) -> Tour | None:
        if "route" in raw:
            base = self.routes.get(raw["route"])
            if base is None:
                self.bad(ident, "route", raw["route"], ROUTE_ID, ids=str(sorted(self.routes)))
                return None
            stops = list(base.stops)
            name, name_en, zones, days = base.name, base.name_en, base.zones, base.days
        else:
            try:
                stops = [TourStop(s["site"], int(s["day"]), s.get("minutes")) for s in raw["stops"]]
                name, name_en = raw["name"], raw["name_en"]
                zones, days = tuple(raw["zones"]), int(raw["days"])
            except (KeyError, TypeError, ValueError) as exc:
                self.bad(ident, "stops", exc, PROGRAMME)
                return None
        bad_zones = [z for z in zones if z not in ZONES]
        if bad_zones:
            self.bad(ident, "zones", bad_zones, ZONES_AMONG, zones=str(list(ZONES)))
        ok = all([self.site(ident, f"stops[{k}].site", s.site) for k, s in enumerate(stops)])
        start, end = raw.get("start", stops[0].site), raw.get("end", stops[-1].site)
        if not (self.site(ident, "start", start) and self.site(ident, "end", end) and ok):
            return None
        if self.net is not None and not self.net.site(end).overnight:
            self.bad(ident, "end", end, OVERNIGHT)
        if start != stops[0].site:
            stops.insert(0, TourStop(start, 1))
        if end != stops[-1].site:
            stops.append(TourStop(end, days))
        return Tour(
            ident, name, name_en, tuple(zones), raw.get("operator", ""), (), days, tuple(stops)
        )

    def departs(self, ident: str, raw: Mapping[str, Any]) -> tuple[frozenset[int], list[dt.date]]:
        days = [str(d).lower()[:3] for d in raw.get("weekdays", [])]
        wrong = [d for d in days if d not in _WEEKDAYS]
        if wrong:
            self.bad(ident, "weekdays", wrong, WEEKDAYS_AMONG, days=str(list(_WEEKDAYS)))
        dates = []
        for text in raw.get("dates", []):
            try:
                dates.append(dt.date.fromisoformat(str(text)))
            except ValueError:
                self.bad(ident, "dates", text, DATE)
        seasons = raw.get("seasons", [])
        if not isinstance(seasons, list) or any(s not in SEASONS for s in seasons):
            self.bad(ident, "seasons", seasons, SEASONS_AMONG, seasons=str(sorted(SEASONS)))
        return frozenset(_WEEKDAYS.index(d) for d in days if d in _WEEKDAYS), dates

    def price(self, ident: str, raw: Mapping[str, Any]) -> Decimal | None:
        try:
            price = Decimal(str(raw["price_from"]))
        except (KeyError, InvalidOperation):
            self.bad(ident, "price_from", raw.get("price_from"), PRICE)
            return None
        if not price.is_finite() or price < 0:  # NaN cannot even be compared
            self.bad(ident, "price_from", raw["price_from"], PRICE_NOT_NEGATIVE)
            return None
        return price

    def seats(self, ident: str, raw: Mapping[str, Any]) -> int | None:
        given = raw.get("seats", 0)
        try:
            seats = int(given)
        except (TypeError, ValueError):
            seats = 0
        if seats < 1:
            self.bad(ident, "seats", given, SEATS)
            return None
        return seats

    def sound(
        self,
        ident: str,
        raw: Mapping[str, Any],
        days: int,
        departs: tuple[frozenset[int], list[dt.date]],
        times: tuple[dt.time, dt.time],
    ) -> bool:
        """Report what :class:`TimetableTour` itself would refuse, as fields of the record.

        A tour needs a day to depart on, its languages are a list of codes, and a one-day
        tour arrives after it departs.
        Faults already reported (a weekday or date that is not one) are not reported again.
        """
        ok = True
        languages = raw.get("languages", [])
        if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
            self.bad(ident, "languages", languages, LANGUAGES)
            ok = False
        if not any(departs):
            if not raw.get("weekdays") and not raw.get("dates"):
                self.bad(ident, "weekdays", raw.get("weekdays", []), DEPARTURE_DAYS)
            ok = False
        depart, arrive = times
        if days == 1 and arrive <= depart:
            self.bad(ident, "arrive", raw.get("arrive"), ARRIVE_AFTER, depart=depart)
            ok = False
        return ok

    def tour(self, index: int, raw: Any) -> TimetableTour | None:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            self.bad(f"tours[{index}]", "id", raw, WITH_ID)
            return None
        ident = raw["id"]
        programme = self.programme(ident, raw)
        weekdays, dates = self.departs(ident, raw)
        depart, arrive = self.time(ident, raw, "depart"), self.time(ident, raw, "arrive")
        price, seats = self.price(ident, raw), self.seats(ident, raw)
        if programme is None or not isinstance(raw.get("operator"), str):
            if programme is not None:
                self.bad(ident, "operator", raw.get("operator"), OPERATOR)
            return None
        if depart is None or arrive is None or price is None or seats is None:
            return None
        if not self.sound(ident, raw, programme.days, (weekdays, dates), (depart, arrive)):
            return None
        try:
            return TimetableTour(
                ident,
                raw["operator"],
                programme,
                raw.get("route", ""),
                depart,
                arrive,
                weekdays,
                tuple(dates),
                tuple(raw.get("seasons", [])),
                seats,
                price,
                tuple(raw.get("languages", ["vi"])),
                bool(raw.get("shared", True)),
            )
        except (ValueError, TypeError) as exc:
            self.bad(ident, "(record)", exc, CONSISTENT)
            return None


def parse_timetable(
    doc: Any, *, routes: Sequence[Tour] = (), network: Network | None = None
) -> Timetable:
    """Build a :class:`Timetable` from a decoded ``tourlink-timetable/1`` document.

    Parameters
    ----------
    doc
        The decoded JSON object.
    routes
        Published routes a tour may operate (by ``route`` id).
    network
        Network whose sites the tours must name (not checked when ``None``).

    Returns
    -------
    Timetable
        The tours in document order.

    Raises
    ------
    DataError
        Listing every problem at once.
    """
    reader = _Reader({r.id: r for r in routes}, network)
    if not isinstance(doc, dict) or doc.get("format") != TIMETABLE_FORMAT:
        reader.bad(
            "-",
            "format",
            doc.get("format") if isinstance(doc, dict) else doc,
            TEXT,
            text=repr(TIMETABLE_FORMAT),
        )
        raise DataError(reader.problems)
    tours = [reader.tour(i, raw) for i, raw in enumerate(doc.get("tours", []))]
    ids = [t.id for t in tours if t is not None]
    for dupe in sorted({i for i in ids if ids.count(i) > 1}):
        reader.bad(dupe, "id", dupe, UNIQUE_ID)
    if reader.problems:
        raise DataError(reader.problems)
    kept = tuple(t for t in tours if t is not None)
    return Timetable(kept, str(doc.get("currency", "USD")), str(doc.get("note", "")))


def load_timetable(
    path: str | Path, *, routes: Sequence[Tour] = (), network: Network | None = None
) -> Timetable:
    """Read and validate a timetable file (see :func:`parse_timetable`).

    Examples
    --------
    >>> from tourlink.read import default_data_dir
    >>> from tourlink.tours import load_tours
    >>> table = load_timetable(default_data_dir() / "timetable.example.json",
    ...                        routes=load_tours())
    >>> "example" in table.note.lower() and len(table.tours) > 6
    True
    """
    from tourlink.jsonfile import read_json

    doc, problems = read_json(Path(path), _FILE)
    if problems:
        raise DataError(problems)
    return parse_timetable(doc, routes=routes, network=network)


EXAMPLE_FILE = "timetable.example.json"


def example_timetable(network: Network | None = None) -> Timetable:
    """Return the shipped example timetable (example data: not real departures).

    Examples
    --------
    >>> table = example_timetable()
    >>> table.currency, all(t.seats > 0 for t in table.tours)
    ('USD', True)
    """
    from tourlink.read import default_data_dir, load_network
    from tourlink.tours import load_tours

    net = network if network is not None else load_network()
    folder = default_data_dir()
    return load_timetable(
        folder / EXAMPLE_FILE, routes=load_tours(folder, network=net), network=net
    )


def many_example_tours(network: Network | None = None, count: int = 50, seed: int = 7) -> Timetable:
    """Return ``count`` shared tours made from the example programmes (example data).

    Tour ``k`` is programme ``k mod n`` of :func:`example_timetable` under a numbered id,
    run by one of 12 example operators on three seeded weekdays a week, its price moved by
    up to 10 in either direction: the load of the connection benchmark and its golden tests.

    Examples
    --------
    >>> table = many_example_tours(count=20)
    >>> len(table.tours), all(len(t.weekdays) == 3 and t.shared for t in table.tours)
    (20, True)
    """
    base = example_timetable(network)
    rng = random.Random(seed)
    tours = []
    for k in range(count):
        tour = base.tours[k % len(base.tours)]
        tours.append(
            replace(
                tour,
                id=f"{tour.id}-{k}",
                operator=f"example-operator-{k % 12}",
                weekdays=frozenset(rng.sample(range(7), 3)),
                dates=(),
                seasons=(),
                shared=True,
                price_from=tour.price_from + Decimal(rng.randint(-10, 10)),
            )
        )
    return replace(base, tours=tuple(tours))
