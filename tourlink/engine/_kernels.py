"""Compiled insertion and replacement on the one schedule model (private).

The iterated local search spends most of its time asking, for every free node and
every gap of a tour, whether the node fits there and what it would cost, and the
same for replacing a visit, reversing a segment or moving a visit. Each question
is a splice checked by :mod:`tourlink.engine._schedule` against the cached times
of the tour, on every tour alike. Compiled with numba the scans are plain loops
that also stop early: the earlier of a stop's two departures and the later of
its two latest arrivals never decrease along a tour, so a binary search confines
each node to the gaps it could fit in, and the scan of a node stops at the first
gap it reaches after its last closing time.

:func:`scan_gaps` (insertion), :func:`greedy_insert` (the whole insertion phase,
all tours), :func:`best_swap` and :func:`swap_fits` (replacement); the
travel-reducing moves are in :mod:`~tourlink.engine._moves`. Visit caps
(:func:`may_add`) bound the number of visits and the visits per node group.

The scans write out the model's break-free case (one state: wait for the window,
serve, compare with the next stop's latest arrival) in their loops instead of
calling :func:`fit_one`: a compiled helper that takes a dozen arrays pays for
their reference counts at every call, which made the scans 20 to 50 times slower
on tours without a break (measured on pr06 with three tours). Tests check both
forms against the evaluator.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tourlink.engine._schedule import (
    BIG,
    NEED,
    NONE,
    PAUSE_NONE,
    PAUSE_PLACES,
    S_EARLIEST,
    S_LIMIT,
    S_PAUSE,
    S_VISITS,
    TOUR,
    Spec,
    arrive,
    carry,
    compiled,
    depart,
    exact_verdict,
    fields,
    rebuilt_fits,
    serve,
    tour_times,
)

Array = np.ndarray[Any, Any]
TIMES = "i8[:], i8[:], i8[:], i8[:], i8[:], i8, i8"
"""Signature of a tour's cached times: seq, plain, rested, late_plain, late_rested, travel, end."""
CAPS = "i8[:], i8[:], b1[:, :]"
"""Signature of a tour's visit caps: counts per group, caps per group, group membership."""


@compiled("b1(i8, i8, i8[:], " + CAPS + ")", inline=True)
def may_add(
    v: int, visits: int, spec: Spec, counts: Array, caps: Array, member: Array
) -> bool:  # pragma: no cover - compiled
    """Whether a tour with ``visits`` visits and group ``counts`` may visit ``v`` too."""
    if visits >= spec[S_VISITS]:
        return False
    for g in range(counts.shape[0]):  # noqa: SIM110 - numba compiles no generators
        if member[g, v] and counts[g] >= caps[g]:
            return False
    return True


@compiled("b1(i8, i8, i8[:], i8[:], b1[:, :])", inline=True)
def may_swap(
    v: int, old: int, counts: Array, caps: Array, member: Array
) -> bool:  # pragma: no cover
    """Whether ``v`` may take the place of the visit ``old`` under the group caps."""
    for g in range(counts.shape[0]):
        if member[g, v] and not member[g, old] and counts[g] >= caps[g]:
            return False
    return True


@compiled("i8(i8[:], i8[:], i8, i8)", inline=True)
def _first_gap(late: Array, early: Array, count: int, need: int) -> int:  # pragma: no cover
    """First ``p`` in ``0 … count`` with ``max(late[p], early[p]) >= need`` (never decreasing)."""
    lo, hi = 0, count
    while lo < hi:
        mid = (lo + hi) >> 1
        top = late[mid] if late[mid] > early[mid] else early[mid]
        if top < need:
            lo = mid + 1
        else:
            hi = mid
    return lo


@compiled("i8(i8[:], i8, i8, i8)", inline=True)
def _first_plain(late: Array, offset: int, count: int, need: int) -> int:  # pragma: no cover
    """First ``p`` in ``0 … count`` with ``late[p + offset] >= need`` (one state)."""
    lo, hi = 0, count
    while lo < hi:
        mid = (lo + hi) >> 1
        if late[mid + offset] < need:
            lo = mid + 1
        else:
            hi = mid
    return lo


