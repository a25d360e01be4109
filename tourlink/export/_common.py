"""A neutral timeline of places and drives, built from a route or an itinerary.

The three exporters (GPX, GeoJSON, iCalendar) render the same :class:`Plan`, so they
agree on what a stop, a drive, a time and a warning is. Every datetime in a plan is
timezone-aware: naive datetimes in a :class:`~tourlink.model.Route` or
:class:`~tourlink.itinerary.Itinerary` mean local time at the place they belong to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from tourlink.exceptions import InvalidRequestError, UnknownSiteError
from tourlink.export import texts as t
from tourlink.export._words import (
    assumed,
    crossing_name,
    documents,
    label_of,
    leg_notes,
    mode_ref,
    road_list,
    say_of,
    text_of,
)
from tourlink.itinerary import Day, Itinerary, Stop
from tourlink.messages import Param, Ref, message
from tourlink.model import CrossingPass, Leg, Route, Site
from tourlink.translations import Renderer

__all__ = [
    "HOME_TIMEZONE",
    "Drive",
    "Lunch",
    "Place",
    "Plan",
    "from_itinerary",
    "from_route",
    "leg_notes",
    "say_of",
]

#: Time zone of places that are road nodes rather than sites (all of tourlink's area lies
#: in UTC+07:00: Asia/Ho_Chi_Minh and Asia/Vientiane share the offset all year).
HOME_TIMEZONE = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True, slots=True)
class Place:
    """A place on the plan: trip start, a visit, an overnight stay, the end, a border gate."""

    id: str
    name: str
    name_en: str
    lat: float
    lon: float
    timezone: str
    kind: str
    day: int
    arrive: dt.datetime | None = None
    start: dt.datetime | None = None
    depart: dt.datetime | None = None
    country: str = ""
    location: str = ""
    notes: tuple[str, ...] = ()
    #: The name shown to the reader (see :func:`label_of`); ``""``: the English label.
    shown: str = ""

    @property
    def label(self) -> str:
        """Return the name shown to the reader of the export's language."""
        return self.shown or label_of(self.name, self.name_en, "", "en")


@dataclass(frozen=True, slots=True)
class Drive:
    """A drive from one place to the next, with its road legs and geometry."""

    day: int
    index: int
    origin: Place
    destination: Place
    legs: tuple[Leg, ...]
    geometry: tuple[tuple[float, float], ...]
    km: float
    minutes: float
    roads: tuple[str, ...]
    depart: dt.datetime | None
    arrive: dt.datetime | None
    notes: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """Return ``"origin → destination"``."""
        return f"{self.origin.label} → {self.destination.label}"


@dataclass(frozen=True, slots=True)
class Lunch:
    """A lunch break."""

    day: int
    place: Place
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything the exporters render, in trip order."""

    key: str
    title: str
    summary: str
    places: tuple[Place, ...]
    drives: tuple[Drive, ...]
    lunches: tuple[Lunch, ...] = ()
    warnings: tuple[str, ...] = ()
    day_notes: tuple[tuple[str, ...], ...] = ()
    #: The language the plan's texts were rendered in (the exporters render theirs alike).
    say: Renderer | None = None

    def __call__(self, code: str, /, **params: Param) -> str:
        """Return the message ``code`` with ``params`` in the plan's language."""
        return say_of(self.say)(message(code, **params))


def aware(moment: dt.datetime, timezone: str) -> dt.datetime:
    """Return ``moment`` in ``timezone``; a naive ``moment`` is local time there.

    >>> aware(dt.datetime(2026, 3, 1, 8, 0), "Asia/Vientiane").isoformat()
    '2026-03-01T08:00:00+07:00'
    """
    zone = ZoneInfo(timezone)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def _maybe(moment: dt.datetime | None, timezone: str) -> dt.datetime | None:
    return None if moment is None else aware(moment, timezone)


def _site(sites: Mapping[str, Site], site_id: str, where: str) -> Site:
    try:
        return sites[site_id]
    except KeyError:
        raise UnknownSiteError(
            f"{where} names site {site_id!r}, which is not in `sites`; pass the catalogue "
            "the route or itinerary was planned with.",
            site_id,
        ) from None


