"""Build the engine :class:`~tourlink.engine.problem.Problem` of one overnight sequence.

One tour per day (see :mod:`tourlink.planner.build` for the shared context):

* **Visits**: each sight in reach of the day gets that date's start windows (opening
  hours, the active day, daylight for outdoor sites) and a score, its value, that
  doubles with each point of interest; must-visits are required nodes.
* **Pace**: the tour's window is the active day, ``max_visits`` the profile's visits.
* **Variety**: one node group per main category, at most the profile's
  ``category_visits`` of a group per tour.
* **Lunch** is the tour's break, taken only at a place that serves food and is open
  through the lunch window that day (``Break.places``): a town on the way, a food place
  the group visits, the night's place before leaving or on arriving; food places are
  extra nodes nobody visits (score 0, no windows) when they are not sights.
* **Border**: within a tour, travel between places in different countries is forbidden
  except through a *gate node* (one per crossing day), a zero-score required node whose
  windows are the gate's opening hours on that date (formalities must end before it
  closes) and whose service time is the formalities.
* **Stability** (re-planning): a per-tour ``bonus`` for keeping a visit on its day.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tourlink.engine.problem import Break, Problem, Tour, Windows, matrix
from tourlink.hours import intervals, is_open
from tourlink.model import BorderCrossing
from tourlink.planner.build import SCALE, Context, holiday_country, minute_of
from tourlink.planner.day import lunch_places, main_category

__all__ = ["Build", "GateNode", "make_problem"]

Array = np.ndarray[Any, Any]


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
    index: Mapping[str, int] = field(default_factory=dict)


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


def make_problem(
    ctx: Context,
    overnight: tuple[str, ...],
    *,
    bonus: Mapping[tuple[int, str], int] | None = None,
) -> Build:
    """Build the engine problem of one overnight sequence (one entry per day).

    The problem has a node only for what some day may use: the depots, the sights in
    reach of some day (and the must-visits), the lunch places of some day and the gate
    nodes, in that order; sights no day can reach are left out (they would only make
    every engine array larger). What each day may use is derived once per request
    (:func:`_day_places`) and shared by its sequences.

    Parameters
    ----------
    ctx
        The request's context.
    overnight
        Overnight site of each day; the last must be the trip's end.
    bonus
        Extra score (engine units) for visiting a site on a day, keyed by (day index,
        site id): what re-planning pays for keeping a visit where it was.
    """
    r = ctx.request
    starts = [r.start, *overnight[:-1]]
    pairs = list(zip(starts, overnight, strict=True))
    days = [_day_places(ctx, day, a, b) for day, (a, b) in enumerate(pairs)]
    depots = list(dict.fromkeys([r.start, *overnight]))

    lunch = frozenset().union(*(d.meals for d in days))
    visits = {c for d in days for c, w in d.visits.items() if w} | set(r.must_visit)
    kept = [c for c in ctx.candidates if c in visits or c in lunch]
    food = [f for f in food_places(ctx) if f not in depots and f not in kept and f in lunch]
    places: list[str] = [*depots, *kept, *food]
    gates: dict[int, GateNode] = {}
    for day, (a, b) in enumerate(pairs):
        gate = _gate(ctx, a, b, day, len(places))
        if gate is not None:
            gates[day] = gate
            places.append(gate.crossing.id)
    n = len(places)
    travel, formalities = _travel(ctx, places, gates)
    durations = [0] * len(depots) + [ctx.duration(c) for c in kept] + [0] * len(food)
    durations += formalities
    scores = [0] * len(depots) + [round(ctx.values[c] * SCALE) for c in kept]
    scores += [0] * (len(food) + len(gates))
    index = {p: i for i, p in enumerate(places)}
    groups, group_of = _groups(ctx, kept, index)
    spec = _Days(places, depots, len(kept), starts, overnight, gates, group_of, bonus or {})
    tours = tuple(_tour(ctx, day, spec, days[day]) for day in range(r.days))
    required = {index[s] for s in r.must_visit if s in ctx.candidates}
    required |= {g.node for g in gates.values()}
    problem = Problem(
        scores=tuple(scores),
        durations=tuple(durations),
        windows=tuple(() for _ in places),
        travel=matrix(travel),
        tours=tours,
        required=frozenset(required),
        groups=groups,
    )
    return Build(
        problem,
        tuple(places),
        tuple(i < len(depots) for i in range(n)),
        tuple(overnight),
        gates,
        index,
    )


def _travel(
    ctx: Context, places: list[str], gates: Mapping[int, GateNode]
) -> tuple[np.ndarray[Any, Any], list[int]]:
    """Return the travel matrix over ``places`` (gate nodes last) and each gate's formalities."""
    n, (low, high) = len(places), ctx.day_bounds()
    # "Forbidden" is one minute more than the day: infeasible on any tour, yet small enough
    # that the engine's insertion arithmetic (new arcs minus the replaced arc) stays sane.
    forbidden = high - low + 1
    rows = np.array([ctx.index[p] for p in places[: n - len(gates)]], dtype=np.int64)
    travel = np.full((n, n), forbidden, dtype=np.int64)
    sites = ctx.arcs[np.ix_(rows, rows)]
    travel[: len(rows), : len(rows)] = np.where(sites < 0, forbidden, sites)
    np.fill_diagonal(travel, 0)
    formalities = []
    for gate in gates.values():
        minutes, across = _gate_service(ctx, gate)
        formalities.append(minutes)
        for i in range(n - len(gates)):
            place = places[i]
            if ctx.country(place) == ctx.country(gate.entry):
                travel[i, gate.node] = _arc(ctx, place, gate.entry, forbidden)
            if ctx.country(place) == ctx.country(gate.exit):
                travel[gate.node, i] = min(
                    forbidden, across + _arc(ctx, gate.exit, place, forbidden)
                )
    return travel, formalities


