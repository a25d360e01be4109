"""Turn a :class:`~tourlink.itinerary.TripRequest` into engine :class:`Problem` instances.

One tour per day. Times are integer minutes after midnight of each tour's own date (the
engine schedules every tour on its own clock); travel minutes are rounded up so that
every engine schedule is also feasible in real (fractional) minutes.

* **Opening hours** give each visit's start windows on that date: the visit must *end*
  before closing, so the latest start is ``close - visit_minutes × pace``.
* **Lunch** is the tour's break, the **driving limit** its ``max_travel``, the daily
  window its departure/arrival bounds; interests weight the scores, must-visits are
  required nodes, avoided sites are left out.
* **Border**: see :mod:`tourlink.planner.problem`, which builds the team problem of
  one overnight sequence; :mod:`tourlink.planner.hotels` chooses the sequences.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from tourlink.engine.problem import Windows
from tourlink.exceptions import InfeasibleRequestError, NoRouteError
from tourlink.hours import intervals
from tourlink.itinerary import TripRequest
from tourlink.messages import Message, message
from tourlink.network import Network
from tourlink.planner import texts as T
from tourlink.planner.day import daylight_minutes, is_sight, site_value
from tourlink.routing import TravelMatrix, route
from tourlink.texts import field_ref
from tourlink.walking import walks_from

__all__ = [
    "SCALE",
    "Context",
    "TravelTable",
    "holiday_country",
    "make_context",
    "minute_of",
    "site_value",
    "site_windows",
    "travel_table",
]

Array = np.ndarray[Any, Any]

SCALE = 10
"""Scores are site values × SCALE, rounded (the engine wants integers)."""
_HOLIDAYS = frozenset({"VN"})  # countries whose public holidays opening-hours-py knows


def holiday_country(country: str) -> str | None:
    """Return ``country`` if the opening-hours library knows its holidays, else ``None``.

    Examples
    --------
    >>> holiday_country("VN"), holiday_country("LA")
    ('VN', None)
    """
    return country if country in _HOLIDAYS else None


def minute_of(when: dt.datetime, day: dt.date) -> float:
    """Return minutes from midnight of ``day`` to ``when`` (naive local times)."""
    return (when - dt.datetime.combine(day, dt.time())).total_seconds() / 60.0


@dataclass(frozen=True, slots=True, eq=False)
class Context:
    """What every candidate problem of one request shares.

    Attributes
    ----------
    request, network
        The request and the network.
    matrix
        Travel matrix over ``places`` (sites and gate road nodes).
    candidates
        Sites that may be visited.
    hotels
        Overnight sites that may be used.
    values
        Value of each candidate.
    countries
        Countries the trip may enter.
    dropped
        Why a requested must-visit cannot be planned at all (site id → reason).
    risk_month
        Month whose seasonal risks are avoided, or ``None``.
    index
        Row of each place in ``matrix``.
    arcs
        Engine travel minutes between the rows of ``matrix`` (rounded up; ``-1`` where
        missing or crossing a border), see :class:`TravelTable`.
    walks
        Walking minutes of the ordered pairs of sites the group walks between.
    drive, crossed
        ``matrix``'s driving minutes as an array (``-1`` where missing) and whether
        each fastest path crosses a border, for the problem builder's vectorised tests
        (see :class:`TravelTable`).
    memo
        What the problem builder derives from the request alone (each day's places, see
        :mod:`tourlink.planner.problem`), kept for the request's other overnight
        sequences; a copy made with :func:`dataclasses.replace` starts with none.

    Notes
    -----
    A plan asks the same few questions hundreds of thousands of times (a place's
    country, a visit's length, the active day): :meth:`country`, :meth:`duration` and
    :meth:`day_bounds` remember their answers for the context's lifetime (pure functions
    of the immutable request and network, so the plan cannot change).
    """

    request: TripRequest
    network: Network
    matrix: TravelMatrix
    candidates: tuple[str, ...]
    hotels: tuple[str, ...]
    values: Mapping[str, float]
    countries: frozenset[str]
    dropped: Mapping[str, Message]
    risk_month: int | None
    index: Mapping[str, int]
    arcs: Array = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))
    walks: Mapping[tuple[str, str], float] = field(default_factory=dict)
    drive: Array = field(default_factory=lambda: np.zeros((0, 0)))
    crossed: Array = field(default_factory=lambda: np.zeros((0, 0), dtype=bool))
    memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    _countries: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _durations: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _bounds: list[tuple[int, int]] = field(
        default_factory=list, init=False, repr=False, compare=False
    )

    def minutes(self, a: str, b: str) -> float | None:
        """Return driving minutes from ``a`` to ``b`` (``None``: unreachable)."""
        return self.matrix.minutes[self.index[a]][self.index[b]]

    def walked(self, a: str, b: str) -> bool:
        """Return whether the group walks from ``a`` to ``b`` rather than drive."""
        return (a, b) in self.walks

    def crossings(self, a: str, b: str) -> tuple[str, ...]:
        """Return the crossings on the fastest path from ``a`` to ``b``."""
        return self.matrix.crossings[self.index[a]][self.index[b]]

    def duration(self, site_id: str) -> int:
        """Return a visit's length in whole minutes (``visit_minutes × pace``, rounded up)."""
        known = self._durations.get(site_id)
        if known is None:
            site = self.network.site(site_id)
            known = math.ceil(site.visit_minutes * self.request.pace - 1e-9)
            self._durations[site_id] = known
        return known

    def day_bounds(self) -> tuple[int, int]:
        """Return the active day as minutes after midnight.

        It starts at the request's ``day_start`` and lasts the pace profile's active
        minutes, never past ``day_end``.
        """
        if not self._bounds:
            r = self.request
            low = r.day_start.hour * 60 + r.day_start.minute
            high = r.day_end.hour * 60 + r.day_end.minute
            self._bounds.append((low, min(high, low + r.profile.active_minutes)))
        return self._bounds[0]

    def windows(self, site_id: str, day: dt.date) -> Windows:
        """Return the start windows of a visit to ``site_id`` on ``day``.

        Opening hours, the active day and, for outdoor sites, daylight: the visit
        starts after sunrise and ends by sunset.
        """
        low, high = self.day_bounds()
        return site_windows(self.network, site_id, day, low, high, self.duration(site_id))

    def country(self, place: str) -> str:
        """Return the country of a site or road node."""
        known = self._countries.get(place)
        if known is None:
            known = self._countries[place] = str(self.network.G.nodes[place]["country"])
        return known


