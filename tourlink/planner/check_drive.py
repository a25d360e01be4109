"""The independent checker's drives: every drive recomputed, modes and border crossings.

Each hop between the day's places (a lunch detour included) is routed again with
:func:`tourlink.routing.route`, departing when the itinerary says the group leaves; a
walked hop is recomputed along the streets instead (:mod:`~tourlink.planner.check_walk`).
"""

from __future__ import annotations

import datetime as dt
import itertools

from tourlink.exceptions import NoRouteError
from tourlink.hours import crossing_is_open, local_time
from tourlink.itinerary import TEXT, Day
from tourlink.messages import define, message
from tourlink.model import Route
from tourlink.planner.check_common import TOLERANCE, CheckerBase, Point, Violation
from tourlink.planner.check_walk import check_walk, walked_hops
from tourlink.routing import route

__all__ = ["DriveChecks"]

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
C_LUNCH_OVERLAP = define(
    "check.lunch-overlap", "lunch {begin}–{end} at {site} overlaps a visit or a drive"
)


class DriveChecks(CheckerBase):
    """Checks of the day's drives: arrival times, modes on each road, border crossings."""

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

    def waypoints(self, index: int, day: Day) -> list[Point]:
        """Return the day's places with arrival and departure, a lunch detour included.

        Lunch taken at the start before leaving, or at a stop while there, is no
        detour; lunch anywhere else must fit between leaving one place and arriving
        at the next, and the drives through it are checked.
        """
        points: list[Point] = [
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
        """Flag every road of ``leg`` the request's mode may not use."""
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
