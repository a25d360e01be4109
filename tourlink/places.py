"""An operator's own places: their hotel, a restaurant, a meeting point, a site not catalogued.

An :class:`OwnPlace` is what an organisation stores: a name, a kind and coordinates.
:func:`check_place` validates the fields a person typed, naming every field at fault,
its value and what was expected (inside the region the network covers, for the
coordinates). :func:`with_places` returns a :class:`~tourlink.network.Network` in which
each place is a site joined to the nearest road node by an access road whose length is
**estimated** — the straight-line distance times :data:`DETOUR` — and flagged as such:
the site records it as an assumption, the access leg is called "estimated access road",
and :func:`estimated_access` gives the warning an itinerary visiting the place carries.

The catalogue is untouched: the new network shares the data's version and fingerprint
(a saved itinerary is not flagged "data changed" because an operator added a hotel), and
only the organisation's own requests and pages are given it.

Examples
--------
>>> from tourlink.read import load_network
>>> net = load_network()
>>> hotel = check_place(
...     {"slug": "indochine-hotel", "name": "Indochine Hotel", "kind": "hotel",
...      "lat": 14.3497, "lon": 108.0005}, network=net)
>>> ours = with_places(net, [hotel])
>>> site = ours.site("own-indochine-hotel")
>>> site.overnight, site.serves_food, ours.dataset.access[site.id].road
(True, True, 'estimated access road')
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from tourlink import texts
from tourlink.catalogue import Retirement
from tourlink.exceptions import InvalidRequestError
from tourlink.itinerary import Itinerary
from tourlink.messages import Message, Ref, define, message
from tourlink.model import MODES, Access, Assumption, Site
from tourlink.network import Network

__all__ = [
    "DETOUR",
    "KINDS",
    "MAX_ACCESS_KM",
    "PREFIX",
    "OwnPlace",
    "check_place",
    "estimated_access",
    "flag_estimated",
    "region_bounds",
    "with_places",
]

PREFIX = "own-"
"""Site ids of own places start with it, so they never clash with the catalogue's."""

KINDS = ("hotel", "restaurant", "meeting-point", "site")
"""What an own place is: a hotel sleeps and feeds, a restaurant feeds, a site is visited."""

DETOUR = 1.3
"""Road km per straight-line km assumed for an own place's access road."""

MAX_ACCESS_KM = 20.0
"""The farthest (straight line) an own place may lie from the network's nearest road node."""

_MARGIN = 0.1  # degrees the region's bounding box extends past its outermost node
_SOURCES = ("the organisation's own data (coordinates as entered)",)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

EMPTY = define("place.empty", "{field} must be 1 to {most} characters, got {value}.")
SLUG = define(
    "expected.slug",
    "1 to 60 lower-case letters, digits and single hyphens (e.g. 'riverside-hotel')",
)
HOURS = define("expected.opening-hours", "an opening_hours text")
BAD_HOURS = define(
    "place.bad-hours",
    "{field} must be an OpenStreetMap opening_hours text such as 'Mo-Su 07:00-21:00', "
    "got {value} ({error}).",
)
OUTSIDE = define(
    "place.outside",
    "`lat`, `lon` must lie in the region the road network covers (latitude {south} to "
    "{north}, longitude {west} to {east}), got {lat}, {lon}.",
)
FAR = define(
    "place.far",
    "`lat`, `lon` must lie within {limit} km of a road of the network, got {lat}, {lon}: "
    "{km} km from the nearest ({node}).",
)


def _between(low: float, high: float) -> Message:
    return message(texts.NUMBER_BETWEEN, low=str(low), high=str(high))


ESTIMATED = define(
    "own-place.estimated-access",
    "The access to {site} is estimated, not measured: {km} km by road from {node} "
    "(the straight line × {detour}); check the way in before the trip.",
)


@dataclass(frozen=True, slots=True)
class OwnPlace:
    """A place an organisation added itself.

    Attributes
    ----------
    slug
        Its id within the organisation (lower-case words and hyphens).
    name
        Its name as the organisation writes it.
    kind
        One of :data:`KINDS`.
    lat, lon
        WGS84 position in degrees.
    visit_minutes
        How long a stop there lasts.
    opening_hours
        OpenStreetMap ``opening_hours`` expression.
    retired_on
        When the organisation removed it (saved itineraries still find it).
    """

    slug: str
    name: str
    kind: str
    lat: float
    lon: float
    visit_minutes: int = 60
    opening_hours: str = "24/7"
    retired_on: dt.date | None = None

    @property
    def site_id(self) -> str:
        """The id it has as a site of the network."""
        return PREFIX + self.slug


