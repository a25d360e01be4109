"""JSON Schemas of the workspace API bodies and its part of the OpenAPI document.

The body schemas are applied to every request (:func:`tourlink_web.openapi.validate_body`)
and published in the document, so the document says exactly what the API accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "DAYS_EDIT",
    "ITINERARY_CREATE",
    "ITINERARY_PATCH",
    "PLACE_CREATE",
    "PLACE_PATCH",
    "REOPTIMISE",
    "SHARE_CREATE",
    "TOKEN_REQUEST",
    "body_schemas",
    "paths",
    "response_schemas",
]

_ID = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80}
_TEXT200 = {"type": "string", "maxLength": 200}
_NAME = {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"}
_NOTES = {"type": "string", "maxLength": 20000}

TOKEN_REQUEST: dict[str, Any] = {
    "type": "object",
    "required": ["email", "password"],
    "additionalProperties": False,
    "properties": {
        "email": {"type": "string", "maxLength": 254},
        "password": {"type": "string", "maxLength": 1000},
        "label": {"type": "string", "maxLength": 100},
    },
}

#: One day of a hand edit: the stops in order (a site id, or ``{"id", "minutes"}``) and
#: where the night is spent.
DAYS_EDIT: dict[str, Any] = {
    "type": "array",
    "minItems": 1,
    "maxItems": 30,
    "items": {
        "type": "object",
        "required": ["stops"],
        "additionalProperties": False,
        "properties": {
            "stops": {
                "type": "array",
                "maxItems": 40,
                "items": {
                    "anyOf": [
                        _ID,
                        {
                            "type": "object",
                            "required": ["id"],
                            "additionalProperties": False,
                            "properties": {
                                "id": _ID,
                                "minutes": {"type": "integer", "minimum": 5, "maximum": 720},
                            },
                        },
                    ]
                },
            },
            "overnight": _ID,
        },
    },
}


#: An operator's own place (checked further by :func:`tourlink.places.check_place`).
PLACE_CREATE: dict[str, Any] = {
    "type": "object",
    "required": ["slug", "name", "kind", "lat", "lon"],
    "additionalProperties": False,
    "properties": {
        "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 60},
        "name": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S"},
        "kind": {"enum": ["hotel", "restaurant", "meeting-point", "site"]},
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "lon": {"type": "number", "minimum": -180, "maximum": 180},
        "visit_minutes": {"type": "integer", "minimum": 0, "maximum": 720},
        "opening_hours": {"type": "string", "minLength": 1, "maxLength": 200},
    },
}


#: The fields of an own place to change (its slug, which names its site id, stays).
PLACE_PATCH: dict[str, Any] = {
    "type": "object",
    "minProperties": 1,
    "additionalProperties": False,
    "properties": {k: v for k, v in PLACE_CREATE["properties"].items() if k != "slug"},
}


def body_schemas(trip_request: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Return the workspace body schemas; ``trip_request`` is the API's TripRequest schema."""
    create = {
        "type": "object",
        "required": ["name", "request"],
        "additionalProperties": False,
        "properties": {
            "name": _NAME,
            "customer": _TEXT200,
            "notes": _NOTES,
            "request": dict(trip_request),
        },
    }
    patch = {
        "type": "object",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {
            "name": _NAME,
            "customer": _TEXT200,
            "notes": _NOTES,
            "days": DAYS_EDIT,
            "summary": {"type": "string", "maxLength": 300},
        },
    }
    reoptimise = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "locked_days": {
                "type": "array",
                "maxItems": 30,
                "uniqueItems": True,
                "items": {"type": "integer", "minimum": 1, "maximum": 30},
                "description": "Days (counted from 1) kept exactly: same visits, order, night.",
            },
            "locked_stops": {
                "type": "array",
                "maxItems": 100,
                "uniqueItems": True,
                "items": _ID,
                "description": "Site ids of the version that stay on their day.",
            },
            "pin": {"type": "array", "maxItems": 40, "uniqueItems": True, "items": _ID},
            "remove": {"type": "array", "maxItems": 40, "uniqueItems": True, "items": _ID},
            "days": DAYS_EDIT,
            "summary": {"type": "string", "maxLength": 300},
        },
    }
    share = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "version": {"type": "integer", "minimum": 1},
            "expires_days": {"type": "integer", "minimum": 1, "maximum": 365},
        },
    }
    return {
        "TokenRequest": TOKEN_REQUEST,
        "ItineraryCreate": create,
        "ItineraryPatch": patch,
        "ShareCreate": share,
        "Reoptimise": reoptimise,
        "OwnPlaceCreate": PLACE_CREATE,
        "OwnPlacePatch": PLACE_PATCH,
    }


ITINERARY_CREATE = "ItineraryCreate"
ITINERARY_PATCH = "ItineraryPatch"
REOPTIMISE = "Reoptimise"
SHARE_CREATE = "ShareCreate"

_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
_ANY_OBJECT = {"application/json": {"schema": {"type": "object"}}}
_VERSION = {"application/json": {"schema": {"$ref": "#/components/schemas/ItineraryVersion"}}}
_VERSIONS = {"application/json": {"schema": {"$ref": "#/components/schemas/ItineraryVersionList"}}}

