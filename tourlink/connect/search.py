"""The connection search: every package of tours in a window, best first.

Given an origin, a date window and a destination or zones to see, :func:`search` finds
packages that chain operators' tours by their departures, each transfer routed and
checked (:mod:`tourlink.connect.transfer`). Packages rank by total days, then nights in
transfer, transfer minutes, price from, and the departures' ids (so the order is total).

The search is a best-first enumeration over the departures' graph, in the spirit of a
journey planner over a timetable: a partial package's rank vector never decreases when a
tour is added, so partial packages are expanded in rank order and complete ones come out
exactly in rank order; the first ``limit`` that also pass the independent checker are the
answer. It is complete over the departures in the window (tests compare it with brute
force), and a partial package that can no longer see every wanted zone is dropped.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from tourlink.connect.texts import TO_OR_ZONES
from tourlink.connect.timetable import Departure, Timetable
from tourlink.connect.transfer import Transfer, TransferRules, Transfers
from tourlink.exceptions import InvalidRequestError
from tourlink.messages import Message, message
from tourlink.model import ZONES
from tourlink.texts import ONE_OF, bad_value, between

if TYPE_CHECKING:
    from tourlink.itinerary import Itinerary
    from tourlink.network import Network

__all__ = ["ConnectionQuery", "Package", "Rejection", "Search", "search"]

Key = tuple[int, int, int, Decimal, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class ConnectionQuery:
    """What a traveller asks: from where, when, to where or which zones.

    Attributes
    ----------
    origin
        Site id the trip starts from, on ``date`` at the day's start.
    date, days
        The window: everything happens from ``date`` to the end of its ``days``-th day.
    to
        Site id the trip must end at (``None``: anywhere).
    zones
        Zones the package's tours must cover together.
    rules
        Transfer mode, daily window and buffer before a departure.
    max_tours
        Most tours in one package.
    limit
        Most packages returned.
    """

    origin: str
    date: dt.date
    days: int
    to: str | None = None
    zones: frozenset[str] = frozenset()
    rules: TransferRules = field(default_factory=TransferRules)
    max_tours: int = 4
    limit: int = 5

    def __post_init__(self) -> None:
        if not 1 <= self.days <= 60:
            said = bad_value("days", self.days, between(1, 60))
            raise InvalidRequestError(said, field="days")
        if self.to is None and not self.zones:
            raise InvalidRequestError(message(TO_OR_ZONES), field="to")
        unknown = sorted(self.zones - set(ZONES))
        if unknown:
            expected = message(ONE_OF, choices=", ".join(ZONES))
            raise InvalidRequestError(bad_value("zones", unknown, expected), field="zones")
        for name, value, high in (("max_tours", self.max_tours, 8), ("limit", self.limit, 50)):
            if not 1 <= value <= high:
                said = bad_value(name, value, between(1, high))
                raise InvalidRequestError(said, field=name)

    @property
    def last(self) -> dt.date:
        """Return the window's last date."""
        return self.date + dt.timedelta(days=self.days - 1)


