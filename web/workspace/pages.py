"""The workspace pages: my itineraries, an itinerary, its history and comparison, share links.

Every page needs a logged-in user and reads the stored snapshot (nothing is re-planned);
another organisation's itinerary is a 404 page. Forms post with a CSRF token; a save that
was overtaken by someone else's shows who saved what, and keeps the user's edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from tourlink import texts
from tourlink.edit import compare
from tourlink.exceptions import InfeasibleRequestError, InvalidRequestError, NoRouteError
from tourlink.messages import message
from tourlink.store import Filters, StaleVersionError
from tourlink.store.models import ItineraryVersion
from tourlink.store.quotes import Quotes
from tourlink.store.snapshot import itinerary_of, recheck
from tourlink.store.types import utcnow
from tourlink_web import forms, present
from tourlink_web.auth import current_actor, login_required
from tourlink_web.database import db
from tourlink_web.errors import web_message
from tourlink_web.i18n import current_language
from tourlink_web.published import published_tours
from tourlink_web.workspace import service
from tourlink_web.workspace.api import SHARE_DAYS
from tourlink_web.workspace.places import download, org_network, org_sites, own_map

__all__ = ["bp"]

bp = Blueprint("itineraries", __name__, url_prefix="/workspace")
bp.context_processor(org_sites)  # the templates name the organisation's own places


def _actor() -> Any:
    actor = current_actor()
    assert actor is not None  # login_required
    return actor


def _number(text: str | None, field: str) -> int:
    if text is None or not text.isdecimal() or len(text) > 9:
        raise InvalidRequestError(
            texts.bad_value(field, text, message(texts.EXPECT_VERSION)), field=field
        )
    return int(text)


def _date(name: str) -> dt.date | None:
    value = request.args.get(name, "")
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise InvalidRequestError(
            texts.bad_value(name, str(value)[:40], message(texts.DATE)), field=name
        ) from None


@bp.get("/")
@login_required
def index() -> str:
    """List my organisation's itineraries, searchable by customer, date and violations."""
    flagged = request.args.get("violations", "")
    filters = Filters(
        text=request.args.get("q", "")[:100],
        customer=request.args.get("customer", "")[:100],
        date_from=_date("from"),
        date_to=_date("to"),
        violations={"yes": True, "no": False}.get(flagged),
    )
    found = service.itineraries(_actor()).find(filters)
    return render_template("workspace/index.html", itineraries=found, args=request.args)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Any:
    """Save the planner's trip, or a published route, as a new itinerary.

    The trip is the planner's query string; a published route is ``route`` dated
    ``start_date``. It is planned (or scheduled) once, then kept as it is.
    """
    trip = forms.trip_fields(request.args)
    error = ""
    status = 200
    if request.method == "POST":
        try:
            texts = [request.form.get(k, "") for k in ("name", "customer", "notes")]
            if request.args.get("route"):
                version = service.route_and_save(_actor(), texts[0], request.args, *texts[1:])
            else:
                version = service.plan_and_save(_actor(), texts[0], trip, *texts[1:])
            db().commit()
            return redirect(url_for("itineraries.page", itinerary_id=version.itinerary_id))
        except (InvalidRequestError, InfeasibleRequestError, NoRouteError) as exc:
            error, status = web_message(exc), 400
    return render_template("workspace/new.html", trip=trip, error=error, form=request.form), status


def _view(itinerary_id: int, number: int | None = None) -> dict[str, Any]:
    repo = service.itineraries(_actor())
    itinerary = repo.get(itinerary_id)
    version = repo.version(itinerary.id, number)
    snapshot_itinerary = itinerary_of(version.snapshot)
    network = org_network(itinerary.org_id)
    sites = network.sites
    return {
        "record": itinerary,
        "version": version,
        "itinerary": snapshot_itinerary,
        "violations": version.snapshot.get("violations", []),
        "rechecked": recheck(version.snapshot, network),
        "map_data": own_map(present.itinerary_map(snapshot_itinerary, sites, current_language())),
        "etag": service.etag(itinerary.id, version.number),
        "parts": package_parts(version.snapshot),
    }


def package_parts(snapshot: Mapping[str, Any]) -> list[dict[str, str] | None]:
    """Return, per day of a saved connection package, whose tour it is (else ``None``s).

    A package's days record their ``part`` (a tour or a transfer), the tour's id and its
    operator (:func:`tourlink.connect.build.package_snapshot`); the tour is named from the
    timetable in the page's language, or by its id if the timetable no longer holds it.
    Other itineraries have no package and get no parts (and no timetable lookup).
    """
    days = snapshot.get("itinerary", {}).get("days", [])
    if not snapshot.get("package"):
        return [None] * len(days)
    from tourlink_web.connections import timetable

    tours = {t.id: t for t in timetable().tours}
    lang = current_language()
    parts: list[dict[str, str] | None] = []
    for day in days:
        if day.get("part") == "tour":
            tour = tours.get(str(day.get("tour", "")))
            route = tour.tour if tour is not None else None
            name = str(day.get("tour", ""))
            if route is not None:
                name = route.name_en if lang != "vi" and route.name_en else route.name
            parts.append({"kind": "tour", "tour": name, "operator": str(day.get("operator", ""))})
        elif day.get("part") == "transfer":
            parts.append({"kind": "transfer"})
        else:
            parts.append(None)
    return parts


