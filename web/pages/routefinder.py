"""The route finder: A→B by mode, alternatives, map, km/time/roads, border information."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from tourlink.exceptions import InvalidRequestError, NoRouteError
from tourlink.model import MODES, Route
from tourlink_web import calls, present
from tourlink_web.errors import web_message
from tourlink_web.i18n import current_language
from tourlink_web.state import current

__all__ = ["bp"]

bp = Blueprint("routes", __name__, url_prefix="/route")


def _args() -> dict[str, str]:
    """Return the form's arguments without blank fields (an empty ``depart`` means none)."""
    return {k: v for k, v in request.args.items() if v != "" and k not in ("lang", "format")}


def _render(
    template: str, routes: list[Route], error: str = "", field: str = "", status: int = 200
) -> tuple[str, int]:
    network = current().network
    return render_template(
        template,
        routes=routes,
        modes=MODES,
        error=error,
        error_field=field,
        args=request.args,
        map_data=present.route_map(routes, network.sites, current_language()),
    ), status


@bp.get("/")
def finder() -> tuple[str, int]:
    """Render the form and, when ``from`` and ``to`` are given, the route(s) found."""
    if not (request.args.get("from") and request.args.get("to")):
        return _render("routes/finder.html", [])
    try:
        routes = calls.find_routes(_args())
    except InvalidRequestError as exc:
        return _render("routes/finder.html", [], web_message(exc), exc.field, 400)
    except NoRouteError as exc:
        return _render("routes/finder.html", [], web_message(exc), "", 422)
    return _render("routes/finder.html", routes)


@bp.get("/print")
def print_view() -> tuple[str, int]:
    """Render the route for printing on A4 (no navigation)."""
    routes = calls.find_routes({k: v for k, v in _args().items() if k != "alternatives"})
    return _render("print/route.html", routes[:1])


@bp.get("/export")
def export() -> Response:
    """Download the route as GPX, GeoJSON or iCalendar (``format``)."""
    args = {k: v for k, v in _args().items() if k != "alternatives"}
    best = calls.find_routes(args)[0]
    return calls.download(best, request.args.get("format"), f"{best.origin}--{best.destination}")
