"""Transfers between tours: routed, timed and checked, or refused with the reason.

A transfer brings the group from where it is free (the end of a tour, or the trip's
origin) to where the next tour departs. It drives on a morning (at ``day_start``) or,
right after a tour, the same evening; it must arrive by ``day_end`` that day and at
least ``buffer`` before the departure, pass every border gate open that day at that
hour (with its formalities), by a mode the roads and gates allow. Nights spent waiting
must be at a place where groups can stay. The papers the gates ask for are collected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tourlink.connect.texts import because
from tourlink.exceptions import NoRouteError
from tourlink.hours import local_time
from tourlink.messages import Message, Param, Ref, define, message
from tourlink.model import Route
from tourlink.texts import MODE_NAMES

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = ["Transfer", "TransferRules", "Transfers"]

#: Most transfers remembered before the caches are emptied (a server reuses them).
_MAX_CACHED = 200_000
#: A reason made into a :class:`Message` only when it is the one given.
Reason = Callable[[], Message]

NO_ROAD = define("connect.no-road", "No road joins {origin} and {destination} by {mode}: {reason}")
ARRIVES_LATE = define(
    "connect.arrives-late",
    "The transfer from {origin} to {destination} leaving at {leave} arrives only at "
    "{arrive}, after the day ends at {day_end}.",
)
GATE_WAIT = define("connect.gate-wait", "{reason} ({gate})")
TOO_LATE_FOR_DEPARTURE = define(
    "connect.too-late-for-departure",
    "The transfer from {origin} to {destination} arrives at {arrive}, less than "
    "{buffer} minutes before the departure at {depart}.",
)
CANNOT_WAIT = define(
    "connect.cannot-wait",
    "The group would have to spend the night at {site}, which is not a place where "
    "groups can stay.",
)
NO_DAY = define(
    "connect.no-transfer-day",
    "There is no day between {free} and {depart} to drive from {origin} to {destination}.",
)


@dataclass(frozen=True, slots=True)
class TransferRules:
    """How transfers are made: mode, daily window and the buffer before a departure."""

    mode: str = "car"
    day_start: dt.time = dt.time(7, 30)
    day_end: dt.time = dt.time(18, 30)
    buffer_minutes: int = 60

    def __post_init__(self) -> None:
        if self.day_end <= self.day_start:
            raise ValueError(
                f"TransferRules: day_end must be after day_start, got "
                f"{self.day_start:%H:%M}-{self.day_end:%H:%M}."
            )
        if self.buffer_minutes < 0:
            raise ValueError(
                f"TransferRules: buffer_minutes must be >= 0, got {self.buffer_minutes}."
            )


@dataclass(frozen=True, slots=True)
class Transfer:
    """A checked transfer (``leave is None``: the group stays where it is).

    Attributes
    ----------
    origin, destination
        Where it starts and ends.
    leave, arrive
        Local times of the drive, ``None`` when there is no drive.
    minutes, km
        The drive (with border formalities and gate waits).
    evening
        Whether it drives right after a tour, the same day.
    crossings
        Ids of the border crossings passed.
    papers
        Documents the gates ask of travellers and vehicles.
    warnings
        The route's warnings (assumptions, seasonal risks, gate waits).
    """

    origin: str
    destination: str
    leave: dt.datetime | None = None
    arrive: dt.datetime | None = None
    minutes: float = 0.0
    km: float = 0.0
    evening: bool = False
    crossings: tuple[str, ...] = ()
    papers: tuple[str, ...] = ()
    warnings: tuple[Message, ...] = ()


def _papers(leg: Route) -> tuple[str, ...]:
    docs = (
        d
        for p in leg.crossings
        for d in (*p.crossing.traveller_documents, *p.crossing.vehicle_documents)
    )
    return tuple(dict.fromkeys(docs))


@dataclass
class Transfers:
    """Plan transfers on one network under one set of rules, caching every route."""

    net: Network
    rules: TransferRules = field(default_factory=TransferRules)
    _static: dict[tuple[str, str], Route | Message] = field(default_factory=dict)
    _timed: dict[tuple[str, str, dt.datetime], Route] = field(default_factory=dict)
    _drives: dict[tuple[str, str, dt.datetime, bool], Transfer | Message | Reason] = field(
        default_factory=dict
    )
    _plans: dict[tuple[object, ...], Transfer | Message] = field(default_factory=dict)
    _times: dict[tuple[dt.date, bool], dt.datetime] = field(default_factory=dict)

    def fits(self, network: Network, rules: TransferRules) -> bool:
        """Return whether these transfers can serve a search on ``network`` under ``rules``."""
        return self.net is network and self.rules == rules

    def at(self, date: dt.date, end: bool = False) -> dt.datetime:
        """Return ``date`` at the day's start (or end)."""
        key = (date, end)
        found = self._times.get(key)
        if found is None:
            found = self._times[key] = dt.datetime.combine(
                date, self.rules.day_end if end else self.rules.day_start
            )
        return found

    def ref(self, site_id: str) -> Ref:
        """Return a reference to ``site_id``."""
        return Ref("site", site_id, self.net.site(site_id).name)

    def lodging(self, site_id: str) -> bool:
        """Return whether groups can spend the night at ``site_id``."""
        return bool(self.net.site(site_id).overnight)

    def static(self, a: str, b: str) -> Route | Message:
        """Return the untimed route ``a → b`` or why there is none."""
        key = (a, b)
        if key not in self._static:
            from tourlink.routing import route

            try:
                self._static[key] = route(a, b, mode=self.rules.mode, network=self.net)
            except NoRouteError as exc:
                self._static[key] = message(
                    NO_ROAD,
                    origin=self.ref(a),
                    destination=self.ref(b),
                    mode=Ref(
                        "mode", self.rules.mode, MODE_NAMES.get(self.rules.mode, self.rules.mode)
                    ),
                    reason=because(exc),
                )
        return self._static[key]

    @property
    def routes(self) -> Mapping[tuple[str, str], Route | Message]:
        """Return the untimed fastest routes found so far (or why none), by (from, to)."""
        return self._static

    def timed(self, a: str, b: str, leave: dt.datetime) -> Route:
        """Return the route ``a → b`` leaving at ``leave``, waiting at gates as needed.

        The path is the fastest one (:func:`tourlink.routing.route`'s); only its timing
        depends on the hour, so it is re-timed with :func:`tourlink.routing.build_route`.
        """
        key = (a, b, leave)
        if key not in self._timed:
            from tourlink.routing import build_route

            base = self.static(a, b)
            assert isinstance(base, Route), "timed() is only asked for a pair with a road"
            tz = ZoneInfo(self.net.site(a).timezone)
            self._timed[key] = build_route(
                self.net, base.nodes, mode=self.rules.mode, depart=leave.replace(tzinfo=tz)
            )
        return self._timed[key]

    def drive(self, a: str, b: str, leave: dt.datetime, evening: bool) -> Transfer | Message:
        """Drive ``a → b`` leaving at ``leave``; refuse an arrival after the day's end."""
        found = self._drive(a, b, leave, evening)
        return found if isinstance(found, Transfer | Message) else found()

    def _drive(
        self, a: str, b: str, leave: dt.datetime, evening: bool
    ) -> Transfer | Message | Reason:
        """Return :meth:`drive`'s answer, the reason left unmade (cached: many plans share it)."""
        key = (a, b, leave, evening)
        found = self._drives.get(key)
        if found is None:
            found = self._drives[key] = self._drive_once(a, b, leave, evening)
        return found

    def _drive_once(
        self, a: str, b: str, leave: dt.datetime, evening: bool
    ) -> Transfer | Message | Reason:
        base = self.static(a, b)
        if isinstance(base, Message):
            return base
        soonest = leave + dt.timedelta(minutes=base.minutes)  # gate waits only add to it
        leg = base if soonest > self.at(leave.date(), end=True) or not base.crossings else None
        leg = leg or self.timed(a, b, leave)
        if leg.arrive is None:
            arrive = leave + dt.timedelta(minutes=leg.minutes)
        else:
            arrive = local_time(leg.arrive, self.net.site(b).timezone).replace(tzinfo=None)
        if arrive > self.at(leave.date(), end=True):
            late = partial(
                self._say,
                ARRIVES_LATE,
                a,
                b,
                leave=leave,
                arrive=arrive,
                day_end=self.rules.day_end,
            )
            gates = [n for p in leg.crossings if p.waited_minutes > 0.5 for n in p.notes[:1]]
            if gates:
                return lambda: message(GATE_WAIT, reason=late(), gate=gates[0])
            return late
        return Transfer(
            a,
            b,
            leave,
            arrive,
            leg.minutes,
            leg.km,
            evening,
            tuple(p.crossing.id for p in leg.crossings),
            _papers(leg),
            tuple(leg.warnings),
        )

    def plan(
        self,
        place: str,
        free: dt.datetime,
        to: str,
        deadline: dt.datetime,
        *,
        latest: bool = False,
        same_day: bool = False,
    ) -> Transfer | Message:
        """Return the transfer from ``place`` (free from ``free``) reaching ``to`` by ``deadline``.

        ``deadline`` is the next departure (the buffer is taken off here) or the end of the
        trip. The earliest drive that works is chosen, or the latest with ``latest=True``
        (leaving the origin as late as possible keeps the trip short). A morning drive
        takes a day of its own, before the departure's date, unless ``same_day`` (the
        trip's last transfer, with no tour after it).
        """
        key = (place, free, to, deadline, latest, same_day)
        if len(self._plans) > _MAX_CACHED:  # a long-lived cache stays bounded
            self._plans.clear()
            self._timed.clear()
            self._drives.clear()
            self._times.clear()
        if key not in self._plans:
            self._plans[key] = self._plan(place, free, to, deadline, latest, same_day)
        return self._plans[key]

    def _plan(
        self,
        place: str,
        free: dt.datetime,
        to: str,
        deadline: dt.datetime,
        latest: bool,
        same_day: bool,
    ) -> Transfer | Message:
        limit = deadline - dt.timedelta(minutes=self.rules.buffer_minutes)
        if place == to:
            if deadline.date() > free.date() and not self.lodging(place):
                return message(CANNOT_WAIT, site=self.ref(place))
            return Transfer(place, to)
        last = deadline.date() if same_day else deadline.date() - dt.timedelta(days=1)
        options = self._leaves(free, last)  # made lazily: the earliest usually fits
        reason: Reason = partial(self._say, NO_DAY, place, to, free=free, depart=deadline)
        for leave, evening in reversed(list(options)) if latest else options:
            found = self._drive(place, to, leave, evening)
            if isinstance(found, Message):
                return found
            if not isinstance(found, Transfer):
                reason = found
                continue
            assert found.arrive is not None
            if found.arrive > limit:
                reason = partial(
                    self._say,
                    TOO_LATE_FOR_DEPARTURE,
                    place,
                    to,
                    arrive=found.arrive,
                    buffer=self.rules.buffer_minutes,
                    depart=deadline,
                )
                continue
            if leave.date() > free.date() and not self.lodging(place):
                return message(CANNOT_WAIT, site=self.ref(place))
            if deadline.date() > found.arrive.date() and not self.lodging(to):
                reason = partial(message, CANNOT_WAIT, site=self.ref(to))
                continue
            return found
        return reason()

    def _say(self, code: str, a: str, b: str, /, **params: Param) -> Message:
        """Return message ``code`` about the transfer ``a → b`` (``origin``, ``destination``)."""
        return message(code, origin=self.ref(a), destination=self.ref(b), **params)

    def _leaves(self, free: dt.datetime, last: dt.date) -> Iterator[tuple[dt.datetime, bool]]:
        """Yield the possible drive starts from ``free`` up to ``last``, earliest first."""
        if self.at(free.date()) < free < self.at(free.date(), end=True) and free.date() <= last:
            yield free, True
        day = free.date() if free <= self.at(free.date()) else free.date() + dt.timedelta(days=1)
        while day <= last:
            yield self.at(day), False
            day += dt.timedelta(days=1)
