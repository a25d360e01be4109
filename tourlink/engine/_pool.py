"""Route pool and recombination (private; see :mod:`tourlink.engine.search`).

After Hu and Lim (2014, "An iterative three-component heuristic for the team
orienteering problem with time windows", EJOR 232(2)): the distinct feasible
routes met by the local search are kept, and from time to time the best set of
pairwise disjoint routes, one per tour, is picked (a small set packing) and the
search restarts from it. Routes carry the class of the tour they were found on;
tours with equal specifications share a class, so a route fits any tour of its
class.

Node sets are Python integers used as bit sets, which keeps the disjointness
test of the branch and bound to one ``&``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from tourlink.engine._pack import pack_classes, pack_routes


class RoutePool:
    """Distinct feasible routes per tour class, best arrival kept per node set.

    Parameters
    ----------
    classes
        Tour class of each tour (tours of one class are interchangeable).
    capacity
        Routes kept per class; the lowest-weight ones are dropped beyond it.
    """

    def __init__(self, classes: Sequence[int], capacity: int = 2000) -> None:
        self.classes = list(classes)
        self.capacity = capacity
        self.routes: dict[int, dict[int, tuple[float, int, tuple[int, ...]]]] = {
            c: {} for c in set(classes)
        }
        self.added = 0

    def add(self, tour: int, route: Sequence[int], weight: float, end: int) -> None:
        """Record ``route`` (found feasible on ``tour``) with its weight and end time."""
        if not route:
            return
        mask = 0
        for v in route:
            mask |= 1 << v
        bucket = self.routes[self.classes[tour]]
        old = bucket.get(mask)
        if old is None or end < old[1]:
            if old is None:
                self.added += 1
            bucket[mask] = (weight, end, tuple(route))
            if len(bucket) > 2 * self.capacity:
                keep = sorted(bucket.items(), key=lambda item: (-item[1][0], item[1][1]))
                self.routes[self.classes[tour]] = dict(keep[: self.capacity])

    def recombine(self, floor: float, budget: int = 100_000) -> list[list[int]] | None:
        """Pick disjoint routes, at most one per tour, of greatest summed weight above ``floor``.

        A depth-first branch and bound over the routes sorted by weight, bounded by
        the weights still reachable; tours may stay empty (within a class, the last
        ones); it stops after ``budget`` branch steps and
        returns the best packing found (routes in tour order), or ``None`` if none
        weighs more than ``floor``.
        """
        if len(self.routes) == 1:
            return self._recombine_one_class(floor, budget)
        order = sorted(range(len(self.classes)), key=lambda t: self.classes[t])
        kinds = sorted(self.routes)
        lists = {
            c: sorted(self.routes[c].items(), key=lambda item: (-item[1][0], item[1][1]))
            for c in kinds
        }
        rows = [row for c in kinds for row in lists[c]]
        sizes = np.array([len(lists[c]) for c in kinds], dtype=np.int64)
        offsets = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
        group = np.array([kinds.index(self.classes[t]) for t in order], dtype=np.int64)
        best, picks = pack_classes(
            np.array([row[0] for _, row in rows], dtype=np.float64),
            _words(rows) if rows else np.zeros((0, 1), dtype=np.uint64),
            group,
            offsets,
            sizes,
            floor,
            budget,
        )
        if not best > floor:
            return None
        routes: list[list[int]] = [[] for _ in order]
        for depth, i in enumerate(picks.tolist()):
            if i >= 0:
                routes[order[depth]] = list(lists[self.classes[order[depth]]][i][1][2])
        return routes

    def _recombine_one_class(self, floor: float, budget: int) -> list[list[int]] | None:
        """:meth:`recombine` when every tour is of one class, in a compiled kernel."""
        rows = sorted(
            next(iter(self.routes.values())).items(), key=lambda item: (-item[1][0], item[1][1])
        )
        if not rows:
            return None
        masks = _words(rows)
        weights = np.array([row[0] for _, row in rows], dtype=np.float64)
        best, picks = pack_routes(weights, masks, len(self.classes), floor, budget)
        if best <= floor:
            return None
        return [list(rows[i][1][2]) if i >= 0 else [] for i in picks.tolist()]


_WORD = (1 << 64) - 1


def _words(rows: Sequence[tuple[int, object]]) -> np.ndarray[Any, Any]:
    """Return the node sets of ``(mask, ...)`` rows as 64-bit words, one row each."""
    words = (max(mask.bit_length() for mask, _ in rows) + 63) // 64
    return np.array(
        [[(mask >> (64 * k)) & _WORD for k in range(words)] for mask, _ in rows],
        dtype=np.uint64,
    )
