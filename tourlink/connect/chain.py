"""Chain published tours into one itinerary, with checked transfer legs between them.

:func:`connect` schedules each tour's published stops day by day (drives recomputed with
:func:`tourlink.routing.route`, waits for opening times, lunch, nights at the last stop
of each day) and, between two tours, adds the transfer from where one ends to where the
next starts, so that the next tour can start at ``day_start`` the morning after.

Every day it returns fits the daily window and ends where groups can sleep. When a
transfer or a tour day cannot be made on its date (a border gate closed that day, an
arrival after ``day_end``), the following tours are shifted by whole days if
``shift=True``: the group drives on to the last lodging place it can reach (before the
gate), waits there, and the reason is a warning. Otherwise, or when waiting does not
help, :class:`~tourlink.exceptions.InfeasibleRequestError` names the tour, the date and
the reason. :func:`next_tours` ranks the tours one can start the day after a tour ends.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tourlink.connect import texts as ct
from tourlink.connect.texts import because, tour_ref
from tourlink.dates import check_date
from tourlink.exceptions import InfeasibleRequestError, InvalidRequestError, NoRouteError
from tourlink.hours import intervals, local_time
from tourlink.itinerary import Day, Itinerary, Stop, TripRequest, as_messages
from tourlink.messages import Message, Ref, message
from tourlink.model import Leg, Route
from tourlink.routing import build_route, route
from tourlink.texts import MODE_NAMES, site_ref, unique
from tourlink.tours import Tour

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = ["connect", "next_tours"]

_LUNCH = (dt.time(11, 0), dt.time(13, 0), 60)
_HOLIDAY_COUNTRIES = frozenset({"VN"})  # as the checker: public holidays known for Vietnam
_DETOUR = 1.25  # a transfer stop-over may lengthen the transfer by at most 25 %


def _net(network: Network | None) -> Network:
    if network is not None:
        return network
    from tourlink.read import load_network

    return load_network()


def _local(net: Network, origin: str, depart: dt.datetime) -> dt.datetime:
    """Return ``depart`` in the time zone of ``origin`` (as :func:`route` reads it)."""
    if depart.tzinfo is not None:
        return depart
    return depart.replace(tzinfo=ZoneInfo(net.site(origin).timezone))


class _Blocked(Exception):
    """A day cannot be run on its date, but might be on a later one (a gate closure)."""


@dataclasses.dataclass
class _Ctx:
    """Options and caches of one :func:`connect` call."""

    net: Network
    mode: str
    day_start: dt.time
    day_end: dt.time
    shift: bool
    max_wait: int
    seen: set[str] = dataclasses.field(default_factory=set)
    static: dict[tuple[str, str], float] = dataclasses.field(default_factory=dict)
    #: Routes by (from, to, departure): shared by the builds of one connection search.
    routes: dict[tuple[str, str, dt.datetime | None], Route] = dataclasses.field(
        default_factory=dict
    )
    #: Untimed fastest routes by (from, to), e.g. a connection search's: their paths are
    #: re-timed for a departure instead of searched again (the path does not depend on it).
    paths: Mapping[tuple[str, str], object] = dataclasses.field(default_factory=dict)

    def at(self, date: dt.date, end: bool = False) -> dt.datetime:
        return dt.datetime.combine(date, self.day_end if end else self.day_start)

    def name(self, site_id: str) -> Ref:
        return site_ref(self.net.site(site_id))

    def lodging(self, site_id: str) -> bool:
        return bool(self.net.site(site_id).overnight)

    def drive(self, a: str, b: str, depart: dt.datetime | None, tour: Tour) -> Route:
        """Return the fastest route ``a → b`` leaving at ``depart`` (untimed if ``None``).

        The path does not depend on the hour: a pair's untimed route is found once (or
        taken from :attr:`paths`) and only re-timed for each departure.
        """
        key = (a, b, depart)
        if key in self.routes:
            return self.routes[key]
        try:
            known = self.paths.get((a, b))
            if not isinstance(known, Route):
                known = self._untimed(a, b)
            found = known
            if depart is not None:
                local = _local(self.net, a, depart)
                found = build_route(self.net, known.nodes, mode=self.mode, depart=local)
        except NoRouteError as exc:
            mode = Ref("mode", self.mode, MODE_NAMES.get(self.mode, self.mode))
            said = (
                message(ct.UNREACHABLE, tour=tour_ref(tour), mode=mode, reason=because(exc))
                if depart is None
                else message(
                    ct.UNREACHABLE_ON,
                    tour=tour_ref(tour),
                    mode=mode,
                    date=depart.date(),
                    reason=because(exc),
                )
            )
            raise InfeasibleRequestError(said) from None
        self.routes[key] = found
        return found

    def _untimed(self, a: str, b: str) -> Route:
        """Return the untimed fastest route ``a → b`` (searched once per pair)."""
        key = (a, b, None)
        if key not in self.routes:
            self.routes[key] = route(a, b, mode=self.mode, network=self.net)
        return self.routes[key]

    def minutes(self, a: str, b: str, tour: Tour) -> float:
        if (a, b) not in self.static:
            self.static[a, b] = 0.0 if a == b else self.drive(a, b, None, tour).minutes
        return self.static[a, b]


def _arrival(ctx: _Ctx, leg: Route, place: str, depart: dt.datetime) -> dt.datetime:
    if leg.arrive is None:
        return depart + dt.timedelta(minutes=leg.minutes)
    return local_time(leg.arrive, ctx.net.site(place).timezone)


@dataclasses.dataclass
class _Clock:
    """Mutable state while one day is scheduled."""

    place: str
    time: dt.datetime
    stops: list[Stop]
    drives: list[tuple[Leg, ...]]
    minutes: float = 0.0
    lunch: tuple[dt.datetime, dt.datetime, str] | None = None
    crossings: list[str] = dataclasses.field(default_factory=list)
    gates: list[Message] = dataclasses.field(default_factory=list)
    warnings: list[Message] = dataclasses.field(default_factory=list)


def _copy(clock: _Clock) -> _Clock:
    return dataclasses.replace(
        clock,
        stops=list(clock.stops),
        drives=list(clock.drives),
        crossings=list(clock.crossings),
        gates=list(clock.gates),
        warnings=list(clock.warnings),
    )


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


@dataclasses.dataclass
class _Plan:
    """The package being built."""

    days: list[Day] = dataclasses.field(default_factory=list)
    warnings: list[Message] = dataclasses.field(default_factory=list)
    tail: _Clock | None = None  # the last day's state before its final drive
    tour: Tour | None = None  # the last tour scheduled


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


def connect(
    tours: Sequence[Tour],
    *,
    start_date: dt.date,
    mode: str = "car",
    network: Network | None = None,
    day_start: dt.time = dt.time(7, 30),
    day_end: dt.time = dt.time(18, 30),
    shift: bool = True,
    max_wait_days: int = 7,
) -> Itinerary:
    """Chain ``tours`` (in order) into one feasible itinerary starting on ``start_date``.

    Parameters
    ----------
    tours
        Published tours, run back to back.
    start_date
        Date of the first tour's first day.
    mode
        Travel mode of the whole trip.
    network
        Network (default: the shipped data).
    day_start, day_end
        Daily window; each tour day starts at ``day_start`` and ends by ``day_end``.
    shift
        Whether a tour may start later than the day after the previous one: after whole
        transfer days when the transfer does not fit the last evening, or after waiting
        days when a border gate is closed on its date. Each shift is explained in the
        warnings. With ``False`` such a package is refused.
    max_wait_days
        Most waiting days (at a lodging place) before a tour or a transfer leg.

    Returns
    -------
    Itinerary
        All tour, transfer and waiting days; it passes
        :func:`~tourlink.planner.check.check_itinerary` with ``must_visit=False``.
        Closed or repeated sites (skipped), gate waits and shifts are warnings.

    Raises
    ------
    InvalidRequestError
        If ``tours`` is empty or ``max_wait_days`` is negative.
    InfeasibleRequestError
        Naming the tour, the date and the reason when a drive is impossible by ``mode``, a
        tour day cannot fit the window, or a connection needs a shift that is not allowed.

    Examples
    --------
    >>> import datetime as dt
    >>> from tourlink.tours import load_tours
    >>> tours = {t.id: t for t in load_tours()}
    >>> trip = connect([tours["kon-tum-city-day"], tours["mang-den-2-days"]],
    ...                start_date=dt.date(2026, 3, 3))
    >>> len(trip.days)
    3
    """
    if not tours:
        raise InvalidRequestError("`tours` must name at least one tour, got none.", field="tours")
    if max_wait_days < 0:
        raise InvalidRequestError(
            f"`max_wait_days` must be 0 or more, got {max_wait_days}.", field="max_wait_days"
        )
    check_date("start_date", start_date)
    net = _net(network)
    ctx = _Ctx(net, mode, day_start, day_end, shift, max_wait_days)
    plan = _Plan()
    date = start_date
    for tour in tours:
        if plan.days and plan.days[-1].overnight != tour.start:
            date = _transfer(ctx, plan, tour)
        _start_tour(ctx, plan, tour, date)
        date = plan.days[-1].date + dt.timedelta(days=1)
    trip = _itinerary(ctx, plan, start_date, tours[0].start)
    _verify(trip, net)
    return trip


def _itinerary(ctx: _Ctx, plan: _Plan, start_date: dt.date, start: str) -> Itinerary:
    days = plan.days
    # The tours' own published schedules set each day's pace: the package is checked against
    # the daily window and the busiest published day, not against a planner pace profile.
    window = (
        (ctx.day_end.hour - ctx.day_start.hour) * 60 + ctx.day_end.minute - ctx.day_start.minute
    )
    request = TripRequest(
        start=start,
        start_date=start_date,
        days=len(days),
        end=days[-1].overnight,
        day_start=ctx.day_start,
        day_end=ctx.day_end,
        mode=ctx.mode,
        max_drive_minutes=1440,
        lunch_minutes=0,
        max_visits=min(20, max([1, *(len(d.stops) for d in days)])),
        max_active_minutes=min(1440, max(120, window)),
    )
    visited = [s.site for d in days for s in d.stops]
    fees: dict[str, float] = {}
    for site_id in visited:
        fee = ctx.net.site(site_id).fee
        if fee is not None and fee.amount:
            fees[fee.currency] = fees.get(fee.currency, 0.0) + fee.amount
    return Itinerary(
        request,
        tuple(days),
        sum(ctx.net.site(s).interest for s in visited),
        sum(d.km for d in days),
        sum(d.drive_minutes for d in days),
        fees,
        unique(plan.warnings),
    )


def _verify(trip: Itinerary, net: Network) -> None:
    """Refuse a package the independent checker rejects (a safety net: it should not)."""
    from tourlink.planner.check import check_itinerary

    problems = check_itinerary(trip, network=net, must_visit=False, day_rules=False)
    if problems:
        day, reason = problems[0].day, problems[0].message
        raise InfeasibleRequestError(
            message(ct.NOT_FEASIBLE, reason=reason)
            if day is None
            else message(ct.NOT_FEASIBLE_ON, date=trip.days[day].date, reason=reason)
        )


def next_tours(
    after: Tour,
    tours: Sequence[Tour],
    *,
    mode: str = "car",
    network: Network | None = None,
    max_minutes: float = 11 * 60,
    transfer_date: dt.date | None = None,
    day_start: dt.time = dt.time(7, 30),
    day_end: dt.time = dt.time(18, 30),
) -> list[tuple[Tour, Route]]:
    """Rank the tours one can start the day after ``after`` ends, nearest transfer first.

    Parameters
    ----------
    after
        The tour just finished.
    tours
        Candidate tours (``after`` itself is skipped).
    mode
        Travel mode of the transfer.
    network
        Network (default: the shipped data).
    max_minutes
        Longest transfer that still lets the next tour start the next day.
    transfer_date
        Date of the transfer (the next tour starts the day after). When given, the
        transfer is timed: it leaves at ``day_start`` and must arrive by ``day_end`` that
        day, so a border gate closed then rules the tour out; when ``None`` only
        ``max_minutes`` counts.
    day_start, day_end
        Daily window used with ``transfer_date``.

    Returns
    -------
    list of (Tour, Route)
        Each startable tour with its transfer route (zero-length when it starts where
        ``after`` ends), sorted by transfer minutes, then tour id.

    Raises
    ------
    InvalidRequestError
        If ``mode`` is not a travel mode.
    UnknownSiteError
        If a tour starts or ends at a place the network does not know.

    Examples
    --------
    >>> from tourlink.tours import load_tours
    >>> tours = {t.id: t for t in load_tours()}
    >>> ranked = next_tours(tours["kon-tum-city-day"], list(tours.values()))
    >>> [(tour.id, round(leg.minutes)) for tour, leg in ranked][:2]
    [('bo-y-tri-border-day', 0), ('kon-tum-bo-y-attapeu-pakse', 0)]
    """
    if transfer_date is not None:
        check_date("transfer_date", transfer_date)
    net = _net(network)
    depart = None if transfer_date is None else dt.datetime.combine(transfer_date, day_start)
    ranked: list[tuple[Tour, Route]] = []
    for tour in tours:
        if tour.id == after.id:
            continue
        try:
            leg = route(after.end, tour.start, mode=mode, depart=depart, network=net)
        except NoRouteError:
            continue
        late = (
            transfer_date is not None
            and leg.arrive is not None
            and local_time(leg.arrive, net.site(tour.start).timezone)
            > dt.datetime.combine(transfer_date, day_end)
        )
        if leg.minutes <= max_minutes and not late:
            ranked.append((tour, leg))
    return sorted(ranked, key=lambda pair: (pair[1].minutes, pair[0].id))
