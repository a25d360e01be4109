"""Inner loops of the iterated local search (private; see :mod:`tourlink.planner.search`).

Data lives in plain lists and numpy arrays prepared once; a tour's cached times
(``dep``: departure from each position, ``la``: latest feasible arrival at each
position) are rebuilt only when the tour changes.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

import numpy as np

from tourlink.planner._pool import RoutePool
from tourlink.planner._slow import SlowTour
from tourlink.planner.problem import Problem

if TYPE_CHECKING:
    from tourlink.planner.search import SolveParams

Array = np.ndarray[Any, Any]
BIG = 1 << 50


class Core:
    """State of one search: current routes, cached tour times, best routes; insertion."""

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
        self.rep_cache: list[tuple[float, int, int] | None] = [None] * m
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
        self.monotone = _monotone(self.Tm, self.dur_np, self.every, any(
            s.max_travel is not None for s in problem.tours))
        self.open_l = [a.tolist() for a in self.open]
        self.close_l = [a.tolist() for a in self.close]
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
        classes: dict[object, int] = {}
        kinds = [classes.setdefault(spec, len(classes)) for spec in problem.tours]
        self.pool = RoutePool(kinds) if m > 1 and params.recombine else None
        self.pooled = 0

    # ------------------------------------------------------------------ tour times
    def refresh(self, t: int) -> None:
        """Recompute the cached times of tour ``t`` after it changed."""
        self.stale_rows[t] = True
        self.rep_cache[t] = None
        spec = self.p.tours[t]
        T, dur = self.T, self.dur
        seq = [spec.start, *self.routes[t], spec.end]
        self.seq[t] = seq
        opn, cls = self.open_l[t], self.close_l[t]
        dep = [spec.earliest_departure]
        travel = 0
        prev = seq[0]
        bad = -1
        for index, v in enumerate(seq[1:-1]):
            a = dep[-1] + T[prev][v]
            travel += T[prev][v]
            o = opn[v]
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
            c = cls[v]
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
        # departures and latest arrivals never decrease along a tour, so a node fits
        # only in gaps lo … hi: leaving before its closing, arriving late enough after
        opn, cls = self.open[t][C], self.close[t][C]
        lo = np.searchsorted(la[1:], opn + self.dur_np[C])
        hi = np.searchsorted(dep, cls, side="right")
        keep = lo < hi
        if not keep.all():
            C, opn, cls, lo, hi = C[keep], opn[keep], cls[keep], lo[keep], hi[keep]
            if C.size == 0:
                return
        first, last = int(lo.min()), int(hi.max())
        sp, sq, dep, tpq, la1 = (sp[first:last], sq[first:last], dep[first:last],
                                 tpq[first:last], la[1 + first:1 + last])
        tpj = self.TmT[C[:, None], sp]
        a = dep + tpj
        s = np.maximum(a, opn[:, None])
        tjq = self.Tm[C[:, None], sq]
        e = s + (self.dur_np[C][:, None] + tjq)
        ok = (a <= cls[:, None]) & (e <= la1)
        if self.limit[t] < BIG:
            ok &= tpj + tjq <= (self.limit[t] - self.travel[t]) + tpq
        shift = np.where(ok, e - (dep + tpq), BIG)
        pos = shift.argmin(axis=1)
        best = shift[np.arange(C.size), pos]
        good = best < BIG
        row[C[good]] = best[good]
        self.pos[t, C] = pos + first

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
            if self.slow[t] is None and self.monotone:
                # an insertion only delays the tour: nodes that did not fit still do not
                self.scan(t, np.flatnonzero(self.shift[t] < np.inf))
                self.stale_rows[t] = False
            else:
                self.scan(t)

    # ------------------------------------------------------------------ replace
    def best_replace(self, t: int) -> tuple[float, int, int]:
        """Best (gain, position, node) for putting a free node in place of a visit of ``t``."""
        cand = self.cand[t]
        if not self.routes[t]:
            return (0.0, -1, -1)
        low = min(self.w[v] for v in self.routes[t])
        C = cand[~self.visited[cand] & (self.w_np[cand] > low)]
        if C.size == 0:
            return (0.0, -1, -1)
        slow = self.slow[t]
        if slow is not None:
            return slow.best_replace(self.routes[t], C, self.w)
        sp, sq, dep, la, tpq = self.arrays(t)
        opn, cls = self.open[t][C], self.close[t][C]
        lo = np.searchsorted(la[2:], opn + self.dur_np[C])
        hi = np.searchsorted(dep[:-1], cls, side="right")
        keep = lo < hi
        if not keep.all():
            C, opn, cls, lo, hi = C[keep], opn[keep], cls[keep], lo[keep], hi[keep]
            if C.size == 0:
                return (0.0, -1, -1)
        f, z = int(lo.min()), int(hi.max())
        pp, qq, vv = sp[f:z], sq[f + 1:z + 1], sp[f + 1:z + 1]
        tpj = self.TmT[C[:, None], pp]
        a = dep[f:z] + tpj
        s = np.maximum(a, opn[:, None])
        tjq = self.Tm[C[:, None], qq]
        e = s + (self.dur_np[C][:, None] + tjq)
        ok = (a <= cls[:, None]) & (e <= la[f + 2:z + 2])
        if self.limit[t] < BIG:
            old = tpq[f:z] + tpq[f + 1:z + 1]
            ok &= tpj + tjq <= (self.limit[t] - self.travel[t]) + old
        gain = np.where(ok, self.w_np[C][:, None] - self.w_np[vv][None, :], 0.0)
        flat = int(gain.argmax())
        i, p = divmod(flat, gain.shape[1])
        return (float(gain[i, p]), p + f, int(C[i]))

    def replace_all(self) -> None:
        """Apply improving replacements (each followed by insertions) until none is left."""
        while True:
            for t in range(self.m):
                cached = self.rep_cache[t]
                if cached is None or (cached[2] >= 0 and self.visited[cached[2]]):
                    self.rep_cache[t] = self.best_replace(t)
            found = max((*r, t) for t, r in enumerate(self.rep_cache) if r is not None)
            if found[0] <= 0.0:
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


def _monotone(travel: Array, durations: Array, nodes: Array, limited: bool) -> bool:
    """Whether inserting a visit never lets a node fit that did not fit before.

    True when ``travel[i][k] <= travel[i][j] + durations[j] + travel[j][k]`` for all
    ``i, k`` and visitable ``j`` (and, for a driving limit, the plain triangle inequality).
    """
    extra = np.zeros_like(durations) if limited else durations
    for j in nodes.tolist():
        detour = travel[:, j, None] + (extra[j] + travel[None, j, :])
        if bool((detour < travel).any()):
            return False
    return True
