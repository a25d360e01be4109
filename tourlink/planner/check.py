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

This module checks the trip, each day's window, overnight place and visits; the drives,
modes and border crossings are checked in :mod:`~tourlink.planner.check_drive`, the lunch
in :mod:`~tourlink.planner.check_lunch`, on the state shared in
:mod:`~tourlink.planner.check_common`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from tourlink.hours import intervals, is_open
from tourlink.itinerary import Day, Itinerary
from tourlink.messages import define, message
from tourlink.planner.check_common import TOLERANCE, Violation, holidays
from tourlink.planner.check_day import check_day_rules
from tourlink.planner.check_drive import DriveChecks
from tourlink.planner.check_lunch import LunchChecks

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = ["TOLERANCE", "Violation", "check_itinerary"]

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


class _Checker(DriveChecks, LunchChecks):
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
        if not is_open(site.opening_hours, start, country=holidays(site.country)):
            self.add(
                "hours",
                index,
                site_id,
                message(C_CLOSED, site=site_id, start=start),
            )
            return
        spans = intervals(site.opening_hours, start.date(), country=holidays(site.country))
        inside = any(a <= start and end <= b + TOLERANCE for a, b in spans)
        last = end - dt.timedelta(seconds=1)
        if not inside or not is_open(site.opening_hours, last, country=holidays(site.country)):
            self.add("hours", index, site_id, message(C_CLOSES, site=site_id, end=end.time()))


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
