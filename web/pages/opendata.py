"""The open-data feed of the published catalogue, as JSON and GeoJSON, cacheable by ETag."""

from __future__ import annotations

from flask import Blueprint, Response, request

from tourlink import __version__
from tourlink.opendata import catalogue_geojson, catalogue_json, etag, to_bytes
from tourlink_web.state import current

__all__ = ["bp"]

bp = Blueprint("opendata", __name__, url_prefix="/open-data")

_TYPES = {"json": "application/json", "geojson": "application/geo+json"}


def _feed(kind: str) -> Response:
    state = current()
    build = catalogue_json if kind == "json" else catalogue_geojson
    body = to_bytes(build(state.network, list(state.tours.values()), __version__))
    tag = etag(body)
    headers = {"ETag": tag, "Cache-Control": "public, max-age=3600"}
    if tag in {t.strip() for t in request.headers.get("If-None-Match", "").split(",")}:
        return Response(status=304, headers=headers)
    return Response(body, mimetype=_TYPES[kind], headers=headers)


@bp.get("/catalogue.json")
def catalogue() -> Response:
    """Return the published catalogue (sites and routes) as JSON."""
    return _feed("json")


@bp.get("/catalogue.geojson")
def catalogue_map() -> Response:
    """Return the published catalogue as a GeoJSON FeatureCollection."""
    return _feed("geojson")
