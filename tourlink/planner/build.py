"""Turn a :class:`~tourlink.itinerary.TripRequest` into engine :class:`Problem` instances.

One tour per day. Times are integer minutes after midnight of each tour's own date (the
engine schedules every tour on its own clock); travel minutes are rounded up so that
every engine schedule is also feasible in real (fractional) minutes.

* **Opening hours** give each visit's start windows on that date: the visit must *end*
  before closing, so the latest start is ``close - visit_minutes × pace``.
* **Lunch** is the tour's break, the **driving limit** its ``max_travel``, the daily
  window its departure/arrival bounds; interests weight the scores, must-visits are
  required nodes, avoided sites are left out.
* **Border**: within a tour, travel between places in different countries is forbidden
  except through a *gate node* (one per crossing day), a zero-score required node whose
  windows are the gate's opening hours on that date (formalities must end before it
  closes) and whose service time is the formalities. Sites on the far side are only
  allowed on the tours that end there. Without passports or vehicle papers the trip
  stays in the country it starts in.
* **Hotels** (the Orienteering Problem with Hotel Selection): see
  :mod:`tourlink.planner.hotels`, which proposes overnight sequences; :func:`make_problem`
  builds the team problem of one sequence.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tourlink.engine.problem import Break, Problem, Tour, Windows
from tourlink.exceptions import InfeasibleRequestError, NoRouteError
from tourlink.hours import intervals
from tourlink.itinerary import TripRequest
from tourlink.model import BorderCrossing, Site
from tourlink.network import Network
from tourlink.routing import TravelMatrix, route

__all__ = [
    "Build",
    "Context",
    "TravelTable",
    "make_context",
    "make_problem",
    "site_value",
    "travel_table",
]

Array = np.ndarray[Any, Any]

SCALE = 10
"""Scores are site values × SCALE, rounded (the engine wants integers)."""
VISIT_KINDS = ("attraction", "town")
_HOLIDAYS = frozenset({"VN"})  # countries whose public holidays opening-hours-py knows


def holiday_country(country: str) -> str | None:
    """Return ``country`` if the opening-hours library knows its holidays, else ``None``.

    Examples
    --------
    >>> holiday_country("VN"), holiday_country("LA")
    ('VN', None)
    """
    return country if country in _HOLIDAYS else None


def site_value(site: Site, interests: Mapping[str, float]) -> float:
    """Return a site's value: interest × the best weight among its categories.

    Categories the request does not weigh count 1.0.

    Examples
    --------
    >>> from tourlink.model import Site
    >>> s = Site("x", "X", "X", 14.3, 108.0, "VN", "kon-tum-city", "r", "a", "a",
    ...          "attraction", ("nature", "history"), 30, "24/7", 6.0, "", "", "", False,
    ...          ("src",), "Asia/Ho_Chi_Minh")
    >>> site_value(s, {"nature": 2.0}), site_value(s, {"nature": 0.0, "history": 0.0})
    (12.0, 0.0)
    """
    if not site.categories:
        return site.interest
    return site.interest * max(interests.get(c, 1.0) for c in site.categories)


def minute_of(when: dt.datetime, day: dt.date) -> float:
    """Return minutes from midnight of ``day`` to ``when`` (naive local times)."""
    return (when - dt.datetime.combine(day, dt.time())).total_seconds() / 60.0


@dataclass(frozen=True, slots=True, eq=False)
class Context:
    """What every candidate problem of one request shares.

    Attributes
    ----------
    request, network
        The request and the network.
    matrix
        Travel matrix over ``places`` (sites and gate road nodes).
    candidates
        Sites that may be visited.
    hotels
        Overnight sites that may be used.
    values
        Value of each candidate.
    countries
        Countries the trip may enter.
    dropped
        Why a requested must-visit cannot be planned at all (site id → reason).
    risk_month
        Month whose seasonal risks are avoided, or ``None``.
    index
        Row of each place in ``matrix``.
    arcs
        Engine travel minutes between the rows of ``matrix`` (rounded up; ``-1`` where
        missing or crossing a border), see :class:`TravelTable`.
    """

    request: TripRequest
    network: Network
    matrix: TravelMatrix
    candidates: tuple[str, ...]
    hotels: tuple[str, ...]
    values: Mapping[str, float]
    countries: frozenset[str]
    dropped: Mapping[str, str]
    risk_month: int | None
    index: Mapping[str, int]
    arcs: Array = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))

    def minutes(self, a: str, b: str) -> float | None:
        """Return travel minutes from ``a`` to ``b`` (``None``: unreachable)."""
        return self.matrix.minutes[self.index[a]][self.index[b]]

    def crossings(self, a: str, b: str) -> tuple[str, ...]:
        """Return the crossings on the fastest path from ``a`` to ``b``."""
        return self.matrix.crossings[self.index[a]][self.index[b]]

    def duration(self, site_id: str) -> int:
        """Return a visit's length in whole minutes (``visit_minutes × pace``, rounded up)."""
        return math.ceil(self.network.site(site_id).visit_minutes * self.request.pace - 1e-9)

    def day_bounds(self) -> tuple[int, int]:
        """Return the daily window as minutes after midnight."""
        r = self.request
        return (r.day_start.hour * 60 + r.day_start.minute, r.day_end.hour * 60 + r.day_end.minute)

    def windows(self, site_id: str, day: dt.date) -> Windows:
        """Return the start windows of a visit to ``site_id`` on ``day``."""
        return _windows(self, site_id, day)

    def country(self, place: str) -> str:
        """Return the country of a site or road node."""
        return str(self.network.G.nodes[place]["country"])


