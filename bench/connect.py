"""Benchmark: the connection search over 50 tours × 3 departures a week, 14-day window.

Builds a timetable of 50 tours from the nine programmes of ``data/timetable.example.json``
(each programme run by several example operators, three seeded weekdays each, all
seasons, so about 50 × 3 × 2 = 300 departures in the window) and times
:func:`tourlink.connect.search` from Đà Nẵng over 14 days to see Kon Tum city, Măng Đen
and southern Laos ending in Pakse (five best packages), cold: a fresh search with empty
route caches each run. It prints the median and the worst wall time of

* the baseline: untimed routes between every pair of the tours' start and end places
  (what any transfer check must pay at least once);
* the whole search (ranked enumeration, transfers routed and checked, each returned
  package built into an itinerary and re-checked by the independent checker);
* the enumeration alone (no itinerary built),

* the whole search again with the route caches of earlier searches kept (as the web
  server keeps them across requests),

the number of departures and of packages returned. On a shared machine the CPU time
of the whole search is printed too (wall time grows with the load average).

Usage: ``python bench/connect.py [--repeat N] [--tours 50]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from tourlink.connect import ConnectionQuery, Timetable, search
from tourlink.connect.search import Search
from tourlink.connect.timetable import many_example_tours
from tourlink.connect.transfer import Transfers
from tourlink.network import Network
from tourlink.planner.check import check_itinerary
from tourlink.read import load_network

ZONES = frozenset({"kon-tum-city", "mang-den", "southern-laos"})


def timetable(net: Network, count: int, seed: int = 7) -> Timetable:
    """Return ``count`` tours: the example programmes with seeded weekdays and prices."""
    return many_example_tours(net, count, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--tours", type=int, default=50)
    args = parser.parse_args()
    net = load_network()
    table = timetable(net, args.tours)
    query = ConnectionQuery("da-nang", dt.date(2026, 3, 2), 14, to="pakse", zones=ZONES)
    places = sorted({p for t in table.tours for p in (t.start, t.end)} | {"da-nang", "pakse"})
    base, whole, enum, cpu, warm = [], [], [], [], []
    kept = Transfers(net, query.rules)
    search(table, query, network=net, transfers=kept)
    for _ in range(args.repeat):
        began = time.perf_counter()
        transfers = Transfers(net, query.rules)
        for a in places:
            for b in places:
                if a != b:
                    transfers.static(a, b)
        base.append(time.perf_counter() - began)
        began, began_cpu = time.perf_counter(), time.process_time()
        found, _ = search(table, query, network=net)
        whole.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
        began = time.perf_counter()
        search(table, query, network=net, transfers=kept)
        warm.append(time.perf_counter() - began)
        began = time.perf_counter()
        run = Search(table, query, net)
        ranked = run.ranked()
        first = [next(ranked) for _ in range(query.limit)]
        enum.append(time.perf_counter() - began)
    assert found and all(
        p.itinerary is not None
        and not check_itinerary(p.itinerary, network=net, must_visit=False, day_rules=False)
        for p in found
    )
    assert [p.key for p in first[: len(found)]][:1] == [found[0].key][:1]
    print(
        f"tours {len(table.tours)}, departures in window {len(run.departures)}, "
        f"places {len(places)}, packages {len(found)}, repeat {args.repeat}"
    )
    print(
        f"best package: {found[0].days} days, {found[0].nights_in_transfer} nights in "
        f"transfer, {found[0].transfer_minutes / 60:.1f} h transfers, from "
        f"{found[0].price_from} {table.currency}: " + " + ".join(d.id for _, d in found[0].steps)
    )
    rows = (
        ("baseline: all static routes", base),
        ("search (with checker)", whole),
        ("search, CPU time", cpu),
        ("search, warm route caches", warm),
        ("enumeration only", enum),
    )
    for name, runs in rows:
        print(
            f"{name:30s} median {statistics.median(runs) * 1000:8.1f} ms   "
            f"max {max(runs) * 1000:8.1f} ms   "
            f"ratio {statistics.median(runs) / statistics.median(base):5.2f}"
        )
    print("target: search under 200 ms")


if __name__ == "__main__":
    main()
