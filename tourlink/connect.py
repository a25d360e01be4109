"""Chain published tours into one itinerary, with checked transfer legs between them.

:func:`connect` schedules each tour's published stops day by day (drives recomputed with
:func:`tourlink.routing.route`, waits for opening times, lunch, nights at the last stop
of each day) and, between two tours, adds the transfer from where one ends to where the
next starts on the evening of the last day, so that the next tour can start at
``day_start`` the morning after. Each connection is checked (arrival before the day
ends, border open, mode allowed) and every problem becomes a warning.
:func:`next_tours` ranks the tours one can start the day after a tour ends.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tourlink.exceptions import InfeasibleRequestError, InvalidRequestError, NoRouteError
from tourlink.hours import local_time, next_open
from tourlink.itinerary import Day, Itinerary, Stop, TripRequest
from tourlink.model import Leg, Route
from tourlink.routing import gate_name, route
from tourlink.tours import Tour

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = ["connect", "next_tours"]

_LUNCH = (dt.time(11, 0), dt.time(13, 0), 60)


def _net(network: Network | None) -> Network:
    if network is not None:
        return network
    from tourlink.read import load_network

    return load_network()


def _drive(net: Network, a: str, b: str, mode: str, depart: dt.datetime,
           warnings: list[str]) -> Route:
    try:
        leg = route(a, b, mode=mode, depart=depart, network=net)
    except NoRouteError as exc:
        raise InfeasibleRequestError(f"The tours cannot be connected: {exc}") from None
    warnings.extend(leg.warnings)
    for p in leg.crossings:
        if p.waited_minutes > 0.5:
            warnings.append(f"The {gate_name(p.crossing)} gate is closed when the group gets "
                            f"there; the plan waits {p.waited_minutes:.0f} min.")
    return leg


def _arrival(net: Network, leg: Route, place: str, fallback: dt.datetime) -> dt.datetime:
    if leg.arrive is None:
        return fallback
    return local_time(leg.arrive, net.site(place).timezone)


@dataclasses.dataclass
class _Clock:
    """Mutable state while one day is scheduled."""

    place: str
    time: dt.datetime
    stops: list[Stop]
    drives: list[tuple[Leg, ...]]
    km: float = 0.0
    minutes: float = 0.0
    lunch: tuple[dt.datetime, dt.datetime, str] | None = None
    crossings: list[str] = dataclasses.field(default_factory=list)


def _go(net: Network, clock: _Clock, to: str, mode: str, warnings: list[str]) -> dt.datetime:
    leg = _drive(net, clock.place, to, mode, clock.time, warnings)
    clock.drives.append(leg.legs)
    clock.km += leg.km
    clock.minutes += leg.minutes - sum(p.crossing.formalities_minutes + p.waited_minutes
                                       for p in leg.crossings)
    clock.crossings.extend(p.crossing.id for p in leg.crossings)
    clock.place = to
    return _arrival(net, leg, to, clock.time + dt.timedelta(minutes=leg.minutes))


def _visit(net: Network, clock: _Clock, site_id: str, minutes: int | None, mode: str,
           warnings: list[str], tour: Tour) -> None:
    site = net.site(site_id)
    arrive = _go(net, clock, site_id, mode, warnings)
    start = next_open(site.opening_hours, arrive)
    length = dt.timedelta(minutes=site.visit_minutes if minutes is None else minutes)
    if start is None or start.date() != arrive.date():
        warnings.append(f"Tour {tour.name_en}: {site.name} is closed on {arrive:%A %Y-%m-%d}; "
                        "the programme's visit is skipped that day.")
        clock.time = arrive
        clock.stops.append(Stop(site_id, arrive, arrive, arrive, note="closed: not visited"))
        return
    depart = start + length
    lunch_from = dt.datetime.combine(start.date(), _LUNCH[0])
    lunch_to = dt.datetime.combine(start.date(), _LUNCH[1])
    if clock.lunch is None and lunch_from <= max(depart, lunch_from) <= lunch_to \
            and depart >= lunch_from - dt.timedelta(minutes=30):
        begin = max(depart, lunch_from)
        clock.lunch = (begin, begin + dt.timedelta(minutes=_LUNCH[2]), site_id)
        depart = clock.lunch[1]
    clock.stops.append(Stop(site_id, arrive, start, depart))
    clock.time = depart


def _tour_days(net: Network, tour: Tour, first: dt.date, place: str, mode: str,
               day_start: dt.time, day_end: dt.time, warnings: list[str]) -> list[Day]:
    days = []
    for number in range(1, tour.days + 1):
        date = first + dt.timedelta(days=number - 1)
        todays = list(tour.day_stops(number))
        night = todays[-1].site if todays else place
        if number == tour.days:
            night = tour.end
        visits = [s for s in todays if s.site not in (place, night)]
        clock = _Clock(place, dt.datetime.combine(date, day_start), [], [])
        for stop in visits:
            _visit(net, clock, stop.site, stop.minutes, mode, warnings, tour)
        arrive = _go(net, clock, night, mode, warnings)
        if arrive > dt.datetime.combine(date, day_end):
            warnings.append(f"Tour {tour.name_en}, day {number}: arrival at "
                            f"{net.site(night).name} at {arrive:%H:%M} is after {day_end:%H:%M}.")
        if number < tour.days and not net.site(night).overnight:
            warnings.append(f"Tour {tour.name_en}, day {number}: the night is at "
                            f"{net.site(night).name}, which is not marked as a place where "
                            "groups can stay.")
        days.append(Day(date, place, dt.datetime.combine(date, day_start), tuple(clock.stops),
                        night, arrive, tuple(clock.drives), clock.km, clock.minutes,
                        clock.lunch, (f"Tour {tour.name_en} ({tour.publisher}), day {number}.",),
                        tuple(dict.fromkeys(clock.crossings))))
        place = night
    return days


def _transfer(net: Network, last: Day, to: str, mode: str, day_end: dt.time,
              warnings: list[str], nxt: Tour) -> Day:
    """Re-route the evening of ``last`` so that the night is spent at ``to``."""
    clock = _Clock(last.stops[-1].site if last.stops else last.start_site,
                   last.stops[-1].depart if last.stops else last.depart, list(last.stops),
                   list(last.drives[:-1]))
    arrive = _go(net, clock, to, mode, warnings)
    deadline = dt.datetime.combine(last.date, day_end)
    if arrive > deadline:
        warnings.append(f"Connection to {nxt.name_en}: the transfer from "
                        f"{net.site(last.overnight).name} reaches {net.site(to).name} at "
                        f"{arrive:%Y-%m-%d %H:%M}, after {day_end:%H:%M}: the next tour cannot "
                        "start on time.")
    if not net.site(to).overnight:
        warnings.append(f"Connection to {nxt.name_en}: {net.site(to).name} is not marked as a "
                        "place where groups can stay the night before the tour starts.")
    return dataclasses.replace(
        last, overnight=to, arrive=arrive, drives=tuple(clock.drives),
        km=sum(leg.km for drive in clock.drives for leg in drive), drive_minutes=clock.minutes,
        notes=(*last.notes, f"Transfer to {net.site(to).name} for {nxt.name_en}."),
        crossings=tuple(dict.fromkeys((*last.crossings, *clock.crossings))))


def connect(
    tours: Sequence[Tour],
    *,
    start_date: dt.date,
    mode: str = "car",
    network: Network | None = None,
    day_start: dt.time = dt.time(7, 30),
    day_end: dt.time = dt.time(18, 30),
) -> Itinerary:
    """Chain ``tours`` (in order) into one itinerary starting on ``start_date``.

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
        Daily window; each tour day starts at ``day_start``.

    Returns
    -------
    Itinerary
        All tour days; transfers are driven on the evening before the next tour. Late
        arrivals, closed sites, closed gates and nights outside lodging are warnings.

    Raises
    ------
    InvalidRequestError
        If ``tours`` is empty.
    InfeasibleRequestError
        If a drive is impossible by ``mode``.

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
    net = _net(network)
    warnings: list[str] = []
    days: list[Day] = []
    place = tours[0].start
    for tour in tours:
        if days and place != tour.start:
            days[-1] = _transfer(net, days[-1], tour.start, mode, day_end, warnings, tour)
        first = start_date + dt.timedelta(days=len(days))
        days += _tour_days(net, tour, first, tour.start, mode, day_start, day_end, warnings)
        place = days[-1].overnight
    request = TripRequest(start=tours[0].start, start_date=start_date, days=len(days),
                          end=days[-1].overnight, day_start=day_start, day_end=day_end,
                          mode=mode, max_drive_minutes=1440, lunch_minutes=0)
    visited = [s.site for d in days for s in d.stops if not s.note]
    fees: dict[str, float] = {}
    for site_id in visited:
        fee = net.site(site_id).fee
        if fee is not None and fee.amount:
            fees[fee.currency] = fees.get(fee.currency, 0.0) + fee.amount
    return Itinerary(request, tuple(days), sum(net.site(s).interest for s in visited),
                     sum(d.km for d in days), sum(d.drive_minutes for d in days), fees,
                     tuple(dict.fromkeys(warnings)))


def next_tours(
    after: Tour, tours: Sequence[Tour], *, mode: str = "car", network: Network | None = None,
    max_minutes: float = 11 * 60,
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

    Returns
    -------
    list of (Tour, Route)
        Each startable tour with its transfer route (zero-length when it starts where
        ``after`` ends), sorted by transfer minutes, then tour id.
    """
    net = _net(network)
    ranked: list[tuple[Tour, Route]] = []
    for tour in tours:
        if tour.id == after.id:
            continue
        try:
            leg = route(after.end, tour.start, mode=mode, network=net)
        except NoRouteError:
            continue
        if leg.minutes <= max_minutes:
            ranked.append((tour, leg))
    return sorted(ranked, key=lambda pair: (pair[1].minutes, pair[0].id))
