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

from tourlink import texts as t
from tourlink.dates import check_date
from tourlink.exceptions import InvalidRequestError, NoRouteError
from tourlink.hours import (
    COUNTRY_TIMEZONES,
    crossing_closes,
    crossing_is_open,
    crossing_next_window,
    local_time,
)
from tourlink.messages import Message, Param, Ref, message
from tourlink.model import BorderCrossing, CrossingPass, Leg, Route
from tourlink.network import Network, check_mode

__all__ = ["TravelMatrix", "alternatives", "build_route", "edge_weight", "matrix", "route"]

WeightFn = Callable[[str, str, dict[str, Any]], float | None]


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
        raise InvalidRequestError(message(t.BAD_WEIGHT, value=repr(weight)), field="weight")
    if month is not None and not (isinstance(month, int) and 1 <= month <= 12):
        raise InvalidRequestError(message(t.BAD_MONTH, value=repr(month)), field="avoid_risk_month")
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
        raise InvalidRequestError(message(t.K_TOO_SMALL, k=str(k)), field="k")
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


def place_ref(net: Network, place_id: str) -> Ref:
    """Return the message reference of a site or road node (its name, never its id)."""
    site = net.dataset.sites.get(place_id)
    if site is not None:
        return Ref("site", place_id, site.name_en or site.name)
    data = net.G.nodes[place_id] if place_id in net.G else {}
    return Ref("site", place_id, str(data.get("name") or place_id))


def mode_ref(mode: str) -> Ref:
    """Return the message reference of a travel mode (``"car"``, …)."""
    return Ref("mode", mode, t.MODE_NAMES.get(mode, mode))


def _no_route(net: Network, a: str, b: str, mode: str, month: int | None) -> NoRouteError:
    def ok(**kw: Any) -> bool:
        return _reachable(net, a, b, edge_weight(mode, weight="km", **kw))

    if month is not None and ok():
        reason = message(t.REASON_RISK, month=str(month))
    elif ok(any_mode=True, avoid_risk_month=month):
        vehicles = Ref("mode", f"{mode}s", t.VEHICLES.get(mode, mode))
        reason = message(t.REASON_MODE, vehicles=vehicles)
    elif ok(open_gates=True, avoid_risk_month=month):
        reason = message(t.REASON_GATE)
    elif ok(any_mode=True, open_gates=True):
        reason = message(t.REASON_ALL)
    else:
        reason = message(t.REASON_UNCONNECTED)
    return NoRouteError(
        message(
            t.NO_ROUTE,
            origin=place_ref(net, a),
            destination=place_ref(net, b),
            mode=mode_ref(mode),
            reason=reason,
        )
    )


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
    clock, passes, waits = depart, [], []
    warnings: list[Message] = []
    for u, v, d in edges:
        wait = 0.0
        if d["crossing"] is not None:
            crossing = net.dataset.crossings[d["crossing"]]
            cpass, wait = _pass_gate(net, crossing, (u, v), clock, d[attr])
            passes.append(cpass)
            warnings.extend(cpass.notes)
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
        warnings=t.unique(warnings),
        nodes=tuple(path),
    )


def _pass_gate(
    net: Network,
    crossing: BorderCrossing,
    ends: tuple[str, str],
    clock: dt.datetime | None,
    minutes: float,
) -> tuple[CrossingPass, float]:
    countries = (net.G.nodes[ends[0]]["country"], net.G.nodes[ends[1]]["country"])
    if clock is None:
        return CrossingPass(crossing, countries), 0.0
    gate = t.crossing_ref(crossing, gate_name(crossing))
    formalities = crossing.formalities_minutes
    local = local_time(clock, crossing.timezone)
    opens = crossing_next_window(crossing, clock, formalities)
    if opens is None:
        raise NoRouteError(
            message(
                t.GATE_NEVER_OPENS,
                origin=place_ref(net, ends[0]),
                destination=place_ref(net, ends[1]),
                gate=gate,
                minutes=formalities,
                time=clock.replace(tzinfo=None),
            )
        )
    wait, notes = 0.0, []
    if opens > local:
        wait = (opens - local).total_seconds() / 60.0
        notes = _gate_wait_notes(crossing, gate, clock, local, opens, wait)
    leave = clock + dt.timedelta(minutes=wait + minutes)
    cpass = CrossingPass(
        crossing, countries, arrive=clock, depart=leave, waited_minutes=wait, notes=tuple(notes)
    )
    return cpass, wait


