"""Published tour routes: the list, one page per route with its map and schedule, exports."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request, url_for

from tourlink.exceptions import TourlinkError
from tourlink.model import MODES
from tourlink.tours import tour_jsonld
from tourlink_web import calls, present
from tourlink_web.errors import web_message
from tourlink_web.i18n import current_language
from tourlink_web.published import get_published, published_tours
from tourlink_web.state import current

__all__ = ["bp", "get_tour"]

bp = Blueprint("tours", __name__, url_prefix="/tours")


def get_tour(tour_id: str) -> Any:
    """Return the published route ``tour_id`` (its published version) or answer 404."""
    return get_published(tour_id).tour


@bp.get("/")
def index() -> str:
    """Render the list of published routes."""
    return render_template("tours/index.html", tours=published_tours())


@bp.get("/<tour_id>")
def tour(tour_id: str) -> str:
    """Render a published route: its stops day by day and, scheduled from a date, its map."""
    route = get_published(tour_id)
    found = route.tour
    lang = current_language()
    sites = current().network.sites
    itinerary, problem = None, ""
    try:
        itinerary = calls.schedule_tour(
            found, request.args.get("start_date") or None, request.args.get("mode") or None
        )
    except TourlinkError as exc:
        problem = web_message(exc)
    if itinerary is not None:
        map_data = present.itinerary_map(itinerary, sites, lang)
    else:
        map_data = present.sites_map([sites[s.site] for s in found.stops], lang)
    return render_template(
        "tours/tour.html",
        tour=found,
        route=route,
        itinerary=itinerary,
        problem=problem,
        map_data=map_data,
        modes=MODES,
        jsonld=tour_jsonld(
            found,
            current().network,
            url=url_for("tours.tour", tour_id=found.id, _external=True),
            site_url=lambda s: url_for("sites.site", site_id=s, _external=True),
            lang=lang,
        ),
    )


@bp.get("/<tour_id>/export")
def export(tour_id: str) -> Response:
    """Download the scheduled route as GPX, GeoJSON or iCalendar (``format``)."""
    found = get_tour(tour_id)
    itinerary = calls.schedule_tour(found, request.args.get("start_date"), request.args.get("mode"))
    return calls.download(itinerary, request.args.get("format"), found.id)