@dataclass(frozen=True, slots=True)
class Package:
    """Tours chained by checked transfers, with its rank figures.

    Attributes
    ----------
    steps
        ``(transfer to the departure, departure)`` in order.
    final
        The transfer from the last tour to the destination (``None``: none needed).
    start, end
        First and last date of the trip.
    nights_in_transfer
        Nights not spent on a tour.
    transfer_minutes
        Driving minutes of every transfer (each rounded to the minute).
    price_from
        Sum of the tours' prices from, per person.
    itinerary
        The day-by-day itinerary the independent checker accepted.
    """

    steps: tuple[tuple[Transfer, Departure], ...]
    final: Transfer | None
    start: dt.date
    end: dt.date
    nights_in_transfer: int
    transfer_minutes: int
    price_from: Decimal
    itinerary: Itinerary | None = None

    @property
    def days(self) -> int:
        """Return the trip's length in days."""
        return (self.end - self.start).days + 1

    @property
    def transfers(self) -> tuple[Transfer, ...]:
        """Return every transfer, the final one included."""
        found = tuple(t for t, _ in self.steps)
        return found + ((self.final,) if self.final is not None else ())

    @property
    def zones(self) -> frozenset[str]:
        """Return the zones the tours cover."""
        return frozenset().union(*(d.tour.zones for _, d in self.steps))

    @property
    def operators(self) -> tuple[str, ...]:
        """Return the operators of the tours, in order, without repeats."""
        return tuple(dict.fromkeys(d.tour.operator for _, d in self.steps))

    @property
    def crossings(self) -> tuple[str, ...]:
        """Return the border crossings passed, on transfers and (when built) on tours."""
        days = self.itinerary.days if self.itinerary is not None else ()
        found = [c for t in self.transfers for c in t.crossings]
        return tuple(dict.fromkeys([*found, *(c for d in days for c in d.crossings)]))

    def papers(self, network: Network) -> tuple[str, ...]:
        """Return the documents the gates passed ask of travellers and vehicles."""
        gates = [network.dataset.crossings[c] for c in self.crossings]
        docs = (d for g in gates for d in (*g.traveller_documents, *g.vehicle_documents))
        return tuple(dict.fromkeys(docs))

    @property
    def key(self) -> Key:
        """Return the rank vector: days, nights in transfer, minutes, price, ids."""
        ids = tuple(d.id for _, d in self.steps)
        return (self.days, self.nights_in_transfer, self.transfer_minutes, self.price_from, ids)


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a departure (or a whole package) was not offered."""

    departure: str
    reason: Message


@dataclass(frozen=True, slots=True)
class _Partial:
    steps: tuple[tuple[Transfer, Departure], ...]
    ids: tuple[str, ...]
    place: str
    free: dt.datetime
    start: dt.date
    nights: int
    minutes: int
    price: Decimal
    zones: frozenset[str]
    used: frozenset[str]

    def package(self, final: Transfer | None, end: dt.date) -> Package:
        extra = (
            0
            if final is None or final.leave is None
            else (final.leave.date() - self.free.date()).days
        )
        minutes = self.minutes + (round(final.minutes) if final is not None else 0)
        return Package(self.steps, final, self.start, end, self.nights + extra, minutes, self.price)


@dataclass(frozen=True, slots=True)
class _Option:
    """A departure that can follow a node, with its transfer and what it adds to the rank."""

    last: dt.date  # no completion through it ends earlier
    nights: int
    minutes: int
    dep: Departure
    transfer: Transfer


@dataclass(frozen=True, slots=True)
class _Cursor:
    """The ``index``-th option of ``part``'s sorted options, not yet made into a child."""

    part: _Partial
    options: list[_Option]
    index: int


Verifier = Callable[[Package], "Itinerary | Message"]
_Node = tuple[str, dt.datetime, bool]


