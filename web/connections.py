"""Connections between operators' tours: ``GET /api/v1/connections`` and its page.

The view parses the query, calls :func:`tourlink.connect.search` over the timetable the
public may see (shared tours only) and renders the ranked packages; every package has
passed the independent checker. The timetable is the tours and departures operators
stored (all organisations'; the asker's own unshared ones too), or, while none is stored,
the shipped example (``timetable.example.json``, marked as example data).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from tourlink import texts as library_texts
from tourlink.connect import (
    ConnectionQuery,
    Departure,
    Package,
    Timetable,
    Transfer,
    TransferRules,
    load_timetable,
    search,
    startable_after,
    why_not,
)
from tourlink.connect import texts as ct
from tourlink.connect.texts import TO_OR_ZONES
from tourlink.connect.timetable import EXAMPLE_FILE
from tourlink.connect.transfer import Transfers
from tourlink.dates import check_date
from tourlink.exceptions import InvalidRequestError
from tourlink.messages import message
from tourlink.model import MODES, ZONES
from tourlink.planner.serialize import itinerary_to_dict
from tourlink.translations import renderer
from tourlink_web import calls, present
from tourlink_web.i18n import current_language, render, render_options, texts
from tourlink_web.state import current

__all__ = ["bp", "openapi_paths", "openapi_schemas", "package_to_dict", "timetable"]

bp = Blueprint("connections", __name__)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_DAYS = 21


def timetable() -> Timetable:
    """Return the timetable the planner searches (all organisations' tours).

    The tours and departures operators stored (:mod:`tourlink.store.tours`); while none
    is stored, the shipped example timetable (its note says it is example data).
    """
    from tourlink.store.tours import stored_timetable
    from tourlink_web.database import db
    from tourlink_web.published import published_tours

    state = current()
    stored = stored_timetable(db(), routes=published_tours(), network=state.network)
    return stored if stored is not None else _example()


def _example() -> Timetable:
    """Return the shipped example timetable (loaded once, then kept)."""
    found: Timetable | None = current_app.extensions.get("tourlink-timetable")
    if found is None:
        from tourlink.read import default_data_dir

        state = current()
        folder = default_data_dir() if state.data_dir is None else state.data_dir
        path = f"{folder}/{EXAMPLE_FILE}"
        found = load_timetable(path, routes=list(state.tours.values()), network=state.network)
        current_app.extensions["tourlink-timetable"] = found
    return found


def _visible() -> Timetable:
    """Return the tours the asker may offer: shared ones, and their organisation's own."""
    from tourlink_web.auth import current_actor

    actor = current_actor()
    return timetable().visible_to(actor.org_slug if actor is not None else None)


def _transfers(rules: TransferRules) -> Transfers:
    """Return this process's transfers (and route caches) for ``rules``, kept across requests.

    Only a cache of pure results (routes and transfers on the loaded network): whichever
    worker answers, the packages are the same.
    """
    kept: dict[TransferRules, Transfers] = current_app.extensions.setdefault(
        "tourlink-transfers", {}
    )
    if rules not in kept:
        kept[rules] = Transfers(current().network, rules)
    return kept[rules]


def _date(value: str | None) -> dt.date:
    try:
        if value is None or not _DATE.fullmatch(value):
            raise ValueError(value)
        return check_date("date", dt.date.fromisoformat(value))
    except ValueError:
        said = library_texts.bad_value("date", value, message(library_texts.REAL_DATE))
        raise InvalidRequestError(said, field="date") from None


def _int(field: str, value: str | None, default: int, high: int) -> int:
    if value is None:
        return default
    number = int(value) if re.fullmatch("[0-9]{1,3}", value) else 0
    if not 1 <= number <= high:
        said = library_texts.bad_value(field, value, library_texts.between(1, high))
        raise InvalidRequestError(said, field=field)
    return number


def parse_query(args: Mapping[str, str]) -> ConnectionQuery:
    """Return the query of ``from``, ``date``, ``days``, ``to`` or ``zones``, ``mode``."""
    origin = calls.check_site("from", args.get("from"))
    to = calls.check_site("to", args["to"]) if args.get("to") else None
    zones = frozenset(
        calls.check_choice("zones", z.strip(), ZONES)
        for z in (args.get("zones") or "").split(",")
        if z.strip()
    )
    if to is None and not zones:
        raise InvalidRequestError(message(TO_OR_ZONES), field="to")
    mode = calls.check_choice("mode", args.get("mode", "car"), MODES)
    return ConnectionQuery(
        origin,
        _date(args.get("date")),
        _int("days", args.get("days"), 7, MAX_DAYS),
        to=to,
        zones=zones,
        rules=TransferRules(mode=mode),
        limit=_int("limit", args.get("limit"), 5, 10),
    )


def _transfer(t: Transfer) -> dict[str, Any]:
    return {
        "from": t.origin,
        "to": t.destination,
        "leave": t.leave.isoformat(timespec="minutes") if t.leave else None,
        "arrive": t.arrive.isoformat(timespec="minutes") if t.arrive else None,
        "minutes": round(t.minutes),
        "km": round(t.km, 1),
        "evening": t.evening,
        "crossings": list(t.crossings),
        "warnings": texts(t.warnings),
    }


def package_to_dict(package: Package, rank: int, currency: str) -> dict[str, Any]:
    """Return ``package`` as the API's ``Package`` object."""
    net = current().network
    tours = [
        {
            "departure": dep.id,
            "tour": dep.tour.id,
            "operator": dep.tour.operator,
            "route": dep.tour.route or None,
            "name": dep.tour.tour.name,
            "name_en": dep.tour.tour.name_en,
            "start": dep.tour.start,
            "end": dep.tour.end,
            "depart": dep.start.isoformat(timespec="minutes"),
            "arrive": dep.end.isoformat(timespec="minutes"),
            "price_from": str(dep.tour.price_from),
            "seats": dep.tour.seats,
            "languages": list(dep.tour.languages),
            "transfer": _transfer(transfer),
        }
        for transfer, dep in package.steps
    ]
    assert package.itinerary is not None
    return {
        "rank": rank,
        "days": package.days,
        "start": package.start.isoformat(),
        "end": package.end.isoformat(),
        "nights_in_transfer": package.nights_in_transfer,
        "transfer_minutes": package.transfer_minutes,
        "price_from": str(package.price_from),
        "currency": currency,
        "zones": sorted(package.zones),
        "operators": list(package.operators),
        "crossings": list(package.crossings),
        "papers": [render_options()["translate"](d) for d in package.papers(net)],
        "tours": tours,
        "final_transfer": _transfer(package.final) if package.final else None,
        "itinerary": itinerary_to_dict(package.itinerary, network=net, **render_options()),
    }


def _answer(args: Mapping[str, str]) -> dict[str, Any]:
    query = parse_query(args)
    table = _visible()
    net = current().network
    found, _ = search(table, query, network=net, transfers=_transfers(query.rules))
    out: dict[str, Any] = {
        "query": {
            "from": query.origin,
            "date": query.date.isoformat(),
            "days": query.days,
            "to": query.to,
            "zones": sorted(query.zones),
            "mode": query.rules.mode,
        },
        "note": table.note,
        "currency": table.currency,
        "count": len(found),
        "packages": [package_to_dict(p, i, table.currency) for i, p in enumerate(found, 1)],
    }
    if args.get("why"):
        render = renderer(current_language(), net)
        said = why_not(table, query, args["why"], network=net, transfers=_transfers(query.rules))
        out["why_not"] = [render(m) for m in said]
    return out


@bp.get("/api/v1/connections")
def connections_api() -> Response:
    """Return the ranked packages chaining shared tours from ``from`` in the window."""
    return jsonify(_answer(request.args))


def _startable(args: Mapping[str, str]) -> tuple[Departure, list[tuple[Departure, Transfer]]]:
    """Return the departure ``tour`` on ``date`` and what can start the day after it ends."""
    table = _visible()
    tour_id = args.get("tour", "")
    tour = table.tour(tour_id)
    if tour is None:
        raise InvalidRequestError(
            library_texts.bad_value("tour", tour_id, message(ct.EXPECT_SHARED_TOUR)), field="tour"
        )
    date = _date(args.get("date"))
    if not tour.runs_on(date):
        raise InvalidRequestError(
            message(
                ct.NOT_ON_DATE, field=library_texts.field_ref("date"), tour=repr(tour_id), date=date
            ),
            field="date",
        )
    after = Departure(tour, date)
    return after, startable_after(table, after, network=current().network)


@bp.get("/api/v1/connections/next")
def next_api() -> Response:
    """Return what can start the day after ``tour`` (departing on ``date``) ends."""
    after, found = _startable(request.args)
    return jsonify(
        {
            "after": {
                "departure": after.id,
                "end": after.tour.end,
                "arrive": after.end.isoformat(timespec="minutes"),
            },
            "next": [
                {
                    "departure": d.id,
                    "tour": d.tour.id,
                    "operator": d.tour.operator,
                    "start": d.tour.start,
                    "depart": d.start.isoformat(timespec="minutes"),
                    "price_from": str(d.tour.price_from),
                    "transfer": _transfer(t),
                }
                for d, t in found
            ],
        }
    )


@bp.get("/connections/next/")
def next_page() -> str:
    """Render 'from where this tour ends, what can start the next day' for a tour and date."""
    after: Departure | None = None
    found: list[tuple[Departure, Transfer]] = []
    problem = ""
    if request.args.get("tour"):
        try:
            after, found = _startable(request.args)
        except InvalidRequestError as exc:
            problem = render(exc.message)
    return _page(
        "connections/next.html",
        after=after,
        found=found,
        problem=problem,
        currency=timetable().currency,
    )


def _page(template: str, **values: Any) -> str:
    """Render a connections page with the site names, today and the tours to choose from."""
    return render_template(
        template,
        sites=current().network.sites,
        today=dt.date.today().isoformat(),
        tours=_tour_choices(),
        **values,
    )


@bp.get("/connections/")
def connections_page() -> str:
    """Render the connection planner: the form and, once asked, the ranked packages."""
    answer, problem = None, ""
    if request.args.get("from"):
        args = request.args.to_dict()
        if request.args.getlist("zone"):
            args["zones"] = ",".join(request.args.getlist("zone"))
        try:
            answer = _answer(args)
        except InvalidRequestError as exc:
            problem = render(exc.message)
    return _page(
        "connections/index.html",
        answer=answer,
        problem=problem,
        zones=ZONES,
        zone_labels=present.ZONE_LABELS,
        modes=MODES,
        targets=save_targets() if answer and answer["packages"] else [],
    )


def _tour_choices() -> list[tuple[str, str]]:
    """Return ``(id, name)`` of the tours the asker may offer, by name in the page's language."""
    english = current_language() == "en"
    named = [
        (t.id, (t.tour.name_en or t.tour.name) if english else t.tour.name)
        for t in _visible().tours
    ]
    return sorted(named, key=lambda pair: (pair[1].casefold(), pair[0]))


_STR: dict[str, Any] = {"type": "string"}
_OPT: dict[str, Any] = {"type": ["string", "null"]}
_INT: dict[str, Any] = {"type": "integer"}
_STRS: dict[str, Any] = {"type": "array", "items": _STR}


def _obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "required": sorted(props), "properties": props}


