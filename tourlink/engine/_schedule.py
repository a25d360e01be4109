"""The engine's one schedule model, compiled (private).

Every move of the search, on every tour, asks this module whether a tour is
feasible and when it ends. The rules (see :mod:`tourlink.engine.problem`) are
written here once: waiting for the first window still open at arrival (several
windows per node), the break with its window and places (at a stop, or by a
detour on the arc being travelled), the driving limit, per-tour windows. A tour
without a break and with one window per node is the special case where the
second state below never exists.

A tour's earliest schedule follows two states per stop: the departure *plain*
(break not yet taken) and *rested* (break taken at this stop or before), ``NONE``
when the state cannot be reached. Backwards, each stop gets the latest arrival in
each state from which the rest of the tour is still feasible (``-NONE``: none);
arriving earlier never hurts, so a modified tour that re-joins the old one at
some stop is checked by carrying the two states over the new part and comparing
them with that stop's thresholds (:func:`splice`), in time proportional to the
new part. A detour for the break adds travel: its budget is the driving limit
less the tour's travel. Each cached state records the budget it relies on (the
extra travel of the detour it went through), and where a move adds travel on a tour
with break places and a driving limit and leaves less budget than the tour's states
rely on, the tour is re-checked from scratch (:func:`end_time`), so verdicts are exact.

Tour data come as arrays: ``spec`` (see the ``S_*`` indices), the tour's windows
``wo``/``wc`` (``(node, k)``, padded with never-open columns), ``rests`` (nodes
where the break may be taken after the visit) and ``places`` (the break places,
sorted, ``spec[S_PLACES]`` of them).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np
from numba import njit

Array = np.ndarray[Any, Any]
Spec = Any
"""A tour's ``spec``: its int64 array, or that array's fields as a tuple (:func:`fields`)."""
NONE = 1 << 40
"""No feasible time (thresholds use ``-NONE``)."""
BIG = 1 << 50
"""No limit (driving limit, visit caps)."""

S_EARLIEST, S_LATEST, S_LIMIT, S_PAUSE, S_BEGIN, S_UNTIL, S_LENGTH, S_PLACES, S_VISITS = range(9)
SPEC_SIZE = 9
NEED = 0
"""Index of ``late_rested`` (of :func:`tour_times`) that holds the budget the tour's states need."""
PAUSE_NONE, PAUSE_ANYWHERE, PAUSE_PLACES = 0, 1, 2

Function = TypeVar("Function", bound=Callable[..., Any])


COMPILING: list[float] = []
"""When this process started compiling kernels (empty while every one came from the cache)."""


def compiled(signature: str, *, inline: bool = False) -> Callable[[Function], Function]:
    """Compile a function now for ``signature``, cached on disk where numba can write.

    Numba keeps its cache beside the source or in the user's cache directory; where
    neither is writable (a read-only install run by a user without a home, say) it
    refuses to cache, and the function is compiled for this process only. The first
    function that is not in the cache prints a line on stderr: compiling them all
    takes a while, once after installing. With ``inline``, the function is compiled
    into each compiled caller (no call overhead: array arguments cost reference
    counting at every call) and for itself only when Python calls it.
    """

    def compile_now(function: Function) -> Function:
        began = time.perf_counter()
        if inline:
            return cast(Function, njit(cache=True, nogil=True, inline="always")(function))
        try:
            dispatcher = njit(signature, cache=True, nogil=True)(function)
            missed = sum(dispatcher.stats.cache_misses.values()) > 0
        except RuntimeError:  # "cannot cache function ...: no locator available"
            dispatcher = njit(signature, nogil=True)(function)
            missed = True
        if missed and not COMPILING:
            COMPILING.append(began)
            print(
                "tourlink: compiling the optimiser (once after installing or upgrading; "
                "this takes a while)...",
                file=sys.stderr,
                flush=True,
            )
        return cast(Function, dispatcher)

    return compile_now


TOUR = "i8[:], i8[:, :], i8[:, :], b1[:], i8[:], i8[:, :], i8[:]"
"""Signature of a tour's data: spec, wo, wc, rests, places, travel, durations."""


@compiled("", inline=True)
def fields(spec: Any) -> tuple[int, ...]:  # pragma: no cover - compiled
    """Return the tour's ``spec`` as a tuple (cheap to read in compiled helpers)."""
    return (spec[0], spec[1], spec[2], spec[3], spec[4], spec[5], spec[6], spec[7], spec[8])


