"""Tests of tourlink.engine._kernels: compiled loops against direct simulation and enumeration."""

from __future__ import annotations

import random
from itertools import pairwise, product

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tourlink.engine._kernels import (
    BIG,
    _compiled,
    best_reversal,
    best_swap,
    reversal_fits,
    scan_gaps,
    tour_times,
)
from tourlink.engine._pool import RoutePool

N = 14


def _instance(seed: int) -> tuple[list[list[int]], list[int], list[int], list[int], int]:
    """Random travel (asymmetric, rounded), service times, windows and a tour budget."""
    rng = random.Random(seed)
    xs = [(rng.uniform(0, 60), rng.uniform(0, 60)) for _ in range(N)]
    travel = [
        [
            0 if i == j else int(abs(xs[i][0] - xs[j][0]) + abs(xs[i][1] - xs[j][1])) + (i > j)
            for j in range(N)
        ]
        for i in range(N)
    ]
    durations = [0] + [rng.randint(0, 30) for _ in range(N - 1)]
    opening = [0] + [rng.randint(0, 200) for _ in range(N - 1)]
    closing = [400] + [o + rng.randint(0, 150) for o in opening[1:]]
    return travel, durations, opening, closing, rng.randint(200, 400)


def _simulate(
    seq: list[int],
    travel: list[list[int]],
    durations: list[int],
    opening: list[int],
    closing: list[int],
    latest: int,
    limit: int,
    arrive: int | None = None,
    first: int = 0,
) -> tuple[bool, list[int]]:
    """Arrival at every stop from ``first`` on and whether the tour is feasible.

    From scratch (leaving the start at 0) unless ``arrive`` gives the arrival at
    ``seq[first]``.
    """
    arrivals = [0 if arrive is None else arrive]
    driven = sum(travel[a][b] for a, b in pairwise(seq))
    ok = driven <= limit
    at = arrivals[0]
    for p in range(first, len(seq) - 1):
        v = seq[p]
        if p > 0 and at > closing[v]:
            ok = False
        leave = max(at, opening[v]) + durations[v] if p > 0 else at
        at = leave + travel[v][seq[p + 1]]
        arrivals.append(at)
    return ok and at <= latest, arrivals


def _route(
    seed: int, size: int, inst: tuple[list[list[int]], list[int], list[int], list[int], int]
) -> list[int]:
    travel, durations, opening, closing, latest = inst
    rng = random.Random(seed + 1)
    route: list[int] = []
    for v in rng.sample(range(1, N), N - 1):
        for q in range(len(route) + 1):
            trial = [*route[:q], v, *route[q:]]
            if _simulate([0, *trial, 0], travel, durations, opening, closing, latest, BIG)[0]:
                route = trial
                break
        if len(route) >= size:
            break
    return route


def _arrays(
    inst: tuple[list[list[int]], list[int], list[int], list[int], int],
) -> tuple[np.ndarray, ...]:
    travel, durations, opening, closing, _ = inst
    return (
        np.array(travel, dtype=np.int64),
        np.array(durations, dtype=np.int64),
        np.array(opening, dtype=np.int64),
        np.array(closing, dtype=np.int64),
    )


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(0, 8), limited=st.booleans())
def test_kernels_match_direct_simulation(seed: int, size: int, limited: bool) -> None:
    """Tests tour times, insertion scan, swap and 2-opt against simulation."""
    inst = _instance(seed)
    travel, durations, opening, closing, latest = inst
    tm, dur, opn, cls = _arrays(inst)
    route = _route(seed, size, inst)
    seq = [0, *route, 0]
    driven = sum(travel[a][b] for a, b in pairwise(seq))
    limit = driven + random.Random(seed).randint(0, 40) if limited else BIG
    seq_np = np.array(seq, dtype=np.int64)
    dep, la, total, end, bad = tour_times(seq_np, tm, dur, opn, cls, 0, latest, limit)
    ok, arrivals = _simulate(seq, travel, durations, opening, closing, latest, limit)
    assert ok and bad == -1 and total == driven and end == arrivals[-1]
    for p in range(1, len(seq)):
        fits = _simulate(seq, travel, durations, opening, closing, latest, BIG, la[p], p)[0]
        later = _simulate(seq, travel, durations, opening, closing, latest, BIG, la[p] + 1, p)[0]
        assert fits and not later, f"latest arrival at position {p}"

    room = BIG if limit >= BIG else limit - driven
    free = [v for v in range(1, N) if v not in route]
    if not free:
        return
    nodes = np.array(free, dtype=np.int64)
    shift = np.zeros(N)
    position = np.zeros(N, dtype=np.int64)
    scan_gaps(nodes, seq_np, dep, la, tm, dur, opn, cls, room, shift, position)
    for j in free:
        best, where = float("inf"), -1
        for q in range(len(seq) - 1):
            trial = [*seq[: q + 1], j, *seq[q + 1 :]]
            fits, times = _simulate(trial, travel, durations, opening, closing, latest, limit)
            if fits and times[q + 2] - arrivals[q + 1] < best:
                best, where = times[q + 2] - arrivals[q + 1], q
        assert shift[j] == best, f"shift of node {j}"
        if where >= 0:
            assert position[j] == where, f"position of node {j}"

    weights = np.array([random.Random(seed + v).randint(0, 30) for v in range(N)], dtype=float)
    expected = (0.0, -1, -1)
    for j in free:  # candidates outermost, as the kernel reports the first best
        for p in range(len(route)):
            trial = [*seq[: p + 1], j, *seq[p + 2 :]]
            gain = weights[j] - weights[seq[p + 1]]
            if (
                gain > expected[0]
                and _simulate(trial, travel, durations, opening, closing, latest, limit)[0]
            ):
                expected = (gain, p, j)
    assert best_swap(nodes, weights, seq_np, dep, la, tm, dur, opn, cls, room) == expected

    best_saving, feasible_savings = 0, {}
    for i in range(len(seq) - 2):
        for j in range(i + 1, len(seq) - 1):
            trial = [*seq[: i + 1], *seq[i + 1 : j + 1][::-1], *seq[j + 1 :]]
            fits = _simulate(trial, travel, durations, opening, closing, latest, BIG)[0]
            assert reversal_fits(seq_np, dep, la, tm, dur, opn, cls, i, j) == fits
            saving = driven - sum(travel[a][b] for a, b in pairwise(trial))
            if fits and saving > 0:
                feasible_savings[(i, j)] = saving
                best_saving = max(best_saving, saving)
    i, j = best_reversal(seq_np, dep, la, tm, dur, opn, cls)
    if best_saving == 0:
        assert (i, j) == (-1, -1)
    else:
        assert feasible_savings.get((i, j)) == best_saving, "2-opt: not the largest saving"