def openapi_schemas() -> dict[str, dict[str, Any]]:
    """Return the OpenAPI schemas of ``GET /api/v1/connections``."""
    transfer = _obj(
        **{"from": _STR, "to": _STR},
        leave=_OPT,
        arrive=_OPT,
        minutes=_INT,
        km={"type": "number"},
        evening={"type": "boolean"},
        crossings=_STRS,
        warnings=_STRS,
    )
    leg = _obj(
        departure=_STR,
        tour=_STR,
        operator=_STR,
        route=_OPT,
        name=_STR,
        name_en=_STR,
        start=_STR,
        end=_STR,
        depart=_STR,
        arrive=_STR,
        price_from=_STR,
        seats=_INT,
        languages=_STRS,
        transfer={"$ref": "#/components/schemas/ConnectionTransfer"},
    )
    package = _obj(
        rank=_INT,
        days=_INT,
        start=_STR,
        end=_STR,
        nights_in_transfer=_INT,
        transfer_minutes=_INT,
        price_from=_STR,
        currency=_STR,
        zones=_STRS,
        operators=_STRS,
        crossings=_STRS,
        papers=_STRS,
        tours={"type": "array", "items": {"$ref": "#/components/schemas/ConnectionTour"}},
        final_transfer={
            "oneOf": [{"$ref": "#/components/schemas/ConnectionTransfer"}, {"type": "null"}]
        },
        itinerary={"$ref": "#/components/schemas/Itinerary"},
    )
    answer = _obj(
        query={"type": "object"},
        note=_STR,
        currency=_STR,
        count=_INT,
        packages={"type": "array", "items": {"$ref": "#/components/schemas/Package"}},
    )
    answer["properties"]["why_not"] = _STRS
    return {
        "ConnectionTransfer": transfer,
        "ConnectionTour": leg,
        "Package": package,
        "Connections": answer,
    }