@compiled("i8(i8, i8[:, :], i8[:, :], i8)", inline=True)
def serve(arrival: int, wo: Array, wc: Array, v: int) -> int:  # pragma: no cover - compiled
    """Return the earliest service start at ``v`` for ``arrival`` (``NONE``: all closed)."""
    if arrival >= NONE:
        return NONE
    for k in range(wo.shape[1]):
        if arrival <= wc[v, k]:
            return arrival if arrival > wo[v, k] else wo[v, k]
    return NONE


@compiled("i8(i8, i8[:, :], i8[:, :], i8)", inline=True)
def latest_arrival(start: int, wo: Array, wc: Array, v: int) -> int:  # pragma: no cover
    """Return the latest arrival at ``v`` whose service can start by ``start`` (or ``-NONE``)."""
    if start <= -NONE:
        return -NONE
    for k in range(wo.shape[1] - 1, -1, -1):
        if wo[v, k] <= start and wc[v, k] > -NONE:
            return start if start < wc[v, k] else wc[v, k]
    return -NONE


@compiled("i8(i8, i8[:])", inline=True)
def rest(reach: int, spec: Spec) -> int:  # pragma: no cover - compiled
    """Return the end of a break whose place is reached at ``reach`` (``NONE``: too late)."""
    if reach >= NONE:
        return NONE
    begin = reach if reach > spec[S_BEGIN] else spec[S_BEGIN]
    return begin + spec[S_LENGTH] if begin <= spec[S_UNTIL] else NONE


@compiled("i8(i8, i8, i8, i8[:])", inline=True)
def latest_before_rest(
    limit: int, after: int, before: int, spec: Spec
) -> int:  # pragma: no cover - compiled
    """Latest time to set off ``before`` ahead of a break, ``after`` ahead of ``limit``."""
    if limit <= -NONE:
        return -NONE
    top = limit - after - spec[S_LENGTH]
    if top > spec[S_UNTIL]:
        top = spec[S_UNTIL]
    return -NONE if top < spec[S_BEGIN] else top - before


@compiled("UniTuple(i8, 2)(i8, i8, i8, i8, i8[:], i8[:, :])", inline=True)
def legs_via(
    c: int, i: int, j: int, budget: int, places: Array, travel: Array
) -> tuple[int, int]:  # pragma: no cover - compiled
    """Return the travel ``i → f`` and ``f → j`` through the ``c``-th break place ``f``.

    ``(-1, -1)`` when ``f`` is ``i`` or ``j`` (a break there is taken at the stop: after
    leaving ``i``, or on arriving at ``j``) or when the detour adds more than ``budget``.
    """
    f = places[c]
    if f == i or f == j:  # noqa: SIM109 - plain compares compile best
        return -1, -1
    to, on = travel[i, f], travel[f, j]
    if to + on - travel[i, j] > budget:
        return -1, -1
    return to, on


@compiled("UniTuple(i8, 2)(i8, i8, i8, i8, i8[:], i8[:], i8[:, :])", inline=True)
def detour_need(
    plain: int, i: int, j: int, budget: int, spec: Spec, places: Array, travel: Array
) -> tuple[int, int]:  # pragma: no cover - compiled
    """Return :func:`detour`'s arrival and the budget it needs.

    The need is the extra travel of the place the detour goes through (of places
    reaching ``j`` equally early, the one adding least; never below 0): with a budget
    of at least that, the arrival is the same.
    """
    best, need = NONE, 0
    if plain >= NONE:
        return best, need
    for c in range(spec[S_PLACES]):
        to, on = legs_via(c, i, j, budget, places, travel)
        done = rest(plain + to, spec) if to >= 0 else NONE
        if done < NONE:
            extra = to + on - travel[i, j]
            extra = extra if extra > 0 else 0
            if done + on < best or (done + on == best and extra < need):
                best, need = done + on, extra
    return best, need


@compiled("i8(i8, i8, i8, i8, i8[:], i8[:], i8[:, :])", inline=True)
def detour(
    plain: int, i: int, j: int, budget: int, spec: Spec, places: Array, travel: Array
) -> int:  # pragma: no cover - compiled
    """Return the earliest arrival at ``j`` after a break on a detour from ``i`` (or ``NONE``).

    The group leaves ``i`` at ``plain`` and may go through any break place of
    :func:`legs_via` reached in time to start the break; the one reaching ``j``
    earliest counts. A cheap place reached too late does not hide a dearer one
    reached in time.
    """
    return detour_need(plain, i, j, budget, spec, places, travel)[0]