class Search:
    """One connection search over a timetable (reusable for brute force and explanations).

    Children of a partial package are not all made at once: its options are sorted by
    what they add to the rank (shared by every partial package ending at the same
    departure with the same zones still missing), and a cursor stands for the next one,
    so only the children that can still rank are ever built.
    """

    def __init__(
        self,
        timetable: Timetable,
        query: ConnectionQuery,
        network: Network,
        transfers: Transfers | None = None,
    ) -> None:
        self.query = query
        self.net = network
        reuse = transfers is not None and transfers.fits(network, query.rules)
        self.transfers = transfers if reuse and transfers else Transfers(network, query.rules)
        self.rejections: list[Rejection] = []
        deps = sorted(timetable.departures(query.date, query.last), key=lambda d: (d.date, d.id))
        self.departures = deps
        self._dates = [d.date for d in deps]
        self._zone_ends = self._suffix_ends(deps)
        self._next_cache: dict[_Node, list[tuple[Departure, Transfer | Message]]] = {}
        self._sorted: dict[tuple[_Node, frozenset[str]], list[_Option]] = {}

    def _suffix_ends(self, deps: list[Departure]) -> dict[str, list[dt.date | None]]:
        """Per wanted zone, the earliest end date of a departure at index ``i`` or later."""
        out: dict[str, list[dt.date | None]] = {}
        for zone in self.query.zones:
            ends: list[dt.date | None] = [None] * (len(deps) + 1)
            for i in range(len(deps) - 1, -1, -1):
                here = deps[i].end_date if zone in deps[i].tour.zones else None
                later = ends[i + 1]
                ends[i] = here if later is None else later if here is None else min(here, later)
            out[zone] = ends
        return out

    def _after(self, date: dt.date) -> int:
        return bisect.bisect_right(self._dates, date)

    def _last(self, end: dt.date, missing: frozenset[str]) -> dt.date | None:
        """Return the earliest a trip free on ``end`` can have seen ``missing`` (or ``None``)."""
        index, last = self._after(end), end
        for zone in missing:
            found = self._zone_ends[zone][index]
            if found is None:
                return None
            last = max(last, found)
        return last

    def start(self) -> _Partial:
        """Return the empty package at the origin."""
        q = self.query
        free = self.transfers.at(q.date)
        return _Partial((), (), q.origin, free, q.date, 0, 0, Decimal(0), frozenset(), frozenset())

    def extend(self, part: _Partial, dep: Departure) -> _Partial | Message:
        """Add ``dep`` to ``part``, or say why it cannot follow."""
        first = not part.steps
        found = self.transfers.plan(part.place, part.free, dep.tour.start, dep.start, latest=first)
        return found if isinstance(found, Message) else self._child(part, dep, found)

    def _child(self, part: _Partial, dep: Departure, found: Transfer) -> _Partial:
        first = not part.steps
        start = part.start
        if first:
            start = dep.date if found.leave is None else found.leave.date()
        nights = (dep.date - (start if first else part.free.date())).days
        return _Partial(
            (*part.steps, (found, dep)),
            (*part.ids, dep.id),
            dep.tour.end,
            dep.end,
            start,
            part.nights + nights,
            part.minutes + round(found.minutes),
            part.price + dep.tour.price_from,
            part.zones | dep.tour.zones,
            part.used | {dep.tour.id},
        )

    def _next(self, part: _Partial) -> list[tuple[Departure, Transfer | Message]]:
        """Return every later departure with its transfer from where ``part`` ends (cached)."""
        first = not part.steps
        node = (part.place, part.free, first)
        if node not in self._next_cache:
            day = part.free.date()
            begin = bisect.bisect_left(self._dates, day) if first else self._after(day)
            plan = self.transfers.plan
            found = [
                (dep, plan(part.place, part.free, dep.tour.start, dep.start, latest=first))
                for dep in self.departures[begin:]
            ]
            self.rejections += [Rejection(d.id, m) for d, m in found if isinstance(m, Message)]
            self._next_cache[node] = found
        return self._next_cache[node]

    def options(self, part: _Partial) -> list[_Option]:
        """Return the departures that can follow ``part`` (not first), in rank order."""
        missing = self.query.zones - part.zones
        key = ((part.place, part.free, False), missing)
        if key not in self._sorted:
            found = []
            for dep, transfer in self._next(part):
                if isinstance(transfer, Message):
                    continue
                last = self._last(dep.end_date, missing - dep.tour.zones)
                if last is not None:
                    nights = (dep.date - part.free.date()).days
                    found.append(_Option(last, nights, round(transfer.minutes), dep, transfer))
            found.sort(key=lambda o: (o.last, o.nights, o.minutes, o.dep.tour.price_from, o.dep.id))
            self._sorted[key] = found
        return self._sorted[key]

    def successors(self, part: _Partial) -> Iterator[tuple[Departure, _Partial | Message]]:
        """Yield every departure after ``part`` with the extended package or the reason."""
        if len(part.steps) >= self.query.max_tours:
            return
        for dep, found in self._next(part):
            if dep.tour.id not in part.used:
                yield dep, found if isinstance(found, Message) else self._child(part, dep, found)

    def finish(self, part: _Partial) -> Package | Message | None:
        """Return ``part`` completed to the destination, the reason it cannot be, or ``None``."""
        q = self.query
        if not part.steps or not q.zones <= part.zones:
            return None
        if q.to is None or part.place == q.to:
            return part.package(None, part.free.date())
        found = self.transfers.plan(
            part.place, part.free, q.to, self.transfers.at(q.last, end=True), same_day=True
        )
        if isinstance(found, Message):
            return found
        assert found.arrive is not None
        return part.package(found, found.arrive.date())

    def bound(self, part: _Partial) -> Key | None:
        """Return a rank no completion of ``part`` beats, or ``None`` if none can finish.

        Each wanted zone still missing must be covered by a later departure, so the trip
        lasts at least until the earliest end of one (an admissible bound).
        """
        if not part.steps:
            return (0, 0, 0, Decimal(0), ())
        last = self._last(part.free.date(), self.query.zones - part.zones)
        if last is None:
            return None
        return ((last - part.start).days + 1, part.nights, part.minutes, part.price, part.ids)

    def _cursor(
        self, part: _Partial, options: list[_Option], index: int
    ) -> tuple[Key, _Cursor] | None:
        """Return the cursor at the first option from ``index`` whose tour is not used yet."""
        while index < len(options) and options[index].dep.tour.id in part.used:
            index += 1
        if index == len(options):
            return None
        o = options[index]
        key = (
            (o.last - part.start).days + 1,
            part.nights + o.nights,
            part.minutes + o.minutes,
            part.price + o.dep.tour.price_from,
            (*part.ids, o.dep.id),
        )
        return key, _Cursor(part, options, index)

    def ranked(self) -> Iterator[Package]:
        """Yield every complete package in rank order (not yet verified)."""
        counter = itertools.count()
        heap: list[tuple[Key, int, _Partial | _Cursor | Package]] = []

        def push(item: _Partial | _Cursor | Package, key: Key) -> None:
            heapq.heappush(heap, (key, next(counter), item))

        push(self.start(), (0, 0, 0, Decimal(0), ()))
        while heap:
            key, _, item = heapq.heappop(heap)
            if isinstance(item, Package):
                yield item
            elif isinstance(item, _Cursor):
                option = item.options[item.index]
                push(self._child(item.part, option.dep, option.transfer), key)
                following = self._cursor(item.part, item.options, item.index + 1)
                if following is not None:
                    push(following[1], following[0])
            else:
                self._expand(item, push)

    def _expand(
        self, part: _Partial, push: Callable[[_Partial | _Cursor | Package, Key], None]
    ) -> None:
        done = self.finish(part)
        if isinstance(done, Package):
            push(done, done.key)
        if len(part.steps) >= self.query.max_tours:
            return
        if part.steps:
            cursor = self._cursor(part, self.options(part), 0)
            if cursor is not None:
                push(cursor[1], cursor[0])
            return
        for _, child in self.successors(part):
            if isinstance(child, Message):
                continue
            bound = self.bound(child)
            if bound is not None:
                push(child, bound)


