"""Feasibility checks for tours with a break or several windows per node (private).

A tour's earliest schedule with a break follows a two-state recursion (break not yet
taken / already taken), as in :mod:`tourlink.engine.evaluate`: per stop, the earliest
departure *without* the break (``plain``) and the earliest departure *with* it, taken
at this stop or before (``rested``). :meth:`SlowTour.end_time` runs it for one route.

Moves are checked in bulk: the prefix states and the suffix thresholds (latest
arrival per state) of the current route are computed once, so each (candidate node,
position) pair's feasibility costs O(1). Insertions are scanned by a compiled kernel
(:func:`tourlink.engine._kernels.scan_with_break`) that carries only the feasible
pairs to the end of the tour for their end time; replacements are checked with numpy
over all pairs at once. Verdicts and end times are exactly those of
:meth:`SlowTour.end_time` on each modified route; ``None`` is represented by
:data:`BIG`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tourlink.engine._kernels import NONE, scan_with_break
from tourlink.engine.problem import Problem, Windows

Array = np.ndarray[Any, Any]
BIG = NONE
"""Stands for "no feasible time" (``None``); sums of a few real times stay far below it."""


def _first(windows: Windows, arrival: int) -> int | None:
    for opening, closing in windows:
        if arrival <= closing:
            return arrival if arrival > opening else opening
    return None


def _last(windows: Windows, start: int) -> int:
    """Return the latest arrival whose service can start by ``start`` (``-BIG``: none)."""
    for opening, closing in reversed(windows):
        if opening <= start:
            return start if start < closing else closing
    return -BIG


class SlowTour:
    """Feasibility, insertion and replacement checks for one tour with a break or windows."""

    def __init__(self, problem: Problem, tour: int) -> None:
        spec = problem.tours[tour]
        self.T = problem.travel
        self.Tm = np.array(problem.travel, dtype=np.int64).reshape(problem.num_nodes, -1)
        self.windows = problem.tour_windows(tour)
        self.dur = problem.durations
        self.dur_np = np.array(self.dur, dtype=np.int64)
        self.start, self.end = spec.start, spec.end
        self.earliest, self.latest = spec.earliest_departure, spec.latest_arrival
        self.limit = spec.max_travel
        self.pause = spec.pause
        width = max((len(w) for w in self.windows), default=0)
        # Padded windows (a column past a node's last window never opens).
        self.w_open = np.zeros((problem.num_nodes, width), dtype=np.int64)
        self.w_close = np.full((problem.num_nodes, width), -BIG, dtype=np.int64)
        for v, node_windows in enumerate(self.windows):
            for k, (opening, closing) in enumerate(node_windows):
                self.w_open[v, k], self.w_close[v, k] = opening, closing
        self._cached: _Times | None = None
        self.pause_np = np.array(
            []
            if self.pause is None
            else [self.pause.earliest, self.pause.latest, self.pause.duration],
            dtype=np.int64,
        )

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

    # ------------------------------------------------------------------ bulk checks
    def _route_times(self, route: Sequence[int]) -> _Times:
        """Return the cached prefix states and suffix thresholds of ``route``."""
        key = tuple(route)
        if self._cached is None or self._cached.route != key:
            plain, rested, travel = self._prefix(route)
            late_plain, late_rested = self._suffix([self.start, *route, self.end])
            self._cached = _Times(
                key,
                np.array(plain, dtype=np.int64),
                np.array(rested, dtype=np.int64),
                travel,
                np.array(late_plain, dtype=np.int64),
                np.array(late_rested, dtype=np.int64),
            )
        return self._cached

    def _prefix(self, route: Sequence[int]) -> tuple[list[int], list[int], int]:
        """Return the (plain, rested) departure of every stop but the end, and the travel."""
        T, windows, dur = self.T, self.windows, self.dur
        plain, rested = self.earliest, self._rest(self.earliest)
        out_plain = [plain]
        out_rested = [BIG if rested is None else rested]
        prev, travel = self.start, 0
        for v in route:
            leg = T[prev][v]
            travel += leg
            s = _first(windows[v], plain + leg) if plain < BIG else None
            plain = BIG if s is None else s + dur[v]
            r = out_rested[-1]
            s = _first(windows[v], r + leg) if r < BIG else None
            rested = BIG if s is None else s + dur[v]
            fresh = self._rest(plain) if plain < BIG else None
            if fresh is not None and fresh < rested:
                rested = fresh
            out_plain.append(plain)
            out_rested.append(rested)
            prev = v
        return out_plain, out_rested, travel + T[prev][self.end]

    def _suffix(self, seq: list[int]) -> tuple[list[int], list[int]]:
        """Return the latest arrival at every stop but the start (index 0 unused).

        Without the break taken yet (it may still be taken at that stop or later) and
        with it taken; ``-BIG`` when no arrival works. Arriving earlier never hurts, so
        one threshold per stop and state decides the feasibility of the rest.
        """
        T, windows, dur, pause = self.T, self.windows, self.dur, self.pause
        k = len(seq) - 1
        late_plain, late_rested = [-BIG] * (k + 1), [-BIG] * (k + 1)
        if pause is None:
            late_plain[k] = self.latest
        else:
            late_rested[k] = self.latest
        for p in range(k - 1, 0, -1):
            v, leg = seq[p], T[seq[p]][seq[p + 1]]
            end_rested = late_rested[p + 1] - leg
            end_plain = late_plain[p + 1] - leg
            if pause is not None and pause.earliest + pause.duration <= end_rested:
                end_plain = max(end_plain, min(pause.latest, end_rested - pause.duration))
            late_rested[p] = _last(windows[v], end_rested - dur[v])
            late_plain[p] = _last(windows[v], end_plain - dur[v])
        return late_plain, late_rested

    def _visit(self, arrival: Array, opening: Array, closing: Array) -> Array:
        """Return the earliest service start (BIG if none) for ``arrival`` (windows by column)."""
        start = np.full(arrival.shape, BIG, dtype=np.int64)
        for k in range(opening.shape[-1] - 1, -1, -1):
            o, c = opening[..., k], closing[..., k]
            start = np.where(arrival <= c, np.maximum(arrival, o), start)
        return start

    def _rest_np(self, plain: Array, rested: Array) -> Array:
        """Return the rested departure after a stop: carried, or the break taken now."""
        pause = self.pause
        if pause is None:
            return rested
        begin = np.maximum(plain, pause.earliest)
        fresh = np.where(begin <= pause.latest, begin + pause.duration, BIG)
        return np.minimum(rested, fresh)

    def _swaps_fit(self, route: list[int], nodes: Array) -> Array:
        """Return whether each node may replace each visit (``(len(nodes), len(route))``).

        Every pair is checked at once with numpy: the node's two departure states
        after the prefix, then the suffix thresholds of the stop after the visit.
        """
        times = self._route_times(route)
        s = np.array([self.start, *route, self.end], dtype=np.int64)
        width = len(s) - 2
        before, after = s[:width], s[2:]
        leg_in = self.Tm[before[None, :], nodes[:, None]]
        leg_out = self.Tm[nodes[:, None], after[None, :]]
        opening, closing = self.w_open[nodes][:, None, :], self.w_close[nodes][:, None, :]
        states = np.stack((times.plain[:width] + leg_in, times.rested[:width] + leg_in))
        states = self._visit(states, opening, closing) + self.dur_np[nodes][:, None]
        states[1] = self._rest_np(states[0], states[1])
        ok = (states[0] + leg_out <= times.late_plain[2:]) | (
            states[1] + leg_out <= times.late_rested[2:]
        )
        if self.limit is not None:
            added = leg_in + leg_out - (self.Tm[before, s[1:-1]] + self.Tm[s[1:-1], after])
            ok &= times.travel + added <= self.limit
        return np.asarray(ok)

    def scan(self, route: list[int], nodes: Array) -> tuple[Array, Array]:
        """Return, per node, the least shift of a feasible insertion (inf if none) and its index.

        The shift of inserting ``j`` between ``i`` and ``k`` is the added travel, plus
        ``j``'s duration, plus how much later the tour ends.
        """
        old_end = self.end_time(route)
        times = self._route_times(route)
        seq = np.array([self.start, *route, self.end], dtype=np.int64)
        shift = np.empty(len(nodes))
        positions = np.empty(len(nodes), dtype=np.int64)
        scan_with_break(
            nodes,
            seq,
            times.plain,
            times.rested,
            times.late_plain,
            times.late_rested,
            times.travel,
            self.Tm,
            self.dur_np,
            self.w_open,
            self.w_close,
            self.pause_np,
            -1 if self.limit is None else self.limit,
            self.earliest if old_end is None else old_end,
            shift,
            positions,
        )
        return shift, positions

    def best_replace(
        self, route: list[int], nodes: Array, weight: list[int]
    ) -> tuple[float, int, int]:
        """Return the best (gain, index, node) for replacing one visit by a free node.

        Ties go to the first visit of the route, then to the first node of ``nodes``.
        """
        if not route or nodes.size == 0:
            return (0.0, -1, -1)
        ok = self._swaps_fit(route, nodes)
        w = np.asarray(weight, dtype=np.float64)
        old = np.array(route, dtype=np.int64)
        gain = np.where(ok, w[nodes][:, None] - w[old][None, :], 0.0).T  # (position, node)
        flat = int(gain.argmax())
        p, i = divmod(flat, gain.shape[1])
        if gain[p, i] <= 0.0:
            return (0.0, -1, -1)
        return (float(gain[p, i]), p, int(nodes[i]))


@dataclass(frozen=True, slots=True)
class _Times:
    """Per-route data of a :class:`SlowTour`: prefix states and suffix thresholds."""

    route: tuple[int, ...]
    plain: Array
    rested: Array
    travel: int
    late_plain: Array
    late_rested: Array
