"""One validation pass over a data folder: read, check shapes, build, check meaning."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema  # type: ignore[import-untyped,unused-ignore]

from tourlink import texts
from tourlink.exceptions import TEXT, DataError, DataProblem, data_problem, message_of
from tourlink.jsonfile import PYTHON_TYPES, read_json
from tourlink.messages import Message, message
from tourlink.model import Site
from tourlink.network import SpeedTable
from tourlink.read import _records
from tourlink.read import texts as rt
from tourlink.read._checks import Checks
from tourlink.read._streets import build_streets, check_streets
from tourlink.read._streets_schema import STREETS_SCHEMA
from tourlink.read.dataset import ROADS as _ROADS
from tourlink.read.dataset import SITES as _SITES
from tourlink.read.dataset import STREETS as _STREETS
from tourlink.read.dataset import UNVERSIONED, Dataset
from tourlink.read.dataset import VERSION as _VERSION
from tourlink.schema import DATASET_SCHEMA, ROADS_SCHEMA, SITES_SCHEMA

__all__ = ["Loader"]


def _text(value: Any, limit: int = 80) -> str:
    out = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def _why(error: ValueError) -> Any:
    """Return why a record is inconsistent: its message, quoted as the loader quotes text.

    A type's invariant that has a message of its own (:data:`tourlink.model.CLOSURE_ORDER`
    …) is said in the reader's language; any other error stays the text it is.
    """
    said = message_of(error)
    text = str(error)
    if said.code == TEXT or _text(text) != repr(text) or repr(text)[1:-1] != text:
        return text
    return message(rt.QUOTED_DOUBLE if repr(text)[0] == '"' else rt.QUOTED, text=said)


_BOUNDS = {
    "minimum": rt.SCHEMA_MINIMUM,
    "maximum": rt.SCHEMA_MAXIMUM,
    "exclusiveMinimum": rt.SCHEMA_ABOVE,
    "exclusiveMaximum": rt.SCHEMA_BELOW,
    "minItems": texts.EXPECT_MIN_ITEMS,
    "maxItems": texts.EXPECT_MAX_ITEMS,
    "minLength": texts.EXPECT_MIN_LENGTH,
    "maxLength": texts.EXPECT_MAX_LENGTH,
}


def schema_expected(error: jsonschema.ValidationError) -> Message:
    """Return what a schema violation expected, as a message (jsonschema's text otherwise)."""
    kind, want = error.validator, error.validator_value
    if kind == "enum":
        return message(texts.ONE_OF, choices=", ".join(str(v) for v in want))
    if kind == "const":
        return message(rt.SCHEMA_CONST, value=repr(want))
    if kind == "pattern":
        return message(rt.SCHEMA_PATTERN, pattern=str(want))
    if kind == "type":
        name = rt.TYPE_NAMES.get(want) if isinstance(want, str) else None
        return message(rt.SCHEMA_TYPE, type=message(name) if name else str(want))
    if kind == "required":
        return message(rt.SCHEMA_REQUIRED)
    if kind == "additionalProperties":
        return message(rt.SCHEMA_DOCUMENTED)
    if kind in _BOUNDS:
        return message(_BOUNDS[kind], limit=str(want))
    if kind == "uniqueItems":
        return message(rt.SCHEMA_UNIQUE)
    if kind == "format":
        return message(rt.SCHEMA_FORMAT, format=str(want))
    return message(rt.SCHEMA_OTHER, detail=str(error.message))


def _deepest(item: Any, rest: list[Any], record: str, field: str) -> tuple[str, str]:
    """Name a fault inside a nested record (a town's street node) by that record's id."""
    for k in range(len(rest) - 1):
        if isinstance(rest[k], str) and isinstance(rest[k + 1], int) and isinstance(item, dict):
            inner = item.get(rest[k])
            sub = inner[rest[k + 1]] if isinstance(inner, list) else None
            ident = sub.get("id") or sub.get("site") if isinstance(sub, dict) else None
            if ident:
                record = str(ident)
                field = ".".join(str(p) for p in rest[k + 2 :]) or "(record)"
    return record, field


class Loader:
    """One validation pass: collects problems, builds objects from sound records."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[DataProblem] = []
        self.bad: set[tuple[str, str, int]] = set()
        self.bad_sections: set[tuple[str, str]] = set()  # (file, top-level key) with a fault
        self.rejected: set[str] = set()  # ids of records refused (not reported again)

    def add(self, file: str, record: str, field: str, value: Any, expected: Message) -> None:
        """Record that ``field`` of ``record`` holds ``value`` where ``expected`` was due.

        ``value`` is the data's (shown as JSON, cut at 80 characters) or a message
        saying what was found in tourlink's words (:data:`~tourlink.read.texts.MISSING`).
        """
        shown = value if isinstance(value, Message) else _text(value)
        self.problems.append(data_problem(file, record, field, shown, expected))

    def run(self) -> Dataset:
        sites_doc = self.read(_SITES, SITES_SCHEMA)
        roads_doc = self.read(_ROADS, ROADS_SCHEMA)
        version = self.read_version()
        streets_doc = self.read(_STREETS, STREETS_SCHEMA) if self.has(_STREETS) else None
        if sites_doc is None or roads_doc is None:
            raise DataError(self.problems)
        sites = self.build_sites(sites_doc.get("sites", []))
        nodes = self.build(_ROADS, roads_doc.get("nodes", []), "nodes", _records.node)
        segments = self.build(_ROADS, roads_doc.get("segments", []), "segments", _records.segment)
        access = self.build(_ROADS, roads_doc.get("access", []), "access", _records.access)
        crossings = self.build(
            _ROADS, roads_doc.get("crossings", []), "crossings", _records.crossing
        )
        speeds = self.build_speeds(roads_doc.get("speeds", {}))
        streets = build_streets(self, streets_doc)
        checks = Checks(self, sites, nodes, segments, access, crossings, speeds)
        checks.run()
        links = {link.id for link in checks.links()}
        check_streets(self, streets, sites, nodes, links, speeds, checks.length)
        if self.problems or speeds is None:
            raise DataError(self.problems)
        return Dataset(
            sites=MappingProxyType({s.id: s for s in sites}),
            nodes=MappingProxyType({n.id: n for n in nodes}),
            segments=tuple(segments),
            access=MappingProxyType({a.site: a for a in access}),
            crossings=MappingProxyType({c.id: c for c in crossings}),
            speeds=speeds,
            streets=streets,
            path=self.path,
            version=version,
            fingerprint=self.fingerprint(),
        )

    def has(self, name: str) -> bool:
        """Return whether the optional file ``name`` is in the folder."""
        return (self.path / name).exists()

    def read_version(self) -> str:
        """Return the version in ``dataset.json``, or :data:`UNVERSIONED` without one."""
        if not (self.path / _VERSION).is_file():
            return UNVERSIONED
        doc = self.read(_VERSION, DATASET_SCHEMA)
        if doc is None or not isinstance(doc.get("version"), str):
            return UNVERSIONED
        return str(doc["version"])

    def fingerprint(self) -> str:
        """Return the SHA-256 prefix of the bytes of the data files (``streets.json`` if any)."""
        digest = hashlib.sha256()
        for name in (_SITES, _ROADS, _STREETS):
            if name != _STREETS or self.has(name):
                digest.update((self.path / name).read_bytes())
        return digest.hexdigest()[:16]

    def read(self, name: str, schema: dict[str, Any]) -> dict[str, Any] | None:
        doc, faults = read_json(self.path / name, name)  # strict JSON (tourlink.jsonfile)
        if faults:
            self.problems.extend(faults)
            return None
        if not isinstance(doc, dict):
            kind = PYTHON_TYPES.get(type(doc).__name__)
            found = message(rt.QUOTED, text=message(kind)) if kind else type(doc).__name__
            self.add(name, "-", "file", found, message(rt.JSON_OBJECT))
            return None
        validator = jsonschema.Draft202012Validator(schema)
        for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
            self.schema_problem(name, doc, error)
        return doc

    def schema_problem(self, name: str, doc: dict[str, Any], error: Any) -> None:
        where = list(error.absolute_path)
        record, field = "-", ".".join(str(p) for p in where) or "(document)"
        if len(where) >= 2 and isinstance(where[1], int):
            section, index = str(where[0]), where[1]
            self.bad.add((name, section, index))
            item = doc[section][index]
            ident = item.get("id") or item.get("site") if isinstance(item, dict) else None
            record = str(ident) if ident else f"{section}[{index}]"
            field = ".".join(str(p) for p in where[2:]) or "(record)"
            record, field = _deepest(item, where[2:], record, field)
        if where:
            self.bad_sections.add((name, str(where[0])))
        if error.validator == "required":
            field = error.message.split("'")[1]
            value: Any = message(rt.MISSING)
        elif error.validator == "additionalProperties":
            value = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        else:
            value = error.instance
        self.add(name, record, field, value, schema_expected(error))

    def build(self, name: str, items: list[Any], section: str, make: Any) -> list[Any]:
        out: list[Any] = []
        if not isinstance(items, list):
            return out  # the schema problem is already recorded
        for index, item in enumerate(items):
            ident = item.get("id") or item.get("site") if isinstance(item, dict) else None
            if (name, section, index) in self.bad:
                self.rejected.add(str(ident))
                continue
            try:
                out.append(make(item))
            except ValueError as exc:
                self.rejected.add(str(ident))
                self.add(
                    name,
                    str(ident or f"{section}[{index}]"),
                    "(record)",
                    _why(exc),
                    message(rt.CONSISTENT),
                )
        return out

    def build_sites(self, items: list[Any]) -> list[Site]:
        sites: list[Site] = self.build(_SITES, items, "sites", _records.site)
        return sites

    def build_speeds(self, raw: dict[str, Any]) -> SpeedTable | None:
        try:
            return SpeedTable(
                kmh=MappingProxyType({k: MappingProxyType(dict(v)) for k, v in raw["kmh"].items()}),
                pass_factor=float(raw["pass_factor"]),
                note=raw.get("note", ""),
                sources=tuple(raw.get("sources", ())),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None  # the schema problem is already recorded
