"""A tour's days on their dates: drives, visits in opening hours, lunch, nights, waits.

Internal to :mod:`tourlink.connect`: :func:`_start_tour` appends a published tour's days
from a date (or, if a gate is closed then, from the first later date it can run, after
waiting days); :func:`_day` and :func:`_rest` make one day of the itinerary.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from tourlink.connect import texts as ct
from tourlink.connect.context import _arrival, _Blocked, _Clock, _copy, _Ctx, _Plan
from tourlink.connect.texts import tour_ref
from tourlink.exceptions import InfeasibleRequestError
from tourlink.hours import intervals
from tourlink.itinerary import Day, Stop, as_messages
from tourlink.messages import Message, message
from tourlink.texts import site_ref
from tourlink.tours import Tour

_LUNCH = (dt.time(11, 0), dt.time(13, 0), 60)
_HOLIDAY_COUNTRIES = frozenset({"VN"})  # as the checker: public holidays known for Vietnam


def _go(ctx: _Ctx, clock: _Clock, to: str, tour: Tour) -> dt.datetime:
    leg = ctx.drive(clock.place, to, clock.time, tour)
    clock.warnings.extend(leg.warnings)
    clock.drives.append(leg.legs)
    clock.minutes += leg.minutes - sum(
        p.crossing.formalities_minutes + p.waited_minutes for p in leg.crossings
    )
    clock.crossings.extend(p.crossing.id for p in leg.crossings)
    clock.gates.extend(n for p in leg.crossings if p.waited_minutes > 0.5 for n in p.notes[:1])
    clock.place = to
    return _arrival(ctx, leg, to, clock.time)


def _slot(ctx: _Ctx, site_id: str, arrive: dt.datetime, minutes: float) -> dt.datetime | None:
    """Return when a visit of ``minutes`` can start on the day of ``arrive`` (or ``None``)."""
    site = ctx.net.site(site_id)
    country = site.country if site.country in _HOLIDAY_COUNTRIES else None
    length = dt.timedelta(minutes=minutes)
    for begin, end in intervals(site.opening_hours, arrive.date(), country=country):
        start = max(begin, arrive)
        if start + length <= end:
            return start
    return None


def _visit(ctx: _Ctx, clock: _Clock, site_id: str, minutes: int | None, tour: Tour) -> None:
    site = ctx.net.site(site_id)
    if site_id in ctx.seen:
        clock.warnings.append(message(ct.ALREADY_VISITED, tour=tour_ref(tour), site=site_ref(site)))
        return
    back = _copy(clock)
    arrive = _go(ctx, clock, site_id, tour)
    length = site.visit_minutes if minutes is None else max(minutes, site.visit_minutes)
    start = _slot(ctx, site_id, arrive, length)
    if start is None:
        clock.warnings.append(
            message(
                ct.CLOSED_VISIT,
                tour=tour_ref(tour),
                site=site_ref(site),
                minutes=length,
                time=arrive.time(),
                date=arrive.date(),
            )
        )
        warned = clock.warnings[-1]
        for f in dataclasses.fields(_Clock):
            setattr(clock, f.name, getattr(back, f.name))
        clock.warnings.append(warned)
        return
    depart = start + dt.timedelta(minutes=length)
    lunch_from = dt.datetime.combine(start.date(), _LUNCH[0])
    lunch_to = dt.datetime.combine(start.date(), _LUNCH[1])
    if (
        clock.lunch is None
        and lunch_from <= max(depart, lunch_from) <= lunch_to
        and depart >= lunch_from - dt.timedelta(minutes=30)
    ):
        begin = max(depart, lunch_from)
        clock.lunch = (begin, begin + dt.timedelta(minutes=_LUNCH[2]), site_id)
        depart = clock.lunch[1]
    clock.stops.append(Stop(site_id, arrive, start, depart))
    ctx.seen.add(site_id)
    clock.time = depart


def _day(
    ctx: _Ctx,
    date: dt.date,
    clock: _Clock,
    night: str,
    notes: tuple[Message | str, ...],
    start: str,
) -> Day:
    return Day(
        date,
        start,
        ctx.at(date),
        tuple(clock.stops),
        night,
        clock.time,
        tuple(clock.drives),
        sum(leg.km for d in clock.drives for leg in d),
        clock.minutes,
        clock.lunch,
        as_messages(notes),
        tuple(dict.fromkeys(clock.crossings)),
    )


def _late(ctx: _Ctx, clock: _Clock, tour: Tour, number: int, date: dt.date) -> None:
    """Raise if ``clock`` (just arrived at its night place) is past the day's end."""
    if clock.time <= ctx.at(date, end=True):
        return
    reason = message(
        ct.DAY_LATE,
        day=number,
        date=date,
        site=ctx.name(clock.place),
        time=clock.time.replace(tzinfo=None),
        end=ctx.day_end,
    )
    if clock.gates:
        raise _Blocked(message(ct.WITH_GATE, reason=reason, gate=clock.gates[0]))
    raise InfeasibleRequestError(message(ct.TOUR_REFUSED, tour=tour_ref(tour), reason=reason))


