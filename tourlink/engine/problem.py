"""The optimiser's input: an abstract team orienteering problem with time windows.

The engine knows nothing of tourism. A :class:`Problem` has nodes ``0 … n-1``
with a score, a service duration and time windows; a travel-time matrix; and
tours, each with its own start and end node, time budget, optional driving limit,
optional break and optional set of allowed nodes. It plays the part of PyVRP's
``ProblemData``: frozen, validated once, then read by the solvers.

All times are integers in one unit of the caller's choice (minutes, seconds,
tenths of a time unit …); scores are non-negative integers (scale them if
fractional). Integers keep every feasibility verdict exact.

Semantics (shared by :mod:`~tourlink.engine.evaluate`, the heuristic and the
exact method):

* A tour leaves its ``start`` node at ``earliest_departure`` and must reach its
  ``end`` node no later than ``latest_arrival``.
* Travelling from ``i`` to ``j`` takes ``travel[i][j]``; arriving early means
  waiting; a visit's service must *start* inside one of the node's windows
  (the earliest possible such instant is taken) and lasts ``durations[node]``.
* ``max_travel`` bounds the summed travel time of a tour (a daily driving limit).
* A :class:`Break` is taken exactly once per tour that has one. It starts no
  earlier than ``earliest`` and no later than ``latest`` and lasts ``duration``.
  Without ``places`` it is taken where the tour is: right after leaving the start
  node or a visit's service and before travelling on (waiting for the next opening
  may be spent on it). With ``places`` it is taken only at one of those nodes:
  at the start node or a visited node that is a place (same timing), on arriving
  at a place ``j`` the tour travels to (before its visit, or at the tour's end
  node), or by a detour on the arc ``(i, j)`` being travelled (the last arc ends
  at the tour's end node): ``i → f → j`` through any place ``f`` other than ``i``
  and ``j`` (the one reaching ``j`` earliest: a cheap place reached too late does not
  hide a dearer one reached in time); the break starts when the group reaches ``f``
  (or at ``earliest``), and the detour's travel counts in ``max_travel`` and the
  tour's time. The schedule takes the break where the tour reaches its end
  earliest, within every limit (earliest placement on ties, then the place reached
  soonest).
* ``max_visits`` bounds a tour's number of visits; ``limits`` bound, per group of
  :attr:`Problem.groups`, how many of the group's nodes a tour visits.
* A visit of node ``v`` on tour ``t`` scores ``scores[v]`` plus ``t``'s ``bonus``
  for ``v`` (if any).
* Nodes that are the start or end of some tour are depots and are never visited.
  A node is visited at most once over all tours, never if it is in ``excluded``,
  and on a tour only if it is in that tour's ``allowed`` set (when given).
* ``required`` nodes must be visited; the solvers put them first (lexicographic
  objective) and report those they could not place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tourlink.exceptions import InvalidRequestError

__all__ = ["Break", "Matrix", "Problem", "Tour", "Windows", "matrix"]

Windows = tuple[tuple[int, int], ...]
"""Time windows of one node: sorted, disjoint ``(open, close)`` intervals for the start."""


class Matrix(tuple[tuple[int, ...], ...]):
    """A square matrix of non-negative integers (rows of ints) with its int64 ``array``.

    Made by :func:`matrix`, which checks it at once: a :class:`Problem` whose ``travel``
    is one skips checking it entry by entry and its solvers use the array as it is (read
    it, never write it: the rows would no longer say the same).
    """

    array: np.ndarray[Any, Any]


def matrix(values: np.ndarray[Any, Any]) -> Matrix:
    """Return the :class:`Matrix` of a square array of non-negative integers.

    Examples
    --------
    >>> m = matrix(np.array([[0, 2], [3, 0]]))
    >>> m, m == ((0, 2), (3, 0)), int(m.array[1, 0])
    (((0, 2), (3, 0)), True, 3)
    >>> matrix(np.array([[0, -1], [3, 0]]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tourlink.exceptions.InvalidRequestError: `travel` must be non-negative entries, got -1.
    """
    array = np.array(values, dtype=np.int64)  # a copy: later changes to ``values`` stay out
    if array.ndim != 2 or array.shape[0] != array.shape[1]:
        raise _fail("travel", f"shape {array.shape}", "a square matrix")
    if array.size and not np.array_equal(array, values):
        raise _fail("travel", "non-integer entries", "integers")
    negative = np.argwhere(array < 0)
    if negative.size:
        raise _fail("travel", int(array[tuple(negative[0])]), "non-negative entries")
    out = Matrix(map(tuple, array.tolist()))
    out.array = array
    return out


def _fail(field_name: str, value: object, expected: str) -> InvalidRequestError:
    return InvalidRequestError(
        f"`{field_name}` must be {expected}, got {value!r}.", field=field_name
    )


def _check_windows(prefix: str, node: int, windows: Windows) -> None:
    """Check the windows of ``node``, named ``{prefix}[{node}]`` in an error (built only then)."""
    previous_close: int | None = None
    for interval in windows:
        if len(interval) != 2 or interval[0] > interval[1]:
            raise _fail(f"{prefix}[{node}]", interval, "an (open, close) pair with open <= close")
        if previous_close is not None and interval[0] <= previous_close:
            raise _fail(f"{prefix}[{node}]", windows, "sorted, disjoint intervals")
        previous_close = interval[1]


@dataclass(frozen=True, slots=True)
class Break:
    """A break (e.g. lunch) taken once during a tour.

    Parameters
    ----------
    earliest
        Earliest start of the break.
    latest
        Latest start of the break.
    duration
        Length of the break.
    places
        Nodes at which the break may be taken (depots, customers or nodes no tour
        visits, such as towns), or ``None`` to take it wherever the tour is.

    Examples
    --------
    >>> Break(earliest=660, latest=780, duration=60).duration
    60
    >>> Break(earliest=660, latest=780, duration=60, places=(4, 2)).places
    (2, 4)
    """

    earliest: int
    latest: int
    duration: int
    places: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        if self.earliest > self.latest:
            raise _fail("break.latest", self.latest, f"at least earliest = {self.earliest}")
        if self.duration < 0:
            raise _fail("break.duration", self.duration, "non-negative")
        if self.places is not None:
            if not self.places:
                raise _fail("break.places", self.places, "a non-empty tuple of node ids or None")
            object.__setattr__(self, "places", tuple(sorted({int(v) for v in self.places})))


@dataclass(frozen=True, slots=True)
class Tour:
    """One tour (a day, a vehicle) of the problem.

    Parameters
    ----------
    start, end
        Start and end node ids (may be equal).
    earliest_departure
        Time the tour leaves ``start``.
    latest_arrival
        Time by which the tour must be back at ``end``.
    max_travel
        Upper bound on the summed travel time of the tour, or ``None``.
    pause
        The tour's :class:`Break`, or ``None``.
    allowed
        Nodes this tour may visit, or ``None`` for every node.
    windows
        Per-node windows that replace :attr:`Problem.windows` on this tour (e.g. the
        opening hours of that day), or ``None``.
    limits
        ``(group, most)`` pairs: at most ``most`` visits of nodes of
        ``Problem.groups[group]`` on this tour.
    max_visits
        Most visits on this tour, or ``None``.
    bonus
        Extra score per node when visited on this tour, or ``None``.

    Examples
    --------
    >>> Tour(start=0, end=0, earliest_departure=0, latest_arrival=100).latest_arrival
    100
    """

    start: int
    end: int
    earliest_departure: int
    latest_arrival: int
    max_travel: int | None = None
    pause: Break | None = None
    allowed: frozenset[int] | None = None
    windows: tuple[Windows, ...] | None = None
    limits: tuple[tuple[int, int], ...] = ()
    max_visits: int | None = None
    bonus: Mapping[int, int] | None = field(default=None, hash=False)

    def __post_init__(self) -> None:
        if self.earliest_departure > self.latest_arrival:
            raise _fail(
                "tour.latest_arrival",
                self.latest_arrival,
                f"at least earliest_departure = {self.earliest_departure}",
            )
        if self.max_travel is not None and self.max_travel < 0:
            raise _fail("tour.max_travel", self.max_travel, "non-negative or None")
        if self.windows is not None:
            for node, node_windows in enumerate(self.windows):
                if node_windows:  # most nodes of a planner day have none: skip the call
                    _check_windows("tour.windows", node, node_windows)
        if self.max_visits is not None and self.max_visits < 0:
            raise _fail("tour.max_visits", self.max_visits, "non-negative or None")
        for pair in self.limits:
            if len(pair) != 2 or pair[1] < 0:
                raise _fail("tour.limits", pair, "(group index, non-negative most) pairs")
        if self.bonus is not None and any(b < 0 for b in self.bonus.values()):
            raise _fail("tour.bonus", min(self.bonus.values()), "non-negative bonuses")

    def bonus_of(self, node: int) -> int:
        """Return this tour's extra score for visiting ``node``."""
        return 0 if self.bonus is None else self.bonus.get(node, 0)


@dataclass(frozen=True, slots=True)
class Problem:
    """A team orienteering problem with time windows, breaks and driving limits.

    Parameters
    ----------
    scores
        Score of each node (depots' scores are ignored).
    durations
        Service duration of each node.
    windows
        Windows for the start of service at each node (used by tours without
        their own ``windows``); an empty tuple means never open.
    travel
        Travel-time matrix, ``travel[i][j]`` from ``i`` to ``j`` (need not be symmetric);
        a :class:`Matrix` (see :func:`matrix`) is not checked again.
    tours
        The tours; at least one.
    distance
        Optional distance matrix, only reported, never constrained.
    required
        Nodes that must be visited.
    excluded
        Nodes that must not be visited.
    groups
        Named node sets (they may overlap) that tours' ``limits`` refer to by index.

    Notes
    -----
    What the solvers derive from the problem alone (its depots and customers, each tour's
    allowed nodes, the travel matrix as an array) is computed once and kept on the
    problem: pure functions of its immutable fields, so nothing it answers can change.

    Examples
    --------
    >>> p = Problem(scores=(0, 5), durations=(0, 1), windows=((), ((0, 10),)),
    ...             travel=((0, 2), (2, 0)),
    ...             tours=(Tour(start=0, end=0, earliest_departure=0, latest_arrival=10),))
    >>> p.num_nodes, p.customers
    (2, (1,))
    """

    scores: tuple[int, ...]
    durations: tuple[int, ...]
    windows: tuple[Windows, ...]
    travel: tuple[tuple[int, ...], ...]
    tours: tuple[Tour, ...]
    distance: tuple[tuple[int, ...], ...] | None = None
    required: frozenset[int] = field(default_factory=frozenset)
    excluded: frozenset[int] = field(default_factory=frozenset)
    groups: tuple[frozenset[int], ...] = ()
    _derived: dict[Any, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        n = len(self.scores)
        for name, seq in (("durations", self.durations), ("windows", self.windows)):
            if len(seq) != n:
                raise _fail(name, f"{len(seq)} entries", f"one entry per node ({n})")
        if any(s < 0 for s in self.scores):
            raise _fail("scores", min(self.scores), "non-negative")
        if any(d < 0 for d in self.durations):
            raise _fail("durations", min(self.durations), "non-negative")
        for node, node_windows in enumerate(self.windows):
            if node_windows:
                _check_windows("windows", node, node_windows)
        travel = self.travel
        if isinstance(travel, Matrix) and travel.array.shape == (n, n):
            self._derived["travel"] = travel.array  # checked when it was made
        else:
            _check_matrix("travel", travel, n)
        if self.distance is not None:
            _check_matrix("distance", self.distance, n)
        if not self.tours:
            raise _fail("tours", self.tours, "at least one tour")
        for index, group in enumerate(self.groups):
            bad_nodes = sorted(v for v in group if not 0 <= v < n)
            if bad_nodes:
                raise _fail(f"groups[{index}]", bad_nodes[0], f"node ids between 0 and {n - 1}")
        for index, tour in enumerate(self.tours):
            _check_tour(index, tour, n, len(self.groups))
        for name, nodes in (("required", self.required), ("excluded", self.excluded)):
            bad = sorted(v for v in nodes if not 0 <= v < n)
            if bad:
                raise _fail(name, bad[0], f"a node id between 0 and {n - 1}")
        if self.required & self.excluded:
            raise _fail("required", sorted(self.required & self.excluded), "disjoint from excluded")
        depots = self.required & set(self.depots)
        if depots:
            raise _fail("required", sorted(depots), "free of depots (tour start/end nodes)")

    @property
    def num_nodes(self) -> int:
        """Number of nodes, depots included."""
        return len(self.scores)

    @property
    def num_tours(self) -> int:
        """Number of tours."""
        return len(self.tours)

    @property
    def depots(self) -> tuple[int, ...]:
        """Sorted ids of the nodes that start or end some tour."""
        found: tuple[int, ...] | None = self._derived.get("depots")
        if found is None:
            found = self._derived["depots"] = tuple(
                sorted({t.start for t in self.tours} | {t.end for t in self.tours})
            )
        return found

    @property
    def customers(self) -> tuple[int, ...]:
        """Sorted ids of the nodes that may be visited at all (neither depot nor excluded)."""
        found: tuple[int, ...] | None = self._derived.get("customers")
        if found is None:
            skip = set(self.depots) | self.excluded
            found = tuple(v for v in range(self.num_nodes) if v not in skip)
            self._derived["customers"] = found
        return found

    def tour_windows(self, tour: int) -> tuple[Windows, ...]:
        """Return the windows that apply on tour ``tour``."""
        own = self.tours[tour].windows
        return self.windows if own is None else own

    def allowed_on(self, tour: int) -> tuple[int, ...]:
        """Return the customers that tour ``tour`` may visit (allowed, with some window)."""
        key = ("allowed", tour)
        found: tuple[int, ...] | None = self._derived.get(key)
        if found is None:
            spec = self.tours[tour]
            windows = self.tour_windows(tour)
            found = tuple(
                v
                for v in self.customers
                if windows[v] and (spec.allowed is None or v in spec.allowed)
            )
            self._derived[key] = found
        return found

    def travel_array(self) -> np.ndarray[Any, Any]:
        """Return :attr:`travel` as an ``(n, n)`` int64 array, made once: read it, never write.

        (Writable, because the compiled kernels' signatures take writable arrays.)
        """
        found: np.ndarray[Any, Any] | None = self._derived.get("travel")
        if found is None:
            found = np.array(self.travel, dtype=np.int64).reshape(self.num_nodes, self.num_nodes)
            self._derived["travel"] = found
        return found


def _check_matrix(name: str, matrix: Sequence[Sequence[int]], n: int) -> None:
    if len(matrix) != n or any(len(row) != n for row in matrix):
        raise _fail(name, f"{len(matrix)} rows", f"a {n} x {n} matrix")
    for row in matrix:
        for value in row:
            if value < 0:
                raise _fail(name, value, "non-negative entries")


def _check_tour(index: int, tour: Tour, n: int, groups: int) -> None:
    for name, node in (("start", tour.start), ("end", tour.end)):
        if not 0 <= node < n:
            raise _fail(f"tours[{index}].{name}", node, f"a node id between 0 and {n - 1}")
    for group, _ in tour.limits:
        if not 0 <= group < groups:
            raise _fail(f"tours[{index}].limits", group, f"a group index below {groups}")
    places = () if tour.pause is None or tour.pause.places is None else tour.pause.places
    for node in places:
        if not 0 <= node < n:
            raise _fail(f"tours[{index}].pause.places", node, f"node ids between 0 and {n - 1}")
    for node in tour.bonus or {}:
        if not 0 <= node < n:
            raise _fail(f"tours[{index}].bonus", node, f"node ids between 0 and {n - 1}")
    if tour.windows is not None and len(tour.windows) != n:
        raise _fail(f"tours[{index}].windows", f"{len(tour.windows)} entries", f"{n} entries")
    if tour.allowed is not None:
        bad = sorted(v for v in tour.allowed if not 0 <= v < n)
        if bad:
            raise _fail(f"tours[{index}].allowed", bad[0], f"node ids between 0 and {n - 1}")