_STRING = {"type": "string"}
_INTEGER = {"type": "integer"}
_SUMMARY = {
    "type": "string",
    "description": "What changed, for the history: the text a person typed, or the "
    "software's summary in the language asked for.",
}
#: A version's summary as a message, or ``null`` (see the description).
SUMMARY_MESSAGE: dict[str, Any] = {
    "type": ["object", "null"],
    "required": ["code", "params", "text"],
    "description": "The summary the software wrote (`history.planned`, `history.from-route`, "
    "`history.edited`, `history.reoptimised`, `history.restored`, `history.copied` …) as a "
    "structured message: `code`, `params` (a published route as `{kind: route, id, name}`, "
    "an itinerary as `{kind: itinerary, id, name}`) and `text` in the language asked for. "
    "`null` for a summary a person typed, or one saved before summaries were stored as "
    "messages: `summary` is then that text.",
    "properties": {
        "code": {"type": "string", "examples": ["history.restored"]},
        "params": {"type": "object"},
        "text": {"type": "string"},
    },
}


def response_schemas() -> dict[str, dict[str, Any]]:
    """Return the schemas of the workspace's answers that carry a version's summary."""
    listed = {
        "type": "object",
        "required": ["version", "saved_at", "saved_by", "summary", "summary_message", "url"],
        "properties": {
            "version": _INTEGER,
            "saved_at": {"type": "string", "format": "date-time"},
            "saved_by": _STRING,
            "summary": _SUMMARY,
            "summary_message": SUMMARY_MESSAGE,
            "name": _STRING,
            "stops": _INTEGER,
            "violations": _INTEGER,
            "url": _STRING,
        },
    }
    return {
        "ItineraryVersion": {
            "type": "object",
            "description": "A saved version: the plan's itinerary shape (days, warnings, "
            "totals …) plus what the workspace keeps about it.",
            "required": ["id", "version", "latest_version", "name", "summary", "summary_message"],
            "properties": {
                "id": _INTEGER,
                "version": _INTEGER,
                "latest_version": _INTEGER,
                "name": _STRING,
                "customer": _STRING,
                "notes": _STRING,
                "saved_at": {"type": "string", "format": "date-time"},
                "saved_by": _STRING,
                "summary": _SUMMARY,
                "summary_message": SUMMARY_MESSAGE,
            },
        },
        "ItineraryVersionList": {
            "type": "object",
            "required": ["count", "versions"],
            "properties": {"count": _INTEGER, "versions": {"type": "array", "items": listed}},
        },
        "SavedMeanwhile": {
            "type": "object",
            "description": "A version saved after the one a refused edit was based on (409).",
            "required": ["version", "author", "saved_at", "summary", "summary_message"],
            "properties": {
                "version": _INTEGER,
                "author": _STRING,
                "saved_at": {"type": "string", "format": "date-time"},
                "summary": _SUMMARY,
                "summary_message": SUMMARY_MESSAGE,
            },
        },
    }


_FILES = {
    "application/gpx+xml": {"schema": {"type": "string"}},
    "application/geo+json": {"schema": {}},
    "text/calendar": {"schema": {"type": "string"}},
}
_SECURITY: list[dict[str, list[str]]] = [{"bearer": []}, {"session": []}]


def _responses(ok: str, content: Mapping[str, Any], errors: tuple[int, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {ok: {"description": "Success.", "content": dict(content)}}
    if ok == "204":
        out[ok] = {"description": "Done."}
    for status in errors:
        out[str(status)] = {"description": "Problem details (RFC 9457).", "content": _PROBLEM}
    out["default"] = {"description": "Problem details (RFC 9457).", "content": _PROBLEM}
    return out


def _op(
    summary: str,
    *,
    ok: str = "200",
    content: Mapping[str, Any] = _ANY_OBJECT,
    params: list[dict[str, Any]] | None = None,
    body: str | None = None,
    example: Any = None,
    errors: tuple[int, ...] = (400, 401, 404),
    secured: bool = True,
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "parameters": params or [],
        "responses": _responses(ok, content, errors),
    }
    if secured:
        op["security"] = _SECURITY
    if body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": f"#/components/schemas/{body}"},
                    "example": example,
                }
            },
        }
    return op


def _path_param(name: str, text: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": "^[0-9]{1,9}$"},
        "description": text,
    }


