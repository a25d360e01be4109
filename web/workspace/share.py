"""The customer's share page: one saved version behind an unguessable token, no login.

It shows the stored snapshot only — the days, places and times, the map, the warnings —
never the internal notes, the customer's name or any cost, and offers the A4 print and the
GPX, GeoJSON and iCalendar files of that same snapshot. An unknown, expired or revoked
token is answered 404.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, g, render_template, request
from flask_babel import gettext

from tourlink.store import open_share
from tourlink.store.models import ItineraryVersion
from tourlink.store.snapshot import itinerary_of
from tourlink_web import present
from tourlink_web.database import db
from tourlink_web.i18n import current_language
from tourlink_web.workspace.places import download, org_network, org_sites, own_map

__all__ = ["bp"]

bp = Blueprint("share", __name__, url_prefix="/share")
bp.context_processor(org_sites)  # the page names the owner's own places


def _shared(token: str) -> ItineraryVersion:
    version = open_share(db(), token)
    if version is None:
        abort(404, gettext("This share link is unknown, has expired or was revoked."))
    return version


def _render(template: str, token: str) -> Response:
    version = _shared(token)
    itinerary = itinerary_of(version.snapshot)
    g.tourlink_sites_of = version.itinerary.org_id  # the page names the owner's own places
    sites = org_network(version.itinerary.org_id).sites
    page = render_template(
        template,
        token=token,
        version=version,
        title=version.name,
        itinerary=itinerary,
        violations=version.snapshot.get("violations", []),
        map_data=own_map(present.itinerary_map(itinerary, sites, current_language())),
    )
    response = Response(page)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token must not leak onwards
    return response


@bp.get("/<token>")
def page(token: str) -> Response:
    """Show the shared version."""
    return _render("workspace/share.html", token)


@bp.get("/<token>/print")
def print_view(token: str) -> Response:
    """Show the shared version for printing on A4."""
    return _render("workspace/share_print.html", token)


@bp.get("/<token>/export")
def export(token: str) -> Response:
    """Download the shared version as GPX, GeoJSON or iCalendar (``format``)."""
    version = _shared(token)
    snapshot = itinerary_of(version.snapshot)
    return download(snapshot, request.args.get("format"), "trip", version.itinerary.org_id)
