"""Hand edits of an itinerary: change the stops and nights, then re-time the days.

An edit is a plain :class:`DayPlan` per day — which places, in which order, how long each
visit lasts, where the night is spent. :func:`retime` turns day plans into an
:class:`~tourlink.itinerary.Itinerary` with real times: each day leaves at the request's
``day_start``, drives are routed on the network departing when the group leaves (so a
border gate's hours are honoured), a visit starts when its place opens (waiting if it is
early), lunch is taken at the first place left after ``lunch_start`` (or on arrival after
it). Nothing is optimised and nothing is refused: a plan that breaks a rule is re-timed
as asked, and the independent checker says what is wrong. The operations
(:func:`move_stop`, :func:`remove_stop`, :func:`add_stop`, :func:`set_overnight`,
:func:`set_minutes`) each return new day plans.

Examples
--------
>>> plans = [DayPlan(("a", "b")), DayPlan(("c",))]
>>> [p.stops for p in move_stop(plans, day=0, index=1, to_day=1, to_index=0)]
[('a',), ('b', 'c')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from tourlink.exceptions import InvalidRequestError
from tourlink.hours import local_time, next_open
from tourlink.itinerary import Day, Itinerary, Stop, TripRequest, as_messages
from tourlink.messages import define, message
from tourlink.model import Leg
from tourlink.routing import route
from tourlink.texts import WHOLE_FROM, bad_value, field_ref

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = [
    "Change",
    "DayPlan",
    "add_stop",
    "compare",
    "move_stop",
    "plans_of",
    "remove_stop",
    "retime",
    "set_minutes",
    "set_overnight",
    "visit_minutes",
]

_NOT_A_DAY = define("edit.not-a-day", "{field} must be a day from 1 to {last}, got {day}.")
_NOT_A_STOP = define(
    "edit.not-a-stop", "{field} must be a stop of day {day} (1 to {last}), got {stop}."
)
_DAY_COUNT = define("edit.day-count", "{field} must hold {count} days, got {size}.")


@dataclass(frozen=True, slots=True)
class DayPlan:
    """One day as the operator arranges it.

    Attributes
    ----------
    stops
        Site ids visited, in order.
    overnight
        Where the night is spent (``None``: keep the itinerary's; the last day ends at the
        trip's end).
    minutes
        Visit lengths that differ from the site's usual one, by site id.
    """

    stops: tuple[str, ...]
    overnight: str | None = None
    minutes: Mapping[str, int] = field(default_factory=dict)


def visit_minutes(day: Day, stop: Stop) -> int:
    """Return how long ``stop`` lasts, without the lunch break taken at its end."""
    minutes = (stop.depart - stop.start).total_seconds() / 60
    if day.lunch is not None and stop.start <= day.lunch[0] and day.lunch[1] <= stop.depart:
        minutes -= (day.lunch[1] - day.lunch[0]).total_seconds() / 60
    return max(0, round(minutes))


def plans_of(itinerary: Itinerary) -> list[DayPlan]:
    """Return the day plans of ``itinerary`` (visit lengths as planned)."""
    return [
        DayPlan(
            tuple(s.site for s in day.stops),
            day.overnight,
            {s.site: visit_minutes(day, s) for s in day.stops},
        )
        for day in itinerary.days
    ]


def _check_day(plans: Sequence[DayPlan], day: int, field_name: str = "day") -> None:
    if not 0 <= day < len(plans):
        raise InvalidRequestError(
            message(_NOT_A_DAY, field=field_ref(field_name), last=len(plans), day=day + 1),
            field=field_name,
        )


def _check_index(plan: DayPlan, index: int, day: int) -> None:
    if not 0 <= index < len(plan.stops):
        raise InvalidRequestError(
            message(
                _NOT_A_STOP,
                field=field_ref("stop"),
                day=day + 1,
                last=len(plan.stops),
                stop=index + 1,
            ),
            field="stop",
        )


def move_stop(
    plans: Sequence[DayPlan], *, day: int, index: int, to_day: int, to_index: int
) -> list[DayPlan]:
    """Move stop ``index`` of ``day`` to position ``to_index`` of ``to_day`` (0-based).

    The visit keeps its length: a length set for it goes with it, and stays on the old day
    only if that day still visits the place another time.

    Examples
    --------
    >>> plans = [DayPlan(("a", "b"), minutes={"b": 30}), DayPlan(("c",))]
    >>> [(p.stops, dict(p.minutes)) for p in move_stop(plans, day=0, index=1, to_day=1, to_index=0)]
    [(('a',), {}), (('b', 'c'), {'b': 30})]
    """
    _check_day(plans, day)
    _check_day(plans, to_day, "to_day")
    _check_index(plans[day], index, day)
    out = list(plans)
    site = out[day].stops[index]
    out[day] = _without(out[day], index)
    target = out[to_day].stops
    position = max(0, min(to_index, len(target)))
    minutes = dict(out[to_day].minutes)
    if site in plans[day].minutes:
        minutes[site] = plans[day].minutes[site]
    out[to_day] = replace(
        out[to_day], stops=(*target[:position], site, *target[position:]), minutes=minutes
    )
    return out


def _without(plan: DayPlan, index: int) -> DayPlan:
    """Return ``plan`` without stop ``index``, and without its length if the place is gone."""
    site = plan.stops[index]
    stops = plan.stops[:index] + plan.stops[index + 1 :]
    minutes = plan.minutes
    if site in minutes and site not in stops:
        minutes = {k: v for k, v in minutes.items() if k != site}
    return replace(plan, stops=stops, minutes=minutes)


def remove_stop(plans: Sequence[DayPlan], *, day: int, index: int) -> list[DayPlan]:
    """Remove stop ``index`` of ``day`` (with its visit length)."""
    _check_day(plans, day)
    _check_index(plans[day], index, day)
    out = list(plans)
    out[day] = _without(out[day], index)
    return out


def add_stop(
    plans: Sequence[DayPlan], *, day: int, site: str, index: int | None = None
) -> list[DayPlan]:
    """Add a visit of ``site`` to ``day`` at ``index`` (default: last)."""
    _check_day(plans, day)
    out = list(plans)
    stops = out[day].stops
    position = len(stops) if index is None else max(0, min(index, len(stops)))
    out[day] = replace(out[day], stops=(*stops[:position], site, *stops[position:]))
    return out


def set_overnight(plans: Sequence[DayPlan], *, day: int, site: str) -> list[DayPlan]:
    """Spend the night of ``day`` at ``site``."""
    _check_day(plans, day)
    out = list(plans)
    out[day] = replace(out[day], overnight=site)
    return out


def set_minutes(plans: Sequence[DayPlan], *, day: int, index: int, minutes: int) -> list[DayPlan]:
    """Make visit ``index`` of ``day`` last ``minutes`` (5 to 720)."""
    _check_day(plans, day)
    _check_index(plans[day], index, day)
    if not 5 <= minutes <= 720:
        raise InvalidRequestError(
            bad_value("minutes", minutes, message(WHOLE_FROM, low=5, high=720)), field="minutes"
        )
    out = list(plans)
    changed = {**out[day].minutes, out[day].stops[index]: minutes}
    out[day] = replace(out[day], minutes=changed)
    return out


@dataclass
class _Clock:
    """Where the group is and when, while a day is re-timed."""

    place: str
    now: dt.datetime
    lunch: tuple[dt.datetime, dt.datetime, str] | None = None


def _drive(
    net: Network, req: TripRequest, clock: _Clock, to: str
) -> tuple[float, float, tuple[Leg, ...]]:
    if clock.place == to:
        return 0.0, 0.0, ()
    found = route(clock.place, to, mode=req.mode, depart=clock.now, network=net)
    waits = sum(p.waited_minutes + p.crossing.formalities_minutes for p in found.crossings)
    arrive = found.arrive or clock.now + dt.timedelta(minutes=found.minutes)
    if arrive.tzinfo is not None:  # routing answers in the destination's zone
        arrive = local_time(arrive, net.site(to).timezone).replace(tzinfo=None)
    clock.now = arrive
    clock.place = to
    return found.km, max(0.0, found.minutes - waits), found.legs


def _maybe_lunch(req: TripRequest, clock: _Clock, *, last: bool = False) -> bool:
    """Take lunch where the group is if it is time (or the day's last chance); say if so."""
    if clock.lunch is not None or req.lunch_minutes == 0:
        return False
    earliest = dt.datetime.combine(clock.now.date(), req.lunch_start)
    if clock.now < earliest and not last:
        return False
    begin = max(clock.now, earliest)
    end = begin + dt.timedelta(minutes=req.lunch_minutes)
    clock.lunch = (begin, end, clock.place)
    clock.now = end
    return True


def _visit(net: Network, req: TripRequest, clock: _Clock, site_id: str, minutes: int) -> Stop:
    site = net.site(site_id)
    arrive = clock.now
    opens = next_open(site.opening_hours, arrive, country=site.country)
    start = opens if opens is not None and opens.date() == arrive.date() else arrive
    clock.now = start + dt.timedelta(minutes=minutes)
    waited = round((start - arrive).total_seconds() / 60)
    note = f"waits {waited} min for opening" if waited > 0 else ""
    return Stop(site_id, arrive, start, clock.now, note=note)


def _retime_day(
    net: Network, req: TripRequest, date: dt.date, start: str, plan: DayPlan, overnight: str
) -> Day:
    depart = dt.datetime.combine(date, req.day_start)
    clock = _Clock(start, depart)
    stops: list[Stop] = []
    drives: list[tuple[Leg, ...]] = []
    km = drive = 0.0
    for site_id in plan.stops:
        leg_km, leg_minutes, legs = _drive(net, req, clock, site_id)
        km, drive = km + leg_km, drive + leg_minutes
        drives.append(legs)
        usual = round(net.site(site_id).visit_minutes * req.pace)
        stops.append(_visit(net, req, clock, site_id, plan.minutes.get(site_id, usual)))
        if _maybe_lunch(req, clock, last=site_id == plan.stops[-1]):
            stops[-1] = replace(stops[-1], depart=clock.now)  # the group leaves after lunch
    if not stops:
        _maybe_lunch(req, clock, last=True)
        depart = clock.now
    leg_km, leg_minutes, legs = _drive(net, req, clock, overnight)
    drives.append(legs)
    return Day(
        date=date,
        start_site=start,
        depart=depart,
        stops=tuple(stops),
        overnight=overnight,
        arrive=clock.now,
        drives=tuple(drives),
        km=km + leg_km,
        drive_minutes=drive + leg_minutes,
        lunch=clock.lunch,
        notes=as_messages(("re-timed after a hand edit",)),
    )


def retime(previous: Itinerary, plans: Sequence[DayPlan], *, network: Network) -> Itinerary:
    """Return ``previous`` with its days replaced by ``plans``, re-timed on ``network``.

    Raises
    ------
    InvalidRequestError
        If the number of day plans differs from the itinerary's days.
    tourlink.exceptions.UnknownSiteError
        If a plan names a place the catalogue does not know.
    tourlink.exceptions.NoRouteError
        If a place cannot be reached by the trip's mode.
    """
    req = previous.request
    if len(plans) != len(previous.days):
        raise InvalidRequestError(
            message(_DAY_COUNT, field=field_ref("days"), count=len(previous.days), size=len(plans)),
            field="days",
        )
    days: list[Day] = []
    start = req.start
    for index, (plan, date) in enumerate(zip(plans, req.dates, strict=True)):
        last = index == len(plans) - 1
        overnight = req.end_site if last else plan.overnight or previous.days[index].overnight
        day = _retime_day(network, req, date, start, plan, overnight)
        days.append(day)
        start = overnight
    visited = [s.site for d in days for s in d.stops]
    fees: dict[str, float] = {}
    for site_id in visited:
        fee = network.site(site_id).fee
        if fee is not None and fee.amount > 0:
            fees[fee.currency] = fees.get(fee.currency, 0.0) + fee.amount
    return Itinerary(
        request=req,
        days=tuple(days),
        score=sum(s.score for d in previous.days for s in d.stops if s.site in visited),
        km=sum(d.km for d in days),
        drive_minutes=sum(d.drive_minutes for d in days),
        fees=fees,
        warnings=previous.warnings,
    )


@dataclass(frozen=True, slots=True)
class Change:
    """How one place differs between two versions: ``added``, ``removed``, ``moved``, ``retimed``.

    ``before`` and ``after`` are ``(day, position, start)`` (0-based day and position;
    ``None`` where the place is absent).
    """

    kind: str
    site: str
    before: tuple[int, int, dt.datetime] | None
    after: tuple[int, int, dt.datetime] | None


def _positions(itinerary: Itinerary) -> dict[str, tuple[int, int, dt.datetime]]:
    return {
        stop.site: (d, i, stop.start)
        for d, day in enumerate(itinerary.days)
        for i, stop in enumerate(day.stops)
    }


def compare(old: Itinerary, new: Itinerary) -> list[Change]:
    """Return the places added, removed, moved (other day or order) and retimed, by site.

    Examples
    --------
    >>> import datetime as dt
    >>> from tourlink.itinerary import Day, Itinerary, Stop, TripRequest
    >>> t = dt.datetime(2026, 3, 2, 9)
    >>> def trip(*sites):
    ...     stops = tuple(Stop(s, t, t, t) for s in sites)
    ...     day = Day(t.date(), "x", t, stops, "x", t, ((),) * (len(stops) + 1), 0, 0)
    ...     return Itinerary(TripRequest("x", t.date(), 1), (day,), 0, 0, 0, {})
    >>> [(c.kind, c.site) for c in compare(trip("a", "b"), trip("b", "c"))]
    [('removed', 'a'), ('moved', 'b'), ('added', 'c')]
    """
    before, after = _positions(old), _positions(new)
    changes = []
    for site, was in before.items():
        now = after.get(site)
        if now is None:
            changes.append(Change("removed", site, was, None))
        elif (was[0], was[1]) != (now[0], now[1]):
            changes.append(Change("moved", site, was, now))
        elif was[2] != now[2]:
            changes.append(Change("retimed", site, was, now))
    changes += [
        Change("added", site, None, now) for site, now in after.items() if site not in before
    ]
    return changes