def _site_place(
    site: Site, kind: str, day: int, say: Renderer, **times: dt.datetime | None
) -> Place:
    notes = assumed(say, site.assumptions)
    return Place(
        id=site.id,
        name=site.name,
        name_en=site.name_en,
        lat=site.lat,
        lon=site.lon,
        timezone=site.timezone,
        kind=kind,
        day=day,
        arrive=_maybe(times.get("arrive"), site.timezone),
        start=_maybe(times.get("start"), site.timezone),
        depart=_maybe(times.get("depart"), site.timezone),
        country=site.country,
        location=f"{site.name}, {site.admin}" if site.admin else site.name,
        notes=notes,
        shown=label_of(site.name, site.name_en, site.name_lo, say.locale),
    )


def line(legs: Iterable[Leg]) -> tuple[tuple[float, float], ...]:
    """Return the ``(lat, lon)`` points of ``legs`` in order, rounded to 6 decimals.

    Consecutive repeats (a leg starting where the previous one ended) are dropped.

    >>> a = Leg("QL24", "x", "y", 1.0, 1.0, ((14.1, 108.1), (14.2, 108.2)))
    >>> b = Leg("QL24", "y", "z", 1.0, 1.0, ((14.2, 108.2), (14.3, 108.3)))
    >>> line([a, b])
    ((14.1, 108.1), (14.2, 108.2), (14.3, 108.3))
    """
    points: list[tuple[float, float]] = []
    for leg in legs:
        for lat, lon in leg.geometry:
            point = (round(lat, 6), round(lon, 6))
            if not points or points[-1] != point:
                points.append(point)
    return tuple(points)


def roads_of(legs: Iterable[Leg]) -> tuple[str, ...]:
    """Return the road names of ``legs`` in order, without consecutive repeats."""
    roads: list[str] = []
    for leg in legs:
        if leg.road and (not roads or roads[-1] != leg.road):
            roads.append(leg.road)
    return tuple(roads)


# --------------------------------------------------------------------------- routes


def _route_end(route: Route, sites: Mapping[str, Site], which: str, say: Renderer) -> Place:
    place_id = route.origin if which == "start" else route.destination
    moment = route.depart if which == "start" else _route_arrive(route)
    times = {"depart": moment} if which == "start" else {"arrive": moment}
    if place_id in sites:
        return _site_place(sites[place_id], which, 1, say, **times)
    if not route.geometry:
        _site(sites, place_id, f"Route.{'origin' if which == 'start' else 'destination'}")
    lat, lon = route.geometry[0] if which == "start" else route.geometry[-1]
    return Place(
        id=place_id,
        name=place_id,
        name_en="",
        lat=lat,
        lon=lon,
        timezone=HOME_TIMEZONE,
        kind=which,
        day=1,
        location=place_id,
        arrive=_maybe(times.get("arrive"), HOME_TIMEZONE),
        depart=_maybe(times.get("depart"), HOME_TIMEZONE),
    )


def _route_arrive(route: Route) -> dt.datetime | None:
    if route.arrive is not None:
        return route.arrive
    if route.depart is not None:
        return route.depart + dt.timedelta(minutes=route.minutes)
    return None


def _crossing_place(route: Route, passed: CrossingPass, say: Renderer) -> Place | None:
    crossing = passed.crossing
    ends = [route.nodes.index(n) for n in (crossing.source, crossing.target) if n in route.nodes]
    if len(route.nodes) != len(route.geometry) or not ends:
        return None
    lat, lon = route.geometry[min(ends)]
    minutes = t.number(crossing.formalities_minutes, 0, say.locale)
    notes = [
        say(message(t.FORMALITIES, minutes=minutes)),
        *documents(say, t.TRAVELLER_DOCUMENTS, crossing.traveller_documents),
        *documents(say, t.VEHICLE_DOCUMENTS, crossing.vehicle_documents),
        *assumed(say, crossing.assumptions),
        *(text_of(say, note) for note in passed.notes),
    ]
    if passed.waited_minutes:
        waited = t.number(passed.waited_minutes, 0, say.locale)
        notes.insert(0, say(message(t.GATE_WAIT, minutes=waited)))
    shown = say.name(Ref("crossing", crossing.id, crossing.name))
    return Place(
        id=crossing.id,
        name=crossing.name,
        name_en="",
        lat=lat,
        lon=lon,
        timezone=crossing.timezone,
        kind="crossing",
        day=1,
        arrive=_maybe(passed.arrive, crossing.timezone),
        depart=_maybe(passed.depart, crossing.timezone),
        location=crossing.name,
        notes=tuple(notes),
        shown=shown,
    )