def food_places(ctx: Context) -> tuple[str, ...]:
    """Return the lunch places the trip may use (in its countries, reachable; memoised)."""
    found: tuple[str, ...] | None = ctx.memo.get("food-places")
    if found is None:
        found = ctx.memo["food-places"] = tuple(
            f
            for f in lunch_places(ctx.network)
            if ctx.country(f) in ctx.countries and f not in ctx.request.avoid and f in ctx.index
        )
    return found


def _lunch_candidates(ctx: Context) -> tuple[str, ...]:
    """Return the places a day's lunch might be taken at: candidates, then food places."""
    found: tuple[str, ...] | None = ctx.memo.get("lunch-candidates")
    if found is None:
        found = ctx.memo["lunch-candidates"] = tuple(
            dict.fromkeys([*ctx.candidates, *food_places(ctx)])
        )
    return found


def _groups(
    ctx: Context, sights: list[str], index: Mapping[str, int]
) -> tuple[tuple[frozenset[int], ...], Mapping[int, int]]:
    """Return one node group per main category of ``sights``, and each node's group."""
    categories: dict[str, str] | None = ctx.memo.get("categories")
    if categories is None:
        site = ctx.network.site
        categories = ctx.memo["categories"] = {c: main_category(site(c)) for c in ctx.candidates}
    by_category: dict[str, set[int]] = {}
    for c in sights:
        by_category.setdefault(categories[c], set()).add(index[c])
    groups = tuple(frozenset(nodes) for _, nodes in sorted(by_category.items()))
    return groups, {v: g for g, nodes in enumerate(groups) for v in nodes}


@dataclass(frozen=True, slots=True)
class _Days:
    """What every tour of one overnight sequence is built from."""

    places: list[str]
    depots: list[str]
    sights: int
    starts: list[str]
    overnight: tuple[str, ...]
    gates: Mapping[int, GateNode]
    group_of: Mapping[int, int]
    bonus: Mapping[tuple[int, str], int]


def in_reach(ctx: Context, a: str, b: str, site: str, *, visit: bool = True) -> bool:
    """Whether a day from ``a`` to ``b`` might visit ``site`` (exact pruning only).

    Fastest-path minutes obey the triangle inequality and the engine rounds arcs up, so
    ``a → site → b`` with the visit and the break must fit the day; without a border on
    the way, its drive must also fit the driving limit (a gate node's arcs leave its
    formalities out of the drive, so days with a crossing skip that test).
    """
    minutes, index = ctx.matrix.minutes, ctx.index  # ctx.minutes, inlined: a hot loop
    row = index[site]
    to, back = minutes[index[a]][row], minutes[row][index[b]]
    if to is None or back is None:
        return False
    low, high = ctx.day_bounds()
    r = ctx.request
    stay = ctx.duration(site) if visit else 0
    if to + stay + back + r.lunch_minutes > high - low + 1e-9:
        return False
    if ctx.crossings(a, site) or ctx.crossings(site, b) or ctx.crossings(a, b):
        return True
    return to + back <= r.max_drive_minutes + 1e-9


