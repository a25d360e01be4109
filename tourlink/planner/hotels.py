"""Overnight selection, the hotel half of the OPHS: which sequences of night places to solve.

Each day runs from last night's place to tonight's; the team problem of one sequence
(:func:`tourlink.planner.problem.make_problem`) is solved by the engine. A sequence is
*plausible* when every day's drive fits the driving limit and the active day
(:func:`feasible_pair`), every border crossing falls on a day the gate is open, the
end stays reachable in the days left, and — on a trip from A to B — no night moves
away from B by more than :data:`BACKTRACK_MINUTES` (night places follow the trip's
direction).

:func:`propose` explores the plausible sequences day by day. While there are at most
``count`` of them all are kept (complete enumeration); beyond that the best partial
sequence ending at each night place is always kept (dynamic programming over night
places), and the remaining slots go to the best others. Sequences are valued with a
quick estimate of what each day can see (:meth:`Estimator.day`): a greedy,
cluster-aware selection of open sights inside the day's travel ellipse, each site
counted once per sequence. Caches live in the per-request :class:`Estimator`, so
nothing of a request outlives it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tourlink.planner.build import Context
from tourlink.planner.problem import food_places, in_reach

__all__ = ["BACKTRACK_MINUTES", "DayEstimate", "Estimator", "feasible_pair", "propose"]

BACKTRACK_MINUTES = 30.0
"""How much farther from the trip's end (minutes of driving) a night may be than the last."""
MUST_BONUS = 1000.0
"""Estimate bonus of a must-visit, so sequences that reach must-visits come first."""

Array = np.ndarray[Any, Any]


@dataclass(frozen=True, slots=True)
class DayEstimate:
    """Estimated sights of one day: the chosen sites and their summed value."""

    sites: frozenset[str]
    value: float


def _budget(ctx: Context) -> tuple[float, float]:
    low, high = ctx.day_bounds()
    r = ctx.request
    return float(high - low - r.lunch_minutes), float(r.max_drive_minutes)


def feasible_pair(ctx: Context, a: str, b: str) -> bool:
    """Return whether one day can plausibly run from ``a`` to ``b``.

    The drive must fit the driving limit and, with lunch, the active day; and with a
    lunch break, some place that serves food must lie on the way where the break can
    start in its window and the day still end in time (:func:`_lunch_on_the_way`).
    Memoised per request.
    """
    key = ("feasible-pair", a, b)
    found: bool | None = ctx.memo.get(key)
    if found is None:
        found = ctx.memo[key] = _drive_fits(ctx, a, b) and _lunch_on_the_way(ctx, a, b)
    return found


def _formalities(ctx: Context, a: str, b: str) -> float:
    """Return the border formalities (minutes) the drive from ``a`` to ``b`` includes."""
    crossings = ctx.network.dataset.crossings
    return float(sum(crossings[c].formalities_minutes for c in ctx.crossings(a, b)))


def _drive_fits(ctx: Context, a: str, b: str) -> bool:
    minutes = ctx.minutes(a, b)
    if minutes is None:
        return False
    window, drive = _budget(ctx)
    return minutes - _formalities(ctx, a, b) <= drive and minutes <= window


def _lunch_on_the_way(ctx: Context, a: str, b: str) -> bool:
    """Return whether a day from ``a`` to ``b`` can take its lunch break.

    The engine's rule (:func:`tourlink.planner.problem.make_problem`): where places that
    serve food lie in reach of the day, lunch is taken at one of them (else anywhere: a
    packed lunch). So the day is ruled out when such places exist but none can host the
    break: leaving ``a`` at the start of the active day, ``f`` must be reached by the
    latest lunch start, the break start no earlier than the earliest one, and ``b`` be
    reached by the end of the active day, the drive ``a → f → b`` within the driving
    limit. Opening hours are not asked (a day whose food places are all closed takes a
    packed lunch in the engine and may be ruled out here: a rare case, on the safe side
    of plausibility for every other).
    """
    r = ctx.request
    if not r.lunch_minutes:
        return True
    sides = {ctx.country(a), ctx.country(b)}
    places = [
        f
        for f in food_places(ctx)
        if ctx.country(f) in sides and (f in (a, b) or in_reach(ctx, a, b, f, visit=False))
    ]
    if not places:
        return True  # a packed lunch
    low, high = ctx.day_bounds()
    earliest = r.lunch_start.hour * 60 + r.lunch_start.minute
    latest = r.lunch_end.hour * 60 + r.lunch_end.minute
    for f in places:
        to, on = ctx.minutes(a, f), ctx.minutes(f, b)
        if to is None or on is None or low + to > latest:
            continue
        drive = to + on - _formalities(ctx, a, f) - _formalities(ctx, f, b)
        if max(low + to, earliest) + r.lunch_minutes + on <= high and drive <= r.max_drive_minutes:
            return True
    return False


