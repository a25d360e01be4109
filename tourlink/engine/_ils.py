"""Main loop of the iterated local search: shake, restarts, route pool (private).

See :mod:`tourlink.engine.search` for the method.
"""

from __future__ import annotations

import math
import time

from tourlink.engine._polish import Polisher


class Engine(Polisher):
    """One search: :class:`Polisher` plus the shake, the restarts and the walk."""

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

    def warm_start(self, routes: list[list[int]]) -> None:
        """Start from ``routes``: drop repeated or disallowed visits, then infeasible ones."""
        seen: set[int] = set()
        kept: list[list[int]] = []
        for t in range(self.m):
            route = routes[t] if t < len(routes) else []
            allowed = self.cand_set[t]
            mine = []
            for v in route:
                if v in allowed and v not in seen:
                    seen.add(v)
                    mine.append(v)
            kept.append(mine)
        self.load(kept)
        for t in range(self.m):
            self.repair(t)

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
        self.remember()
        return True

    def run(self, deadline: float | None, max_iterations: int | None) -> int:
        """Run the iterated local search; return the number of shake iterations done."""
        self.local_optimum()
        self.record()
        self.remember()
        size, start, stale, it = 1, 0, 0, 0
        longest = max((len(r) for r in self.routes), default=0)
        began = time.perf_counter()
        while (max_iterations is None or it < max_iterations) and (
            deadline is None or time.perf_counter() < deadline
        ):
            if bool(self.visited[self.every].all()):
                break  # every node that may be visited is: the score cannot grow
            it += 1
            before = (self.key(), [list(r) for r in self.routes])
            self.shake(size, start, it)
            self.local_optimum()
            self.remember()
            if self.record():
                size, stale = 1, 0
                longest = max((len(r) for r in self.routes), default=0)
            else:
                stale += 1
                self.accept(*before, self.cooling(began, deadline, it, max_iterations))
            cap = max(2, int(self.params.shake_fraction * longest / self.m))
            size = self.rng.randint(1, min(cap, 2 + stale // self.params.grow))
            start = self.rng.randrange(max(1, longest))
            if stale >= self.params.max_no_improve:
                self.restart()
                stale = 0
                size = self.rng.randint(1, max(1, longest // 2))
                start = self.rng.randrange(max(1, longest))
        return it

    def cooling(self, began: float, deadline: float | None, it: int, limit: int | None) -> float:
        """Fraction of the run still ahead (by time, else by iterations): the cooling factor."""
        if deadline is not None:
            span = deadline - began
            left = (deadline - time.perf_counter()) / span if span > 0 else 0.0
            if limit is None:
                return max(0.0, left)
            return max(0.0, min(left, 1.0 - it / max(limit, 1)))
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
        w = self.w
        for t in range(self.m):
            if self.bad[t] < 0 and self.routes[t]:
                route = self.routes[t]
                self.pool.add(t, route, float(sum(w[v] for v in route)), self.ends[t])

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
