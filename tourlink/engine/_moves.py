"""Compiled travel-reducing moves on the one schedule model (private).

:func:`best_reversal` (2-opt), :func:`best_or_opt` (a segment of up to three visits
moved within its tour), :func:`cheapest_gap` and :func:`removal_fits`
(relocation), :func:`best_exchange` (a visit of one tour for one of another).
Each is a splice checked by :mod:`tourlink.engine._schedule`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tourlink.engine._kernels import CAPS, TIMES, fit_one, swap_fits
from tourlink.engine._schedule import (
    BIG,
    NEED,
    NONE,
    PAUSE_NONE,
    S_LIMIT,
    S_PAUSE,
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
    splice,
)

Array = np.ndarray[Any, Any]


@compiled("b1(i8, i8, " + TIMES + ", " + TOUR + ")")
def reversal_fits(
    i: int,
    j: int,
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
) -> bool:  # pragma: no cover - compiled
    """Whether reversing stops ``i + 1 … j`` of the tour ``seq`` keeps it feasible.

    Only for moves that do not add travel (the detour budget then holds).
    """
    sp = fields(spec)
    if sp[S_PAUSE] == PAUSE_NONE:  # the model without a break, written out (see _kernels)
        when, prev = plain[i], seq[i]
        for p in range(j, i, -1):
            v = seq[p]
            start = serve(when + travel[prev, v], wo, wc, v)
            if start >= NONE:
                return False
            when, prev = start + durations[v], v
        return bool(when + travel[prev, seq[j + 1]] <= late_plain[j + 1])
    budget = BIG if sp[S_LIMIT] >= BIG else sp[S_LIMIT] - total
    x, y = plain[i], rested[i]
    prev = seq[i]
    for p in range(j, i, -1):
        v = seq[p]
        x, y = arrive(x, y, prev, v, budget, sp, wo, wc, rests, places, travel, durations)
        x, y = depart(x, y, v, sp, wo, wc, rests, places, travel, durations)
        if x >= NONE and y >= NONE:
            return False
        prev = v
    x, y = arrive(x, y, prev, seq[j + 1], budget, sp, wo, wc, rests, places, travel, durations)
    return bool(x <= late_plain[j + 1] or y <= late_rested[j + 1])


@compiled("Tuple((i8, i8))(" + TIMES + ", " + TOUR + ")")
def best_reversal(
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
        if reversal_fits(
            i,
            j,
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
        ):
            return i, j
    return -1, -1


@compiled("Tuple((i8, i8))(i8, i8, " + TIMES + ", " + TOUR + ")")
def cheapest_gap(
    j: int,
    bound: int,
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
    """Return the feasible gap adding least travel (below ``bound``) for ``j``.

    As ``(added, gap)``, or ``(bound, -1)`` if there is none.
    """
    best, where = bound, -1
    for p in range(seq.shape[0] - 1):
        i, q = seq[p], seq[p + 1]
        if travel[i, j] + travel[j, q] - travel[i, q] >= best:
            continue
        s, added = fit_one(
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
        if s < NONE and added < best:
            best, where = added, p
    return best, where


@compiled("b1(i8, " + TIMES + ", " + TOUR + ")")
def removal_fits(
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
) -> bool:  # pragma: no cover - compiled
    """Whether the tour stays feasible without its stop ``p`` (a visit)."""
    sp = fields(spec)
    i, v, q = seq[p - 1], seq[p], seq[p + 1]
    added = travel[i, q] - travel[i, v] - travel[v, q]
    budget = BIG if sp[S_LIMIT] >= BIG else sp[S_LIMIT] - total - added
    x, y = arrive(
        plain[p - 1], rested[p - 1], i, q, budget, sp, wo, wc, rests, places, travel, durations
    )
    if x <= late_plain[p + 1] or y <= late_rested[p + 1]:
        return exact_verdict(added, budget, late_rested[NEED], sp) or rebuilt_fits(
            seq, p - 1, seq[p + 1 : p + 1], p + 1, spec, wo, wc, rests, places, travel, durations
        )
    return False


SIDE = TIMES + ", " + TOUR + ", " + CAPS + ", b1[:], f8[:]"
"""Signature of one tour's side of an exchange: times, data, caps, allowed, weights."""


