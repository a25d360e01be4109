"""JSON Schemas (Draft 2020-12) of the data files ``sites.json`` and ``roads.json``.

The schemas check shapes, types and closed vocabularies; :mod:`tourlink.read` adds the
checks a schema cannot express (references, distances, connectivity, opening hours).
"""

from __future__ import annotations

from typing import Any

from tourlink.catalogue import LODGING_KINDS, MEAL_KINDS
from tourlink.model import COUNTRIES, MODES, SETTINGS, ZONES

__all__ = [
    "CATEGORIES",
    "DATASET_SCHEMA",
    "KINDS",
    "ROADS_SCHEMA",
    "SEGMENT_CLASSES",
    "SITES_SCHEMA",
]

CATEGORIES = (
    "culture",
    "history",
    "nature",
    "ethnic-village",
    "religion",
    "border-market",
    "viewpoint",
    "waterfall",
    "museum",
    "food",
    "adventure",
    "town",
)
KINDS = ("attraction", "town", "gateway")
SEGMENT_CLASSES = ("expressway", "national", "provincial", "local", "unpaved", "urban")
TIMEZONES = ("Asia/Ho_Chi_Minh", "Asia/Vientiane", "Asia/Phnom_Penh")

_SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
_NODE_ID = "^n-[a-z0-9]+(-[a-z0-9]+)*$"
_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_TEXT: dict[str, Any] = {"type": "string"}
_NONEMPTY: dict[str, Any] = {"type": "string", "minLength": 1}
_SOURCES: dict[str, Any] = {"type": "array", "items": _NONEMPTY}
_LAT: dict[str, Any] = {"type": "number", "minimum": -90, "maximum": 90}
_LON: dict[str, Any] = {"type": "number", "minimum": -180, "maximum": 180}
_MODES: dict[str, Any] = {
    "type": "array",
    "items": {"enum": list(MODES)},
    "minItems": 1,
    "uniqueItems": True,
}
_ASSUMPTIONS: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["field", "text"],
        "properties": {"field": _NONEMPTY, "text": _NONEMPTY},
        "additionalProperties": False,
    },
}


def _sourced(required: list[str], **properties: Any) -> dict[str, Any]:
    """Return the schema of a closed object with ``properties`` and required ``sources``."""
    return {
        "type": "object",
        "required": [*required, "sources"],
        "properties": {**properties, "sources": {**_SOURCES, "minItems": 1}},
        "additionalProperties": False,
    }


_WINDING = _sourced(
    ["max_factor", "reason"],
    max_factor={"type": "number", "exclusiveMinimum": 1, "maximum": 10},
    reason=_NONEMPTY,
)
_RETIRED = _sourced(
    ["since", "reason"], since={"type": "string", "pattern": _DATE}, reason=_NONEMPTY
)
_LODGING = _sourced(
    ["name", "kind"],
    name=_NONEMPTY,
    kind={"enum": list(LODGING_KINDS)},
    rooms={"type": "integer", "minimum": 1, "maximum": 5000},
    note=_TEXT,
)
_EATING = _sourced(["name", "kind"], name=_NONEMPTY, kind={"enum": list(MEAL_KINDS)}, note=_TEXT)

DATASET_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "tourlink data version",
    "type": "object",
    "required": ["format", "version", "date"],
    "properties": {
        "format": {"const": "tourlink-dataset/1"},
        "version": {"type": "string", "pattern": "^[0-9]+\\.[0-9]+$"},
        "date": {"type": "string", "pattern": _DATE},
        "note": _TEXT,
    },
    "additionalProperties": False,
}
"""``dataset.json``: the version of the whole data folder (see ``data/CHANGELOG.md``)."""

SITES_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "tourlink sites",
    "type": "object",
    "required": ["format", "sites"],
    "properties": {
        "format": {"const": "tourlink-sites/1"},
        "sites": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "id",
                    "name",
                    "name_en",
                    "lat",
                    "lon",
                    "country",
                    "zone",
                    "region",
                    "admin",
                    "kind",
                    "categories",
                    "visit_minutes",
                    "opening_hours",
                    "interest",
                    "description_en",
                    "overnight",
                    "timezone",
                    "sources",
                ],
                "properties": {
                    "id": {"type": "string", "pattern": _SLUG},
                    "name": _NONEMPTY,
                    "name_en": _NONEMPTY,
                    "name_lo": _TEXT,
                    "lat": _LAT,
                    "lon": _LON,
                    "country": {"enum": list(COUNTRIES)},
                    "zone": {"enum": list(ZONES)},
                    "region": _NONEMPTY,
                    "admin": _TEXT,
                    "admin_former": _TEXT,
                    "kind": {"enum": list(KINDS)},
                    "categories": {
                        "type": "array",
                        "items": {"enum": list(CATEGORIES)},
                        "uniqueItems": True,
                    },
                    "visit_minutes": {"type": "integer", "minimum": 0, "maximum": 1440},
                    "opening_hours": _NONEMPTY,
                    "fee": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["amount", "currency"],
                                "properties": {
                                    "amount": {"type": "number", "minimum": 0, "maximum": 1e9},
                                    "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                                    "note": _TEXT,
                                },
                                "additionalProperties": False,
                            },
                        ]
                    },
                    "interest": {"type": "number", "minimum": 0, "maximum": 10},
                    "interest_reason": _TEXT,
                    "description": _TEXT,
                    "description_en": _TEXT,
                    "overnight": {"type": "boolean"},
                    "serves_food": {"type": "boolean"},
                    "setting": {"enum": list(SETTINGS)},
                    "timezone": {"enum": list(TIMEZONES)},
                    "sources": {**_SOURCES, "minItems": 1},
                    "assumptions": _ASSUMPTIONS,
                    "note": _TEXT,
                    "retired": _RETIRED,
                    "description_lo": _TEXT,
                    "best_season": _TEXT,
                    "lodging": {"type": "array", "items": _LODGING},
                    "eating": {"type": "array", "items": _EATING},
                    "not_suitable_for": {"type": "array", "items": _NONEMPTY},
                },
                "additionalProperties": False,
            },
        },
    },
}

