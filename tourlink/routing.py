"""Routes between places: fastest or shortest, k alternatives, travel-time matrices.

Built on NetworkX: an edge-weight callable returns ``None`` to close an edge (a mode
that may not use it, a gate closed to tourists, a one-way segment driven the wrong way,
a seasonal risk to avoid), and :func:`networkx.single_source_dijkstra` /
:func:`networkx.shortest_simple_paths` do the searching.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import networkx as nx

from tourlink.dates import check_date
from tourlink.exceptions import InvalidRequestError, NoRouteError
from tourlink.hours import (
    COUNTRY_TIMEZONES,
    crossing_closes,
    crossing_is_open,
    crossing_next_window,
    local_time,
)
from tourlink.model import BorderCrossing, CrossingPass, Leg, Route
from tourlink.network import Network, check_mode

__all__ = ["TravelMatrix", "alternatives", "build_route", "edge_weight", "matrix", "route"]

WeightFn = Callable[[str, str, dict[str, Any]], float | None]
_PLURAL = {"car": "cars", "motorbike": "motorbikes", "coach": "coaches"}


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
                f"{place_id!r} is not one of the matrix ids {list(self.ids)}.", field="ids"
            ) from None

    def minutes_between(self, a: str, b: str) -> float | None:
        """Return the minutes from ``a`` to ``b`` (``None`` when unreachable)."""
        return self.minutes[self.index(a)][self.index(b)]

    def km_between(self, a: str, b: str) -> float | None:
        """Return the km from ``a`` to ``b`` (``None`` when unreachable)."""
        return self.km[self.index(a)][self.index(b)]


def edge_weight(
    mode: str,
    *,
    weight: str = "minutes",
    avoid_risk_month: int | None = None,
    any_mode: bool = False,
    open_gates: bool = False,
) -> WeightFn:
    """Return a NetworkX weight callable for ``mode`` that returns ``None`` on closed edges.

    Parameters
    ----------
    mode
        Travel mode; edges whose ``modes`` lack it are closed unless ``any_mode``.
    weight
        ``"minutes"`` (fastest) or ``"km"`` (shortest).
    avoid_risk_month
        Close segments whose seasonal risk applies in this month (1–12).
    any_mode, open_gates
        Diagnostics: ignore mode restrictions / treat gates closed to tourists as open.
    """
    attr = f"minutes_{mode}" if weight == "minutes" and not any_mode else "km"

    def fn(u: str, v: str, d: dict[str, Any]) -> float | None:
        if d.get("closed") and not open_gates:
            return None
        if d["oneway_from"] is not None and u != d["oneway_from"]:
            return None
        if not any_mode and mode not in d["modes"]:
            return None
        risk = d["seasonal_risk"]
        if avoid_risk_month is not None and risk is not None and risk.applies(avoid_risk_month):
            return None
        value: float = d[attr]
        return value

    return fn


def _check_options(
    net: Network, ids: Sequence[str], mode: str, weight: str, month: int | None
) -> None:
    check_mode(mode)
    if weight not in ("minutes", "km"):
        raise InvalidRequestError(
            f"weight must be 'minutes' (fastest) or 'km' (shortest), got {weight!r}.",
            field="weight",
        )
    if month is not None and not (isinstance(month, int) and 1 <= month <= 12):
        raise InvalidRequestError(
            f"avoid_risk_month must be a month number 1–12, got {month!r}.",
            field="avoid_risk_month",
        )
    for place in ids:
        if place not in net.G:
            raise net.unknown(place, nodes=True)


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
    _check_options(net, (a, b), mode, weight, avoid_risk_month)
    fn = edge_weight(mode, weight=weight, avoid_risk_month=avoid_risk_month)
    try:
        _, path = nx.single_source_dijkstra(net.G, a, b, weight=fn)
    except nx.NetworkXNoPath:
        raise _no_route(net, a, b, mode, avoid_risk_month) from None
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
        raise InvalidRequestError(f"k must be at least 1, got {k}.", field="k")
    net = _network(network)
    _check_options(net, (a, b), mode, weight, avoid_risk_month)
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
        raise _no_route(net, a, b, mode, avoid_risk_month) from None
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
    _check_options(net, ids, mode, weight, avoid_risk_month)
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


def _reachable(net: Network, a: str, b: str, fn: WeightFn) -> bool:
    try:
        nx.single_source_dijkstra(net.G, a, b, weight=fn)
    except nx.NetworkXNoPath:
        return False
    return True


def _no_route(net: Network, a: str, b: str, mode: str, month: int | None) -> NoRouteError:
    def ok(**kw: Any) -> bool:
        return _reachable(net, a, b, edge_weight(mode, weight="km", **kw))

    if month is not None and ok():
        reason = (
            f"every path uses a segment with a seasonal risk in month {month} "
            "(allow risky segments to route anyway)"
        )
    elif ok(any_mode=True, avoid_risk_month=month):
        reason = f"every path uses a road closed to {_PLURAL[mode]}"
    elif ok(open_gates=True, avoid_risk_month=month):
        reason = "every path crosses a border gate closed to tourists"
    elif ok(any_mode=True, open_gates=True):
        reason = "every path is closed by mode restrictions, closed gates or seasonal risks"
    else:
        reason = "the two places are not connected by any road in the data"
    return NoRouteError(f"No route from {a!r} to {b!r} by {mode}: {reason}.")


_ASSUMED_WHAT = {
    "opening_hours": "hours",
    "formalities_minutes": "formalities time",
    "closures": "closure dates",
    "traveller_documents": "document rules",
    "vehicle_documents": "vehicle document rules",
    "modes": "vehicle rules",
}


def gate_name(crossing: BorderCrossing) -> str:
    """Return the short name of a gate: ``"Bờ Y – Phou Keua"`` for its full name."""
    short = re.sub(
        r"\s*\b(international\s+)?(border\s+)?(gate|crossing|checkpoint)\b.*$",
        "",
        crossing.name,
        flags=re.IGNORECASE,
    )
    return short or crossing.name


def build_route(
    net: Network,
    path: Sequence[str],
    *,
    mode: str,
    depart: dt.datetime | None = None,
    risk_month: int | None = None,
) -> Route:
    """Return the :class:`~tourlink.model.Route` along ``path`` (graph node ids).

    With ``depart`` (aware), arrival times are computed edge by edge; at a border gate
    that is closed on arrival the route waits until it opens, and says so.

    Raises
    ------
    NoRouteError
        If a gate on the path does not open again within a year.
    """
    g, attr = net.G, f"minutes_{mode}"
    edges = [(u, v, g[u][v]) for u, v in itertools.pairwise(path)]
    clock, passes, warnings, waits = depart, [], [], []
    for u, v, d in edges:
        wait = 0.0
        if d["crossing"] is not None:
            crossing = net.dataset.crossings[d["crossing"]]
            cpass, wait, note = _pass_gate(net, crossing, (u, v), clock, d[attr])
            passes.append(cpass)
            warnings.extend(note)
        waits.append(wait)
        if clock is not None:
            clock += dt.timedelta(minutes=wait + d[attr])
    legs = _legs(net, edges, waits, attr)
    warnings = _assumption_warnings(passes) + warnings + _risk_warnings(edges, depart, risk_month)
    roads = tuple(dict.fromkeys(leg.road for leg in legs))
    return Route(
        origin=path[0],
        destination=path[-1],
        mode=mode,
        legs=legs,
        km=sum(d["km"] for _, _, d in edges),
        minutes=sum(d[attr] for _, _, d in edges) + sum(waits),
        geometry=tuple(net.place(n) for n in path),
        roads=roads,
        crossings=tuple(passes),
        depart=depart,
        arrive=clock,
        warnings=tuple(dict.fromkeys(warnings)),
        nodes=tuple(path),
    )


def _pass_gate(
    net: Network,
    crossing: BorderCrossing,
    ends: tuple[str, str],
    clock: dt.datetime | None,
    minutes: float,
) -> tuple[CrossingPass, float, list[str]]:
    countries = (net.G.nodes[ends[0]]["country"], net.G.nodes[ends[1]]["country"])
    if clock is None:
        return CrossingPass(crossing, countries), 0.0, []
    name, wait, notes = gate_name(crossing), 0.0, []
    formalities = crossing.formalities_minutes
    local = local_time(clock, crossing.timezone)
    opens = crossing_next_window(crossing, clock, formalities)
    if opens is None:
        raise NoRouteError(
            f"No route from {ends[0]!r} to {ends[1]!r}: the {name} gate does not open for "
            f"its {formalities} min of formalities within a year after {clock:%Y-%m-%d %H:%M}."
        )
    if opens > local:
        wait = (opens - local).total_seconds() / 60.0
        closure = next((c for c in crossing.closures if c.covers(local.date())), None)
        why = f"is closed ({closure.reason})" if closure else "is closed at that hour"
        if closure is None and crossing_is_open(crossing, clock):
            why = (
                f"closes at {crossing_closes(crossing, clock):%H:%M}, before its "
                f"{formalities} min of formalities would end,"
            )
        notes.append(
            f"The {name} gate {why} on arrival at {local:%Y-%m-%d %H:%M}: "
            f"wait {wait / 60:.1f} h until it opens at {opens:%Y-%m-%d %H:%M}."
        )
        if closure is not None and closure.assumed:
            notes.append(
                f"{name} gate closure {closure.start}–{closure.end} assumed: check before travel."
            )
    leave = clock + dt.timedelta(minutes=wait + minutes)
    cpass = CrossingPass(
        crossing, countries, arrive=clock, depart=leave, waited_minutes=wait, notes=tuple(notes)
    )
    return cpass, wait, notes


def _legs(
    net: Network, edges: list[tuple[str, str, dict[str, Any]]], waits: list[float], attr: str
) -> tuple[Leg, ...]:
    groups = itertools.groupby(zip(edges, waits, strict=True), key=lambda e: e[0][2]["road"])
    legs = []
    for road, members in groups:
        part = list(members)
        first, last = part[0][0], part[-1][0]
        risks = tuple(
            dict.fromkeys(
                _risk_text(d["road"], d["seasonal_risk"])
                for (_, _, d), _ in part
                if d["seasonal_risk"]
            )
        )
        legs.append(
            Leg(
                road=road,
                source=first[0],
                target=last[1],
                km=sum(d["km"] for (_, _, d), _ in part),
                minutes=sum(d[attr] + w for (_, _, d), w in part),
                geometry=tuple(net.place(n) for n in [first[0], *(v for (_, v, _), _ in part)]),
                road_class=first[2]["road_class"],
                mountain_pass=any(d["mountain_pass"] for (_, _, d), _ in part),
                seasonal_risks=risks,
            )
        )
    return tuple(legs)


def _risk_text(road: str, risk: Any) -> str:
    months = ", ".join(dt.date(2000, m, 1).strftime("%b") for m in sorted(risk.months))
    note = f" ({risk.note})" if risk.note else ""
    return f"{road}: {risk.level} {risk.kind} risk in {months}{note}."


def _risk_warnings(
    edges: list[tuple[str, str, dict[str, Any]]], depart: dt.datetime | None, month: int | None
) -> list[str]:
    when = month or (depart.month if depart is not None else None)
    out = []
    for _, _, d in edges:
        risk = d["seasonal_risk"]
        if risk is not None and (when is None or risk.applies(when)):
            out.append(_risk_text(d["road"], risk))
    return out


def _assumption_warnings(passes: list[CrossingPass]) -> list[str]:
    out = []
    for cpass in passes:
        for a in cpass.crossing.assumptions:
            what = _ASSUMED_WHAT.get(a.field, a.field.replace("_", " "))
            out.append(f"{gate_name(cpass.crossing)} gate {what} assumed: check before travel.")
    return out
