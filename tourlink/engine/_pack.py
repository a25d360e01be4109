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
