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
import math
from collections.abc import Iterable

from tourlink.engine.evaluate import Solution, TourPlan
from tourlink.hours import describe
from tourlink.itinerary import Day, Itinerary, Stop
from tourlink.model import Leg, Route
from tourlink.planner.build import Build, Context
from tourlink.routing import gate_name, route

__all__ = ["explain_missing", "to_itinerary"]


def _at(day: dt.date, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)


def _drive_minutes(r: Route) -> float:
    formalities = sum(p.crossing.formalities_minutes for p in r.crossings)
    waits = sum(p.waited_minutes for p in r.crossings)
    return max(0.0, r.minutes - formalities - waits)


def _stops(
    ctx: Context, build: Build, plan: TourPlan, day: dt.date, shift: int
) -> tuple[list[Stop], list[str]]:
    """Return the day's stops and the places driven through, in order."""
    stops: list[Stop] = []
    lunch_after = plan.break_after
    duration = ctx.request.lunch_minutes
    for k, visit in enumerate(plan.visits, start=1):
        place = build.places[visit.node]
        if any(g.node == visit.node for g in build.gates.values()):
            continue
        arrival = visit.arrival + (shift if k == 1 else 0)
        depart = visit.departure
        if lunch_after == k and plan.break_start is not None:
            depart = plan.break_start + duration
        note = ""
        if visit.start > arrival:
            note = f"waits {visit.start - arrival} min for opening"
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


def _nearest_site(ctx: Context, node: str) -> str:
    """Return the id of the site closest to road node ``node`` (where a group eats there)."""
    lat, lon = ctx.network.place(node)
    return min(
        ctx.network.sites.values(),
        key=lambda s: (s.lat - lat) ** 2 + ((s.lon - lon) * math.cos(math.radians(lat))) ** 2,
    ).id


def _lunch(
    ctx: Context, build: Build, plan: TourPlan, day: dt.date, start_site: str, minutes: int
) -> tuple[dt.datetime, dt.datetime, str] | None:
    if plan.break_start is None or plan.break_after is None:
        return None
    if plan.break_after == 0:
        place = start_site
    else:
        node = plan.visits[plan.break_after - 1].node
        gate = next((g for g in build.gates.values() if g.node == node), None)
        # Lunch right after the border formalities is taken on the far side of the gate.
        place = _nearest_site(ctx, gate.exit) if gate is not None else build.places[node]
    return (_at(day, plan.break_start), _at(day, plan.break_start + minutes), place)


def _day(ctx: Context, build: Build, plan: TourPlan, index: int, warnings: list[str]) -> Day:
    r = ctx.request
    date = r.dates[index]
    start_site = r.start if index == 0 else build.overnight[index - 1]
    shift = 0
    if plan.visits and plan.break_after != 0:
        shift = plan.visits[0].start - plan.visits[0].arrival
    stops, sites = _stops(ctx, build, plan, date, shift)
    places = [start_site, *sites, build.overnight[index]]
    leave = plan.departure + shift
    if plan.break_after == 0 and plan.break_start is not None:
        leave = plan.break_start + r.lunch_minutes
    departs = [_at(date, leave), *(s.depart for s in stops)]
    drives: list[tuple[Leg, ...]] = []
    km = minutes = 0.0
    crossings: list[str] = []
    for a, b, when in zip(places, places[1:], departs, strict=False):
        leg = route(
            a, b, mode=r.mode, depart=when, avoid_risk_month=ctx.risk_month, network=ctx.network
        )
        drives.append(leg.legs)
        km += leg.km
        minutes += _drive_minutes(leg)
        crossings.extend(p.crossing.id for p in leg.crossings)
        warnings.extend(str(w) for w in leg.warnings)
    lunch = _lunch(ctx, build, plan, date, start_site, r.lunch_minutes) if r.lunch_minutes else None
    return Day(
        date=date,
        start_site=start_site,
        depart=departs[0],
        stops=tuple(stops),
        overnight=build.overnight[index],
        arrive=_at(date, plan.arrival),
        drives=tuple(drives),
        km=km,
        drive_minutes=minutes,
        lunch=lunch,
        notes=tuple(_night_note(ctx, build, index, stops)),
        crossings=tuple(dict.fromkeys(crossings)),
    )


def _night_note(ctx: Context, build: Build, index: int, stops: list[Stop]) -> list[str]:
    r = ctx.request
    here = ctx.network.site(build.overnight[index])
    if index == r.days - 1:
        return [f"The trip ends at {here.name}."]
    nxt = build.overnight[index + 1]
    note = f"Night at {here.name}: one of {len(ctx.hotels)} places in reach where a group can stay"
    if nxt == here.id:
        return [note + "; tomorrow starts and ends here, close to that day's sights."]
    drive = ctx.minutes(here.id, nxt)
    tomorrow = ctx.network.site(nxt).name
    return [
        note + f"; it puts tomorrow's night place, {tomorrow}, {drive or 0:.0f} min "
        "away, so the next day's driving stays within the limit."
    ]