@dataclass(eq=False)
class Estimator:
    """Per-request estimates of days and of the days needed to reach the end."""

    ctx: Context
    _days: dict[tuple[str, str, dt.date], DayEstimate] = field(default_factory=dict)
    _steps: dict[str, int | None] = field(default_factory=dict)
    _pools: dict[tuple[str, str], list[tuple[float, float, int, str]]] = field(default_factory=dict)
    _arrays: tuple[tuple[str, ...], Array, Array, Array] | None = None

    def value(self, site: str) -> float:
        """Return a site's estimate value (must-visits count :data:`MUST_BONUS` more)."""
        bonus = MUST_BONUS if site in self.ctx.request.must_visit else 0.0
        return self.ctx.values[site] + bonus

    def day(self, a: str, b: str, date: dt.date) -> DayEstimate:
        """Return a quick estimate of what a day from ``a`` to ``b`` on ``date`` can see."""
        key = (a, b, date)
        if key not in self._days:
            self._days[key] = self._estimate(a, b, date)
        return self._days[key]

    def _sights(self) -> tuple[tuple[str, ...], Array, Array, Array]:
        """Return the candidates, their travel-table rows, visit minutes and values."""
        if self._arrays is None:
            ctx = self.ctx
            sights = ctx.candidates
            self._arrays = (
                sights,
                np.array([ctx.index[c] for c in sights], dtype=np.int64),
                np.array([ctx.duration(c) for c in sights], dtype=np.int64),
                np.array([self.value(c) for c in sights], dtype=np.float64),
            )
        return self._arrays

    def _pool(self, a: str, b: str) -> list[tuple[float, float, int, str]]:
        """Return the sights a day from ``a`` to ``b`` can reach, best ratio first.

        Each as (value per minute of detour and visit, detour, visit minutes, site); the
        same on every date (the caller drops those closed that day).
        """
        key = (a, b)
        if key in self._pools:
            return self._pools[key]
        ctx = self.ctx
        base = ctx.minutes(a, b)
        pool: list[tuple[float, float, int, str]] = []
        self._pools[key] = pool
        if base is None:
            return pool
        window, limit = _budget(ctx)
        sides = {ctx.country(a), ctx.country(b)}
        sights, rows, stays, values = self._sights()
        # As arrays, in the scalar order of operations (so every float is the scalar one):
        # detour = max(0, to + back - base); drop what overruns the day or the drive.
        to, back = ctx.drive[ctx.index[a], rows], ctx.drive[rows, ctx.index[b]]
        detour = to + back - base
        detour = np.where(detour > 0.0, detour, 0.0)
        fits = (to >= 0) & (back >= 0) & ~(base + detour + stays > window)
        fits &= ~(base + detour > limit)
        ratios = values / (detour + stays + 1.0)
        for k in np.flatnonzero(fits).tolist():
            site = sights[k]
            if ctx.country(site) not in sides or site in (a, b):
                continue
            pool.append((float(ratios[k]), float(detour[k]), int(stays[k]), site))
        pool.sort(reverse=True)
        return pool

    def _estimate(self, a: str, b: str, date: dt.date) -> DayEstimate:
        ctx = self.ctx
        base = ctx.minutes(a, b)
        if base is None:
            return DayEstimate(frozenset(), 0.0)
        window, drive = _budget(ctx)
        visits = ctx.request.profile.visits  # a property that builds a profile: once
        minutes, index = ctx.matrix.minutes, ctx.index
        chosen: list[str] = []
        used_time, used_drive, total = base, base, 0.0
        for _, detour, duration, site in self._pool(a, b):
            if len(chosen) == visits:
                break
            if not ctx.windows(site, date):
                continue
            extra = detour
            row = index[site]
            for other in chosen:
                hop, hop_back = minutes[index[other]][row], minutes[row][index[other]]
                if hop is not None and hop_back is not None:
                    extra = min(extra, hop + hop_back)
            if used_time + extra + duration <= window and used_drive + extra <= drive:
                chosen.append(site)
                used_time += extra + duration
                used_drive += extra
                total += self.value(site)
        return DayEstimate(frozenset(chosen), total)

    def steps_to_end(self, place: str) -> int | None:
        """Return the fewest plausible days from ``place`` to the trip's end (``None``: never)."""
        if place not in self._steps:
            self._steps[place] = self._bfs(place)
        return self._steps[place]

    def _bfs(self, place: str) -> int | None:
        ctx = self.ctx
        end = ctx.request.end_site
        frontier, seen, steps = {place}, {place}, 0
        while frontier:
            if any(feasible_pair(ctx, p, end) for p in frontier):
                return steps + 1
            frontier = {
                h
                for p in frontier
                for h in ctx.hotels
                if h not in seen and feasible_pair(ctx, p, h)
            }
            seen |= frontier
            steps += 1
        return None


