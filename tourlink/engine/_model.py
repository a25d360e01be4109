"""A :class:`~tourlink.engine.problem.Problem` as the arrays of the compiled model (private).

See :mod:`tourlink.engine._schedule` for the layout the kernels read.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tourlink.engine._schedule import (
    BIG,
    NONE,
    PAUSE_ANYWHERE,
    PAUSE_NONE,
    PAUSE_PLACES,
    S_BEGIN,
    S_EARLIEST,
    S_LATEST,
    S_LENGTH,
    S_LIMIT,
    S_PAUSE,
    S_PLACES,
    S_UNTIL,
    S_VISITS,
    SPEC_SIZE,
)
from tourlink.engine.problem import Problem

Array = np.ndarray[Any, Any]


class TourModel:
    """Every tour of a problem as arrays: spec, windows, break places, weights, visit caps.

    Attributes
    ----------
    data
        Per tour, the argument tuple ``(spec, wo, wc, rests, places, travel, durations)``.
    stacked
        ``(specs, wos, wcs, restss, placess)``: the same, all tours stacked.
    weights
        ``(tour, node)`` weight of a visit: score, the tour's bonus, and for required
        nodes more than the scores of every node a tour may visit together (so they
        come first).
    member, caps
        Group membership ``(group, node)`` and per-tour caps ``(tour, group)``.
    capped
        Per tour: whether it has visit caps at all.
    monotone
        Per tour: an insertion never lets a node fit that did not fit before.
    """

    def __init__(self, problem: Problem) -> None:
        n, m = problem.num_nodes, problem.num_tours
        self.travel = problem.travel_array()  # shared with the problem: never written
        self.durations = np.array(problem.durations, dtype=np.int64)
        width = max((len(w) for t in range(m) for w in problem.tour_windows(t)), default=1)
        width = max(width, 1)
        places = max(
            (len(s.pause.places) for s in problem.tours if s.pause and s.pause.places), default=1
        )
        specs = np.zeros((m, SPEC_SIZE), dtype=np.int64)
        wos = np.full((m, n, width), NONE, dtype=np.int64)
        wcs = np.full((m, n, width), -NONE, dtype=np.int64)
        restss = np.zeros((m, n), dtype=bool)
        placess = np.zeros((m, places), dtype=np.int64)
        for t, spec in enumerate(problem.tours):
            specs[t] = _spec(problem, t)
            wo, wc = wos[t], wcs[t]
            for v, node_windows in enumerate(problem.tour_windows(t)):
                if len(node_windows) == 1:  # the usual case: one window a day
                    wo[v, 0], wc[v, 0] = node_windows[0]
                    continue
                for k, (opening, closing) in enumerate(node_windows):
                    wo[v, k], wc[v, k] = opening, closing
            pause = spec.pause
            if pause is not None and pause.places is not None:
                restss[t, list(pause.places)] = True
                placess[t, : len(pause.places)] = pause.places
            elif pause is not None:
                restss[t] = True
        self.stacked = (specs, wos, wcs, restss, placess)
        self.data: list[tuple[Any, ...]] = [
            (specs[t], wos[t], wcs[t], restss[t], placess[t], self.travel, self.durations)
            for t in range(m)
        ]
        # Required nodes weigh more than every node a tour may visit together, so they
        # come first; nodes no tour may visit do not count (nor change the search).
        visitable = set().union(*(problem.allowed_on(t) for t in range(m)))
        extra = sum(problem.scores[v] for v in visitable) + 1
        base = [s + (extra if v in problem.required else 0) for v, s in enumerate(problem.scores)]
        self.weights = np.array(
            [
                base if spec.bonus is None else [base[v] + spec.bonus_of(v) for v in range(n)]
                for spec in problem.tours
            ],
            dtype=np.float64,
        ).reshape(m, n)
        self.member = np.zeros((len(problem.groups), n), dtype=bool)
        for g, group in enumerate(problem.groups):
            self.member[g, sorted(group)] = True
        self.caps = np.full((m, len(problem.groups)), BIG, dtype=np.int64)
        for t, spec in enumerate(problem.tours):
            for g, most in spec.limits:
                self.caps[t, g] = min(self.caps[t, g], most)
        self.capped = [bool(s.limits) or s.max_visits is not None for s in problem.tours]
        # Plain-Python copies for counts() and blocked(), called at every tour change: on
        # routes of a few visits, loops over lists beat numpy's fancy indexing.
        groups_of: list[list[int]] = [[] for _ in range(n)]
        for g, group in enumerate(problem.groups):  # in group order, as the counts want
            for v in group:
                groups_of[v].append(g)
        self._groups_of = [tuple(found) for found in groups_of]
        self._caps = self.caps.tolist()
        self._group_count = len(problem.groups)
        self._visits = specs[:, S_VISITS].tolist()
        self._nowhere = np.zeros(n, dtype=bool)
        self._everywhere = np.ones(n, dtype=bool)
        self._nowhere.setflags(write=False)
        self._everywhere.setflags(write=False)
        self._blocked: dict[tuple[int, ...], Array] = {}  # full groups -> nodes they block
        # A tour with a break is never treated as monotone, so the O(n³) test is only
        # run when some tour has none (every planner day has lunch).
        flat = any(s.pause is None for s in problem.tours) and _monotone(
            self.travel,
            self.durations,
            np.array(problem.customers, dtype=np.int64),
            any(s.max_travel is not None for s in problem.tours),
        )
        self.monotone = np.array([flat and s.pause is None for s in problem.tours], dtype=bool)

    def counts(self, route: list[int]) -> list[int]:
        """Return the visits of ``route`` per group."""
        out = [0] * self._group_count
        for v in route:
            for g in self._groups_of[v]:
                out[g] += 1
        return out

    def blocked(self, t: int, visits: int, counts: list[int]) -> Array:
        """Return the nodes a visit cap keeps off tour ``t`` (with ``visits``, ``counts``).

        The result may be shared: read it, do not write to it.
        """
        if visits >= self._visits[t]:
            return self._everywhere
        caps = self._caps[t]
        full = tuple(g for g, count in enumerate(counts) if count >= caps[g])
        if not full:
            return self._nowhere
        known = self._blocked.get(full)
        if known is None:
            known = np.asarray(self.member[list(full)].any(axis=0))
            known.setflags(write=False)
            self._blocked[full] = known
        return known


def _spec(problem: Problem, t: int) -> Array:
    """Return the ``spec`` row of tour ``t`` (see :mod:`~._schedule`)."""
    tour = problem.tours[t]
    row = np.zeros(SPEC_SIZE, dtype=np.int64)
    row[S_EARLIEST], row[S_LATEST] = tour.earliest_departure, tour.latest_arrival
    row[S_LIMIT] = BIG if tour.max_travel is None else tour.max_travel
    row[S_VISITS] = BIG if tour.max_visits is None else tour.max_visits
    pause = tour.pause
    row[S_PAUSE] = PAUSE_NONE
    if pause is not None:
        row[S_PAUSE] = PAUSE_ANYWHERE if pause.places is None else PAUSE_PLACES
        row[S_BEGIN], row[S_UNTIL], row[S_LENGTH] = pause.earliest, pause.latest, pause.duration
        row[S_PLACES] = 0 if pause.places is None else len(pause.places)
    return row


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
