"""The open-data feed of the published catalogue (JSON, GeoJSON; ETag) and the sitemap."""

from __future__ import annotations

from xml.sax.saxutils import escape

from flask import Blueprint, Response, request, url_for

from tourlink import __version__
from tourlink.opendata import catalogue_geojson, catalogue_json, etag, to_bytes
from tourlink_web.published import published_tours
from tourlink_web.state import current

__all__ = ["bp"]

bp = Blueprint("opendata", __name__)

_TYPES = {"json": "application/json", "geojson": "application/geo+json"}


def _feed(kind: str) -> Response:
    state = current()
    build = catalogue_json if kind == "json" else catalogue_geojson
    body = to_bytes(build(state.network, published_tours(), __version__))
    tag = etag(body)
    headers = {"ETag": tag, "Cache-Control": "public, max-age=3600"}
    if tag in {t.strip() for t in request.headers.get("If-None-Match", "").split(",")}:
        return Response(status=304, headers=headers)
    return Response(body, mimetype=_TYPES[kind], headers=headers)


@bp.get("/open-data/catalogue.json")
def catalogue() -> Response:
    """Return the published catalogue (sites and routes) as JSON."""
    return _feed("json")


@bp.get("/open-data/catalogue.geojson")
def catalogue_map() -> Response:
    """Return the published catalogue as a GeoJSON FeatureCollection."""
    return _feed("geojson")


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    """Return the sitemap: the public pages, every published route and every place."""
    state = current()
    urls = [url_for("home.index", _external=True), url_for("tours.index", _external=True)]
    urls += [url_for("tours.tour", tour_id=t.id, _external=True) for t in published_tours()]
    urls += [url_for("sites.site", site_id=s, _external=True) for s in sorted(state.network.sites)]
    body = "".join(f"<url><loc>{escape(u)}</loc></url>" for u in urls)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'
    )
    return Response(xml, mimetype="application/xml")