@bp.get("/<int:itinerary_id>")
@login_required
def page(itinerary_id: int) -> str:
    """Show the newest (or ``?version=``) saved version of an itinerary."""
    number = request.args.get("version")
    view = _view(itinerary_id, None if number is None else _number(number, "version"))
    return render_template("workspace/itinerary.html", **view, quote=_newest_quote(view))


def _newest_quote(view: dict[str, Any]) -> dict[str, Any] | None:
    """Return the newest quote of the version shown (else of the itinerary), for its page.

    Only the organisation sees it (the page is the organisation's); ``stale`` lists why it
    is out of date (new rates, a newer version of the itinerary), empty when it is not.
    """
    repo = Quotes(db(), _actor())
    rows = repo.find(view["record"].id)
    number = view["version"].number
    row = next((r for r in rows if r.itinerary_version == number), rows[0] if rows else None)
    if row is None:
        return None
    return {"row": row, "bands": row.result.get("bands", []), "stale": repo.out_of_date(row)}


@bp.get("/<int:itinerary_id>/print")
@login_required
def print_view(itinerary_id: int) -> str:
    """Show a saved version for printing on A4 (with the internal notes)."""
    number = request.args.get("version")
    view = _view(itinerary_id, None if number is None else _number(number, "version"))
    return render_template("workspace/print.html", **view)


@bp.get("/<int:itinerary_id>/export")
@login_required
def export(itinerary_id: int) -> Response:
    """Download a saved version as GPX, GeoJSON or iCalendar (``format``)."""
    number = request.args.get("version")
    view = _view(itinerary_id, None if number is None else _number(number, "version"))
    stem = f"itinerary-{itinerary_id}-v{view['version'].number}"
    return download(view["itinerary"], request.args.get("format"), stem, view["record"].org_id)


@bp.get("/<int:itinerary_id>/history")
@login_required
def history(itinerary_id: int) -> str:
    """List every version with its author, time and what changed."""
    repo = service.itineraries(_actor())
    record = repo.get(itinerary_id)
    return render_template(
        "workspace/history.html", record=record, versions=repo.versions(record.id)
    )


@bp.get("/<int:itinerary_id>/compare")
@login_required
def compare_versions(itinerary_id: int) -> str:
    """Compare versions ``a`` and ``b``: places added, removed, moved and retimed."""
    repo = service.itineraries(_actor())
    record = repo.get(itinerary_id)
    a = repo.version(record.id, _number(request.args.get("a"), "a"))
    b = repo.version(record.id, _number(request.args.get("b"), "b"))
    changes = compare(itinerary_of(a.snapshot), itinerary_of(b.snapshot))
    return render_template("workspace/compare.html", record=record, a=a, b=b, changes=changes)


def _conflict(record_id: int, error: StaleVersionError) -> tuple[str, int]:
    page = render_template("workspace/conflict.html", record_id=record_id, error=error)
    return page, 409


@bp.post("/<int:itinerary_id>/restore")
@login_required
def restore(itinerary_id: int) -> Any:
    """Save old version ``number`` again as the newest version."""
    repo = service.itineraries(_actor(), "itineraries.edit")
    number = _number(request.form.get("number"), "number")
    based_on = _number(request.form.get("based_on"), "based_on")
    try:
        repo.restore(itinerary_id, number, based_on)
    except StaleVersionError as exc:
        db().rollback()
        return _conflict(itinerary_id, exc)
    db().commit()
    return redirect(url_for("itineraries.page", itinerary_id=itinerary_id))


@bp.post("/<int:itinerary_id>/duplicate")
@login_required
def duplicate(itinerary_id: int) -> Any:
    """Save a copy of the newest version as a new itinerary."""
    repo = service.itineraries(_actor(), "itineraries.edit")
    name = request.form.get("name") or _("Copy of %(name)s", name=repo.get(itinerary_id).name)
    copy = repo.duplicate(itinerary_id, name[:200])
    db().commit()
    return redirect(url_for("itineraries.page", itinerary_id=copy.itinerary_id))


@bp.route("/<int:itinerary_id>/share", methods=["GET", "POST"])
@login_required
def share(itinerary_id: int) -> Any:
    """List the share links; make a new one (its address is shown this once)."""
    repo = service.itineraries(_actor(), "itineraries.share")
    record = repo.get(itinerary_id)
    made = None
    if request.method == "POST":
        days = _number(request.form.get("days", str(SHARE_DAYS)), "days")
        number = _number(request.form.get("version", str(record.version)), "version")
        expires = utcnow() + dt.timedelta(days=max(1, min(days, 365)))
        link, token = repo.share(record.id, number, expires)
        db().commit()
        made = (link, url_for("share.page", token=token, _external=True))
    links = repo.share_links(record.id)
    return render_template("workspace/share_links.html", record=record, links=links, made=made)


@bp.post("/<int:itinerary_id>/share/<int:link_id>/revoke")
@login_required
def revoke(itinerary_id: int, link_id: int) -> Any:
    """Revoke a share link."""
    service.itineraries(_actor(), "itineraries.share").revoke_share(itinerary_id, link_id)
    db().commit()
    return redirect(url_for("itineraries.share", itinerary_id=itinerary_id))


def version_label(version: ItineraryVersion) -> str:
    """Return "v3 · 2026-03-01 14:05 · Lan" for a version."""
    return f"v{version.number} · {version.created_at:%Y-%m-%d %H:%M} · {version.author.label}"


bp.add_app_template_global(version_label)
bp.add_app_template_global(published_tours, "published_routes")