def explain_missing(ctx: Context, build: Build, site_id: str) -> str:
    """Return why the must-visit ``site_id`` is not in the itinerary (one sentence)."""
    r = ctx.request
    site = ctx.network.site(site_id)
    head = f"Must-visit {site.name} ({site_id}) could not be included"
    if site_id in ctx.dropped:
        return f"{head}: {ctx.dropped[site_id]}."
    open_days = [d for d in r.dates if ctx.windows(site_id, d)]
    hours = describe(site.opening_hours)
    if not open_days:
        days = ", ".join(f"{d:%A} {d:%Y-%m-%d}" for d in r.dates)
        return (
            f"{head}: it is closed, or a {ctx.duration(site_id)}-min visit does not fit "
            f"its hours within the daily window, on every day of the trip ({days}); "
            f"opening hours: {hours}."
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
        return (
            f"{head}: going there and on to the night's place takes at least {best:.0f} "
            f"min of driving on the days it is open, beyond the {r.max_drive_minutes}-min "
            f"driving limit or the {r.day_start:%H:%M}–{r.day_end:%H:%M} day."
        )
    return (
        f"{head}: with its opening hours ({hours}) it does not fit beside the other "
        "visits, lunch and the drives of the days it is open."
    )


def _fees(ctx: Context, sites: Iterable[str]) -> dict[str, float]:
    fees: dict[str, float] = {}
    for site_id in sites:
        fee = ctx.network.site(site_id).fee
        if fee is not None and fee.amount > 0:
            fees[fee.currency] = fees.get(fee.currency, 0.0) + fee.amount
    return fees


def _closed_warnings(ctx: Context) -> list[str]:
    r = ctx.request
    out = []
    for site_id in r.must_visit:
        if site_id in ctx.dropped or site_id not in ctx.candidates:
            continue
        site = ctx.network.site(site_id)
        closed = [d for d in r.dates if not ctx.windows(site_id, d)]
        if closed and len(closed) < len(r.dates):
            days = ", ".join(f"{d:%A} {d:%Y-%m-%d}" for d in closed)
            out.append(
                f"{site.name} is closed on {days} (opening hours: "
                f"{describe(site.opening_hours)}); it is planned on another day."
            )
    return out


def _border_warnings(ctx: Context, days: list[Day]) -> list[str]:
    out = []
    for crossing_id in dict.fromkeys(c for day in days for c in day.crossings):
        c = ctx.network.dataset.crossings[crossing_id]
        out.append(
            f"The trip crosses the {gate_name(c)} border gate (open {describe(c.opening_hours)}, "
            f"about {c.formalities_minutes} min of formalities): every traveller needs "
            f"{'; '.join(c.traveller_documents) or 'a passport'}; the vehicle needs "
            f"{'; '.join(c.vehicle_documents) or 'its cross-border permit'}."
        )
    return out


def _assumption_warnings(ctx: Context, sites: Iterable[str]) -> list[str]:
    assumed = [
        ctx.network.site(s).name
        for s in dict.fromkeys(sites)
        if any(a.field == "opening_hours" for a in ctx.network.site(s).assumptions)
    ]
    if not assumed:
        return []
    return [
        f"Opening hours assumed (no published hours were found): check before travel: "
        f"{', '.join(assumed)}."
    ]


def to_itinerary(ctx: Context, build: Build, solution: Solution) -> Itinerary:
    """Return the itinerary of ``solution`` (a solution of ``build.problem``)."""
    r = ctx.request
    route_warnings: list[str] = []
    days = [_day(ctx, build, plan, i, route_warnings) for i, plan in enumerate(solution.tours)]
    visited = [s.site for day in days for s in day.stops]
    missing = [m for m in r.must_visit if m not in visited]
    warnings = [explain_missing(ctx, build, m) for m in missing]
    warnings += _closed_warnings(ctx) + _border_warnings(ctx, days)
    warnings += route_warnings + _assumption_warnings(ctx, visited)
    return Itinerary(
        request=r,
        days=tuple(days),
        score=sum(ctx.values.get(s, 0.0) for s in visited),
        km=sum(d.km for d in days),
        drive_minutes=sum(d.drive_minutes for d in days),
        fees=_fees(ctx, visited),
        warnings=tuple(dict.fromkeys(warnings)),
    )
