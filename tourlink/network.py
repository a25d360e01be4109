"""The road network as a NetworkX graph, with travel times per mode.

Graph nodes are road nodes (``kind="road"``), street nodes inside towns
(``kind="street"``, from ``streets.json``) and sites (``kind="site"``); a site attached
to a street node hangs off it, every other site off its road node by its access road.
Edges carry ``km``, ``road``, ``road_class``, ``mountain_pass``, ``modes``,
``seasonal_risk``, ``crossing`` (a border crossing id or ``None``), ``segment`` (the
segment id), ``oneway_from`` (the node a one-way segment starts at, else ``None``),
``closed`` (on a crossing closed to tourists), ``minutes_car`` / ``minutes_motorbike`` /
``minutes_coach`` (``None`` where the mode may not use the edge) and ``minutes_walk``
(walking minutes on street segments and street attachments, ``None`` elsewhere).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from tourlink import texts
from tourlink.exceptions import InvalidRequestError, UnknownSiteError
from tourlink.messages import Ref, message
from tourlink.model import MODES, Site
from tourlink.text import fold, matches, suggest

if TYPE_CHECKING:
    from tourlink.model import Route
    from tourlink.read import Dataset
    from tourlink.routing import TravelMatrix

__all__ = ["LIST_IDS_HINT", "Network", "SpeedTable", "check_mode"]

LIST_IDS_HINT = "; run `tourlink sites` to list ids."
"""The end of an unknown-site message when no id is close; front ends may replace it."""


@dataclass(frozen=True, slots=True)
class SpeedTable:
    """Assumed average speeds (km/h) per road class and mode: the one place they live.

    Loaded from the ``speeds`` section of ``roads.json``. Travel time on an edge is
    ``km / (kmh[class][mode] × pass_factor if mountain pass else kmh[class][mode])``.
    Access roads use class ``"access"`` and border crossings ``"crossing"``, falling back
    to ``"local"`` when the table has no such row.

    Examples
    --------
    >>> t = SpeedTable({"national": {"car": 60.0}}, pass_factor=0.5)
    >>> t.minutes(30.0, "national", "car")
    30.0
    >>> t.minutes(30.0, "national", "car", mountain_pass=True)
    60.0
    """

    kmh: Mapping[str, Mapping[str, float]]
    pass_factor: float = 1.0
    note: str = ""
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0.0 < self.pass_factor <= 1.0:
            raise ValueError(f"SpeedTable.pass_factor must be in (0, 1], got {self.pass_factor}.")

    def speed(self, road_class: str, mode: str) -> float | None:
        """Return the assumed speed in km/h, or ``None`` if the table has none."""
        row = self.kmh.get(road_class)
        if row is None and road_class in ("access", "crossing"):
            row = self.kmh.get("local")
        return None if row is None else row.get(mode)

    def minutes(
        self, km: float, road_class: str, mode: str, *, mountain_pass: bool = False
    ) -> float:
        """Return the minutes ``mode`` needs for ``km`` on a road of ``road_class``."""
        kmh = self.speed(road_class, mode)
        if kmh is None:
            raise InvalidRequestError(
                f"the speed table has no speed for class {road_class!r} and mode {mode!r}.",
                field="speeds",
            )
        if mountain_pass:
            kmh *= self.pass_factor
        return km / kmh * 60.0


def check_mode(mode: str) -> str:
    """Return ``mode`` if it is a travel mode, else raise :class:`InvalidRequestError`.

    Examples
    --------
    >>> check_mode("plane")
    Traceback (most recent call last):
    ...
    tourlink.exceptions.InvalidRequestError: mode must be one of car, motorbike, coach, got 'plane'.
    """
    if mode not in MODES:
        said = message(texts.BAD_MODE, choices=", ".join(MODES), value=repr(mode))
        raise InvalidRequestError(said, field="mode")
    return mode


@dataclass(frozen=True, eq=False)
class Network:
    """The road network of a :class:`~tourlink.read.Dataset`, ready for routing.

    Parameters
    ----------
    dataset
        Validated data (see :func:`tourlink.read.load_dataset`).

    Attributes
    ----------
    G
        The undirected :class:`networkx.Graph` (see the module docstring for attributes).
    dataset
        The data it was built from.
    sites
        Sites by id.

    Examples
    --------
    >>> from tourlink.read import load_dataset
    >>> net = Network(load_dataset())
    >>> net.G.has_node("kon-tum-wooden-church")
    True
    """

    dataset: Dataset
    G: nx.Graph = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "G", _build_graph(self.dataset))

    @classmethod
    def from_dir(cls, path: str | Path | None = None) -> Network:
        """Load, validate and build the network of the data in ``path`` (default: shipped)."""
        from tourlink.read import load_dataset

        return cls(load_dataset(path))

    @property
    def sites(self) -> Mapping[str, Site]:
        """Sites by id."""
        return self.dataset.sites

    def site(self, site_id: str) -> Site:
        """Return the site ``site_id``.

        Raises
        ------
        UnknownSiteError
            With the closest id as a suggestion.
        """
        try:
            return self.dataset.sites[site_id]
        except KeyError:
            raise self.unknown(site_id) from None

    def unknown(self, place_id: str, *, nodes: bool = False) -> UnknownSiteError:
        """Return the error for an unknown id, suggesting the closest known one."""
        pool = list(self.dataset.sites)
        if nodes:
            pool += list(self.dataset.nodes)
        hint = suggest(place_id, pool)
        if not hint:
            hint = [s.id for s in self.find_sites(place_id)[:1]]
        site = Ref("site", place_id, repr(place_id))
        if hint:
            said = message(texts.UNKNOWN_SITE, site=site, suggestion=repr(hint[0]))
        else:
            said = message(texts.UNKNOWN_SITE_LIST, site=site)
        return UnknownSiteError(said, place_id)

    def find_sites(
        self,
        query: str = "",
        *,
        zone: str | None = None,
        category: str | None = None,
        country: str | None = None,
        kind: str | None = None,
        retired: bool = False,
    ) -> list[Site]:
        """Return the sites matching every given filter, sorted by id.

        ``query`` matches the Vietnamese, English and Lao names and the id, with or
        without diacritics (``"mang den"`` finds *Măng Đen*). Retired sites (kept so
        that old itineraries explain themselves) are left out unless ``retired``.
        """
        out = []
        for site in self.dataset.sites.values():
            if site.retired is not None and not retired:
                continue
            if zone is not None and site.zone != zone:
                continue
            if category is not None and category not in site.categories:
                continue
            if country is not None and site.country != country.upper():
                continue
            if kind is not None and site.kind != kind:
                continue
            if query and not matches(query, (site.name, site.name_en, site.name_lo, site.id)):
                continue
            out.append(site)
        return sorted(out, key=lambda s: (fold(s.name), s.id))

    def nearby(self, site_id: str, *, km: float = 30.0) -> list[tuple[Site, float]]:
        """Return other sites within ``km`` by road (car), nearest first, with their km."""
        self.site(site_id)
        dist = nx.single_source_dijkstra_path_length(self.G, site_id, cutoff=km, weight=_km_weight)
        found = [
            (self.dataset.sites[n], float(d))
            for n, d in dist.items()
            if n != site_id and n in self.dataset.sites
        ]
        return sorted(found, key=lambda pair: (pair[1], pair[0].id))

    def place(self, place_id: str) -> tuple[float, float]:
        """Return ``(lat, lon)`` of a site or road node id."""
        if place_id not in self.G:
            raise self.unknown(place_id, nodes=True)
        data = self.G.nodes[place_id]
        return (data["lat"], data["lon"])

    def route(self, a: str, b: str, **options: Any) -> Route:
        """Return :func:`tourlink.routing.route` from ``a`` to ``b`` on this network."""
        from tourlink.routing import route

        return route(a, b, network=self, **options)

    def alternatives(self, a: str, b: str, **options: Any) -> list[Route]:
        """Return :func:`tourlink.routing.alternatives` on this network."""
        from tourlink.routing import alternatives

        return alternatives(a, b, network=self, **options)

    def matrix(self, ids: list[str] | tuple[str, ...], **options: Any) -> TravelMatrix:
        """Return :func:`tourlink.routing.matrix` on this network."""
        from tourlink.routing import matrix

        return matrix(ids, network=self, **options)


def _km_weight(u: str, v: str, d: dict[str, Any]) -> float | None:
    km: float | None = None if d.get("closed") else d["km"]
    return km


def _minutes(
    speeds: SpeedTable,
    km: float,
    cls: str,
    modes: frozenset[str],
    mountain_pass: bool,
    extra: float = 0.0,
) -> dict[str, float | None]:
    return {
        f"minutes_{m}": (
            speeds.minutes(km, cls, m, mountain_pass=mountain_pass) + extra if m in modes else None
        )
        for m in MODES
    }


def _link(
    g: nx.Graph,
    speeds: SpeedTable,
    a: str,
    b: str,
    *,
    km: float,
    road: str,
    road_class: str,
    modes: frozenset[str],
    segment: str,
    mountain_pass: bool = False,
    seasonal_risk: Any = None,
    crossing: str | None = None,
    oneway_from: str | None = None,
    minutes_walk: float | None = None,
    extra: float = 0.0,
    **more: Any,
) -> None:
    """Add the edge ``a``–``b`` with every attribute routing reads, minutes per mode included."""
    g.add_edge(
        a,
        b,
        km=km,
        road=road,
        road_class=road_class,
        mountain_pass=mountain_pass,
        modes=modes,
        seasonal_risk=seasonal_risk,
        crossing=crossing,
        segment=segment,
        oneway_from=oneway_from,
        minutes_walk=minutes_walk,
        **more,
        **_minutes(speeds, km, road_class, modes, mountain_pass, extra),
    )


def _build_graph(ds: Dataset) -> nx.Graph:
    g = nx.Graph()
    for n in ds.nodes.values():
        g.add_node(n.id, lat=n.lat, lon=n.lon, kind="road", name=n.name, country=n.country)
    for s in ds.sites.values():
        g.add_node(s.id, lat=s.lat, lon=s.lon, kind="site", name=s.name, country=s.country)
    sp = ds.speeds
    for seg in ds.segments:
        _link(
            g,
            sp,
            seg.source,
            seg.target,
            km=seg.km,
            road=seg.road,
            road_class=seg.road_class,
            modes=seg.modes,
            segment=seg.id,
            mountain_pass=seg.mountain_pass,
            seasonal_risk=seg.seasonal_risk,
            oneway_from=seg.source if seg.oneway else None,
        )
    _add_streets(g, ds)
    attached = ds.streets.attachments()
    for acc in ds.access.values():
        if acc.site in attached:
            continue  # the site joins the network through its street node instead
        _link(
            g,
            sp,
            acc.site,
            acc.node,
            km=acc.km,
            road=acc.road,
            road_class="access",
            modes=acc.modes,
            segment=f"access:{acc.site}",
        )
    for c in ds.crossings.values():
        _link(
            g,
            sp,
            c.source,
            c.target,
            km=c.km,
            road=c.name,
            road_class="crossing",
            modes=c.modes,
            segment=f"crossing:{c.id}",
            crossing=c.id,
            extra=float(c.formalities_minutes),
            closed=not c.open_to_tourists,
        )
    return g


def _add_streets(g: nx.Graph, ds: Dataset) -> None:
    """Add the street nodes, street segments and street attachments of ``ds``."""
    sp, walking = ds.speeds, ds.streets.walking
    for town in ds.streets.towns.values():
        for n in town.nodes:
            g.add_node(n.id, lat=n.lat, lon=n.lon, kind="street", name=n.name, country=n.country)
        for seg in town.segments:
            walk = seg.id in town.walkable
            _link(
                g,
                sp,
                seg.source,
                seg.target,
                km=seg.km,
                road=seg.road,
                road_class=seg.road_class,
                modes=seg.modes,
                segment=seg.id,
                minutes_walk=walking.minutes(seg.km) if walk and walking else None,
            )
        for acc in town.attachments:
            _link(
                g,
                sp,
                acc.site,
                acc.node,
                km=acc.km,
                road=acc.road,
                road_class="access",
                modes=acc.modes,
                segment=f"street:{acc.site}",
                minutes_walk=walking.minutes(acc.km) if walking else None,
            )