def _reason(exc: _Blocked) -> Message:
    found = exc.args[0]
    assert isinstance(found, Message)
    return found


def _tour_days(ctx: _Ctx, tour: Tour, first: dt.date) -> tuple[list[Day], list[Message], _Clock]:
    """Schedule ``tour`` from ``first``; raise :class:`_Blocked` if a day cannot be run.

    Also returns the last day's state before its final drive (to re-route that evening).
    """
    days: list[Day] = []
    warnings: list[Message] = []
    place = tour.start
    seen = set(ctx.seen)
    tail = _Clock(place, ctx.at(first), [], [])
    try:
        for number in range(1, tour.days + 1):
            date = first + dt.timedelta(days=number - 1)
            todays = tour.day_stops(number)
            night = tour.end if number == tour.days else (todays[-1].site if todays else place)
            if number < tour.days and not ctx.lodging(night):
                raise InfeasibleRequestError(
                    message(
                        ct.NIGHT_NOT_LODGING, tour=tour_ref(tour), day=number, site=ctx.name(night)
                    )
                )
            clock = _Clock(place, ctx.at(date), [], [])
            for stop in todays:
                if stop.site not in (place, night):
                    _visit(ctx, clock, stop.site, stop.minutes, tour)
            tail = _copy(clock)
            clock.time = _go(ctx, clock, night, tour)
            _late(ctx, clock, tour, number, date)
            warnings += clock.warnings
            days.append(
                _day(
                    ctx,
                    date,
                    clock,
                    night,
                    (
                        message(
                            ct.TOUR_DAY, tour=tour_ref(tour), publisher=tour.publisher, day=number
                        ),
                    ),
                    place,
                )
            )
            place = night
    except Exception:
        ctx.seen = seen
        raise
    return days, warnings, tail


def _rest(ctx: _Ctx, place: str, date: dt.date, why: Message, tour: Tour) -> Day:
    if not ctx.lodging(place):
        raise InfeasibleRequestError(
            message(
                ct.CANNOT_WAIT, tour=tour_ref(tour), date=date, reason=why, site=ctx.name(place)
            )
        )
    t = ctx.at(date)
    return Day(
        date,
        place,
        t,
        (),
        place,
        t,
        ((),),
        0.0,
        0.0,
        None,
        (message(ct.WAITING_DAY, site=ctx.name(place), reason=why),),
        (),
    )


def _start_tour(ctx: _Ctx, plan: _Plan, tour: Tour, date: dt.date) -> None:
    """Append ``tour`` from ``date``, or from the first later date it can be run."""
    first_reason: Message | None = None
    for wait in range(ctx.max_wait + 1 if ctx.shift else 1):
        try:
            days, warnings, tail = _tour_days(ctx, tour, date + dt.timedelta(days=wait))
        except _Blocked as exc:
            first_reason = first_reason or _reason(exc)
            continue
        for k in range(wait):
            plan.days.append(
                _rest(
                    ctx,
                    tour.start,
                    date + dt.timedelta(days=k),
                    message(ct.WAITING_TO_START, tour=tour_ref(tour)),
                    tour,
                )
            )
        if wait:
            start = date + dt.timedelta(days=wait)
            assert first_reason is not None
            plan.warnings.append(
                message(
                    ct.SHIFTED_START,
                    tour=tour_ref(tour),
                    date=start,
                    planned=date,
                    reason=first_reason,
                    days=wait,
                    site=ctx.name(tour.start),
                )
            )
        plan.days += days
        plan.warnings += warnings
        plan.tail, plan.tour = tail, tour
        return
    tail_text = (
        message(ct.WAIT_NO_HELP, days=ctx.max_wait) if ctx.shift else message(ct.NO_SHIFT_TAIL)
    )
    assert first_reason is not None
    raise InfeasibleRequestError(
        message(ct.TOUR_REFUSED_TAIL, tour=tour_ref(tour), reason=first_reason, tail=tail_text)
    )
