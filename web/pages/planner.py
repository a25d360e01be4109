"""The trip planner: the full request form, the planned days, re-planning links, print, export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, render_template, request, url_for

from tourlink.exceptions import InfeasibleRequestError, InvalidRequestError, NoRouteError
from tourlink.itinerary import Itinerary, TripRequest
from tourlink.model import MODES
from tourlink.planner.request import CATEGORIES
from tourlink_web import calls, forms, present
from tourlink_web.errors import web_message
from tourlink_web.i18n import current_language
from tourlink_web.state import current

__all__ = ["bp"]

bp = Blueprint("planner", __name__, url_prefix="/plan")
PACES = ("0.75", "1", "1.25", "1.5", "2")


def _defaults() -> dict[str, object]:
    default = TripRequest(start="", start_date=dt.date.today() + dt.timedelta(days=7), days=3)
    return {
        "start_date": default.start_date.isoformat(),
        "days": default.days,
        "mode": default.mode,
        "day_start": f"{default.day_start:%H:%M}",
        "day_end": f"{default.day_end:%H:%M}",
        "lunch_start": f"{default.lunch_start:%H:%M}",
        "lunch_end": f"{default.lunch_end:%H:%M}",
        "lunch_minutes": default.lunch_minutes,
        "max_drive_minutes": default.max_drive_minutes,
        "pace": f"{default.pace:g}",
        "passports": default.passports,
        "vehicle_papers": default.vehicle_papers,
        "avoid_risky_roads": default.avoid_risky_roads,
    }


def _form_values() -> dict[str, object]:
    values = _defaults()
    values.update(forms.trip_fields(request.args))
    for name in forms.BOOL_FIELDS:
        values[name] = str(values[name]).lower() in ("1", "true", "on", "yes")
    values["interests"] = [
        p.split("=")[0] for p in str(values.get("interests", "")).split(",") if p
    ]
    return values


def _render(
    template: str,
    itinerary: Itinerary | None = None,
    error: str = "",
    field: str = "",
    status: int = 200,
) -> tuple[str, int]:
    sites = current().network.sites
    lang = current_language()
    return render_template(
        template,
        itinerary=itinerary,
        values=_form_values(),
        modes=MODES,
        paces=PACES,
        categories=CATEGORIES,
        sites_sorted=sorted(sites.values(), key=lambda s: present.site_name(s, lang)),
        error=error,
        error_field=field,
        pin_url=lambda site_id: url_for("planner.form", **_multi(pin=site_id)),
        remove_url=lambda site_id: url_for("planner.form", **_multi(remove=site_id)),
        map_data=present.itinerary_map(itinerary, sites, lang) if itinerary else {},
    ), status


def _multi(**change: str) -> dict[str, Any]:
    args = forms.changed_args(request.args, **change)
    return {key: args.getlist(key) for key in args}


@bp.get("/")
def form() -> tuple[str, int]:
    """Render the planner form; with a request in the query string, plan it and show it."""
    if not forms.is_submitted(request.args):
        return _render("planner/plan.html")
    try:
        itinerary = calls.plan_trip(forms.trip_fields(request.args))
    except InvalidRequestError as exc:
        return _render("planner/plan.html", error=web_message(exc), field=exc.field, status=400)
    except (InfeasibleRequestError, NoRouteError) as exc:
        return _render("planner/plan.html", error=web_message(exc), status=422)
    return _render("planner/plan.html", itinerary)


@bp.get("/print")
def print_view() -> tuple[str, int]:
    """Render the planned trip for printing on A4 (no navigation)."""
    itinerary = calls.plan_trip(forms.trip_fields(request.args))
    return _render("print/itinerary.html", itinerary)


@bp.get("/export")
def export() -> Response:
    """Download the planned trip as GPX, GeoJSON or iCalendar (``format``)."""
    itinerary = calls.plan_trip(forms.trip_fields(request.args))
    stem = f"trip-{itinerary.request.start}-{itinerary.request.start_date:%Y%m%d}"
    return calls.download(itinerary, request.args.get("format"), stem)