@compiled("UniTuple(i8, 2)(i8, i8, i8, i8, i8[:], i8[:], i8[:, :])", inline=True)
def latest_detour_need(
    limit: int, v: int, w: int, budget: int, spec: Spec, places: Array, travel: Array
) -> tuple[int, int]:  # pragma: no cover - compiled
    """Return :func:`latest_detour`'s departure and the budget it needs (:func:`detour_need`)."""
    best, need = -NONE, 0
    if limit <= -NONE:
        return best, need
    for c in range(spec[S_PLACES]):
        to, on = legs_via(c, v, w, budget, places, travel)
        x = latest_before_rest(limit, on, to, spec) if to >= 0 else -NONE
        if x > -NONE:
            extra = to + on - travel[v, w]
            extra = extra if extra > 0 else 0
            if x > best or (x == best and extra < need):
                best, need = x, extra
    return best, need


@compiled("i8(i8, i8, i8, i8, i8[:], i8[:], i8[:, :])", inline=True)
def latest_detour(
    limit: int, v: int, w: int, budget: int, spec: Spec, places: Array, travel: Array
) -> int:  # pragma: no cover - compiled
    """Latest departure from ``v`` that reaches ``w`` by ``limit`` after a detour's break.

    The mirror of :func:`detour`: the best over the same places (``-NONE``: none).
    """
    return latest_detour_need(limit, v, w, budget, spec, places, travel)[0]


@compiled("UniTuple(i8, 3)(i8, i8, i8, i8, i8, i8, " + TOUR + ")", inline=True)
def arrive_need(
    plain: int,
    rested: int,
    need: int,
    i: int,
    j: int,
    budget: int,
    spec: Spec,
    wo: Array,
    wc: Array,
    rests: Array,
    places: Array,
    travel: Array,
    durations: Array,
) -> tuple[int, int, int]:  # pragma: no cover - compiled
    """Return the (plain, rested) arrival at ``j`` for departures from ``i``, and its need.

    A detour for the break on the way counts only if it adds at most ``budget``.
    ``need`` is the budget the rested departure needs; the result's is the budget the
    rested arrival needs (see :func:`detour_need`).
    """
    leg = travel[i, j]
    a_plain = plain + leg if plain < NONE else NONE
    if spec[S_PAUSE] == PAUSE_NONE:
        return a_plain, NONE, 0
    a_rested = rested + leg if rested < NONE else NONE
    if spec[S_PAUSE] == PAUSE_PLACES and plain < NONE:
        done, extra = detour_need(plain, i, j, budget, spec, places, travel)
        if done < a_rested or (done == a_rested and done < NONE and extra < need):
            a_rested, need = done, extra
        if rests[j]:  # j is a place: the break on arriving there (before its visit, or at the end)
            done = rest(a_plain, spec)
            if done < a_rested or (done == a_rested and done < NONE):
                a_rested, need = done, 0
    return a_plain, a_rested, need


@compiled("UniTuple(i8, 2)(i8, i8, i8, i8, i8, " + TOUR + ")", inline=True)
def arrive(
    plain: int,
    rested: int,
    i: int,
    j: int,
    budget: int,
    spec: Spec,
    wo: Array,
    wc: Array,
    rests: Array,
    places: Array,
    travel: Array,
    durations: Array,
) -> tuple[int, int]:  # pragma: no cover - compiled
    """Return the (plain, rested) arrival at ``j`` for departures from ``i``.

    A detour for the break on the way counts only if it adds at most ``budget``.
    """
    x, y, _ = arrive_need(
        plain, rested, 0, i, j, budget, spec, wo, wc, rests, places, travel, durations
    )
    return x, y


@compiled("UniTuple(i8, 3)(i8, i8, i8, i8, " + TOUR + ")", inline=True)
def depart_need(
    plain: int,
    rested: int,
    need: int,
    v: int,
    spec: Spec,
    wo: Array,
    wc: Array,
    rests: Array,
    places: Array,
    travel: Array,
    durations: Array,
) -> tuple[int, int, int]:  # pragma: no cover - compiled
    """Return the (plain, rested) departure from ``v`` and the budget the rested one needs."""
    s = serve(plain, wo, wc, v)
    d_plain = s + durations[v] if s < NONE else NONE
    if spec[S_PAUSE] == PAUSE_NONE:
        return d_plain, NONE, 0
    s = serve(rested, wo, wc, v)
    d_rested = s + durations[v] if s < NONE else NONE
    if spec[S_PAUSE] != PAUSE_NONE and rests[v]:
        done = rest(d_plain, spec)
        if done < d_rested or (done == d_rested and done < NONE):
            d_rested, need = done, 0
    return d_plain, d_rested, need