def region_bounds(network: Network) -> tuple[float, float, float, float]:
    """Return ``(south, west, north, east)``: the box of the network's nodes, padded."""
    lats = [n.lat for n in network.dataset.nodes.values()]
    lons = [n.lon for n in network.dataset.nodes.values()]
    return (
        round(min(lats) - _MARGIN, 2),
        round(min(lons) - _MARGIN, 2),
        round(max(lats) + _MARGIN, 2),
        round(max(lons) + _MARGIN, 2),
    )


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def _nearest_node(network: Network, lat: float, lon: float) -> tuple[str, float]:
    """Return the road node nearest to ``(lat, lon)`` reachable by car, and its distance."""
    g = network.G
    best: tuple[float, str] | None = None
    for node in network.dataset.nodes.values():
        if not any(d.get("minutes_car") is not None for d in g[node.id].values()):
            continue
        km = _km(lat, lon, node.lat, node.lon)
        if best is None or (km, node.id) < best:
            best = (km, node.id)
    assert best is not None, "a network without a road"
    return best[1], best[0]


def _number(
    fields: Mapping[str, Any], name: str, low: float, high: float, problems: list[Message]
) -> float:
    value = fields.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        problems.append(texts.bad_value(name, value, _between(low, high)))
        return math.nan
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not low <= number <= high:  # also NaN
        problems.append(texts.bad_value(name, value, _between(low, high)))
        return math.nan
    return number


def _text(fields: Mapping[str, Any], name: str, most: int, problems: list[Message]) -> str:
    value = fields.get(name, "")
    if not isinstance(value, str) or not 1 <= len(value.strip()) <= most:
        if isinstance(value, str) and value:
            problems.append(
                message(texts.LENGTH, field=texts.field_ref(name), most=most, size=len(value))
            )
        else:
            problems.append(
                message(EMPTY, field=texts.field_ref(name), most=most, value=repr(value))
            )
        return ""
    return value.strip()


def _checked_fields(fields: Mapping[str, Any], problems: list[Message]) -> dict[str, Any]:
    slug = fields.get("slug", "")
    if not isinstance(slug, str) or not _SLUG.match(slug) or len(slug) > 60:
        problems.append(texts.bad_value("slug", slug, message(SLUG)))
    kind = fields.get("kind", "")
    if kind not in KINDS:
        problems.append(
            texts.bad_value("kind", kind, message(texts.ONE_OF, choices=", ".join(KINDS)))
        )
    minutes = fields.get("visit_minutes", 60)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= 720:
        problems.append(
            texts.bad_value("visit_minutes", minutes, message(texts.WHOLE_FROM, low=0, high=720))
        )
    hours = fields.get("opening_hours", "24/7")
    if not isinstance(hours, str) or not 1 <= len(hours) <= 200:
        problems.append(texts.bad_value("opening_hours", hours, message(HOURS)))
    else:
        from tourlink.hours import parse

        try:
            parse(hours)
        except ValueError as exc:
            problems.append(
                message(
                    BAD_HOURS,
                    field=texts.field_ref("opening_hours"),
                    value=repr(hours),
                    error=str(exc),
                )
            )
    return {"slug": slug, "kind": kind, "visit_minutes": minutes, "opening_hours": hours}


