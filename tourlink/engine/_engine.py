"""Inner loops of the iterated local search (private; see :mod:`tourlink.engine.search`).

Data lives in plain lists and numpy arrays prepared once; a tour's cached times
(``dep``: departure from each position, ``la``: latest feasible arrival at each
position) are rebuilt only when the tour changes.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

import numpy as np

from tourlink.engine._kernels import best_swap, greedy_insert, scan_gaps, tour_times
from tourlink.engine._pool import RoutePool
from tourlink.engine._slow import SlowTour
from tourlink.engine.problem import Problem

if TYPE_CHECKING:
    from tourlink.engine.search import SolveParams

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
        self.monotone = _monotone(
            self.Tm, self.dur_np, self.every, any(s.max_travel is not None for s in problem.tours)
        )
        self.limit = [BIG if s.max_travel is None else s.max_travel for s in problem.tours]
        # the whole insertion phase runs compiled when every tour has the simple form
        self.compiled = all(slow is None for slow in self.slow)
        self.stops = np.zeros((m, n + 2), dtype=np.int64)
        self.lengths = np.zeros(m, dtype=np.int64)
        self.tour_bounds = tuple(
            np.array(values, dtype=np.int64)
            for values in (
                [s.earliest_departure for s in problem.tours],
                [s.latest_arrival for s in problem.tours],
                self.limit,
            )
        )
        self.open2, self.close2 = np.stack(self.open), np.stack(self.close)
        self.cand2 = np.stack(self.cand_mask)
        self.seq: list[list[int]] = [[] for _ in range(m)]
        self.travel = [0] * m
        self.ends = [0] * m
        self.bad = [-1] * m  # index of a visit to drop to restore feasibility, or -1
        self.times: list[tuple[Array, ...]] = [() for _ in range(m)]  # see arrays()
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
        seq = [spec.start, *self.routes[t], spec.end]
        self.seq[t] = seq
        seq_np = np.array(seq, dtype=np.int64)
        dep, la, travel, end, bad = tour_times(
            seq_np,
            self.Tm,
            self.dur_np,
            self.open[t],
            self.close[t],
            spec.earliest_departure,
            spec.latest_arrival,
            self.limit[t],
        )
        self.travel[t], self.bad[t] = int(travel), int(bad)
        self.times[t] = (seq_np, dep, la)
        slow = self.slow[t]
        if slow is not None:
            slow_end = slow.end_time(self.routes[t])
            self.ends[t] = BIG if slow_end is None else slow_end
            self.bad[t] = len(seq) - 3 if slow_end is None else -1
            return
        self.ends[t] = int(end)

    def arrays(self, t: int) -> tuple[Array, ...]:
        """Return numpy arrays of tour ``t``: its stops, departures and latest arrivals."""
        return self.times[t]

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
        seq, dep, la = self.arrays(t)[:3]
        room = BIG if self.limit[t] >= BIG else self.limit[t] - self.travel[t]
        scan_gaps(
            C,
            seq,
            dep,
            la,
            self.Tm,
            self.dur_np,
            self.open[t],
            self.close[t],
            room,
            row,
            self.pos[t],
        )

    def insert_all(self) -> None:
        """Insert free nodes by best ratio ``w² / shift`` until none fits."""
        freed = np.array(sorted(self.freed), dtype=np.int64)
        self.freed.clear()
        for t in range(self.m):
            if self.stale_rows[t]:
                self.scan(t)
            elif freed.size:
                self.scan(t, freed)
        if self.compiled:
            self._insert_compiled()
            return
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

    def _insert_compiled(self) -> None:
        """Run the insertion loop of :meth:`insert_all` in a compiled kernel."""
        for t in range(self.m):
            seq = self.seq[t]
            self.stops[t, : len(seq)] = seq
            self.lengths[t] = len(seq)
        earliest, latest, limit = self.tour_bounds
        count = greedy_insert(
            self.stops,
            self.lengths,
            earliest,
            latest,
            limit,
            self.Tm,
            self.dur_np,
            self.open2,
            self.close2,
            self.cand2,
            self.visited,
            self.shift,
            self.pos,
            self.w2,
            self.params.noise,
            self.rng.randrange(1 << 32),
            self.monotone,
        )
        if count:
            for t in range(self.m):
                size = int(self.lengths[t])
                if size != len(self.seq[t]):
                    self.routes[t] = self.stops[t, 1 : size - 1].tolist()
                    self.refresh(t)
                    self.stale_rows[t] = False  # the kernel kept the row up to date

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
        C = C[np.argsort(-self.w_np[C], kind="stable")]  # heaviest first: fewer to check
        seq, dep, la = self.arrays(t)[:3]
        room = BIG if self.limit[t] >= BIG else self.limit[t] - self.travel[t]
        gain, p, j = best_swap(
            C, self.w_np, seq, dep, la, self.Tm, self.dur_np, self.open[t], self.close[t], room
        )
        return (float(gain), int(p), int(j))

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
