"""The saved-itinerary API: ``/api/v1/itineraries`` and its versions, exports and share links.

Every endpoint needs a session or ``Authorization: Bearer``; another organisation's id is
answered 404, exactly like an id that does not exist. ``GET`` of an itinerary carries an
``ETag``; ``PATCH`` needs ``If-Match`` and answers 409 (with who saved what meanwhile) when
the version it names is no longer the newest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, request, url_for

from tourlink import texts
from tourlink.exceptions import InvalidRequestError
from tourlink.messages import message
from tourlink.store import Filters, StaleVersionError
from tourlink.store import texts as st
from tourlink.store.errors import NotFoundError
from tourlink.store.models import Itinerary, ItineraryVersion, ShareLink
from tourlink.store.snapshot import itinerary_of
from tourlink.store.types import utcnow
from tourlink_web import calls, openapi
from tourlink_web.api import _json_body
from tourlink_web.auth import api_actor
from tourlink_web.database import db
from tourlink_web.errors import problem
from tourlink_web.workspace import schemas, service
from tourlink_web.workspace.places import download, org_network

__all__ = ["bp", "init_app", "share_json", "summary_json"]

bp = Blueprint("itineraries_api", __name__, url_prefix="/api/v1/itineraries")

SHARE_DAYS = 30
"""How long a share link lasts unless told otherwise."""


def _id(text: str, what: str = "itinerary") -> int:
    if not text.isdecimal() or len(text) > 9:
        raise NotFoundError(message(st.NO_RECORD, what=message(st.RECORDS[what]), text=text))
    return int(text)


def _body(schema: str) -> Any:
    body = _json_body()
    config = current_app.config
    all_schemas = schemas.body_schemas(openapi.body_schemas(config)["TripRequest"])
    openapi.validate_body(body, all_schemas[schema])
    return body


def summary_json(itinerary: Itinerary) -> dict[str, Any]:
    """Return an itinerary as a list gives it (no snapshot)."""
    return {
        "id": itinerary.id,
        "name": itinerary.name,
        "customer": itinerary.customer,
        "version": itinerary.version,
        "start_date": itinerary.start_date.isoformat(),
        "days": itinerary.days,
        "stops": itinerary.stops,
        "violations": itinerary.violations,
        "has_violations": itinerary.violations > 0,
        "updated_at": itinerary.updated_at.isoformat(),
        "url": url_for("itineraries_api.one", itinerary_id=itinerary.id),
    }


def share_json(link: ShareLink, token: str | None = None) -> dict[str, Any]:
    """Return a share link (with its token and URL only when just created)."""
    out: dict[str, Any] = {
        "id": link.id,
        "version": link.version,
        "created_at": link.created_at.isoformat(),
        "expires_at": link.expires_at.isoformat(),
        "revoked": link.revoked_at is not None,
    }
    if token is not None:
        out["token"] = token
        out["url"] = url_for("share.page", token=token, _external=True)
    return out


def _bool_arg(name: str) -> bool | None:
    value = request.args.get(name)
    if value is None:
        return None
    return calls.check_choice(name, value, ("true", "false")) == "true"


def _date_arg(name: str) -> dt.date | None:
    value = request.args.get(name)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidRequestError(
            texts.bad_value(name, str(value)[:40], message(texts.DATE)), field=name
        ) from None


def _text_arg(name: str) -> str:
    value = request.args.get(name, "")
    if len(value) > 100:
        raise InvalidRequestError(
            message(texts.TOO_LONG, field=texts.field_ref(name), limit=100, size=len(value)),
            field=name,
        )
    return value


@bp.get("")
def index() -> Response:
    """List the organisation's itineraries, filtered by ``q``, ``customer``, dates, violations."""
    repo = service.itineraries(api_actor())
    filters = Filters(
        text=_text_arg("q"),
        customer=_text_arg("customer"),
        date_from=_date_arg("from"),
        date_to=_date_arg("to"),
        violations=_bool_arg("violations"),
    )
    found = repo.find(filters)
    return jsonify({"count": len(found), "itineraries": [summary_json(i) for i in found]})


def _answer(itinerary: Itinerary, version: ItineraryVersion, status: int = 200) -> Response:
    fmt = calls.check_choice(
        "format", request.args.get("format", "json"), ("json", "gpx", "geojson", "ics")
    )
    if fmt != "json":
        stem = f"itinerary-{itinerary.id}-v{version.number}"
        return download(itinerary_of(version.snapshot), fmt, stem, itinerary.org_id)
    response = jsonify(service.version_json(itinerary, version))
    response.status_code = status
    response.headers["ETag"] = service.etag(itinerary.id, version.number)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.post("")
def create() -> Response:
    """Plan the trip in ``request`` and save it as itinerary ``name`` (201, version 1)."""
    actor = api_actor()
    body = _body(schemas.ITINERARY_CREATE)
    version = service.plan_and_save(
        actor, body["name"], body["request"], body.get("customer", ""), body.get("notes", "")
    )
    itinerary = service.itineraries(actor).get(version.itinerary_id)  # in the session
    response = _answer(itinerary, version, 201)  # before the commit expires both rows,
    response.headers["Location"] = url_for("itineraries_api.one", itinerary_id=itinerary.id)
    db().commit()  # which would read them back, the snapshot included; a failure is a 500
    return response


@bp.get("/<itinerary_id>")
def one(itinerary_id: str) -> Response:
    """Return the newest version's snapshot with its ETag (``?format=`` for an export)."""
    repo = service.itineraries(api_actor())
    itinerary = repo.get(_id(itinerary_id))
    version = repo.version(itinerary.id)
    if request.if_none_match.contains(service.etag(itinerary.id, version.number).strip('"')):
        return Response(status=304, headers={"ETag": service.etag(itinerary.id, version.number)})
    return _answer(itinerary, version)