@functools.lru_cache(maxsize=65536)
def site_windows(
    network: Network, site_id: str, day: dt.date, low: int, high: int, duration: int
) -> Windows:
    """Return the start windows of a ``duration``-minute visit on ``day`` within ``low–high``.

    The cache is keyed on the long-lived network and plain values, never on a request.
    """
    site = network.site(site_id)
    if site.setting == "outdoor":
        rise, sunset = daylight_minutes(site, day)
        low, high = max(low, rise), min(high, sunset)
    out: list[tuple[int, int]] = []
    for opens, closes in intervals(site.opening_hours, day, country=holiday_country(site.country)):
        first = max(low, math.ceil(minute_of(opens, day) - 1e-9))
        last = min(high, math.floor(minute_of(closes, day) + 1e-9)) - duration
        if first <= last:
            if out and first <= out[-1][1] + 1:
                out[-1] = (out[-1][0], max(out[-1][1], last))
            else:
                out.append((first, last))
    return tuple(out)


@dataclass(frozen=True, slots=True, eq=False)
class TravelTable:
    """Travel between every site and gate road node of a network, for one mode and month.

    Computed once per (network, mode, avoided risk month) by :func:`travel_table` and
    shared by every request with those settings (the network is immutable).

    Attributes
    ----------
    matrix
        Travel matrix over all sites and the road nodes at both ends of each crossing.
    index
        Row of each place in ``matrix``.
    arcs
        Travel minutes rounded up (the engine's arcs), ``-1`` where the fastest path is
        missing or crosses a border; a walk's minutes where walking is the better choice.
    walks
        Walking minutes of the ordered pairs of sites where walking is the better choice
        (see :meth:`tourlink.streets.Walking.better`).
    drive
        ``matrix.minutes`` as an array, ``-1`` where missing (driving, walks left out).
    crossed
        Whether the fastest path between two rows crosses a border.
    """

    matrix: TravelMatrix
    index: Mapping[str, int]
    arcs: Array
    walks: Mapping[tuple[str, str], float] = field(default_factory=dict)
    drive: Array = field(default_factory=lambda: np.zeros((0, 0)))
    crossed: Array = field(default_factory=lambda: np.zeros((0, 0), dtype=bool))