def openapi_paths() -> dict[str, Any]:
    """Return the OpenAPI path item of ``GET /api/v1/connections``."""

    def param(name: str, schema: dict[str, Any], text: str, required: bool = False) -> Any:
        return {
            "name": name,
            "in": "query",
            "required": required,
            "schema": schema,
            "description": text,
        }

    slug = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80}
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    following = {
        "get": {
            "summary": "List the shared departures that can start the day after a tour ends.",
            "parameters": [
                param("tour", _STR, "Id of a shared tour of the timetable.", True),
                param(
                    "date",
                    {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                    "The date the tour departs, YYYY-MM-DD.",
                    True,
                ),
            ],
            "responses": {
                "200": {
                    "description": "Departures of the next day, nearest transfer first.",
                    "content": {
                        "application/json": {
                            "schema": _obj(
                                after={"type": "object"},
                                next={"type": "array", "items": {"type": "object"}},
                            )
                        }
                    },
                },
                "400": {"description": "Problem details (RFC 9457).", "content": problem},
                "default": {"description": "Problem details (RFC 9457).", "content": problem},
            },
        }
    }
    return {
        "/api/v1/connections/next": following,
        "/api/v1/connections": {
            "get": {
                "summary": "Rank packages chaining operators' shared tours by their departures.",
                "parameters": [
                    param("from", slug, "Site id the trip starts from.", True),
                    param(
                        "date",
                        {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                        "First day of the window, YYYY-MM-DD.",
                        True,
                    ),
                    param(
                        "days",
                        {"type": "integer", "minimum": 1, "maximum": MAX_DAYS},
                        "Length of the window in days (default 7).",
                    ),
                    param("to", slug, "Site id the trip must end at."),
                    param("zones", _STR, "Comma-separated zones the tours must cover."),
                    param("mode", {"enum": list(MODES), "default": "car"}, "Transfer mode."),
                    param(
                        "limit",
                        {"type": "integer", "minimum": 1, "maximum": 10},
                        "Most packages (default 5).",
                    ),
                    param("why", _STR, "A tour id: say why it is or is not offered."),
                ],
                "responses": {
                    "200": {
                        "description": "Ranked packages, best first.",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Connections"}
                            }
                        },
                    },
                    "400": {"description": "Problem details (RFC 9457).", "content": problem},
                    "default": {"description": "Problem details (RFC 9457).", "content": problem},
                },
            }
        },
    }


