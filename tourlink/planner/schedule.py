"""Turn an engine solution into an :class:`~tourlink.itinerary.Itinerary`.

Times come from the engine schedule (whole minutes after each day's midnight, travel
rounded up); roads, km and geometry come from :func:`tourlink.routing.route` between
consecutive places. Warnings explain what the operator must know: must-visits that
could not fit and why, sites closed on a trip day, border documents, assumptions the
trip depends on, seasonal road risks; each day's notes say why the night is spent where
it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from tourlink.engine.evaluate import Solution, TourPlan
from tourlink.itinerary import Day, Itinerary, Stop, as_messages
from tourlink.messages import Message, Ref, message
from tourlink.model import Leg, Route
from tourlink.planner import texts as T
from tourlink.planner.build import Context
from tourlink.planner.explain import day_notes
from tourlink.planner.problem import Build
from tourlink.planner.texts import site_ref
from tourlink.routing import gate_name, route
from tourlink.texts import DEFAULT_DOCUMENTS, hours_ref, text_ref

__all__ = ["explain_missing", "to_itinerary"]


def _at(day: dt.date, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)


def _drive_minutes(r: Route) -> float:
    formalities = sum(p.crossing.formalities_minutes for p in r.crossings)
    waits = sum(p.waited_minutes for p in r.crossings)
    return max(0.0, r.minutes - formalities - waits)


def _stops(
    ctx: Context, build: Build, plan: TourPlan, day: dt.date, shift: int, in_place: bool
) -> tuple[list[Stop], list[str]]:
    """Return the day's stops and the places driven through, in order.

    ``in_place``: lunch is taken where the group is (then the stop it follows lasts
    until lunch ends), not on a detour.
    """
    stops: list[Stop] = []
    lunch_after = plan.break_after
    duration = ctx.request.lunch_minutes
    for k, visit in enumerate(plan.visits, start=1):
        place = build.places[visit.node]
        if any(g.node == visit.node for g in build.gates.values()):
            continue
        arrival = visit.arrival + (shift if k == 1 else 0)
        depart = visit.departure
        if in_place and lunch_after == k and plan.break_start is not None:
            depart = plan.break_start + duration
        note = ""
        if visit.start > arrival:
            note = message(T.WAIT_OPENING, minutes=visit.start - arrival).text
        stops.append(
            Stop(
                place,
                _at(day, arrival),
                _at(day, visit.start),
                _at(day, depart),
                score=ctx.values.get(place, 0.0),
                note=note,
            )
        )
    return stops, [s.site for s in stops]


def _is_gate(build: Build, node: int) -> bool:
    return any(g.node == node for g in build.gates.values())


def _lunch(
    ctx: Context, build: Build, plan: TourPlan, day: dt.date, start_site: str
) -> tuple[tuple[dt.datetime, dt.datetime, str], int | None] | None:
    """Return the day's lunch (start, end, place) and the drive it is a detour on, if any.

    The detour's drive is counted over the day's places without gate nodes: drive
    ``k`` leads from the ``k``-th place (0: the start) to the next.
    """
    minutes = ctx.request.lunch_minutes
    if not minutes or plan.break_start is None or plan.break_after is None:
        return None
    done = plan.visits[: plan.break_after]
    here = build.places[done[-1].node] if done else start_site
    if done and _is_gate(build, done[-1].node):
        here = ""  # formalities end; a lunch there is always a detour to a food place
    place = here if plan.break_place is None else build.places[plan.break_place]
    detour = None
    if place != here:
        detour = sum(1 for v in done if not _is_gate(build, v.node))
    when = (_at(day, plan.break_start), _at(day, plan.break_start + minutes), place)
    return when, detour


def _drive(
    ctx: Context, a: str, b: str, when: dt.datetime, via: tuple[str, dt.datetime] | None
) -> list[Route]:
    """Return the routes of one drive from ``a`` to ``b``, through a lunch place ``via``."""
    r = ctx.request
    hops = [(a, b, when)] if via is None else [(a, via[0], when), (via[0], b, via[1])]
    hops = [(x, y, t) for x, y, t in hops if x != y] or [(a, b, when)]
    return [
        route(x, y, mode=r.mode, depart=t, avoid_risk_month=ctx.risk_month, network=ctx.network)
        for x, y, t in hops
    ]


def _first_leave(
    ctx: Context,
    build: Build,
    plan: TourPlan,
    day: dt.date,
    lunch: tuple[dt.datetime, dt.datetime, str],
) -> dt.datetime:
    """Return when to leave so as to reach a lunch place on the first drive just in time."""
    start = build.problem.tours[plan.tour].start
    assert plan.break_place is not None
    drive = build.problem.travel[start][plan.break_place]
    latest = lunch[0] - dt.timedelta(minutes=drive)
    return max(_at(day, plan.departure), latest)


def _day(ctx: Context, build: Build, plan: TourPlan, index: int, warnings: list[Message]) -> Day:
    r = ctx.request
    date = r.dates[index]
    start_site = r.start if index == 0 else build.overnight[index - 1]
    found = _lunch(ctx, build, plan, date, start_site)
    lunch, detour = found if found is not None else (None, None)
    shift = 0
    if plan.visits and plan.break_after != 0:
        shift = plan.visits[0].start - plan.visits[0].arrival
    stops, sites = _stops(ctx, build, plan, date, shift, detour is None)
    places = [start_site, *sites, build.overnight[index]]
    leave = _at(date, plan.departure + shift)
    if lunch is not None and plan.break_after == 0:
        leave = lunch[1] if detour is None else _first_leave(ctx, build, plan, date, lunch)
    departs = [leave, *(s.depart for s in stops)]
    drives: list[tuple[Leg, ...]] = []
    km = minutes = 0.0
    crossings: list[str] = []
    for k, (a, b, when) in enumerate(zip(places, places[1:], departs, strict=False)):
        via = (lunch[2], lunch[1]) if lunch is not None and detour == k else None
        legs = _drive(ctx, a, b, when, via)
        drives.append(tuple(leg for hop in legs for leg in hop.legs))
        for hop in legs:
            km += hop.km
            minutes += _drive_minutes(hop)
            crossings.extend(p.crossing.id for p in hop.crossings)
            warnings.extend(as_messages(hop.warnings))
    arrive = _at(date, plan.arrival)
    return Day(
        date=date,
        start_site=start_site,
        depart=departs[0],
        stops=tuple(stops),
        overnight=build.overnight[index],
        arrive=arrive,
        drives=tuple(drives),
        km=km,
        drive_minutes=minutes,
        lunch=lunch,
        notes=(
            *day_notes(
                ctx, (start_site, build.overnight[index]), stops, lunch, (departs[0], arrive)
            ),
            *_night_note(ctx, build, index),
        ),
        crossings=tuple(dict.fromkeys(crossings)),
    )


def _night_note(ctx: Context, build: Build, index: int) -> list[Message]:
    r = ctx.request
    here = ctx.network.site(build.overnight[index])
    if index == r.days - 1:
        return [message(T.TRIP_ENDS, site=site_ref(here))]
    nxt = build.overnight[index + 1]
    count = len(ctx.hotels)
    if nxt == here.id:
        return [message(T.NIGHT_STAY, site=site_ref(here), count=count)]
    drive = ctx.minutes(here.id, nxt)
    return [
        message(
            T.NIGHT_NEXT,
            site=site_ref(here),
            count=count,
            next=site_ref(ctx.network.site(nxt)),
            minutes=round(drive or 0),
            end=site_ref(ctx.network.site(r.end_site)),
        )
    ]


def _dates(days: Iterable[dt.date]) -> tuple[dt.date, ...]:
    return tuple(days)


def explain_missing(ctx: Context, build: Build, site_id: str) -> Message:
    """Return why the must-visit ``site_id`` is not in the itinerary."""
    site = ctx.network.site(site_id)
    return message(
        T.MUST_VISIT_MISSING, site=site_ref(site), reason=_missing_reason(ctx, build, site_id)
    )


def _missing_reason(ctx: Context, build: Build, site_id: str) -> Message:
    r = ctx.request
    site = ctx.network.site(site_id)
    if site_id in ctx.dropped:
        return ctx.dropped[site_id]
    open_days = [d for d in r.dates if ctx.windows(site_id, d)]
    hours = hours_ref(site.opening_hours)
    if not open_days:
        return message(
            T.REASON_CLOSED, minutes=ctx.duration(site_id), dates=_dates(r.dates), hours=hours
        )
    starts = [r.start, *build.overnight[:-1]]
    best: float | None = None
    for i, d in enumerate(r.dates):
        a, b = starts[i], build.overnight[i]
        to, back = ctx.minutes(a, site_id), ctx.minutes(site_id, b)
        if d in open_days and to is not None and back is not None:
            best = to + back if best is None else min(best, to + back)
    low, high = ctx.day_bounds()
    if best is not None and (
        best > r.max_drive_minutes or best + ctx.duration(site_id) + r.lunch_minutes > high - low
    ):
        return message(
            T.REASON_TOO_FAR,
            minutes=round(best),
            limit=r.max_drive_minutes,
            start=dt.time(low // 60, low % 60),
            end=dt.time(high // 60 % 24, high % 60),
        )
    return message(T.REASON_NO_ROOM, hours=hours)


def _fees(ctx: Context, sites: Iterable[str]) -> dict[str, float]:
    fees: dict[str, float] = {}
    for site_id in sites:
        fee = ctx.network.site(site_id).fee
        if fee is not None and fee.amount > 0:
            fees[fee.currency] = fees.get(fee.currency, 0.0) + fee.amount
    return fees


def _closed_warnings(ctx: Context) -> list[Message]:
    r = ctx.request
    out = []
    for site_id in r.must_visit:
        if site_id in ctx.dropped or site_id not in ctx.candidates:
            continue
        site = ctx.network.site(site_id)
        closed = [d for d in r.dates if not ctx.windows(site_id, d)]
        if closed and len(closed) < len(r.dates):
            out.append(
                message(
                    T.CLOSED_SOME_DAYS,
                    site=site_ref(site),
                    dates=_dates(closed),
                    hours=hours_ref(site.opening_hours),
                )
            )
    return out


def _documents(items: tuple[str, ...], default: str) -> tuple[Ref, ...]:
    return tuple(Ref("document", d, d) for d in items or (default,))


def _closure_warnings(ctx: Context, days: list[Day]) -> list[Message]:
    """Say which closures of a crossing the trip passes fell on trip days, and when it crosses."""
    out = []
    for day in days:
        for crossing_id in day.crossings:
            c = ctx.network.dataset.crossings[crossing_id]
            for closure in c.closures:
                closed = tuple(d for d in ctx.request.dates if closure.covers(d))
                if closed:
                    out.append(
                        message(
                            T.GATE_CLOSED,
                            crossing=Ref("crossing", c.id, gate_name(c)),
                            dates=closed,
                            reason=text_ref(f"{c.id}:closure:{closure.start}", closure.reason),
                            crossed=day.date,
                        )
                    )
    return out


def _border_warnings(ctx: Context, days: list[Day]) -> list[Message]:
    out = _closure_warnings(ctx, days)
    for crossing_id in dict.fromkeys(c for day in days for c in day.crossings):
        c = ctx.network.dataset.crossings[crossing_id]
        out.append(
            message(
                T.BORDER_DOCUMENTS,
                crossing=Ref("crossing", c.id, gate_name(c)),
                hours=hours_ref(c.opening_hours),
                minutes=c.formalities_minutes,
                traveller=_documents(c.traveller_documents, DEFAULT_DOCUMENTS[0]),
                vehicle=_documents(c.vehicle_documents, DEFAULT_DOCUMENTS[1]),
            )
        )
    return out


def _assumption_warnings(ctx: Context, sites: Iterable[str]) -> list[Message]:
    assumed = tuple(
        site_ref(ctx.network.site(s))
        for s in dict.fromkeys(sites)
        if any(a.field == "opening_hours" for a in ctx.network.site(s).assumptions)
    )
    if not assumed:
        return []
    return [message(T.ASSUMED_HOURS, sites=assumed)]


def to_itinerary(
    ctx: Context, build: Build, solution: Solution, *, extra: Iterable[Message] = ()
) -> Itinerary:
    """Return the itinerary of ``solution`` (a solution of ``build.problem``).

    ``extra`` warnings (e.g. that the safety time cap bound) come first.
    """
    r = ctx.request
    route_warnings: list[Message] = []
    days = [_day(ctx, build, plan, i, route_warnings) for i, plan in enumerate(solution.tours)]
    visited = [s.site for day in days for s in day.stops]
    missing = [m for m in r.must_visit if m not in visited]
    warnings = [*extra, *(explain_missing(ctx, build, m) for m in missing)]
    warnings += _closed_warnings(ctx) + _border_warnings(ctx, days)
    warnings += route_warnings + _assumption_warnings(ctx, visited)
    return Itinerary(
        request=r,
        days=tuple(days),
        score=sum(ctx.values.get(s, 0.0) for s in visited),
        km=sum(d.km for d in days),
        drive_minutes=sum(d.drive_minutes for d in days),
        fees=_fees(ctx, visited),
        warnings=tuple({(w.code, w.text): w for w in warnings}.values()),
    )