@compiled("i8(i8, i8[:, :])", inline=True)
def last_close(v: int, wc: Array) -> int:  # pragma: no cover - compiled
    """Return the last closing time of node ``v`` (``-NONE`` if it never opens)."""
    top = -NONE
    for k in range(wc.shape[1]):
        if wc[v, k] > top:
            top = wc[v, k]
    return top


@compiled("UniTuple(i8, 2)(i8, i8, " + TIMES + ", " + TOUR + ")")
def fit_one(
    j: int,
    p: int,
    seq: Array,
    plain: Array,
    rested: Array,
    late_plain: Array,
    late_rested: Array,
    total: int,
    end: int,
    spec: Spec,
    wo: Array,
    wc: Array,
    rests: Array,
    places: Array,
    travel: Array,
    durations: Array,
) -> tuple[int, int]:  # pragma: no cover - compiled
    """Insert ``j`` between stops ``p`` and ``p + 1``: the shift if it fits, else ``(NONE, 0)``.

    The shift is the delay of the arrival at the next stop; with a break, the added
    travel and service time plus the delay of the tour's end. The second value is
    the added travel.
    """
    sp = fields(spec)
    i, q = seq[p], seq[p + 1]
    added = travel[i, j] + travel[j, q] - travel[i, q]
    if total + added > sp[S_LIMIT]:
        return NONE, added
    if sp[S_PAUSE] == PAUSE_NONE:  # one state: the model's plain recursion only
        start = serve(plain[p] + travel[i, j], wo, wc, j)
        if start >= NONE:
            return NONE, added
        x = start + durations[j] + travel[j, q]
        if x > late_plain[p + 1]:
            return NONE, added
        return x - (plain[p] + travel[i, q]), added
    if sp[S_PAUSE] != PAUSE_PLACES and min(plain[p], rested[p]) + travel[i, j] > last_close(j, wc):
        return NONE, added  # too late for every window of j (a detour might be shorter)
    budget = BIG if sp[S_LIMIT] >= BIG else sp[S_LIMIT] - total - added
    x, y = arrive(plain[p], rested[p], i, j, budget, sp, wo, wc, rests, places, travel, durations)
    x, y = depart(x, y, j, sp, wo, wc, rests, places, travel, durations)
    x, y = arrive(x, y, j, q, budget, sp, wo, wc, rests, places, travel, durations)
    if x > late_plain[p + 1] and y > late_rested[p + 1]:
        return NONE, added
    if not exact_verdict(added, budget, late_rested[NEED], sp) and not rebuilt_fits(
        seq, p, np.array([j]), p + 1, spec, wo, wc, rests, places, travel, durations
    ):
        return NONE, added
    if sp[S_PAUSE] == PAUSE_NONE:
        return x - (plain[p] + travel[i, q]), added
    e = carry(seq, p + 1, x, y, budget, spec, wo, wc, rests, places, travel, durations)
    if e >= NONE:
        return NONE, added
    base = end if end < NONE else sp[S_EARLIEST]
    return added + durations[j] + e - base, added


