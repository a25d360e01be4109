"""Independent feasibility checker of itineraries.

Nothing of the planner's bookkeeping is reused: every drive is recomputed from the
network with :func:`tourlink.routing.route` (departing when the itinerary says the group
leaves), opening hours are evaluated by date with :mod:`tourlink.hours`, and the request's
rules (daily window, lunch, driving limit, overnight places, border, mode, avoided and
must-visit sites) are checked one by one, then the rules of a tourist's day
(:mod:`~tourlink.planner.check_day`: pace, sights only, lunch at a food place, daylight,
variety). A hop the itinerary walks is recomputed along the streets instead
(:mod:`~tourlink.planner.check_walk`) and is no driving. An empty list means the
itinerary is feasible.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tourlink.exceptions import NoRouteError
from tourlink.hours import crossing_is_open, intervals, is_open, local_time
from tourlink.itinerary import TEXT, Day, Itinerary, TripRequest
from tourlink.messages import Message, define, message
from tourlink.model import Route
from tourlink.planner.check_day import check_day_rules
from tourlink.planner.check_walk import check_walk, walked_hops
from tourlink.routing import route

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = ["TOLERANCE", "Violation", "check_itinerary"]

TOLERANCE = dt.timedelta(minutes=1)
"""Slack for times printed to the minute.

A time written as ``HH:MM`` drops up to 59.99 s; a recomputed arrival from a truncated
departure is never later than the true one, so it lies strictly less than a minute after
the printed arrival.
"""
_HOLIDAYS = frozenset({"VN"})  # countries whose public holidays opening-hours-py knows
_Point = tuple[str, dt.datetime | None, dt.datetime | None]  # place, arrive, leave

C_MUST = define("check.must-visit", "must-visit {site} is not visited")
C_DAYS = define("check.days", "{planned} days planned for a {days}-day request")
C_DATE = define("check.date", "day dated {date}, expected {expected}")
C_CONTINUITY = define("check.continuity", "starts at {site}, expected {expected}")
C_END = define("check.end", "ends at {site}, expected {expected}")
C_REPEAT = define("check.repeat", "{site} is visited twice")
C_AVOID = define("check.avoid", "{site} is on the avoid list")
C_EARLY = define("check.early", "leaves at {depart}, before the day starts at {start}")
C_LATE = define("check.late", "arrives at {arrive}, after the day ends at {end}")
C_OVERNIGHT = define("check.overnight", "the night is spent at {site}, where groups cannot stay")
C_DRIVING = define("check.driving", "{minutes} min of driving, over the {limit}-min limit")
C_UNKNOWN = define("check.unknown-site", "{site} is not in the catalogue")
C_SHORT = define("check.visit-short", "leaves {site} at {depart}, before its visit ends at {end}")
C_CLOSED = define("check.closed", "{site} is closed at the visit start {start}")
C_CLOSES = define("check.closes", "{site} closes before the visit ends at {end}")
C_TRAVEL = define(
    "check.travel", "arrives at {site} at {arrive}, but the {mode} cannot be there before {reached}"
)
C_BACKWARDS = define("check.backwards", "the times at {site} run backwards")
C_MODE = define("check.mode", "{mode} may not use {road}")
C_PAPERS = define("check.papers", "crosses {crossing} without passports or vehicle papers")
C_BORDER_CLOSED = define("check.border-closed", "{crossing} is closed to tourists")
C_BORDER_HOURS = define(
    "check.border-hours", "formalities at {crossing} from {begin} to {end} fall outside its hours"
)
C_NO_LUNCH = define("check.no-lunch", "no lunch break is planned")
C_LUNCH_UNKNOWN = define(
    "check.lunch-unknown", "lunch is taken at {site}, which is not a site of the catalogue"
)
C_LUNCH_TIME = define("check.lunch-time", "lunch starts at {begin}, outside {earliest}–{latest}")
C_LUNCH_SHORT = define("check.lunch-short", "lunch lasts less than {minutes} min")
C_LUNCH_OVERLAP = define(
    "check.lunch-overlap", "lunch {begin}–{end} at {site} overlaps a visit or a drive"
)
C_LUNCH_NO_FOOD = define("check.lunch-no-food", "lunch is taken at {site}, which serves no food")
C_LUNCH_CLOSED = define(
    "check.lunch-closed", "lunch {begin}–{end} at {site} falls outside its opening hours"
)


def _holidays(country: str) -> str | None:
    return country if country in _HOLIDAYS else None


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule: its kind, the day (0-based, ``None``: whole trip), site and text."""

    kind: str
    day: int | None
    site: str
    message: Message

    def __str__(self) -> str:
        where = "trip" if self.day is None else f"day {self.day + 1}"
        return f"{where}: {self.message}"


