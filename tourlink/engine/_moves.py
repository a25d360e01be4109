"""Compiled travel-reducing moves on the one schedule model (private).

:func:`best_reversal` (2-opt), :func:`best_or_opt` (a segment of up to three visits
moved within its tour), :func:`cheapest_gap` and :func:`removal_fits`
(relocation), :func:`best_cross` (a segment of one tour for one of another).
Each is a splice checked by :mod:`tourlink.engine._schedule`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tourlink.engine._kernels import CAPS, TIMES, fit_one
from tourlink.engine._schedule import (
    BIG,
    NEED,
    NONE,
    PAUSE_NONE,
    S_LIMIT,
    S_PAUSE,
    S_VISITS,
    TOUR,
    Spec,
    arrive,
    carry,
    compiled,
    exact_verdict,
    fields,
    rebuilt_fits,
    serve,
    splice,
)

Array = np.ndarray[Any, Any]


@compiled("", inline=True)
def segment_fits(
    p: int,
    size: int,
    path: Array,
    added: int,
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
    """Whether the tour stays feasible with ``path`` in place of stops ``p + 1 … p + size``.

    ``added`` is the travel the change adds (the driving limit and the detour budget).
    """
    sp = fields(spec)
    if total + added > sp[S_LIMIT]:
        return False
    back = p + size + 1
    if sp[S_PAUSE] == PAUSE_NONE:  # the model without a break, written out (see _kernels)
        when, prev = plain[p], seq[p]
        for c in range(path.shape[0]):
            v = path[c]
            start = serve(when + travel[prev, v], wo, wc, v)
            if start >= NONE:
                return False
            when, prev = start + durations[v], v
        return bool(when + travel[prev, seq[back]] <= late_plain[back])
    budget = BIG if sp[S_LIMIT] >= BIG else sp[S_LIMIT] - total - added
    x, y = splice(
        seq, plain, rested, p, path, back, budget, spec, wo, wc, rests, places, travel, durations
    )
    if x > late_plain[back] and y > late_rested[back]:
        return False
    return exact_verdict(added, budget, late_rested[NEED], sp) or rebuilt_fits(
        seq, p, path, back, spec, wo, wc, rests, places, travel, durations
    )


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
    path = seq[i + 1 : j + 1][::-1].copy()
    return segment_fits(
        i,
        j - i,
        path,
        0,
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


SIDE = TIMES + ", " + TOUR + ", " + CAPS + ", b1[:], f8[:], f8[:]"
"""One tour's side of a cross exchange: times, data, caps, allowed, weights here and there."""


@compiled("b1(i8[:], i8, i8, i8[:], i8, i8, i8[:], i8[:], b1[:, :], i8)", inline=True)
def caps_allow(
    seq: Array,
    p: int,
    size: int,
    other: Array,
    q: int,
    count: int,
    counts: Array,
    caps: Array,
    member: Array,
    visits: int,
) -> bool:  # pragma: no cover - compiled
    """Whether a tour may give ``seq[p+1 … p+size]`` for ``other[q+1 … q+count]`` (caps)."""
    if count > size and seq.shape[0] - 2 - size + count > visits:
        return False
    for g in range(counts.shape[0]):
        change = 0
        for c in range(q + 1, q + count + 1):
            change += member[g, other[c]]
        for c in range(p + 1, p + size + 1):
            change -= member[g, seq[c]]
        if change > 0 and counts[g] + change > caps[g]:
            return False
    return True


@compiled("f8[:](i8[:], f8[:], f8[:])")
def _gains(seq: Array, here: Array, there: Array) -> Array:  # pragma: no cover - compiled
    """Prefix sums along ``seq`` of each stop's weight elsewhere less its weight here."""
    out = np.zeros(seq.shape[0], dtype=np.float64)
    for c in range(1, seq.shape[0] - 1):
        out[c] = out[c - 1] + there[seq[c]] - here[seq[c]]
    return out


