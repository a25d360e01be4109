"""Checks of meaning a JSON Schema cannot express: ids, references, lengths, connectivity.

The rules about hours, time zones, Lao script and speeds are in :mod:`._rules`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import networkx as nx
from geopy.distance import geodesic

from tourlink.messages import message
from tourlink.model import Access, BorderCrossing, Node, Segment, Site, Winding
from tourlink.network import SpeedTable
from tourlink.read import _rules
from tourlink.read import texts as rt
from tourlink.read.dataset import GEODESIC_TOLERANCE, MAX_ACCESS_KM, MAX_DETOUR
from tourlink.read.dataset import ROADS as _ROADS
from tourlink.read.dataset import SITES as _SITES

if TYPE_CHECKING:
    from tourlink.read._loader import Loader

__all__ = ["Checks"]


class Checks:
    """Semantic checks a JSON Schema cannot express."""

    def __init__(
        self,
        loader: Loader,
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
        """Run every check, connectivity last and only on sound records."""
        self.ids()
        self.references_and_lengths()
        self.site_access()
        _rules.hours_and_zones(self.add, self.sites, self.nodes, self.crossings)
        _rules.lao_script(self.add, self.sites)
        _rules.speed_rows(self.add, self.speeds, self.segments, self.access, self.crossings)
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
                self.add(file, obj.id, "id", obj.id, message(rt.UNIQUE_PLACE_ID))
            self.places[obj.id] = (obj.lat, obj.lon)
        seen: set[str] = set()
        for link in self.links():
            if link.id in seen:
                self.add(_ROADS, link.id, "id", link.id, message(rt.UNIQUE_LINK_ID))
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
                self.add(_ROADS, link.id, field, value, message(rt.ROAD_NODE))
            if ends:
                continue
            pair = frozenset((link.source, link.target))
            if len(pair) == 1:
                self.add(_ROADS, link.id, "to", link.target, message(rt.OTHER_NODE))
                continue
            if pair in pairs:
                self.add(
                    _ROADS,
                    link.id,
                    "from/to",
                    sorted(pair),
                    message(rt.ONE_SEGMENT),
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
        file: str = _ROADS,
    ) -> None:
        """Check ``km`` against the geodesic between ``a`` and ``b`` (one problem at most)."""
        geo = geodesic(a, b).km
        if winding is not None:
            self.winding_length(record, km, geo, winding)
            return
        if km < geo * (1 - GEODESIC_TOLERANCE) - 0.05:
            self.add(
                file,
                record,
                "km",
                km,
                message(rt.AT_LEAST_GEODESIC, km=rt.fixed(geo)),
            )
        elif km > MAX_DETOUR * geo and km - geo > 1.0:
            self.add(
                file,
                record,
                "km",
                km,
                message(
                    rt.AT_MOST_DETOUR,
                    factor=Decimal(str(MAX_DETOUR)),
                    km=rt.fixed(geo),
                    most=rt.fixed(MAX_DETOUR * geo),
                ),
            )

    def winding_length(self, record: str, km: float, geo: float, winding: Winding) -> None:
        """Check a road with a sourced winding exception against its own ceiling."""
        if km < geo * (1 - GEODESIC_TOLERANCE) - 0.05:
            self.add(
                _ROADS, record, "km", km, message(rt.AT_LEAST_GEODESIC_SHORT, km=rt.fixed(geo))
            )
        elif km <= MAX_DETOUR * geo or km - geo <= 1.0:
            self.add(
                _ROADS,
                record,
                "winding",
                winding.max_factor,
                message(
                    rt.NO_WINDING,
                    length=str(km),
                    factor=Decimal(str(MAX_DETOUR)),
                    km=rt.fixed(geo),
                ),
            )
        elif km > winding.max_factor * geo:
            self.add(
                _ROADS,
                record,
                "km",
                km,
                message(
                    rt.AT_MOST_WINDING,
                    factor=str(winding.max_factor),
                    km=rt.fixed(geo),
                    most=rt.fixed(winding.max_factor * geo),
                ),
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
                self.add(_ROADS, record, "site", acc.site, message(rt.SITE_ID))
            if acc.node not in node_ids and acc.node not in rejected:
                self.add(_ROADS, record, "node", acc.node, message(rt.ROAD_NODE))
            if acc.site in served:
                self.add(_ROADS, record, "site", acc.site, message(rt.ONE_ACCESS))
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
                        message(
                            rt.NEAR_ROAD_NODE,
                            limit=Decimal(f"{MAX_ACCESS_KM:g}"),
                            km=rt.fixed(geo, 1),
                        ),
                    )
                else:
                    self.length(record, acc.km, a, b, acc.winding)
        for site in self.sites:
            if site.id not in served and site.id not in rejected:
                self.add(
                    _SITES,
                    site.id,
                    "access",
                    message(rt.MISSING),
                    message(rt.ACCESS_ENTRY),
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
                message(rt.CUT_OFF, count=len(names), places=", ".join(names[:5])),
                message(rt.CONNECTED),
            )
