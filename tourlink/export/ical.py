"""Export routes and itineraries as iCalendar (RFC 5545) for calendar apps.

One VEVENT per visit, per drive, per lunch break and per timed border crossing. Times
carry the TZID of the place (``Asia/Ho_Chi_Minh`` or ``Asia/Vientiane``) and the
matching VTIMEZONE components are included. UIDs are derived from the trip, so exporting
the same trip twice gives the same UIDs and calendar apps update events instead of
duplicating them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping

from icalendar import Calendar, Event

from tourlink import __version__
from tourlink.exceptions import InvalidRequestError
from tourlink.export import texts as t
from tourlink.export._common import Drive, Lunch, Place, Plan, from_itinerary, from_route
from tourlink.itinerary import Itinerary
from tourlink.messages import Ref, message
from tourlink.model import Route, Site
from tourlink.texts import field_ref
from tourlink.translations import Renderer

__all__ = ["itinerary_to_ical", "route_to_ical"]

PRODID = f"-//tourlink//tourlink {__version__}//EN"
#: Namespace of the uuid5 UIDs.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "tourlink")


def uid(plan: Plan, *parts: object) -> str:
    """Return the stable UID of one event of ``plan``: a uuid5 of the trip and ``parts``."""
    name = "|".join((plan.key, *(str(p) for p in parts)))
    return f"{uuid.uuid5(NAMESPACE, name)}@tourlink"


def _event(
    plan: Plan,
    key: tuple[object, ...],
    summary: str,
    where: Place,
    span: tuple[dt.datetime, dt.datetime | None],
    lines: list[str],
) -> Event:
    start, end = span
    event = Event()
    event.add("uid", uid(plan, *key))
    event.add("summary", summary)
    event.add("dtstart", start)
    if end is not None and end > start:
        event.add("dtend", end)
    event.add("location", where.location or where.label)
    event.add("geo", (where.lat, where.lon))
    text = "\n".join(line for line in lines if line)
    if text:
        event.add("description", text)
    return event


def _visit(plan: Plan, place: Place, index: int) -> Event | None:
    if place.arrive is None:
        return None
    lines = [plan(t.ICAL_DAY_PLACE, day=place.day, place=place.label)]
    if place.start is not None and place.start > place.arrive:
        lines.append(plan(t.ICAL_WAIT, time=f"{place.start:%H:%M}"))
    lines.extend(place.notes)
    return _event(
        plan,
        ("visit", place.day, index, place.id),
        plan(t.ICAL_VISIT, place=place.label),
        place,
        (place.arrive, place.depart),
        lines,
    )


def _drive(plan: Plan, drive: Drive) -> Event | None:
    if drive.depart is None or not (drive.legs or drive.geometry):
        return None
    arrive = drive.destination.arrive if drive.destination.arrive else drive.arrive
    locale = plan.say.locale if plan.say else "en"
    names = [plan.say.name(Ref("road", r, r)) for r in drive.roads] if plan.say else drive.roads
    roads = ", ".join(names) or plan(t.LOCAL_ROADS)
    lines = [
        plan(
            t.ICAL_DAY_DRIVE,
            day=drive.day,
            origin=drive.origin.label,
            destination=drive.destination.label,
        ),
        plan(
            t.ICAL_DRIVE_FACTS,
            km=t.number(drive.km, 1, locale),
            minutes=t.number(drive.minutes, 0, locale),
            roads=roads,
        ),
        *drive.notes,
    ]
    key = ("drive", drive.day, drive.index, drive.origin.id, drive.destination.id)
    return _event(
        plan,
        key,
        plan(t.ICAL_DRIVE, title=drive.title, km=t.number(drive.km, 0, locale)),
        drive.origin,
        (drive.depart, arrive),
        lines,
    )


def _lunch(plan: Plan, lunch: Lunch) -> Event:
    key = ("lunch", lunch.day, lunch.place.id)
    return _event(
        plan,
        key,
        plan(t.ICAL_LUNCH, place=lunch.place.label),
        lunch.place,
        (lunch.start, lunch.end),
        [plan(t.ICAL_DAY_LUNCH, day=lunch.day)],
    )


def _crossing(plan: Plan, place: Place) -> Event | None:
    if place.arrive is None:
        return None
    lines = [plan(t.ICAL_CROSSING_LINE, crossing=place.label), *place.notes]
    return _event(
        plan,
        ("crossing", place.day, place.id),
        plan(t.ICAL_CROSSING, crossing=place.label),
        place,
        (place.arrive, place.depart),
        lines,
    )


def _events(plan: Plan) -> list[tuple[int, Event]]:
    found: list[tuple[int, Event | None]] = []
    for index, place in enumerate(plan.places):
        if place.kind == "visit":
            found.append((place.day, _visit(plan, place, index)))
        elif place.kind == "crossing":
            found.append((place.day, _crossing(plan, place)))
    found.extend((drive.day, _drive(plan, drive)) for drive in plan.drives)
    found.extend((lunch.day, _lunch(plan, lunch)) for lunch in plan.lunches)
    events = [(day, event) for day, event in found if event is not None]
    events.sort(key=lambda pair: (pair[1].start, str(pair[1]["uid"])))
    return events


def _add_day_notes(events: list[tuple[int, Event]], plan: Plan) -> None:
    """Append each day's notes to the description of that day's first event."""
    seen: set[int] = set()
    for day, event in events:
        if day in seen or day > len(plan.day_notes) or not plan.day_notes[day - 1]:
            continue
        seen.add(day)
        text = "\n".join((str(event.get("description", "")), *plan.day_notes[day - 1]))
        event.pop("description", None)
        event.add("description", text.strip())


def render(plan: Plan, stamp: dt.datetime | None = None) -> bytes:
    """Return ``plan`` as an iCalendar document (UTF-8 bytes, CRLF line ends).

    ``stamp`` is the DTSTAMP of every event; now (UTC) when ``None``.
    """
    stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    events = _events(plan)
    _add_day_notes(events, plan)
    # Calendar-level TEXT properties are not escaped by icalendar 7: keep them on one line.
    calendar = Calendar.new(
        prodid=PRODID,
        name=plan.title,
        description=" ".join((plan.summary, *plan.warnings)),
        uid=uid(plan, "calendar").removesuffix("@tourlink"),
    )
    for _day, event in events:
        event.add("dtstamp", stamp)
        calendar.add_component(event)
    if events:
        days = [dt.date(e.start.year, e.start.month, e.start.day) for _day, e in events]
        calendar.add_missing_timezones(
            first_date=min(days) - dt.timedelta(days=1), last_date=max(days) + dt.timedelta(days=2)
        )
        # icalendar adds them in set order; sort by TZID so the output is reproducible.
        zones = sorted(calendar.timezones, key=lambda zone: str(zone.tz_name))
        rest = [c for c in calendar.subcomponents if c.name != "VTIMEZONE"]
        calendar.subcomponents[:] = [*zones, *rest]
    return bytes(calendar.to_ical())


def route_to_ical(
    route: Route,
    *,
    sites: Mapping[str, Site],
    stamp: dt.datetime | None = None,
    say: Renderer | None = None,
) -> bytes:
    """Return a timed ``route`` as iCalendar: the drive and any border crossings.

    Parameters
    ----------
    route
        The route; it must have a departure time.
    sites
        Site catalogue by id.
    stamp
        DTSTAMP of the events; now when ``None``.
    say
        Renders the event texts in the reader's language
        (:func:`tourlink.translations.renderer`); English when ``None``.

    Returns
    -------
    bytes
        The iCalendar text, UTF-8.

    Raises
    ------
    InvalidRequestError
        When the route has no departure time.
    """
    if route.depart is None:
        said = message(t.NO_DEPART, field=field_ref("depart"))
        raise InvalidRequestError(said, field="depart")
    return render(from_route(route, sites, say), stamp)


def itinerary_to_ical(
    itinerary: Itinerary,
    *,
    sites: Mapping[str, Site],
    stamp: dt.datetime | None = None,
    say: Renderer | None = None,
) -> bytes:
    """Return ``itinerary`` as iCalendar: one event per visit, drive and lunch break.

    Parameters
    ----------
    itinerary
        The planned trip.
    sites
        Site catalogue by id.
    stamp
        DTSTAMP of the events; now when ``None``.
    say
        Renders the event texts in the reader's language; English when ``None``.

    Returns
    -------
    bytes
        The iCalendar text, UTF-8.

    Raises
    ------
    UnknownSiteError
        When a site of the itinerary is not in ``sites``.
    """
    return render(from_itinerary(itinerary, sites, say), stamp)
