"""Read and validate the data files into immutable objects, all problems at once.

:func:`load_dataset` checks ``sites.json`` and ``roads.json`` against their JSON Schemas
(:mod:`tourlink.schema`), then checks what a schema cannot: references, duplicate ids,
road lengths against the geodesic between their ends, access distances, connectivity,
opening hours, time zones and speeds. Every problem is collected and one
:class:`~tourlink.exceptions.DataError` lists them all; nothing is half loaded.
Other files in the folder (such as published ``routes.json``) are ignored here.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema  # type: ignore[import-untyped,unused-ignore]
import networkx as nx
import opening_hours
from geopy.distance import geodesic

from tourlink.exceptions import DataError, DataProblem
from tourlink.hours import COUNTRY_TIMEZONES
from tourlink.jsonfile import read_json
from tourlink.model import (
    Access,
    Assumption,
    BorderCrossing,
    Closure,
    EatingPlace,
    Fee,
    Lodging,
    Node,
    Retirement,
    SeasonalRisk,
    Segment,
    Site,
    Winding,
)
from tourlink.network import Network, SpeedTable
from tourlink.schema import DATASET_SCHEMA, ROADS_SCHEMA, SITES_SCHEMA

__all__ = [
    "GEODESIC_TOLERANCE",
    "MAX_ACCESS_KM",
    "MAX_DETOUR",
    "UNVERSIONED",
    "Dataset",
    "default_data_dir",
    "load_dataset",
    "load_network",
]

GEODESIC_TOLERANCE = 0.005
"""A road may be this fraction (or 0.05 km, for 0.1 km rounding) shorter than the geodesic."""
MAX_DETOUR = 2.5
"""A road may be at most this many times its geodesic (plus 1 km slack for short links)."""
MAX_ACCESS_KM = 30.0
"""A site may lie at most this far (geodesic) from its road node."""

_SITES, _ROADS, _VERSION = "sites.json", "roads.json", "dataset.json"
UNVERSIONED = "unversioned"
"""The version of a data folder without ``dataset.json`` (e.g. a test's own folder)."""
#: Lao letters, vowels, tone marks and digits (Unicode block U+0E80–U+0EFF).
_LAO = re.compile("[\u0e80-\u0eff]")
#: Latin letters, which a Lao-script name must not carry.
_LATIN = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


@dataclass(frozen=True, slots=True)
class Dataset:
    """Validated, immutable data: sites, road nodes, segments, access, crossings, speeds.

    Attributes
    ----------
    sites, nodes, crossings
        Read-only mappings by id.
    segments
        Road segments in file order.
    access
        Access roads by site id.
    speeds
        Assumed speeds per road class and mode.
    path
        The folder the data came from.
    version
        The data version declared in ``dataset.json`` (``data/CHANGELOG.md`` says what
        changed in each), or :data:`UNVERSIONED`. Saved itineraries and published routes
        record it, so they can be re-checked when the data changes.
    fingerprint
        SHA-256 (hex, first 16 digits) of ``sites.json`` and ``roads.json`` as read: it
        changes with any edit, even one made without a new version.

    Examples
    --------
    >>> ds = load_dataset()
    >>> ds.sites["kon-tum-wooden-church"].zone
    'kon-tum-city'
    """

    sites: Mapping[str, Site]
    nodes: Mapping[str, Node]
    segments: tuple[Segment, ...]
    access: Mapping[str, Access]
    crossings: Mapping[str, BorderCrossing]
    speeds: SpeedTable
    path: Path | None = None
    version: str = UNVERSIONED
    fingerprint: str = ""


def default_data_dir() -> Path:
    """Return the folder of the shipped data (the installed package ``tourlink_data``).

    Returns
    -------
    pathlib.Path
        The folder holding ``sites.json``, ``roads.json`` and ``routes.json``.

    Raises
    ------
    ModuleNotFoundError
        If the data package ``tourlink_data`` is not installed (a broken installation).

    Examples
    --------
    >>> default_data_dir().name in {"data", "tourlink_data"}
    True
    """
    return Path(str(resources.files("tourlink_data")))


def load_dataset(data_dir: str | Path | None = None) -> Dataset:
    """Read and validate ``sites.json`` and ``roads.json`` from ``data_dir``.

    Parameters
    ----------
    data_dir
        Folder holding the files; the shipped data when ``None``.

    Returns
    -------
    Dataset
        The validated data.

    Raises
    ------
    DataError
        Listing every problem found, if there is any.

    Examples
    --------
    >>> len(load_dataset().sites) > 90
    True
    """
    path = Path(data_dir) if data_dir is not None else default_data_dir()
    return _Loader(path).run()


def load_network(data_dir: str | Path | None = None) -> Network:
    """Return the :class:`~tourlink.network.Network` of ``data_dir``, loaded once per path.

    Parameters
    ----------
    data_dir
        Folder holding the data files; the shipped data when ``None``.

    Returns
    -------
    Network
        The network, cached: later calls with the same folder return the same object.

    Raises
    ------
    DataError
        Listing every problem found in the files, if there is any.

    Examples
    --------
    >>> load_network() is load_network(default_data_dir())
    True
    """
    path = Path(data_dir) if data_dir is not None else default_data_dir()
    return _cached_network(path.resolve())


@functools.lru_cache(maxsize=8)
def _cached_network(path: Path) -> Network:
    return Network(load_dataset(path))


def _text(value: Any, limit: int = 80) -> str:
    out = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def _expected(error: jsonschema.ValidationError) -> str:
    kind, want = error.validator, error.validator_value
    if kind == "enum":
        return "one of " + ", ".join(str(v) for v in want)
    if kind == "const":
        return repr(want)
    if kind == "pattern":
        return f"a string matching {want}"
    if kind == "type":
        return f"a value of type {want}"
    if kind == "required":
        return "the field to be present"
    if kind == "additionalProperties":
        return "only the fields documented in data/README.md"
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"{kind} {want}"
    return str(error.message)


class _Loader:
    """One validation pass: collects problems, builds objects from sound records."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[DataProblem] = []
        self.bad: set[tuple[str, str, int]] = set()
        self.rejected: set[str] = set()  # ids of records refused (not reported again)

    def add(self, file: str, record: str, field: str, value: Any, expected: str) -> None:
        self.problems.append(DataProblem(file, record, field, _text(value), expected))

    def run(self) -> Dataset:
        sites_doc = self.read(_SITES, SITES_SCHEMA)
        roads_doc = self.read(_ROADS, ROADS_SCHEMA)
        version = self.read_version()
        if sites_doc is None or roads_doc is None:
            raise DataError(self.problems)
        sites = self.build_sites(sites_doc.get("sites", []))
        nodes = self.build(_ROADS, roads_doc.get("nodes", []), "nodes", _node)
        segments = self.build(_ROADS, roads_doc.get("segments", []), "segments", _segment)
        access = self.build(_ROADS, roads_doc.get("access", []), "access", _access)
        crossings = self.build(_ROADS, roads_doc.get("crossings", []), "crossings", _crossing)
        speeds = self.build_speeds(roads_doc.get("speeds", {}))
        _Checks(self, sites, nodes, segments, access, crossings, speeds).run()
        if self.problems or speeds is None:
            raise DataError(self.problems)
        return Dataset(
            sites=MappingProxyType({s.id: s for s in sites}),
            nodes=MappingProxyType({n.id: n for n in nodes}),
            segments=tuple(segments),
            access=MappingProxyType({a.site: a for a in access}),
            crossings=MappingProxyType({c.id: c for c in crossings}),
            speeds=speeds,
            path=self.path,
            version=version,
            fingerprint=self.fingerprint(),
        )

    def read_version(self) -> str:
        """Return the version in ``dataset.json``, or :data:`UNVERSIONED` without one."""
        if not (self.path / _VERSION).is_file():
            return UNVERSIONED
        doc = self.read(_VERSION, DATASET_SCHEMA)
        if doc is None or not isinstance(doc.get("version"), str):
            return UNVERSIONED
        return str(doc["version"])

    def fingerprint(self) -> str:
        """Return the SHA-256 prefix of the bytes of ``sites.json`` and ``roads.json``."""
        digest = hashlib.sha256()
        for name in (_SITES, _ROADS):
            digest.update((self.path / name).read_bytes())
        return digest.hexdigest()[:16]

    def read(self, name: str, schema: dict[str, Any]) -> dict[str, Any] | None:
        doc, faults = read_json(self.path / name, name)  # strict JSON (tourlink.jsonfile)
        if faults:
            self.problems.extend(faults)
            return None
        if not isinstance(doc, dict):
            self.add(name, "-", "file", type(doc).__name__, "a JSON object")
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
        if error.validator == "required":
            field = error.message.split("'")[1]
            value: Any = "missing"
        elif error.validator == "additionalProperties":
            value = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        else:
            value = error.instance
        self.add(name, record, field, value, _expected(error))

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
                    str(exc),
                    "a consistent record",
                )
        return out

    def build_sites(self, items: list[Any]) -> list[Site]:
        sites: list[Site] = self.build(_SITES, items, "sites", _site)
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


def _assumptions(raw: dict[str, Any]) -> tuple[Assumption, ...]:
    return tuple(Assumption(a["field"], a["text"]) for a in raw.get("assumptions", ()))


#: Kinds of place where a group can always find a meal when ``serves_food`` is not given.
_EATING_KINDS = ("town", "gateway")
#: Categories that make a site outdoor when ``setting`` is not given.
_OUTDOOR_CATEGORIES = frozenset(
    {"nature", "waterfall", "viewpoint", "adventure", "ethnic-village", "border-market"}
)


def _default_setting(categories: list[str]) -> str:
    return "outdoor" if _OUTDOOR_CATEGORIES.intersection(categories) else "indoor"


def _site(r: dict[str, Any]) -> Site:
    fee = r.get("fee")
    return Site(
        id=r["id"],
        name=r["name"],
        name_en=r["name_en"],
        name_lo=r.get("name_lo", ""),
        lat=r["lat"],
        lon=r["lon"],
        country=r["country"],
        zone=r["zone"],
        region=r["region"],
        admin=r["admin"],
        admin_former=r.get("admin_former", ""),
        kind=r["kind"],
        categories=tuple(r["categories"]),
        visit_minutes=r["visit_minutes"],
        opening_hours=r["opening_hours"],
        fee=None if fee is None else Fee(fee["amount"], fee["currency"], fee.get("note", "")),
        interest=r["interest"],
        interest_reason=r.get("interest_reason", ""),
        description=r.get("description", ""),
        description_en=r["description_en"],
        overnight=r["overnight"],
        serves_food=r.get("serves_food", r["kind"] in _EATING_KINDS),
        setting=r.get("setting", _default_setting(r["categories"])),
        timezone=r["timezone"],
        sources=tuple(r["sources"]),
        assumptions=_assumptions(r),
        **_catalogue_fields(r),
    )


def _catalogue_fields(r: dict[str, Any]) -> dict[str, Any]:
    """Return the optional catalogue fields of a site record as :class:`Site` arguments."""
    gone = r.get("retired")
    return {
        "retired": None
        if gone is None
        else Retirement(
            dt.date.fromisoformat(gone["since"]), gone["reason"], tuple(gone["sources"])
        ),
        "description_lo": r.get("description_lo", ""),
        "best_season": r.get("best_season", ""),
        "lodging": tuple(
            Lodging(x["name"], x["kind"], tuple(x["sources"]), x.get("rooms"), x.get("note", ""))
            for x in r.get("lodging", ())
        ),
        "eating": tuple(
            EatingPlace(x["name"], x["kind"], tuple(x["sources"]), x.get("note", ""))
            for x in r.get("eating", ())
        ),
        "not_suitable_for": tuple(r.get("not_suitable_for", ())),
    }


def _winding(r: dict[str, Any]) -> Winding | None:
    w = r.get("winding")
    return None if w is None else Winding(w["max_factor"], w["reason"], tuple(w["sources"]))


def _node(r: dict[str, Any]) -> Node:
    return Node(r["id"], r["name"], r["lat"], r["lon"], r["country"], tuple(r.get("sources", ())))


def _segment(r: dict[str, Any]) -> Segment:
    risk = r.get("seasonal_risk")
    return Segment(
        id=r["id"],
        source=r["from"],
        target=r["to"],
        road=r["road"],
        km=r["km"],
        road_class=r["class"],
        modes=frozenset(r["modes"]),
        mountain_pass=r.get("mountain_pass", False),
        oneway=r.get("oneway", False),
        seasonal_risk=None
        if risk is None
        else SeasonalRisk(
            tuple(risk["months"]),
            risk["kind"],
            risk["level"],
            risk.get("note", ""),
            tuple(risk.get("sources", ())),
        ),
        sources=tuple(r.get("sources", ())),
        winding=_winding(r),
    )


def _access(r: dict[str, Any]) -> Access:
    return Access(
        r["site"],
        r["node"],
        r["km"],
        frozenset(r["modes"]),
        r.get("road") or "access road",
        _winding(r),
    )


def _crossing(r: dict[str, Any]) -> BorderCrossing:
    closures = tuple(
        Closure(
            dt.date.fromisoformat(c["start"]),
            dt.date.fromisoformat(c["end"]),
            c["reason"],
            tuple(c.get("sources", ())),
            c.get("assumed", False),
        )
        for c in r.get("closures", ())
    )
    return BorderCrossing(
        id=r["id"],
        name=r["name"],
        source=r["from"],
        target=r["to"],
        km=r["km"],
        countries=(r["countries"][0], r["countries"][1]),
        opening_hours=r["opening_hours"],
        formalities_minutes=r["formalities_minutes"],
        traveller_documents=tuple(r["traveller_documents"]),
        vehicle_documents=tuple(r["vehicle_documents"]),
        travellers=r["travellers"],
        modes=frozenset(r["modes"]),
        open_to_tourists=r["open_to_tourists"],
        closed_reason=r.get("closed_reason", ""),
        closures=closures,
        timezone=r["timezone"],
        sources=tuple(r["sources"]),
        assumptions=_assumptions(r),
    )


class _Checks:
    """Semantic checks a JSON Schema cannot express."""

    def __init__(
        self,
        loader: _Loader,
        sites: list[Site],
        nodes: list[Node],
        segments: list[Segment],
        access: list[Access],
        crossings: list[BorderCrossing],
        speeds: SpeedTable | None,
    ) -> None:
        self.add = loader.add
        self.loader = loader
        self.sites, self.nodes, self.segments = sites, nodes, segments
        self.access, self.crossings, self.speeds = access, crossings, speeds
        self.places: dict[str, tuple[float, float]] = {}
        self.dupes: set[str] = set()

    def run(self) -> None:
        self.ids()
        self.references_and_lengths()
        self.site_access()
        self.hours_and_zones()
        self.lao_script()
        self.speed_rows()
        if not self.loader.problems:  # connectivity is only meaningful on sound records
            self.connected()

    def links(self) -> list[Segment | BorderCrossing]:
        """Return segments and crossings: everything joining two road nodes."""
        return [*self.segments, *self.crossings]

    def ids(self) -> None:
        located: list[tuple[str, Site | Node]] = [(_SITES, s) for s in self.sites]
        located += [(_ROADS, n) for n in self.nodes]
        for file, obj in located:
            if obj.id in self.places:
                self.dupes.add(obj.id)
                self.add(file, obj.id, "id", obj.id, "an id unique across sites and road nodes")
            self.places[obj.id] = (obj.lat, obj.lon)
        seen: set[str] = set()
        for link in self.links():
            if link.id in seen:
                self.add(_ROADS, link.id, "id", link.id, "a unique segment or crossing id")
            seen.add(link.id)

    def references_and_lengths(self) -> None:
        node_ids = {n.id for n in self.nodes}
        pairs: set[frozenset[str]] = set()
        for link in self.links():
            ends = [
                (f, v) for f, v in (("from", link.source), ("to", link.target)) if v not in node_ids
            ]
            for field, value in ends:
                if value in self.loader.rejected:
                    continue
                self.add(_ROADS, link.id, field, value, "the id of a road node in roads.json")
            if ends:
                continue
            pair = frozenset((link.source, link.target))
            if len(pair) == 1:
                self.add(_ROADS, link.id, "to", link.target, "a node other than `from`")
                continue
            if pair in pairs:
                self.add(
                    _ROADS,
                    link.id,
                    "from/to",
                    sorted(pair),
                    "at most one segment between two nodes (add an intermediate node)",
                )
            pairs.add(pair)
            winding = link.winding if isinstance(link, Segment) else None
            ends_at = (self.places[link.source], self.places[link.target])
            self.length(link.id, link.km, *ends_at, winding)

    def length(
        self,
        record: str,
        km: float,
        a: tuple[float, float],
        b: tuple[float, float],
        winding: Winding | None = None,
    ) -> None:
        geo = geodesic(a, b).km
        if winding is not None:
            self.winding_length(record, km, geo, winding)
            return
        if km < geo * (1 - GEODESIC_TOLERANCE) - 0.05:
            self.add(
                _ROADS,
                record,
                "km",
                km,
                f"at least the geodesic distance between its ends, {geo:.2f} km",
            )
        elif km > MAX_DETOUR * geo and km - geo > 1.0:
            self.add(
                _ROADS,
                record,
                "km",
                km,
                f"at most {MAX_DETOUR} × the geodesic distance "
                f"{geo:.2f} km between its ends, i.e. {MAX_DETOUR * geo:.2f} km",
            )

    def winding_length(self, record: str, km: float, geo: float, winding: Winding) -> None:
        """Check a road with a sourced winding exception against its own ceiling."""
        if km < geo * (1 - GEODESIC_TOLERANCE) - 0.05:
            self.add(_ROADS, record, "km", km, f"at least the geodesic {geo:.2f} km")
        elif km <= MAX_DETOUR * geo or km - geo <= 1.0:
            self.add(
                _ROADS,
                record,
                "winding",
                winding.max_factor,
                f"no winding exception: {km} km is within {MAX_DETOUR} × the geodesic "
                f"{geo:.2f} km, so the ordinary check applies",
            )
        elif km > winding.max_factor * geo:
            self.add(
                _ROADS,
                record,
                "km",
                km,
                f"at most winding.max_factor {winding.max_factor} × the geodesic "
                f"{geo:.2f} km, i.e. {winding.max_factor * geo:.2f} km",
            )

    def site_access(self) -> None:
        site_ids = {s.id for s in self.sites}
        node_ids = {n.id for n in self.nodes}
        served: set[str] = set()
        rejected = self.loader.rejected
        for acc in self.access:
            record = f"access:{acc.site}"
            if acc.site in self.dupes:
                served.add(acc.site)
                continue
            if acc.site not in site_ids and acc.site not in rejected:
                self.add(_ROADS, record, "site", acc.site, "the id of a site in sites.json")
            if acc.node not in node_ids and acc.node not in rejected:
                self.add(_ROADS, record, "node", acc.node, "the id of a road node in roads.json")
            if acc.site in served:
                self.add(_ROADS, record, "site", acc.site, "exactly one access entry per site")
            served.add(acc.site)
            if acc.site in site_ids and acc.node in node_ids:
                a, b = self.places[acc.site], self.places[acc.node]
                geo = geodesic(a, b).km
                if geo > MAX_ACCESS_KM:
                    self.add(
                        _ROADS,
                        record,
                        "node",
                        acc.node,
                        f"a road node at most {MAX_ACCESS_KM:g} km from the site, "
                        f"this one is {geo:.1f} km away",
                    )
                else:
                    self.length(record, acc.km, a, b, acc.winding)
        for site in self.sites:
            if site.id not in served and site.id not in rejected:
                self.add(
                    _SITES,
                    site.id,
                    "access",
                    "missing",
                    "an access entry in roads.json joining the site to a road node",
                )

    def hours_and_zones(self) -> None:
        timed: list[tuple[str, Site | BorderCrossing]] = [(_SITES, s) for s in self.sites]
        timed += [(_ROADS, c) for c in self.crossings]
        for file, obj in timed:
            if not opening_hours.validate(obj.opening_hours):
                self.add(
                    file,
                    obj.id,
                    "opening_hours",
                    obj.opening_hours,
                    "OpenStreetMap opening_hours syntax, e.g. 'Mo-Su 07:00-17:00'",
                )
        for site in self.sites:
            want = COUNTRY_TIMEZONES.get(site.country)
            if site.timezone != want:
                self.add(
                    _SITES, site.id, "timezone", site.timezone, f"{want} for country {site.country}"
                )
        countries = {n.id: n.country for n in self.nodes}
        for c in self.crossings:
            ends = [countries.get(c.source), countries.get(c.target)]
            if None not in ends and ends != list(c.countries):
                self.add(
                    _ROADS,
                    c.id,
                    "countries",
                    list(c.countries),
                    f"the countries of its `from` and `to` nodes in that order, {ends}",
                )

    def lao_script(self) -> None:
        """Check that ``name_lo`` is Lao script and ``description_lo`` mostly Lao.

        A name carries no Latin letter; a description may quote a road number such as
        "18B" but must be written mostly in Lao letters.
        """
        for site in self.sites:
            name, text = site.name_lo, site.description_lo
            if name and (not _LAO.search(name) or _LATIN.search(name)):
                self.add(
                    _SITES,
                    site.id,
                    "name_lo",
                    name,
                    "Lao script (U+0E80–U+0EFF) without Latin letters, or an empty string",
                )
            if text and len(_LAO.findall(text)) <= 2 * len(_LATIN.findall(text)):
                self.add(
                    _SITES,
                    site.id,
                    "description_lo",
                    text,
                    "text written in Lao script (U+0E80–U+0EFF), or an empty string",
                )

    def speed_rows(self) -> None:
        if self.speeds is None:
            return
        needs = [(s.id, s.road_class, s.modes) for s in self.segments]
        needs += [(f"access:{a.site}", "access", a.modes) for a in self.access]
        needs += [(c.id, "crossing", c.modes) for c in self.crossings]
        missing: set[tuple[str, str]] = set()
        for record, cls, modes in needs:
            for mode in sorted(modes):
                if self.speeds.speed(cls, mode) is None and (cls, mode) not in missing:
                    missing.add((cls, mode))
                    self.add(
                        _ROADS,
                        record,
                        f"speeds.kmh.{cls}.{mode}",
                        "missing",
                        f"a speed for class {cls!r} and mode {mode!r}",
                    )

    def connected(self) -> None:
        g = nx.Graph()
        g.add_nodes_from(n.id for n in self.nodes)
        g.add_nodes_from(a.site for a in self.access if a.site in self.places)
        links = [(s.source, s.target) for s in self.segments]
        links += [(c.source, c.target) for c in self.crossings]
        links += [(a.site, a.node) for a in self.access]
        g.add_edges_from((u, v) for u, v in links if u in self.places and v in self.places)
        parts = sorted(nx.connected_components(g), key=len, reverse=True)
        for part in parts[1:]:
            names = sorted(part)
            self.add(
                _ROADS,
                names[0],
                "connectivity",
                f"{len(names)} place(s) cut off: {', '.join(names[:5])}",
                "one connected network (add a segment joining them to the rest)",
            )
