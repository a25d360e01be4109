"""Benchmark whether a normal request gets through while slow clients hold connections.

For each server recipe, starts it on a free 127.0.0.1 port, opens ``--slow`` idle
connections that each send ``POST /api/v1/plan`` headers with ``Content-Length: 100``
and one body byte (then nothing — the audit's slow-body attack), and times ``--probes``
plain ``GET /api/v1/sites/thac-pa-sy`` requests made meanwhile, one after the other, each
on a new connection. It prints the median and worst probe latency per recipe and their
ratio to the same probes without slow clients, measured in the same run.

Recipes: ``waitress`` is the README's production recipe (waitress reads whole request
bodies in its event loop before a worker thread sees them); ``gunicorn`` is the old
recipe (sync workers, each blocked by one slow body) as the baseline. Run from the
repository root::

    python bench/slow_clients.py [--slow 20] [--probes 10] [--recipes waitress,gunicorn]

Target: with 20 slow connections, every probe answered, the worst within 1 s.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
PROBE = "/api/v1/sites/thac-pa-sy"
RECIPES = {
    # The README's production recipe (waitress-serve's flags, one process, 8 threads).
    "waitress": [
        "waitress-serve",
        "--listen={host}:{port}",
        "--threads=8",
        "--connection-limit=1000",
        "--channel-timeout=30",
        "--max-request-body-size=1048576",
        "--asyncore-use-poll",
        "--call",
        "tourlink_web:create_app",
    ],
    # The recipe the audit broke: sync workers read the body themselves.
    "gunicorn": [
        "gunicorn",
        "--workers=3",
        "--bind={host}:{port}",
        "--timeout=30",
        "tourlink_web:create_app()",
    ],
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _start(recipe: str, port: int) -> subprocess.Popen[bytes]:
    command = [part.format(host=HOST, port=port) for part in RECIPES[recipe]]
    env = {**os.environ, "TOURLINK_SECRET_KEY": "bench-" + "x" * 40}
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if _get(port, timeout=2.0)[0] == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"{recipe} did not answer on port {port} within 120 s")


def _get(port: int, timeout: float) -> tuple[int, float]:
    began = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", PROBE)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - began
    finally:
        connection.close()


def _slow_connection(port: int) -> socket.socket:
    sock = socket.create_connection((HOST, port), timeout=5)
    sock.sendall(
        b"POST /api/v1/plan HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
    )
    return sock


def _probe(port: int, count: int, timeout: float) -> list[float]:
    """Return probe latencies in seconds (``timeout`` for a probe that got no answer)."""
    out = []
    for _ in range(count):
        try:
            status, seconds = _get(port, timeout)
            out.append(seconds if status == 200 else timeout)
        except OSError:
            out.append(timeout)
    return out


def measure(recipe: str, slow: int, probes: int, timeout: float) -> dict[str, float]:
    """Return the probe latencies of ``recipe`` without and with ``slow`` slow connections."""
    port = _free_port()
    process = _start(recipe, port)
    try:
        _probe(port, 3, timeout)  # warm up every worker's first request
        calm = _probe(port, probes, timeout)
        held = [_slow_connection(port) for _ in range(slow)]
        time.sleep(0.5)  # let the server hand the slow requests to whatever reads them
        loaded = _probe(port, probes, timeout)
        for sock in held:
            sock.close()
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
    return {
        "calm_median": statistics.median(calm),
        "median": statistics.median(loaded),
        "worst": max(loaded),
        "unanswered": sum(1 for s in loaded if s >= timeout),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slow", type=int, default=20, help="slow connections (default 20)")
    parser.add_argument("--probes", type=int, default=10, help="probe requests (default 10)")
    parser.add_argument("--timeout", type=float, default=10.0, help="probe timeout, s")
    parser.add_argument("--recipes", default="waitress,gunicorn")
    args = parser.parse_args(argv)
    print(f"{args.slow} slow connections, {args.probes} probes of GET {PROBE}, load {_load()}")
    header = f"{'recipe':10} {'calm p50 ms':>12} {'p50 ms':>9} {'worst ms':>9} {'ratio':>7}"
    print(header, "unanswered")
    failed = False
    for recipe in args.recipes.split(","):
        f = measure(recipe, args.slow, args.probes, args.timeout)
        ratio = f["median"] / f["calm_median"] if f["calm_median"] else float("nan")
        print(
            f"{recipe:10} {f['calm_median'] * 1000:12.1f} {f['median'] * 1000:9.1f} "
            f"{f['worst'] * 1000:9.1f} {ratio:7.1f} {int(f['unanswered'])}/{args.probes}"
        )
        if recipe == "waitress" and (f["worst"] > 1.0 or f["unanswered"]):
            failed = True
    print("target (waitress: every probe answered, worst < 1 s):", "missed" if failed else "met")
    return 1 if failed else 0


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} {five:.2f}"


if __name__ == "__main__":
    sys.exit(main())
