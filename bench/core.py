"""Benchmark the core: load + build, one route, a 100 × 100 matrix, each beside a baseline.

Usage: ``python bench/core.py [DATA_DIR] [--repeat N]`` (default: the shipped data).
Prints the median of N runs (ms) of each measure and of its baseline, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from tourlink.network import Network
from tourlink.read import default_data_dir, load_dataset
from tourlink.routing import matrix, route

TARGETS_MS = {"load + build": 300.0, "one route": 5.0, "100 x 100 matrix": 500.0}


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    folder: Path = args.data or default_data_dir()
    net = Network(load_dataset(folder))
    g = net.G
    sites = sorted(net.sites)
    ids = (sites + sorted(net.dataset.nodes))[:100]
    a, b = "kon-tum-city-centre", "pakse"
    if a not in g or b not in g:
        a, b = sites[0], sites[-1]

    def raw_json() -> None:
        for name in ("sites.json", "roads.json"):
            json.loads((folder / name).read_text("utf-8"))

    def raw_matrix() -> None:
        for src in ids:
            nx.single_source_dijkstra_path_length(g, src, weight="minutes_car")

    rows = [
        ("load + build", lambda: Network(load_dataset(folder)), "json.loads only", raw_json),
        (
            "one route",
            lambda: route(a, b, network=net),
            "nx.dijkstra_path",
            lambda: nx.dijkstra_path(g, a, b, weight="minutes_car"),
        ),
        ("100 x 100 matrix", lambda: matrix(ids, network=net), "100 × nx path lengths", raw_matrix),
    ]
    print(
        f"data: {folder} ({len(net.sites)} sites, {g.number_of_nodes()} graph nodes, "
        f"{g.number_of_edges()} edges); route {a} → {b}; matrix of {len(ids)} ids; "
        f"median of {args.repeat} runs"
    )
    print(f"{'measure':18} {'ms':>8} {'target':>8}  {'baseline':24} {'ms':>8} {'ratio':>6}")
    for name, fn, base_name, base in rows:
        ours, theirs = median_ms(fn, args.repeat), median_ms(base, args.repeat)
        ok = "ok" if ours < TARGETS_MS[name] else "SLOW"
        print(
            f"{name:18} {ours:8.2f} {TARGETS_MS[name]:8.0f}  {base_name:24} {theirs:8.2f} "
            f"{ours / theirs:6.1f}  {ok}"
        )


if __name__ == "__main__":
    main()
