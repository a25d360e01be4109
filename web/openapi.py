"""The OpenAPI 3.1 document of ``/api/v1`` and the JSON Schemas the API validates bodies with.

The request-body schemas are used twice: published in the document and applied to every
POST body (:func:`validate_body`), so the document says exactly what the API accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jsonschema  # type: ignore[import-untyped,unused-ignore]

from tourlink import __version__
from tourlink.exceptions import InvalidRequestError
from tourlink.itinerary import MAX_DAYS, PACE_PROFILES
from tourlink.model import COUNTRIES, MODES, ZONES
from tourlink.planner.request import CATEGORIES
from tourlink.translations import LANGUAGES
from tourlink_web.body import schema_field, schema_message
from tourlink_web.quotes import schemas as quotes
from tourlink_web.workspace import schemas as workspace

__all__ = [
    "DATE",
    "DEPART",
    "EXAMPLE_PLAN",
    "SLUG",
    "TIME",
    "body_schemas",
    "document",
    "validate_body",
]

SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TIME = "^([01][0-9]|2[0-3]):[0-5][0-9]$"
DEPART = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]$"
# What the published document promises: dates of the years the library plans
# (2000-01-01 to 2099-12-31, tourlink.dates). The server checks the looser DATE/DEPART
# so that a year out of range gets the library's message naming the range.
_DAY = (  # exactly the real dates of 2000-2099 (every year divisible by 4 is a leap year)
    "(20[0-9]{2}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])"
    "|20[0-9]{2}-(0[469]|11)-(0[1-9]|[12][0-9]|30)"
    "|20[0-9]{2}-02-(0[1-9]|1[0-9]|2[0-8])"
    "|20(0[048]|[2468][048]|[13579][26])-02-29)"
)
_PUBLISHED = {DATE: f"^{_DAY}$", DEPART: f"^{_DAY}T([01][0-9]|2[0-3]):[0-5][0-9]$"}
KINDS = ("attraction", "town", "gateway")
FORMATS = ("gpx", "geojson", "ics")

#: A real 3-day trip on the shipped data (tests plan it through the API).
EXAMPLE_PLAN: dict[str, Any] = {
    "start": "kon-tum-city-centre",
    "start_date": "2026-03-02",
    "days": 3,
    "mode": "car",
    "interests": {"nature": 2, "culture": 1.5},
    "must_visit": ["kon-tum-wooden-church", "thac-pa-sy"],
}
EXAMPLE_MATRIX: dict[str, Any] = {
    "ids": ["kon-tum-wooden-church", "thac-pa-sy", "cua-khau-quoc-te-bo-y"],
    "mode": "car",
}

_ID = {"type": "string", "pattern": SLUG, "maxLength": 80}
_STR = {"type": "string"}
_NUM = {"type": "number"}
_INT = {"type": "integer"}
_STRS = {"type": "array", "items": _STR}


def body_schemas(config: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Return the JSON Schemas of the ``TripRequest`` and ``MatrixRequest`` bodies."""
    ids = {"type": "array", "items": _ID, "uniqueItems": True}
    trip = {
        "type": "object",
        "required": ["start", "start_date", "days"],
        "additionalProperties": False,
        "properties": {
            "start": _ID,
            "end": {"anyOf": [_ID, {"type": "null"}]},
            "start_date": {"type": "string", "format": "date", "pattern": DATE},
            "days": {
                "type": "integer",
                "minimum": 1,
                "maximum": min(MAX_DAYS, int(config["MAX_DAYS"])),
            },
            "day_start": {"type": "string", "pattern": TIME},
            "day_end": {"type": "string", "pattern": TIME},
            "lunch_start": {"type": "string", "pattern": TIME},
            "lunch_end": {"type": "string", "pattern": TIME},
            "lunch_minutes": {"type": "integer", "minimum": 0, "maximum": 240},
            "max_drive_minutes": {"type": "integer", "minimum": 30, "maximum": 1440},
            "mode": {"enum": list(MODES)},
            "interests": {
                "type": "object",
                "propertyNames": {"enum": list(CATEGORIES)},
                "additionalProperties": {"type": "number", "minimum": 0, "maximum": 10},
            },
            "must_visit": {**ids, "maxItems": int(config["MAX_MUST_VISIT"])},
            "avoid": {**ids, "maxItems": int(config["MAX_AVOID"])},
            "pace": {"type": "number", "minimum": 0.25, "maximum": 4},
            "passports": {"type": "boolean"},
            "vehicle_papers": {"type": "boolean"},
            "avoid_risky_roads": {"type": "boolean"},
            "pace_profile": {"enum": list(PACE_PROFILES)},
            "max_visits": {"type": ["integer", "null"], "minimum": 1, "maximum": 20},
            "max_active_minutes": {"type": ["integer", "null"], "minimum": 120, "maximum": 1440},
        },
    }
    matrix = {
        "type": "object",
        "required": ["ids"],
        "additionalProperties": False,
        "properties": {
            "ids": {
                "type": "array",
                "items": _ID,
                "minItems": 1,
                "maxItems": int(config["MAX_MATRIX_IDS"]),
            },
            "mode": {"enum": list(MODES)},
        },
    }
    return {"TripRequest": trip, "MatrixRequest": matrix}


