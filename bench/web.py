"""Benchmark the web front end under gunicorn on the loopback interface.

Starts ``gunicorn "tourlink_web:create_app()"`` on a free 127.0.0.1 port with a few sync
workers, warms it up, then measures requests/s and p50/p95 latency at 1 and 8 concurrent
clients for the catalogue page, a site page and a 3-day plan POST, with the mean size of
an answer (KiB) and the server's CPU time per request (its workers' user + system time
from ``/proc``: unlike latency it hardly moves with the machine's other load). Request
counts are bounded; the server is stopped at the end. Run from the repository root::

    python bench/web.py [--workers 3] [--requests 200] [--plan-requests 32] [--only editor]

Targets: catalogue and site page p95 < 50 ms at 1 client; 3-day plan p95 < 1.5 s at
8 clients; no errors.

With ``--workspace URL`` (a PostgreSQL database the benchmark may fill, e.g. one made with
``createdb tourlink_bench``) it also migrates that database, adds an organisation and a
user, and measures the workspace: plan-and-save (``POST /api/v1/itineraries``), the editor
page, the saved itinerary's API answer and a customer's share page, at 1 and 8 clients.
Targets: those pages p95 < 100 ms and plan-and-save p95 < 1.5 s at 8 clients::

    python bench/web.py --workspace postgresql+psycopg://postgres@127.0.0.1/tourlink_bench
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tourlink_web.openapi import EXAMPLE_PLAN  # noqa: E402

HOST = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class Scenario:
    """One request to repeat: a name, a method, a path and an optional JSON body."""

    name: str
    method: str
    path: str
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Figures:
    """What one scenario at one concurrency measured."""

    scenario: str
    clients: int
    requests: int
    errors: int
    per_second: float
    p50_ms: float
    p95_ms: float
    kib: float = 0.0  # mean size of an answer's body
    cpu_ms: float = 0.0  # the server's CPU time per request (its workers, user + system)


def server_cpu(master: int) -> float:
    """Return the CPU seconds gunicorn's master ``master`` and its workers have used so far.

    Read from ``/proc`` (Linux; 0 elsewhere). Unlike latency, it hardly depends on what
    else the machine runs, so it compares code on a shared machine.
    """
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process has gone
            continue
        pid = int(stat.parent.name)
        if pid == master or int(fields[1]) == master:  # fields[1]: the parent's pid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def request(port: int, scenario: Scenario, number: int = 0) -> tuple[int, float, int]:
    """Send one request on a new connection; return (status, seconds, body bytes).

    Plan requests get a different start date each (``number`` days on), so every one is
    planned afresh rather than served from the app's cache of recent plans.
    """
    body = scenario.body
    if body is not None and number:
        doc = json.loads(body)
        trip = doc.get("request", doc)
        start = dt.date.fromisoformat(trip["start_date"]) + dt.timedelta(days=number)
        trip = {**trip, "start_date": start.isoformat()}
        body = json.dumps({**doc, "request": trip} if "request" in doc else trip).encode()
    began = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Content-Type": "application/json"} if scenario.body else {}
    headers.update(scenario.headers)
    try:
        conn.request(scenario.method, scenario.path, body=body, headers=headers)
        response = conn.getresponse()
        size = len(response.read())
        status = response.status
    except OSError:
        status, size = 0, 0
    finally:
        conn.close()
    return status, time.perf_counter() - began, size


def measure(
    port: int, scenario: Scenario, clients: int, count: int, first: int = 0, master: int = 0
) -> Figures:
    """Send ``count`` requests from ``clients`` threads; return the figures.

    ``master`` is gunicorn's pid, whose workers' CPU time is counted (0: not counted).
    """
    cpu = server_cpu(master) if master else 0.0
    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda n: request(port, scenario, n), range(first, first + count)))
    elapsed = time.perf_counter() - began
    cpu = (server_cpu(master) - cpu) if master else 0.0
    times = sorted(seconds for _, seconds, _ in results)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return Figures(
        scenario.name,
        clients,
        count,
        sum(1 for s, _, _ in results if not 200 <= s < 300),
        count / elapsed,
        statistics.median(times) * 1000,
        p95 * 1000,
        statistics.fmean(size for _, _, size in results) / 1024,
        cpu * 1000 / count,
    )


def start_server(port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start gunicorn and wait until it answers (at most 90 s)."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-w",
        str(workers),
        "-b",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
        "--timeout",
        "60",
        "tourlink_web:create_app()",
    ]
    server = subprocess.Popen(command, cwd=REPO, env=env)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with code {server.returncode}")
        status, _, _ = request(port, Scenario("probe", "GET", "/sites/"))
        if status == 200:
            return server
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 90 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _call(port: int, method: str, path: str, body: object, headers: dict[str, str]) -> object:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    conn.request(method, path, json.dumps(body), {"Content-Type": "application/json", **headers})
    response = conn.getresponse()
    data = json.loads(response.read())
    conn.close()
    if response.status >= 300:
        raise SystemExit(f"{method} {path} answered {response.status}: {data}")
    return data


def workspace_scenarios(port: int, url: str) -> tuple[list[Scenario], Scenario]:
    """Add a user, save one itinerary and share it; return the page scenarios and the save."""
    import secrets

    from tourlink.store import make_engine, make_sessions, upgrade
    from tourlink.store.orgs import create_org, create_user

    engine = make_engine(url)
    upgrade(engine)
    slug, password = f"bench-{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    with make_sessions(engine).begin() as session:
        create_org(session, slug, "Benchmark operator (bench/web.py)")
        create_user(session, f"bench@{slug}.example", slug, "operator", password)
    engine.dispose()
    login = {"email": f"bench@{slug}.example", "password": password}
    token = _call(port, "POST", "/api/v1/auth/token", login, {})["token"]  # type: ignore[index]
    auth = (("Authorization", f"Bearer {token}"),)
    save = {"name": "Benchmark trip", "request": EXAMPLE_PLAN}
    made = _call(port, "POST", "/api/v1/itineraries", save, dict(auth))
    number = made["id"]  # type: ignore[index]
    link = _call(port, "POST", f"/api/v1/itineraries/{number}/share", {}, dict(auth))
    share_path = "/share/" + link["url"].rsplit("/share/", 1)[1]  # type: ignore[index]
    pages = [
        Scenario("editor page", "GET", f"/workspace/{number}/edit", headers=auth),
        Scenario("saved itinerary (API GET)", "GET", f"/api/v1/itineraries/{number}", headers=auth),
        Scenario("share page", "GET", share_path),
    ]
    body = json.dumps(save).encode()
    return pages, Scenario("plan and save (POST)", "POST", "/api/v1/itineraries", body, auth)


def run(args: argparse.Namespace) -> list[Figures]:
    env = dict(os.environ)
    if args.workspace:
        env["TOURLINK_DATABASE_URL"] = args.workspace
        env["TOURLINK_RATELIMIT_ENABLED"] = "false"  # the benchmark is one client address
    if args.time_limit is not None:
        env["TOURLINK_PLAN_TIME_LIMIT"] = str(args.time_limit)
    port = free_port()
    plan = Scenario("plan 3 days (POST)", "POST", "/api/v1/plan", json.dumps(EXAMPLE_PLAN).encode())
    pages = [
        Scenario("catalogue page", "GET", "/sites/"),
        Scenario("site page", "GET", "/sites/kon-tum-wooden-church"),
    ]
    if args.workspace:  # the workers refuse an unmigrated database: migrate before starting
        from tourlink.store import make_engine, upgrade

        engine = make_engine(args.workspace)
        upgrade(engine)
        engine.dispose()
    server = start_server(port, args.workers, env)
    try:
        plans = [(plan, args.plan_requests)]
        if args.workspace:
            extra, save = workspace_scenarios(port, args.workspace)
            pages += extra
            plans.append((save, args.plan_requests))
        chosen = [(p, args.requests) for p in pages] + plans
        if args.only:
            chosen = [(s, n) for s, n in chosen if any(o in s.name for o in args.only)]
        for scenario, _count in chosen:  # warm every worker up
            measure(port, scenario, args.workers, 2 * args.workers)
        out, first = [], 1000
        for scenario, count in chosen:
            for clients in (1, 8):
                out.append(measure(port, scenario, clients, count, first, server.pid))
                first += count
        return out
    finally:
        stop_server(server)


def table(figures: list[Figures], say: Callable[[str], None] = print) -> None:
    say("| scenario | clients | requests | errors | req/s | p50 ms | p95 ms | KiB | CPU ms |")
    say("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for f in figures:
        say(
            f"| {f.scenario} | {f.clients} | {f.requests} | {f.errors} | {f.per_second:.1f} "
            f"| {f.p50_ms:.1f} | {f.p95_ms:.1f} | {f.kib:.1f} | {f.cpu_ms:.1f} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=3, choices=range(2, 5))
    parser.add_argument("--requests", type=int, default=200, help="per page scenario and level")
    parser.add_argument("--plan-requests", type=int, default=32, help="per plan level")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=None,
        help="TOURLINK_PLAN_TIME_LIMIT for the server (default: the app's)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="measure only the scenarios whose name contains TEXT (repeatable), e.g. editor",
    )
    parser.add_argument(
        "--workspace",
        metavar="URL",
        help="also measure the workspace on this database (it is migrated and written to)",
    )
    args = parser.parse_args()
    figures = run(args)
    if args.json:
        print(json.dumps([dataclasses.asdict(f) for f in figures], indent=2))
    else:
        print(f"gunicorn, {args.workers} sync workers, {os.cpu_count()} CPUs, loopback")
        table(figures)
    catalogue = ("catalogue page", "site page")
    pages_ok = all(f.p95_ms < 50 for f in figures if f.clients == 1 and f.scenario in catalogue)
    plan_ok = all(f.p95_ms < 1500 for f in figures if f.clients == 8 and "plan" in f.scenario)
    workspace = [f for f in figures if f.scenario not in catalogue and "plan" not in f.scenario]
    workspace_ok = all(f.p95_ms < 100 for f in workspace)
    no_errors = not any(f.errors for f in figures)
    print(
        f"targets: pages p95<50ms@1 {'met' if pages_ok else 'MISSED'}; "
        f"plan p95<1.5s@8 {'met' if plan_ok else 'MISSED'}; "
        + (
            f"workspace pages p95<100ms {'met' if workspace_ok else 'MISSED'}; "
            if workspace
            else ""
        )
        + f"errors {'none' if no_errors else 'SOME'}"
    )
    return 0 if pages_ok and plan_ok and workspace_ok and no_errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