def gate_open(ctx: Context, a: str, b: str, date: dt.date) -> bool:
    """Return whether every crossing on the way from ``a`` to ``b`` is open on ``date``."""
    for crossing_id in ctx.crossings(a, b):
        crossing = ctx.network.dataset.crossings[crossing_id]
        if any(c.covers(date) for c in crossing.closures) or not crossing.open_to_tourists:
            return False
    return True


def _forward(ctx: Context, here: str, there: str) -> bool:
    """Return whether a night at ``there`` after ``here`` follows the trip's direction."""
    r = ctx.request
    if r.end_site == r.start or there == r.end_site:
        return True
    now, then = ctx.minutes(here, r.end_site), ctx.minutes(there, r.end_site)
    return now is None or then is None or then <= now + BACKTRACK_MINUTES


@dataclass(frozen=True, slots=True)
class _State:
    nights: tuple[str, ...]
    seen: frozenset[str]
    value: float


def _steps(
    ctx: Context, est: Estimator, state: _State, day: int, forward: bool = True
) -> list[_State]:
    """Return the plausible one-day extensions of ``state`` on trip day ``day``.

    With ``forward``, only nights that follow the trip's direction (:func:`_forward`).
    """
    r = ctx.request
    last_day = day == r.days - 1
    here = state.nights[-1] if state.nights else r.start
    date = r.dates[day]  # a property that builds every date: once
    out = []
    for there in (r.end_site,) if last_day else ctx.hotels:
        if not feasible_pair(ctx, here, there) or not gate_open(ctx, here, there, date):
            continue
        if forward and not _forward(ctx, here, there):
            continue
        if not last_day:
            steps = est.steps_to_end(there)
            if steps is None or steps > r.days - day - 1:
                continue
        new = est.day(here, there, date).sites - state.seen
        value = state.value + sum(est.value(s) for s in new)
        out.append(_State((*state.nights, there), state.seen | new, value))
    return out


def _keep(states: list[_State], count: int) -> list[_State]:
    """Keep all states if at most ``count``, else the best per night place, then the best."""
    states.sort(key=lambda s: (-s.value, s.nights))
    if len(states) <= count:
        return states
    best: dict[str, _State] = {}
    for state in states:
        best.setdefault(state.nights[-1], state)
    kept = list(best.values())
    chosen = {s.nights for s in kept}
    kept += [s for s in states if s.nights not in chosen][: max(0, count - len(kept))]
    kept.sort(key=lambda s: (-s.value, s.nights))
    return kept


def propose(ctx: Context, *, count: int = 64, beam: int = 0) -> list[tuple[str, ...]]:
    """Return up to ``count`` plausible overnight sequences, best estimate first.

    Every plausible sequence is returned when there are at most ``count`` of them.
    The sequences grow a day at a time; after each day the ``max(beam, count)`` best
    partial sequences are kept (the best per night place first, see :func:`_keep`), so a
    wider beam than ``count`` lets a sequence whose first days look modest reach the end
    (a 7-day Pakse round trip: 62.2 with a beam of 24, 64.4 with 64, ``bench/plan.py``).
    Each sequence has one entry per day; its last entry is the trip's end. When no
    sequence follows the trip's direction (the direct way has a day that cannot work,
    e.g. no place to eat on a long drive), the nights may also move away from the end:
    a detour, proposed only then.
    """
    est = Estimator(ctx)
    width = max(beam, count)
    found = _sequences(ctx, est, count, width, forward=True)
    if not found and ctx.request.end_site != ctx.request.start:
        found = _sequences(ctx, est, count, width, forward=False)
    return found


def _sequences(
    ctx: Context, est: Estimator, count: int, width: int, *, forward: bool
) -> list[tuple[str, ...]]:
    states = [_State((), frozenset(), 0.0)]
    for day in range(ctx.request.days):
        grown = [new for state in states for new in _steps(ctx, est, state, day, forward)]
        states = _keep(grown, width)
    return [s.nights for s in states[:count]]