def check_place(fields: Mapping[str, Any], *, network: Network) -> OwnPlace:
    """Return the place ``fields`` describe, or raise naming every field at fault.

    Parameters
    ----------
    fields
        ``slug``, ``name``, ``kind``, ``lat``, ``lon`` and optionally ``visit_minutes``
        and ``opening_hours``.
    network
        The network the place must lie in (its bounding box, and within
        :data:`MAX_ACCESS_KM` of one of its road nodes).

    Raises
    ------
    InvalidRequestError
        One sentence per fault (field, value, what was expected); ``field`` is the first.
    """
    problems: list[Message] = []
    name = _text(fields, "name", 100, problems)
    lat = _number(fields, "lat", -90.0, 90.0, problems)
    lon = _number(fields, "lon", -180.0, 180.0, problems)
    rest = _checked_fields(fields, problems)
    if not (math.isnan(lat) or math.isnan(lon)):
        south, west, north, east = region_bounds(network)
        if not (south <= lat <= north and west <= lon <= east):
            problems.append(
                message(
                    OUTSIDE,
                    south=south,
                    north=north,
                    west=west,
                    east=east,
                    lat=str(lat),
                    lon=str(lon),
                )
            )
        else:
            node, km = _nearest_node(network, lat, lon)
            if km > MAX_ACCESS_KM:
                problems.append(
                    message(
                        FAR,
                        limit=round(MAX_ACCESS_KM),
                        lat=str(lat),
                        lon=str(lon),
                        km=round(km, 1),
                        node=str(network.G.nodes[node].get("name") or node),
                    )
                )
    if problems:
        first = next(iter(problems[0].params.values()))
        field = first.id if isinstance(first, Ref) else "lat"
        said = problems[-1]
        for earlier in reversed(problems[:-1]):
            said = message(texts.SENTENCES, first=earlier, then=said)
        raise InvalidRequestError(said, field=field)
    return OwnPlace(name=name, lat=lat, lon=lon, **rest)


def _site(place: OwnPlace, network: Network, node: str, km: float) -> Site:
    near = min(
        network.sites.values(), key=lambda s: (_km(place.lat, place.lon, s.lat, s.lon), s.id)
    )
    road_km = round(km * DETOUR, 1)
    assumed = Assumption(
        "access",
        f"own place of the organisation; access road estimated as {road_km} km to {node} "
        f"(straight line × {DETOUR}), not measured",
    )
    return Site(
        id=place.site_id,
        name=place.name,
        name_en=place.name,
        lat=place.lat,
        lon=place.lon,
        country=network.dataset.nodes[node].country,
        zone=near.zone,
        region=near.region,
        admin=near.admin,
        admin_former=near.admin_former,
        kind="attraction",
        categories=("own-place",) if place.kind != "site" else ("own-place", "culture"),
        visit_minutes=place.visit_minutes,
        opening_hours=place.opening_hours,
        interest=5.0 if place.kind == "site" else 0.0,
        interest_reason="the organisation's own place",
        description="",
        description_en="",
        overnight=place.kind == "hotel",
        serves_food=place.kind in ("hotel", "restaurant"),
        sources=_SOURCES,
        timezone=near.timezone,
        name_lo=place.name,
        assumptions=(assumed,),
        retired=None
        if place.retired_on is None
        else Retirement(place.retired_on, "removed by the organisation", _SOURCES),
    )


def with_places(network: Network, places: Iterable[OwnPlace]) -> Network:
    """Return ``network`` with each place joined to its nearest road node (estimated access).

    The result has the same data version and fingerprint; ``network`` is unchanged.
    """
    places = list(places)
    if not places:
        return network
    ds = network.dataset
    sites = dict(ds.sites)
    access = dict(ds.access)
    for place in places:
        node, km = _nearest_node(network, place.lat, place.lon)
        site = _site(place, network, node, km)
        sites[site.id] = site
        access[site.id] = Access(
            site=site.id,
            node=node,
            km=round(km * DETOUR, 2),
            modes=frozenset(MODES),
            road="estimated access road",
        )
    dataset = dataclasses.replace(
        ds, sites=MappingProxyType(sites), access=MappingProxyType(access)
    )
    return Network(dataset)


def estimated_access(network: Network, site_id: str) -> Message | None:
    """Return the warning that the access to own place ``site_id`` is estimated (else None)."""
    if not site_id.startswith(PREFIX) or site_id not in network.sites:
        return None
    site = network.site(site_id)
    access = network.dataset.access[site_id]
    node = network.dataset.nodes[access.node]
    return message(
        ESTIMATED,
        site=Ref("site", site_id, site.name),
        km=access.km,
        node=Ref("site", node.id, node.name or node.id),
        detour=DETOUR,
    )


def flag_estimated(itinerary: Itinerary, network: Network) -> Itinerary:
    """Return ``itinerary`` warning about every own place it uses whose access is estimated."""
    used = [itinerary.request.start, *(itinerary.request.end or "",)]
    for day in itinerary.days:
        used += [s.site for s in day.stops] + [day.overnight]
    found = [estimated_access(network, s) for s in dict.fromkeys(used)]
    new = [m for m in found if m is not None and m not in itinerary.warnings]
    if not new:
        return itinerary
    return dataclasses.replace(itinerary, warnings=(*itinerary.warnings, *new))