@compiled("UniTuple(i8, 2)(i8, i8, i8, " + TOUR + ")", inline=True)
def depart(
    plain: int,
    rested: int,
    v: int,
    spec: Spec,
    wo: Array,
    wc: Array,
    rests: Array,
    places: Array,
    travel: Array,
    durations: Array,
) -> tuple[int, int]:  # pragma: no cover - compiled
    """Return the (plain, rested) departure from ``v`` for arrivals ``plain``/``rested``."""
    x, y, _ = depart_need(plain, rested, 0, v, spec, wo, wc, rests, places, travel, durations)
    return x, y


@compiled("i8(i8[:], " + TOUR + ")", inline=True)
def route_travel(
    seq: Array,
    spec: Spec,
    wo: Array,
    wc: Array,
    rests: Array,
    places: Array,
    travel: Array,
    durations: Array,
) -> int:  # pragma: no cover - compiled
    """Return the travel along ``seq`` (start, visits, end), detour for the break aside."""
    total = 0
    for p in range(1, seq.shape[0]):
        total += travel[seq[p - 1], seq[p]]
    return total


@compiled("i8(i8[:], " + TOUR + ")")
def end_time(
    seq: Array,
    spec: Spec,
    wo: Array,
    wc: Array,
    rests: Array,
    places: Array,
    travel: Array,
    durations: Array,
) -> int:  # pragma: no cover - compiled
    """Return the earliest arrival at the end of ``seq`` (``NONE`` if it is infeasible)."""
    sp = fields(spec)
    total = route_travel(seq, sp, wo, wc, rests, places, travel, durations)
    if total > sp[S_LIMIT]:
        return NONE
    budget = BIG if sp[S_LIMIT] >= BIG else sp[S_LIMIT] - total
    plain = sp[S_EARLIEST]
    rested = NONE
    if sp[S_PAUSE] != PAUSE_NONE and rests[seq[0]]:
        rested = rest(plain, sp)
    last = seq.shape[0] - 1
    for p in range(1, last + 1):
        plain, rested = arrive(
            plain,
            rested,
            seq[p - 1],
            seq[p],
            budget,
            sp,
            wo,
            wc,
            rests,
            places,
            travel,
            durations,
        )
        if p < last:
            plain, rested = depart(
                plain, rested, seq[p], sp, wo, wc, rests, places, travel, durations
            )
        if plain >= NONE and rested >= NONE:
            return NONE
    final = rested if sp[S_PAUSE] != PAUSE_NONE else plain
    return final if final <= sp[S_LATEST] else NONE


@compiled("", inline=True)
def _one_state_times(
    seq: Array,
    total: int,
    earliest: int,
    latest: int,
    limit: int,
    wo: Array,
    wc: Array,
    travel: Array,
    durations: Array,
) -> tuple[Array, Array, Array, Array, int, int, int]:  # pragma: no cover - compiled
    """:func:`tour_times` without a break and with one window per node, written out.

    The model's plain recursion only (the rested state never exists): the hot case
    of the benchmark's tours, where the general loop's second state costs a third.
    """
    k = seq.shape[0] - 1
    plain = np.empty(k, dtype=np.int64)
    plain[0] = earliest
    bad = -1
    for p in range(1, k):
        v = seq[p]
        a = plain[p - 1] + travel[seq[p - 1], v] if plain[p - 1] < NONE else NONE
        if a <= wc[v, 0]:
            plain[p] = (a if a > wo[v, 0] else wo[v, 0]) + durations[v]
        else:
            plain[p] = NONE
            if bad < 0:
                bad = p - 1
    end = plain[k - 1] + travel[seq[k - 1], seq[k]] if plain[k - 1] < NONE else NONE
    if end > latest or total > limit:
        end = NONE
    if bad < 0 and end >= NONE:
        bad = k - 2
    late_plain = np.empty(k + 1, dtype=np.int64)
    late_plain[0] = -NONE
    late_plain[k] = latest
    for p in range(k - 1, 0, -1):
        v = seq[p]
        go = late_plain[p + 1]
        go = go - travel[v, seq[p + 1]] - durations[v] if go > -NONE else -NONE
        if go < wo[v, 0] or wc[v, 0] <= -NONE:
            late_plain[p] = -NONE
        else:
            late_plain[p] = go if go < wc[v, 0] else wc[v, 0]
    rested = np.full(k, NONE, dtype=np.int64)
    late_rested = np.full(k + 1, -NONE, dtype=np.int64)
    return plain, rested, late_plain, late_rested, total, end, bad