@compiled("void(i8[:], " + TIMES + ", " + TOUR + ", f8[:], i8[:])")
def scan_gaps(
    nodes: Array,
    seq: Array,
    plain: Array,
    rested: Array,
    late_plain: Array,
    late_rested: Array,
    total: int,
    end: int,
    spec: Spec,
    wo: Array,
    wc: Array,
    rests: Array,
    places: Array,
    travel: Array,
    durations: Array,
    shift: Array,
    position: Array,
) -> None:  # pragma: no cover - compiled
    """Cheapest feasible insertion of each of ``nodes`` into the tour ``seq``.

    ``shift[j]`` is set to the least shift of a feasible insertion of ``j`` (see
    :func:`fit_one`; ``inf`` if it fits nowhere) and ``position[j]`` to its gap.
    Visit caps are the caller's business.
    """
    sp = fields(spec)
    one_state = sp[S_PAUSE] == PAUSE_NONE
    room = BIG if sp[S_LIMIT] >= BIG else sp[S_LIMIT] - total
    k = seq.shape[0] - 1  # number of gaps
    if one_state and wo.shape[1] == 1:  # one state, one window: see the module doc
        for c in range(nodes.shape[0]):
            j = nodes[c]
            opening, close, dj = wo[j, 0], wc[j, 0], durations[j]
            lo = _first_plain(late_plain, 1, k, opening + dj)
            best = NONE
            where = 0
            for p in range(lo, k):
                d = plain[p]
                if d > close:
                    break
                i = seq[p]
                a = d + travel[i, j]
                if a > close:
                    continue
                q = seq[p + 1]
                x = (a if a > opening else opening) + dj + travel[j, q]
                if x > late_plain[p + 1]:
                    continue
                if room < BIG and travel[i, j] + travel[j, q] - travel[i, q] > room:
                    continue
                if x - (d + travel[i, q]) < best:
                    best = x - (d + travel[i, q])
                    where = p
            shift[j] = best if best < NONE else np.inf
            position[j] = where
        return
    for c in range(nodes.shape[0]):
        j = nodes[c]
        close = last_close(j, wc)
        lo = _first_gap(late_plain[1:], late_rested[1:], k, wo[j, 0] + durations[j])
        best = NONE
        where = 0
        for p in range(lo, k):
            if min(plain[p], rested[p]) > close:
                break
            if one_state:  # the model without a break, written out: see the module doc
                i, q = seq[p], seq[p + 1]
                a = plain[p] + travel[i, j]
                if a > close or travel[i, j] + travel[j, q] - travel[i, q] > room:
                    continue
                start = serve(a, wo, wc, j)
                x = start + durations[j] + travel[j, q]
                if start < NONE and x <= late_plain[p + 1] and x - (plain[p] + travel[i, q]) < best:
                    best = x - (plain[p] + travel[i, q])
                    where = p
                continue
            s, _ = fit_one(
                j,
                p,
                seq,
                plain,
                rested,
                late_plain,
                late_rested,
                total,
                end,
                spec,
                wo,
                wc,
                rests,
                places,
                travel,
                durations,
            )
            if s < best:
                best = s
                where = p
        shift[j] = best if best < NONE else np.inf
        position[j] = where


@compiled("void(i8[:], b1, b1[:], b1[:], b1[:], " + TIMES + ", " + TOUR + ", f8[:], i8[:])")
def scan_free(
    nodes: Array,
    full: bool,
    visited: Array,
    blocked: Array,
    allowed: Array,
    seq: Array,
    plain: Array,
    rested: Array,
    late_plain: Array,
    late_rested: Array,
    total: int,
    end: int,
    spec: Spec,
    wo: Array,
    wc: Array,
    rests: Array,
    places: Array,
    travel: Array,
    durations: Array,
    shift: Array,
    position: Array,
) -> None:  # pragma: no cover - compiled
    """Reset and rescan (:func:`scan_gaps`) the allowed nodes among ``nodes`` for one tour.

    With ``full`` the whole ``shift`` row is reset first; nodes that are visited or
    that a visit cap keeps off the tour (``blocked``) are left at ``inf``.
    """
    if full:
        shift[:] = np.inf
    free = np.empty(nodes.shape[0], dtype=np.int64)
    count = 0
    for c in range(nodes.shape[0]):
        v = nodes[c]
        if not allowed[v]:
            continue
        shift[v] = np.inf
        if not visited[v] and not blocked[v]:
            free[count] = v
            count += 1
    if count:
        scan_gaps(
            free[:count],
            seq,
            plain,
            rested,
            late_plain,
            late_rested,
            total,
            end,
            spec,
            wo,
            wc,
            rests,
            places,
            travel,
            durations,
            shift,
            position,
        )


