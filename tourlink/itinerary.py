"""Trip requests and itineraries: what an operator asks for and what the planner returns.

These frozen types are the contract between the planner, the checker, the exporters, the
command line and the web front end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from tourlink.dates import FIRST_DATE, LAST_DATE, check_date
from tourlink.exceptions import InvalidRequestError
from tourlink.model import MODES, Leg

__all__ = [
    "FIRST_DATE",
    "LAST_DATE",
    "MAX_DAYS",
    "Day",
    "Itinerary",
    "Stop",
    "TripRequest",
]

MAX_DAYS = 30


def _frozen_weights(weights: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(weights))


@dataclass(frozen=True, slots=True)
class TripRequest:
    """A trip an operator wants planned.

    Attributes
    ----------
    start, end
        Site ids of the first departure and the last arrival; ``end=None`` means a round
        trip back to ``start``.
    start_date
        Date of the first day (local time), from :data:`FIRST_DATE` to :data:`LAST_DATE`.
    days
        Number of days, 1 to :data:`MAX_DAYS`.
    day_start, day_end
        The daily window: the group leaves no earlier than ``day_start`` and has arrived
        at its overnight place by ``day_end``.
    lunch_start, lunch_end, lunch_minutes
        The lunch break starts within ``[lunch_start, lunch_end]`` and lasts
        ``lunch_minutes``; ``lunch_minutes=0`` disables it.
    max_drive_minutes
        Longest total driving time per day.
    mode
        ``"car"``, ``"motorbike"`` or ``"coach"``.
    interests
        Weight per category (e.g. ``{"nature": 2.0, "history": 1.0}``); a site's value is
        its interest score times the best weight among its categories (1.0 when empty).
    must_visit, avoid
        Site ids to include at all costs, and to leave out.
    pace
        Multiplier on visit durations (``1.5`` = a slow group).
    passports
        Whether every traveller holds a passport valid for the border crossing.
    vehicle_papers
        Whether the vehicle holds the cross-border permit (otherwise the group changes
        vehicles at the gate is not modelled: routes across the border are refused).
    avoid_risky_roads
        Avoid segments with a seasonal risk in the trip's months.

    Examples
    --------
    >>> import datetime as dt
    >>> trip = TripRequest("kon-tum-city-centre", dt.date(2027, 3, 2), 3, mode="car",
    ...                    interests={"nature": 2.0})
    >>> trip.days, trip.interests["nature"]
    (3, 2.0)
    """

    start: str
    start_date: dt.date
    days: int
    end: str | None = None
    day_start: dt.time = dt.time(7, 30)
    day_end: dt.time = dt.time(18, 30)
    lunch_start: dt.time = dt.time(11, 0)
    lunch_end: dt.time = dt.time(13, 0)
    lunch_minutes: int = 60
    max_drive_minutes: int = 360
    mode: str = "car"
    interests: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    must_visit: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    pace: float = 1.0
    passports: bool = True
    vehicle_papers: bool = True
    avoid_risky_roads: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "interests", _frozen_weights(self.interests))
        object.__setattr__(self, "must_visit", tuple(self.must_visit))
        object.__setattr__(self, "avoid", tuple(self.avoid))
        check_date("start_date", self.start_date)
        if not 1 <= self.days <= MAX_DAYS:
            raise InvalidRequestError(
                f"`days` must be between 1 and {MAX_DAYS}, got {self.days}.", field="days"
            )
        if self.mode not in MODES:
            raise InvalidRequestError(
                f"`mode` must be one of {', '.join(MODES)}, got {self.mode!r}.", field="mode"
            )
        if self.day_end <= self.day_start:
            raise InvalidRequestError(
                f"`day_end` must be after `day_start` ({self.day_start:%H:%M}), "
                f"got {self.day_end:%H:%M}.",
                field="day_end",
            )
        if self.lunch_minutes < 0 or self.lunch_minutes > 240:
            raise InvalidRequestError(
                f"`lunch_minutes` must be between 0 and 240, got {self.lunch_minutes}.",
                field="lunch_minutes",
            )
        if self.lunch_minutes and self.lunch_end < self.lunch_start:
            raise InvalidRequestError(
                f"`lunch_end` must not be before `lunch_start` ({self.lunch_start:%H:%M}), "
                f"got {self.lunch_end:%H:%M}.",
                field="lunch_end",
            )
        if not 30 <= self.max_drive_minutes <= 24 * 60:
            raise InvalidRequestError(
                f"`max_drive_minutes` must be between 30 and 1440, got {self.max_drive_minutes}.",
                field="max_drive_minutes",
            )
        if not 0.25 <= self.pace <= 4.0:
            raise InvalidRequestError(
                f"`pace` must be between 0.25 and 4, got {self.pace}.", field="pace"
            )
        bad = {k: v for k, v in self.interests.items() if not 0.0 <= v <= 10.0}
        if bad:
            raise InvalidRequestError(
                f"`interests` weights must be between 0 and 10, got {bad}.", field="interests"
            )
        clash = sorted(set(self.must_visit) & set(self.avoid))
        if clash:
            raise InvalidRequestError(
                f"`must_visit` and `avoid` both name {clash}; a site can only be in one.",
                field="must_visit",
            )

    @property
    def end_site(self) -> str:
        """Return the site id where the trip ends (``start`` for a round trip)."""
        return self.end if self.end is not None else self.start

    @property
    def dates(self) -> tuple[dt.date, ...]:
        """Return the calendar date of each day."""
        return tuple(self.start_date + dt.timedelta(days=i) for i in range(self.days))


@dataclass(frozen=True, slots=True)
class Stop:
    """One visit in a day: when the group arrives, starts the visit and leaves.

    ``arrive <= start <= depart``; ``start - arrive`` is waiting (e.g. for opening time).

    Examples
    --------
    >>> import datetime as dt
    >>> at = dt.datetime(2027, 3, 2, 9, 0)
    >>> stop = Stop("kon-tum-wooden-church", at, at, at + dt.timedelta(minutes=45))
    >>> stop.depart - stop.start
    datetime.timedelta(seconds=2700)
    """

    site: str
    arrive: dt.datetime
    start: dt.datetime
    depart: dt.datetime
    score: float = 0.0
    note: str = ""

    def __post_init__(self) -> None:
        if not self.arrive <= self.start <= self.depart:
            raise ValueError(
                f"Stop {self.site!r}: times must satisfy arrive <= start <= depart, got "
                f"{self.arrive:%H:%M}, {self.start:%H:%M}, {self.depart:%H:%M}."
            )


@dataclass(frozen=True, slots=True)
class Day:
    """One day of an itinerary.

    Attributes
    ----------
    date
        Calendar date.
    start_site
        Where the day begins (the previous night's place, or the trip start).
    depart
        When the group leaves ``start_site``.
    stops
        Ordered visits.
    overnight
        Site id where the night is spent (the trip's end site on the last day).
    arrive
        Arrival at ``overnight``.
    drives
        One tuple of road legs per drive, ``len(stops) + 1`` entries: ``drives[i]`` leads
        into ``stops[i]`` and ``drives[-1]`` to ``overnight`` (empty when no driving).
    lunch
        ``(start, end)`` of the lunch break and the site id it is taken at, or ``None``.
    km, drive_minutes
        Day totals.
    notes
        Explanations (why the night is spent here, waits, …).
    crossings
        Ids of the border crossings passed that day.

    Examples
    --------
    >>> import datetime as dt
    >>> from tourlink.planner.plan import plan
    >>> day = plan(TripRequest("kon-tum-city-centre", dt.date(2027, 3, 2), 1)).days[0]
    >>> day.date, day.depart <= day.arrive
    (datetime.date(2027, 3, 2), True)
    """

    date: dt.date
    start_site: str
    depart: dt.datetime
    stops: tuple[Stop, ...]
    overnight: str
    arrive: dt.datetime
    drives: tuple[tuple[Leg, ...], ...]
    km: float
    drive_minutes: float
    lunch: tuple[dt.datetime, dt.datetime, str] | None = None
    notes: tuple[str, ...] = ()
    crossings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Itinerary:
    """A planned multi-day trip.

    Attributes
    ----------
    request
        The request it answers.
    days
        One :class:`Day` per day.
    score
        Sum of the visited sites' values.
    km, drive_minutes
        Totals.
    fees
        Entrance fees per currency (per person).
    warnings
        Plain-language warnings and explanations (unmet must-visits, closures, border
        documents, assumptions the trip depends on).

    Examples
    --------
    >>> import datetime as dt
    >>> from tourlink.planner.plan import plan
    >>> itinerary = plan(TripRequest("kon-tum-city-centre", dt.date(2027, 3, 2), 1))
    >>> len(itinerary.days), itinerary.days[0].date
    (1, datetime.date(2027, 3, 2))
    """

    request: TripRequest
    days: tuple[Day, ...]
    score: float
    km: float
    drive_minutes: float
    fees: Mapping[str, float]
    warnings: tuple[str, ...] = ()

    @property
    def visited(self) -> tuple[str, ...]:
        """Return the visited site ids in order."""
        return tuple(stop.site for day in self.days for stop in day.stops)

    def summary(self) -> str:
        """Return a one-line description: days, dates, visits, km, driving time, score.

        Examples
        --------
        >>> trip = Itinerary(TripRequest("kon-tum-city-centre", dt.date(2026, 3, 2), 2),
        ...                  (), score=14.5, km=212.34, drive_minutes=275.6, fees={})
        >>> head, tail = trip.summary().split(": ")
        >>> head
        '2-day trip by car from kon-tum-city-centre, 2026-03-02 to 2026-03-03'
        >>> tail
        '0 visits, 212.3 km, 4 h 36 min driving, score 14.5'
        """
        r = self.request
        visits = len(self.visited)
        total = round(self.drive_minutes)
        return (
            f"{r.days}-day trip by {r.mode} from {r.start}, {r.dates[0].isoformat()} to "
            f"{r.dates[-1].isoformat()}: {visits} visit{'' if visits == 1 else 's'}, "
            f"{self.km:.1f} km, {total // 60} h {total % 60:02d} min driving, "
            f"score {self.score:.1f}"
        )

    def __str__(self) -> str:
        """Return :meth:`summary` followed by one line per day and the warnings."""
        lines = [self.summary()]
        for number, day in enumerate(self.days, start=1):
            visits = ", ".join(stop.site for stop in day.stops) or "no visits"
            lines.append(
                f"  day {number} {day.date.isoformat()}: {day.start_site} → "
                f"{day.overnight} ({visits}; {day.km:.1f} km)"
            )
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)
