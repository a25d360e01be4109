"""Independent feasibility checker of itineraries.

Nothing of the planner's bookkeeping is reused: every drive is recomputed from the
network with :func:`tourlink.routing.route` (departing when the itinerary says the group
leaves), opening hours are evaluated by date with :mod:`tourlink.hours`, and the request's
rules (daily window, lunch, driving limit, overnight places, border, mode, avoided and
must-visit sites) are checked one by one. An empty list means the itinerary is feasible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tourlink.exceptions import NoRouteError
from tourlink.hours import crossing_is_open, intervals, is_open, local_time
from tourlink.itinerary import Day, Itinerary, TripRequest
from tourlink.model import Route
from tourlink.routing import route

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = ["TOLERANCE", "Violation", "check_itinerary"]

TOLERANCE = dt.timedelta(seconds=59)
"""Slack for times printed to the minute."""
_HOLIDAYS = frozenset({"VN"})  # countries whose public holidays opening-hours-py knows


def _holidays(country: str) -> str | None:
    return country if country in _HOLIDAYS else None


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule: its kind, the day (0-based, ``None``: whole trip), site and text."""

    kind: str
    day: int | None
    site: str
    message: str

    def __str__(self) -> str:
        where = "trip" if self.day is None else f"day {self.day + 1}"
        return f"{where}: {self.message}"