@functools.lru_cache(maxsize=65536)
def _windows(ctx: Context, site_id: str, day: dt.date) -> Windows:
    site = ctx.network.site(site_id)
    low, high = ctx.day_bounds()
    duration = ctx.duration(site_id)
    out: list[tuple[int, int]] = []
    for opens, closes in intervals(site.opening_hours, day, country=holiday_country(site.country)):
        first = max(low, math.ceil(minute_of(opens, day) - 1e-9))
        last = min(high, math.floor(minute_of(closes, day) + 1e-9)) - duration
        if first <= last:
            if out and first <= out[-1][1] + 1:
                out[-1] = (out[-1][0], max(out[-1][1], last))
            else:
                out.append((first, last))
    return tuple(out)


@dataclass(frozen=True, slots=True, eq=False)
class TravelTable:
    """Travel between every site and gate road node of a network, for one mode and month.

    Computed once per (network, mode, avoided risk month) by :func:`travel_table` and
    shared by every request with those settings (the network is immutable).

    Attributes
    ----------
    matrix
        Travel matrix over all sites and the road nodes at both ends of each crossing.
    index
        Row of each place in ``matrix``.
    arcs
        Travel minutes rounded up (the engine's arcs), ``-1`` where the fastest path is
        missing or crosses a border.
    """

    matrix: TravelMatrix
    index: Mapping[str, int]
    arcs: Array


@functools.lru_cache(maxsize=32)
def travel_table(network: Network, mode: str, month: int | None) -> TravelTable:
    """Return the (cached) :class:`TravelTable` of ``network`` for ``mode`` and ``month``.

    Examples
    --------
    >>> from tourlink.read import load_network
    >>> net = load_network()
    >>> table = travel_table(net, "car", None)
    >>> table is travel_table(net, "car", None), int(table.arcs.min()) >= -1
    (True, True)
    """
    gates = [end for c in network.dataset.crossings.values() for end in (c.source, c.target)]
    places = tuple(dict.fromkeys([*network.sites, *gates]))
    matrix = network.matrix(places, mode=mode, avoid_risk_month=month)
    minutes = np.array([[-1.0 if m is None else m for m in row] for row in matrix.minutes])
    arcs = np.ceil(minutes - 1e-9).astype(np.int64)
    crossed = np.array([[bool(x) for x in row] for row in matrix.crossings], dtype=bool)
    arcs[(minutes < 0) | crossed] = -1
    arcs.setflags(write=False)
    return TravelTable(matrix, {p: i for i, p in enumerate(matrix.ids)}, arcs)


def _countries(request: TripRequest, network: Network) -> frozenset[str]:
    start, end = network.site(request.start), network.site(request.end_site)
    if request.passports and request.vehicle_papers:
        return frozenset({"VN", "LA", "KH"})
    if start.country != end.country:
        missing = "passports" if not request.passports else "vehicle_papers"
        raise InfeasibleRequestError(
            f"The trip from {start.name} ({start.country}) to {end.name} ({end.country}) must "
            f"cross a border, which needs passports for every traveller and the vehicle's "
            f"cross-border papers, but `{missing}` is false."
        )
    return frozenset({start.country})


