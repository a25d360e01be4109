"""Export routes and itineraries as GPX 1.1 (for GPS units and map apps).

Waypoints mark the start, every visit, every overnight stay, the end and the border gates;
each day (or the route) becomes one track with one segment per drive, following the road
geometry. All times are written in UTC (``xsd:dateTime`` ending in ``Z``), as GPX requires.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import gpxpy.gpx

from tourlink.export import texts as t
from tourlink.export._common import Drive, Place, Plan, from_itinerary, from_route
from tourlink.itinerary import Itinerary
from tourlink.messages import Ref
from tourlink.model import Route, Site
from tourlink.translations import Renderer

__all__ = ["itinerary_to_gpx", "route_to_gpx"]

CREATOR = "tourlink"

#: GPX ``<sym>`` per place kind (Garmin symbol names, understood by most apps).
SYMBOLS = {
    "start": "Flag, Green",
    "visit": "Scenic Area",
    "overnight": "Lodging",
    "end": "Flag, Red",
    "crossing": "Crossing",
}


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.astimezone(dt.UTC)


def _clock(moment: dt.datetime) -> str:
    offset = moment.strftime("%z")
    return f"{moment:%Y-%m-%d %H:%M} (UTC{offset[:3]}:{offset[3:]})"


def _sentence(parts: list[str]) -> str:
    return "; ".join(part.rstrip(".") for part in parts if part) + "."


def _place_desc(plan: Plan, place: Place) -> str:
    kind = t.KIND_DAY.get(place.kind)
    parts = [plan(kind, day=place.day) if kind else f"{place.day}, {place.kind}"]
    if place.name_en and place.name_en != place.name and place.name_en in place.label:
        parts.append(place.name_en)
    if place.arrive is not None:
        parts.append(plan(t.ARRIVE, time=_clock(place.arrive)))
    if place.start is not None and place.start != place.arrive:
        parts.append(plan(t.VISIT_STARTS, time=_clock(place.start)))
    if place.depart is not None:
        parts.append(plan(t.LEAVE, time=_clock(place.depart)))
    parts.extend(place.notes)
    return _sentence(parts)


def _waypoint(plan: Plan, place: Place) -> gpxpy.gpx.GPXWaypoint:
    return gpxpy.gpx.GPXWaypoint(
        latitude=place.lat,
        longitude=place.lon,
        time=_utc(place.arrive or place.depart),
        name=place.label,
        description=_place_desc(plan, place),
        symbol=SYMBOLS.get(place.kind),
        type=place.kind,
    )


def _segment(drive: Drive) -> gpxpy.gpx.GPXTrackSegment:
    segment = gpxpy.gpx.GPXTrackSegment()
    last = len(drive.geometry) - 1
    for i, (lat, lon) in enumerate(drive.geometry):
        moment = drive.depart if i == 0 else drive.arrive if i == last else None
        segment.points.append(gpxpy.gpx.GPXTrackPoint(lat, lon, time=_utc(moment)))
    return segment


def _track(
    plan: Plan, number: int, drives: list[Drive], notes: tuple[str, ...]
) -> gpxpy.gpx.GPXTrack:
    locale = plan.say.locale if plan.say else "en"
    km = t.number(sum(d.km for d in drives), 1, locale)
    minutes = t.number(sum(d.minutes for d in drives), 0, locale)
    roads = list(dict.fromkeys(road for d in drives for road in d.roads))
    names = [plan.say.name(Ref("road", r, r)) for r in roads] if plan.say else roads
    desc = [
        plan(t.DRIVE_TOTALS, km=km, minutes=minutes),
        plan(t.ROADS, roads=", ".join(names) or plan(t.NO_ROADS)),
    ]
    desc.extend(note for d in drives for note in d.notes)
    desc.extend(notes)
    title = f"{drives[0].origin.label} → {drives[-1].destination.label}"
    track = gpxpy.gpx.GPXTrack(
        name=plan(t.TRACK, day=number, title=title), description=_sentence(desc), number=number
    )
    track.segments.extend(_segment(d) for d in drives)
    return track


def render(plan: Plan, stamp: dt.datetime | None = None) -> str:
    """Return ``plan`` as a GPX 1.1 document.

    Parameters
    ----------
    plan
        The places and drives to write.
    stamp
        Creation time written in the metadata; now when ``None``.

    Returns
    -------
    str
        The GPX XML text.
    """
    gpx = gpxpy.gpx.GPX()
    gpx.creator = CREATOR
    gpx.name = plan.title
    gpx.description = " ".join((plan.summary, *plan.warnings))
    gpx.time = _utc(stamp) or dt.datetime.now(dt.UTC).replace(microsecond=0)
    gpx.waypoints.extend(_waypoint(plan, place) for place in plan.places)
    by_day: dict[int, list[Drive]] = {}
    for drive in plan.drives:
        if len(drive.geometry) >= 2:
            by_day.setdefault(drive.day, []).append(drive)
    for number, drives in sorted(by_day.items()):
        notes = plan.day_notes[number - 1] if number <= len(plan.day_notes) else ()
        gpx.tracks.append(_track(plan, number, drives, notes))
    return str(gpx.to_xml(version="1.1"))


def route_to_gpx(
    route: Route,
    *,
    sites: Mapping[str, Site],
    stamp: dt.datetime | None = None,
    say: Renderer | None = None,
) -> str:
    """Return ``route`` as GPX 1.1: waypoints at both ends and border gates, one track.

    Parameters
    ----------
    route
        The route; its legs give the track geometry.
    sites
        Site catalogue by id (for names, positions and time zones).
    stamp
        Creation time for the metadata; now when ``None``.
    say
        Renders the names, labels, notes and warnings in the reader's language
        (:func:`tourlink.translations.renderer`); English when ``None``.

    Returns
    -------
    str
        The GPX XML text, times in UTC.

    Raises
    ------
    UnknownSiteError
        When an end of the route is neither in ``sites`` nor has geometry.

    Examples
    --------
    >>> from tourlink.model import Route
    >>> route = Route("n-a", "n-b", "car", (), 0.0, 0.0, ((14.7053, 107.5622),
    ...               (14.7073, 107.5523)), ())
    >>> "<trk>" in route_to_gpx(route, sites={})
    True
    """
    return render(from_route(route, sites, say), stamp)


def itinerary_to_gpx(
    itinerary: Itinerary,
    *,
    sites: Mapping[str, Site],
    stamp: dt.datetime | None = None,
    say: Renderer | None = None,
) -> str:
    """Return ``itinerary`` as GPX 1.1: a waypoint per place, one track per day of driving.

    Parameters
    ----------
    itinerary
        The planned trip.
    sites
        Site catalogue by id.
    stamp
        Creation time for the metadata; now when ``None``.
    say
        Renders the names, labels, notes and warnings in the reader's language; English
        when ``None``.

    Returns
    -------
    str
        The GPX XML text, times in UTC.

    Raises
    ------
    UnknownSiteError
        When a site of the itinerary is not in ``sites``.
    """
    return render(from_itinerary(itinerary, sites, say), stamp)
