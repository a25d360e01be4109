"""Read and check ``streets.json``: street nodes, street segments and attached sites per town.

The file is optional (a test's own folder may have none). Every problem is reported with
the other files' problems, naming ``streets.json``, the record and the field: ids that
clash with a site, a road node or another street node; segment ends that are neither a
street node of the town nor a road node; lengths against the geodesic (the checks of
``roads.json``); attachments to an unknown site or to another town's node, or too far
from it; road classes without a speed; street nodes cut off from the road network.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import networkx as nx
from geopy.distance import geodesic

from tourlink.messages import Message, message
from tourlink.model import Access, Node, Segment, Site
from tourlink.network import SpeedTable
from tourlink.read import _records
from tourlink.read import texts as rt
from tourlink.read.dataset import MAX_ATTACH_KM, STREETS
from tourlink.streets import StreetMap, Town, Walking

if TYPE_CHECKING:
    from tourlink.read._loader import Loader

__all__ = ["build_streets", "check_streets"]

Length = Callable[..., None]


def _node(r: dict[str, Any]) -> Node:
    return Node(r["id"], r["name"], r["lat"], r["lon"], r["country"], tuple(r["sources"]))


def _segment(r: dict[str, Any]) -> Segment:
    return Segment(
        id=r["id"],
        source=r["from"],
        target=r["to"],
        road=r["street"],
        km=r["km"],
        road_class=r["class"],
        modes=frozenset(r["modes"]),
        sources=(),
    )


def _town(r: dict[str, Any]) -> Town:
    nodes = tuple(_node(n) for n in r["nodes"])
    street_of = {n["id"]: n["street"] for n in r["nodes"]}
    attachments = tuple(
        Access(a["site"], a["node"], a["km"], frozenset(a["modes"]), street_of.get(a["node"], ""))
        for a in r["attach"]
    )
    assumptions = {
        x["id"]: _records.assumptions(x)
        for x in [*r["nodes"], *r["segments"]]
        if "assumptions" in x
    }
    return Town(
        id=r["id"],
        name=r["name"],
        country=r["country"],
        nodes=nodes,
        segments=tuple(_segment(s) for s in r["segments"]),
        attachments=attachments,
        walkable=frozenset(s["id"] for s in r["segments"] if s.get("walk", True)),
        assumptions=MappingProxyType(assumptions),
        sources=tuple(r["sources"]),
    )


def build_streets(loader: Loader, doc: dict[str, Any] | None) -> StreetMap:
    """Return the :class:`~tourlink.streets.StreetMap` of a schema-checked document."""
    if doc is None:
        return StreetMap()
    towns: list[Town] = loader.build(STREETS, doc.get("towns", []), "towns", _town)
    walking = None
    raw = doc.get("walking")
    if isinstance(raw, dict) and (STREETS, "walking") not in loader.bad_sections:
        try:
            walking = Walking(
                raw["kmh"], raw["max_km"], raw["park_minutes"], raw["note"], tuple(raw["sources"])
            )
        except (KeyError, TypeError, ValueError) as exc:
            loader.add(STREETS, "walking", "(record)", str(exc), message(rt.CONSISTENT))
    return StreetMap(MappingProxyType({t.id: t for t in towns}), walking)


class _StreetChecks:
    """The checks of one street map against the sites and roads it joins."""

    def __init__(
        self,
        add: Callable[[str, str, str, Any, Message], None],
        length: Length,
        sites: Mapping[str, Site],
        road_nodes: Mapping[str, Node],
        link_ids: set[str],
    ) -> None:
        self.add, self.length = add, length
        self.sites, self.road_nodes, self.link_ids = sites, road_nodes, link_ids
        self.places: dict[str, tuple[float, float]] = {}
        self.attached: set[str] = set()

    def town(self, town: Town, speeds: SpeedTable | None) -> None:
        own = {n.id for n in town.nodes}
        for node in town.nodes:
            if node.id in self.sites or node.id in self.road_nodes or node.id in self.places:
                self.add(STREETS, node.id, "id", node.id, message(rt.UNIQUE_STREET_ID))
            if node.country != town.country:
                self.add(
                    STREETS,
                    node.id,
                    "country",
                    node.country,
                    message(rt.TOWN_COUNTRY, country=town.country),
                )
            self.places[node.id] = (node.lat, node.lon)
        for seg in town.segments:
            self.segment(town, seg, own, speeds)
        for link in town.attachments:
            self.attachment(town, link, own, speeds)
        self.connected(town)

    def where(self, place: str) -> tuple[float, float] | None:
        if place in self.places:
            return self.places[place]
        node = self.road_nodes.get(place)
        return None if node is None else (node.lat, node.lon)

    def segment(self, town: Town, seg: Segment, own: set[str], speeds: SpeedTable | None) -> None:
        if seg.id in self.link_ids:
            self.add(STREETS, seg.id, "id", seg.id, message(rt.UNIQUE_SEGMENT_ID))
        self.link_ids.add(seg.id)
        ends = {"from": seg.source, "to": seg.target}
        bad = [f for f, v in ends.items() if v not in own and v not in self.road_nodes]
        for field in bad:
            self.add(
                STREETS,
                seg.id,
                field,
                ends[field],
                message(rt.STREET_OR_ROAD_NODE, town=town.id),
            )
        if not bad and seg.source not in own and seg.target not in own:
            self.add(
                STREETS, seg.id, "from/to", [seg.source, seg.target], message(rt.STREET_NODE_END)
            )
        elif not bad and seg.source == seg.target:
            self.add(STREETS, seg.id, "to", seg.target, message(rt.OTHER_NODE))
        elif not bad:
            a, b = self.where(seg.source), self.where(seg.target)
            assert a is not None and b is not None
            self.length(seg.id, seg.km, a, b, None, STREETS)
        self.speeds(seg.id, seg.road_class, seg.modes, speeds)

    def attachment(
        self, town: Town, link: Access, own: set[str], speeds: SpeedTable | None
    ) -> None:
        record = f"attach:{link.site}"
        site = self.sites.get(link.site)
        if site is None:
            self.add(STREETS, record, "site", link.site, message(rt.SITE_ID))
        if link.site in self.attached:
            self.add(STREETS, record, "site", link.site, message(rt.ONE_ATTACHMENT))
        self.attached.add(link.site)
        if link.node not in own:
            self.add(STREETS, record, "node", link.node, message(rt.STREET_NODE, town=town.id))
        if site is not None and link.node in own:
            a, b = (site.lat, site.lon), self.places[link.node]
            geo = geodesic(a, b).km
            if geo > MAX_ATTACH_KM:
                self.add(
                    STREETS,
                    record,
                    "node",
                    link.node,
                    message(
                        rt.NEAR_STREET_NODE, limit=Decimal(f"{MAX_ATTACH_KM:g}"), km=rt.fixed(geo)
                    ),
                )
            else:
                self.length(record, link.km, a, b, None, STREETS)
        self.speeds(record, "access", link.modes, speeds)

    def speeds(
        self, record: str, cls: str, modes: frozenset[str], speeds: SpeedTable | None
    ) -> None:
        for mode in sorted(modes):
            if speeds is not None and speeds.speed(cls, mode) is None:
                self.add(
                    STREETS,
                    record,
                    f"class {cls}",
                    mode,
                    message(rt.CLASS_SPEED, mode=repr(mode)),
                )

    def connected(self, town: Town) -> None:
        g = nx.Graph()
        g.add_nodes_from(n.id for n in town.nodes)
        g.add_edges_from((s.source, s.target) for s in town.segments)
        for part in nx.connected_components(g):
            if not any(p in self.road_nodes for p in part):
                names = sorted(part)
                self.add(
                    STREETS,
                    names[0],
                    "connectivity",
                    message(rt.STREET_NODES_CUT_OFF, count=len(names), nodes=", ".join(names[:5])),
                    message(rt.STREETS_JOINED),
                )


def check_streets(
    loader: Loader,
    streets: StreetMap,
    sites: list[Site],
    nodes: list[Node],
    links: set[str],
    speeds: SpeedTable | None,
    length: Length,
) -> None:
    """Report every problem of ``streets`` through ``loader``."""
    checks = _StreetChecks(
        loader.add,
        length,
        {s.id: s for s in sites},
        {n.id: n for n in nodes},
        set(links),
    )
    for town in streets.towns.values():
        checks.town(town, speeds)