def validate_body(body: Any, schema: Mapping[str, Any]) -> None:
    """Raise :class:`InvalidRequestError` naming the field if ``body`` breaks ``schema``."""
    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(body))
    if error is None:
        return
    raise InvalidRequestError(schema_message(error), field=schema_field(error))


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


LANGUAGE_TEXT = (
    "Every warning, note and error is a structured message: a stable `code`, its "
    "`params` (ISO 8601 dates and times, numbers, and references to named things as "
    "`{kind, id, name}`; nested messages in the same form) and its `text` rendered in the "
    "language asked for: `lang` (`vi`, `en` or `lo`) in the query, else the "
    "`Accept-Language` header, else English. Fields holding plain texts (`warnings`, "
    "`notes`, `detail`) carry the same `text`s; `warning_messages`, `note_messages` and a "
    "problem's `message` carry the full messages, so a client may render them itself."
)
_MESSAGE = {
    "type": "object",
    "required": ["code", "params", "text"],
    "description": "A structured message (see the API description).",
    "properties": {
        "code": {"type": "string", "examples": ["gate.closure-wait"]},
        "params": {"type": "object"},
        "text": {"type": "string"},
    },
}
_MESSAGES = {"type": "array", "items": _MESSAGE}


def _obj(required: list[str], **props: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": props}


def _response_schemas() -> dict[str, dict[str, Any]]:
    nullable_num = {"type": ["number", "null"]}
    about = _obj(
        ["name", "version", "data_version", "openapi"],
        name=_STR,
        version=_STR,
        data_version=_STR,
        openapi=_STR,
    )
    site = _obj(
        [
            "id",
            "name",
            "name_en",
            "lat",
            "lon",
            "country",
            "zone",
            "kind",
            "categories",
            "opening_hours",
            "sources",
        ],
        id=_STR,
        name=_STR,
        name_en=_STR,
        name_lo=_STR,
        lat={"type": "number", "minimum": -90, "maximum": 90},
        lon={"type": "number", "minimum": -180, "maximum": 180},
        country={"enum": list(COUNTRIES)},
        zone={"enum": list(ZONES)},
        region=_STR,
        admin=_STR,
        admin_former=_STR,
        kind={"enum": list(KINDS)},
        categories=_STRS,
        visit_minutes=_INT,
        opening_hours=_STR,
        interest=_NUM,
        interest_reason=_STR,
        description=_STR,
        description_en=_STR,
        overnight={"type": "boolean"},
        timezone=_STR,
        sources=_STRS,
        fee={
            "anyOf": [
                {"type": "null"},
                _obj(["amount", "currency"], amount=_NUM, currency=_STR, note=_STR),
            ]
        },
        assumptions={"type": "array", "items": _obj(["field", "text"], field=_STR, text=_STR)},
    )
    detail = {
        "allOf": [
            _ref("Site"),
            _obj(
                ["opening_hours_text", "nearby"],
                opening_hours_text=_obj(["en", "vi"], en=_STR, vi=_STR),
                nearby={
                    "type": "array",
                    "items": _obj(["id", "name", "km"], id=_STR, name=_STR, km=_NUM),
                },
            ),
        ]
    }
    latlon = {"type": "array", "items": _NUM, "minItems": 2, "maxItems": 2}
    time_or_null = {"type": ["string", "null"]}
    leg = _obj(
        ["road", "from", "to", "km", "minutes"],
        road=_STR,
        to=_STR,
        km=_NUM,
        minutes=_NUM,
        road_class=_STR,
        mountain_pass={"type": "boolean"},
        seasonal_risks=_STRS,
        **{"from": _STR},
    )
    crossing = _obj(
        ["id", "name", "traveller_documents", "vehicle_documents"],
        id=_STR,
        name=_STR,
        direction=_STRS,
        arrive=time_or_null,
        depart=time_or_null,
        waited_minutes=_NUM,
        opening_hours=_STR,
        formalities_minutes=_INT,
        traveller_documents=_STRS,
        vehicle_documents=_STRS,
        notes=_STRS,
        note_messages=_MESSAGES,
    )
    route = _obj(
        ["from", "to", "mode", "km", "minutes", "roads", "legs", "geometry"],
        to=_STR,
        mode={"enum": list(MODES)},
        km=_NUM,
        minutes=_NUM,
        roads=_STRS,
        depart=time_or_null,
        arrive=time_or_null,
        legs={"type": "array", "items": leg},
        crossings={"type": "array", "items": crossing},
        warnings=_STRS,
        warning_messages=_MESSAGES,
        geometry={"type": "array", "items": latlon},
        **{"from": _STR},
    )
    matrix_rows = {"type": "array", "items": {"type": "array", "items": nullable_num}}
    stop = _obj(
        ["id", "name", "arrive", "start", "depart"],
        id=_STR,
        name=_STR,
        arrive=_STR,
        start=_STR,
        depart=_STR,
        score=_NUM,
        note=_STR,
    )
    day = _obj(
        ["date", "start", "depart", "stops", "overnight", "arrive", "km", "drive_minutes"],
        date=_STR,
        start=_STR,
        start_name=_STR,
        depart=_STR,
        stops={"type": "array", "items": stop},
        overnight=_STR,
        overnight_name=_STR,
        arrive=_STR,
        lunch={"type": ["object", "null"]},
        km=_NUM,
        drive_minutes=_NUM,
        crossings=_STRS,
        notes=_STRS,
        drives={"type": "array"},
    )
    itinerary = _obj(
        ["request", "days", "warnings", "totals"],
        request={"type": "object"},
        days={"type": "array", "items": day},
        warnings=_STRS,
        totals=_obj(
            ["score", "km", "drive_minutes", "stops", "fees"],
            score=_NUM,
            km=_NUM,
            drive_minutes=_NUM,
            stops=_INT,
            fees={"type": "object", "additionalProperties": _NUM},
        ),
    )
    tour_stop = _obj(
        ["site", "day"], site=_STR, day=_INT, minutes={"type": ["integer", "null"]}, note=_STR
    )
    tour = _obj(
        ["id", "name", "name_en", "days", "stops", "sources"],
        id=_STR,
        name=_STR,
        name_en=_STR,
        zones=_STRS,
        publisher=_STR,
        days=_INT,
        stops={"type": "array", "items": tour_stop},
        sources=_STRS,
        note=_STR,
    )
    problem = _obj(
        ["type", "title", "status", "detail"],
        type=_STR,
        title=_STR,
        status={"type": "integer", "minimum": 400, "maximum": 599},
        detail=_STR,
        message=_MESSAGE,
        field=_STR,
        current_version=_INT,
        based_on=_INT,
        saved_meanwhile={"type": "array", "items": _ref("SavedMeanwhile")},
        **{
            "invalid-params": {
                "type": "array",
                "items": _obj(["name", "reason"], name=_STR, reason=_STR),
            }
        },
    )
    return {
        "About": about,
        "Site": site,
        "SiteDetail": detail,
        "SiteList": _obj(
            ["count", "sites"], count=_INT, sites={"type": "array", "items": _ref("Site")}
        ),
        "Route": route,
        "RouteList": _obj(["routes"], routes={"type": "array", "items": _ref("Route")}),
        "Matrix": _obj(
            ["ids", "mode", "minutes", "km"],
            ids=_STRS,
            mode={"enum": list(MODES)},
            minutes=matrix_rows,
            km=matrix_rows,
        ),
        "Itinerary": itinerary,
        "Tour": tour,
        "TourList": _obj(
            ["count", "routes"], count=_INT, routes={"type": "array", "items": _ref("Tour")}
        ),
        "Problem": problem,
    }


def _param(
    name: str,
    schema: dict[str, Any],
    where: str = "query",
    *,
    required: bool = False,
    text: str = "",
) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "schema": schema,
        "description": text,
    }


