"""Benchmark the itinerary engine on the (T)OPTW instances (Solomon and Cordeau sets).

Usage::

    python bench/toptw.py --set c_r_rc_100_100 --tours 1,2,3,4 --time-limit 3 \
        [--instances c101,r102] [--compare ortools] [--root ../shared/benchmarks/toptw] \
        [--seed 1] [--jobs 2] [--iterations N] [--param cut_rate=0.1 ...]

One row per case: instance, tours, score, best known score (BKS, or "-"), gap to
it, the PyVRP 10 s reference score, seconds, and the verdict of the independent
checker (:func:`tourlink.engine.evaluate.evaluate` recomputing every time with
distances taken afresh from the file's coordinates under the distance convention:
truncated to 0.1 for Solomon sets, rounded up to 0.01 for Cordeau ``pr`` sets).
With ``--iterations N`` every case stops after N shake iterations instead of at the
time limit, so that the run does not depend on the machine's load (compare variants
that way on a shared machine); the line before the summary gives the iterations and
iterations per CPU second of the search. ``--param NAME=VALUE`` (repeatable) changes
one field of the engine's default :class:`~tourlink.engine.search.SolveParams`. The last line is
``summary: cases=N avg_gap=X.XX% median_time=Y.YYs feasible=K/N``.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from tourlink.engine.evaluate import evaluate
from tourlink.engine.search import SolveParams, load_engine, solve
from tourlink.engine.toptw import (
    instance_paths,
    read_bks,
    read_instance,
    read_reference,
)

SETS = ("c_r_rc_100_100", "c_r_rc_200_100", "pr01_10", "pr11_20", "c_r_rc_100_50")
DEFAULT_ROOT = Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks" / "toptw"

# set, path, tours, limit, seed, iterations, engine parameters
Case = tuple[str, str, int, float, int, int | None, SolveParams]
Row = tuple[str, str, int, int, float, bool]  # set, instance, tours, score, seconds, feasible
Effort = tuple[int, float]  # shake iterations, CPU seconds of the search


def run_engine(case: Case) -> tuple[Row, Effort]:
    set_name, path, tours, limit, seed, iterations, params = case
    instance = read_instance(path)
    problem = instance.to_problem(tours)
    load_engine()  # once per worker process, outside the timed call
    began, cpu = time.perf_counter(), time.process_time()
    if iterations is None:
        result = solve(problem, params=params, seed=seed, time_limit=limit)
    else:
        result = solve(problem, params=params, seed=seed, max_iterations=iterations)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    row = (
        set_name,
        instance.name,
        tours,
        result.best.score,
        seconds,
        _check(path, tours, result.best.routes),
    )
    return row, (result.iterations, cpu)


def _check(path: str, tours: int, routes: Sequence[Sequence[int]]) -> bool:
    """Independent verdict: re-read the file, recompute distances from raw coordinates."""
    instance = read_instance(path)
    problem = instance.to_problem(tours)
    solution = evaluate(problem, routes, travel=instance.distance)
    return solution.is_feasible()


def run_ortools(case: Case) -> Row:
    from ortools.constraint_solver import (  # type: ignore[import-untyped]
        pywrapcp,
        routing_enums_pb2,
    )

    set_name, path, tours, limit, _, _, _ = case
    instance = read_instance(path)
    problem = instance.to_problem(tours)
    began = time.perf_counter()
    n = problem.num_nodes
    manager = pywrapcp.RoutingIndexManager(n, tours, 0)
    routing = pywrapcp.RoutingModel(manager)
    travel, service = problem.travel, problem.durations

    def transit(a: int, b: int) -> int:
        i, j = int(manager.IndexToNode(a)), int(manager.IndexToNode(b))
        return travel[i][j] + service[i]

    callback = routing.RegisterTransitCallback(transit)
    routing.SetArcCostEvaluatorOfAllVehicles(callback)
    spec = problem.tours[0]
    horizon = spec.latest_arrival
    routing.AddDimension(callback, horizon, horizon, False, "time")
    dimension = routing.GetDimensionOrDie("time")
    for node in range(1, n):
        index = manager.NodeToIndex(node)
        opening, closing = problem.windows[node][0]
        dimension.CumulVar(index).SetRange(opening, closing)
        routing.AddDisjunction([index], problem.scores[node] * horizon)
    for vehicle in range(tours):
        dimension.CumulVar(routing.Start(vehicle)).SetRange(spec.earliest_departure, horizon)
        dimension.CumulVar(routing.End(vehicle)).SetRange(spec.earliest_departure, horizon)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(int(limit * 1000))
    solution = routing.SolveWithParameters(params)
    routes: list[list[int]] = [[] for _ in range(tours)]
    if solution is not None:
        for vehicle in range(tours):
            index = solution.Value(routing.NextVar(routing.Start(vehicle)))
            while not routing.IsEnd(index):
                routes[vehicle].append(manager.IndexToNode(index))
                index = solution.Value(routing.NextVar(index))
    seconds = time.perf_counter() - began
    score = evaluate(problem, routes).score
    return set_name, instance.name, tours, score, seconds, _check(path, tours, routes)


def report(
    rows: Sequence[Row],
    bks: dict[tuple[str, int], int],
    reference: dict[tuple[str, int], int],
    prefix: str = "",
) -> str:
    """Print the rows and per-set lines; return the summary line."""
    gaps: dict[tuple[str, int], list[float]] = {}
    all_gaps: list[float] = []
    for set_name, name, tours, score, seconds, feasible in rows:
        best = bks.get((name, tours))
        gap = None if best is None else 100.0 * (best - score) / best
        if gap is not None:
            all_gaps.append(gap)
            gaps.setdefault((set_name, tours), []).append(gap)
        ref = reference.get((name, tours))
        print(
            f"{prefix}{name:<8} {tours:>2} {score:>6} {best if best else '-':>6} "
            f"{'-' if gap is None else f'{gap:.2f}%':>7} {ref if ref else '-':>6} "
            f"{seconds:6.2f} {'feasible' if feasible else 'INFEASIBLE'}"
        )
    for (set_name, tours), values in sorted(gaps.items()):
        print(
            f"{prefix}set {set_name} tours={tours}: cases_with_bks={len(values)} "
            f"avg_gap={statistics.fmean(values):.2f}%"
        )
    count = len(rows)
    avg = statistics.fmean(all_gaps) if all_gaps else 0.0
    median = statistics.median(r[4] for r in rows) if rows else 0.0
    verified = sum(1 for r in rows if r[5])
    return (
        f"summary: cases={count} avg_gap={avg:.2f}% median_time={median:.2f}s "
        f"feasible={verified}/{count}"
    )


def engine_params(changes: Sequence[str]) -> SolveParams:
    """Return the default ``SolveParams`` with ``NAME=VALUE`` changes applied."""
    defaults = SolveParams()
    values: dict[str, Any] = {}
    for change in changes:
        name, sep, text = change.partition("=")
        if not sep or name not in SolveParams.__dataclass_fields__:
            raise ValueError(f"--param must be NAME=VALUE with a SolveParams field, got {change!r}")
        default = getattr(defaults, name)
        if isinstance(default, bool):
            values[name] = text.lower() in {"1", "true", "yes"}
        elif text.lower() == "none":
            values[name] = None
        else:
            values[name] = type(default)(text) if default is not None else int(text)
    return dataclasses.replace(defaults, **values)


def _map(function: Callable[[Case], Any], cases: list[Case], jobs: int) -> list[Any]:
    if jobs <= 1:
        return [function(case) for case in cases]
    with Pool(jobs) as pool:
        return pool.map(function, cases, chunksize=1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", required=True, help="comma-separated: " + ", ".join(SETS))
    parser.add_argument("--tours", default="1,2,3,4")
    parser.add_argument("--time-limit", type=float, default=3.0)
    parser.add_argument("--instances", default="")
    parser.add_argument("--compare", choices=["ortools"], default=None)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument(
        "--iterations", type=int, default=None, help="shake iterations per case (no time limit)"
    )
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="change one SolveParams field (repeatable), e.g. cut_rate=0.1",
    )
    args = parser.parse_args(argv)
    try:
        params = engine_params(args.param)
    except ValueError as error:
        parser.error(str(error))
    sets = [s for s in args.set.split(",") if s]
    unknown = [s for s in sets if s not in SETS]
    if unknown:
        parser.error(f"--set must be among {', '.join(SETS)}, got {', '.join(unknown)}")
    tours = [int(t) for t in args.tours.split(",") if t]
    wanted = {s for s in args.instances.split(",") if s}
    cases: list[Case] = []
    for set_name in sets:
        for path in instance_paths(args.root, set_name):
            if not wanted or path.stem in wanted:
                cases.extend(
                    (set_name, str(path), m, args.time_limit, args.seed, args.iterations, params)
                    for m in tours
                )
    bks, reference = read_bks(args.root), read_reference(args.root)
    budget = (
        f"time limit {args.time_limit} s"
        if args.iterations is None
        else f"{args.iterations} iterations"
    )
    print(
        "distance convention: Solomon sets truncated to 0.1, Cordeau pr sets rounded up to "
        f"0.01; {budget} per case, seed {args.seed}, jobs {args.jobs}"
        + (f"; params {' '.join(args.param)}" if args.param else "")
    )
    print(
        f"{'instance':<8} {'m':>2} {'score':>6} {'BKS':>6} {'gap':>7} {'PyVRP':>6} "
        f"{'sec':>6} checker"
    )
    runs = _map(run_engine, cases, args.jobs)
    engine_rows = [row for row, _ in runs]
    line = report(engine_rows, bks, reference)
    iterations = sum(effort[0] for _, effort in runs)
    cpu = sum(effort[1] for _, effort in runs)
    print(
        f"iterations: total={iterations} median={statistics.median(e[0] for _, e in runs):.0f} "
        f"per_cpu_second={iterations / cpu if cpu > 0 else 0.0:.1f}"
    )
    if args.compare == "ortools":
        ortools_rows = _map(run_ortools, cases, args.jobs)
        print("ortools " + report(ortools_rows, bks, reference, prefix="ortools "))
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