def paths(example_trip: Mapping[str, Any]) -> dict[str, Any]:
    """Return the workspace's OpenAPI path items."""
    item = _path_param("itinerary_id", "The itinerary's id.")
    number = _path_param("number", "The version's number.")
    link = _path_param("link_id", "The share link's id.")
    place = _path_param("place_id", "The own place's id.")
    fmt = {
        "name": "format",
        "in": "query",
        "required": False,
        "schema": {"enum": ["json", "gpx", "geojson", "ics"]},
        "description": "json (default), or an export of the stored snapshot.",
    }
    if_match = {
        "name": "If-Match",
        "in": "header",
        "required": True,
        "schema": {"type": "string", "maxLength": 100},
        "description": "The ETag of the version this edit is based on.",
    }
    listing = [
        {"name": n, "in": "query", "required": False, "schema": s, "description": d}
        for n, s, d in (
            ("q", {"type": "string", "maxLength": 100}, "Text in the name or the customer."),
            ("customer", {"type": "string", "maxLength": 100}, "Text in the customer's name."),
            ("from", {"type": "string", "format": "date"}, "Trips starting on or after."),
            ("to", {"type": "string", "format": "date"}, "Trips starting on or before."),
            ("violations", {"enum": ["true", "false"]}, "Only flagged (or clean) ones."),
        )
    ]
    create_example = {"name": "Kon Tum and Măng Đen, 3 days", "request": dict(example_trip)}
    return {
        "/api/v1/auth/token": {
            "post": _op(
                "Exchange an e-mail and password for a bearer token (stored hashed).",
                ok="201",
                body="TokenRequest",
                example={"email": "lan@example.vn", "password": "correct horse battery"},
                errors=(400, 401, 429),
                secured=False,
            ),
            "delete": _op("Revoke the bearer token of this request.", ok="204", errors=(400, 401)),
        },
        "/api/v1/itineraries": {
            "get": _op("List the organisation's saved itineraries.", params=listing),
            "post": _op(
                "Plan a trip and save it as a new itinerary (version 1).",
                ok="201",
                content=_VERSION,
                body=ITINERARY_CREATE,
                example=create_example,
                errors=(400, 401, 404, 422),
            ),
        },
        "/api/v1/itineraries/{itinerary_id}": {
            "get": _op(
                "Return the newest saved snapshot (or an export of it), with its ETag.",
                content={**_VERSION, **_FILES},
                params=[item, fmt],
            ),
            "patch": _op(
                "Change the name, customer, notes or days; saves a new version.",
                content=_VERSION,
                body=ITINERARY_PATCH,
                example={"name": "Renamed"},
                params=[item, if_match],
                errors=(400, 401, 404, 409, 422, 428),
            ),
        },
        "/api/v1/itineraries/{itinerary_id}/reoptimise": {
            "post": _op(
                "Re-optimise around locked days and stops (kept exactly); saves a new version "
                "and lists what changed (`changes`).",
                content=_VERSION,
                body=REOPTIMISE,
                example={"locked_days": [1], "locked_stops": ["kon-tum-wooden-church"]},
                params=[item, if_match],
                errors=(400, 401, 404, 409, 422, 428),
            ),
        },
        "/api/v1/itineraries/{itinerary_id}/versions": {
            "get": _op("List every saved version, newest first.", content=_VERSIONS, params=[item]),
        },
        "/api/v1/itineraries/{itinerary_id}/versions/{number}": {
            "get": _op(
                "Return one saved version's snapshot (or an export of it).",
                content={**_VERSION, **_FILES},
                params=[item, number, fmt],
            ),
        },
        "/api/v1/itineraries/{itinerary_id}/share": {
            "get": _op("List the itinerary's share links.", params=[item]),
            "post": _op(
                "Make a customer share link to a version (the token is shown once).",
                ok="201",
                body=SHARE_CREATE,
                example={"expires_days": 30},
                params=[item],
            ),
        },
        "/api/v1/places": {
            "get": _op(
                "List the organisation's own places (hotels, restaurants, meeting points, sites).",
                params=[
                    {
                        "name": "retired",
                        "in": "query",
                        "required": False,
                        "schema": {"enum": ["true", "false"]},
                        "description": "Also the retired ones.",
                    }
                ],
            ),
            "post": _op(
                "Add an own place; its site id `own-<slug>` is usable in this organisation's "
                "trips (access road to the nearest road node estimated, and flagged).",
                ok="201",
                body="OwnPlaceCreate",
                example={
                    "slug": "riverside-hotel",
                    "name": "Riverside hotel (example)",
                    "kind": "hotel",
                    "lat": 14.3497,
                    "lon": 108.0005,
                },
                errors=(400, 401, 422),
            ),
        },
        "/api/v1/places/{place_id}": {
            "get": _op("Return one own place.", params=[place]),
            "patch": _op(
                "Change an own place's fields (not its slug). Moving it (`lat`, `lon`) flags "
                "the saved itineraries that use it as `data_changed` when next read.",
                body="OwnPlacePatch",
                example={"lat": 14.351, "lon": 108.0012},
                params=[place],
                errors=(400, 401, 404, 422),
            ),
            "delete": _op(
                "Retire an own place (saved itineraries keep it).", ok="204", params=[place]
            ),
        },
        "/api/v1/itineraries/{itinerary_id}/share/{link_id}": {
            "delete": _op("Revoke a share link.", ok="204", params=[item, link]),
        },
    }


#: Security schemes of the document.
SECURITY_SCHEMES: dict[str, Any] = {
    "bearer": {"type": "http", "scheme": "bearer", "description": "POST /api/v1/auth/token"},
    "session": {"type": "apiKey", "in": "cookie", "name": "session"},
}
