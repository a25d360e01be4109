"""Direct feasibility checks for tours with a break or several windows per node (private).

Such tours are short (a day of sightseeing), so every candidate move is checked by
recomputing the tour's earliest schedule with the break placed by a two-state
recursion (break not yet taken / already taken), as in
:mod:`tourlink.planner.evaluate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from tourlink.planner.problem import Problem, Windows

Array = np.ndarray[Any, Any]


def _first(windows: Windows, arrival: int) -> int | None:
    for opening, closing in windows:
        if arrival <= closing:
            return arrival if arrival > opening else opening
    return None


class SlowTour:
    """Feasibility, insertion and replacement checks for one tour by recomputation."""

    def __init__(self, problem: Problem, tour: int) -> None:
        spec = problem.tours[tour]
        self.T = problem.travel
        self.windows = problem.tour_windows(tour)
        self.dur = problem.durations
        self.start, self.end = spec.start, spec.end
        self.earliest, self.latest = spec.earliest_departure, spec.latest_arrival
        self.limit = spec.max_travel
        self.pause = spec.pause

    def _rest(self, departure: int) -> int | None:
        pause = self.pause
        if pause is None:
            return None
        begin = departure if departure > pause.earliest else pause.earliest
        return begin + pause.duration if begin <= pause.latest else None

    def end_time(self, route: Sequence[int]) -> int | None:
        """Return the earliest arrival at the end node, or ``None`` if ``route`` is infeasible."""
        T, windows, dur = self.T, self.windows, self.dur
        plain: int | None = self.earliest
        rested = self._rest(self.earliest)
        prev, travel = self.start, 0
        for v in route:
            leg = T[prev][v]
            travel += leg
            if plain is not None:
                s = _first(windows[v], plain + leg)
                plain = None if s is None else s + dur[v]
            if rested is not None:
                s = _first(windows[v], rested + leg)
                rested = None if s is None else s + dur[v]
            if self.pause is not None and plain is not None:
                fresh = self._rest(plain)
                if fresh is not None and (rested is None or fresh < rested):
                    rested = fresh
            if plain is None and rested is None:
                return None
            prev = v
        leg = T[prev][self.end]
        if self.limit is not None and travel + leg > self.limit:
            return None
        final = rested if self.pause is not None else plain
        if final is None or final + leg > self.latest:
            return None
        return final + leg

    def scan(self, route: list[int], nodes: Array) -> tuple[Array, Array]:
        """Return, per node, the least shift of a feasible insertion (inf if none) and its index."""
        T, dur = self.T, self.dur
        old_end = self.end_time(route)
        base = self.earliest if old_end is None else old_end
        seq = [self.start, *route, self.end]
        values = np.full(len(nodes), np.inf)
        positions = np.zeros(len(nodes), dtype=np.int64)
        for index, j in enumerate(nodes.tolist()):
            for q in range(len(seq) - 1):
                end = self.end_time([*route[:q], j, *route[q:]])
                if end is None:
                    continue
                i, k = seq[q], seq[q + 1]
                shift = T[i][j] + T[j][k] - T[i][k] + dur[j] + (end - base)
                if shift < values[index]:
                    values[index], positions[index] = shift, q
        return values, positions

    def best_replace(
        self, route: list[int], nodes: Array, weight: list[int]
    ) -> tuple[float, int, int]:
        """Return the best (gain, index, node) for replacing one visit by a free node."""
        best: tuple[float, int, int] = (0.0, -1, -1)
        for p, old in enumerate(route):
            for j in nodes.tolist():
                gain = float(weight[j] - weight[old])
                if gain <= best[0]:
                    continue
                trial = list(route)
                trial[p] = j
                if self.end_time(trial) is not None:
                    best = (gain, p, j)
        return best