def _json(schema: str) -> dict[str, Any]:
    return {"application/json": {"schema": _ref(schema)}}


_PROBLEM = {"application/problem+json": {"schema": _ref("Problem")}}
_FILES = {
    "application/gpx+xml": {"schema": _STR},
    "application/geo+json": {"schema": {}},
    "text/calendar": {"schema": _STR},
}


def _op(
    summary: str,
    ok: dict[str, Any],
    params: list[dict[str, Any]] | None = None,
    *,
    errors: tuple[int, ...] = (400,),
    body: str | None = None,
    example: dict[str, Any] | None = None,
) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": "Success.", "content": ok}}
    for status in errors:
        responses[str(status)] = {"description": "Problem details (RFC 9457).", "content": _PROBLEM}
    responses["default"] = {"description": "Problem details (RFC 9457).", "content": _PROBLEM}
    languages = [
        _param("lang", {"enum": list(LANGUAGES)}, text="Language of every message `text`."),
        _param(
            "Accept-Language",
            {"type": "string"},
            "header",
            text="Language of every message `text` when `lang` is not given (default en).",
        ),
    ]
    op: dict[str, Any] = {
        "summary": summary,
        "parameters": [*(params or []), *languages],
        "responses": responses,
    }
    if body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(body), "example": example}},
        }
    return op


