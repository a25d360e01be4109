"""Stable re-planning: change an itinerary as little as the edit allows.

:func:`replan` keeps the previous nights, pays a bonus for every visit kept on its day
(larger than any site's value, so the search never trades a kept visit for another
one), warm-starts the engine from the previous routes, and holds locked days and
locked stops in place. Only when the previous nights cannot serve the edited request
(a pinned site out of their reach, say) and nothing is locked does it search the nights
again; with locks, a must-visit that does not fit beside them is explained instead.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Mapping

from tourlink.engine.evaluate import Solution, evaluate
from tourlink.engine.search import load_engine
from tourlink.exceptions import InvalidRequestError
from tourlink.itinerary import Itinerary, TripRequest
from tourlink.messages import Ref, message
from tourlink.network import Network
from tourlink.planner import texts as T
from tourlink.planner.build import SCALE, Context, make_context
from tourlink.planner.plan import PlanParams, _Clock, _improve, _rank, _solve, plan
from tourlink.planner.problem import Build, make_problem
from tourlink.planner.schedule import to_itinerary
from tourlink.texts import field_ref

__all__ = ["replan"]


def _edited(previous: Itinerary, pin: tuple[str, ...], remove: tuple[str, ...]) -> TripRequest:
    r = previous.request
    clash = sorted(set(pin) & set(remove))
    if clash:
        raise InvalidRequestError(
            message(
                T.PIN_AND_REMOVE,
                pin=field_ref("pin"),
                remove=field_ref("remove"),
                sites=tuple(Ref("site", s, s) for s in clash),
            ),
            field="pin",
        )
    must = tuple(dict.fromkeys(s for s in (*r.must_visit, *pin) if s not in remove))
    avoid = tuple(dict.fromkeys(s for s in (*r.avoid, *remove) if s not in pin))
    return dataclasses.replace(r, must_visit=must, avoid=avoid)


def _check_locks(
    previous: Itinerary, locked_days: tuple[int, ...], remove: tuple[str, ...]
) -> None:
    for day in locked_days:
        if not 0 <= day < len(previous.days):
            raise InvalidRequestError(
                message(
                    T.LOCKED_DAY_INDEX,
                    field=field_ref("locked_days"),
                    last=len(previous.days) - 1,
                    day=day,
                ),
                field="locked_days",
            )
        gone = [s.site for s in previous.days[day].stops if s.site in remove]
        if gone:
            raise InvalidRequestError(
                message(
                    T.REMOVE_LOCKED,
                    field=field_ref("remove"),
                    sites=tuple(Ref("site", s, s) for s in gone),
                    day=day,
                ),
                field="remove",
            )


def _held(
    previous: Itinerary, locked_days: tuple[int, ...], locked_stops: tuple[str, ...]
) -> dict[str, int]:
    """Return the day each held visit must stay on (site id → day index)."""
    held = {s.site: d for d in locked_days for s in previous.days[d].stops}
    for day, d in enumerate(previous.days):
        for stop in d.stops:
            if stop.site in locked_stops:
                held[stop.site] = day
    missing = sorted(set(locked_stops) - set(held))
    if missing:
        raise InvalidRequestError(
            message(
                T.LOCKED_NOT_VISITED,
                field=field_ref("locked_stops"),
                sites=tuple(Ref("site", s, s) for s in missing),
            ),
            field="locked_stops",
        )
    return held


def _stable_build(
    ctx: Context, previous: Itinerary, held: Mapping[str, int], locked_days: tuple[int, ...]
) -> Build:
    """Build the problem of the previous nights with keep-bonuses and the locks."""
    nights = tuple(d.overnight for d in previous.days)
    keep = max((round(v * SCALE) for v in ctx.values.values()), default=0) + 1
    bonus = {
        (day, s.site): keep
        for day, d in enumerate(previous.days)
        for s in d.stops
        if s.site in ctx.candidates
    }
    build = make_problem(ctx, nights, bonus=bonus)
    index = build.index
    tours = list(build.problem.tours)
    for t, tour in enumerate(tours):
        assert tour.allowed is not None
        allowed = {
            v for v in tour.allowed if build.places[v] not in held or held[build.places[v]] == t
        }
        if t in locked_days:
            gates = {g.node for g in build.gates.values() if g.tour == t}
            allowed = {index[s] for s, d in held.items() if d == t and s in index} | gates
        tours[t] = dataclasses.replace(tour, allowed=frozenset(allowed & tour.allowed))
    required = build.problem.required | {index[s] for s in held if s in index}
    problem = dataclasses.replace(build.problem, tours=tuple(tours), required=frozenset(required))
    return dataclasses.replace(build, problem=problem)


def _routes(ctx: Context, build: Build, previous: Itinerary) -> list[list[int]]:
    """Return the previous routes as node ids of ``build`` (gate nodes where they were)."""
    out = []
    for t, day in enumerate(previous.days):
        route = [build.index[s.site] for s in day.stops if s.site in build.index]
        gate = build.gates.get(t)
        if gate is not None:
            country = ctx.country(day.start_site)
            cut = sum(1 for v in route if ctx.country(build.places[v]) == country)
            route.insert(cut, gate.node)
        out.append(route)
    return out


def replan(
    previous: Itinerary,
    *,
    pin: Iterable[str] = (),
    remove: Iterable[str] = (),
    locked_days: Iterable[int] = (),
    locked_stops: Iterable[str] = (),
    network: Network | None = None,
    params: PlanParams | None = None,
) -> Itinerary:
    """Re-plan ``previous`` after an edit, changing as little as the edit allows.

    Parameters
    ----------
    previous
        The itinerary to change.
    pin
        Site ids that must be visited (added to the must-visits).
    remove
        Site ids to leave out (added to the avoided sites).
    locked_days
        Day indices (0-based) whose visits stay as they are, in the same order.
    locked_stops
        Site ids of the previous itinerary that stay on their day.
    network
        The network (default: the shipped data).
    params
        Tuning, as for :func:`~tourlink.planner.plan.plan`.

    Returns
    -------
    Itinerary
        The edited itinerary; it passes :func:`~tourlink.planner.check.check_itinerary`.

    Raises
    ------
    InvalidRequestError
        If ``pin`` and ``remove`` overlap, a locked day index does not exist, a locked
        day holds a removed site, or a locked stop is not in ``previous``.
    InfeasibleRequestError
        If the edited request has no itinerary at all (raised by
        :func:`~tourlink.planner.plan.plan`, which re-plans the nights when the
        previous ones cannot serve the edit).

    Examples
    --------
    >>> import datetime as dt
    >>> from tourlink.itinerary import TripRequest
    >>> from tourlink.planner.plan import plan
    >>> trip = plan(TripRequest("kon-tum-city-centre", dt.date(2027, 3, 2), 2))
    >>> gone = trip.visited[0]
    >>> edited = replan(trip, remove=(gone,))
    >>> gone in edited.visited, gone in edited.request.avoid
    (False, True)
    """
    if network is None:
        from tourlink.read import load_network

        network = load_network()
    params = params or PlanParams()
    pin, remove = tuple(pin), tuple(remove)
    days, stops = tuple(locked_days), tuple(locked_stops)
    _check_locks(previous, days, remove)
    request = _edited(previous, pin, remove)
    held = _held(previous, days, stops)
    load_engine()  # before the safety cap starts (see plan)
    clock = _Clock(time.perf_counter() + params.time_limit)
    ctx = make_context(request, network)
    build = _stable_build(ctx, previous, held, days)
    old = _routes(ctx, build, previous)
    start = _solve(build, seed=params.seed, iterations=0, clock=clock, initial=old)
    key = _rank(ctx, build, start.best)
    musts = build.problem.required - {g.node for g in build.gates.values()}
    if key is not None:
        key, solution = _improve(ctx, build, start.best, key, params, clock)
        if key[0] == len(musts) or days or stops:
            # Locks win: a must-visit that does not fit beside them is explained.
            solution = _keep_order(build, _keep_locked(build, solution, old, days), old)
            return to_itinerary(ctx, build, solution)
    return plan(request, network=network, params=params)


def _keep_order(build: Build, solution: Solution, old: list[list[int]]) -> Solution:
    """Put each day's kept visits back in their previous order where that stays feasible.

    The engine may reorder a day while filling it; a reader comparing two versions sees
    a reshuffle. Each day's visits that were there before are put in their old order,
    and the day's new visits inserted where they delay least; the day keeps the
    engine's order only if no such route is feasible.
    """
    routes = [list(r) for r in solution.routes]
    for t, route in enumerate(routes):
        before = [v for v in old[t] if v in route]
        new = [v for v in route if v not in before]
        if before == [v for v in route if v in before]:
            continue
        candidate = _insert_all(build, t, routes, before, new)
        if candidate is not None:
            routes[t] = candidate
    again = evaluate(build.problem, routes)
    return again if not again.violations and again.score >= solution.score else solution


def _insert_all(
    build: Build, t: int, routes: list[list[int]], base: list[int], new: list[int]
) -> list[int] | None:
    """Insert ``new`` into ``base`` one by one at the feasible place of least travel."""
    route = list(base)
    for v in new:
        best: tuple[int, list[int]] | None = None
        for k in range(len(route) + 1):
            trial = [*route[:k], v, *route[k:]]
            plan = evaluate(build.problem, [trial if i == t else r for i, r in enumerate(routes)])
            if not plan.violations and (best is None or plan.tours[t].travel < best[0]):
                best = (plan.tours[t].travel, trial)
        if best is None:
            return None
        route = best[1]
    return route


def _keep_locked(
    build: Build, solution: Solution, old: list[list[int]], locked: tuple[int, ...]
) -> Solution:
    """Put each locked day's previous route back (same order) when it stays feasible."""
    if not locked:
        return solution
    routes = [list(r) for r in solution.routes]
    for t in locked:
        routes[t] = old[t]
    again = evaluate(build.problem, routes)
    return again if not again.violations else solution
