"""Routes between places: fastest or shortest, k alternatives, travel-time matrices.

Built on NetworkX: an edge-weight callable returns ``None`` to close an edge (a mode
that may not use it, a gate closed to tourists, a one-way segment driven the wrong way,
a seasonal risk to avoid), and :func:`networkx.single_source_dijkstra` /
:func:`networkx.shortest_simple_paths` do the searching.

This module holds the searches (:func:`route`, :func:`alternatives`, :func:`matrix`);
the edge weights, option checks and no-route reasons are in :mod:`tourlink.routing_weights`
and the building of a :class:`~tourlink.model.Route` from a path (legs, border gates,
warnings) in :mod:`tourlink.routing_build`. Both are re-exported here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import networkx as nx

from tourlink import texts as t
from tourlink.dates import check_date
from tourlink.exceptions import InvalidRequestError
from tourlink.hours import COUNTRY_TIMEZONES
from tourlink.messages import message
from tourlink.model import Route
from tourlink.network import Network
from tourlink.routing_build import build_route, gate_name
from tourlink.routing_weights import check_options, edge_weight, mode_ref, no_route, place_ref

__all__ = [
    "TravelMatrix",
    "alternatives",
    "build_route",
    "edge_weight",
    "gate_name",
    "matrix",
    "mode_ref",
    "place_ref",
    "route",
]


@dataclass(frozen=True, slots=True)
class TravelMatrix:
    """Travel minutes and km between every ordered pair of places.

    Attributes
    ----------
    ids
        The places, in row/column order.
    minutes, km
        ``minutes[i][j]`` from ``ids[i]`` to ``ids[j]`` (``None`` when unreachable); minutes
        include border formalities but no waiting for a gate to open.
    crossings
        ``crossings[i][j]``: ids of the border crossings the route ``i → j`` passes.
    mode
        Travel mode.

    Examples
    --------
    >>> m = matrix(["kon-tum-city-centre", "mang-den-town"], mode="car")
    >>> m.minutes[0][0], m.minutes[0][1] > 60
    (0.0, True)
    """

    ids: tuple[str, ...]
    minutes: tuple[tuple[float | None, ...], ...]
    km: tuple[tuple[float | None, ...], ...]
    crossings: tuple[tuple[tuple[str, ...], ...], ...]
    mode: str = "car"

    def index(self, place_id: str) -> int:
        """Return the row of ``place_id``."""
        try:
            return self.ids.index(place_id)
        except ValueError:
            raise InvalidRequestError(
                message(t.NOT_IN_MATRIX, place=repr(place_id), ids=str(list(self.ids))),
                field="ids",
            ) from None

    def minutes_between(self, a: str, b: str) -> float | None:
        """Return the minutes from ``a`` to ``b`` (``None`` when unreachable)."""
        return self.minutes[self.index(a)][self.index(b)]

    def km_between(self, a: str, b: str) -> float | None:
        """Return the km from ``a`` to ``b`` (``None`` when unreachable)."""
        return self.km[self.index(a)][self.index(b)]


def _network(network: Network | None) -> Network:
    if network is not None:
        return network
    from tourlink.read import load_network

    return load_network()


def route(
    a: str,
    b: str,
    *,
    mode: str = "car",
    depart: dt.datetime | None = None,
    weight: str = "minutes",
    avoid_risk_month: int | None = None,
    network: Network | None = None,
) -> Route:
    """Return the fastest (or shortest) route from ``a`` to ``b``.

    Parameters
    ----------
    a, b
        Site (or road node) ids.
    mode
        ``"car"``, ``"motorbike"`` or ``"coach"``.
    depart
        Departure time; naive means local time at ``a``. Arrival times are then computed
        along the way, waiting at a border gate until it opens.
    weight
        ``"minutes"`` for the fastest route, ``"km"`` for the shortest.
    avoid_risk_month
        Avoid segments with a seasonal risk (landslides, floods) in this month.
    network
        The network; the shipped data's (loaded once) when ``None``.

    Returns
    -------
    Route
        Legs road by road, totals, geometry, crossings and warnings.

    Raises
    ------
    UnknownSiteError
        If ``a`` or ``b`` is not a known id.
    InvalidRequestError
        If ``mode``, ``weight`` or ``avoid_risk_month`` is invalid.
    NoRouteError
        If no path exists under these options.

    Examples
    --------
    >>> r = route("kon-tum-city-centre", "mang-den-town", mode="car")
    >>> r.origin, r.destination, r.km > 40
    ('kon-tum-city-centre', 'mang-den-town', True)
    """
    net = _network(network)
    check_options(net, (a, b), mode, weight, avoid_risk_month)
    fn = edge_weight(mode, weight=weight, avoid_risk_month=avoid_risk_month)
    try:
        _, path = nx.single_source_dijkstra(net.G, a, b, weight=fn)
    except nx.NetworkXNoPath:
        raise no_route(net, a, b, mode, avoid_risk_month) from None
    return build_route(
        net, path, mode=mode, depart=_localise(net, a, depart), risk_month=avoid_risk_month
    )


def alternatives(
    a: str,
    b: str,
    *,
    k: int = 3,
    mode: str = "car",
    weight: str = "minutes",
    depart: dt.datetime | None = None,
    avoid_risk_month: int | None = None,
    max_overlap: float = 0.8,
    network: Network | None = None,
) -> list[Route]:
    """Return up to ``k`` routes from ``a`` to ``b`` that really differ, best first.

    Candidates come from :func:`networkx.shortest_simple_paths`; one sharing more than
    ``max_overlap`` of its km with an already chosen route is skipped.

    Parameters
    ----------
    a, b
        Site (or road node) ids.
    k
        Most routes to return (at least 1).
    mode, weight, depart, avoid_risk_month, network
        As for :func:`route`.
    max_overlap
        Largest share of a candidate's km that may coincide with a route already chosen.

    Returns
    -------
    list of Route
        Between 1 and ``k`` routes, best first by ``weight``.

    Raises
    ------
    InvalidRequestError
        If ``k`` < 1 or another option is invalid.
    NoRouteError
        If there is no route at all.

    Examples
    --------
    >>> routes = alternatives("kon-tum-city-centre", "mang-den-town", k=2)
    >>> 1 <= len(routes) <= 2 and routes[0].minutes <= routes[-1].minutes
    True
    """
    if k < 1:
        raise InvalidRequestError(message(t.K_TOO_SMALL, k=str(k)), field="k")
    net = _network(network)
    check_options(net, (a, b), mode, weight, avoid_risk_month)
    fn = edge_weight(mode, weight=weight, avoid_risk_month=avoid_risk_month)
    chosen: list[list[str]] = []
    try:
        for path in itertools.islice(
            nx.shortest_simple_paths(net.G, a, b, weight=fn), max(12, 6 * k)
        ):
            if all(
                _shared_km(net, path, other) <= max_overlap * _path_km(net, path)
                for other in chosen
            ):
                chosen.append(path)
                if len(chosen) == k:
                    break
    except nx.NetworkXNoPath:
        raise no_route(net, a, b, mode, avoid_risk_month) from None
    when = _localise(net, a, depart)
    return [
        build_route(net, p, mode=mode, depart=when, risk_month=avoid_risk_month) for p in chosen
    ]


def matrix(
    ids: Sequence[str],
    *,
    mode: str = "car",
    weight: str = "minutes",
    avoid_risk_month: int | None = None,
    network: Network | None = None,
) -> TravelMatrix:
    """Return travel minutes, km and border crossings between every pair of ``ids``.

    One single-source Dijkstra per source (not per pair); km and crossings are read off
    the shortest-path tree.

    Parameters
    ----------
    ids
        Site (or road node) ids, in the order of the rows and columns.
    mode
        ``"car"``, ``"motorbike"`` or ``"coach"``.
    weight
        ``"minutes"`` (fastest paths) or ``"km"`` (shortest paths).
    avoid_risk_month
        Avoid segments with a seasonal risk in this month.
    network
        The network; the shipped data's when ``None``.

    Returns
    -------
    TravelMatrix
        Minutes, km and crossings for every ordered pair (``None`` where unreachable).

    Raises
    ------
    UnknownSiteError
        If an id is not known.
    InvalidRequestError
        If ``mode``, ``weight`` or ``avoid_risk_month`` is invalid.

    Examples
    --------
    >>> m = matrix(["kon-tum-city-centre", "attapeu"], mode="coach")
    >>> m.crossings[0][1]
    ('bo-y-phou-keua',)
    """
    net = _network(network)
    ids = tuple(ids)
    check_options(net, ids, mode, weight, avoid_risk_month)
    fn = edge_weight(mode, weight=weight, avoid_risk_month=avoid_risk_month)
    minutes_fn = edge_weight(mode, weight="minutes", avoid_risk_month=avoid_risk_month)
    rows_min, rows_km, rows_x = [], [], []
    g = net.G
    for src in ids:
        _, paths = nx.single_source_dijkstra(g, src, weight=fn)
        km: dict[str, float] = {src: 0.0}
        mins: dict[str, float] = {src: 0.0}
        gates: dict[str, tuple[str, ...]] = {src: ()}
        for node, path in paths.items():  # parents come before children
            if node == src:
                continue
            parent = path[-2]
            d = g[parent][node]
            km[node] = km[parent] + d["km"]
            mins[node] = mins[parent] + float(minutes_fn(parent, node, d) or 0.0)
            gates[node] = gates[parent] + ((d["crossing"],) if d["crossing"] else ())
        rows_min.append(tuple(mins.get(t) for t in ids))
        rows_km.append(tuple(km.get(t) for t in ids))
        rows_x.append(tuple(gates.get(t, ()) for t in ids))
    return TravelMatrix(ids, tuple(rows_min), tuple(rows_km), tuple(rows_x), mode)


def _localise(net: Network, origin: str, depart: dt.datetime | None) -> dt.datetime | None:
    if depart is not None:
        check_date("depart", depart)
    if depart is None or depart.tzinfo is not None:
        return depart
    site = net.dataset.sites.get(origin)
    tz = site.timezone if site else COUNTRY_TIMEZONES[net.G.nodes[origin]["country"]]
    return depart.replace(tzinfo=ZoneInfo(tz))


def _path_km(net: Network, path: list[str]) -> float:
    return float(sum(net.G[u][v]["km"] for u, v in itertools.pairwise(path)))


def _shared_km(net: Network, path: list[str], other: list[str]) -> float:
    theirs = {frozenset(e) for e in itertools.pairwise(other)}
    return float(
        sum(net.G[u][v]["km"] for u, v in itertools.pairwise(path) if frozenset((u, v)) in theirs)
    )
