"""Export routes and itineraries as GeoJSON (RFC 7946) FeatureCollections.

Positions are ``[longitude, latitude]`` rounded to 6 decimals (about 0.1 m), there is no
``crs`` member (RFC 7946 removed it: coordinates are WGS84), LineStrings hold at least two
positions and never the same position twice in a row. Times are ISO 8601 with the local
UTC offset.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from tourlink.export._common import Drive, Place, Plan, from_itinerary, from_route
from tourlink.itinerary import Itinerary
from tourlink.model import Route, Site
from tourlink.translations import Renderer

__all__ = ["itinerary_to_geojson", "route_to_geojson"]

PRECISION = 6


def position(lat: float, lon: float) -> list[float]:
    """Return the RFC 7946 position ``[lon, lat]``, rounded to 6 decimals.

    >>> position(14.3466, 108.0093)
    [108.0093, 14.3466]
    """
    return [round(lon, PRECISION), round(lat, PRECISION)]


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _point(place: Place, notes: Sequence[str]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": position(place.lat, place.lon)},
        "properties": {
            "id": place.id,
            "name": place.name,
            "name_en": place.name_en,
            "kind": place.kind,
            "day": place.day,
            "arrive": _iso(place.arrive),
            "start": _iso(place.start),
            "depart": _iso(place.depart),
            "timezone": place.timezone,
            "notes": [*place.notes, *notes],
        },
    }


def _line(drive: Drive) -> dict[str, Any] | None:
    coordinates: list[list[float]] = []
    for lat, lon in drive.geometry:
        pos = position(lat, lon)
        if not coordinates or coordinates[-1] != pos:
            coordinates.append(pos)
    if len(coordinates) < 2:
        return None
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": coordinates},
        "properties": {
            "day": drive.day,
            "index": drive.index,
            "from": drive.origin.id,
            "to": drive.destination.id,
            "km": round(drive.km, 1),
            "minutes": round(drive.minutes),
            "roads": list(drive.roads),
            "depart": _iso(drive.depart),
            "arrive": _iso(drive.arrive),
            "colour": drive.day - 1,
            "notes": list(drive.notes),
        },
    }


def _bbox(features: list[dict[str, Any]]) -> list[float]:
    points: list[list[float]] = []
    for feature in features:
        geometry = feature["geometry"]
        if geometry["type"] == "Point":
            points.append(geometry["coordinates"])
        else:
            points.extend(geometry["coordinates"])
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return [min(lons), min(lats), max(lons), max(lats)]


def render(plan: Plan) -> dict[str, Any]:
    """Return ``plan`` as a GeoJSON FeatureCollection (a JSON-ready ``dict``).

    Point features come first, in trip order (``properties.kind`` is ``start``, ``visit``,
    ``overnight``, ``end`` or ``crossing``), then one LineString per drive;
    ``properties.colour`` is a 0-based index per day for a map palette.
    """
    points = []
    for place in plan.places:
        notes: tuple[str, ...] = ()
        if place.kind in ("overnight", "end") and place.day <= len(plan.day_notes):
            notes = plan.day_notes[place.day - 1]
        points.append(_point(place, notes))
    lines = [f for f in (_line(d) for d in plan.drives) if f is not None]
    features = [*points, *lines]
    collection: dict[str, Any] = {"type": "FeatureCollection"}
    if features:
        collection["bbox"] = _bbox(features)
    collection["features"] = features
    collection["title"] = plan.title
    collection["summary"] = plan.summary
    collection["warnings"] = list(plan.warnings)
    return collection


def route_to_geojson(
    route: Route, *, sites: Mapping[str, Site], say: Renderer | None = None
) -> dict[str, Any]:
    """Return ``route`` as an RFC 7946 FeatureCollection.

    Parameters
    ----------
    route
        The route.
    sites
        Site catalogue by id.
    say
        Renders the title, summary, notes and warnings in the reader's language
        (:func:`tourlink.translations.renderer`); English when ``None``.

    Returns
    -------
    dict
        Points for both ends and the border gates, one LineString for the drive
        (omitted when the route has fewer than two distinct positions).

    Examples
    --------
    >>> from tourlink.model import Route
    >>> route = Route("n-a", "n-b", "car", (), 0.0, 0.0, ((14.7053, 107.5622),
    ...               (14.7073, 107.5523)), ())
    >>> route_to_geojson(route, sites={})["features"][-1]["geometry"]["coordinates"]
    [[107.5622, 14.7053], [107.5523, 14.7073]]
    """
    return render(from_route(route, sites, say))


def itinerary_to_geojson(
    itinerary: Itinerary, *, sites: Mapping[str, Site], say: Renderer | None = None
) -> dict[str, Any]:
    """Return ``itinerary`` as an RFC 7946 FeatureCollection.

    Parameters
    ----------
    itinerary
        The planned trip.
    sites
        Site catalogue by id.
    say
        Renders the title, summary, notes and warnings in the reader's language; English
        when ``None``.

    Returns
    -------
    dict
        A Point per place in trip order, a LineString per drive with ``day``, ``km``,
        ``minutes``, ``roads`` and ``colour`` properties; zero-length drives are left out.
    """
    return render(from_itinerary(itinerary, sites, say))
