"""Inner loops of the iterated local search (private; see :mod:`tourlink.engine.search`).

Data lives in plain lists and numpy arrays prepared once (:class:`~._model.TourModel`);
a tour's cached times (the two-state departures and latest arrivals of
:func:`~._schedule.tour_times`) are rebuilt only when the tour changes.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

import numpy as np

from tourlink.engine._kernels import best_swap, greedy_insert, scan_free
from tourlink.engine._model import TourModel
from tourlink.engine._pool import RoutePool
from tourlink.engine._schedule import tour_times
from tourlink.engine.problem import Problem

if TYPE_CHECKING:
    from tourlink.engine.search import SolveParams

Array = np.ndarray[Any, Any]
MEMO = 256
"""Routes per tour whose cached times :meth:`Core.refresh` keeps for reuse."""


class Core:
    """State of one search: current routes, cached tour times, best routes; insertion."""

    def __init__(self, problem: Problem, params: SolveParams, rng: random.Random) -> None:
        self.p = problem
        self.params = params
        self.rng = rng
        # The seed of a numpy generator, drawn to keep every walk's random stream; the
        # generator itself (tens of microseconds to make) only when asked for.
        self._np_seed = rng.randrange(1 << 62)
        self._nprng: np.random.Generator | None = None
        n, m = problem.num_nodes, problem.num_tours
        self.n, self.m = n, m
        self.model = model = TourModel(problem)
        self.T = [list(row) for row in problem.travel]
        self.dur = list(problem.durations)
        self.w = model.weights
        self.w2 = self.w**2
        self.wl: list[list[float]] = self.w.tolist()
        self.firsts = [spec.start for spec in problem.tours]
        self.lasts = [spec.end for spec in problem.tours]
        allowed = [problem.allowed_on(t) for t in range(m)]
        self.cand = [np.array(a, dtype=np.int64) for a in allowed]
        self.cand_set = [set(a) for a in allowed]
        self.by_weight = [
            c[np.argsort(-self.w[t][c], kind="stable")] for t, c in enumerate(self.cand)
        ]
        self.every = np.array(sorted(set().union(*self.cand_set)), dtype=np.int64)
        self.cand2 = np.zeros((m, n), dtype=bool)
        for t in range(m):
            self.cand2[t][self.cand[t]] = True
        self.stale_rows = [True] * m
        self.rep_cache: list[tuple[float, int, int] | None] = [None] * m
        self.freed: set[int] = set()
        self.visited = np.zeros(n, dtype=bool)
        self.routes: list[list[int]] = [[] for _ in range(m)]
        self.stops = np.zeros((m, n + 2), dtype=np.int64)
        self.lengths = np.zeros(m, dtype=np.int64)
        self.counts = np.zeros((m, model.member.shape[0]), dtype=np.int64)
        self.blocked = np.zeros((m, n), dtype=bool)  # nodes a visit cap keeps off a tour
        self.seq: list[list[int]] = [[] for _ in range(m)]
        self.travel = [0] * m
        self.ends = [0] * m
        self.bad = [-1] * m  # index of a visit to drop to restore feasibility, or -1
        self.times: list[tuple[Any, ...]] = [() for _ in range(m)]  # see arrays()
        self.shift = np.full((m, n), np.inf)
        self.pos = np.zeros((m, n), dtype=np.int64)
        self.memo: list[dict[tuple[int, ...], Any]] = [{} for _ in range(m)]
        self.weights = [0.0] * m  # summed weight of each tour's visits (see refresh)
        # Each tour's rows of the arrays above (views, made once: numba unboxes them
        # faster than fresh ones) and its static data, as scan() passes them.
        self.rows = [(self.blocked[t], self.cand2[t]) for t in range(m)]
        self.tails = [(*model.data[t], self.shift[t], self.pos[t]) for t in range(m)]
        self.swap_tails = [
            (*model.data[t], self.counts[t], model.caps[t], model.member) for t in range(m)
        ]
        for t in range(m):
            self.refresh(t)
        self.best_routes: list[list[int]] = [[] for _ in range(m)]
        self.best_key = (-1.0, 0)
        classes: dict[object, int] = {}
        kinds = [classes.setdefault(spec, len(classes)) for spec in problem.tours]
        self.pool = RoutePool(kinds) if m > 1 and params.recombine else None
        self.pooled = 0

    @property
    def nprng(self) -> np.random.Generator:
        """A numpy random generator of this search (made on first use)."""
        if self._nprng is None:
            self._nprng = np.random.default_rng(self._np_seed)
        return self._nprng

    # ------------------------------------------------------------------ tour times
    def refresh(self, t: int) -> None:
        """Recompute the cached times of tour ``t`` after it changed.

        The walk often goes back to a route it had (a rejected shake, a reversal or
        look-ahead undone): the times, visit counts, capped nodes and summed weight of a
        tour's last :data:`MEMO` routes are kept and reused (they depend on the route
        alone).
        """
        self.stale_rows[t] = True
        self.rep_cache[t] = None
        route = self.routes[t]
        memo = self.memo[t]
        key = tuple(route)
        hit = memo.get(key)
        if hit is None:
            if len(memo) >= MEMO:
                del memo[next(iter(memo))]
            hit = memo[key] = self._times_of(t, route)
        seq, times, counts, blocked, self.weights[t], self.bad[t] = hit
        self.seq[t] = seq
        self.times[t] = times
        self.travel[t], self.ends[t] = times[5], times[6]
        size = len(seq)
        self.stops[t, :size] = times[0]
        self.lengths[t] = size
        if counts is not None:
            self.counts[t] = counts
            self.blocked[t] = blocked

    def _times_of(self, t: int, route: list[int]) -> tuple[Any, ...]:
        """Compute what :meth:`refresh` caches for ``route`` on tour ``t``."""
        seq = [self.firsts[t], *route, self.lasts[t]]
        seq_np = np.array(seq, dtype=np.int64)
        plain, rested, late_plain, late_rested, travel, end, bad = tour_times(
            seq_np, *self.model.data[t]
        )
        counts: list[int] | None = None
        blocked: Array | None = None
        if self.model.capped[t]:
            counts = self.model.counts(route)
            blocked = self.model.blocked(t, len(route), counts)
        times = (seq_np, plain, rested, late_plain, late_rested, travel, end)
        return (seq, times, counts, blocked, self.weight(t, route), bad)

    def arrays(self, t: int) -> tuple[Any, ...]:
        """Return the cached times of tour ``t`` (see :func:`~._schedule.tour_times`)."""
        return self.times[t]

    def end_time(self, t: int) -> int:
        """Arrival time at the end node of tour ``t`` (``NONE`` if it is infeasible)."""
        return self.ends[t]

    def weight(self, t: int, route: list[int]) -> float:
        """Return the summed weight of ``route`` on tour ``t``."""
        # Weights are whole numbers (scores and bonuses are integers): any order of
        # summation gives the same float, and a list beats numpy's fancy indexing here.
        return float(sum(map(self.wl[t].__getitem__, route))) if route else 0.0

    # ------------------------------------------------------------------ insertion
    def scan(self, t: int, nodes: Array | None = None) -> None:
        """Recompute the best insertion (shift, position) of free nodes into tour ``t``.

        All free candidates of the tour by default, else only those among ``nodes``.
        """
        full = nodes is None
        if full:
            self.stale_rows[t] = False
        scan_free(
            self.cand[t] if nodes is None else nodes,
            full,
            self.visited,
            *self.rows[t],
            *self.times[t],
            *self.tails[t],
        )

    def insert_all(self) -> None:
        """Insert free nodes by best ratio ``w² / shift`` until none fits (compiled)."""
        freed = np.array(sorted(self.freed), dtype=np.int64)
        self.freed.clear()
        for t in range(self.m):
            if self.stale_rows[t]:
                self.scan(t)
            elif freed.size:
                self.scan(t, freed)
        model = self.model
        count = greedy_insert(
            self.stops,
            self.lengths,
            *model.stacked,
            model.travel,
            model.durations,
            self.cand2,
            self.visited,
            self.shift,
            self.pos,
            self.w2,
            self.params.noise,
            self.rng.randrange(1 << 32),
            model.monotone,
            self.counts,
            model.caps,
            model.member,
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
        if not self.routes[t]:
            return (0.0, -1, -1)
        w = self.w[t]
        heavy = self.by_weight[t]  # heaviest first: fewer to check (the kernel skips light ones)
        C = heavy[~self.visited[heavy]]
        if C.size == 0:
            return (0.0, -1, -1)
        gain, p, j = best_swap(C, w, *self.times[t], *self.swap_tails[t])
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
