"""Benchmark: median time to plan a 3-day trip on the shipped data.

Prints the median wall-clock time of :func:`tourlink.plan` for a 3-day round trip from
Kon Tum (must-visit: Pa Sỹ falls in Măng Đen) beside a baseline: the median time of
computing the travel matrix over the same places alone (no cache).

Usage: ``python bench/plan.py [--repeat N] [--data DIR]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from tourlink.itinerary import TripRequest
from tourlink.planner.build import _matrix, make_context
from tourlink.planner.plan import PlanParams, plan
from tourlink.read import load_network


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--data", default=None)
    args = parser.parse_args()
    net = load_network(args.data)
    request = TripRequest("kon-tum-city-centre", dt.date(2026, 3, 3), 3,
                          must_visit=("thac-pa-sy",))
    places = make_context(request, net).matrix.ids
    matrix_times, plan_times, scores = [], [], []
    for seed in range(args.repeat):
        began = time.perf_counter()
        net.matrix(places, mode=request.mode)
        matrix_times.append(time.perf_counter() - began)
        _matrix.cache_clear()  # plan() pays for its matrix every time, as a fresh request would
        began = time.perf_counter()
        trip = plan(request, network=net, params=PlanParams(seed=seed))
        plan_times.append(time.perf_counter() - began)
        scores.append(trip.score)
    m, p = statistics.median(matrix_times), statistics.median(plan_times)
    print(f"3-day plan, {len(places)} places, {args.repeat} runs")
    print(f"  travel matrix alone : median {m * 1000:7.1f} ms")
    print(f"  plan (matrix + hotels + engine + schedule): median {p * 1000:7.1f} ms "
          f"({p / m:.1f}x the matrix), target < 1000 ms")
    print(f"  score: median {statistics.median(scores):.1f}, min {min(scores):.1f}, "
          f"max {max(scores):.1f}")


if __name__ == "__main__":
    main()