class _Checker:
    def __init__(self, itinerary: Itinerary, network: Network) -> None:
        self.it = itinerary
        self.req: TripRequest = itinerary.request
        self.net = network
        self.out: list[Violation] = []

    def add(self, kind: str, day: int | None, site: str, text: Message) -> None:
        self.out.append(Violation(kind, day, site, text))

    def run(self, must_visit: bool, day_rules: bool) -> list[Violation]:
        self.trip()
        for index, day in enumerate(self.it.days):
            self.day(index, day)
            if day_rules:
                self.out.extend(
                    Violation(kind, index, site, text)
                    for kind, site, text in check_day_rules(self.req, day, self.net)
                )
        if must_visit:
            visited = set(self.it.visited)
            for site_id in self.req.must_visit:
                if site_id not in visited:
                    self.add("must-visit", None, site_id, message(C_MUST, site=site_id))
        return self.out

    def trip(self) -> None:
        r, days = self.req, self.it.days
        if len(days) != r.days:
            self.add("days", None, "", message(C_DAYS, planned=len(days), days=r.days))
        for index, (day, date) in enumerate(zip(days, r.dates, strict=False)):
            if day.date != date:
                self.add("date", index, "", message(C_DATE, date=day.date, expected=date))
            expected = r.start if index == 0 else days[index - 1].overnight
            if day.start_site != expected:
                self.add(
                    "continuity",
                    index,
                    day.start_site,
                    message(C_CONTINUITY, site=day.start_site, expected=expected),
                )
        if days and days[-1].overnight != r.end_site:
            self.add(
                "end",
                len(days) - 1,
                days[-1].overnight,
                message(C_END, site=days[-1].overnight, expected=r.end_site),
            )
        seen: set[str] = set()
        for index, day in enumerate(days):
            for stop in day.stops:
                if stop.site in seen:
                    self.add("repeat", index, stop.site, message(C_REPEAT, site=stop.site))
                seen.add(stop.site)
                if stop.site in r.avoid:
                    self.add("avoid", index, stop.site, message(C_AVOID, site=stop.site))

    def day(self, index: int, day: Day) -> None:
        r = self.req
        low = dt.datetime.combine(day.date, r.day_start)
        high = dt.datetime.combine(day.date, r.day_end)
        if day.depart < low - TOLERANCE:
            self.add(
                "window",
                index,
                day.start_site,
                message(C_EARLY, depart=day.depart.time(), start=r.day_start),
            )
        if day.arrive > high + TOLERANCE:
            self.add(
                "window",
                index,
                day.overnight,
                message(C_LATE, arrive=day.arrive.time(), end=r.day_end),
            )
        if index < len(self.it.days) - 1 and not self.net.site(day.overnight).overnight:
            self.add(
                "overnight",
                index,
                day.overnight,
                message(C_OVERNIGHT, site=day.overnight),
            )
        for stop in day.stops:
            self.visit(index, stop.site, stop.start, stop.depart, day)
        driving = self.drives(index, day)
        if driving > r.max_drive_minutes + 0.5:
            self.add(
                "driving",
                index,
                "",
                message(C_DRIVING, minutes=round(driving), limit=r.max_drive_minutes),
            )
        self.lunch(index, day)

    def visit(
        self, index: int, site_id: str, start: dt.datetime, depart: dt.datetime, day: Day
    ) -> None:
        try:
            site = self.net.site(site_id)
        except LookupError:
            self.add("site", index, site_id, message(C_UNKNOWN, site=site_id))
            return
        end = start + dt.timedelta(minutes=site.visit_minutes * self.req.pace)
        lunch = self._lunch_minutes_in(day, site_id, start, depart)
        if depart + TOLERANCE < end + dt.timedelta(minutes=lunch):
            self.add(
                "visit",
                index,
                site_id,
                message(C_SHORT, site=site_id, depart=depart.time(), end=end.time()),
            )
        if not is_open(site.opening_hours, start, country=_holidays(site.country)):
            self.add(
                "hours",
                index,
                site_id,
                message(C_CLOSED, site=site_id, start=start),
            )
            return
        spans = intervals(site.opening_hours, start.date(), country=_holidays(site.country))
        inside = any(a <= start and end <= b + TOLERANCE for a, b in spans)
        last = end - dt.timedelta(seconds=1)
        if not inside or not is_open(site.opening_hours, last, country=_holidays(site.country)):
            self.add("hours", index, site_id, message(C_CLOSES, site=site_id, end=end.time()))

    def _lunch_minutes_in(
        self, day: Day, site_id: str, start: dt.datetime, depart: dt.datetime
    ) -> float:
        """Minutes of the day's lunch taken during this stay at ``site_id`` (0 if none).

        A lunch labelled with the site but taken at another time (at the border gate
        of the same name while crossing, say) does not lengthen this visit; where and
        when lunch is taken is checked by :meth:`lunch`.
        """
        if day.lunch is None or day.lunch[2] != site_id:
            return 0.0
        begin, end, _ = day.lunch
        if end <= start + TOLERANCE or begin >= depart - TOLERANCE:
            return 0.0  # taken before the visit starts (waiting there) or after the group left
        return (end - begin).total_seconds() / 60.0

    def drives(self, index: int, day: Day) -> float:
        """Recompute every drive of ``day`` (through a lunch detour); return the driving."""
        points = self.waypoints(index, day)
        walked = walked_hops(day)
        total = 0.0
        for (a, _, leave), (b, arrive, _) in itertools.pairwise(points):
            assert leave is not None and arrive is not None
            if a == b:
                if arrive + TOLERANCE < leave:
                    self.add("travel", index, b, message(C_BACKWARDS, site=b))
                continue
            if (a, b) in walked:  # on foot: recomputed along the streets, no driving
                found = check_walk(self.net, (a, b), leave, arrive, walked[(a, b)])
                self.out.extend(Violation(kind, index, s, text) for kind, s, text in found)
                continue
            try:
                leg = route(a, b, mode=self.req.mode, depart=leave, network=self.net)
            except NoRouteError as exc:
                self.add("road", index, b, message(TEXT, text=str(exc)))
                continue
            total += self.border(index, leg)
            reached = leg.arrive if leg.arrive is not None else leave
            reached = local_time(reached, self.net.site(b).timezone)
            if arrive + TOLERANCE < reached:
                self.add(
                    "travel",
                    index,
                    b,
                    message(
                        C_TRAVEL,
                        site=b,
                        arrive=arrive.time(),
                        mode=self.req.mode,
                        reached=reached.time(),
                    ),
                )
            self.modes(index, leg)
        return total

    def waypoints(self, index: int, day: Day) -> list[_Point]:
        """Return the day's places with arrival and departure, a lunch detour included.

        Lunch taken at the start before leaving, or at a stop while there, is no
        detour; lunch anywhere else must fit between leaving one place and arriving
        at the next, and the drives through it are checked.
        """
        points: list[_Point] = [
            (day.start_site, None, day.depart),
            *((s.site, s.arrive, s.depart) for s in day.stops),
            (day.overnight, day.arrive, None),
        ]
        if day.lunch is None or day.lunch[2] not in self.net.sites or self._lunch_in_place(day):
            return points  # an unknown lunch place is reported by lunch()
        begin, end, place = day.lunch
        for k, ((_, _, leave), (_, arrive, _)) in enumerate(itertools.pairwise(points)):
            assert leave is not None and arrive is not None
            if leave - TOLERANCE <= begin and end <= arrive + TOLERANCE:
                return [*points[: k + 1], (place, begin, end), *points[k + 1 :]]
        self.add(
            "lunch",
            index,
            place,
            message(C_LUNCH_OVERLAP, begin=begin.time(), end=end.time(), site=place),
        )
        return points

    def _lunch_in_place(self, day: Day) -> bool:
        """Return whether lunch is at the start before leaving or at a stop while there."""
        assert day.lunch is not None
        begin, end, place = day.lunch
        if place == day.start_site and end <= day.depart + TOLERANCE:
            return True
        for stop in day.stops:
            if stop.site != place or place not in self.net.sites:
                continue
            visit_end = stop.start + dt.timedelta(
                minutes=self.net.site(place).visit_minutes * self.req.pace
            )
            if (visit_end - TOLERANCE <= begin and end <= stop.depart + TOLERANCE) or (
                stop.arrive - TOLERANCE <= begin and end <= stop.start + TOLERANCE
            ):
                return True
        return False

    def modes(self, index: int, leg: Route) -> None:
        for u, v in zip(leg.nodes, leg.nodes[1:], strict=False):
            data = self.net.G[u][v]
            if self.req.mode not in data["modes"]:
                self.add("mode", index, v, message(C_MODE, mode=self.req.mode, road=data["road"]))

    def border(self, index: int, leg: Route) -> float:
        """Check the crossings of ``leg``; return its driving minutes."""
        driving = leg.minutes
        r = self.req
        for p in leg.crossings:
            c = p.crossing
            driving -= c.formalities_minutes + p.waited_minutes
            if not (r.passports and r.vehicle_papers):
                self.add("papers", index, c.id, message(C_PAPERS, crossing=c.name))
            if not c.open_to_tourists:
                self.add("border", index, c.id, message(C_BORDER_CLOSED, crossing=c.name))
            if p.arrive is None or p.depart is None:
                continue
            begin = p.arrive + dt.timedelta(minutes=p.waited_minutes)
            done = begin + dt.timedelta(minutes=c.formalities_minutes)
            if not crossing_is_open(c, begin) or not crossing_is_open(
                c, done - dt.timedelta(seconds=1)
            ):
                self.add(
                    "border",
                    index,
                    c.id,
                    message(
                        C_BORDER_HOURS,
                        crossing=c.name,
                        begin=local_time(begin, c.timezone).time(),
                        end=local_time(done, c.timezone).time(),
                    ),
                )
        return max(0.0, driving)

    def lunch(self, index: int, day: Day) -> None:
        r = self.req
        if not r.lunch_minutes:
            return
        if day.lunch is None:
            self.add("lunch", index, "", message(C_NO_LUNCH))
            return
        begin, end, place = day.lunch
        if place not in self.net.sites:
            self.add("lunch", index, place, message(C_LUNCH_UNKNOWN, site=place))
            return
        earliest = dt.datetime.combine(day.date, r.lunch_start)
        latest = dt.datetime.combine(day.date, r.lunch_end)
        if not earliest - TOLERANCE <= begin <= latest + TOLERANCE:
            self.add(
                "lunch",
                index,
                place,
                message(
                    C_LUNCH_TIME, begin=begin.time(), earliest=r.lunch_start, latest=r.lunch_end
                ),
            )
        if end - begin + TOLERANCE < dt.timedelta(minutes=r.lunch_minutes):
            self.add("lunch", index, place, message(C_LUNCH_SHORT, minutes=r.lunch_minutes))
        site = self.net.site(place)
        if not site.serves_food:
            self.add("lunch-food", index, place, message(C_LUNCH_NO_FOOD, site=place))
            return
        hours, country = site.opening_hours, _holidays(site.country)
        if not is_open(hours, begin, country=country) or not is_open(
            hours, end - dt.timedelta(seconds=1), country=country
        ):
            self.add(
                "lunch-food",
                index,
                place,
                message(C_LUNCH_CLOSED, site=place, begin=begin.time(), end=end.time()),
            )


