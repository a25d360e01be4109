"""Benchmark a worker's memory over many distinct plans: bounded caches must stay bounded.

Builds the web application in this process and sends ``--plans`` distinct
``POST /api/v1/plan`` requests through its test client (every start with lodging, dates
over a year, 1–3 days, varied interests and paces, so no two requests are equal), with a
short planning time limit so the run stays within minutes. It prints the resident set
size (RSS, read from ``/proc/self/statm``, so Linux only) after 100 plans (the baseline:
caches warm) and at checkpoints after, with the ratio to the baseline. Run from the
repository root::

    python bench/memory.py [--plans 2000] [--time-limit 0.05]

Target (issue 13 §5): RSS after 2,000 distinct plans within 1.2 × RSS after 100.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import os
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tourlink.planner.request import CATEGORIES  # noqa: E402
from tourlink_web import create_app  # noqa: E402

BASELINE = 100
INTERESTS = tuple(CATEGORIES)


def _requests(starts: list[str]) -> Any:
    """Yield distinct trip requests (JSON bodies), cycling through starts, dates and shapes."""
    first = dt.date(2026, 1, 5)
    for n in itertools.count():
        k = len(INTERESTS)
        weights = {INTERESTS[n % k]: 1 + n % 5, INTERESTS[(n // k) % k]: 0.5 + (n % 3)}
        yield {
            "start": starts[n % len(starts)],
            "start_date": (first + dt.timedelta(days=(n * 7) % 365)).isoformat(),
            "days": 1 + n % 3,
            "mode": ("car", "coach", "motorbike")[n % 3],
            "interests": weights,
            "pace": (0.75, 1, 1.25, 1.5)[(n // 3) % 4],
        }


def _rss_mb() -> float:
    """Return this process's resident set size in MiB, after a full garbage collection."""
    gc.collect()
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=2000, help="distinct plans (default 2000)")
    parser.add_argument("--time-limit", type=float, default=0.05, help="planning limit, s")
    args = parser.parse_args(argv)
    app = create_app(
        {
            "TESTING": True,
            "RATELIMIT_ENABLED": False,
            "TILE_URL": "",
            "PLAN_TIME_LIMIT": args.time_limit,
        }
    )
    network = app.extensions["tourlink"].network
    starts = sorted(s.id for s in network.sites.values() if s.overnight)
    checkpoints = sorted({BASELINE, *range(500, args.plans + 1, 500), args.plans})
    one, five, _ = os.getloadavg()
    print(
        f"{args.plans} distinct plans from {len(starts)} starts, limit {args.time_limit} s, "
        f"load {one:.2f} {five:.2f}"
    )
    print(f"{'plans':>6} {'RSS MB':>8} {'ratio':>6} {'s':>7}")
    baseline = None
    began = time.perf_counter()
    refused = 0
    with app.test_client() as client:
        for done, body in enumerate(_requests(starts), start=1):
            response = client.post("/api/v1/plan", json=body)
            refused += response.status_code != 200
            response.close()
            if done in checkpoints:
                rss = _rss_mb()
                baseline = baseline or rss
                elapsed = time.perf_counter() - began
                print(f"{done:6d} {rss:8.1f} {rss / baseline:6.2f} {elapsed:7.1f}")
            if done >= args.plans:
                break
    final = _rss_mb()
    assert baseline is not None
    ratio = final / baseline
    print(f"not planned (4xx/5xx): {refused} of {args.plans}")
    print(
        f"target (RSS after {args.plans} ≤ 1.2 × after {BASELINE}):",
        "met" if ratio <= 1.2 else "missed",
        f"({ratio:.2f})",
    )
    return 0 if ratio <= 1.2 else 1


if __name__ == "__main__":
    sys.exit(main())
