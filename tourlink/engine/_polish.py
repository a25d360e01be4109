"""Travel-reducing moves of the iterated local search: 2-opt and relocate (private).

They run on every new best solution (and now and then on others): shorter tours
leave room for further insertions.
"""

from __future__ import annotations

from tourlink.engine._engine import Core
from tourlink.engine._kernels import best_reversal


class Polisher(Core):
    """Adds 2-opt within tours and relocation of single visits to :class:`Core`."""

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
        if saving <= 0:
            return False
        saved = (seq, self.travel[t], self.ends[t], self.bad[t], self.times[t], self.stale_rows[t])
        del self.routes[t][p]
        self.refresh(t)
        target = None if self.bad[t] >= 0 else self._cheapest(v, saving)
        if target is None:
            self.routes[t].insert(p, v)
            (
                self.seq[t],
                self.travel[t],
                self.ends[t],
                self.bad[t],
                self.times[t],
                self.stale_rows[t],
            ) = saved
            return False
        self.routes[target[0]].insert(target[1], v)
        self.refresh(target[0])
        return True

    def _cheapest(self, v: int, bound: int) -> tuple[int, int] | None:
        """Feasible position (tour, index) adding least travel, if less than ``bound``."""
        best: tuple[int, int] | None = None
        T, dv = self.T, self.dur[v]
        for u in range(self.m):
            if v not in self.cand_set[u]:
                continue
            seq, route, slow = self.seq[u], self.routes[u], self.slow[u]
            room = self.limit[u] - self.travel[u]
            dep, la = self.arrays(u)[1:]
            o, c = int(self.open[u][v]), int(self.close[u][v])
            for q in range(len(seq) - 1):
                i, k = seq[q], seq[q + 1]
                added = T[i][v] + T[v][k] - T[i][k]
                if added >= bound or added > room:
                    continue
                if slow is not None:
                    if slow.end_time([*route[:q], v, *route[q:]]) is None:
                        continue
                else:
                    a = dep[q] + T[i][v]
                    if a > c:
                        break
                    if (a if a > o else o) + dv + T[v][k] > la[q + 1]:
                        continue
                bound, best = added, (u, q)
        return best

    # ------------------------------------------------------------------ 2-opt
    def two_opt(self, t: int) -> None:
        """Reverse route segments of tour ``t`` while that lowers its travel and stays feasible."""
        if self.slow[t] is not None:
            return
        while len(self.routes[t]) > 1:
            seq, dep, la = self.arrays(t)
            i, j = best_reversal(seq, dep, la, self.Tm, self.dur_np, self.open[t], self.close[t])
            if i < 0:
                return
            route = self.routes[t]
            route[i:j] = route[i:j][::-1]
            self.refresh(t)

    def polish(self) -> None:
        """Lower travel with 2-opt and relocate, then insert and replace again."""
        for t in range(self.m):
            self.two_opt(t)
        if self.params.relocate:
            self.relocate_all()
        self.insert_all()
        if self.params.replace:
            self.replace_all()
