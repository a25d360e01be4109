"""Compiled inner loops of the engine (private).

The iterated local search spends most of its time asking, for every free node and
every gap of a tour, whether the node fits there and what it would cost, and the
same for replacing a visit. Written as numpy array expressions these questions pay
a fixed overhead per array operation that dominates on tours of a few dozen stops;
compiled with numba they are plain loops that also stop early: departures and
latest arrivals never decrease along a tour, so a binary search confines each node
to the gaps it could fit in, and the scan of a node stops at the first gap it
reaches after its closing time.

For tours with one window per node and no break (every TOPTW benchmark tour):
:func:`tour_times`, :func:`scan_gaps` (insertion), :func:`greedy_insert` (the whole
insertion phase), :func:`best_swap` (replacement), :func:`best_reversal` and
:func:`reversal_fits` (2-opt). For tours with a break or several windows (the
planner's days): :func:`scan_with_break`. For the route pool: :func:`pack_routes`
(set packing). The tests check each against a direct simulation of every modified
tour, or against enumeration; functions are compiled eagerly (explicit signatures)
into numba's on-disk cache, so importing this module is what loads them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np
from numba import njit

Array = np.ndarray[Any, Any]
BIG = 1 << 50
NONE = 1 << 40
"""No feasible time, for tours with a break or several windows (``_slow.BIG`` is this)."""

Function = TypeVar("Function", bound=Callable[..., Any])


def _compiled(signature: str) -> Callable[[Function], Function]:
    """Compile a function now for ``signature``, cached on disk where numba can write.

    Numba keeps its cache beside the source or in the user's cache directory; where
    neither is writable (a read-only install run by a user without a home, say) it
    refuses to cache, and the function is compiled for this process only.
    """

    def compile_now(function: Function) -> Function:
        try:
            return cast(Function, njit(signature, cache=True, nogil=True)(function))
        except RuntimeError:  # "cannot cache function ...: no locator available"
            return cast(Function, njit(signature, nogil=True)(function))

    return compile_now


@_compiled("i8(i8[:], i8, i8, i8)")
def _first_gap(la: Array, offset: int, count: int, need: int) -> int:  # pragma: no cover
    """First ``p`` in ``0 … count`` with ``la[p + offset] >= need`` (``la`` never decreases).

    A visit ending at ``need`` at the earliest fits only in gaps from there on: before
    them, the following stop's latest arrival is already past.
    """
    lo, hi = 0, count
    while lo < hi:
        mid = (lo + hi) >> 1
        if la[mid + offset] < need:
            lo = mid + 1
        else:
            hi = mid
    return lo


@_compiled("void(i8[:], i8[:], i8[:], i8[:], i8[:, :], i8[:], i8[:], i8[:], i8, f8[:], i8[:])")
def scan_gaps(
    nodes: Array,
    seq: Array,
    dep: Array,
    la: Array,
    travel: Array,
    durations: Array,
    opening: Array,
    closing: Array,
    room: int,
    shift: Array,
    position: Array,
) -> None:  # pragma: no cover - compiled
    """Cheapest feasible insertion of each of ``nodes`` into the tour ``seq``.

    Parameters
    ----------
    nodes
        Free candidate nodes to scan.
    seq
        The tour: start, visits, end.
    dep, la
        Departure from, and latest feasible arrival at, each position of ``seq``.
    travel, durations, opening, closing
        Travel matrix, service times, the tour's window of each node.
    room
        Travel the tour may still add (driving limit minus travel so far), or ``BIG``.
    shift, position
        Output, indexed by node: the least delay of the arrival at the end's side of
        the gap (``inf`` if the node fits nowhere) and the gap's index.
    """
    k = seq.shape[0] - 1  # number of gaps
    for c in range(nodes.shape[0]):
        j = nodes[c]
        o = opening[j]
        cl = closing[j]
        dj = durations[j]
        lo = _first_gap(la, 1, k, o + dj)
        best = BIG
        where = 0
        for p in range(lo, k):
            i = seq[p]
            a = dep[p] + travel[i, j]
            if dep[p] > cl:
                break
            if a > cl:
                continue
            q = seq[p + 1]
            e = (a if a > o else o) + dj + travel[j, q]
            if e > la[p + 1]:
                continue
            if room < BIG and travel[i, j] + travel[j, q] - travel[i, q] > room:
                continue
            s = e - (dep[p] + travel[i, q])
            if s < best:
                best = s
                where = p
        if best < BIG:
            shift[j] = best
        else:
            shift[j] = np.inf
        position[j] = where


@_compiled(
    "Tuple((f8, i8, i8))(i8[:], f8[:], i8[:], i8[:], i8[:], i8[:, :], i8[:], i8[:], i8[:], i8)"
)
def best_swap(
    nodes: Array,
    weights: Array,
    seq: Array,
    dep: Array,
    la: Array,
    travel: Array,
    durations: Array,
    opening: Array,
    closing: Array,
    room: int,
) -> tuple[float, int, int]:  # pragma: no cover - compiled
    """Best (gain, position, node) for putting one of ``nodes`` in place of a visit.

    Position ``p`` names the visit ``seq[p + 1]``; the gain is the weight of the node
    less that of the visit, and only feasible swaps with a positive gain count; of
    equal gains, the first node in the order of ``nodes`` wins (pass the heaviest
    first: the scan then skips more). Returns ``(0.0, -1, -1)`` when no swap gains.
    """
    k = seq.shape[0] - 2  # number of visits
    best_gain = 0.0
    best_p = -1
    best_j = -1
    lightest = np.inf
    for p in range(1, k + 1):
        lightest = min(lightest, weights[seq[p]])
    for c in range(nodes.shape[0]):
        j = nodes[c]
        wj = weights[j]
        if wj - lightest <= best_gain:
            continue  # no swap of this node can beat the best one found
        o = opening[j]
        cl = closing[j]
        dj = durations[j]
        lo = _first_gap(la, 2, k, o + dj)
        for p in range(lo, k):
            i = seq[p]
            if dep[p] > cl:
                break
            gain = wj - weights[seq[p + 1]]
            if gain <= best_gain:
                continue
            a = dep[p] + travel[i, j]
            if a > cl:
                continue
            q = seq[p + 2]
            e = (a if a > o else o) + dj + travel[j, q]
            if e > la[p + 2]:
                continue
            if room < BIG:
                v = seq[p + 1]
                if travel[i, j] + travel[j, q] - travel[i, v] - travel[v, q] > room:
                    continue
            best_gain = gain
            best_p = p
            best_j = j
    return best_gain, best_p, best_j


@_compiled("Tuple((i8[:], i8[:], i8, i8, i8))(i8[:], i8[:, :], i8[:], i8[:], i8[:], i8, i8, i8)")
def tour_times(
    seq: Array,
    travel: Array,
    durations: Array,
    opening: Array,
    closing: Array,
    earliest: int,
    latest: int,
    limit: int,
) -> tuple[Array, Array, int, int, int]:  # pragma: no cover - compiled
    """Compute the times of the tour ``seq`` (start, visits, end), one window per node.

    Returns
    -------
    tuple
        ``dep`` (departure from each position but the end), ``la`` (latest arrival
        at each position that keeps the rest of the tour feasible; ``la[0]`` unused),
        total travel, arrival time at the end, and the index (among the visits) of a
        visit whose removal is the first repair if the tour is infeasible, else -1:
        the first visit reached after its closing time, or the last visit when the
        tour ends late or drives too long.
    """
    k = seq.shape[0] - 1
    dep = np.empty(k, dtype=np.int64)
    dep[0] = earliest
    total = 0
    bad = -1
    for p in range(1, k):
        u = seq[p - 1]
        v = seq[p]
        a = dep[p - 1] + travel[u, v]
        total += travel[u, v]
        if bad < 0 and a > closing[v]:
            bad = p - 1
        o = opening[v]
        dep[p] = (a if a > o else o) + durations[v]
    last = seq[k - 1]
    total += travel[last, seq[k]]
    end = dep[k - 1] + travel[last, seq[k]]
    if bad < 0 and (end > latest or total > limit):
        bad = k - 2
    la = np.zeros(k + 1, dtype=np.int64)
    la[k] = latest
    for p in range(k - 1, 0, -1):
        v = seq[p]
        x = la[p + 1] - travel[v, seq[p + 1]] - durations[v]
        c = closing[v]
        la[p] = x if x < c else c
    return dep, la, total, end, bad


@_compiled("b1(i8[:], i8[:], i8[:], i8[:, :], i8[:], i8[:], i8[:], i8, i8)")
def reversal_fits(
    seq: Array,
    dep: Array,
    la: Array,
    travel: Array,
    durations: Array,
    opening: Array,
    closing: Array,
    i: int,
    j: int,
) -> bool:  # pragma: no cover - compiled
    """Whether reversing positions ``i + 1 … j`` of the tour ``seq`` keeps it feasible."""
    when = dep[i]
    prev = seq[i]
    for p in range(j, i, -1):
        v = seq[p]
        a = when + travel[prev, v]
        if a > closing[v]:
            return False
        o = opening[v]
        when = (a if a > o else o) + durations[v]
        prev = v
    return bool(when + travel[prev, seq[j + 1]] <= la[j + 1])


@_compiled(
    "i8(i8[:, :], i8[:], i8[:], i8[:], i8[:], i8[:, :], i8[:], i8[:, :], i8[:, :], "
    "b1[:, :], b1[:], f8[:, :], i8[:, :], f8[:], f8, i8, b1)"
)
def greedy_insert(
    stops: Array,
    lengths: Array,
    earliest: Array,
    latest: Array,
    limit: Array,
    travel: Array,
    durations: Array,
    opening: Array,
    closing: Array,
    candidate: Array,
    visited: Array,
    shift: Array,
    position: Array,
    w2: Array,
    noise: float,
    seed: int,
    monotone: bool,
) -> int:  # pragma: no cover - compiled
    """Insert free nodes by best ratio ``w² / shift`` until none fits; return how many.

    The insertion phase of the search for tours that all have one window per node and
    no break, in place: ``stops[t, :lengths[t]]`` is tour ``t`` (start, visits, end),
    ``shift`` and ``position`` must hold every free node's best insertion into every
    tour on entry and are kept so. Each ratio is damped by ``1 - noise * U(0, 1)``
    with numba's generator seeded by ``seed``. With ``monotone`` (an insertion never
    lets a node fit that did not), only the nodes that still fitted are rescanned.
    """
    np.random.seed(seed)
    m, n = shift.shape
    inserted = 0
    nodes = np.empty(n, dtype=np.int64)
    while True:
        best_ratio = 0.0
        j = -1
        for v in range(n):
            if visited[v]:
                continue
            s = np.inf
            for t in range(m):
                if shift[t, v] < s:
                    s = shift[t, v]
            if s == np.inf:
                continue
            r = w2[v] / ((s if s > 0.0 else 0.0) + 1.0)
            if noise > 0.0:
                r *= 1.0 - noise * np.random.random()
            if r > best_ratio:
                best_ratio = r
                j = v
        if j < 0:
            return inserted
        t = 0
        for u in range(1, m):
            if shift[u, j] < shift[t, j]:
                t = u
        p = position[t, j]
        k = lengths[t]
        for q in range(k, p + 1, -1):
            stops[t, q] = stops[t, q - 1]
        stops[t, p + 1] = j
        lengths[t] = k + 1
        visited[j] = True
        inserted += 1
        for u in range(m):
            shift[u, j] = np.inf
        seq = stops[t, : k + 1]
        dep, la, total, _, _ = tour_times(
            seq, travel, durations, opening[t], closing[t], earliest[t], latest[t], limit[t]
        )
        count = 0
        for v in range(n):
            if visited[v] or not candidate[t, v]:
                continue
            if monotone and shift[t, v] == np.inf:
                continue
            nodes[count] = v
            count += 1
        room = BIG if limit[t] >= BIG else limit[t] - total
        scan_gaps(
            nodes[:count],
            seq,
            dep,
            la,
            travel,
            durations,
            opening[t],
            closing[t],
            room,
            shift[t],
            position[t],
        )


@_compiled("Tuple((f8, i8[:]))(f8[:], u8[:, :], i8, f8, i8)")
def pack_routes(
    weights: Array, masks: Array, count: int, floor: float, budget: int
) -> tuple[float, Array]:  # pragma: no cover - compiled
    """Heaviest set of at most ``count`` pairwise disjoint routes, if heavier than ``floor``.

    A depth-first branch and bound over routes sorted by decreasing weight, each
    route a bit set of its nodes (``masks``, 64 nodes per word); a branch is cut
    when its weight plus the next heaviest routes cannot beat the best. Stops after
    ``budget`` branch steps.

    Returns
    -------
    tuple
        The best weight found (``floor`` if none beats it) and the indices of the
        chosen routes by depth (``-1`` where none was chosen).
    """
    rows, words = masks.shape
    heavier = np.zeros(rows + 1)  # heavier[i]: summed weight of routes 0 … i-1
    for i in range(rows):
        heavier[i + 1] = heavier[i] + weights[i]
    best = floor
    best_pick = np.full(count, -1, dtype=np.int64)
    chosen = np.full(count, -1, dtype=np.int64)
    used = np.zeros((count + 1, words), dtype=np.uint64)
    total = np.zeros(count + 1)
    following = np.zeros(count + 1, dtype=np.int64)  # next route to try at each depth
    depth, steps, entering = 0, 0, True
    while depth >= 0:
        if entering:
            entering = False
            if total[depth] > best:
                best = total[depth]
                best_pick[:] = chosen
            start = following[depth]
            reach = heavier[min(rows, start + count - depth)] - heavier[min(rows, start)]
            if depth == count or steps > budget or total[depth] + reach <= best:
                depth -= 1
                if depth >= 0:
                    chosen[depth] = -1
                continue
        i = following[depth]
        advanced = False
        while i < rows:
            steps += 1
            if steps > budget:
                return best, best_pick
            rest = 0.0
            if depth < count - 1:
                rest = heavier[min(rows, i + 1 + count - depth - 1)] - heavier[min(rows, i + 1)]
            if total[depth] + weights[i] + rest <= best:
                break
            disjoint = True
            for k in range(words):
                if masks[i, k] & used[depth, k]:
                    disjoint = False
                    break
            if disjoint:
                chosen[depth] = i
                following[depth] = i + 1
                for k in range(words):
                    used[depth + 1, k] = used[depth, k] | masks[i, k]
                total[depth + 1] = total[depth] + weights[i]
                following[depth + 1] = i + 1
                depth += 1
                entering = True
                advanced = True
                break
            i += 1
        if not advanced:
            chosen[depth] = -1
            depth -= 1
            if depth >= 0:
                chosen[depth] = -1
    return best, best_pick


@_compiled("Tuple((i8, i8))(i8[:], i8[:], i8[:], i8[:, :], i8[:], i8[:], i8[:])")
def best_reversal(
    seq: Array,
    dep: Array,
    la: Array,
    travel: Array,
    durations: Array,
    opening: Array,
    closing: Array,
) -> tuple[int, int]:  # pragma: no cover
    """Feasible 2-opt move that shortens the tour ``seq`` most, as ``(i, j)`` or ``(-1, -1)``.

    Reversing positions ``i + 1 … j`` changes the travel by the two new edges less
    the two old ones, plus the difference of the segment's travel backwards and
    forwards (travel may be asymmetric). The shortening moves are checked for
    feasibility from the largest saving down; the first feasible one is returned.
    """
    size = seq.shape[0]
    forward = np.zeros(size, dtype=np.int64)  # travel from seq[0] to seq[p], and backwards
    backward = np.zeros(size, dtype=np.int64)
    for p in range(1, size):
        forward[p] = forward[p - 1] + travel[seq[p - 1], seq[p]]
        backward[p] = backward[p - 1] + travel[seq[p], seq[p - 1]]
    deltas = []
    moves = []
    for i in range(size - 3):
        for j in range(i + 2, size - 1):
            delta = (
                travel[seq[i], seq[j]]
                + travel[seq[i + 1], seq[j + 1]]
                - travel[seq[i], seq[i + 1]]
                - travel[seq[j], seq[j + 1]]
                + (backward[j] - backward[i + 1])
                - (forward[j] - forward[i + 1])
            )
            if delta < 0:
                deltas.append(delta)
                moves.append((i, j))
    if not deltas:
        return -1, -1
    order = np.argsort(np.array(deltas), kind="mergesort")
    for index in order:
        i, j = moves[index]
        if reversal_fits(seq, dep, la, travel, durations, opening, closing, i, j):
            return i, j
    return -1, -1


@_compiled("i8(i8, i8[:], i8[:])")
def _service_start(arrival: int, opening: Array, closing: Array) -> int:  # pragma: no cover
    """Earliest service start for ``arrival`` in the first window still open, else ``NONE``."""
    for k in range(opening.shape[0]):
        if arrival <= closing[k]:
            return int(arrival if arrival > opening[k] else opening[k])
    return NONE


@_compiled("i8(i8, i8, i8[:])")
def _after_stop(plain: int, rested: int, pause: Array) -> int:  # pragma: no cover
    """Rested departure after a stop: carried over, or the break (``pause``) taken now."""
    begin = plain if plain > pause[0] else pause[0]
    if plain < NONE and begin <= pause[1]:
        fresh = begin + pause[2]
        if fresh < rested:
            return int(fresh)
    return rested


@_compiled(
    "void(i8[:], i8[:], i8[:], i8[:], i8[:], i8[:], i8, i8[:, :], i8[:], i8[:, :], "
    "i8[:, :], i8[:], i8, i8, f8[:], i8[:])"
)
def scan_with_break(
    nodes: Array,
    seq: Array,
    plain: Array,
    rested: Array,
    late_plain: Array,
    late_rested: Array,
    route_travel: int,
    travel: Array,
    durations: Array,
    opening: Array,
    closing: Array,
    pause: Array,
    limit: int,
    base: int,
    shift: Array,
    position: Array,
) -> None:  # pragma: no cover - compiled
    """Cheapest feasible insertion of each of ``nodes`` into a tour with a break or windows.

    The compiled form of :meth:`tourlink.engine._slow.SlowTour.scan`. A tour's earliest
    schedule follows two states per stop (break not yet taken / taken): ``plain`` and
    ``rested`` are those departures at each stop of ``seq`` but the end, ``late_plain``
    and ``late_rested`` the latest arrivals from which the rest of the tour is still
    feasible in each state (``-NONE`` when none), so a pair's feasibility costs O(1);
    only feasible pairs are carried to the end of the tour for their end time.

    Parameters
    ----------
    pause
        ``(earliest, latest, duration)`` of the break, or empty for none.
    limit
        Driving limit of the tour, or -1 for none.
    base
        End time of the tour as it is (its earliest departure if it is infeasible).
    opening, closing
        Windows of every node by column (padded with never-open columns).
    shift, position
        Output, per entry of ``nodes``: the least shift (added travel + service time +
        delay of the end; ``inf`` if the node fits nowhere) and its gap.
    """
    has_pause = pause.shape[0] == 3
    last = seq.shape[0] - 1
    for c in range(nodes.shape[0]):
        j = nodes[c]
        dj = durations[j]
        best = np.inf
        where = 0
        for q in range(last):
            i = seq[q]
            k = seq[q + 1]
            added = travel[i, j] + travel[j, k] - travel[i, k]
            if limit >= 0 and route_travel + added > limit:
                continue
            sp = _service_start(plain[q] + travel[i, j], opening[j], closing[j])
            sp = NONE if sp >= NONE else sp + dj
            sr = NONE
            if has_pause:
                sr = _service_start(rested[q] + travel[i, j], opening[j], closing[j])
                sr = NONE if sr >= NONE else sr + dj
                sr = _after_stop(sp, sr, pause)
            if not (
                sp + travel[j, k] <= late_plain[q + 1] or sr + travel[j, k] <= late_rested[q + 1]
            ):
                continue
            prev = j
            end = NONE
            for p in range(q + 1, last + 1):
                v = seq[p]
                leg = travel[prev, v]
                if p == last:
                    end = (sr if has_pause else sp) + leg
                    break
                sp = _service_start(sp + leg, opening[v], closing[v])
                sp = NONE if sp >= NONE else sp + durations[v]
                if has_pause:
                    sr = _service_start(sr + leg, opening[v], closing[v])
                    sr = NONE if sr >= NONE else sr + durations[v]
                    sr = _after_stop(sp, sr, pause)
                prev = v
            value = float(added + dj + (end - base))
            if value < best:
                best = value
                where = q
        shift[c] = best
        position[c] = where