@dataclass(frozen=True, slots=True)
class _DayPlaces:
    """What a day from ``a`` to ``b`` on its date may use, by place id.

    Attributes
    ----------
    day, a, b
        The day's index, start and end.
    date
        The day's date.
    sides
        The countries of ``a`` and ``b``.
    visits
        The sights the day may visit (in candidate order) and their start windows
        that date (possibly none: closed).
    meals
        The sights and other food places where the day's lunch may be taken.
    lunch
        Whether lunch may be taken at a place, for the places asked so far.
    """

    day: int
    a: str
    b: str
    date: dt.date
    sides: frozenset[str]
    visits: Mapping[str, Windows]
    meals: frozenset[str] = frozenset()
    lunch: dict[str, bool] = field(default_factory=dict)


def _in_reach_all(ctx: Context, a: str, b: str, rows: Array, stays: Array) -> list[bool]:
    """Return :func:`in_reach` of many places at once (their rows and visit minutes).

    The same arithmetic on the travel table's arrays (``-1``: no path), in the same order,
    so each answer is the scalar one.
    """
    ia, ib = ctx.index[a], ctx.index[b]
    drive, crossed = ctx.drive, ctx.crossed
    to, back = drive[ia, rows], drive[rows, ib]
    low, high = ctx.day_bounds()
    r = ctx.request
    fits = (to >= 0) & (back >= 0) & ~(to + stays + back + r.lunch_minutes > high - low + 1e-9)
    border = crossed[ia, rows] | crossed[rows, ib] | bool(crossed[ia, ib])
    near = fits & (border | (to + back <= r.max_drive_minutes + 1e-9))
    return near.tolist()  # type: ignore[no-any-return]


def _rows(ctx: Context, which: str) -> tuple[tuple[str, ...], Array, Array]:
    """Return the candidates or the food-serving lunch candidates, their rows and visit minutes.

    Lunch candidates get no visit minutes (lunch is not a visit); memoised per request.
    """
    key = ("rows", which)
    found: tuple[tuple[str, ...], Array, Array] | None = ctx.memo.get(key)
    if found is None:
        sites = ctx.network.sites
        places = (
            ctx.candidates
            if which == "visits"
            else tuple(p for p in _lunch_candidates(ctx) if sites[p].serves_food)
        )
        rows = np.array([ctx.index[p] for p in places], dtype=np.int64)
        stays = [ctx.duration(p) for p in places] if which == "visits" else [0] * len(places)
        found = ctx.memo[key] = (places, rows, np.array(stays, dtype=np.int64))
    return found


def _day_places(ctx: Context, day: int, a: str, b: str) -> _DayPlaces:
    """Return what day ``day`` from ``a`` to ``b`` may use (cached in ``ctx.memo``)."""
    key = ("day-places", day, a, b)
    found = ctx.memo.get(key)
    if found is None:
        sides = frozenset({ctx.country(a), ctx.country(b)})
        date = ctx.request.dates[day]
        sights, rows, stays = _rows(ctx, "visits")
        visits = {
            c: ctx.windows(c, date)
            for c, near in zip(sights, _in_reach_all(ctx, a, b, rows, stays), strict=True)
            if near and c not in (a, b) and ctx.country(c) in sides
        }
        lunch: dict[str, bool] = {}  # places that serve no food: asked (and False) on demand
        probe = _DayPlaces(day, a, b, date, sides, visits, frozenset(), lunch)
        places, rows, stays = _rows(ctx, "lunch")
        if ctx.request.lunch_minutes and len(places):
            for p, near in zip(places, _in_reach_all(ctx, a, b, rows, stays), strict=True):
                # Out of reach and neither end: no lunch there (what _lunch_open answers).
                lunch[p] = _lunch_open(ctx, probe, p, near=near) if near or p in (a, b) else False
        meals = frozenset(p for p in places if lunch.get(p))
        found = ctx.memo[key] = _DayPlaces(day, a, b, date, sides, visits, meals, lunch)
    return found


