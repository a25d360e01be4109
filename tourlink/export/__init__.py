"""Export routes and itineraries as GPX, GeoJSON and iCalendar.

:func:`export` is the one front door for the web front end and the command line; the
format-specific functions are re-exported for library users.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from tourlink.exceptions import InvalidRequestError
from tourlink.export.geojson import itinerary_to_geojson, route_to_geojson
from tourlink.export.gpx import itinerary_to_gpx, route_to_gpx
from tourlink.export.ical import itinerary_to_ical, route_to_ical
from tourlink.itinerary import Itinerary
from tourlink.model import Route, Site
from tourlink.translations import Renderer

__all__ = [
    "FORMATS",
    "export",
    "itinerary_to_geojson",
    "itinerary_to_gpx",
    "itinerary_to_ical",
    "route_to_geojson",
    "route_to_gpx",
    "route_to_ical",
]

#: ``fmt`` → (MIME type, file extension).
FORMATS: Mapping[str, tuple[str, str]] = {
    "gpx": ("application/gpx+xml", "gpx"),
    "geojson": ("application/geo+json", "geojson"),
    "ics": ("text/calendar", "ics"),
}


def _body(
    obj: Route | Itinerary, fmt: str, sites: Mapping[str, Site], say: Renderer | None
) -> bytes:
    if fmt == "gpx":
        text = (
            route_to_gpx(obj, sites=sites, say=say)
            if isinstance(obj, Route)
            else itinerary_to_gpx(obj, sites=sites, say=say)
        )
        return text.encode("utf-8")
    if fmt == "geojson":
        data = (
            route_to_geojson(obj, sites=sites, say=say)
            if isinstance(obj, Route)
            else itinerary_to_geojson(obj, sites=sites, say=say)
        )
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    if isinstance(obj, Route):
        return route_to_ical(obj, sites=sites, say=say)
    return itinerary_to_ical(obj, sites=sites, say=say)


def export(
    obj: Route | Itinerary,
    fmt: str,
    *,
    sites: Mapping[str, Site],
    say: Renderer | None = None,
) -> tuple[bytes, str, str]:
    """Return ``obj`` in format ``fmt`` as ``(body, MIME type, file extension)``.

    Parameters
    ----------
    obj
        A route or an itinerary.
    fmt
        ``"gpx"``, ``"geojson"`` or ``"ics"``.
    sites
        Site catalogue by id.
    say
        Renders every warning, note and label in the reader's language:
        ``tourlink.translations.renderer("vi", network)`` for Vietnamese, ``"lo"`` for Lao
        (the network names the border gates); English when ``None``.

    Returns
    -------
    tuple of (bytes, str, str)
        The UTF-8 body, its MIME type and the file extension (without a dot).

    Raises
    ------
    InvalidRequestError
        When ``fmt`` is not a known format, or an untimed route is asked for as ``"ics"``.

    Examples
    --------
    >>> from tourlink.model import Route
    >>> route = Route("n-a", "n-b", "car", (), 0.0, 0.0, ((14.7053, 107.5622),
    ...               (14.7073, 107.5523)), ())
    >>> export(route, "geojson", sites={})[1:]
    ('application/geo+json', 'geojson')
    """
    if fmt not in FORMATS:
        raise InvalidRequestError(
            f"`fmt` must be one of {', '.join(FORMATS)}, got {fmt!r}.", field="fmt"
        )
    if not isinstance(obj, Route | Itinerary):
        raise InvalidRequestError(
            f"`obj` must be a Route or an Itinerary, got {type(obj).__name__}.", field="obj"
        )
    mime, extension = FORMATS[fmt]
    return _body(obj, fmt, sites, say), mime, extension