@functools.lru_cache(maxsize=32)
def travel_table(network: Network, mode: str, month: int | None) -> TravelTable:
    """Return the (cached) :class:`TravelTable` of ``network`` for ``mode`` and ``month``.

    Examples
    --------
    >>> from tourlink.read import load_network
    >>> net = load_network()
    >>> table = travel_table(net, "car", None)
    >>> table is travel_table(net, "car", None), int(table.arcs.min()) >= -1
    (True, True)
    """
    gates = [end for c in network.dataset.crossings.values() for end in (c.source, c.target)]
    places = tuple(dict.fromkeys([*network.sites, *gates]))
    matrix = network.matrix(places, mode=mode, avoid_risk_month=month)
    minutes = np.array([[-1.0 if m is None else m for m in row] for row in matrix.minutes])
    arcs = np.ceil(minutes - 1e-9).astype(np.int64)
    crossed = np.array([[bool(x) for x in row] for row in matrix.crossings], dtype=bool)
    arcs[(minutes < 0) | crossed] = -1
    index = {p: i for i, p in enumerate(matrix.ids)}
    walks = _walks(network, matrix, index)
    for (a, b), walking in walks.items():
        arcs[index[a], index[b]] = math.ceil(walking - 1e-9)
    for array in (arcs, minutes, crossed):
        array.setflags(write=False)
    return TravelTable(matrix, index, arcs, MappingProxyType(walks), minutes, crossed)


def _walks(
    network: Network, matrix: TravelMatrix, index: Mapping[str, int]
) -> dict[tuple[str, str], float]:
    """Return the walking minutes of the site pairs where a walk beats the drive."""
    rules = network.dataset.streets.walking
    if rules is None:
        return {}
    out: dict[tuple[str, str], float] = {}
    attached = network.dataset.streets.attachments()
    for a in attached:
        if a not in index:
            continue
        for b, minutes in walks_from(network, a).items():
            if b in attached and b in index:
                drive = matrix.minutes[index[a]][index[b]]
                if rules.better(walk=minutes, drive=drive):
                    out[(a, b)] = minutes
    return out


def _countries(request: TripRequest, network: Network) -> frozenset[str]:
    start, end = network.site(request.start), network.site(request.end_site)
    if request.passports and request.vehicle_papers:
        return frozenset({"VN", "LA", "KH"})
    if start.country != end.country:
        missing = "passports" if not request.passports else "vehicle_papers"
        raise InfeasibleRequestError(
            message(
                T.NEEDS_PAPERS,
                start=T.site_ref(start),
                start_country=start.country,
                end=T.site_ref(end),
                end_country=end.country,
                field=field_ref(missing),
            )
        )
    return frozenset({start.country})


def make_context(request: TripRequest, network: Network) -> Context:
    """Collect candidates, hotels and the travel matrix for ``request``.

    Raises
    ------
    InfeasibleRequestError
        If the trip must cross a border without papers, or its start cannot reach its
        end with the chosen mode.
    """
    countries = _countries(request, network)
    dropped: dict[str, Message] = {}
    avoid = set(request.avoid)
    candidates: list[str] = []
    for site in network.sites.values():
        wanted = site.id in request.must_visit
        if site.retired is not None:  # kept for old itineraries, never planned
            if wanted:
                dropped[site.id] = message(T.REASON_RETIRED, reason=site.retired.reason)
            continue
        if site.id in avoid or not (wanted or is_sight(network, site)):
            continue
        if wanted and not is_sight(network, site):
            dropped[site.id] = message(T.REASON_NOT_A_SIGHT)
            continue
        if site.country not in countries:
            if wanted:
                dropped[site.id] = message(T.REASON_COUNTRY, country=site.country)
            continue
        candidates.append(site.id)
    hotels = [
        s.id
        for s in network.sites.values()
        if s.overnight and s.retired is None and s.id not in avoid and s.country in countries
    ]
    month = request.start_date.month if request.avoid_risky_roads else None
    table = travel_table(network, request.mode, month)
    matrix, index = table.matrix, table.index
    ctx = Context(
        request,
        network,
        matrix,
        (),
        (),
        {},
        countries,
        {},
        month,
        index,
        table.arcs,
        table.walks,
        table.drive,
        table.crossed,
    )
    if ctx.minutes(request.start, request.end_site) is None:
        try:
            route(
                request.start,
                request.end_site,
                mode=request.mode,
                avoid_risk_month=month,
                network=network,
            )
        except NoRouteError as exc:
            raise InfeasibleRequestError(message(T.NO_ITINERARY, reason=exc.message)) from None
    reach = [c for c in candidates if _reachable(ctx, c)]
    for site_id in set(request.must_visit) - set(reach) - set(dropped):
        dropped[site_id] = message(T.REASON_NO_ROAD, mode=request.mode)
    hotel_ok = [h for h in hotels if _reachable(ctx, h)]
    values = {c: site_value(network.site(c), request.interests) for c in reach}
    return dataclasses.replace(  # a fresh memo, too
        ctx,
        candidates=tuple(reach),
        hotels=tuple(hotel_ok),
        values=values,
        dropped=dropped,
    )


def _reachable(ctx: Context, place: str) -> bool:
    r = ctx.request
    return ctx.minutes(r.start, place) is not None and ctx.minutes(place, r.end_site) is not None
