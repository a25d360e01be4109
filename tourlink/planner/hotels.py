"""Propose overnight sequences: the hotel-selection half of the OPHS.

Each day runs from last night's place to tonight's; the team problem of one sequence
(see :func:`tourlink.planner.build.make_problem`) is solved by the engine. Which
sequences are worth solving is decided here by a beam search over days, valued with a
quick estimate of what one day from ``a`` to ``b`` can see: a greedy, cluster-aware
selection of open sites inside the day's travel ellipse (a site near one already
chosen costs the round trip from it rather than the full detour). Sites already
counted on an earlier day of the same sequence are not counted again.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from tourlink.planner.build import Context

__all__ = ["DayEstimate", "estimate_day", "feasible_pair", "propose"]


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

    The drive must fit the driving limit and, with lunch, the daily window.
    """
    minutes = ctx.minutes(a, b)
    if minutes is None:
        return False
    window, drive = _budget(ctx)
    formalities = sum(
        ctx.network.dataset.crossings[c].formalities_minutes for c in ctx.crossings(a, b)
    )
    return minutes - formalities <= drive and minutes <= window


@functools.lru_cache(maxsize=200_000)
def estimate_day(ctx: Context, a: str, b: str, day: dt.date) -> DayEstimate:
    """Return a quick estimate of what a day from ``a`` to ``b`` on ``day`` can see."""
    base = ctx.minutes(a, b)
    if base is None:
        return DayEstimate(frozenset(), 0.0)
    window, drive = _budget(ctx)
    sides = {ctx.country(a), ctx.country(b)}
    pool: list[tuple[float, float, int, str]] = []
    for site in ctx.candidates:
        to, back = ctx.minutes(a, site), ctx.minutes(site, b)
        if to is None or back is None or ctx.country(site) not in sides:
            continue
        if not ctx.windows(site, day):
            continue
        detour = max(0.0, to + back - base)
        duration = ctx.duration(site)
        if base + detour + duration > window or base + detour > drive:
            continue
        value = ctx.values[site] + (1000.0 if site in ctx.request.must_visit else 0.0)
        pool.append((value / (detour + duration + 1.0), detour, duration, site))
    pool.sort(reverse=True)
    chosen: list[str] = []
    used_time, used_drive, total = base, base, 0.0
    for _, detour, duration, site in pool:
        extra = detour
        for other in chosen:
            hop, hop_back = ctx.minutes(other, site), ctx.minutes(site, other)
            if hop is not None and hop_back is not None:
                extra = min(extra, hop + hop_back)
        if used_time + extra + duration <= window and used_drive + extra <= drive:
            chosen.append(site)
            used_time += extra + duration
            used_drive += extra
            total += ctx.values[site] + (1000.0 if site in ctx.request.must_visit else 0.0)
    return DayEstimate(frozenset(chosen), total)


@dataclass(frozen=True, slots=True)
class _State:
    nights: tuple[str, ...]
    seen: frozenset[str]
    value: float


def propose(ctx: Context, *, count: int = 3, beam: int = 8) -> list[tuple[str, ...]]:
    """Return up to ``count`` promising overnight sequences, best estimate first.

    Each sequence has one entry per day; its last entry is the trip's end. Sequences
    with a day that cannot plausibly be driven (:func:`feasible_pair`) are skipped.
    """
    r = ctx.request
    states = [_State((), frozenset(), 0.0)]
    for day, date in enumerate(r.dates):
        last_day = day == r.days - 1
        options = (r.end_site,) if last_day else ctx.hotels
        grown: dict[tuple[str, ...], _State] = {}
        for state in states:
            here = state.nights[-1] if state.nights else r.start
            for there in options:
                if not feasible_pair(ctx, here, there):
                    continue
                if not last_day and not _can_finish(ctx, there, r.days - day - 1):
                    continue
                est = estimate_day(ctx, here, there, date)
                new = est.sites - state.seen
                value = state.value + sum(
                    ctx.values[s] + (1000.0 if s in r.must_visit else 0.0) for s in new
                )
                nights = (*state.nights, there)
                grown[nights] = _State(nights, state.seen | est.sites, value)
        states = _select(list(grown.values()), beam)
    return [s.nights for s in states[:count]]


def _select(states: list[_State], beam: int) -> list[_State]:
    """Keep the best states, at most two per current overnight place (for diversity)."""
    states.sort(key=lambda s: (-s.value, s.nights))
    kept: list[_State] = []
    per_place: dict[str, int] = {}
    for state in states:
        place = state.nights[-1]
        if per_place.get(place, 0) < 2:
            kept.append(state)
            per_place[place] = per_place.get(place, 0) + 1
        if len(kept) == beam:
            break
    return kept


@functools.lru_cache(maxsize=4096)
def _steps_to_end(ctx: Context, place: str) -> int | None:
    """Fewest plausible days from ``place`` to the trip's end (``None``: never)."""
    end = ctx.request.end_site
    frontier, seen, steps = {place}, {place}, 0
    while frontier:
        if any(feasible_pair(ctx, p, end) for p in frontier):
            return steps + 1
        frontier = {
            h for p in frontier for h in ctx.hotels if h not in seen and feasible_pair(ctx, p, h)
        }
        seen |= frontier
        steps += 1
    return None


def _can_finish(ctx: Context, place: str, days_left: int) -> bool:
    steps = _steps_to_end(ctx, place)
    return steps is not None and steps <= days_left