@compiled("i8(" + SIDE + ", " + SIDE + ", i8, i8, i8[:, :], f8[:])")
def cross_moves(
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
    weight_ab: Array,
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
    weight_ba: Array,
    longest: int,
    floor: int,
    moves: Array,
    gains: Array,
) -> int:  # pragma: no cover - compiled
    """Find the best exchanges of a segment of tour a with one of tour b: weight, then travel.

    A segment is up to ``longest`` consecutive visits, possibly none (the move then
    relocates the other segment to the other tour); the segments keep their order (CROSS exchange,
    Taillard et al. 1997). Only feasible exchanges that lose no weight, and that
    gain weight or save more than ``floor`` travel, count. ``weight_a`` are the
    weights on a, ``weight_ab`` those on b of the same nodes (and ``weight_b``,
    ``weight_ba``); ``allowed_a`` and ``allowed_b`` mark the nodes each tour may
    visit. The best ``len(moves)`` exchanges, by weight gained then travel saved,
    are written (in no order) to ``moves`` as rows ``(saving, p, size_a, q,
    size_b)`` — the visits ``seq_a[p + 1 … p + size_a]`` for ``seq_b[q + 1 … q +
    size_b]`` — and their weight gains to ``gains``; returns how many.
    """
    ka, kb = seq_a.shape[0] - 2, seq_b.shape[0] - 2
    gain_a = _gains(seq_a, weight_a, weight_ab)  # weight gained moving a's visits to b
    gain_b = _gains(seq_b, weight_b, weight_ba)
    visits_a, visits_b = spec_a[S_VISITS], spec_b[S_VISITS]
    path_a = np.empty(longest, dtype=np.int64)
    path_b = np.empty(longest, dtype=np.int64)
    room = moves.shape[0]
    count, worst = 0, 0  # moves kept, and the index of the least of them once full
    best, best_gain = floor, 0.0  # what a move must beat to be kept
    for size_a in range(0, min(longest, ka) + 1):
        for size_b in range(0, min(longest, kb) + 1):
            if size_a + size_b == 0:
                continue
            for p in range(0, ka - size_a + 1):
                i, k = seq_a[p], seq_a[p + size_a + 1]
                moved_a = True
                for c in range(p + 1, p + size_a + 1):
                    moved_a = moved_a and allowed_b[seq_a[c]]
                if not moved_a:
                    continue
                out_a = travel[i, seq_a[p + 1]] + travel[seq_a[p + size_a], k] if size_a else 0
                if not size_a:
                    out_a = travel[i, k]
                for q in range(0, kb - size_b + 1):
                    g, h = seq_b[q], seq_b[q + size_b + 1]
                    gain = gain_a[p + size_a] - gain_a[p] + gain_b[q + size_b] - gain_b[q]
                    if gain < best_gain:
                        continue
                    out_b = travel[g, seq_b[q + 1]] + travel[seq_b[q + size_b], h] if size_b else 0
                    if not size_b:
                        out_b = travel[g, h]
                    if size_b:  # a receives b's segment
                        in_a = travel[i, seq_b[q + 1]] + travel[seq_b[q + size_b], k]
                    else:
                        in_a = travel[i, k]
                    if size_a:
                        in_b = travel[g, seq_a[p + 1]] + travel[seq_a[p + size_a], h]
                    else:
                        in_b = travel[g, h]
                    saving = out_a + out_b - in_a - in_b
                    if gain == best_gain and saving <= best:
                        continue
                    moved_b = True
                    for c in range(q + 1, q + size_b + 1):
                        moved_b = moved_b and allowed_a[seq_b[c]]
                    if not moved_b:
                        continue
                    if not caps_allow(
                        seq_a, p, size_a, seq_b, q, size_b, counts_a, caps_a, member, visits_a
                    ) or not caps_allow(
                        seq_b, q, size_b, seq_a, p, size_a, counts_b, caps_b, member, visits_b
                    ):
                        continue
                    path_a[:size_b] = seq_b[q + 1 : q + size_b + 1]
                    path_b[:size_a] = seq_a[p + 1 : p + size_a + 1]
                    inner_a, inner_b = 0, 0
                    for c in range(p + 1, p + size_a):
                        inner_a += travel[seq_a[c], seq_a[c + 1]]
                    for c in range(q + 1, q + size_b):
                        inner_b += travel[seq_b[c], seq_b[c + 1]]
                    if not segment_fits(
                        p,
                        size_a,
                        path_a[:size_b],
                        in_a - out_a + inner_b - inner_a,
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
                    ):
                        continue
                    if not segment_fits(
                        q,
                        size_b,
                        path_b[:size_a],
                        in_b - out_b + inner_a - inner_b,
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
                    ):
                        continue
                    slot = count if count < room else worst
                    moves[slot, 0], moves[slot, 1], moves[slot, 2] = saving, p, size_a
                    moves[slot, 3], moves[slot, 4] = q, size_b
                    gains[slot] = gain
                    count = min(count + 1, room)
                    if count == room:
                        worst = 0
                        for c in range(1, room):
                            if gains[c] < gains[worst] or (
                                gains[c] == gains[worst] and moves[c, 0] < moves[worst, 0]
                            ):
                                worst = c
                        best, best_gain = moves[worst, 0], gains[worst]
    return count


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