def _if_match_required() -> Response:
    return problem(
        428,
        "Precondition Required",
        "Send `If-Match` with the ETag of the version this edit is based on (from GET).",
        slug="if-match-required",
        field="If-Match",
    )


def _edit_of(itinerary_id: str, schema: str) -> tuple[Any, int, Any, int, Any, Any]:
    """Return who edits which itinerary, from which version, with what body and day plans.

    Another organisation's id is a 404 before anything else; a missing ``If-Match`` is a
    428 (both raised). Returns ``(actor, id, repository, based_on, body, plans)``.
    """
    actor = api_actor()
    number = _id(itinerary_id)
    repo = service.itineraries(actor, "itineraries.edit")
    repo.get(number)  # 404 before anything else for another organisation's id
    if not request.headers.get("If-Match"):
        abort(_if_match_required())
    based_on = service.parse_if_match(request.headers.get("If-Match"), number)
    body = _body(schema)
    network = org_network(actor.org_id)
    plans = service.parse_day_plans(body["days"], network) if "days" in body else None
    return actor, number, repo, based_on, body, plans


@bp.patch("/<itinerary_id>")
def patch(itinerary_id: str) -> Response:
    """Save the changed fields as a new version, if ``If-Match`` names the newest one."""
    actor, number, repo, based_on, body, plans = _edit_of(itinerary_id, schemas.ITINERARY_PATCH)
    try:
        version = service.save_edit(actor, number, based_on, body, plans)
    except StaleVersionError as exc:
        db().rollback()
        return service.stale_problem(exc)  # type: ignore[no-any-return]
    db().commit()
    return _answer(repo.get(number), version)


@bp.post("/<itinerary_id>/reoptimise")
def reoptimise(itinerary_id: str) -> Response:
    """Re-optimise around the locks and save a new version, if ``If-Match`` is the newest."""
    actor, number, repo, based_on, body, plans = _edit_of(itinerary_id, schemas.REOPTIMISE)
    try:
        version, changes = service.reoptimise_and_save(
            actor,
            number,
            based_on,
            locked_days=[d - 1 for d in body.get("locked_days", [])],
            locked_stops=body.get("locked_stops", []),
            pin=body.get("pin", []),
            remove=body.get("remove", []),
            plans=plans,
            summary=body.get("summary", ""),
        )
    except StaleVersionError as exc:
        db().rollback()
        return service.stale_problem(exc)  # type: ignore[no-any-return]
    db().commit()
    itinerary = repo.get(number)
    response = jsonify(
        {**service.version_json(itinerary, version), "changes": service.changes_json(changes)}
    )
    response.headers["ETag"] = service.etag(itinerary.id, version.number)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/<itinerary_id>/versions")
def versions(itinerary_id: str) -> Response:
    """List the itinerary's versions, newest first, with author, time and what changed."""
    repo = service.itineraries(api_actor())
    found = repo.versions(_id(itinerary_id))
    authors = {v.author_id: v.author.label for v in found}
    return jsonify(
        {
            "count": len(found),
            "versions": [
                {
                    "version": v.number,
                    "saved_at": v.created_at.isoformat(),
                    "saved_by": authors[v.author_id],
                    **service.summary_fields(v.summary_said),
                    "name": v.name,
                    "stops": v.stops,
                    "violations": v.violations,
                    "url": url_for(
                        "itineraries_api.version", itinerary_id=v.itinerary_id, number=v.number
                    ),
                }
                for v in found
            ],
        }
    )


@bp.get("/<itinerary_id>/versions/<number>")
def version(itinerary_id: str, number: str) -> Response:
    """Return one saved version's snapshot (``?format=`` for an export)."""
    repo = service.itineraries(api_actor())
    itinerary = repo.get(_id(itinerary_id))
    found = repo.version(itinerary.id, _id(number, "version"))
    return _answer(itinerary, found)


@bp.get("/<itinerary_id>/share")
def shares(itinerary_id: str) -> Response:
    """List the itinerary's share links (their tokens are never shown again)."""
    repo = service.itineraries(api_actor())
    links = repo.share_links(_id(itinerary_id))
    return jsonify({"count": len(links), "links": [share_json(link) for link in links]})


@bp.post("/<itinerary_id>/share")
def share(itinerary_id: str) -> Response:
    """Make a share link to ``version`` (default: the newest) lasting ``expires_days``."""
    actor = api_actor()
    repo = service.itineraries(actor, "itineraries.share")
    itinerary = repo.get(_id(itinerary_id))
    body = _body(schemas.SHARE_CREATE)
    expires = utcnow() + dt.timedelta(days=int(body.get("expires_days", SHARE_DAYS)))
    link, token = repo.share(itinerary.id, int(body.get("version", itinerary.version)), expires)
    db().commit()
    response = jsonify(share_json(link, token))
    response.status_code = 201
    return response


@bp.delete("/<itinerary_id>/share/<link_id>")
def revoke_share(itinerary_id: str, link_id: str) -> Response:
    """Revoke a share link: its page answers 404 from now on."""
    repo = service.itineraries(api_actor(), "itineraries.share")
    repo.revoke_share(_id(itinerary_id), _id(link_id, "share link"))
    db().commit()
    return Response(status=204)


def _not_found(error: NotFoundError) -> Any:
    from tourlink_web.errors import _page, error_problem, web_message

    if request.path.startswith("/api/"):
        return error_problem(404, "Not Found", error, slug="not-found")
    from flask_babel import gettext as _

    return _page(404, _("Not found"), web_message(error))


def init_app(app: Flask) -> None:
    """Answer a record that is not the caller's (or does not exist) with 404."""
    app.register_error_handler(NotFoundError, _not_found)