def _gate_wait_notes(
    crossing: BorderCrossing,
    gate: Ref,
    clock: dt.datetime,
    local: dt.datetime,
    opens: dt.datetime,
    wait: float,
) -> list[Message]:
    """Say why a gate keeps the route waiting (the closure and its dates, the hour …)."""
    times: dict[str, Param] = {
        "arrival": local.replace(tzinfo=None),
        "hours": round(wait / 60, 1),
        "opens": opens.replace(tzinfo=None),
    }
    closure = next((c for c in crossing.closures if c.covers(local.date())), None)
    if closure is not None:
        reason = t.text_ref(f"{crossing.id}:closure:{closure.start}", closure.reason)
        notes = [
            message(
                t.GATE_CLOSURE_WAIT,
                gate=gate,
                start=closure.start,
                end=closure.end,
                reason=reason,
                **times,
            )
        ]
        if closure.assumed:
            notes.append(
                message(t.GATE_CLOSURE_ASSUMED, gate=gate, start=closure.start, end=closure.end)
            )
        return notes
    if crossing_is_open(crossing, clock):
        closes = crossing_closes(crossing, clock)
        assert closes is not None  # open now, so it closes at some point
        return [
            message(
                t.GATE_FORMALITIES_WAIT,
                gate=gate,
                closes=closes.time(),
                minutes=crossing.formalities_minutes,
                **times,
            )
        ]
    return [message(t.GATE_HOUR_WAIT, gate=gate, **times)]


def _legs(
    net: Network, edges: list[tuple[str, str, dict[str, Any]]], waits: list[float], attr: str
) -> tuple[Leg, ...]:
    groups = itertools.groupby(zip(edges, waits, strict=True), key=lambda e: e[0][2]["road"])
    legs = []
    for road, members in groups:
        part = list(members)
        first, last = part[0][0], part[-1][0]
        risks = t.unique(
            _risk_text(d["road"], d["seasonal_risk"]) for (_, _, d), _ in part if d["seasonal_risk"]
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
                mode="walk" if attr == "minutes_walk" else "",
            )
        )
    return tuple(legs)


def _risk_text(road: str, risk: Any) -> Message:
    kind = t.RISK_KINDS.get((risk.level, risk.kind))
    what = message(kind) if kind else message(t.RISK_OTHER, level=risk.level, kind=risk.kind)
    road_ref = Ref("road", road, road)
    if not risk.note:
        return message(t.ROAD_RISK_PLAIN, road=road_ref, risk=what, months=t.months(risk.months))
    note = t.text_ref(f"{road}:risk", risk.note)
    return message(t.ROAD_RISK, road=road_ref, risk=what, months=t.months(risk.months), note=note)


def _risk_warnings(
    edges: list[tuple[str, str, dict[str, Any]]], depart: dt.datetime | None, month: int | None
) -> list[Message]:
    when = month or (depart.month if depart is not None else None)
    out = []
    for _, _, d in edges:
        risk = d["seasonal_risk"]
        if risk is not None and (when is None or risk.applies(when)):
            out.append(_risk_text(d["road"], risk))
    return out


def _assumption_warnings(passes: list[CrossingPass]) -> list[Message]:
    out = []
    for cpass in passes:
        gate = t.crossing_ref(cpass.crossing, gate_name(cpass.crossing))
        for a in cpass.crossing.assumptions:
            code = t.ASSUMED_WHAT.get(a.field)
            what = message(code) if code else message(t.GATE_ASSUMED_OTHER, field=a.field)
            out.append(message(t.GATE_ASSUMED, gate=gate, what=what))
    return out