def from_route(route: Route, sites: Mapping[str, Site], say: Renderer | None = None) -> Plan:
    """Return the plan of ``route``: its two ends, the border gates it passes, one drive.

    ``say`` renders its texts in the reader's language (English when ``None``).
    """
    said = say_of(say)
    start = _route_end(route, sites, "start", said)
    end = _route_end(route, sites, "end", said)
    gates = tuple(p for p in (_crossing_place(route, c, said) for c in route.crossings) if p)
    geometry = (
        line(route.legs)
        if route.legs
        else tuple((round(lat, 6), round(lon, 6)) for lat, lon in route.geometry)
    )
    drive = Drive(
        day=1,
        index=0,
        origin=start,
        destination=end,
        legs=route.legs,
        geometry=geometry,
        km=route.km,
        minutes=route.minutes,
        roads=route.roads or roads_of(route.legs),
        depart=start.depart,
        arrive=end.arrive,
        notes=(*leg_notes(route.legs, said), *(text_of(said, w) for w in route.warnings)),
    )
    facts: dict[str, Param] = {
        "mode": mode_ref(route.mode),
        "km": t.number(route.km, 1, said.locale),
        "hours": t.number(route.minutes / 60, 1, said.locale),
        "roads": road_list(said, drive.roads),
    }
    if start.depart:
        summary = said(
            message(t.ROUTE_SUMMARY_TIMED, time=f"{start.depart:%Y-%m-%d %H:%M}", **facts)
        )
    else:
        summary = said(message(t.ROUTE_SUMMARY, **facts))
    depart_key = start.depart.isoformat() if start.depart else "untimed"
    return Plan(
        key=f"route:{route.origin}:{route.destination}:{route.mode}:{depart_key}",
        title=f"{start.label} → {end.label}",
        summary=summary,
        places=(start, *gates, end),
        drives=(drive,) if route.legs or len(geometry) >= 2 else (),
        warnings=tuple(text_of(said, w) for w in route.warnings),
        say=said,
    )


# ------------------------------------------------------------------------ itineraries


def _day_places(
    days: tuple[Day, ...],
    index: int,
    sites: Mapping[str, Site],
    previous: Place | None,
    say: Renderer,
) -> tuple[Place, tuple[Place, ...], Place]:
    day, number = days[index], index + 1
    if previous is not None and previous.id == day.start_site:
        first = previous
    else:
        site = _site(sites, day.start_site, f"Day {number}.start_site")
        first = _site_place(site, "start", number, say, depart=day.depart)
    stops = tuple(_stop_place(sites, stop, number, i, say) for i, stop in enumerate(day.stops))
    last_day = index == len(days) - 1
    night = _site(sites, day.overnight, f"Day {number}.overnight")
    leave = None if last_day else days[index + 1].depart
    last = _site_place(
        night, "end" if last_day else "overnight", number, say, arrive=day.arrive, depart=leave
    )
    return first, stops, last


def _stop_place(
    sites: Mapping[str, Site], stop: Stop, day: int, index: int, say: Renderer
) -> Place:
    site = _site(sites, stop.site, f"Day {day}.stops[{index}].site")
    place = _site_place(
        site, "visit", day, say, arrive=stop.arrive, start=stop.start, depart=stop.depart
    )
    if stop.note:
        return replace(place, notes=(text_of(say, stop.note), *place.notes))
    return place


