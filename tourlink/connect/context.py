"""The state of one chaining of tours: options, route caches, the clock and the plan.

Internal to :mod:`tourlink.connect`: :class:`_Ctx` holds the options of one
:func:`~tourlink.connect.chain.connect` call (or one package build) and its route caches
(a pair's untimed path is found once and re-timed per departure); :class:`_Clock` is the
state while one day is scheduled; :class:`_Plan` the package being built.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tourlink.connect import texts as ct
from tourlink.connect.texts import because, tour_ref
from tourlink.exceptions import InfeasibleRequestError, NoRouteError
from tourlink.hours import local_time
from tourlink.itinerary import Day, Stop
from tourlink.messages import Message, Ref, message
from tourlink.model import Leg, Route
from tourlink.routing import build_route, route
from tourlink.texts import MODE_NAMES, site_ref
from tourlink.tours import Tour

if TYPE_CHECKING:
    from tourlink.network import Network


def _net(network: Network | None) -> Network:
    if network is not None:
        return network
    from tourlink.read import load_network

    return load_network()


def _local(net: Network, origin: str, depart: dt.datetime) -> dt.datetime:
    """Return ``depart`` in the time zone of ``origin`` (as :func:`route` reads it)."""
    if depart.tzinfo is not None:
        return depart
    return depart.replace(tzinfo=ZoneInfo(net.site(origin).timezone))


class _Blocked(Exception):
    """A day cannot be run on its date, but might be on a later one (a gate closure)."""


@dataclasses.dataclass
class _Ctx:
    """Options and caches of one :func:`connect` call."""

    net: Network
    mode: str
    day_start: dt.time
    day_end: dt.time
    shift: bool
    max_wait: int
    seen: set[str] = dataclasses.field(default_factory=set)
    static: dict[tuple[str, str], float] = dataclasses.field(default_factory=dict)
    #: Routes by (from, to, departure): shared by the builds of one connection search.
    routes: dict[tuple[str, str, dt.datetime | None], Route] = dataclasses.field(
        default_factory=dict
    )
    #: Untimed fastest routes by (from, to), e.g. a connection search's: their paths are
    #: re-timed for a departure instead of searched again (the path does not depend on it).
    paths: Mapping[tuple[str, str], object] = dataclasses.field(default_factory=dict)

    def at(self, date: dt.date, end: bool = False) -> dt.datetime:
        return dt.datetime.combine(date, self.day_end if end else self.day_start)

    def name(self, site_id: str) -> Ref:
        return site_ref(self.net.site(site_id))

    def lodging(self, site_id: str) -> bool:
        return bool(self.net.site(site_id).overnight)

    def drive(self, a: str, b: str, depart: dt.datetime | None, tour: Tour) -> Route:
        """Return the fastest route ``a → b`` leaving at ``depart`` (untimed if ``None``).

        The path does not depend on the hour: a pair's untimed route is found once (or
        taken from :attr:`paths`) and only re-timed for each departure.
        """
        key = (a, b, depart)
        if key in self.routes:
            return self.routes[key]
        try:
            known = self.paths.get((a, b))
            if not isinstance(known, Route):
                known = self._untimed(a, b)
            found = known
            if depart is not None:
                local = _local(self.net, a, depart)
                found = build_route(self.net, known.nodes, mode=self.mode, depart=local)
        except NoRouteError as exc:
            mode = Ref("mode", self.mode, MODE_NAMES.get(self.mode, self.mode))
            said = (
                message(ct.UNREACHABLE, tour=tour_ref(tour), mode=mode, reason=because(exc))
                if depart is None
                else message(
                    ct.UNREACHABLE_ON,
                    tour=tour_ref(tour),
                    mode=mode,
                    date=depart.date(),
                    reason=because(exc),
                )
            )
            raise InfeasibleRequestError(said) from None
        self.routes[key] = found
        return found

    def _untimed(self, a: str, b: str) -> Route:
        """Return the untimed fastest route ``a → b`` (searched once per pair)."""
        key = (a, b, None)
        if key not in self.routes:
            self.routes[key] = route(a, b, mode=self.mode, network=self.net)
        return self.routes[key]

    def minutes(self, a: str, b: str, tour: Tour) -> float:
        if (a, b) not in self.static:
            self.static[a, b] = 0.0 if a == b else self.drive(a, b, None, tour).minutes
        return self.static[a, b]


def _arrival(ctx: _Ctx, leg: Route, place: str, depart: dt.datetime) -> dt.datetime:
    if leg.arrive is None:
        return depart + dt.timedelta(minutes=leg.minutes)
    return local_time(leg.arrive, ctx.net.site(place).timezone)


@dataclasses.dataclass
class _Clock:
    """Mutable state while one day is scheduled."""

    place: str
    time: dt.datetime
    stops: list[Stop]
    drives: list[tuple[Leg, ...]]
    minutes: float = 0.0
    lunch: tuple[dt.datetime, dt.datetime, str] | None = None
    crossings: list[str] = dataclasses.field(default_factory=list)
    gates: list[Message] = dataclasses.field(default_factory=list)
    warnings: list[Message] = dataclasses.field(default_factory=list)


def _copy(clock: _Clock) -> _Clock:
    return dataclasses.replace(
        clock,
        stops=list(clock.stops),
        drives=list(clock.drives),
        crossings=list(clock.crossings),
        gates=list(clock.gates),
        warnings=list(clock.warnings),
    )


@dataclasses.dataclass
class _Plan:
    """The package being built."""

    days: list[Day] = dataclasses.field(default_factory=list)
    warnings: list[Message] = dataclasses.field(default_factory=list)
    tail: _Clock | None = None  # the last day's state before its final drive
    tour: Tour | None = None  # the last tour scheduled
