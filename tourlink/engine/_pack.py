"""Compiled set packing for the route pool's recombination (private).

See :class:`tourlink.engine._pool.RoutePool`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tourlink.engine._schedule import compiled

Array = np.ndarray[Any, Any]


@compiled("Tuple((f8, i8[:]))(f8[:], u8[:, :], i8, f8, i8)")
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


@compiled("f8(f8[:], i8[:], i8[:], i8[:], i8, i8)", inline=True)
def _reach(
    weights: Array, group: Array, offset: Array, size: Array, depth: int, start: int
) -> float:  # pragma: no cover - compiled
    """Return the summed weight of the heaviest route each tour from ``depth`` on may take."""
    total, first = 0.0, start
    for d in range(depth, group.size):
        c = group[d]
        if d > depth:
            first = first + 1 if group[d - 1] == c else 0
        if first < size[c]:
            total += weights[offset[c] + first]
    return total


@compiled("Tuple((f8, i8[:]))(f8[:], u8[:, :], i8[:], i8[:], i8[:], f8, i8)")
def pack_classes(
    weights: Array,
    masks: Array,
    group: Array,
    offset: Array,
    size: Array,
    floor: float,
    budget: int,
) -> tuple[float, Array]:  # pragma: no cover - compiled
    """Return the heaviest set of disjoint routes, one per tour of its class, above ``floor``.

    The branch and bound of :meth:`~tourlink.engine._pool.RoutePool.recombine` over
    tours sorted by class (``group[d]``: the class of the tour at depth ``d``); class
    ``c``'s routes are rows ``offset[c] … offset[c] + size[c] - 1`` of ``weights`` and
    ``masks``, heaviest first. A tour may stay empty (within a class, the last ones).
    Stops after ``budget`` branch steps. A depth-first search with one frame per depth
    (depths only grow along a branch), step for step the recursive one.

    Returns
    -------
    tuple
        The best weight found (``floor`` if none beats it) and the chosen row of each
        depth's class (``-1`` where none was chosen).
    """
    count, words = group.size, masks.shape[1]
    best = floor
    best_pick = np.full(count, -1, dtype=np.int64)
    chosen = np.full(count, -1, dtype=np.int64)
    used = np.zeros((count + 1, words), dtype=np.uint64)
    total = np.zeros(count + 1)
    nxt = np.zeros(count + 1, dtype=np.int64)  # the row a frame tries next
    tail = np.zeros(count + 1, dtype=np.bool_)  # the frame is in its "leave empty" call
    parent = np.full(count + 1, -1, dtype=np.int64)
    steps, depth, entering = 0, 0, True
    while depth >= 0:
        if entering:
            entering = False
            if total[depth] > best:
                best = total[depth]
                best_pick[:] = chosen
            returning = depth == count or steps > budget
            if not returning:
                reach = _reach(weights, group, offset, size, depth, nxt[depth])
                returning = total[depth] + reach <= best
            if returning:
                depth = parent[depth]
                if depth >= 0 and not tail[depth]:
                    chosen[depth] = -1
                    nxt[depth] += 1
                continue
        if tail[depth]:  # back from the "leave empty" call: return
            depth = parent[depth]
            if depth >= 0 and not tail[depth]:
                chosen[depth] = -1
                nxt[depth] += 1
            continue
        c = group[depth]
        same = depth < count - 1 and group[depth + 1] == c
        i = nxt[depth]
        called, stopped = False, False
        while i < size[c]:
            steps += 1
            if steps > budget:
                stopped = True
                break
            row = offset[c] + i
            w = weights[row]
            rest = 0.0
            if depth < count - 1:
                rest = _reach(weights, group, offset, size, depth + 1, i + 1 if same else 0)
            if total[depth] + w + rest <= best:
                break
            disjoint = True
            for k in range(words):
                if masks[row, k] & used[depth, k]:
                    disjoint = False
                    break
            if not disjoint:
                i += 1
                continue
            chosen[depth] = i
            nxt[depth] = i
            child = depth + 1
            for k in range(words):
                used[child, k] = used[depth, k] | masks[row, k]
            total[child] = total[depth] + w
            nxt[child] = i + 1 if same else 0
            tail[child] = False
            parent[child] = depth
            depth, entering, called = child, True, True
            break
        if called:
            continue
        if not stopped:
            following = depth + 1
            while following < count and group[following] == c:
                following += 1
            if following < count:
                tail[depth] = True
                used[following, :] = used[depth, :]
                total[following] = total[depth]
                nxt[following] = 0
                tail[following] = False
                parent[following] = depth
                depth, entering = following, True
                continue
        depth = parent[depth]
        if depth >= 0 and not tail[depth]:
            chosen[depth] = -1
            nxt[depth] += 1
    return best, best_pick