def _day_drives(
    day: Day, number: int, chain: tuple[Place, ...], warnings: tuple[str, ...], say: Renderer
) -> tuple[Drive, ...]:
    if len(day.drives) != len(chain) - 1:
        raise InvalidRequestError(
            f"Day {number}.drives must hold len(stops) + 1 = {len(chain) - 1} entries, "
            f"got {len(day.drives)}.",
            field="drives",
        )
    drives = []
    for i, legs in enumerate(day.drives):
        if not legs:
            continue
        origin, destination = chain[i], chain[i + 1]
        notes = list(leg_notes(legs, say))
        if origin.country and destination.country and origin.country != destination.country:
            notes.extend(
                say(message(t.CROSSES, crossing=crossing_name(say, c))) for c in day.crossings
            )
            notes.extend(warnings)
        drives.append(
            Drive(
                day=number,
                index=i,
                origin=origin,
                destination=destination,
                legs=legs,
                geometry=line(legs),
                km=sum(leg.km for leg in legs),
                minutes=sum(leg.minutes for leg in legs),
                roads=roads_of(legs),
                depart=aware(day.depart, origin.timezone) if i == 0 else origin.depart,
                arrive=destination.arrive,
                notes=tuple(notes),
            )
        )
    return tuple(drives)


def _lunch(day: Day, number: int, sites: Mapping[str, Site], say: Renderer) -> Lunch | None:
    if day.lunch is None:
        return None
    start, end, site_id = day.lunch
    site = _site(sites, site_id, f"Day {number}.lunch")
    place = _site_place(site, "lunch", number, say, arrive=start, depart=end)
    assert place.arrive is not None and place.depart is not None
    return Lunch(day=number, place=place, start=place.arrive, end=place.depart)


def from_itinerary(
    itinerary: Itinerary, sites: Mapping[str, Site], say: Renderer | None = None
) -> Plan:
    """Return the plan of ``itinerary``: start, visits and nights in order, drives per day.

    ``say`` renders its texts in the reader's language (English when ``None``).
    """
    said = say_of(say)
    if not itinerary.days:
        raise InvalidRequestError(
            "`Itinerary.days` must hold at least one day, got none.", field="days"
        )
    places: list[Place] = []
    drives: list[Drive] = []
    lunches: list[Lunch] = []
    previous: Place | None = None
    warnings = tuple(text_of(said, w) for w in itinerary.warnings)
    for index, day in enumerate(itinerary.days):
        first, stops, last = _day_places(itinerary.days, index, sites, previous, said)
        if first is not previous:
            places.append(first)
        places.extend((*stops, last))
        drives.extend(_day_drives(day, index + 1, (first, *stops, last), warnings, said))
        lunch = _lunch(day, index + 1, sites, said)
        if lunch is not None:
            lunches.append(lunch)
        previous = last
    request = itinerary.request
    n = len(itinerary.days)
    date = f"{request.start_date:%Y-%m-%d}"
    summary = said(
        message(
            t.TRIP_SUMMARY,
            days=n,
            mode=mode_ref(request.mode),
            date=date,
            visits=len(itinerary.visited),
            km=t.number(itinerary.km, 1, said.locale),
            hours=t.number(itinerary.drive_minutes / 60, 1, said.locale),
        )
    )
    ends: dict[str, Param] = {"origin": places[0].label, "destination": places[-1].label}
    if n == 1:
        title = said(message(t.TRIP_TITLE_ONE_DAY, date=date, **ends))
    else:
        title = said(message(t.TRIP_TITLE, days=n, date=date, **ends))
    return Plan(
        key=(
            f"itinerary:{request.start}:{request.end_site}:{request.start_date}:"
            f"{request.days}:{request.mode}"
        ),
        title=title,
        summary=summary,
        places=tuple(places),
        drives=tuple(drives),
        lunches=tuple(lunches),
        warnings=warnings,
        day_notes=tuple(tuple(text_of(said, n) for n in day.notes) for day in itinerary.days),
        say=said,
    )