class _Checker:
    def __init__(self, itinerary: Itinerary, network: Network) -> None:
        self.it = itinerary
        self.req: TripRequest = itinerary.request
        self.net = network
        self.out: list[Violation] = []

    def add(self, kind: str, day: int | None, site: str, message: str) -> None:
        self.out.append(Violation(kind, day, site, message))

    def run(self, must_visit: bool) -> list[Violation]:
        self.trip()
        for index, day in enumerate(self.it.days):
            self.day(index, day)
        if must_visit:
            visited = set(self.it.visited)
            for site_id in self.req.must_visit:
                if site_id not in visited:
                    self.add("must-visit", None, site_id, f"must-visit {site_id!r} is not visited")
        return self.out

    def trip(self) -> None:
        r, days = self.req, self.it.days
        if len(days) != r.days:
            self.add("days", None, "", f"{len(days)} days planned for a {r.days}-day request")
        for index, (day, date) in enumerate(zip(days, r.dates, strict=False)):
            if day.date != date:
                self.add("date", index, "", f"day dated {day.date}, expected {date}")
            expected = r.start if index == 0 else days[index - 1].overnight
            if day.start_site != expected:
                self.add(
                    "continuity",
                    index,
                    day.start_site,
                    f"starts at {day.start_site!r}, expected {expected!r}",
                )
        if days and days[-1].overnight != r.end_site:
            self.add(
                "end",
                len(days) - 1,
                days[-1].overnight,
                f"ends at {days[-1].overnight!r}, expected {r.end_site!r}",
            )
        seen: set[str] = set()
        for index, day in enumerate(days):
            for stop in day.stops:
                if stop.site in seen:
                    self.add("repeat", index, stop.site, f"{stop.site!r} is visited twice")
                seen.add(stop.site)
                if stop.site in r.avoid:
                    self.add("avoid", index, stop.site, f"{stop.site!r} is on the avoid list")

    def day(self, index: int, day: Day) -> None:
        r = self.req
        low = dt.datetime.combine(day.date, r.day_start)
        high = dt.datetime.combine(day.date, r.day_end)
        if day.depart < low - TOLERANCE:
            self.add(
                "window",
                index,
                day.start_site,
                f"leaves at {day.depart:%H:%M}, before the day starts at {r.day_start:%H:%M}",
            )
        if day.arrive > high + TOLERANCE:
            self.add(
                "window",
                index,
                day.overnight,
                f"arrives at {day.arrive:%H:%M}, after the day ends at {r.day_end:%H:%M}",
            )
        if index < len(self.it.days) - 1 and not self.net.site(day.overnight).overnight:
            self.add(
                "overnight",
                index,
                day.overnight,
                f"the night is spent at {day.overnight!r}, where groups cannot stay",
            )
        for stop in day.stops:
            self.visit(index, stop.site, stop.start, stop.depart, day)
        driving = self.drives(index, day)
        if driving > r.max_drive_minutes + 0.5:
            self.add(
                "driving",
                index,
                "",
                f"{driving:.0f} min of driving, over the {r.max_drive_minutes}-min limit",
            )
        self.lunch(index, day)

    def visit(
        self, index: int, site_id: str, start: dt.datetime, depart: dt.datetime, day: Day
    ) -> None:
        try:
            site = self.net.site(site_id)
        except LookupError:
            self.add("site", index, site_id, f"{site_id!r} is not in the catalogue")
            return
        end = start + dt.timedelta(minutes=site.visit_minutes * self.req.pace)
        lunch = self._lunch_minutes_in(day, site_id, start, depart)
        if depart + TOLERANCE < end + dt.timedelta(minutes=lunch):
            self.add(
                "visit",
                index,
                site_id,
                f"leaves {site_id!r} at {depart:%H:%M}, before its visit ends at {end:%H:%M}",
            )
        if not is_open(site.opening_hours, start, country=_holidays(site.country)):
            self.add(
                "hours",
                index,
                site_id,
                f"{site_id!r} is closed at the visit start {start:%a %Y-%m-%d %H:%M}",
            )
            return
        spans = intervals(site.opening_hours, start.date(), country=_holidays(site.country))
        inside = any(a <= start and end <= b + TOLERANCE for a, b in spans)
        last = end - dt.timedelta(seconds=1)
        if not inside or not is_open(site.opening_hours, last, country=_holidays(site.country)):
            self.add(
                "hours", index, site_id, f"{site_id!r} closes before the visit ends at {end:%H:%M}"
            )

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
        if end <= start - TOLERANCE or begin >= depart + TOLERANCE:
            return 0.0
        return (end - begin).total_seconds() / 60.0

    def drives(self, index: int, day: Day) -> float:
        places = [day.start_site, *(s.site for s in day.stops), day.overnight]
        leaves = [day.depart, *(s.depart for s in day.stops)]
        arrivals = [*(s.arrive for s in day.stops), day.arrive]
        total = 0.0
        for a, b, leave, arrive in zip(places, places[1:], leaves, arrivals, strict=False):
            try:
                leg = route(a, b, mode=self.req.mode, depart=leave, network=self.net)
            except NoRouteError as exc:
                self.add("road", index, b, str(exc))
                continue
            total += self.border(index, leg)
            reached = leg.arrive if leg.arrive is not None else leave
            reached = local_time(reached, self.net.site(b).timezone)
            gate_lunch = self._gate_lunch(day, leg)
            if arrive + TOLERANCE < reached + dt.timedelta(minutes=gate_lunch):
                self.add(
                    "travel",
                    index,
                    b,
                    f"arrives at {b!r} at {arrive:%H:%M}, but the {self.req.mode} cannot "
                    f"be there before {reached:%H:%M}",
                )
            self.modes(index, leg)
        return total

    def _at_gate(self, place: str, crossings: Iterable[str]) -> bool:
        """Return whether ``place`` is one of ``crossings`` or a site at one of their ends."""
        for crossing_id in crossings:
            c = self.net.dataset.crossings[crossing_id]
            access = self.net.dataset.access.get(place)
            if place == c.id or (access is not None and access.node in (c.source, c.target)):
                return True
        return False

    def _gate_lunch(self, day: Day, leg: Route) -> float:
        """Return the lunch minutes taken at a gate on ``leg`` (not during a visit there)."""
        if day.lunch is None or day.lunch[2] in {day.start_site, *(t.site for t in day.stops)}:
            return 0.0
        if not self._at_gate(day.lunch[2], [p.crossing.id for p in leg.crossings]):
            return 0.0
        return (day.lunch[1] - day.lunch[0]).total_seconds() / 60.0

    def modes(self, index: int, leg: Route) -> None:
        for u, v in zip(leg.nodes, leg.nodes[1:], strict=False):
            data = self.net.G[u][v]
            if self.req.mode not in data["modes"]:
                self.add("mode", index, v, f"{self.req.mode} may not use {data['road']}")

    def border(self, index: int, leg: Route) -> float:
        """Check the crossings of ``leg``; return its driving minutes."""
        driving = leg.minutes
        r = self.req
        for p in leg.crossings:
            c = p.crossing
            driving -= c.formalities_minutes + p.waited_minutes
            if not (r.passports and r.vehicle_papers):
                self.add(
                    "papers", index, c.id, f"crosses {c.name} without passports or vehicle papers"
                )
            if not c.open_to_tourists:
                self.add("border", index, c.id, f"{c.name} is closed to tourists")
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
                    f"formalities at {c.name} from {local_time(begin, c.timezone):%H:%M} "
                    f"to {local_time(done, c.timezone):%H:%M} fall outside its hours",
                )
        return max(0.0, driving)

    def lunch(self, index: int, day: Day) -> None:
        r = self.req
        if not r.lunch_minutes:
            return
        if day.lunch is None:
            self.add("lunch", index, "", "no lunch break is planned")
            return
        begin, end, place = day.lunch
        if place not in self.net.sites:
            crossing = self.net.dataset.crossings.get(place)
            what = f"the border crossing {crossing.name}" if crossing else "not a known place"
            self.add(
                "lunch",
                index,
                place,
                f"lunch is taken at {place!r} ({what}), which is not a site of the "
                "catalogue; lunch must be at a site",
            )
            return
        earliest = dt.datetime.combine(day.date, r.lunch_start)
        latest = dt.datetime.combine(day.date, r.lunch_end)
        if not earliest - TOLERANCE <= begin <= latest + TOLERANCE:
            self.add(
                "lunch",
                index,
                place,
                f"lunch starts at {begin:%H:%M}, outside {r.lunch_start:%H:%M}–{r.lunch_end:%H:%M}",
            )
        if end - begin + TOLERANCE < dt.timedelta(minutes=r.lunch_minutes):
            self.add("lunch", index, place, f"lunch lasts less than {r.lunch_minutes} min")
        self._lunch_place(index, day, begin, end, place)

    def _lunch_place(
        self, index: int, day: Day, begin: dt.datetime, end: dt.datetime, place: str
    ) -> None:
        if (
            place == day.start_site
            and end <= day.depart + TOLERANCE
            and (not day.stops or place != day.stops[0].site)
        ):
            return
        for stop in day.stops:
            if stop.site == place:
                visit_end = stop.start + dt.timedelta(
                    minutes=self.net.site(place).visit_minutes * self.req.pace
                )
                if (visit_end - TOLERANCE <= begin and end <= stop.depart + TOLERANCE) or (
                    stop.arrive - TOLERANCE <= begin and end <= stop.start + TOLERANCE
                ):
                    return
        if self._at_gate(place, day.crossings):
            return  # at the gate: the drive through it was checked to leave room for lunch
        self.add(
            "lunch",
            index,
            place,
            f"lunch {begin:%H:%M}–{end:%H:%M} at {place!r} overlaps a visit or a drive",
        )


def check_itinerary(
    itinerary: Itinerary, *, network: Network | None = None, must_visit: bool = True
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
    return _Checker(itinerary, network).run(must_visit)
