"""The library calls the views make, with the web's limits and field names applied.

Each function validates its *web* inputs (query strings, bodies), names the field at fault
in an :class:`~tourlink.exceptions.InvalidRequestError`, then calls the library once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from flask import Response, current_app

from tourlink import texts
from tourlink.connect import connect
from tourlink.dates import check_date
from tourlink.exceptions import InvalidRequestError, UnknownSiteError
from tourlink.export import export
from tourlink.itinerary import Itinerary, TripRequest
from tourlink.messages import message
from tourlink.model import MODES, Route
from tourlink.planner.plan import PlanParams, plan
from tourlink.planner.request import parse_request
from tourlink.routing import alternatives, matrix, route
from tourlink.tours import Tour
from tourlink_web.database import end_reads
from tourlink_web.errors import error_message
from tourlink_web.i18n import renderer
from tourlink_web.openapi import DATE, DEPART
from tourlink_web.state import current

__all__ = [
    "EXPORT_FORMATS",
    "check_choice",
    "check_site",
    "download",
    "find_routes",
    "parse_depart",
    "plan_trip",
    "schedule_tour",
    "travel_matrix",
]

EXPORT_FORMATS = ("gpx", "geojson", "ics")


def check_choice(field: str, value: object, choices: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise naming ``field``."""
    if not isinstance(value, str) or value not in choices:
        expected = message(texts.ONE_OF, choices=", ".join(choices))
        raise InvalidRequestError(texts.bad_value(field, value, expected), field=field)
    return value


def check_site(field: str, value: object) -> str:
    """Return ``value`` if it is a known site id, else raise naming ``field``."""
    if not isinstance(value, str) or not value:
        said = texts.bad_value(field, value, message(texts.SITE_ID))
        raise InvalidRequestError(said, field=field)
    try:
        current().network.site(value)
    except UnknownSiteError as exc:
        said = message(
            texts.FIELD_PROBLEM, field=texts.field_ref(field), problem=error_message(exc)
        )
        raise InvalidRequestError(said, field=field) from None
    return value


def parse_depart(value: str | None) -> dt.datetime | None:
    """Return the departure time from ``YYYY-MM-DDTHH:MM`` (local time), or ``None``."""
    if value is None:
        return None
    try:
        if not re.fullmatch(DEPART, value):
            raise ValueError(value)
        return dt.datetime.fromisoformat(value)
    except ValueError:
        said = texts.bad_value("depart", value, message(texts.REAL_DEPART))
        raise InvalidRequestError(said, field="depart") from None


def _int_arg(field: str, value: str | None, default: int, low: int, high: int) -> int:
    if value is None:
        return default
    number = int(value) if re.fullmatch("[0-9]{1,6}", value) else low - 1
    if not low <= number <= high:
        said = texts.bad_value(field, value, texts.between(low, high))
        raise InvalidRequestError(said, field=field)
    return number


def find_routes(args: Mapping[str, str]) -> list[Route]:
    """Find the route(s) asked for by ``from``, ``to``, ``mode``, ``depart``, ``alternatives``."""
    origin = check_site("from", args.get("from"))
    destination = check_site("to", args.get("to"))
    mode = check_choice("mode", args.get("mode", "car"), MODES)
    depart = parse_depart(args.get("depart"))
    count = _int_arg(
        "alternatives", args.get("alternatives"), 1, 1, current_app.config["MAX_ALTERNATIVES"]
    )
    network = current().network
    if count == 1:
        return [route(origin, destination, mode=mode, depart=depart, network=network)]
    return alternatives(origin, destination, k=count, mode=mode, depart=depart, network=network)


