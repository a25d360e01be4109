"""Inner loops of the iterated local search (private; see :mod:`tourlink.planner.search`).

Data lives in plain lists and numpy arrays prepared once; a tour's cached times
(``dep``: departure from each position, ``la``: latest feasible arrival at each
position) are rebuilt only when the tour changes.
"""

from __future__ import annotations

import random
import time
from typing import TYPE_CHECKING, Any

import numpy as np

from tourlink.planner._slow import SlowTour
from tourlink.planner.problem import Problem

if TYPE_CHECKING:
    from tourlink.planner.search import SolveParams

Array = np.ndarray[Any, Any]
BIG = 1 << 50


class Engine:
    """State of one search: current routes, cached tour times, best routes."""

    def __init__(self, problem: Problem, params: SolveParams, rng: random.Random) -> None:
        self.p = problem
        self.params = params
        self.rng = rng
        self.nprng = np.random.default_rng(rng.randrange(1 << 62))
        n, m = problem.num_nodes, problem.num_tours
        self.n, self.m = n, m
        self.T = [list(row) for row in problem.travel]
        self.Tm = np.array(problem.travel, dtype=np.int64).reshape(n, n)
        self.TmT = np.ascontiguousarray(self.Tm.T)
        self.dur = list(problem.durations)
        self.dur_np = np.array(self.dur, dtype=np.int64)
        bonus = sum(problem.scores) + 1
        self.w = [s + (bonus if v in problem.required else 0) for v, s in enumerate(problem.scores)]
        self.w_np = np.array(self.w, dtype=np.float64)
        self.w2 = self.w_np**2
        self.cand = [np.array(problem.allowed_on(t), dtype=np.int64) for t in range(m)]
        self.cand_set = [set(problem.allowed_on(t)) for t in range(m)]
        self.every = np.array(sorted(set().union(*self.cand_set)), dtype=np.int64)
        self.cand_mask = [np.zeros(n, dtype=bool) for _ in range(m)]
        for t in range(m):
            self.cand_mask[t][self.cand[t]] = True
        self.stale_rows = [True] * m
        self.freed: set[int] = set()
        self.visited = np.zeros(n, dtype=bool)
        self.routes: list[list[int]] = [[] for _ in range(m)]
        self.slow: list[SlowTour | None] = []
        self.open: list[Array] = []
        self.close: list[Array] = []
        for t in range(m):
            windows = problem.tour_windows(t)
            spec = problem.tours[t]
            multi = any(len(windows[v]) > 1 for v in problem.allowed_on(t))
            self.slow.append(SlowTour(problem, t) if multi or spec.pause is not None else None)
            self.open.append(np.array([w[0][0] if w else 0 for w in windows], dtype=np.int64))
            self.close.append(np.array([w[0][1] if w else -1 for w in windows], dtype=np.int64))
        self.limit = [BIG if s.max_travel is None else s.max_travel for s in problem.tours]
        self.seq: list[list[int]] = [[] for _ in range(m)]
        self.dep: list[list[int]] = [[] for _ in range(m)]
        self.la: list[list[int]] = [[] for _ in range(m)]
        self.travel = [0] * m
        self.ends = [0] * m
        self.bad = [-1] * m  # index of a visit to drop to restore feasibility, or -1
        self.np_cache: list[tuple[Array, ...]] = [() for _ in range(m)]
        self.shift = np.full((m, n), np.inf)
        self.pos = np.zeros((m, n), dtype=np.int64)
        for t in range(m):
            self.refresh(t)
        self.best_routes: list[list[int]] = [[] for _ in range(m)]
        self.best_key = (-1.0, 0)

    # ------------------------------------------------------------------ tour times
    def refresh(self, t: int) -> None:
        """Recompute the cached times of tour ``t`` after it changed."""
        self.stale_rows[t] = True
        spec = self.p.tours[t]
        T, dur = self.T, self.dur
        seq = [spec.start, *self.routes[t], spec.end]
        self.seq[t] = seq
        opn, cls = self.open[t], self.close[t]
        dep = [spec.earliest_departure]
        travel = 0
        prev = seq[0]
        bad = -1
        for index, v in enumerate(seq[1:-1]):
            a = dep[-1] + T[prev][v]
            travel += T[prev][v]
            o = int(opn[v])
            if bad < 0 and a > cls[v]:
                bad = index
            dep.append((a if a > o else o) + dur[v])
            prev = v
        travel += T[prev][seq[-1]]
        self.travel[t] = travel
        late = dep[-1] + T[prev][seq[-1]] > spec.latest_arrival or travel > self.limit[t]
        self.bad[t] = len(seq) - 3 if bad < 0 and late else bad
        self.dep[t] = dep
        k = len(seq) - 1
        la = [0] * (k + 1)
        la[k] = spec.latest_arrival
        for p in range(k - 1, 0, -1):
            v = seq[p]
            x = la[p + 1] - T[v][seq[p + 1]] - dur[v]
            c = int(cls[v])
            la[p] = x if x < c else c
        self.la[t] = la
        slow = self.slow[t]
        if slow is not None:
            end = slow.end_time(self.routes[t])
            self.ends[t] = BIG if end is None else end
            self.bad[t] = len(seq) - 3 if end is None else -1
            return
        self.ends[t] = dep[-1] + T[prev][seq[-1]]
        self.np_cache[t] = ()

    def arrays(self, t: int) -> tuple[Array, ...]:
        """Return numpy views of tour ``t``: stops before/after each gap, departures, LA, travel."""
        cached = self.np_cache[t]
        if not cached:
            seq = self.seq[t]
            sp = np.array(seq[:-1], dtype=np.int64)
            sq = np.array(seq[1:], dtype=np.int64)
            dep = np.array(self.dep[t], dtype=np.int64)
            cached = (sp, sq, dep, np.array(self.la[t], dtype=np.int64), self.Tm[sp, sq])
            self.np_cache[t] = cached
        return cached

    def end_time(self, t: int) -> int:
        """Arrival time at the end node of tour ``t``."""
        return self.ends[t]

    # ------------------------------------------------------------------ insertion
    def scan(self, t: int, nodes: Array | None = None) -> None:
        """Recompute the best insertion (shift, position) of free nodes into tour ``t``.

        All free candidates of the tour by default, else only those among ``nodes``.
        """
        row = self.shift[t]
        if nodes is None:
            cand = self.cand[t]
            row.fill(np.inf)
            self.stale_rows[t] = False
        else:
            cand = nodes[self.cand_mask[t][nodes]]
            row[cand] = np.inf
        C = cand[~self.visited[cand]]
        if C.size == 0:
            return
        slow = self.slow[t]
        if slow is not None:
            values, positions = slow.scan(self.routes[t], C)
            row[C] = values
            self.pos[t, C] = positions
            return
        sp, sq, dep, la, tpq = self.arrays(t)
        tpj = self.TmT[np.ix_(C, sp)]
        a = dep + tpj
        s = np.maximum(a, self.open[t][C][:, None])
        tjq = self.Tm[np.ix_(C, sq)]
        e = s + (self.dur_np[C][:, None] + tjq)
        ok = (a <= self.close[t][C][:, None]) & (e <= la[1:])
        if self.limit[t] < BIG:
            ok &= tpj + tjq <= (self.limit[t] - self.travel[t]) + tpq
        shift = np.where(ok, e - (dep + tpq), BIG)
        pos = shift.argmin(axis=1)
        best = shift[np.arange(C.size), pos]
        good = best < BIG
        row[C[good]] = best[good]
        self.pos[t, C] = pos

    def insert_all(self) -> None:
        """Insert free nodes by best ratio ``w² / shift`` until none fits."""
        freed = np.array(sorted(self.freed), dtype=np.int64)
        self.freed.clear()
        for t in range(self.m):
            if self.stale_rows[t]:
                self.scan(t)
            elif freed.size:
                self.scan(t, freed)
        while True:
            best = self.shift.min(axis=0)
            ratio = self.w2 / (np.maximum(best, 0.0) + 1.0)
            if self.params.noise > 0.0:
                ratio *= 1.0 - self.params.noise * self.nprng.random(self.n)
            j = int(ratio.argmax())
            if ratio[j] <= 0.0:
                return
            t = int(self.shift[:, j].argmin())
            self.routes[t].insert(int(self.pos[t, j]), j)
            self.visited[j] = True
            self.shift[:, j] = np.inf
            self.refresh(t)
            self.scan(t)

    # ------------------------------------------------------------------ replace
    def best_replace(self, t: int) -> tuple[float, int, int]:
        """Best (gain, position, node) for putting a free node in place of a visit of ``t``."""
        cand = self.cand[t]
        C = cand[~self.visited[cand]]
        if C.size == 0 or not self.routes[t]:
            return (0.0, -1, -1)
        slow = self.slow[t]
        if slow is not None:
            return slow.best_replace(self.routes[t], C, self.w)
        sp, sq, dep, la, tpq = self.arrays(t)
        pp, qq, vv = sp[:-1], sq[1:], sp[1:]
        tpj = self.TmT[np.ix_(C, pp)]
        a = dep[:-1] + tpj
        s = np.maximum(a, self.open[t][C][:, None])
        tjq = self.Tm[np.ix_(C, qq)]
        e = s + (self.dur_np[C][:, None] + tjq)
        ok = (a <= self.close[t][C][:, None]) & (e <= la[2:])
        if self.limit[t] < BIG:
            old = tpq[:-1] + tpq[1:]
            ok &= tpj + tjq <= (self.limit[t] - self.travel[t]) + old
        gain = np.where(ok, self.w_np[C][:, None] - self.w_np[vv][None, :], 0.0)
        flat = int(gain.argmax())
        i, p = divmod(flat, gain.shape[1])
        return (float(gain[i, p]), p, int(C[i]))

    def replace_all(self) -> None:
        """Apply improving replacements (each followed by insertions) until none is left."""
        while True:
            found = max(((*self.best_replace(t), t) for t in range(self.m)), default=None)
            if found is None or found[0] <= 0.0:
                return
            _, p, j, t = found
            old = self.routes[t][p]
            self.routes[t][p] = j
            self.visited[j] = True
            self.shift[:, j] = np.inf
            self.visited[old] = False
            self.freed.add(old)
            self.refresh(t)
            self.insert_all()

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
        saved = (seq, self.dep[t], self.la[t], self.travel[t], self.ends[t], self.bad[t],
                 self.np_cache[t], self.stale_rows[t])
        del self.routes[t][p]
        self.refresh(t)
        target = None if self.bad[t] >= 0 else self._cheapest(v, saving)
        if target is None:
            self.routes[t].insert(p, v)
            (self.seq[t], self.dep[t], self.la[t], self.travel[t], self.ends[t], self.bad[t],
             self.np_cache[t], self.stale_rows[t]) = saved
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
            dep, la = self.dep[u], self.la[u]
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
            seq = self.seq[t]
            s = np.array(seq, dtype=np.int64)
            mat = self.Tm[s[:, None], s[None, :]]
            fwd = np.concatenate(([0], np.cumsum(np.diagonal(mat, 1))))
            bwd = np.concatenate(([0], np.cumsum(np.diagonal(mat, -1))))
            k = len(seq) - 2
            i = np.arange(k)[:, None]
            j = np.arange(1, k + 1)[None, :]
            delta = (mat[i, j] + mat[i + 1, j + 1] - mat[i, i + 1] - mat[j, j + 1]
                     + (bwd[j] - bwd[i + 1]) - (fwd[j] - fwd[i + 1]))
            delta = np.where(j >= i + 2, delta, 0)
            order = np.argsort(delta, axis=None)
            applied = False
            for flat in order[:50].tolist():
                a, b = divmod(flat, k)
                if delta[a, b] >= 0:
                    break
                if self._reversal_fits(t, a, b + 1):
                    route = self.routes[t]
                    route[a:b + 1] = route[a:b + 1][::-1]
                    self.refresh(t)
                    applied = True
                    break
            if not applied:
                return

    def _reversal_fits(self, t: int, i: int, j: int) -> bool:
        """Whether reversing positions ``i+1 … j`` of tour ``t`` keeps it feasible."""
        seq, T, dur = self.seq[t], self.T, self.dur
        opn, cls = self.open[t], self.close[t]
        when, prev = self.dep[t][i], seq[i]
        for p in range(j, i, -1):
            v = seq[p]
            a = when + T[prev][v]
            if a > cls[v]:
                return False
            o = int(opn[v])
            when = (a if a > o else o) + dur[v]
            prev = v
        return bool(when + T[prev][seq[j + 1]] <= self.la[t][j + 1])

    def polish(self) -> None:
        """Lower travel with 2-opt and relocate, then insert and replace again."""
        for t in range(self.m):
            self.two_opt(t)
        if self.params.relocate:
            self.relocate_all()
        self.insert_all()
        if self.params.replace:
            self.replace_all()

    # ------------------------------------------------------------------ shake, run
    def shake(self, size: int, start: int, first_tour: int = 0) -> None:
        """Remove ``size`` consecutive visits from some tours, from index ``start`` on."""
        count = self.params.shake_tours or self.m
        for t in sorted({(first_tour + k) % self.m for k in range(count)}):
            route = self.routes[t]
            k = len(route)
            if k == 0:
                continue
            first = start % k
            drop = {(first + i) % k for i in range(min(size, k))}
            for i in drop:
                self.visited[route[i]] = False
                self.freed.add(route[i])
            self.routes[t] = [v for i, v in enumerate(route) if i not in drop]
            self.refresh(t)
            self.repair(t)

    def repair(self, t: int) -> None:
        """Drop visits of tour ``t`` until it is feasible.

        Removing a visit can break a tour when travel times violate the triangle
        inequality, as truncated distances may.
        """
        while self.bad[t] >= 0 and self.routes[t]:
            v = self.routes[t].pop(self.bad[t])
            self.visited[v] = False
            self.freed.add(v)
            self.refresh(t)

    def key(self) -> tuple[float, int]:
        """Objective: summed weight of the visits, then least total arrival time."""
        weight = float(self.w_np[self.visited].sum())
        return (weight, -sum(self.end_time(t) for t in range(self.m)))

    def load(self, routes: list[list[int]]) -> None:
        """Make ``routes`` the current solution."""
        self.routes = [list(r) for r in routes]
        self.visited[:] = False
        for r in self.routes:
            self.visited[r] = True
        for t in range(self.m):
            self.refresh(t)

    def local_optimum(self) -> None:
        """Insert, then replace, until neither improves."""
        self.insert_all()
        if self.params.replace:
            self.replace_all()
        if self.params.polish_rate and self.rng.random() < self.params.polish_rate:
            self.polish()

    def record(self) -> bool:
        """Keep the current solution if it beats the best; return whether it did."""
        key = self.key()
        if key <= self.best_key or max(self.bad) >= 0:
            return False
        self.polish()
        key = self.key()
        self.best_key = key
        self.best_routes = [list(r) for r in self.routes]
        return True

    def run(self, deadline: float | None, max_iterations: int | None) -> int:
        """Run the iterated local search; return the number of shake iterations done."""
        self.local_optimum()
        self.record()
        size, start, stale, it = 1, 0, 0, 0
        longest = max((len(r) for r in self.routes), default=0)
        while (max_iterations is None or it < max_iterations) and (
            deadline is None or time.perf_counter() < deadline
        ):
            if bool(self.visited[self.every].all()):
                break  # every node that may be visited is: the score cannot grow
            it += 1
            self.shake(size, start, it)
            self.local_optimum()
            if self.record():
                size, stale = 1, 0
                longest = max((len(r) for r in self.routes), default=0)
            else:
                stale += 1
            cap = max(2, int(self.params.shake_fraction * longest / self.m))
            size = self.rng.randint(1, min(cap, 2 + stale // self.params.grow))
            start = self.rng.randrange(max(1, longest))
            if stale >= self.params.max_no_improve:
                fresh = self.rng.random() < self.params.fresh_rate
                self.load([[] for _ in range(self.m)] if fresh else self.best_routes)
                stale = 0
                size = self.rng.randint(1, max(1, longest // 2))
                start = self.rng.randrange(max(1, longest))
        return it
