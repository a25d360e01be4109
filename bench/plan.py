"""Benchmark: time to plan a 3-day trip, convergence of the default budget, the safety cap.

Measures, on the shipped data:

* **speed**: the median and 95th-percentile wall time of :func:`tourlink.plan` for 3-day
  trips (warm travel-table cache, as in the web server; seeds 0…N-1 over several
  starts), next to the baseline of building the travel table once in the same run
  (their ratio is what to compare across machines); targets: median < 0.5 s, p95 < 1 s;
* **convergence**: the score of every convergence request with the default
  :class:`~tourlink.planner.plan.PlanParams` against ten times the budget
  (``max_iterations`` and ``patience`` × 10); target: within 0.5 % on every request;
* **safety cap**: plans with a 0.5 s cap (the web's) on a cold travel-table cache, set-up
  included; target: never more than 20 % over the cap.

Every itinerary is re-checked with :func:`tourlink.check_itinerary`.

Usage: ``flock /work/coord/bench.lock python bench/plan.py [--repeat N] [--data DIR]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from tourlink.itinerary import Itinerary, TripRequest
from tourlink.network import Network
from tourlink.planner.build import travel_table
from tourlink.planner.check import check_itinerary
from tourlink.planner.plan import PlanParams, plan
from tourlink.read import load_network

D = dt.date
THREE_DAYS = (
    TripRequest("kon-tum-city-centre", D(2026, 3, 3), 3, must_visit=("thac-pa-sy",)),
    TripRequest("pakse", D(2026, 12, 8), 3),
    TripRequest("mang-den-town", D(2027, 3, 9), 3, mode="motorbike"),
    TripRequest("kon-tum-city-centre", D(2026, 8, 18), 3, end="pleiku"),
)
CONVERGENCE = (
    *THREE_DAYS,
    TripRequest("kon-tum-city-centre", D(2026, 12, 8), 1),
    TripRequest("champasak-town", D(2026, 12, 8), 2),
    TripRequest("kon-tum-city-centre", D(2026, 12, 8), 5, end="pakse", mode="coach"),
    TripRequest("attapeu", D(2026, 10, 13), 3),
    TripRequest("pakse", D(2027, 1, 12), 7, pace_profile="intensive"),
)


def _checked(trip: Itinerary, net: Network) -> Itinerary:
    problems = check_itinerary(trip, network=net)
    if problems:
        raise SystemExit(f"the checker rejects a plan: {[str(p) for p in problems]}")
    return trip


def _timed(request: TripRequest, net: Network, params: PlanParams) -> tuple[float, Itinerary]:
    began = time.perf_counter()
    trip = plan(request, network=net, params=params)
    return time.perf_counter() - began, _checked(trip, net)


def _cpu_timed(request: TripRequest, net: Network, params: PlanParams) -> tuple[float, float]:
    """Return the wall and CPU seconds of one plan (the check not included)."""
    wall, cpu = time.perf_counter(), time.process_time()
    trip = plan(request, network=net, params=params)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    _checked(trip, net)
    return wall, cpu


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def speed(net: Network, repeat: int) -> None:
    """Print the 3-day plan times and the travel-table baseline (wall and CPU time)."""
    tables, cpu_tables, times, cpus = [], [], [], []
    for seed in range(repeat):
        travel_table.cache_clear()
        began, cpu = time.perf_counter(), time.process_time()
        travel_table(net, "car", None)
        tables.append(time.perf_counter() - began)
        cpu_tables.append(time.process_time() - cpu)
        for request in THREE_DAYS:
            travel_table(net, request.mode, None)  # warm, as in a long-running server
            wall, cpu = _cpu_timed(request, net, PlanParams(seed=seed))
            times.append(wall)
            cpus.append(cpu)
    base, cpu_base = statistics.median(tables), statistics.median(cpu_tables)
    median, p95 = statistics.median(times), _p95(times)
    print(f"3-day plans: {len(times)} ({len(THREE_DAYS)} requests × seeds 0-{repeat - 1})")
    print(
        f"  travel table build (baseline): median {base * 1000:7.1f} ms "
        f"(CPU {cpu_base * 1000:.1f} ms)"
    )
    print(
        f"  plan, warm table: median {median * 1000:7.1f} ms ({median / base:.2f}× baseline), "
        f"p95 {p95 * 1000:7.1f} ms ({p95 / base:.2f}×); targets median < 500 ms, p95 < 1000 ms"
    )
    cpu_median, cpu_p95 = statistics.median(cpus), _p95(cpus)
    print(
        f"  plan, CPU time: median {cpu_median * 1000:7.1f} ms "
        f"({cpu_median / cpu_base:.2f}× baseline CPU), p95 {cpu_p95 * 1000:7.1f} ms"
    )


def convergence(net: Network) -> None:
    """Print the default budget's score against ten times the budget."""
    worst = 0.0
    for request in CONVERGENCE:
        default = plan(request, network=net, params=PlanParams()).score
        base = PlanParams()
        # No safety cap on the tenfold run: the budget alone ends it (under load 10 s binds).
        tenfold = PlanParams(
            max_iterations=10 * base.max_iterations, patience=10 * base.patience, time_limit=600
        )
        big = plan(request, network=net, params=tenfold)
        gap = 0.0 if big.score <= 0 else max(0.0, 100.0 * (big.score - default) / big.score)
        worst = max(worst, gap)
        print(
            f"  {request.start}→{request.end_site} {request.start_date} {request.days}d: "
            f"default {default:.1f}, 10× budget {big.score:.1f}, gap {gap:.2f}%"
        )
    print(f"convergence: worst gap {worst:.2f}% (target ≤ 0.50%)")


def safety_cap(net: Network) -> None:
    """Print the wall time of plans capped at 0.5 s with a cold table cache."""
    over = []
    for request in THREE_DAYS:
        travel_table.cache_clear()
        wall, _ = _timed(request, net, PlanParams(time_limit=0.5))
        over.append(wall / 0.5)
    print(
        f"safety cap 0.5 s, cold cache: worst {max(over) * 0.5 * 1000:.0f} ms "
        f"({(max(over) - 1) * 100:+.0f}% of the cap; target ≤ +20%)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", default=None)
    args = parser.parse_args()
    net = load_network(args.data)
    plan(THREE_DAYS[0], network=net)  # load the compiled engine once
    speed(net, args.repeat)
    convergence(net)
    safety_cap(net)


if __name__ == "__main__":
    main()
