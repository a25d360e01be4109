"""JSON Schema (Draft 2020-12) of ``streets.json``: towns, street nodes, segments, walking."""

from __future__ import annotations

from typing import Any

from tourlink.model import COUNTRIES, MODES
from tourlink.schema import SEGMENT_CLASSES

__all__ = ["STREETS_SCHEMA"]

_SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
_STREET_NODE_ID = "^s-[a-z0-9]+(-[a-z0-9]+)*$"
_NONEMPTY: dict[str, Any] = {"type": "string", "minLength": 1}
_SOURCES: dict[str, Any] = {"type": "array", "items": _NONEMPTY, "minItems": 1}
_ASSUMPTIONS: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["field", "text"],
        "properties": {"field": _NONEMPTY, "text": _NONEMPTY},
        "additionalProperties": False,
    },
}
_KM: dict[str, Any] = {"type": "number", "exclusiveMinimum": 0, "maximum": 50}
_MODES: dict[str, Any] = {
    "type": "array",
    "items": {"enum": list(MODES)},
    "uniqueItems": True,
}


def _record(required: list[str], **properties: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }


_NODE = _record(
    ["id", "name", "street", "lat", "lon", "country", "sources"],
    id={"type": "string", "pattern": _STREET_NODE_ID},
    name=_NONEMPTY,
    street=_NONEMPTY,
    lat={"type": "number", "minimum": -90, "maximum": 90},
    lon={"type": "number", "minimum": -180, "maximum": 180},
    country={"enum": list(COUNTRIES)},
    sources=_SOURCES,
    assumptions=_ASSUMPTIONS,
)
_SEGMENT = _record(
    ["id", "from", "to", "street", "km", "class", "modes"],
    id={"type": "string", "pattern": "^st-[a-z0-9]+(-[a-z0-9]+)*$"},
    street=_NONEMPTY,
    km=_KM,
    modes=_MODES,
    walk={"type": "boolean"},
    assumptions=_ASSUMPTIONS,
    note={"type": "string"},
    **{"from": _NONEMPTY, "to": _NONEMPTY, "class": {"enum": list(SEGMENT_CLASSES)}},
)
_ATTACH = _record(
    ["site", "node", "km", "modes"],
    site={"type": "string", "pattern": _SLUG},
    node={"type": "string", "pattern": _STREET_NODE_ID},
    km=_KM,
    modes={**_MODES, "minItems": 1},
    note={"type": "string"},
)
_TOWN = _record(
    ["id", "name", "country", "sources", "nodes", "segments", "attach"],
    id={"type": "string", "pattern": _SLUG},
    name=_NONEMPTY,
    country={"enum": list(COUNTRIES)},
    sources=_SOURCES,
    note={"type": "string"},
    nodes={"type": "array", "items": _NODE, "minItems": 1},
    segments={"type": "array", "items": _SEGMENT, "minItems": 1},
    attach={"type": "array", "items": _ATTACH},
)
_WALKING = _record(
    ["kmh", "max_km", "park_minutes", "note", "sources"],
    kmh={"type": "number", "exclusiveMinimum": 0, "maximum": 7},
    max_km={"type": "number", "exclusiveMinimum": 0, "maximum": 5},
    park_minutes={"type": "number", "minimum": 0, "maximum": 60},
    note=_NONEMPTY,
    sources=_SOURCES,
)

STREETS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "tourlink streets",
    "type": "object",
    "required": ["format", "walking", "towns"],
    "properties": {
        "format": {"const": "tourlink-streets/1"},
        "note": {"type": "string"},
        "walking": _WALKING,
        "towns": {"type": "array", "items": _TOWN},
    },
    "additionalProperties": False,
}
"""The shape of ``streets.json`` (see ``data/README.md``, "Streets inside towns")."""
