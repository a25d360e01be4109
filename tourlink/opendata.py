"""The open-data feed of the published catalogue: sites and routes, as JSON and GeoJSON.

Both documents carry the licence, the sources and the data version, and are built
deterministically (sorted keys), so that their hash is a stable ``ETag``: a client that
sends it back in ``If-None-Match`` is told nothing changed. Only published routes are
given (the caller passes them).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tourlink.model import Site
    from tourlink.network import Network
    from tourlink.tours import Tour

__all__ = ["FEED_FORMAT", "LICENCE", "catalogue_geojson", "catalogue_json", "etag", "to_bytes"]

FEED_FORMAT = "tourlink-open-data/1"
#: The licence the catalogue is published under (the project's: LICENSE in the repository).
LICENCE = {
    "name": "MIT",
    "url": "https://opensource.org/license/mit",
    "attribution": "tourlink contributors; each record lists the sources it was compiled from",
}


def _site(site: Site) -> dict[str, Any]:
    return {
        "id": site.id,
        "name": site.name,
        "name_en": site.name_en,
        "name_lo": site.name_lo,
        "lat": site.lat,
        "lon": site.lon,
        "country": site.country,
        "zone": site.zone,
        "kind": site.kind,
        "categories": list(site.categories),
        "opening_hours": site.opening_hours,
        "overnight": site.overnight,
        "description": site.description,
        "description_en": site.description_en,
        "sources": list(site.sources),
    }


def _route(tour: Tour) -> dict[str, Any]:
    return {
        "id": tour.id,
        "name": tour.name,
        "name_en": tour.name_en,
        "days": tour.days,
        "zones": list(tour.zones),
        "publisher": tour.publisher,
        "sources": list(tour.sources),
        "stops": [
            {"site": s.site, "day": s.day, "minutes": s.minutes, "note": s.note} for s in tour.stops
        ],
    }


def _head(network: Network, version: str) -> dict[str, Any]:
    return {
        "format": FEED_FORMAT,
        "licence": LICENCE,
        "data_version": network.dataset.version,
        "generator": f"tourlink {version}",
        "sources": "Every site and route lists its own sources (field 'sources').",
    }


def catalogue_json(network: Network, routes: Sequence[Tour], version: str) -> dict[str, Any]:
    """Return the catalogue feed: header, every site, every published route.

    Examples
    --------
    >>> from tourlink.read import load_network
    >>> from tourlink.tours import load_tours
    >>> feed = catalogue_json(load_network(), load_tours(), "0")
    >>> feed["format"], feed["licence"]["name"], len(feed["routes"]) >= 6
    ('tourlink-open-data/1', 'MIT', True)
    """
    sites = [_site(s) for _, s in sorted(network.sites.items())]
    return {**_head(network, version), "sites": sites, "routes": [_route(t) for t in routes]}


def catalogue_geojson(network: Network, routes: Sequence[Tour], version: str) -> dict[str, Any]:
    """Return the catalogue as a GeoJSON FeatureCollection (RFC 7946, lon-lat order).

    Sites are ``Point`` features, routes ``LineString`` features through their stops in
    order; the header's fields are foreign members of the collection.
    """
    features: list[dict[str, Any]] = []
    for _, site in sorted(network.sites.items()):
        props = {k: v for k, v in _site(site).items() if k not in ("lat", "lon")}
        geometry = {"type": "Point", "coordinates": [site.lon, site.lat]}
        features.append(
            {
                "type": "Feature",
                "id": f"site/{site.id}",
                "geometry": geometry,
                "properties": {"type": "site", **props},
            }
        )
    for tour in routes:
        line = [[network.site(s.site).lon, network.site(s.site).lat] for s in tour.stops]
        props = {k: v for k, v in _route(tour).items() if k != "stops"}
        props["stops"] = [s.site for s in tour.stops]
        features.append(
            {
                "type": "Feature",
                "id": f"route/{tour.id}",
                "geometry": {"type": "LineString", "coordinates": line},
                "properties": {"type": "route", **props},
            }
        )
    return {"type": "FeatureCollection", **_head(network, version), "features": features}


def to_bytes(document: dict[str, Any]) -> bytes:
    """Return ``document`` as canonical UTF-8 JSON (sorted keys, no extra spaces)."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def etag(body: bytes) -> str:
    """Return the strong ``ETag`` of ``body`` (a quoted SHA-256 prefix).

    Examples
    --------
    >>> etag(b"{}")
    '"44136fa355b3678a1146ad16f7e8649e"'
    """
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