def verified(
    packages: Iterator[Package], limit: int, verify: Verifier, rejections: list[Rejection]
) -> list[Package]:
    """Return the first ``limit`` packages ``verify`` accepts, each with its itinerary."""
    out: list[Package] = []
    for package in packages:
        result = verify(package)
        if isinstance(result, Message):
            rejections.append(Rejection(" + ".join(d.id for _, d in package.steps), result))
            continue
        out.append(_with_itinerary(package, result))
        if len(out) >= limit:
            break
    return out


def _with_itinerary(package: Package, itinerary: Itinerary) -> Package:
    from dataclasses import replace

    return replace(package, itinerary=itinerary)


def search(
    timetable: Timetable,
    query: ConnectionQuery,
    *,
    network: Network | None = None,
    must_include: str | None = None,
    transfers: Transfers | None = None,
) -> tuple[list[Package], list[Rejection]]:
    """Return the best packages for ``query`` and the reasons candidates were rejected.

    Parameters
    ----------
    timetable
        The tours the searcher may offer (see :meth:`Timetable.visible_to`).
    query
        Origin, window, destination or zones, rules.
    network
        Network (default: the shipped data).
    must_include
        Only packages containing this tour id.
    transfers
        Transfers (and their route caches) to reuse from earlier searches on the same
        network under the same rules, as a long-running server does; a fresh one if
        ``None`` or if it does not fit.

    Returns
    -------
    list of Package, list of Rejection
        At most ``query.limit`` packages in rank order, each with the itinerary the
        independent checker accepted; and every transfer or package refused on the way.

    Examples
    --------
    >>> import datetime as dt
    >>> from tourlink.connect import example_timetable
    >>> q = ConnectionQuery("da-nang", dt.date(2026, 3, 2), 8, to="pakse",
    ...                     zones=frozenset({"kon-tum-city", "southern-laos"}))
    >>> found, _ = search(example_timetable(), q)
    >>> found[0].steps[-1][1].tour.end == "pakse" or found[0].final is not None
    True
    """
    from tourlink.connect.build import verifier

    if network is None:
        from tourlink.read import load_network

        network = load_network()
    run = Search(timetable, query, network, transfers)
    packages = run.ranked()
    if must_include is not None:
        packages = (p for p in packages if any(d.tour.id == must_include for _, d in p.steps))
    verify = verifier(network, query, run.transfers.routes)
    found = verified(packages, query.limit, verify, run.rejections)
    return found, run.rejections