_SPEED_BY_MODE: dict[str, Any] = {
    "type": "object",
    "propertyNames": {"enum": list(MODES)},
    "additionalProperties": {"type": "number", "exclusiveMinimum": 0, "maximum": 130},
}

_SEASONAL_RISK: dict[str, Any] = {
    "type": "object",
    "required": ["months", "kind", "level"],
    "properties": {
        "months": {
            "type": "array",
            "items": {"type": "integer", "minimum": 1, "maximum": 12},
            "minItems": 1,
            "uniqueItems": True,
        },
        "kind": _NONEMPTY,
        "level": {"enum": ["low", "medium", "high"]},
        "note": _TEXT,
        "sources": _SOURCES,
    },
    "additionalProperties": False,
}

_CLOSURE: dict[str, Any] = {
    "type": "object",
    "required": ["start", "end", "reason"],
    "properties": {
        "start": {"type": "string", "pattern": _DATE},
        "end": {"type": "string", "pattern": _DATE},
        "reason": _NONEMPTY,
        "sources": _SOURCES,
        "assumed": {"type": "boolean"},
    },
    "additionalProperties": False,
}

ROADS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "tourlink roads",
    "type": "object",
    "required": ["format", "speeds", "nodes", "segments", "access", "crossings"],
    "properties": {
        "format": {"const": "tourlink-roads/1"},
        "speeds": {
            "type": "object",
            "required": ["kmh", "pass_factor"],
            "properties": {
                "note": _TEXT,
                "kmh": {
                    "type": "object",
                    "propertyNames": {"enum": [*SEGMENT_CLASSES, "access", "crossing"]},
                    "additionalProperties": _SPEED_BY_MODE,
                },
                "pass_factor": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                "sources": _SOURCES,
                "assumptions": _ASSUMPTIONS,
            },
            "additionalProperties": False,
        },
        "nodes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name", "lat", "lon", "country"],
                "properties": {
                    "id": {"type": "string", "pattern": _NODE_ID},
                    "name": _NONEMPTY,
                    "lat": _LAT,
                    "lon": _LON,
                    "country": {"enum": list(COUNTRIES)},
                    "sources": _SOURCES,
                    "note": _TEXT,
                },
                "additionalProperties": False,
            },
        },
        "segments": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "from", "to", "road", "km", "class", "modes"],
                "properties": {
                    "id": {"type": "string", "pattern": _SLUG},
                    "from": _NONEMPTY,
                    "to": _NONEMPTY,
                    "road": _NONEMPTY,
                    "km": {"type": "number", "exclusiveMinimum": 0, "maximum": 1000},
                    "class": {"enum": list(SEGMENT_CLASSES)},
                    "mountain_pass": {"type": "boolean"},
                    "modes": _MODES,
                    "oneway": {"type": "boolean"},
                    "seasonal_risk": {"oneOf": [{"type": "null"}, _SEASONAL_RISK]},
                    "sources": _SOURCES,
                    "note": _TEXT,
                    "winding": _WINDING,
                },
                "additionalProperties": False,
            },
        },
        "access": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["site", "node", "km", "modes"],
                "properties": {
                    "site": _NONEMPTY,
                    "node": _NONEMPTY,
                    "km": {"type": "number", "minimum": 0, "maximum": 200},
                    "modes": _MODES,
                    "road": _TEXT,
                    "sources": _SOURCES,
                    "note": _TEXT,
                    "winding": _WINDING,
                },
                "additionalProperties": False,
            },
        },
        "crossings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "id",
                    "name",
                    "from",
                    "to",
                    "km",
                    "countries",
                    "opening_hours",
                    "formalities_minutes",
                    "traveller_documents",
                    "vehicle_documents",
                    "travellers",
                    "modes",
                    "open_to_tourists",
                    "timezone",
                    "sources",
                ],
                "properties": {
                    "id": {"type": "string", "pattern": _SLUG},
                    "name": _NONEMPTY,
                    "from": _NONEMPTY,
                    "to": _NONEMPTY,
                    "km": {"type": "number", "exclusiveMinimum": 0, "maximum": 50},
                    "countries": {
                        "type": "array",
                        "items": {"enum": list(COUNTRIES)},
                        "minItems": 2,
                        "maxItems": 2,
                    },
                    "opening_hours": _NONEMPTY,
                    "formalities_minutes": {"type": "integer", "minimum": 0, "maximum": 1440},
                    "traveller_documents": {"type": "array", "items": _NONEMPTY},
                    "vehicle_documents": {"type": "array", "items": _NONEMPTY},
                    "travellers": _TEXT,
                    "modes": _MODES,
                    "open_to_tourists": {"type": "boolean"},
                    "closed_reason": _TEXT,
                    "closures": {"type": "array", "items": _CLOSURE},
                    "timezone": {"enum": list(TIMEZONES)},
                    "sources": {**_SOURCES, "minItems": 1},
                    "assumptions": _ASSUMPTIONS,
                    "note": _TEXT,
                },
                "additionalProperties": False,
            },
        },
    },
}
