"""Benchmark: median time to plan a 3-day trip on the shipped data.

Plans a 3-day round trip from Kon Tum (must-visit: Pa Sỹ falls in Măng Đen) with the
default :class:`~tourlink.planner.plan.PlanParams`, one seed per run, and prints:

* the median time of computing the travel matrix over every site and gate node alone
  (the baseline: what a plan pays once per network, mode and risk month);
* the median wall-clock and CPU time of :func:`tourlink.plan` *cold* (the travel-table
  cache cleared first, as for the first request of a process) and *warm* (a long-running
  process such as the web server, where the table is already cached);
* the itinerary's score (median, min, max over the seeds); every itinerary is re-checked
  with :func:`tourlink.planner.check.check_itinerary`.

Usage: ``python bench/plan.py [--repeat N] [--data DIR]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import statistics
import time
from collections.abc import Callable

from tourlink.itinerary import Itinerary, TripRequest
from tourlink.planner.build import travel_table
from tourlink.planner.check import check_itinerary
from tourlink.planner.plan import PlanParams, plan
from tourlink.read import load_network


def timed(fn: Callable[[], Itinerary]) -> tuple[float, float, Itinerary]:
    """Return (wall seconds, CPU seconds, result) of ``fn()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--data", default=None)
    args = parser.parse_args()
    net = load_network(args.data)
    request = TripRequest("kon-tum-city-centre", dt.date(2026, 3, 3), 3, must_visit=("thac-pa-sy",))
    places = travel_table(net, request.mode, None).matrix.ids
    matrix, cold, warm, cpu_warm, scores = [], [], [], [], []
    for seed in range(args.repeat):
        began = time.perf_counter()
        net.matrix(places, mode=request.mode)
        matrix.append(time.perf_counter() - began)
        travel_table.cache_clear()
        run = functools.partial(plan, request, network=net, params=PlanParams(seed=seed))
        wall, _, trip = timed(run)
        cold.append(wall)
        wall, cpu, again = timed(run)
        warm.append(wall)
        cpu_warm.append(cpu)
        for itinerary in (trip, again):
            problems = check_itinerary(itinerary, network=net)
            if problems:
                raise SystemExit(f"seed {seed}: the checker rejects the plan: {problems}")
        scores.append(again.score)
    m = statistics.median(matrix)
    print(
        f"3-day plan, {len(places)} places in the travel table, {args.repeat} runs "
        f"(seeds 0-{args.repeat - 1}), default PlanParams"
    )
    print(f"  travel matrix alone   : median {m * 1000:7.1f} ms")
    print(f"  plan, cold table cache: median {statistics.median(cold) * 1000:7.1f} ms")
    print(
        f"  plan, warm table cache: median {statistics.median(warm) * 1000:7.1f} ms wall, "
        f"{statistics.median(cpu_warm) * 1000:7.1f} ms CPU; target < 1000 ms"
    )
    print(
        f"  score: median {statistics.median(scores):.1f}, min {min(scores):.1f}, "
        f"max {max(scores):.1f}; checker: every itinerary clean"
    )


if __name__ == "__main__":
    main()