@compiled(
    "i8(i8[:, :], i8[:], i8[:, :], i8[:, :, :], i8[:, :, :], b1[:, :], i8[:, :], i8[:, :], "
    "i8[:], b1[:, :], b1[:], f8[:, :], i8[:, :], f8[:, :], f8, i8, b1[:], "
    "i8[:, :], i8[:, :], b1[:, :])"
)
def greedy_insert(
    stops: Array,
    lengths: Array,
    specs: Array,
    wos: Array,
    wcs: Array,
    restss: Array,
    placess: Array,
    travel: Array,
    durations: Array,
    candidate: Array,
    visited: Array,
    shift: Array,
    position: Array,
    w2: Array,
    noise: float,
    seed: int,
    monotone: Array,
    counts: Array,
    caps: Array,
    member: Array,
) -> int:  # pragma: no cover - compiled
    """Insert free nodes by best ratio ``w² / shift`` until none fits; return how many.

    The insertion phase of the search, all tours at once, in place:
    ``stops[t, :lengths[t]]`` is tour ``t`` (start, visits, end); ``shift`` and
    ``position`` must hold every free node's best insertion into every tour on
    entry and are kept so; ``w2[t, v]`` is the squared weight of ``v`` on ``t``.
    Each node's ratio is damped by ``1 - noise * U(0, 1)`` with numba's generator
    seeded by ``seed``. Where ``monotone[t]`` (an insertion into ``t`` never lets a
    node fit that did not), only the nodes that still fitted are rescanned.
    """
    np.random.seed(seed)
    m, n = shift.shape
    inserted = 0
    nodes = np.empty(n, dtype=np.int64)
    while True:
        best_ratio = 0.0
        j = -1
        t = -1
        for v in range(n):
            if visited[v]:
                continue
            r, u_best = 0.0, -1
            for u in range(m):
                s = shift[u, v]
                if s == np.inf:
                    continue
                ru = w2[u, v] / ((s if s > 0.0 else 0.0) + 1.0)
                if ru > r:
                    r, u_best = ru, u
            if u_best < 0:
                continue
            if noise > 0.0:
                r *= 1.0 - noise * np.random.random()
            if r > best_ratio:
                best_ratio, j, t = r, v, u_best
        if j < 0:
            return inserted
        p = position[t, j]
        k = lengths[t]
        for q in range(k, p + 1, -1):
            stops[t, q] = stops[t, q - 1]
        stops[t, p + 1] = j
        lengths[t] = k + 1
        visited[j] = True
        inserted += 1
        for g in range(member.shape[0]):
            if member[g, j]:
                counts[t, g] += 1
        for u in range(m):
            shift[u, j] = np.inf
        seq = stops[t, : k + 1]
        sp_t = fields(specs[t])
        tour_data = (specs[t], wos[t], wcs[t], restss[t], placess[t], travel, durations)
        plain, rested, late_plain, late_rested, total, end, _ = tour_times(seq, *tour_data)
        count = 0
        for v in range(n):
            if visited[v] or not candidate[t, v]:
                continue
            if not may_add(v, k - 1, sp_t, counts[t], caps[t], member):
                shift[t, v] = np.inf
                continue
            if monotone[t] and shift[t, v] == np.inf:
                continue
            nodes[count] = v
            count += 1
        scan_gaps(
            nodes[:count],
            seq,
            plain,
            rested,
            late_plain,
            late_rested,
            total,
            end,
            *tour_data,
            shift[t],
            position[t],
        )


@compiled("b1(i8, i8, " + TIMES + ", " + TOUR + ", " + CAPS + ")")
def swap_fits(
    j: int,
    p: int,
    seq: Array,
    plain: Array,
    rested: Array,
    late_plain: Array,
    late_rested: Array,
    total: int,
    end: int,
    spec: Spec,
    wo: Array,
    wc: Array,
    rests: Array,
    places: Array,
    travel: Array,
    durations: Array,
    counts: Array,
    caps: Array,
    member: Array,
) -> bool:  # pragma: no cover - compiled
    """Whether ``j`` may take the place of the visit ``seq[p + 1]``."""
    sp = fields(spec)
    v = seq[p + 1]
    if not may_swap(j, v, counts, caps, member):
        return False
    i, q = seq[p], seq[p + 2]
    added = travel[i, j] + travel[j, q] - travel[i, v] - travel[v, q]
    if total + added > sp[S_LIMIT]:
        return False
    if sp[S_PAUSE] == PAUSE_NONE:  # one state: the model's plain recursion only
        start = serve(plain[p] + travel[i, j], wo, wc, j)
        return start < NONE and start + durations[j] + travel[j, q] <= late_plain[p + 2]
    budget = BIG if sp[S_LIMIT] >= BIG else sp[S_LIMIT] - total - added
    x, y = arrive(plain[p], rested[p], i, j, budget, sp, wo, wc, rests, places, travel, durations)
    x, y = depart(x, y, j, sp, wo, wc, rests, places, travel, durations)
    x, y = arrive(x, y, j, q, budget, sp, wo, wc, rests, places, travel, durations)
    if x > late_plain[p + 2] and y > late_rested[p + 2]:
        return False
    return exact_verdict(added, budget, late_rested[NEED], sp) or rebuilt_fits(
        seq, p, np.array([j]), p + 2, spec, wo, wc, rests, places, travel, durations
    )


