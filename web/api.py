"""The JSON API, ``/api/v1/``: sites, routes, matrices, plans, published routes, exports.

Errors are RFC 9457 ``application/problem+json`` documents naming the field at fault;
``/api/v1/openapi.json`` describes every endpoint.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from tourlink import __version__
from tourlink.exceptions import InvalidRequestError
from tourlink.hours import describe
from tourlink.model import COUNTRIES, ZONES
from tourlink.planner.request import CATEGORIES
from tourlink.planner.serialize import itinerary_to_dict
from tourlink_web import calls, openapi, present
from tourlink_web.i18n import render_options
from tourlink_web.pages.sites import KINDS
from tourlink_web.pages.tours import get_tour
from tourlink_web.published import published_tours
from tourlink_web.state import current

__all__ = ["bp", "tour_to_dict"]

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _json_body() -> Any:
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise InvalidRequestError(
            "the body must be a JSON object, got an empty body.", field="body"
        )
    try:
        doc = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidRequestError(
            f"the body must be valid JSON, got a parse error: {exc}.", field="body"
        ) from None
    except RecursionError:
        doc = _TOO_DEEP  # deeper than the parser can go: refused below
    if doc is _TOO_DEEP or _too_deep(doc):
        raise InvalidRequestError(
            f"the body must be JSON nested at most {MAX_BODY_DEPTH} levels deep, got arrays or "
            "objects nested deeper.",
            field="body",
        )
    return doc


_TOO_DEEP = object()
MAX_BODY_DEPTH = 16
"""How deeply arrays and objects may nest in a request body (requests need 3 levels)."""


def _too_deep(doc: Any) -> bool:
    """Return whether ``doc`` nests deeper than :data:`MAX_BODY_DEPTH` (without recursion)."""
    level: list[Any] = [doc]
    for _ in range(MAX_BODY_DEPTH):
        level = [
            child
            for item in level
            if isinstance(item, list | dict)
            for child in (item.values() if isinstance(item, dict) else item)
        ]
        if not level:
            return False
    return any(isinstance(item, list | dict) for item in level)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _filter(name: str, choices: tuple[str, ...]) -> str | None:
    value = request.args.get(name)
    return None if value is None else calls.check_choice(name, value, choices)


def _schemas() -> dict[str, dict[str, Any]]:
    return openapi.body_schemas(current_app.config)


def tour_to_dict(tour: Any) -> dict[str, Any]:
    """Return a published route as JSON-ready data."""
    return {
        "id": tour.id,
        "name": tour.name,
        "name_en": tour.name_en,
        "zones": list(tour.zones),
        "publisher": tour.publisher,
        "days": tour.days,
        "stops": [
            {"site": s.site, "day": s.day, "minutes": s.minutes, "note": s.note} for s in tour.stops
        ],
        "sources": list(tour.sources),
        "note": tour.note,
    }


@bp.get("/sites")
def sites() -> Response:
    """List the sites matching ``q`` (diacritics-insensitive), zone, category, country, kind."""
    query = request.args.get("q", "")
    if len(query) > 100:
        raise InvalidRequestError(
            f"`q` must be at most 100 characters, got {len(query)}.", field="q"
        )
    found = current().network.find_sites(
        query,
        zone=_filter("zone", ZONES),
        category=_filter("category", CATEGORIES),
        country=_filter("country", COUNTRIES),
        kind=_filter("kind", KINDS),
    )
    return jsonify({"count": len(found), "sites": [present.site_to_dict(s) for s in found]})


@bp.get("/sites/<site_id>")
def site(site_id: str) -> Response:
    """Return one site with its opening hours in words and the sites within 30 km."""
    network = current().network
    found = network.site(site_id)
    data = present.site_to_dict(found)
    data["opening_hours_text"] = {
        lang: describe(found.opening_hours, lang=lang) for lang in ("en", "vi", "lo")
    }
    data["nearby"] = [
        {"id": s.id, "name": s.name, "km": round(km, 1)} for s, km in network.nearby(site_id, km=30)
    ]
    return jsonify(data)


@bp.get("/route")
def route() -> Response:
    """Return the best route (and alternatives) from ``from`` to ``to`` by ``mode``."""
    routes = calls.find_routes(request.args)
    return jsonify({"routes": [present.route_to_dict(r) for r in routes]})


@bp.get("/route/export")
def route_export() -> Response:
    """Return the best route from ``from`` to ``to`` as GPX, GeoJSON or iCalendar."""
    calls.check_choice("format", request.args.get("format"), calls.EXPORT_FORMATS)
    args = {k: v for k, v in request.args.items() if k != "alternatives"}
    best = calls.find_routes(args)[0]
    return calls.download(best, request.args.get("format"), f"{best.origin}--{best.destination}")


@bp.post("/matrix")
def matrix() -> Response:
    """Return travel minutes and km between every pair of ``ids``."""
    body = _json_body()
    openapi.validate_body(body, _schemas()["MatrixRequest"])
    return jsonify(calls.travel_matrix(body))


@bp.post("/plan")
def plan() -> Response:
    """Plan the trip in the body; ``?format=gpx|geojson|ics`` returns that export instead."""
    fmt = request.args.get("format", "json")
    calls.check_choice("format", fmt, ("json", *calls.EXPORT_FORMATS))
    body = _json_body()
    openapi.validate_body(body, _schemas()["TripRequest"])
    itinerary = calls.plan_trip(body)
    if fmt == "json":
        return jsonify(itinerary_to_dict(itinerary, network=current().network, **render_options()))
    stem = f"trip-{itinerary.request.start}-{itinerary.request.start_date:%Y%m%d}"
    return calls.download(itinerary, fmt, stem)


@bp.get("/routes")
def tours() -> Response:
    """List the published tour routes."""
    found = published_tours()
    return jsonify({"count": len(found), "routes": [tour_to_dict(t) for t in found]})


@bp.get("/routes/<tour_id>")
def tour(tour_id: str) -> Response:
    """Return one published tour route."""
    return jsonify(tour_to_dict(get_tour(tour_id)))


@bp.get("/routes/<tour_id>/export")
def tour_export(tour_id: str) -> Response:
    """Return a published route, scheduled from ``start_date``, as GPX, GeoJSON or iCalendar."""
    found = get_tour(tour_id)
    calls.check_choice("format", request.args.get("format"), calls.EXPORT_FORMATS)
    itinerary = calls.schedule_tour(found, request.args.get("start_date"), request.args.get("mode"))
    return calls.download(itinerary, request.args.get("format"), found.id)


@bp.get("/")
def about() -> Response:
    """Return the API's entry point: the software version, the data version, the document."""
    return jsonify(
        {
            "name": "tourlink",
            "version": __version__,
            "data_version": current().network.dataset.version,
            "openapi": url_for("api.openapi_document"),
        }
    )


@bp.after_request
def _versions(response: Response) -> Response:
    """Name the software and data versions on every API response."""
    response.headers["X-Tourlink-Version"] = __version__
    response.headers["X-Tourlink-Data-Version"] = current().network.dataset.version
    return response


@bp.get("/openapi.json")
def openapi_document() -> Response:
    """Return the OpenAPI 3.1 document of this API."""
    return jsonify(openapi.document(current(), current_app.config))
