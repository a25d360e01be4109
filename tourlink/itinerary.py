"""Trip requests and itineraries: what an operator asks for and what the planner returns.

These frozen types are the contract between the planner, the checker, the exporters, the
command line and the web front end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from tourlink.dates import FIRST_DATE, LAST_DATE, check_date
from tourlink.exceptions import InvalidRequestError
from tourlink.messages import Message, define, message
from tourlink.model import MODES, Leg
from tourlink.texts import ONE_OF, bad_value, field_ref

__all__ = [
    "FIRST_DATE",
    "LAST_DATE",
    "MAX_DAYS",
    "PACE_PROFILES",
    "TEXT",
    "Day",
    "Itinerary",
    "PaceProfile",
    "Stop",
    "TripRequest",
    "as_messages",
]

MAX_DAYS = 30

TEXT = define("text", "{text}")
"""A sentence made elsewhere without a code of its own (kept as it is, never translated)."""


def as_messages(items: Iterable[Message | str]) -> tuple[Message, ...]:
    """Return ``items`` as messages: strings are wrapped in the untranslated :data:`TEXT` code.

    Examples
    --------
    >>> [m.code for m in as_messages(["Bring cash."])]
    ['text']
    """
    return tuple(i if isinstance(i, Message) else message(TEXT, text=str(i)) for i in items)


BETWEEN = define("expected.between", "between {low} and {high}")
TOO_LATE = define(
    "request.too-late",
    "{field}: a {days}-day trip from {start} would end on {last}, after the last date "
    "planned, {final}.",
)
AFTER = define("request.after", "{field} must be after {other} ({time}), got {value}.")
NOT_BEFORE = define(
    "request.not-before", "{field} must not be before {other} ({time}), got {value}."
)
WEIGHTS_RANGE = define(
    "request.weights-range", "{field} weights must be between 0 and 10, got {weights}."
)
BOTH_NAMED = define(
    "request.both-named", "{field} and {other} both name {ids}; a site can only be in one."
)


def _check_range(name: str, value: float, low: float, high: float) -> None:
    """Refuse ``value`` of field ``name`` unless ``low <= value <= high``."""
    if not low <= value <= high:
        said = message(BETWEEN, low=f"{low:g}", high=f"{high:g}")
        raise InvalidRequestError(bad_value(name, value, said), field=name)


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    """Refuse ``value`` of field ``name`` unless it is one of ``choices``."""
    if value not in choices:
        said = message(ONE_OF, choices=", ".join(choices))
        raise InvalidRequestError(bad_value(name, value, said), field=name)


def _refuse_order(code: str, name: str, other: str, bound: dt.time, value: dt.time) -> None:
    """Refuse the time ``value`` of field ``name`` for its order against field ``other``."""
    said = message(
        code,
        field=field_ref(name),
        other=field_ref(other),
        time=f"{bound:%H:%M}",
        value=f"{value:%H:%M}",
    )
    raise InvalidRequestError(said, field=name)


@dataclass(frozen=True, slots=True)
class PaceProfile:
    """How much a group does in a day.

    At most ``visits`` sightseeing visits and ``active_minutes`` from leaving the
    night's place to arriving at the next.

    ``category_visits`` bounds visits of one main category (the first of a site's
    categories) on one day, so that a day does not become four waterfalls in a row.
    """

    name: str
    visits: int
    active_minutes: int
    category_visits: int


PACE_PROFILES: Mapping[str, PaceProfile] = MappingProxyType(
    {
        "relaxed": PaceProfile("relaxed", 4, 8 * 60, 2),
        "standard": PaceProfile("standard", 6, 9 * 60, 2),
        "intensive": PaceProfile("intensive", 8, 10 * 60 + 30, 3),
    }
)
"""The pace profiles (see ``docs/planner.md`` for the reasons behind each figure)."""


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
    pace_profile
        ``"relaxed"``, ``"standard"`` or ``"intensive"`` (:data:`PACE_PROFILES`): the
        sightseeing visits per day and the active day (leaving the night's place to
        arriving at the next) an operator would sell.
    max_visits
        Override of the profile's visits per day, or ``None``.
    max_active_minutes
        Override of the profile's active day in minutes, or ``None``.
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
    pace_profile: str = "standard"
    max_visits: int | None = None
    max_active_minutes: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "interests", _frozen_weights(self.interests))
        object.__setattr__(self, "must_visit", tuple(self.must_visit))
        object.__setattr__(self, "avoid", tuple(self.avoid))
        check_date("start_date", self.start_date)
        _check_range("days", self.days, 1, MAX_DAYS)
        last = self.start_date + dt.timedelta(days=self.days - 1)
        if last > LAST_DATE:
            said = message(
                TOO_LATE,
                field=field_ref("days"),
                days=str(self.days),
                start=self.start_date.isoformat(),
                last=last.isoformat(),
                final=LAST_DATE.isoformat(),
            )
            raise InvalidRequestError(said, field="days")
        _check_choice("mode", self.mode, MODES)
        if self.day_end <= self.day_start:
            _refuse_order(AFTER, "day_end", "day_start", self.day_start, self.day_end)
        _check_range("lunch_minutes", self.lunch_minutes, 0, 240)
        if self.lunch_minutes and self.lunch_end < self.lunch_start:
            _refuse_order(NOT_BEFORE, "lunch_end", "lunch_start", self.lunch_start, self.lunch_end)
        _check_range("max_drive_minutes", self.max_drive_minutes, 30, 24 * 60)
        _check_range("pace", self.pace, 0.25, 4)
        bad = {k: v for k, v in self.interests.items() if not 0.0 <= v <= 10.0}
        if bad:
            said = message(WEIGHTS_RANGE, field=field_ref("interests"), weights=str(bad))
            raise InvalidRequestError(said, field="interests")
        self._check_pace()
        clash = sorted(set(self.must_visit) & set(self.avoid))
        if clash:
            said = message(
                BOTH_NAMED, field=field_ref("must_visit"), other=field_ref("avoid"), ids=str(clash)
            )
            raise InvalidRequestError(said, field="must_visit")

    def _check_pace(self) -> None:
        _check_choice("pace_profile", self.pace_profile, tuple(PACE_PROFILES))
        if self.max_visits is not None:
            _check_range("max_visits", self.max_visits, 1, 20)
        if self.max_active_minutes is not None:
            _check_range("max_active_minutes", self.max_active_minutes, 120, 1440)

    @property
    def profile(self) -> PaceProfile:
        """Return the pace profile with the request's overrides applied.

        Examples
        --------
        >>> r = TripRequest("a", dt.date(2026, 3, 2), 1, max_visits=3)
        >>> r.profile.visits, r.profile.active_minutes
        (3, 540)
        """
        base = PACE_PROFILES[self.pace_profile]
        return PaceProfile(
            base.name,
            self.max_visits if self.max_visits is not None else base.visits,
            self.max_active_minutes if self.max_active_minutes is not None else base.active_minutes,
            base.category_visits,
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
        Explanations (why the night is spent here, the pace, lunch, daylight …) as
        :class:`~tourlink.messages.Message`; strings given are wrapped in :data:`TEXT`.
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
    notes: tuple[Message, ...] = ()
    crossings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "notes", as_messages(self.notes))


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
        Warnings and explanations (unmet must-visits, closures, border documents,
        assumptions the trip depends on) as :class:`~tourlink.messages.Message`;
        strings given are wrapped in :data:`TEXT`.

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
    warnings: tuple[Message, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "warnings", as_messages(self.warnings))

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
