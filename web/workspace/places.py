"""The operator's own places on the web: the organisation's network, the API and the page.

:func:`org_network` is the network an organisation's requests, pages and exports use: the
shipped network plus the organisation's own places (:func:`tourlink.places.with_places`),
built from the database on demand. The built networks are kept by the exact list of
places they were built from, so every worker derives the same one from the same rows and
nothing a user sees depends on which worker answers. No other organisation's request is
ever given it: another organisation's place id is unknown there, and a 404 in the API.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext

from tourlink import texts
from tourlink.exceptions import InvalidRequestError
from tourlink.export import export
from tourlink.messages import message
from tourlink.network import Network
from tourlink.places import KINDS, PREFIX, check_place, region_bounds, with_places
from tourlink.store.places import Places, org_places
from tourlink_web import calls, openapi
from tourlink_web.api import _json_body
from tourlink_web.auth import api_actor, current_actor, login_required
from tourlink_web.database import db
from tourlink_web.errors import web_message
from tourlink_web.i18n import renderer
from tourlink_web.state import current
from tourlink_web.workspace import schemas

__all__ = ["api", "download", "init_app", "org_network", "org_sites", "own_map", "page_bp"]

_EDITABLE = ("name", "kind", "lat", "lon", "visit_minutes", "opening_hours")
_KEEP = 32  # organisations' networks kept per worker (rebuilt on demand: ~10 ms each)

api = Blueprint("places_api", __name__, url_prefix="/api/v1/places")
page_bp = Blueprint("places", __name__, url_prefix="/workspace/places")


def org_network(org_id: int | None) -> Network:
    """Return the shipped network plus organisation ``org_id``'s own places."""
    base: Network = current().network
    if org_id is None:
        return base
    memo = g.setdefault("tourlink_org_networks", {})
    if org_id in memo:
        return memo[org_id]  # type: ignore[no-any-return]
    places = tuple(org_places(db(), org_id))
    network = base
    if places:
        built: OrderedDict[Any, Network] = current_app.extensions.setdefault(
            "tourlink_own_networks", OrderedDict()
        )
        key = (id(base), places)
        if key not in built:
            built[key] = with_places(base, places)
            while len(built) > _KEEP:
                built.popitem(last=False)
        built.move_to_end(key)
        network = built[key]
    memo[org_id] = network
    return network


def download(itinerary: Any, fmt: str | None, stem: str, org_id: int) -> Response:
    """Return ``itinerary`` as a GPX, GeoJSON or iCalendar download, naming the org's places."""
    chosen = calls.check_choice("format", fmt, calls.EXPORT_FORMATS)
    data, mime, ext = export(itinerary, chosen, sites=org_network(org_id).sites, say=renderer())
    response = Response(data, mimetype=mime)
    response.headers["Content-Disposition"] = f'attachment; filename="{stem}.{ext}"'
    return response


def own_map(data: dict[str, Any]) -> dict[str, Any]:
    """Return map data whose own places link to their page in the workspace, not the catalogue."""
    catalogue = f"/sites/{PREFIX}"
    for marker in data["markers"]:
        if catalogue in marker["url"]:
            slug = marker["url"].rsplit(catalogue, 1)[1]
            marker["url"] = url_for("places.place_page", slug=slug)
    return data


def org_sites() -> dict[str, Any]:
    """Let the workspace's templates name the organisation's own places (``all_sites()``)."""

    def all_sites() -> Any:
        org = g.get("tourlink_sites_of")
        if org is None:
            actor = current_actor()
            org = None if actor is None else actor.org_id
        return org_network(org).sites

    return {"all_sites": all_sites}


def init_app(app: Any) -> None:
    """Register the places API and page."""
    app.register_blueprint(api)
    app.register_blueprint(page_bp)


def _kind_labels() -> dict[str, str]:
    return {
        "hotel": gettext("Hotel"),
        "restaurant": gettext("Restaurant"),
        "meeting-point": gettext("Meeting point"),
        "site": gettext("Site"),
    }


def _fields(data: Any) -> dict[str, Any]:
    """Return the fields of a form (strings) as the API's JSON types."""
    out: dict[str, Any] = {k: data.get(k, "") for k in ("slug", "name", "kind", "opening_hours")}
    out["lat"], out["lon"] = data.get("lat", ""), data.get("lon", "")
    minutes = data.get("visit_minutes", "") or "60"
    out["visit_minutes"] = int(minutes) if minutes.isdecimal() and len(minutes) < 5 else minutes
    if not out["opening_hours"]:
        out["opening_hours"] = "24/7"
    return out