def travel_matrix(body: object) -> dict[str, Any]:
    """Return the travel-time matrix asked for by a ``{"ids": [...], "mode": ...}`` body."""
    if not isinstance(body, Mapping):
        said = message(texts.BODY_NOT_OBJECT, value=f"{body!r:.60}")
        raise InvalidRequestError(said, field="body")
    ids = body.get("ids")
    limit = current_app.config["MAX_MATRIX_IDS"]
    if not isinstance(ids, list) or not 1 <= len(ids) <= limit:
        expected = message(texts.ID_COUNT, limit=str(limit))
        said = message(
            texts.BAD_VALUE, field=texts.field_ref("ids"), expected=expected, value=f"{ids!r:.80}"
        )
        raise InvalidRequestError(said, field="ids")
    for site_id in ids:
        check_site("ids", site_id)
    mode = check_choice("mode", body.get("mode", "car"), MODES)
    result = matrix(ids, mode=mode, network=current().network)

    def clean(rows: Sequence[Sequence[float | None]]) -> list[list[float | None]]:
        return [
            [None if v is None or v == float("inf") else round(v, 1) for v in row] for row in rows
        ]

    return {
        "ids": list(result.ids),
        "mode": mode,
        "minutes": clean(result.minutes),
        "km": clean(result.km),
    }


def _field_of(site_id: str, data: Mapping[str, Any]) -> str:
    for key, value in data.items():
        values = value if isinstance(value, list | tuple) else str(value).split(",")
        if site_id in [str(v).strip() for v in values]:
            return str(key)
    return "request"


def parse_trip(data: object) -> TripRequest:
    """Parse a trip request (JSON object or form fields) and apply the web's size limits."""
    if not isinstance(data, Mapping):
        said = message(texts.BODY_NOT_OBJECT, value=f"{data!r:.60}")
        raise InvalidRequestError(said, field="body")
    network = current().network
    try:
        request = parse_request(data, network=network)
    except UnknownSiteError as exc:
        raise InvalidRequestError(error_message(exc), field=_field_of(exc.site_id, data)) from None
    config = current_app.config
    limits = (
        ("days", request.days, config["MAX_DAYS"]),
        ("must_visit", len(request.must_visit), config["MAX_MUST_VISIT"]),
        ("avoid", len(request.avoid), config["MAX_AVOID"]),
        ("interests", len(request.interests), config["MAX_INTERESTS"]),
    )
    for field, size, limit in limits:
        if size > limit:
            said = message(
                texts.OVER_LIMIT, field=texts.field_ref(field), limit=str(limit), size=str(size)
            )
            raise InvalidRequestError(said, field=field)
    return request


def plan_trip(data: object) -> Itinerary:
    """Parse ``data`` as a trip request and plan it within the configured time limit.

    No worker keeps plans of its own: what a page shows must not depend on which worker
    answers. The planner gives the same itinerary for the same request and seed (unless
    the time limit cuts the search short on a loaded machine), so the result page, its
    print view and its downloads agree; an itinerary that must never change is saved in
    the workspace, whose pages and exports read the stored snapshot.
    """
    request = parse_trip(data)
    limit = float(current_app.config["PLAN_TIME_LIMIT"])
    end_reads()  # a signed-in user's reads (who they are) end before half a second of planning
    return plan(request, network=current().network, params=PlanParams(time_limit=limit))


def schedule_tour(tour: Tour, start_date: str | None, mode: str | None) -> Itinerary:
    """Give a published tour dates and times from ``start_date`` (default: today)."""
    try:
        if start_date is not None and not re.fullmatch(DATE, start_date):
            raise ValueError(start_date)
        day = dt.date.fromisoformat(start_date) if start_date is not None else dt.date.today()
    except ValueError:
        said = texts.bad_value("start_date", start_date, message(texts.REAL_DATE))
        raise InvalidRequestError(said, field="start_date") from None
    check_date("start_date", day)
    chosen = check_choice("mode", "car" if mode is None else mode, MODES)
    return connect([tour], start_date=day, mode=chosen, network=current().network)


def download(obj: Route | Itinerary, fmt: str | None, stem: str) -> Response:
    """Return ``obj`` exported as ``fmt`` (gpx, geojson, ics) as a file download."""
    chosen = check_choice("format", fmt, EXPORT_FORMATS)
    data, mime, ext = export(obj, chosen, sites=current().network.sites, say=renderer())
    response = Response(data, mimetype=mime)
    response.headers["Content-Disposition"] = f'attachment; filename="{stem}.{ext}"'
    return response