@compiled("Tuple((i8[:], i8[:], i8[:], i8[:], i8, i8, i8))(i8[:], " + TOUR + ")")
def tour_times(
    seq: Array,
    spec: Spec,
    wo: Array,
    wc: Array,
    rests: Array,
    places: Array,
    travel: Array,
    durations: Array,
) -> tuple[Array, Array, Array, Array, int, int, int]:  # pragma: no cover - compiled
    """Compute the two-state times of the tour ``seq`` (start, visits, end).

    Returns
    -------
    tuple
        Plain and rested departure from each stop but the end; the latest plain and
        rested arrival at each stop (index 0 of the latest plain ones unused; that of
        the latest rested ones, :data:`NEED`, holds the most detour budget any of the
        tour's states relies on, so that a move leaving at least that much is judged
        exactly by the states and thresholds); the travel; the end time
        (``NONE`` if infeasible); the index among the visits of a visit whose removal
        is the first repair if the tour is infeasible, else -1: the visit after
        which no state is left, or the last visit when the tour ends late, drives
        too long or cannot take its break.
    """
    sp = fields(spec)
    k = seq.shape[0] - 1
    total = route_travel(seq, sp, wo, wc, rests, places, travel, durations)
    if sp[S_PAUSE] == PAUSE_NONE and wo.shape[1] == 1:
        return _one_state_times(
            seq, total, sp[S_EARLIEST], sp[S_LATEST], sp[S_LIMIT], wo, wc, travel, durations
        )
    budget = BIG if sp[S_LIMIT] >= BIG else sp[S_LIMIT] - total
    paused = sp[S_PAUSE] != PAUSE_NONE
    plain = np.empty(k, dtype=np.int64)
    rested = np.empty(k, dtype=np.int64)
    plain[0] = sp[S_EARLIEST]
    rested[0] = rest(plain[0], sp) if paused and rests[seq[0]] else NONE
    bad = -1
    need, most = 0, 0  # the budget the rested state needs; the most any state needs
    for p in range(1, k):
        a, b, need = arrive_need(
            plain[p - 1],
            rested[p - 1],
            need,
            seq[p - 1],
            seq[p],
            budget,
            sp,
            wo,
            wc,
            rests,
            places,
            travel,
            durations,
        )
        plain[p], rested[p], need = depart_need(
            a, b, need, seq[p], sp, wo, wc, rests, places, travel, durations
        )
        if rested[p] < NONE and need > most:
            most = need
        if bad < 0 and plain[p] >= NONE and rested[p] >= NONE:
            bad = p - 1
    a, b = arrive(
        plain[k - 1],
        rested[k - 1],
        seq[k - 1],
        seq[k],
        budget,
        sp,
        wo,
        wc,
        rests,
        places,
        travel,
        durations,
    )
    end = b if paused else a
    if end > sp[S_LATEST] or total > sp[S_LIMIT]:
        end = NONE
    if bad < 0 and end >= NONE:
        bad = k - 2
    late_plain = np.full(k + 1, -NONE, dtype=np.int64)
    late_rested = np.full(k + 1, -NONE, dtype=np.int64)
    if paused:
        late_rested[k] = sp[S_LATEST]
    else:
        late_plain[k] = sp[S_LATEST]
    need = 0  # the budget the latest plain arrival at the next stop needs
    for p in range(k - 1, 0, -1):
        v, w = seq[p], seq[p + 1]
        leg = travel[v, w]
        go_rested = late_rested[p + 1] - leg if late_rested[p + 1] > -NONE else -NONE
        go_plain = late_plain[p + 1] - leg if late_plain[p + 1] > -NONE else -NONE
        if sp[S_PAUSE] == PAUSE_PLACES:
            x, extra = latest_detour_need(late_rested[p + 1], v, w, budget, sp, places, travel)
            if x > go_plain or (x == go_plain and x > -NONE and extra < need):
                go_plain, need = x, extra
            if rests[w]:
                x = latest_before_rest(late_rested[p + 1], 0, leg, sp)
                if x > go_plain or (x == go_plain and x > -NONE):
                    go_plain, need = x, 0
        if paused and rests[v]:
            x = latest_before_rest(go_rested, 0, 0, sp)
            if x > go_plain or (x == go_plain and x > -NONE):
                go_plain, need = x, 0
        dv = durations[v]
        late_rested[p] = latest_arrival(go_rested - dv if go_rested > -NONE else -NONE, wo, wc, v)
        late_plain[p] = latest_arrival(go_plain - dv if go_plain > -NONE else -NONE, wo, wc, v)
        if late_plain[p] > -NONE and need > most:
            most = need
    late_rested[NEED] = most
    return plain, rested, late_plain, late_rested, total, end, bad