def _route_params() -> list[dict[str, Any]]:
    return [
        _param("from", _ID, required=True, text="Site id of the origin."),
        _param("to", _ID, required=True, text="Site id of the destination."),
        _param("mode", {"enum": list(MODES), "default": "car"}),
        _param(
            "depart",
            {"type": "string", "pattern": DEPART},
            text="Local departure time, YYYY-MM-DDTHH:MM; arrival times are then given.",
        ),
    ]


def _paths(config: Mapping[str, Any]) -> dict[str, Any]:
    fmt = _param("format", {"enum": list(FORMATS)}, required=True)
    tour_id = _param("tour_id", _STR, "path")
    schedule = [
        _param(
            "start_date",
            {"type": "string", "format": "date", "pattern": DATE},
            text="First day (default: today).",
        ),
        _param("mode", {"enum": list(MODES), "default": "car"}),
    ]
    filters = [
        _param(
            "q",
            {"type": "string", "maxLength": 100},
            text="Name search, with or without diacritics.",
        )
    ]
    filters += [
        _param(n, {"enum": list(v)})
        for n, v in (
            ("zone", ZONES),
            ("category", CATEGORIES),
            ("country", COUNTRIES),
            ("kind", KINDS),
        )
    ]
    alternatives = _param(
        "alternatives",
        {"type": "integer", "minimum": 1, "maximum": int(config["MAX_ALTERNATIVES"])},
        text="How many different routes to return (default 1).",
    )
    plan_fmt = _param("format", {"enum": ["json", *FORMATS], "default": "json"})
    return {
        "/api/v1/": {
            "get": _op(
                "The API's entry point: software and data versions, the OpenAPI document.",
                _json("About"),
                errors=(),
            )
        },
        "/api/v1/sites": {"get": _op("List sites.", _json("SiteList"), filters)},
        "/api/v1/sites/{site_id}": {
            "get": _op(
                "Get one site.",
                _json("SiteDetail"),
                [_param("site_id", _STR, "path")],
                errors=(404,),
            )
        },
        "/api/v1/route": {
            "get": _op(
                "Find the route between two sites.",
                _json("RouteList"),
                [*_route_params(), alternatives],
                errors=(400, 422, 429),
            )
        },
        "/api/v1/route/export": {
            "get": _op(
                "Export the best route.",
                _FILES,
                [*_route_params(), fmt],
                errors=(400, 422, 429),
            )
        },
        "/api/v1/matrix": {
            "post": _op(
                "Travel minutes and km between sites.",
                _json("Matrix"),
                errors=(400, 413, 415, 422, 429),
                body="MatrixRequest",
                example=EXAMPLE_MATRIX,
            )
        },
        "/api/v1/plan": {
            "post": _op(
                "Plan a multi-day trip.",
                {**_json("Itinerary"), **_FILES},
                [plan_fmt],
                errors=(400, 413, 415, 422, 429),
                body="TripRequest",
                example=EXAMPLE_PLAN,
            )
        },
        "/api/v1/routes": {
            "get": _op("List the published tour routes.", _json("TourList"), errors=())
        },
        "/api/v1/routes/{tour_id}": {
            "get": _op("Get one published route.", _json("Tour"), [tour_id], errors=(404,))
        },
        "/api/v1/routes/{tour_id}/export": {
            "get": _op(
                "Export a published route scheduled from a date.",
                _FILES,
                [tour_id, fmt, *schedule],
                errors=(400, 404, 422),
            )
        },
    }