def make_context(request: TripRequest, network: Network) -> Context:
    """Collect candidates, hotels and the travel matrix for ``request``.

    Raises
    ------
    InfeasibleRequestError
        If the trip must cross a border without papers, or its start cannot reach its
        end with the chosen mode.
    """
    countries = _countries(request, network)
    dropped: dict[str, str] = {}
    avoid = set(request.avoid)
    candidates: list[str] = []
    for site in network.sites.values():
        wanted = site.id in request.must_visit
        if site.retired is not None:  # kept for old itineraries, never planned
            if wanted:
                dropped[site.id] = f"it is retired: {site.retired.reason}"
            continue
        if site.id in avoid or not (wanted or (site.kind in VISIT_KINDS and site.visit_minutes)):
            continue
        if site.country not in countries:
            if wanted:
                dropped[site.id] = (
                    f"it is in {site.country} and crossing the border needs "
                    "passports and the vehicle's cross-border papers"
                )
            continue
        candidates.append(site.id)
    hotels = [
        s.id
        for s in network.sites.values()
        if s.overnight and s.retired is None and s.id not in avoid and s.country in countries
    ]
    month = request.start_date.month if request.avoid_risky_roads else None
    table = travel_table(network, request.mode, month)
    matrix, index = table.matrix, table.index
    ctx = Context(request, network, matrix, (), (), {}, countries, {}, month, index, table.arcs)
    if ctx.minutes(request.start, request.end_site) is None:
        try:
            route(
                request.start,
                request.end_site,
                mode=request.mode,
                avoid_risk_month=month,
                network=network,
            )
        except NoRouteError as exc:
            raise InfeasibleRequestError(f"No itinerary is possible: {exc}") from None
    reach = [c for c in candidates if _reachable(ctx, c)]
    for site_id in set(request.must_visit) - set(reach) - set(dropped):
        dropped[site_id] = f"no road {request.mode} travellers may use reaches it from the trip"
    hotel_ok = [h for h in hotels if _reachable(ctx, h)]
    values = {c: site_value(network.site(c), request.interests) for c in reach}
    return Context(
        request,
        network,
        matrix,
        tuple(reach),
        tuple(hotel_ok),
        values,
        countries,
        dropped,
        month,
        index,
        table.arcs,
    )


def _reachable(ctx: Context, place: str) -> bool:
    r = ctx.request
    return ctx.minutes(r.start, place) is not None and ctx.minutes(place, r.end_site) is not None


@dataclass(frozen=True, slots=True)
class GateNode:
    """A gate node of one crossing day."""

    node: int
    tour: int
    crossing: BorderCrossing
    entry: str
    exit: str


@dataclass(frozen=True, slots=True)
class Build:
    """One engine problem and how to read its nodes back.

    Attributes
    ----------
    problem
        The engine problem.
    places
        Place of each node: a site id (depot or visit) or a crossing id (gate node).
    depot
        Whether each node is a depot.
    overnight
        Overnight site of each day (the last is the trip's end).
    gates
        Gate nodes by tour.
    """

    problem: Problem
    places: tuple[str, ...]
    depot: tuple[bool, ...]
    overnight: tuple[str, ...]
    gates: Mapping[int, GateNode]


def _arc(ctx: Context, a: str, b: str, forbidden: int) -> int:
    minutes = ctx.minutes(a, b)
    if minutes is None or ctx.crossings(a, b):
        return forbidden
    return math.ceil(minutes - 1e-9)


def _gate(ctx: Context, a: str, b: str, tour: int, node: int) -> GateNode | None:
    crossings = ctx.crossings(a, b)
    if not crossings:
        return None
    crossing = ctx.network.dataset.crossings[crossings[0]]
    ends = (crossing.source, crossing.target)
    entry = min(ends, key=lambda e: ctx.minutes(a, e) or math.inf)
    exit_ = ends[1] if entry == ends[0] else ends[0]
    return GateNode(node, tour, crossing, entry, exit_)


def _gate_service(ctx: Context, gate: GateNode) -> tuple[int, int]:
    """Return (formalities, rounded drive across) of a gate node."""
    edge = ctx.network.G[gate.entry][gate.exit]
    total = float(edge[f"minutes_{ctx.request.mode}"])
    formalities = gate.crossing.formalities_minutes
    return formalities, math.ceil(total - formalities - 1e-9)


def _gate_windows(ctx: Context, gate: GateNode, day: dt.date) -> Windows:
    crossing = gate.crossing
    if any(c.covers(day) for c in crossing.closures):
        return ()
    low, high = ctx.day_bounds()
    out: list[tuple[int, int]] = []
    for opens, closes in intervals(
        crossing.opening_hours, day, country=holiday_country(crossing.countries[0])
    ):
        first = max(low, math.ceil(minute_of(opens, day) - 1e-9))
        last = min(high, math.floor(minute_of(closes, day) + 1e-9)) - crossing.formalities_minutes
        if first <= last:
            out.append((first, last))
    return tuple(out)