# Saving a planned connection as a package in the workspace (issue 11 §5) ----------------


def _package_of(form: Mapping[str, str]) -> Package:
    """Return package ``rank`` of the form's ``query``, the one whose departures it names."""
    from urllib.parse import parse_qsl

    pairs = parse_qsl(form.get("query", "")[:2000])
    args = {k: v for k, v in pairs if k != "zone"}
    if not args.get("zones"):
        args["zones"] = ",".join(v for k, v in pairs if k == "zone")
    query = parse_query(args)
    found, _ = search(
        _visible(), query, network=current().network, transfers=_transfers(query.rules)
    )
    rank = _int("rank", form.get("rank"), 1, len(found) or 1)
    departures = form.get("departures", "")
    package = found[rank - 1] if rank <= len(found) else None
    if package is None or ",".join(d.id for _, d in package.steps) != departures:
        raise InvalidRequestError(
            message(
                ct.PACKAGE_GONE,
                field=library_texts.field_ref("departures"),
                rank=rank,
                departures=f"{departures!r:.200}",
            ),
            field="departures",
        )
    return package


def _into(value: str | None) -> tuple[int, int] | None:
    """Return the form's ``into`` (``"ITINERARY@VERSION"``) as numbers; ``None``: a new one."""
    if not value:
        return None
    found = re.fullmatch(r"(\d{1,12})@(\d{1,9})", value.strip())
    if found is None:
        raise InvalidRequestError(
            library_texts.bad_value("into", str(value)[:40], message(ct.EXPECT_INTO)), field="into"
        )
    return int(found[1]), int(found[2])


def save_targets() -> list[tuple[str, str, int]]:
    """Return ``(into value, name, version)`` of the actor's itineraries saved from here."""
    from tourlink.store.packages import saved_packages
    from tourlink_web.auth import current_actor
    from tourlink_web.database import db

    actor = current_actor()
    if actor is None or not actor.may("itineraries.edit"):
        return []
    return [(f"{i.id}@{i.version}", i.name, i.version) for i in saved_packages(db(), actor)]


@bp.post("/connections/save")
def save_connection() -> Any:
    """Save a planned package as an itinerary of the logged-in operator (form, CSRF).

    With ``into`` (``ITINERARY@VERSION``, an itinerary saved from the planner and the
    version the page showed) the package becomes that itinerary's next version; if a
    version was saved meanwhile, nothing is written and the conflict page (409) says who
    saved what.
    """
    from flask import abort, redirect, url_for

    from tourlink.store import StaleVersionError
    from tourlink.store.packages import save_package
    from tourlink_web.auth import current_actor
    from tourlink_web.database import db

    actor = current_actor()
    if actor is None:
        return redirect(url_for("auth.login", next=url_for("connections.connections_page")))
    if not actor.may("itineraries.edit"):
        abort(403)
    name = request.form.get("name", "").strip()
    if not 1 <= len(name) <= 200:
        raise InvalidRequestError(
            message(
                library_texts.LENGTH,
                field=library_texts.field_ref("name"),
                most=200,
                size=len(name),
            ),
            field="name",
        )
    into = _into(request.form.get("into"))
    package = _package_of(request.form)
    try:
        version = save_package(db(), actor, package, current().network, name=name, into=into)
    except StaleVersionError as exc:
        db().rollback()
        assert into is not None
        return render_template("workspace/conflict.html", record_id=into[0], error=exc), 409
    db().commit()
    return redirect(url_for("itineraries.page", itinerary_id=version.itinerary_id))
