"""Presentation helpers: labels, durations, JSON for the API and data for the maps.

Nothing here computes a route or a plan; it only reshapes library objects for display.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tourlink import translations
from tourlink.itinerary import Itinerary
from tourlink.messages import Ref
from tourlink.model import ZONES, CrossingPass, Route, Site
from tourlink_web import i18n
from tourlink_web.state import current

__all__ = [
    "CATEGORY_LABELS",
    "COLOURS",
    "COUNTRY_LABELS",
    "KIND_LABELS",
    "MODE_LABELS",
    "ZONE_LABELS",
    "colour_class",
    "crossing_label",
    "crossing_name",
    "document_names",
    "duration",
    "hours_text",
    "itinerary_map",
    "route_map",
    "route_to_dict",
    "site_name",
    "site_text",
    "site_to_dict",
    "sites_map",
]

#: Colours of the days / alternatives on the maps (WCAG AA on white for lines ≥ 3 px).
COLOURS = ("#1f5fbf", "#c0392b", "#1e8449", "#8e44ad", "#b9770e", "#117a8b", "#6d4c41", "#d81b60")
ZONE_COLOURS = dict(zip(ZONES, COLOURS, strict=False))


def colour_class(index: int) -> str:
    """Return the CSS class of the ``index``-th colour (``static/*.css`` define ``colour-N``).

    Classes rather than ``style`` attributes: the Content-Security-Policy allows no inline
    style.
    """
    return f"colour-{index % len(COLOURS)}"


ZONE_LABELS = {
    "kon-tum-city": _l("Kon Tum city"),
    "mang-den": _l("Măng Đen eco-tourism area"),
    "bo-y": _l("Bờ Y border gate and the tri-border junction"),
    "southern-laos": _l("Southern Laos"),
    "gateways": _l("Gateway cities"),
}
ZONE_BLURBS = {
    "kon-tum-city": _l(
        "Wooden church, Bahnar communal houses, history museums and the Đắk Bla river."
    ),
    "mang-den": _l("Pine forests, lakes and waterfalls on the cool Kon Plông plateau."),
    "bo-y": _l("The international border gate to Laos and the point where three countries meet."),
    "southern-laos": _l(
        "Attapeu, Sekong, Salavan and Champasak: waterfalls, the Bolaven plateau, Wat Phou."
    ),
    "gateways": _l("Pleiku, Quảng Ngãi, Đà Nẵng, Hội An and Buôn Ma Thuột: airports and railways."),
}
CATEGORY_LABELS = {
    "culture": _l("Culture"),
    "history": _l("History"),
    "nature": _l("Nature"),
    "ethnic-village": _l("Ethnic village"),
    "religion": _l("Religion"),
    "border-market": _l("Border market"),
    "viewpoint": _l("Viewpoint"),
    "waterfall": _l("Waterfall"),
    "museum": _l("Museum"),
    "food": _l("Food"),
    "adventure": _l("Adventure"),
    "town": _l("Town"),
}
COUNTRY_LABELS = {"VN": _l("Vietnam"), "LA": _l("Laos"), "KH": _l("Cambodia")}
KIND_LABELS = {"attraction": _l("Attraction"), "town": _l("Town"), "gateway": _l("Gateway city")}
MODE_LABELS = {"car": _l("Car"), "motorbike": _l("Motorbike"), "coach": _l("Coach")}


def site_text(site: Site, field: str, lang: str) -> tuple[str, str]:
    """Return a site's ``"name"`` or ``"description"`` in ``lang`` and the language it is in.

    See :func:`tourlink.translations.site_text` (the rule, written once for every layer).
    """
    return translations.site_text(site, field, lang)


def site_name(site: Site, lang: str) -> str:
    """Return the site's name in ``lang`` (see :func:`tourlink.translations.site_name`)."""
    return translations.site_name(site, lang)


def duration(minutes: float) -> str:
    """Return a duration such as ``"3 h 05 min"`` in the current language."""
    total = round(minutes)
    hours, mins = divmod(total, 60)
    if hours == 0:
        return str(_("%(m)d min", m=mins))
    return str(_("%(h)d h %(m)02d min", h=hours, m=mins))


def site_to_dict(site: Site) -> dict[str, Any]:
    """Return every field of ``site`` as JSON-ready data."""
    data = dataclasses.asdict(site)
    data["categories"] = list(site.categories)
    data["sources"] = list(site.sources)
    data["assumptions"] = [dataclasses.asdict(a) for a in site.assumptions]
    return data


def _crossing_to_dict(passed: CrossingPass) -> dict[str, Any]:
    crossing = passed.crossing
    return {
        "id": crossing.id,
        "name": crossing.name,
        "direction": list(passed.direction),
        "arrive": passed.arrive.isoformat(timespec="minutes") if passed.arrive else None,
        "depart": passed.depart.isoformat(timespec="minutes") if passed.depart else None,
        "waited_minutes": round(passed.waited_minutes, 1),
        "opening_hours": crossing.opening_hours,
        "formalities_minutes": crossing.formalities_minutes,
        "traveller_documents": document_names(crossing.traveller_documents),
        "vehicle_documents": document_names(crossing.vehicle_documents),
        "notes": i18n.texts(passed.notes),
        "note_messages": i18n.dicts(passed.notes),
    }


def crossing_name(crossing: Any) -> str:
    """Return a border crossing's name in the current request's language."""
    return i18n.renderer().name(Ref("crossing", crossing.id, crossing.name))


def crossing_label(crossing_id: str) -> str:
    """Return the name of the crossing ``crossing_id`` in the current request's language."""
    crossing = current().network.dataset.crossings.get(crossing_id)
    return crossing_name(crossing) if crossing is not None else crossing_id


def hours_text(expr: str) -> str:
    """Return OpenStreetMap opening hours in words in the current request's language."""
    from tourlink.hours import describe

    return describe(expr, lang=i18n.current_language())


def document_names(documents: Iterable[str]) -> list[str]:
    """Return the data's border papers in the current request's language."""
    name = i18n.renderer().name
    return [name(Ref("document", text, text)) for text in documents]


def route_to_dict(route: Route) -> dict[str, Any]:
    """Return ``route`` as JSON-ready data (``geometry`` is ``[lat, lon]`` pairs)."""
    return {
        "from": route.origin,
        "to": route.destination,
        "mode": route.mode,
        "km": round(route.km, 1),
        "minutes": round(route.minutes, 1),
        "roads": list(route.roads),
        "depart": route.depart.isoformat(timespec="minutes") if route.depart else None,
        "arrive": route.arrive.isoformat(timespec="minutes") if route.arrive else None,
        "legs": [
            {
                "road": leg.road,
                "from": leg.source,
                "to": leg.target,
                "km": round(leg.km, 1),
                "minutes": round(leg.minutes, 1),
                "road_class": leg.road_class,
                "mountain_pass": leg.mountain_pass,
                "seasonal_risks": i18n.texts(leg.seasonal_risks),
            }
            for leg in route.legs
        ],
        "crossings": [_crossing_to_dict(c) for c in route.crossings],
        "warnings": i18n.texts(route.warnings),
        "warning_messages": i18n.dicts(route.warnings),
        "geometry": [[lat, lon] for lat, lon in route.geometry],
    }


def _marker(
    site: Site, lang: str, *, colour: str = COLOURS[0], number: str = "", url: str | None = None
) -> dict[str, Any]:
    return {
        "lat": site.lat,
        "lon": site.lon,
        "label": site_name(site, lang),
        "url": url_for("sites.site", site_id=site.id) if url is None else url,
        "colour": colour,
        "number": number,
    }


_URL_SAFE = "!$&'()*+,/:;=@"  # what werkzeug's string converter leaves unquoted


def _site_urls() -> Any:
    """Return a function giving a site page's URL: ``url_for`` once, then quoted as it quotes."""
    stem = url_for("sites.site", site_id="x")[:-1]
    return lambda site_id: stem + quote(site_id, safe=_URL_SAFE)


def sites_map(sites: Iterable[Site], lang: str, *, by_zone: bool = False) -> dict[str, Any]:
    """Return map data showing ``sites`` as markers (coloured by zone if ``by_zone``)."""
    markers = [
        _marker(s, lang, colour=ZONE_COLOURS.get(s.zone, COLOURS[0]) if by_zone else COLOURS[0])
        for s in sites
    ]
    return {"markers": markers, "lines": []}


def route_map(routes: Iterable[Route], sites: Mapping[str, Site], lang: str) -> dict[str, Any]:
    """Return map data for one or more routes (alternatives in their own colours)."""
    lines, markers = [], []
    for index, route in enumerate(routes):
        colour = COLOURS[index % len(COLOURS)]
        lines.append(
            {
                "coords": [list(p) for p in route.geometry],
                "colour": colour,
                "label": _("Route %(n)d", n=index + 1),
            }
        )
        if index == 0:
            for end, number in ((route.origin, "A"), (route.destination, "B")):
                if end in sites:
                    markers.append(_marker(sites[end], lang, colour=colour, number=number))
    return {"markers": markers, "lines": lines}


def itinerary_map(itinerary: Itinerary, sites: Mapping[str, Site], lang: str) -> dict[str, Any]:
    """Return map data: each day's drives as one line in the day's colour, stops numbered."""
    lines, markers = [], []
    urls = _site_urls()
    for index, day in enumerate(itinerary.days):
        colour = COLOURS[index % len(COLOURS)]
        coords: list[list[float]] = []
        for drive in day.drives:
            for leg in drive:
                coords.extend([lat, lon] for lat, lon in leg.geometry)
        if coords:
            lines.append({"coords": coords, "colour": colour, "label": _("Day %(n)d", n=index + 1)})
        for number, stop in enumerate(day.stops, start=1):
            at = f"{index + 1}.{number}"
            markers.append(
                _marker(sites[stop.site], lang, colour=colour, number=at, url=urls(stop.site))
            )
        night = sites[day.overnight]
        markers.append(_marker(night, lang, colour=colour, number="★", url=urls(night.id)))
    return {"markers": markers, "lines": lines}
