"""The independent checker's lunch rules: when, how long, where, and open then."""

from __future__ import annotations

import datetime as dt

from tourlink.hours import is_open
from tourlink.itinerary import Day
from tourlink.messages import define, message
from tourlink.planner.check_common import TOLERANCE, CheckerBase, holidays

__all__ = ["LunchChecks"]

C_NO_LUNCH = define("check.no-lunch", "no lunch break is planned")
C_LUNCH_UNKNOWN = define(
    "check.lunch-unknown", "lunch is taken at {site}, which is not a site of the catalogue"
)
C_LUNCH_TIME = define("check.lunch-time", "lunch starts at {begin}, outside {earliest}–{latest}")
C_LUNCH_SHORT = define("check.lunch-short", "lunch lasts less than {minutes} min")
C_LUNCH_NO_FOOD = define("check.lunch-no-food", "lunch is taken at {site}, which serves no food")
C_LUNCH_CLOSED = define(
    "check.lunch-closed", "lunch {begin}–{end} at {site} falls outside its opening hours"
)


class LunchChecks(CheckerBase):
    """Checks of the day's lunch break."""

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

    def lunch(self, index: int, day: Day) -> None:
        """Check the lunch of ``day``: planned, in its window, long enough, food, hours."""
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
        hours, country = site.opening_hours, holidays(site.country)
        if not is_open(hours, begin, country=country) or not is_open(
            hours, end - dt.timedelta(seconds=1), country=country
        ):
            self.add(
                "lunch-food",
                index,
                place,
                message(C_LUNCH_CLOSED, site=place, begin=begin.time(), end=end.time()),
            )