def check_itinerary(
    itinerary: Itinerary,
    *,
    network: Network | None = None,
    must_visit: bool = True,
    day_rules: bool = True,
) -> list[Violation]:
    """Return every rule ``itinerary`` breaks (an empty list: it is feasible).

    Parameters
    ----------
    itinerary
        The itinerary to check (from :func:`tourlink.plan` or built by hand).
    network
        The network to recompute drives on (default: the shipped data).
    must_visit
        Whether unvisited must-visit sites count as violations.
    day_rules
        Whether the rules of a tourist's day (pace, sights only, lunch at a food
        place, daylight, variety) are checked; a package chained from published tours
        follows its tours' own programme instead.

    Returns
    -------
    list of Violation
        In the order found: trip-level first, then day by day.

    Raises
    ------
    UnknownSiteError
        If the itinerary names a place the network does not know (an itinerary made on
        other data).

    Examples
    --------
    >>> import datetime as dt
    >>> from tourlink.planner.plan import plan
    >>> from tourlink.itinerary import TripRequest
    >>> trip = plan(TripRequest("kon-tum-city-centre", dt.date(2026, 3, 3), 1))
    >>> check_itinerary(trip)
    []
    """
    if network is None:
        from tourlink.read import load_network

        network = load_network()
    return _Checker(itinerary, network).run(must_visit, day_rules)