@compiled("Tuple((f8, i8, i8))(i8[:], f8[:], " + TIMES + ", " + TOUR + ", " + CAPS + ")")
def best_swap(
    nodes: Array,
    weights: Array,
    seq: Array,
    plain: Array,
    rested: Array,
    late_plain: Array,
    late_rested: Array,
    total: int,
    end: int,
    spec: Spec,
    wo: Array,
    wc: Array,
    rests: Array,
    places: Array,
    travel: Array,
    durations: Array,
    counts: Array,
    caps: Array,
    member: Array,
) -> tuple[float, int, int]:  # pragma: no cover - compiled
    """Best (gain, position, node) for putting one of ``nodes`` in place of a visit.

    Position ``p`` names the visit ``seq[p + 1]``; the gain is the weight of the node
    less that of the visit, and only feasible swaps with a positive gain count; of
    equal gains, the first node in the order of ``nodes`` wins (pass the heaviest
    first: the scan then skips more). Returns ``(0.0, -1, -1)`` when no swap gains.
    """
    sp = fields(spec)
    one_state = sp[S_PAUSE] == PAUSE_NONE
    room = BIG if sp[S_LIMIT] >= BIG else sp[S_LIMIT] - total
    k = seq.shape[0] - 2  # number of visits
    best_gain, best_p, best_j = 0.0, -1, -1
    lightest = np.inf
    for p in range(1, k + 1):
        lightest = min(lightest, weights[seq[p]])
    if one_state and wo.shape[1] == 1:  # one state, one window: see the module doc
        for c in range(nodes.shape[0]):
            j = nodes[c]
            wj = weights[j]
            if wj - lightest <= best_gain:
                continue  # no swap of this node can beat the best one found
            opening, close, dj = wo[j, 0], wc[j, 0], durations[j]
            lo = _first_plain(late_plain, 2, k, opening + dj)
            for p in range(lo, k):
                d = plain[p]
                if d > close:
                    break
                v = seq[p + 1]
                gain = wj - weights[v]
                if gain <= best_gain:
                    continue
                i = seq[p]
                a = d + travel[i, j]
                if a > close:
                    continue
                q = seq[p + 2]
                if (a if a > opening else opening) + dj + travel[j, q] > late_plain[p + 2]:
                    continue
                if room < BIG and travel[i, j] + travel[j, q] - travel[i, v] - travel[v, q] > room:
                    continue
                if may_swap(j, v, counts, caps, member):
                    best_gain, best_p, best_j = gain, p, j
        return best_gain, best_p, best_j
    for c in range(nodes.shape[0]):
        j = nodes[c]
        wj = weights[j]
        if wj - lightest <= best_gain:
            continue  # no swap of this node can beat the best one found
        close = last_close(j, wc)
        lo = _first_gap(late_plain[2:], late_rested[2:], k, wo[j, 0] + durations[j])
        for p in range(lo, k):
            if min(plain[p], rested[p]) > close:
                break
            gain = wj - weights[seq[p + 1]]
            if gain <= best_gain or not may_swap(j, seq[p + 1], counts, caps, member):
                continue
            if one_state:  # the model without a break, written out: see the module doc
                i, v, q = seq[p], seq[p + 1], seq[p + 2]
                a = plain[p] + travel[i, j]
                if a > close or travel[i, j] + travel[j, q] - travel[i, v] - travel[v, q] > room:
                    continue
                start = serve(a, wo, wc, j)
                if start < NONE and start + durations[j] + travel[j, q] <= late_plain[p + 2]:
                    best_gain, best_p, best_j = gain, p, j
                continue
            if not swap_fits(
                j,
                p,
                seq,
                plain,
                rested,
                late_plain,
                late_rested,
                total,
                end,
                spec,
                wo,
                wc,
                rests,
                places,
                travel,
                durations,
                counts,
                caps,
                member,
            ):
                continue
            best_gain, best_p, best_j = gain, p, j
    return best_gain, best_p, best_j
