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

import numpy as np

from tourlink.engine._pack import pack_routes


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
        lists = {
            c: sorted(bucket.values(), key=lambda r: (-r[0], r[1]))
            for c, bucket in self.routes.items()
        }
        masks = {c: [_mask(r[2]) for r in rows] for c, rows in lists.items()}
        best: list[float | list[int]] = [floor, []]
        chosen = [-1] * len(order)
        steps = [0]

        def bound(depth: int, start: int) -> float:
            total, first = 0.0, start
            for d in range(depth, len(order)):
                c = self.classes[order[d]]
                if d > depth:
                    first = first + 1 if self.classes[order[d - 1]] == c else 0
                rows = lists[c]
                if first < len(rows):
                    total += rows[first][0]
            return total

        def dfs(depth: int, used: int, weight: float, start: int) -> None:
            if weight > best[0]:  # type: ignore[operator]
                best[0], best[1] = weight, list(chosen)
            if depth == len(order) or steps[0] > budget:
                return
            c = self.classes[order[depth]]
            rows, row_masks = lists[c], masks[c]
            if weight + bound(depth, start) <= best[0]:  # type: ignore[operator]
                return
            last = len(order) - 1
            same = depth < last and self.classes[order[depth + 1]] == c
            for i in range(start, len(rows)):
                steps[0] += 1
                if steps[0] > budget:
                    return
                w = rows[i][0]
                rest = 0.0 if depth == last else bound(depth + 1, i + 1 if same else 0)
                if weight + w + rest <= best[0]:  # type: ignore[operator]
                    break
                if row_masks[i] & used:
                    continue
                chosen[depth] = i
                dfs(depth + 1, used | row_masks[i], weight + w, i + 1 if same else 0)
                chosen[depth] = -1
            # or leave this tour, and the other tours of its class, empty
            following = depth + 1
            while following < len(order) and self.classes[order[following]] == c:
                following += 1
            if following < len(order):
                dfs(following, used, weight, 0)

        dfs(0, 0, 0.0, 0)
        routes: list[list[int]] = [[] for _ in order]
        picks = best[1]
        assert isinstance(picks, list)
        if not picks:
            return None
        for depth, i in enumerate(picks):
            if i >= 0:
                routes[order[depth]] = list(lists[self.classes[order[depth]]][i][2])
        return routes

    def _recombine_one_class(self, floor: float, budget: int) -> list[list[int]] | None:
        """:meth:`recombine` when every tour is of one class, in a compiled kernel."""
        rows = sorted(
            next(iter(self.routes.values())).items(), key=lambda item: (-item[1][0], item[1][1])
        )
        if not rows:
            return None
        words = (max(mask.bit_length() for mask, _ in rows) + 63) // 64
        masks = np.array(
            [[(mask >> (64 * k)) & _WORD for k in range(words)] for mask, _ in rows],
            dtype=np.uint64,
        )
        weights = np.array([row[0] for _, row in rows], dtype=np.float64)
        best, picks = pack_routes(weights, masks, len(self.classes), floor, budget)
        if best <= floor:
            return None
        return [list(rows[i][1][2]) if i >= 0 else [] for i in picks.tolist()]


_WORD = (1 << 64) - 1


def _mask(route: Sequence[int]) -> int:
    mask = 0
    for v in route:
        mask |= 1 << v
    return mask