def _serves_lunch(ctx: Context, reach: _DayPlaces, place: str) -> bool:
    """Return whether the day of ``reach`` may take its lunch at ``place`` (memoised).

    The place serves food, lies in reach of the day (or is its start or end) and is open
    through the lunch window that day.
    """
    found = reach.lunch.get(place)
    if found is None:
        found = reach.lunch[place] = _lunch_open(ctx, reach, place)
    return found


def _lunch_open(ctx: Context, reach: _DayPlaces, place: str, *, near: bool | None = None) -> bool:
    """Return whether the day may lunch at ``place``; ``near``: its :func:`in_reach` if known."""
    r = ctx.request
    site = ctx.network.site(place)
    if not r.lunch_minutes or not site.serves_food or ctx.country(place) not in reach.sides:
        return False
    if near is None and place not in (reach.a, reach.b):
        near = in_reach(ctx, reach.a, reach.b, place, visit=False)
    if place not in (reach.a, reach.b) and not near:
        return False
    begin = dt.datetime.combine(reach.date, r.lunch_start)
    end = dt.datetime.combine(reach.date, r.lunch_end) + dt.timedelta(minutes=r.lunch_minutes - 1)
    return _open_through(site.opening_hours, holiday_country(site.country), begin, end)


@functools.lru_cache(maxsize=65536)
def _open_through(hours: str, country: str | None, begin: dt.datetime, end: dt.datetime) -> bool:
    """Return whether ``hours`` are open at ``begin`` and at ``end`` (lunch's first and last).

    Keyed on plain values (many sites share their hours), never on a request.
    """
    return is_open(hours, begin, country=country) and is_open(hours, end, country=country)


def _lunch_break(ctx: Context, spec: _Days, reach: _DayPlaces) -> Break | None:
    """Return the day's lunch break, at the nodes of its lunch places."""
    r = ctx.request
    if not r.lunch_minutes:
        return None
    places = spec.places[: len(spec.places) - len(spec.gates)]
    known = reach.lunch
    nodes = [
        node
        for node, place in enumerate(places)
        if (known[place] if place in known else _serves_lunch(ctx, reach, place))
    ]
    return Break(
        r.lunch_start.hour * 60 + r.lunch_start.minute,
        r.lunch_end.hour * 60 + r.lunch_end.minute,
        r.lunch_minutes,
        places=tuple(nodes) or None,
    )


def _tour(ctx: Context, day: int, spec: _Days, reach: _DayPlaces) -> Tour:
    r = ctx.request
    low, high = ctx.day_bounds()
    places, depots = spec.places, spec.depots
    a, b = spec.starts[day], spec.overnight[day]
    windows: list[Windows] = [()] * len(places)
    allowed: set[int] = set()
    for i in range(len(depots), len(depots) + spec.sights):
        found = reach.visits.get(places[i])
        if found is not None:
            windows[i] = found
            allowed.add(i)
    gate = spec.gates.get(day)
    if gate is not None:
        windows[gate.node] = _gate_windows(ctx, gate, r.dates[day])
        allowed.add(gate.node)
    profile = r.profile
    used = sorted({spec.group_of[v] for v in allowed if v in spec.group_of})
    bonus: dict[int, int] = {}
    if spec.bonus:  # re-planning only
        first: dict[str, int] = {}
        for node, place in enumerate(places):
            first.setdefault(place, node)
        bonus = {
            first[site]: extra
            for (d, site), extra in spec.bonus.items()
            if d == day and site in first and first[site] in allowed
        }
    return Tour(
        start=depots.index(a),
        end=depots.index(b),
        earliest_departure=low,
        latest_arrival=high,
        max_travel=r.max_drive_minutes,
        pause=_lunch_break(ctx, spec, reach),
        allowed=frozenset(allowed),
        windows=tuple(windows),
        limits=tuple((g, profile.category_visits) for g in used),
        max_visits=profile.visits + (1 if gate is not None else 0),
        bonus=bonus or None,
    )