def make_problem(ctx: Context, overnight: tuple[str, ...]) -> Build:
    """Build the engine problem of one overnight sequence (one entry per day).

    Parameters
    ----------
    ctx
        The request's context.
    overnight
        Overnight site of each day; the last must be the trip's end.
    """
    r = ctx.request
    depots = list(dict.fromkeys([r.start, *overnight]))
    places: list[str] = [*depots, *ctx.candidates]
    starts = [r.start, *overnight[:-1]]
    gates: dict[int, GateNode] = {}
    for day, (a, b) in enumerate(zip(starts, overnight, strict=True)):
        gate = _gate(ctx, a, b, day, len(places))
        if gate is not None:
            gates[day] = gate
            places.append(gate.crossing.id)
    n, low_high = len(places), ctx.day_bounds()
    # "Forbidden" is one minute more than the day: infeasible on any tour, yet small enough
    # that the engine's insertion arithmetic (new arcs minus the replaced arc) stays sane.
    forbidden = low_high[1] - low_high[0] + 1
    rows = np.array([ctx.index[p] for p in places[: n - len(gates)]], dtype=np.int64)
    travel = np.full((n, n), forbidden, dtype=np.int64)
    sites = ctx.arcs[np.ix_(rows, rows)]
    travel[: len(rows), : len(rows)] = np.where(sites < 0, forbidden, sites)
    np.fill_diagonal(travel, 0)
    durations = [0] * len(depots) + [ctx.duration(c) for c in ctx.candidates]
    for gate in gates.values():
        formalities, across = _gate_service(ctx, gate)
        durations.append(formalities)
        for i in range(n - len(gates)):
            place = places[i]
            if ctx.country(place) == ctx.country(gate.entry):
                travel[i, gate.node] = _arc(ctx, place, gate.entry, forbidden)
            if ctx.country(place) == ctx.country(gate.exit):
                travel[gate.node, i] = min(
                    forbidden, across + _arc(ctx, gate.exit, place, forbidden)
                )
    scores = [0] * len(depots) + [round(ctx.values[c] * SCALE) for c in ctx.candidates]
    scores += [0] * len(gates)
    tours = tuple(
        _tour(ctx, day, places, depots, starts, overnight, gates) for day in range(r.days)
    )
    index = {p: i for i, p in enumerate(places)}
    required = {index[s] for s in r.must_visit if s in ctx.candidates}
    required |= {g.node for g in gates.values()}
    problem = Problem(
        scores=tuple(scores),
        durations=tuple(durations),
        windows=tuple(() for _ in places),
        travel=tuple(map(tuple, travel.tolist())),
        tours=tours,
        required=frozenset(required),
    )
    return Build(
        problem, tuple(places), tuple(i < len(depots) for i in range(n)), tuple(overnight), gates
    )


def _in_reach(ctx: Context, a: str, b: str, site: str) -> bool:
    """Whether a day from ``a`` to ``b`` might visit ``site`` (exact pruning only).

    Fastest-path minutes obey the triangle inequality and the engine rounds arcs up, so
    ``a → site → b`` with the visit and the break must fit the day; without a border on
    the way, its drive must also fit the driving limit (a gate node's arcs leave its
    formalities out of the drive, so days with a crossing skip that test).
    """
    to, back = ctx.minutes(a, site), ctx.minutes(site, b)
    if to is None or back is None:
        return False
    low, high = ctx.day_bounds()
    r = ctx.request
    if to + ctx.duration(site) + back + r.lunch_minutes > high - low + 1e-9:
        return False
    if ctx.crossings(a, site) or ctx.crossings(site, b) or ctx.crossings(a, b):
        return True
    return to + back <= r.max_drive_minutes + 1e-9


def _tour(
    ctx: Context,
    day: int,
    places: list[str],
    depots: list[str],
    starts: list[str],
    overnight: tuple[str, ...],
    gates: Mapping[int, GateNode],
) -> Tour:
    r = ctx.request
    date = r.dates[day]
    low, high = ctx.day_bounds()
    a, b = starts[day], overnight[day]
    sides = {ctx.country(a), ctx.country(b)}
    windows: list[Windows] = [() for _ in places]
    allowed: set[int] = set()
    for i in range(len(depots), len(depots) + len(ctx.candidates)):
        # The places the day starts and ends at are where the group sleeps, not visits.
        if places[i] in (a, b):
            continue
        if ctx.country(places[i]) in sides and _in_reach(ctx, a, b, places[i]):
            windows[i] = ctx.windows(places[i], date)
            allowed.add(i)
    gate = gates.get(day)
    if gate is not None:
        windows[gate.node] = _gate_windows(ctx, gate, date)
        allowed.add(gate.node)
    pause = None
    if r.lunch_minutes:
        pause = Break(
            r.lunch_start.hour * 60 + r.lunch_start.minute,
            r.lunch_end.hour * 60 + r.lunch_end.minute,
            r.lunch_minutes,
        )
    return Tour(
        start=depots.index(a),
        end=depots.index(b),
        earliest_departure=low,
        latest_arrival=high,
        max_travel=r.max_drive_minutes,
        pause=pause,
        allowed=frozenset(allowed),
        windows=tuple(windows),
    )
