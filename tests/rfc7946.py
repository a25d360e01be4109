"""Checks of the RFC 7946 rules a JSON Schema cannot express, reusable by any test.

``problems(document)`` returns a list of plain-language violations (empty when the document
obeys the rules); ``assert_rfc7946(document)`` fails a test with all of them at once.
``schema_problems(document, schema_dir)`` validates against the official geojson.org
schemas (FeatureCollection.json) with jsonschema.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jsonschema

GEOMETRY_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}


def _positions(coordinates: Any) -> Iterator[list[float]]:
    if coordinates and isinstance(coordinates[0], int | float):
        yield coordinates
    else:
        for inner in coordinates:
            yield from _positions(inner)


def _position_problems(where: str, pos: list[float]) -> list[str]:
    out = []
    if not 2 <= len(pos) <= 3 or not all(isinstance(v, int | float) for v in pos):
        return [f"{where}: position {pos} must be 2 or 3 numbers."]
    lon, lat = pos[0], pos[1]
    if not all(math.isfinite(v) for v in pos):
        out.append(f"{where}: position {pos} is not finite.")
    if not -180.0 <= lon <= 180.0:
        out.append(f"{where}: longitude {lon} out of [-180, 180].")
    if not -90.0 <= lat <= 90.0:
        out.append(f"{where}: latitude {lat} out of [-90, 90].")
    return out


def _geometry_problems(where: str, geometry: Mapping[str, Any]) -> list[str]:
    kind = geometry.get("type")
    if kind not in GEOMETRY_TYPES:
        return [f"{where}: unknown geometry type {kind!r}."]
    if "crs" in geometry:
        return [f"{where}: has a 'crs' member, removed by RFC 7946."]
    if kind == "GeometryCollection":
        return [
            p
            for i, g in enumerate(geometry["geometries"])
            for p in _geometry_problems(f"{where}.geometries[{i}]", g)
        ]
    out = [p for pos in _positions(geometry["coordinates"]) for p in _position_problems(where, pos)]
    lines = {
        "LineString": [geometry["coordinates"]],
        "MultiLineString": geometry["coordinates"],
    }.get(kind, [])
    for line in lines:
        if len(line) < 2:
            out.append(f"{where}: a LineString needs at least 2 positions, got {len(line)}.")
        out.extend(
            f"{where}: position {a} repeated consecutively."
            for a, b in itertools.pairwise(line)
            if a == b
        )
    rings = {"Polygon": [geometry["coordinates"]], "MultiPolygon": geometry["coordinates"]}.get(
        kind, []
    )
    for polygon in rings:
        for ring in polygon:
            if len(ring) < 4 or ring[0] != ring[-1]:
                out.append(f"{where}: a linear ring must be closed with at least 4 positions.")
    return out


def problems(document: Mapping[str, Any]) -> list[str]:
    """Return every RFC 7946 rule ``document`` (a FeatureCollection) breaks."""
    out = []
    if document.get("type") != "FeatureCollection":
        out.append(f"type must be 'FeatureCollection', got {document.get('type')!r}.")
    if "crs" in document:
        out.append("the FeatureCollection has a 'crs' member, removed by RFC 7946.")
    for i, feature in enumerate(document.get("features", [])):
        where = f"features[{i}]"
        if feature.get("type") != "Feature":
            out.append(f"{where}: type must be 'Feature'.")
        if "crs" in feature:
            out.append(f"{where}: has a 'crs' member, removed by RFC 7946.")
        if feature.get("geometry") is not None:
            out.extend(_geometry_problems(f"{where}.geometry", feature["geometry"]))
    bbox = document.get("bbox")
    if bbox is not None:
        out.extend(_bbox_problems(document, bbox))
    return out


def _bbox_problems(document: Mapping[str, Any], bbox: list[float]) -> list[str]:
    if len(bbox) != 4:
        return [f"bbox must be [west, south, east, north], got {bbox}."]
    west, south, east, north = bbox
    out = [] if south <= north else [f"bbox south {south} is above north {north}."]
    for feature in document.get("features", []):
        for lon, lat, *_ in _positions(feature["geometry"]["coordinates"]):
            if not (west <= lon <= east and south <= lat <= north):
                out.append(f"bbox {bbox} does not contain position {[lon, lat]}.")
    return out


def assert_rfc7946(document: Mapping[str, Any]) -> None:
    """Fail with every RFC 7946 violation of ``document``."""
    found = problems(document)
    assert not found, "RFC 7946 violations:\n" + "\n".join(found)


def assert_lon_lat(position: list[float], lat: float, lon: float, places: int = 6) -> None:
    """Fail unless ``position`` is ``[lon, lat]`` of a place known at ``(lat, lon)``."""
    assert position[:2] == [round(lon, places), round(lat, places)], (
        f"position {position} is not [lon, lat] = [{lon}, {lat}]"
    )


def schema_problems(document: Mapping[str, Any], schema_dir: Path) -> list[str]:
    """Return the messages of every violation of geojson.org's FeatureCollection schema."""
    schema = json.loads((schema_dir / "FeatureCollection.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
