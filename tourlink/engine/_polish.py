"""Travel-reducing moves of the iterated local search: 2-opt, relocate, exchange (private).

They run on every new best solution (and now and then on others): shorter tours
leave room for further insertions.
"""

from __future__ import annotations

import numpy as np

from tourlink.engine._engine import Core
from tourlink.engine._moves import (
    best_or_opt,
    best_reversal,
    cheapest_gap,
    cross_moves,
    removal_fits,
)


class Polisher(Core):
    """Adds 2-opt within tours, relocation and exchange of visits across tours to :class:`Core`."""

    # ------------------------------------------------------------------ relocate
    def relocate_all(self) -> None:
        """Move single visits to the position (any tour) that lowers total travel most."""
        improved = True
        while improved:
            improved = False
            for t in range(self.m):
                for p in range(len(self.routes[t]) - 1, -1, -1):
                    if p < len(self.routes[t]) and self._relocate_one(t, p):
                        improved = True

    def _relocate_one(self, t: int, p: int) -> bool:
        T = self.T
        seq = self.seq[t]
        v = seq[p + 1]
        saving = T[seq[p]][v] + T[v][seq[p + 2]] - T[seq[p]][seq[p + 2]]
        if saving <= 0 or not removal_fits(p + 1, *self.arrays(t), *self.model.data[t]):
            return False
        del self.routes[t][p]
        self.refresh(t)
        target = self._cheapest(v, saving, self.w[t, v])
        if target is None:
            self.routes[t].insert(p, v)
            self.refresh(t)
            return False
        self.routes[target[0]].insert(target[1], v)
        self.refresh(target[0])
        return True

    def _cheapest(self, v: int, bound: int, weight: float) -> tuple[int, int] | None:
        """Feasible position (tour, index) adding least travel, if less than ``bound``.

        Only on tours where ``v`` weighs at least ``weight``.
        """
        best: tuple[int, int] | None = None
        for u in range(self.m):
            if self.w[u, v] < weight or v not in self.cand_set[u] or self.blocked[u][v]:
                continue
            added, gap = cheapest_gap(v, bound, *self.arrays(u), *self.model.data[u])
            if gap >= 0 and added < bound:
                bound, best = int(added), (u, int(gap))
        return best

    # ------------------------------------------------------------------ exchange
    def exchange_all(self) -> None:
        """Exchange segments between tours while that gains weight or lowers the travel."""
        improved = True
        while improved:
            improved = False
            for a in range(self.m):
                for b in range(a + 1, self.m):
                    if (self.routes[a] or self.routes[b]) and self._exchange(a, b):
                        improved = True

    def _exchange(self, a: int, b: int) -> bool:
        """Apply the best segment exchange between tours ``a`` and ``b``; return if any."""
        moves = self._crosses(a, b, 1, 0)
        if not moves:
            return False
        self._swap(a, b, moves[0])
        return True

    def _crosses(self, a: int, b: int, count: int, floor: int) -> list[tuple[int, ...]]:
        """Return the best ``count`` feasible segment exchanges of ``a`` and ``b`` (cross_moves)."""
        model, w = self.model, self.w
        side_a = (self.counts[a], model.caps[a], model.member, self.cand2[a], w[a], w[b])
        side_b = (self.counts[b], model.caps[b], model.member, self.cand2[b], w[b], w[a])
        moves = np.zeros((count, 5), dtype=np.int64)
        gains = np.zeros(count)
        found = cross_moves(  # type: ignore[call-arg]
            *self.arrays(a),
            *model.data[a],
            *side_a,
            *self.arrays(b),
            *model.data[b],
            *side_b,
            self.params.segment,
            floor,
            moves,
            gains,
        )
        order = sorted(range(found), key=lambda i: (-gains[i], -moves[i, 0]))
        return [tuple(int(x) for x in moves[i, 1:]) for i in order]

    def _swap(self, a: int, b: int, move: tuple[int, ...]) -> None:
        """Exchange the segments ``move`` = ``(p, size_a, q, size_b)`` of tours a and b."""
        p, size_a, q, size_b = move
        ra, rb = self.routes[a], self.routes[b]
        ra[p : p + size_a], rb[q : q + size_b] = rb[q : q + size_b], ra[p : p + size_a]
        self.refresh(a)
        self.refresh(b)

    # ------------------------------------------------------------------ 2-opt
    def two_opt(self, t: int) -> None:
        """Reverse route segments of tour ``t`` while that lowers its travel and stays feasible."""
        while len(self.routes[t]) > 1:
            i, j = best_reversal(*self.arrays(t), *self.model.data[t])
            if i < 0:
                return
            route = self.routes[t]
            route[i:j] = route[i:j][::-1]
            self.refresh(t)

    def or_opt(self, t: int) -> None:
        """Move segments of up to three visits of tour ``t`` while that saves travel or time."""
        for _ in range(4 * len(self.routes[t])):
            a, size, c = best_or_opt(*self.arrays(t), *self.model.data[t])
            if a < 0:
                return
            route = self.routes[t]
            segment = route[a : a + size]
            if c > a:
                route[a:c] = route[a + size : c] + segment
            else:
                route[c : a + size] = segment + route[c:a]
            self.refresh(t)

    def polish(self) -> None:
        """Lower travel with 2-opt, Or-opt, relocate and exchange; insert and replace again."""
        for t in range(self.m):
            self.two_opt(t)
            if self.params.or_opt:
                self.or_opt(t)
        if self.params.relocate:
            self.relocate_all()
        if self.params.exchange and self.m > 1:
            self.exchange_all()
        self.insert_all()
        if self.params.replace:
            self.replace_all()
