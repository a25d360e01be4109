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

The work is split by responsibility: :mod:`~tourlink.connect.context` (options, route
caches, the day's clock, the plan), :mod:`~tourlink.connect.days` (a tour's days on their
dates) and :mod:`~tourlink.connect.hops` (from one tour to the next); this module joins
them, assembles the itinerary and has the independent checker verify it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tourlink.connect import texts as ct
from tourlink.connect.context import _Ctx, _net, _Plan
from tourlink.connect.days import _start_tour
from tourlink.connect.hops import _transfer
from tourlink.dates import check_date
from tourlink.exceptions import InfeasibleRequestError, InvalidRequestError, NoRouteError
from tourlink.hours import local_time
from tourlink.itinerary import Itinerary, TripRequest
from tourlink.messages import message
from tourlink.model import Route
from tourlink.routing import route
from tourlink.texts import WHOLE_AT_LEAST, bad_value, field_ref, unique
from tourlink.tours import Tour

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = ["connect", "next_tours"]


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
        raise InvalidRequestError(message(ct.NO_TOURS, field=field_ref("tours")), field="tours")
    if max_wait_days < 0:
        raise InvalidRequestError(
            bad_value("max_wait_days", max_wait_days, message(WHOLE_AT_LEAST, limit=0)),
            field="max_wait_days",
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