def document(state: Any, config: Mapping[str, Any]) -> dict[str, Any]:
    """Return the OpenAPI 3.1 document of the API served with ``config``."""
    from tourlink_web import connections

    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "tourlink API",
            "version": __version__,
            "description": "Routes and multi-day itineraries across Kon Tum, Măng Đen, "
            "Bờ Y and southern Laos. Errors are RFC 9457 problem details.\n\n" + LANGUAGE_TEXT,
        },
        "paths": {
            **_paths(config),
            **connections.openapi_paths(),
            **workspace.paths(EXAMPLE_PLAN),
            **quotes.paths(),
        },
        "components": {
            "schemas": {
                **_response_schemas(),
                **body_schemas(config),
                **connections.openapi_schemas(),
                **workspace.body_schemas(body_schemas(config)["TripRequest"]),
                **workspace.response_schemas(),
                **quotes.schemas(),
            },
            "securitySchemes": workspace.SECURITY_SCHEMES,
        },
    }
    site_ids = {"type": "string", "enum": sorted(state.network.sites)}
    published: dict[str, Any] = _with_site_ids(document, site_ids)
    return published


def _with_site_ids(node: Any, site_ids: dict[str, Any]) -> Any:
    """Return ``node`` as published: site ids as the catalogue's enum, dates in range.

    The published document then says which ids exist and which years are planned, so a
    request that follows it is never refused as an unknown site or a date out of range;
    the server's own validation keeps the looser patterns and answers an unknown id with
    a did-you-mean and a year out of range with the range.
    """
    if node == _ID:
        return site_ids
    if isinstance(node, dict):
        if node.get("pattern") in _PUBLISHED:
            node = {**node, "pattern": _PUBLISHED[node["pattern"]]}
        return {key: _with_site_ids(value, site_ids) for key, value in node.items()}
    if isinstance(node, list):
        return [_with_site_ids(value, site_ids) for value in node]
    return node