@compiled("UniTuple(i8, 2)(i8[:], i8[:], i8[:], i8, i8[:], i8, i8, " + TOUR + ")")
def splice(
    seq: Array,
    plain: Array,
    rested: Array,
    a: int,
    path: Array,
    b: int,
    budget: int,
    spec: Spec,
    wo: Array,
    wc: Array,
    rests: Array,
    places: Array,
    travel: Array,
    durations: Array,
) -> tuple[int, int]:  # pragma: no cover - compiled
    """Return the (plain, rested) arrival at stop ``b`` after stop ``a`` and ``path``.

    The tour leaves stop ``a`` in its cached states, visits the nodes of ``path``
    and re-joins the tour at stop ``b`` (``a < b``); compare the result with the
    thresholds of stop ``b`` for the verdict.
    """
    sp = fields(spec)
    p_state, r_state = plain[a], rested[a]
    prev = seq[a]
    for c in range(path.shape[0]):
        v = path[c]
        x, y = arrive(
            p_state, r_state, prev, v, budget, sp, wo, wc, rests, places, travel, durations
        )
        p_state, r_state = depart(x, y, v, sp, wo, wc, rests, places, travel, durations)
        prev = v
    return arrive(
        p_state, r_state, prev, seq[b], budget, sp, wo, wc, rests, places, travel, durations
    )


@compiled("i8(i8[:], i8, i8, i8, i8, " + TOUR + ")")
def carry(
    seq: Array,
    b: int,
    plain: int,
    rested: int,
    budget: int,
    spec: Spec,
    wo: Array,
    wc: Array,
    rests: Array,
    places: Array,
    travel: Array,
    durations: Array,
) -> int:  # pragma: no cover - compiled
    """Return the end time for arrivals ``plain``/``rested`` at stop ``b`` (``NONE``: late)."""
    sp = fields(spec)
    last = seq.shape[0] - 1
    for p in range(b, last):
        x, y = depart(plain, rested, seq[p], sp, wo, wc, rests, places, travel, durations)
        plain, rested = arrive(
            x, y, seq[p], seq[p + 1], budget, sp, wo, wc, rests, places, travel, durations
        )
    final = rested if sp[S_PAUSE] != PAUSE_NONE else plain
    return final if final <= sp[S_LATEST] else NONE


@compiled("b1(i8, i8, i8, i8[:])", inline=True)
def exact_verdict(added: int, budget: int, need: int, spec: Spec) -> bool:  # pragma: no cover
    """Whether the thresholds' verdict on a move adding ``added`` travel is exact.

    It is unless the tour has break places and a driving limit, the move adds travel
    (the detour budget then shrinks to ``budget``) and the tour's cached states need
    more than that (``need``: ``late_rested[NEED]`` of :func:`tour_times`);
    :func:`rebuilt_fits` re-checks those.
    """
    return spec[S_PAUSE] != PAUSE_PLACES or spec[S_LIMIT] >= BIG or added <= 0 or need <= budget


@compiled("b1(i8[:], i8, i8[:], i8, " + TOUR + ")")
def rebuilt_fits(
    seq: Array,
    a: int,
    path: Array,
    b: int,
    spec: Spec,
    wo: Array,
    wc: Array,
    rests: Array,
    places: Array,
    travel: Array,
    durations: Array,
) -> bool:  # pragma: no cover - compiled
    """Whether the tour ``seq[:a + 1] + path + seq[b:]`` is feasible (from scratch)."""
    size = a + 1 + path.shape[0] + seq.shape[0] - b
    new = np.empty(size, dtype=np.int64)
    new[: a + 1] = seq[: a + 1]
    new[a + 1 : a + 1 + path.shape[0]] = path
    new[a + 1 + path.shape[0] :] = seq[b:]
    return end_time(new, spec, wo, wc, rests, places, travel, durations) < NONE