def test_late_or_overlong_tour_names_a_visit_to_drop() -> None:
    """Tests the repair hint: first visit after its closing, else the last visit."""
    travel = np.array([[0, 10, 10], [10, 0, 10], [10, 10, 0]], dtype=np.int64)
    dur = np.zeros(3, dtype=np.int64)
    opn = np.zeros(3, dtype=np.int64)
    seq = np.array([0, 1, 2, 0], dtype=np.int64)
    on_time = np.array([100, 100, 100], dtype=np.int64)
    assert tour_times(seq, travel, dur, opn, on_time, 0, 100, BIG)[4] == -1
    assert tour_times(seq, travel, dur, opn, np.array([100, 5, 100]), 0, 100, BIG)[4] == 0
    assert tour_times(seq, travel, dur, opn, on_time, 0, 29, BIG)[4] == 1
    assert tour_times(seq, travel, dur, opn, on_time, 0, 100, 29)[4] == 1


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), tours=st.integers(1, 4), classes=st.booleans())
def test_route_recombination_finds_the_heaviest_disjoint_routes(
    seed: int, tours: int, classes: bool
) -> None:
    """Tests the pool's set packing (compiled for one tour class) against enumeration."""
    rng = random.Random(seed)
    kinds = [0] * tours if not classes else [rng.randint(0, 2) for _ in range(tours)]
    pool = RoutePool(kinds)
    score = [rng.randint(1, 9) for _ in range(140)]
    found: dict[tuple[int, frozenset[int]], int] = {}
    for _ in range(rng.randint(1, 9)):
        tour = rng.randrange(tours)
        route = rng.sample(range(1, 140), rng.randint(1, 4))  # nodes beyond 64: several words
        weight = sum(score[v] for v in route)
        pool.add(tour, route, float(weight), end=rng.randint(0, 100))
        key = (kinds[tour], frozenset(route))
        found.setdefault(key, weight)
    best = 0
    routes = list(found.items())
    for picks in product(range(-1, len(routes)), repeat=tours):
        chosen = [routes[i] for i in picks if i >= 0]
        nodes = [v for (_, members), _ in chosen for v in members]
        fits = all(i < 0 or routes[i][0][0] == kinds[t] for t, i in enumerate(picks))
        if fits and len(set(picks) - {-1}) == len(chosen) and len(nodes) == len(set(nodes)):
            best = max(best, sum(w for _, w in chosen))
    got = pool.recombine(0.0)
    if best == 0:
        assert got is None
        return
    assert got is not None and len(got) == tours
    members = [v for r in got for v in r]
    assert len(members) == len(set(members)), "routes overlap"
    assert sum(found[(kinds[t], frozenset(r))] for t, r in enumerate(got) if r) == best


def test_kernels_compile_where_numba_cannot_cache() -> None:
    """Tests the fallback for places numba cannot cache in: compiled for the process only.

    Numba refuses to cache a function whose source file it cannot place (here, code
    built by ``exec``), as it does when no cache directory is writable.
    """
    namespace: dict[str, object] = {}
    exec("def twice(x):\n    return 2 * x\n", namespace)  # a function without a source file
    twice = _compiled("i8(i8)")(namespace["twice"])  # type: ignore[arg-type]
    assert twice(21) == 42
