"""An operator's tours and departures: the list, a new tour, editing one.

Every page needs a logged-in user whose role may edit tours (``tours.edit``: operators
and their organisation's administrators); everything goes through
:class:`tourlink.store.tours.Tours`, which only ever sees the user's own organisation
(another organisation's tour is a 404). A record the timetable reader refuses is a 400
page listing every problem, the form kept; a save overtaken by a colleague's is a 409.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from tourlink import texts
from tourlink.exceptions import DataError, InvalidRequestError
from tourlink.messages import message
from tourlink.store import StaleVersionError
from tourlink.store.errors import ConflictError
from tourlink.store.orgs import Actor
from tourlink.store.snapshot import itinerary_of
from tourlink.store.tours import Tours, check_record
from tourlink_web.auth import current_actor, login_required
from tourlink_web.database import db
from tourlink_web.errors import web_message
from tourlink_web.operator.form import WEEKDAYS, form_of, record_from_form
from tourlink_web.published import published_tours
from tourlink_web.state import current
from tourlink_web.workspace import service

__all__ = ["bp"]

bp = Blueprint("operator_tours", __name__, url_prefix="/workspace/tours")


def _actor() -> Actor:
    actor = current_actor()
    assert actor is not None  # login_required
    if not actor.may("tours.edit"):
        abort(403, description=_("Only an operator's users enter its tours and departures."))
    return actor


def _number(text: str | None, field: str) -> int:
    if text is None or not text.isdecimal() or len(text) > 9:
        raise InvalidRequestError(
            texts.bad_value(field, text, message(texts.EXPECT_INTEGER)), field=field
        )
    return int(text)


@bp.get("/")
@login_required
def index() -> str:
    """List the organisation's tours with their departure days, seats and prices."""
    return render_template("operator/tours.html", tours=Tours(db(), _actor()).mine())


def _itinerary(actor: Actor, source: str) -> tuple[str, Any] | None:
    if not source.startswith("itinerary:"):
        return None
    repo = service.itineraries(actor)
    record = repo.get(_number(source.removeprefix("itinerary:"), "source"))
    return record.name, itinerary_of(repo.version(record.id).snapshot)


def _judge(
    actor: Actor, form: MultiDict[str, str], kept: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Return the record of ``form``, checked by the timetable reader (or raise)."""
    sites = current().network.sites
    record = record_from_form(
        form, itinerary=_itinerary(actor, form.get("source", "")), sites=sites, kept=kept
    )
    check_record(
        actor.org_slug,
        form.get("slug", "tour") or "tour",
        form.get("shared") == "1",
        record,
        routes=published_tours(),
        network=current().network,
    )
    return record


def _page(form: MultiDict[str, str], **extra: Any) -> tuple[str, int]:
    status = extra.pop("status", 200)
    error = extra.pop("error", None)
    actor = _actor()
    page = render_template(
        "operator/tour.html",
        form=form,
        error_text=web_message(error) if error else "",
        problems=getattr(error, "problems", ()),
        routes=published_tours(),
        itineraries=service.itineraries(actor).find(),
        weekdays=WEEKDAYS,
        **extra,
    )
    return page, status


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Any:
    """Enter a new tour: its programme (route or saved itinerary) and its departures."""
    actor = _actor()
    if request.method == "GET":
        form: MultiDict[str, str] = MultiDict({"depart": "07:30", "arrive": "17:30"})
        form.setlist("seasons", ["dry", "rainy"])
        form.setlist("languages", ["vi"])
        if request.args.get("route"):
            form["source"] = f"route:{request.args['route']}"
        return _page(form)
    try:
        record = _judge(actor, request.form)
        Tours(db(), actor).create(
            request.form.get("slug", ""), record, shared=request.form.get("shared") == "1"
        )
    except (InvalidRequestError, DataError) as exc:
        return _page(request.form, error=exc, status=400)
    except ConflictError as exc:
        db().rollback()
        return _page(request.form, error=exc, status=409)
    db().commit()
    return redirect(url_for("operator_tours.index"))


@bp.route("/<int:tour_id>", methods=["GET", "POST"])
@login_required
def edit(tour_id: int) -> Any:
    """Edit one of the organisation's tours (refused if a colleague saved it since)."""
    actor = _actor()
    repo = Tours(db(), actor)
    row = repo.get(tour_id)
    if request.method == "GET":
        form = form_of(row.slug, row.document, row.shared)
        return _page(form, row=row, based_on=row.lock)
    form = MultiDict(request.form)
    form["slug"] = row.slug
    based_on = _number(request.form.get("based_on"), "based_on")
    try:
        record = _judge(actor, form, kept=row.document)
        repo.save(row.id, based_on, record, shared=form.get("shared") == "1")
    except (InvalidRequestError, DataError) as exc:
        return _page(form, row=row, based_on=based_on, error=exc, status=400)
    except StaleVersionError as exc:
        db().rollback()
        return _page(form, row=repo.get(tour_id), based_on=exc.current, conflict=exc, status=409)
    db().commit()
    return redirect(url_for("operator_tours.index"))


@bp.post("/<int:tour_id>/delete")
@login_required
def delete(tour_id: int) -> Any:
    """Delete one of the organisation's tours."""
    Tours(db(), _actor()).delete(tour_id)
    db().commit()
    return redirect(url_for("operator_tours.index"))
