"""Main loop of the iterated local search: shake, restarts, route pool (private).

See :mod:`tourlink.engine.search` for the method.
"""

from __future__ import annotations

import math
import time

import numpy as np

from tourlink.engine._polish import Polisher

LOOK_AHEAD = 8
"""Segment exchanges per pair of tours that :meth:`Engine.look_ahead` tries."""
NO_FLOOR = 1 << 50
"""Larger than any travel: exchanges may cost any travel."""


class Engine(Polisher):
    """One search: :class:`Polisher` plus the shake, the restarts and the walk."""

    # ------------------------------------------------------------------ shake, run
    def shake(self, size: int, start: int, first_tour: int = 0) -> None:
        """Remove ``size`` consecutive visits from some tours, from index ``start`` on.

        With probability ``params.tabu_rate`` the removed visits may not go back to
        their tour in the next insertion phase (they may in the one after it).
        """
        self.tabu: list[tuple[int, int]] = []
        if self.params.seed_rate and self.rng.random() < self.params.seed_rate and self.reseed():
            return
        if self.params.cut_rate and self.rng.random() < self.params.cut_rate and self.cut():
            return
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
                self.tabu.append((t, route[i]))
            self.routes[t] = [v for i, v in enumerate(route) if i not in drop]
            self.refresh(t)
            self.repair(t)
            if len(self.routes[t]) > 1 and self.rng.random() < self.params.reverse_rate:
                self.reverse_some(t)

    def cut(self) -> bool:
        """Remove a contiguous quarter to a half of one tour's visits; return if done.

        The tour is drawn at random among those with at least two visits; the removed
        visits fall under the shake's tabu like any other. A tour left infeasible by the
        removal (travel times against the triangle inequality) is repaired.
        """
        tours = [t for t in range(self.m) if len(self.routes[t]) > 1]
        if not tours:
            return False
        t = self.rng.choice(tours)
        route = self.routes[t]
        k = len(route)
        size = self.rng.randint(max(1, k // 4), max(1, k // 2))
        first = self.rng.randrange(k - size + 1)
        for v in route[first : first + size]:
            self.visited[v] = False
            self.freed.add(v)
            self.tabu.append((t, v))
        self.routes[t] = route[:first] + route[first + size :]
        self.refresh(t)
        self.repair(t)
        return True

    def reseed(self) -> bool:
        """Empty a tour around a free node heavier than each of its visits; return if done.

        The node is drawn by squared weight among the free nodes some tour may visit on
        its own and whose visits it outweighs; the tour is then ``[node]``, refilled by
        the insertion phase that follows.
        """
        pairs: list[tuple[int, int]] = []
        odds: list[float] = []
        for t in range(self.m):
            route = self.routes[t]
            heaviest = float(self.w[t, route].max()) if route else 0.0
            for v in self.by_weight[t]:
                if self.w[t, v] <= heaviest:
                    break  # heaviest first: the rest weigh no more
                if not self.visited[v] and self.shift[t, v] == np.inf:
                    pairs.append((t, int(v)))
                    odds.append(float(self.w2[t, v]))
        if not pairs:
            return False
        t, v = self.rng.choices(pairs, weights=odds)[0]
        old = self.routes[t]
        self.routes[t] = [v]
        self.refresh(t)
        if self.bad[t] >= 0:
            self.routes[t] = old
            self.refresh(t)
            return False
        for u in old:
            self.visited[u] = False
            self.freed.add(u)
        self.visited[v] = True
        self.shift[:, v] = np.inf
        return True

    def reverse_some(self, t: int) -> None:
        """Reverse a random segment of tour ``t`` if the tour stays feasible.

        Insertion alone never reorders visits, and an order that ends a tour early
        can still leave no room for the nodes that fit around another order.
        """
        route = self.routes[t]
        i = self.rng.randrange(len(route) - 1)
        j = self.rng.randrange(i + 2, len(route) + 1)
        route[i:j] = route[i:j][::-1]
        self.refresh(t)
        if self.bad[t] >= 0:
            route[i:j] = route[i:j][::-1]
            self.refresh(t)

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
        weight = sum(self.weights)
        return (weight, -sum(self.end_time(t) for t in range(self.m)))

    def load(self, routes: list[list[int]]) -> None:
        """Make ``routes`` the current solution."""
        self.routes = [list(r) for r in routes]
        self.visited[:] = False
        for r in self.routes:
            self.visited[r] = True
        for t in range(self.m):
            self.refresh(t)

    def warm_start(self, routes: list[list[int]]) -> None:
        """Start from ``routes``: drop repeated or disallowed visits, then infeasible ones."""
        seen: set[int] = set()
        kept: list[list[int]] = []
        for t in range(self.m):
            route = routes[t] if t < len(routes) else []
            allowed = self.cand_set[t]
            mine: list[int] = []
            for v in route:
                if v in allowed and v not in seen and self._fits_caps(t, mine, v):
                    seen.add(v)
                    mine.append(v)
            kept.append(mine)
        self.load(kept)
        for t in range(self.m):
            self.repair(t)

    def _fits_caps(self, t: int, route: list[int], v: int) -> bool:
        """Whether ``v`` may join ``route`` on tour ``t`` under the visit caps."""
        return not self.model.blocked(t, len(route), self.model.counts(route))[v]

    def local_optimum(self) -> None:
        """Insert, then replace, until neither improves (first with the shake's tabu)."""
        tabu = getattr(self, "tabu", [])
        if tabu and self.rng.random() < self.params.tabu_rate:
            for t, v in tabu:
                self.cand2[t, v] = False
                self.shift[t, v] = np.inf
            self.insert_all()
            for t, v in tabu:
                self.cand2[t, v] = True
            for t in {t for t, _ in tabu}:
                back = np.array([v for u, v in tabu if u == t], dtype=np.int64)
                if not self.stale_rows[t]:
                    self.scan(t, back)
        self.tabu = []
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
        self.remember()
        return True

    def run(
        self, deadline: float | None, max_iterations: int | None, converge: int | None = None
    ) -> tuple[int, str]:
        """Run the iterated local search; return the shake iterations done and why it stopped.

        The reason is ``"converged"`` (every node that may be visited is, or ``converge``
        iterations in a row found no new best), ``"iterations"`` or ``"time"``.
        """
        self.local_optimum()
        self.record()
        self.remember()
        size, start, stale, it, since_best = 1, 0, 0, 0, 0
        # Restart patience: problems of three tours or more have larger neighbourhoods.
        params = self.params
        patience = params.max_no_improve_many if self.m >= 3 else params.max_no_improve
        longest = max((len(r) for r in self.routes), default=0)
        began = time.perf_counter()
        while True:
            if bool(self.visited[self.every].all()):
                return it, "converged"  # every node that may be visited is
            if converge is not None and since_best >= converge:
                return it, self.finish("converged")
            if max_iterations is not None and it >= max_iterations:
                return it, self.finish("iterations")
            if deadline is not None and time.perf_counter() >= deadline:
                return it, self.finish("time")
            it += 1
            since_best += 1
            before = (self.key(), [list(r) for r in self.routes])
            self.shake(size, start, it)
            self.local_optimum()
            self.remember()
            if self.record():
                size, stale, since_best = 1, 0, 0
                longest = max((len(r) for r in self.routes), default=0)
            else:
                stale += 1
                self.accept(*before, self.cooling(began, deadline, it, max_iterations))
            cap = max(2, int(self.params.shake_fraction * longest / self.m))
            size = self.rng.randint(1, min(cap, 2 + stale // self.params.grow))
            start = self.rng.randrange(max(1, longest))
            if stale >= patience:
                self.restart()
                stale = 0
                size = self.rng.randint(1, max(1, longest // 2))
                start = self.rng.randrange(max(1, longest))

    def look_ahead(self) -> bool:
        """Try changes that cost travel where a free node then fits; keep a gain in weight.

        The insertion phase leaves no free node that fits, and the polish only makes
        changes that save travel; an order or a split of the visits between tours that
        costs travel can still make room for one (a visit whose window closes late
        moved after one that closes early). Tried in turn: each swap of two
        neighbouring visits of a tour, then for each pair of tours the ``LOOK_AHEAD``
        feasible segment exchanges (:func:`~._moves.cross_moves`) that lose no weight
        and add least travel. After a change, if a free node fits a changed tour,
        insertions and replacements follow; the first change that raises the summed
        weight is kept. Returns whether one was kept.
        """
        weight = self.key()[0]
        start = [list(r) for r in self.routes]
        for t in range(self.m):
            for p in range(len(self.routes[t]) - 1):
                route = self.routes[t]
                route[p], route[p + 1] = route[p + 1], route[p]
                self.refresh(t)
                if self._keeps((t,), weight, start):
                    return True
        for a in range(self.m):
            for b in range(a + 1, self.m):
                for move in self._crosses(a, b, LOOK_AHEAD, -NO_FLOOR):
                    self._swap(a, b, move)
                    if self._keeps((a, b), weight, start):
                        return True
        return False

    def _keeps(self, tours: tuple[int, ...], weight: float, start: list[list[int]]) -> bool:
        """Fill ``tours`` after a change if a free node fits; keep it if the weight grew.

        Else go back to ``start`` and return ``False``.
        """
        if all(self.bad[t] < 0 for t in tours):
            for t in tours:
                self.scan(t)
            if any(bool(np.isfinite(self.shift[t]).any()) for t in tours):
                self.insert_all()
                if self.params.replace:
                    self.replace_all()
                if self.key()[0] > weight and max(self.bad) < 0:
                    return True
        self.load(start)
        return False

    def finish(self, reason: str) -> str:
        """Give the best solution the look-ahead swaps while they gain; return ``reason``.

        Run once at the end (with ``params.look_ahead``): a few scans per visit, a small
        cost beside the walk.
        """
        if self.params.look_ahead and self.best_key[0] >= 0.0:
            self.load(self.best_routes)
            while self.look_ahead() and self.record():
                self.load(self.best_routes)
        return reason

    def cooling(self, began: float, deadline: float | None, it: int, limit: int | None) -> float:
        """Fraction of the run still ahead: the cooling factor.

        By iterations when there is an iteration budget (so that the walk does not
        depend on the machine's speed), else by time.
        """
        if limit is None and deadline is not None:
            span = deadline - began
            left = (deadline - time.perf_counter()) / span if span > 0 else 0.0
            return max(0.0, left)
        return max(0.0, 1.0 - it / max(limit or 1, 1))

    def accept(self, before: tuple[float, int], routes: list[list[int]], factor: float) -> None:
        """Simulated-annealing acceptance: go back to ``routes`` unless the new walk is kept.

        A loss of ``d`` in weight is kept with probability ``exp(-d / temperature)``,
        the temperature being ``params.temperature`` times the mean weight of a visit
        of the best solution times ``factor`` (cooling linearly to 0 over the run).
        Only with a route pool: its recombinations diversify the search (on the
        TOPTW benchmark, acceptance without them hurts).
        """
        if self.pool is None or self.params.temperature <= 0.0 or max(self.bad) >= 0:
            return  # without a pool to diversify (one tour), every walk step is kept
        loss = before[0] - self.key()[0]
        if loss <= 0.0:
            return
        visits = sum(len(r) for r in self.best_routes) or 1
        scale = factor * self.params.temperature * self.best_key[0] / visits
        if self.rng.random() >= math.exp(-loss / max(scale, 1e-9)):
            self.load(routes)

    def remember(self) -> None:
        """Add the current feasible routes to the route pool."""
        if self.pool is None:
            return
        for t in range(self.m):
            if self.bad[t] < 0 and self.routes[t]:
                route = self.routes[t]
                self.pool.add(t, route, self.weights[t], self.ends[t])

    def restart(self) -> None:
        """Restart the walk: from scratch, from a recombination of pooled routes, or the best."""
        if self.rng.random() < self.params.fresh_rate:
            self.load([[] for _ in range(self.m)])
            return
        if self.pool is not None and self.pool.added > self.pooled:
            self.pooled = self.pool.added
            routes = self.pool.recombine(self.best_key[0])
            if routes is not None:
                self.load(routes)
                self.local_optimum()
                self.remember()
                self.record()
                return
        self.load(self.best_routes)