def _create(actor: Any, fields: Any) -> Any:
    place = check_place(fields, network=current().network)
    return Places(db(), actor).create(place)


def _update(actor: Any, place_id: int, changes: Any) -> Any:
    """Change place ``place_id`` by ``changes`` (checked with the fields it keeps)."""
    places = Places(db(), actor)
    row = places.get(place_id)
    fields = {k: v for k, v in row.as_json().items() if k in _EDITABLE}
    place = check_place({**fields, **changes, "slug": row.slug}, network=current().network)
    return places.update(place_id, place)


def _id(text: str) -> int:
    from tourlink.messages import message
    from tourlink.store import texts as st
    from tourlink.store.errors import NotFoundError

    if not text.isdecimal() or len(text) > 9:
        raise NotFoundError(message(st.NO_PLACE, place=repr(text)))
    return int(text)


@api.get("")
def index() -> Response:
    """List the organisation's own places (``?retired=true`` also the retired ones)."""
    actor = api_actor()
    retired = request.args.get("retired", "false")
    if retired not in ("true", "false"):
        raise InvalidRequestError(
            texts.bad_value("retired", str(retired)[:20], message(texts.TRUE_OR_FALSE)),
            field="retired",
        )
    rows = Places(db(), actor).list(retired=retired == "true")
    return jsonify({"count": len(rows), "places": [row.as_json() for row in rows]})


@api.post("")
def create() -> Response:
    """Add a place; its site id (``own-<slug>``) is then usable in this organisation's trips."""
    actor = api_actor()
    body = _json_body()
    openapi.validate_body(body, schemas.PLACE_CREATE)
    row = _create(actor, body)
    db().commit()
    response = jsonify(row.as_json())
    response.status_code = 201
    response.headers["Location"] = url_for("places_api.one", place_id=row.id)
    return response


@api.get("/<place_id>")
def one(place_id: str) -> Response:
    """Return one of the organisation's places."""
    return jsonify(Places(db(), api_actor()).get(_id(place_id)).as_json())


@api.patch("/<place_id>")
def edit(place_id: str) -> Response:
    """Change a place's fields (not its slug); a move flags the itineraries that use it."""
    actor = api_actor()
    body = _json_body()
    openapi.validate_body(body, schemas.PLACE_PATCH)
    row = _update(actor, _id(place_id), body)
    db().commit()
    return jsonify(row.as_json())


@api.delete("/<place_id>")
def retire(place_id: str) -> Response:
    """Retire a place: no longer offered; saved itineraries that use it keep it."""
    Places(db(), api_actor()).retire(_id(place_id))
    db().commit()
    return Response(status=204)


@page_bp.route("/", methods=["GET", "POST"])
@login_required
def places_page() -> Any:
    """List the organisation's places and add one (a form with a CSRF token)."""
    actor = current_actor()
    assert actor is not None  # login_required
    error, status = None, 200
    if request.method == "POST":
        try:
            _create(actor, _fields(request.form))
        except InvalidRequestError as exc:
            db().rollback()
            error, status = web_message(exc), 400
        else:
            db().commit()
            return redirect(url_for("places.places_page"))
    page = render_template(
        "workspace/places.html",
        places=Places(db(), actor).list(),
        kinds=KINDS,
        kind_labels=_kind_labels(),
        bounds=region_bounds(current().network),
        error=error,
        form=request.form,
    )
    return page, status


@page_bp.route("/<slug>", methods=["GET", "POST"])
@login_required
def place_page(slug: str) -> Any:
    """Show one place and change it (a form with a CSRF token); the map's popups link here."""
    actor = current_actor()
    assert actor is not None  # login_required
    row = Places(db(), actor).by_slug(slug)
    error, status = None, 200
    if request.method == "POST":
        try:
            _update(actor, row.id, _fields(request.form))
        except InvalidRequestError as exc:
            db().rollback()
            error, status = web_message(exc), 400
            row = Places(db(), actor).by_slug(slug)
        else:
            db().commit()
            return redirect(url_for("places.place_page", slug=slug))
    page = render_template(
        "workspace/place.html",
        place=row,
        kinds=KINDS,
        kind_labels=_kind_labels(),
        bounds=region_bounds(current().network),
        error=error,
        form=request.form if error else {k: str(v) for k, v in row.as_json().items()},
    )
    return page, status


@page_bp.post("/<int:place_id>/retire")
@login_required
def retire_page(place_id: int) -> Any:
    """Retire a place from the page."""
    actor = current_actor()
    assert actor is not None  # login_required
    Places(db(), actor).retire(place_id)
    db().commit()
    return redirect(url_for("places.places_page"))


page_bp.context_processor(org_sites)
