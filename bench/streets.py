"""Benchmark: in-town travel between site pairs before and after ``streets.json``.

For pairs of sites in the same town, prints the car minutes before the streets (each
site on its own access road to the town's road node: the network built without
``streets.json``), the car minutes after (through the street nodes), the walking
minutes along the streets where within a group's walk, and what the planner's travel
table uses (``walk`` or ``drive`` and its arc). Also times building the travel table
with and without the walks (median of N runs).

Usage: ``python bench/streets.py [--repeat N] [--data DIR]``
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from pathlib import Path

from tourlink.exceptions import NoRouteError
from tourlink.network import Network
from tourlink.planner.build import travel_table
from tourlink.read import load_dataset
from tourlink.routing import route
from tourlink.streets import StreetMap
from tourlink.walking import walk

PAIRS = (
    ("kon-klor-suspension-bridge", "nha-rong-kon-klor"),
    ("kon-tum-wooden-church", "lang-kon-tum-ko-nam"),
    ("kon-tum-wooden-church", "kon-tum-bishops-palace"),
    ("chua-bac-ai", "to-dinh-trung-khanh"),
    ("dinh-trung-luong", "kon-tum-city-centre"),
    ("bao-tang-kon-tum", "nguc-kon-tum"),
    ("kon-tum-wooden-church", "kon-klor-suspension-bridge"),
    ("tuong-duc-me-mang-den", "lang-kon-pring"),
    ("mang-den-town", "tuong-duc-me-mang-den"),
    ("pakse", "pakse-wat-luang"),
    ("pakse-dao-heuang-market", "pakse-lao-nippon-bridge"),
    ("di-tich-dak-to-tan-canh", "nha-rong-van-hoa-dak-to"),
    ("tad-lo-village", "tad-hang"),
    ("muang-khong", "don-khong-history-museum"),
)


def _walk(a: str, b: str, net: Network) -> float | None:
    try:
        return walk(a, b, network=net).minutes
    except NoRouteError:
        return None


def _table(net: Network, before: Network) -> None:
    table = travel_table(net, "car", None)
    print("| pair | car before (min) | car after (min) | walk (min) | travel table |")
    print("|---|---:|---:|---:|---|")
    for a, b in PAIRS:
        old = route(a, b, network=before).minutes
        new = route(a, b, network=net).minutes
        on_foot = _walk(a, b, net)
        arc = int(table.arcs[table.index[a], table.index[b]])
        used = "walk" if (a, b) in table.walks else "drive"
        walked = "–" if on_foot is None else f"{on_foot:.1f}"
        print(f"| {a} → {b} | {old:.1f} | {new:.1f} | {walked} | {used}, {arc} min |")


def _timings(net: Network, before: Network, repeat: int) -> None:
    def once(network: Network) -> float:
        travel_table.cache_clear()
        began = time.perf_counter()
        travel_table(network, "car", None)
        return time.perf_counter() - began

    runs = [(once(net), once(before)) for _ in range(repeat)]  # interleaved: same load
    with_walks = statistics.median(a for a, _ in runs)
    without = statistics.median(b for _, b in runs)
    travel_table.cache_clear()
    print()
    print(f"travel table (car), median of {repeat}: {with_walks * 1000:.0f} ms with streets and")
    print(f"walks, {without * 1000:.0f} ms without streets.json (ratio {with_walks / without:.2f})")


def main() -> None:
    """Print the before/after table and the travel-table timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    dataset = load_dataset(args.data)
    net = Network(dataset)
    before = Network(dataclasses.replace(dataset, streets=StreetMap()))
    towns = dataset.streets.towns.values()
    nodes = sum(len(t.nodes) for t in towns)
    sites = sum(len(t.attachments) for t in towns)
    print(f"streets.json: {len(dataset.streets.towns)} towns, {nodes} street nodes, ")
    print(f"{sum(len(t.segments) for t in towns)} street segments, {sites} sites attached")
    print()
    _table(net, before)
    _timings(net, before, args.repeat)


if __name__ == "__main__":
    main()
