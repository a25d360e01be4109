"""From one tour to the next: the evening drive, stop-overs, transfer and waiting days.

Internal to :mod:`tourlink.connect`: :func:`_transfer` brings the group from where a tour
ended to where the next one starts, re-routing the last evening (:func:`_evening`), via
the lodging place nearest the target when the drive does not fit (:func:`_hop`), over
whole transfer days or waiting days when allowed, and says why when it cannot.
"""

from __future__ import annotations

import datetime as dt

from tourlink.connect import texts as ct
from tourlink.connect.context import _Clock, _copy, _Ctx, _Plan
from tourlink.connect.days import _day, _go, _rest, _visit
from tourlink.connect.texts import tour_ref
from tourlink.exceptions import InfeasibleRequestError
from tourlink.messages import Message, message
from tourlink.tours import Tour

_DETOUR = 1.25  # a transfer stop-over may lengthen the transfer by at most 25 %


def _hop(ctx: _Ctx, start: _Clock, deadline: dt.datetime, tour: Tour) -> _Clock | None:
    """Drive from ``start`` to ``tour.start`` or, failing that, to the lodging place nearest it.

    The stop-overs are only looked for (and their distances routed) when the target
    cannot be reached by ``deadline``. The stop-over must be reached by ``deadline``, be
    nearer the target than ``start`` and lengthen the whole transfer by at most
    :data:`_DETOUR`; ``None`` when none is.
    """
    target, here = tour.start, start.place
    clock = _copy(start)
    clock.time = _go(ctx, clock, target, tour)
    if clock.time <= deadline:
        return clock
    left = ctx.minutes(here, target, tour)
    stays = sorted(
        (s for s in ctx.net.sites if ctx.lodging(s) and s not in (here, target)),
        key=lambda s: (ctx.minutes(s, target, tour), s),
    )
    for site_id in stays:
        rest = ctx.minutes(site_id, target, tour)
        if rest >= left or ctx.minutes(here, site_id, tour) + rest > left * _DETOUR:
            continue
        clock = _copy(start)
        clock.time = _go(ctx, clock, site_id, tour)
        if clock.time <= deadline:
            return clock
    return None


def _why_not(ctx: _Ctx, start: _Clock, date: dt.date, tour: Tour) -> Message:
    """Say why the drive from ``start`` to ``tour.start`` cannot be made on ``date``."""
    clock = _copy(start)
    clock.gates = []
    clock.time = _go(ctx, clock, tour.start, tour)
    text = message(
        ct.TRANSFER_LATE,
        origin=ctx.name(start.place),
        destination=ctx.name(tour.start),
        depart=start.time.replace(tzinfo=None),
        arrive=clock.time.replace(tzinfo=None),
        end=ctx.day_end,
        date=date,
    )
    return message(ct.WITH_GATE, reason=text, gate=clock.gates[0]) if clock.gates else text


def _evening(ctx: _Ctx, plan: _Plan, tour: Tour) -> _Clock | None:
    """Re-route the last evening towards ``tour``: the end clock, or ``None`` (no progress)."""
    assert plan.tail is not None and plan.tour is not None
    last, seen = plan.days[-1], set(ctx.seen)
    clock = _copy(plan.tail)
    clock.warnings = []
    if not ctx.lodging(last.overnight) and last.overnight != tour.start:
        _visit(ctx, clock, last.overnight, None, plan.tour)
    hop = _hop(ctx, clock, ctx.at(last.date, end=True), tour)
    if hop is None:
        ctx.seen = seen
        if not ctx.lodging(last.overnight):
            raise InfeasibleRequestError(
                message(
                    ct.NO_STAY_REACHABLE,
                    tour=tour_ref(plan.tour),
                    site=ctx.name(last.overnight),
                    date=last.date,
                    end=ctx.day_end,
                    next=tour_ref(tour),
                )
            )
        return None
    note = message(ct.TRANSFER_TO, site=ctx.name(hop.place), tour=tour_ref(tour))
    plan.days[-1] = _day(ctx, last.date, hop, hop.place, (*last.notes, note), last.start_site)
    plan.warnings += hop.warnings
    return hop


def _transfer(ctx: _Ctx, plan: _Plan, tour: Tour) -> dt.date:
    """Bring the group to ``tour.start``; return the date the tour can start."""
    assert plan.tail is not None
    last = plan.days[-1]
    tail = _copy(plan.tail)
    hop = _evening(ctx, plan, tour)
    date = last.date + dt.timedelta(days=1)
    if hop is not None and hop.place == tour.start:
        return date
    if not ctx.shift:
        why = _why_not(ctx, tail, last.date, tour)
        raise InfeasibleRequestError(
            message(ct.NO_SHIFT, tour=tour_ref(tour), date=date, reason=why)
        )
    place, waited, first = plan.days[-1].overnight, 0, date
    while place != tour.start:
        start = _Clock(place, ctx.at(date), [], [])
        hop = _hop(ctx, start, ctx.at(date, end=True), tour)
        if hop is None:
            waited += 1
            why = _why_not(ctx, start, date, tour)
            if waited > ctx.max_wait:
                raise InfeasibleRequestError(
                    message(
                        ct.UNREACHABLE_AFTER_WAIT,
                        tour=tour_ref(tour),
                        reason=why,
                        days=ctx.max_wait,
                    )
                )
            plan.days.append(_rest(ctx, place, date, why, tour))
            plan.warnings.append(
                message(ct.WAITS_A_DAY, date=date, site=ctx.name(place), reason=why)
            )
        else:
            note = message(ct.TRANSFER_DAY_FOR, site=ctx.name(hop.place), tour=tour_ref(tour))
            plan.days.append(_day(ctx, date, hop, hop.place, (note,), place))
            plan.warnings += hop.warnings
            place = hop.place
        date += dt.timedelta(days=1)
    plan.warnings.append(
        message(
            ct.SHIFTED_BY_TRANSFER,
            tour=tour_ref(tour),
            date=date,
            planned=first,
            site=ctx.name(tour.start),
            evening=last.date,
            end=ctx.day_end,
            days=(date - first).days,
        )
    )
    return date