@compiled("Tuple((i8, i8, i8))(" + SIDE + ", " + SIDE + ")")
def best_exchange(
    seq_a: Array,
    plain_a: Array,
    rested_a: Array,
    late_plain_a: Array,
    late_rested_a: Array,
    total_a: int,
    end_a: int,
    spec_a: Spec,
    wo_a: Array,
    wc_a: Array,
    rests_a: Array,
    places_a: Array,
    travel: Array,
    durations: Array,
    counts_a: Array,
    caps_a: Array,
    member: Array,
    allowed_a: Array,
    weight_a: Array,
    seq_b: Array,
    plain_b: Array,
    rested_b: Array,
    late_plain_b: Array,
    late_rested_b: Array,
    total_b: int,
    end_b: int,
    spec_b: Spec,
    wo_b: Array,
    wc_b: Array,
    rests_b: Array,
    places_b: Array,
    travel_b: Array,
    durations_b: Array,
    counts_b: Array,
    caps_b: Array,
    member_b: Array,
    allowed_b: Array,
    weight_b: Array,
) -> tuple[int, int, int]:  # pragma: no cover - compiled
    """Exchange of a visit of tour a with one of tour b that gains most weight, then travel.

    Only exchanges that lose no weight (visits may weigh more on one tour) and gain
    weight or save travel count. Returns ``(saving, p, q)`` for the visits
    ``seq_a[p + 1]`` and ``seq_b[q + 1]``, or ``(0, -1, -1)``; ``allowed_a`` and
    ``allowed_b`` mark the nodes each tour may visit.
    """
    best, best_gain, best_p, best_q = 0, 0.0, -1, -1
    for p in range(seq_a.shape[0] - 2):
        i, u, k = seq_a[p], seq_a[p + 1], seq_a[p + 2]
        if not allowed_b[u]:
            continue
        out_a = travel[i, u] + travel[u, k]
        for q in range(seq_b.shape[0] - 2):
            g, v, h = seq_b[q], seq_b[q + 1], seq_b[q + 2]
            if not allowed_a[v]:
                continue
            saving = (
                out_a
                + travel[g, v]
                + travel[v, h]
                - travel[i, v]
                - travel[v, k]
                - travel[g, u]
                - travel[u, h]
            )
            gain = weight_a[v] + weight_b[u] - weight_a[u] - weight_b[v]
            if gain < best_gain or (gain == best_gain and saving <= best):
                continue
            if not swap_fits(
                v,
                p,
                seq_a,
                plain_a,
                rested_a,
                late_plain_a,
                late_rested_a,
                total_a,
                end_a,
                spec_a,
                wo_a,
                wc_a,
                rests_a,
                places_a,
                travel,
                durations,
                counts_a,
                caps_a,
                member,
            ):
                continue
            if not swap_fits(
                u,
                q,
                seq_b,
                plain_b,
                rested_b,
                late_plain_b,
                late_rested_b,
                total_b,
                end_b,
                spec_b,
                wo_b,
                wc_b,
                rests_b,
                places_b,
                travel,
                durations,
                counts_b,
                caps_b,
                member,
            ):
                continue
            best, best_gain, best_p, best_q = saving, gain, p, q
    return best, best_p, best_q


@compiled("Tuple((i8, i8, i8))(" + TIMES + ", " + TOUR + ")")
def best_or_opt(
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
) -> tuple[int, int, int]:  # pragma: no cover - compiled
    """Best move of one to three consecutive visits elsewhere in the tour (Or-opt).

    The move must not add travel; it is the one that saves most travel, then ends
    the tour earliest, and only if it saves travel or time. Returns ``(a, size, c)``:
    the visits at stops ``a + 1 … a + size`` go after stop ``c`` (``c < a`` or
    ``c > a + size``), or ``(-1, 0, -1)``.
    """
    sp = fields(spec)
    k = seq.shape[0] - 1  # index of the end stop
    buffer = np.empty(k + 1, dtype=np.int64)
    budget = BIG if sp[S_LIMIT] >= BIG else sp[S_LIMIT] - total
    best_saving, best_end = 0, end
    best_a, best_size, best_c = -1, 0, -1
    for size in range(1, 4):
        for a in range(0, k - size):
            first, last = seq[a + 1], seq[a + size]
            inner = 0
            for p in range(a + 1, a + size):
                inner += travel[seq[p], seq[p + 1]]
            out = travel[seq[a], first] + travel[last, seq[a + size + 1]]
            close = travel[seq[a], seq[a + size + 1]]
            for c in range(0, k):
                if a <= c <= a + size:  # the segment would stay where it is
                    continue
                g, h = seq[c], seq[c + 1]
                saving = out - close + travel[g, h] - travel[g, first] - travel[last, h]
                if saving < best_saving:
                    continue
                count = 0
                if c > a + size:
                    for p in range(a + size + 1, c + 1):
                        buffer[count] = seq[p]
                        count += 1
                    for p in range(a + 1, a + size + 1):
                        buffer[count] = seq[p]
                        count += 1
                    start, rejoin = a, c + 1
                else:
                    for p in range(a + 1, a + size + 1):
                        buffer[count] = seq[p]
                        count += 1
                    for p in range(c + 1, a + 1):
                        buffer[count] = seq[p]
                        count += 1
                    start, rejoin = c, a + size + 1
                x, y = splice(
                    seq,
                    plain,
                    rested,
                    start,
                    buffer[:count],
                    rejoin,
                    budget,
                    spec,
                    wo,
                    wc,
                    rests,
                    places,
                    travel,
                    durations,
                )
                if x > late_plain[rejoin] and y > late_rested[rejoin]:
                    continue
                e = carry(seq, rejoin, x, y, budget, spec, wo, wc, rests, places, travel, durations)
                if e >= NONE or (saving == best_saving and e >= best_end):
                    continue
                best_saving, best_end = saving, e
                best_a, best_size, best_c = a, size, c
    return best_a, best_size, best_c
