"""Tests that two app processes on one database serve the same saved data (stateless workers).

Two gunicorn processes share the database of ``database_url`` (PostgreSQL, and an SQLite
file) and one secret key: an itinerary saved through one is read and edited through the
other, a session cookie made by one is accepted by the other, and a stale edit is refused
whichever process receives it.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from databases import PASSWORD, make_actor
from workspace_helpers import TRIP_1DAY

from tourlink.store import make_engine, make_sessions, upgrade


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _call(
    port: int, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    data = None if body is None else json.dumps(body).encode()
    sent = {"Content-Type": "application/json"} if data is not None else {}
    connection.request(method, path, body=data, headers={**sent, **(headers or {})})
    response = connection.getresponse()
    raw = response.read()
    connection.close()
    kind = response.getheader("Content-Type", "")
    parsed = json.loads(raw) if "json" in kind and raw else raw
    return response.status, dict(response.getheaders()), parsed


def _wait(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the app process exited with {process.returncode}")
        try:
            if _call(port, "GET", "/api/v1/openapi.json")[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("the app process did not answer within 120 s")


@pytest.fixture
def two_apps(database_url: str) -> Iterator[tuple[int, int, Any]]:
    """Start two single-worker gunicorn processes on one migrated database."""
    engine = make_engine(database_url)
    upgrade(engine)
    with make_sessions(engine)() as session:
        actor = make_actor(session, "mang-den-travel")
    engine.dispose()
    env = {
        **os.environ,
        "TOURLINK_DATABASE_URL": database_url,
        "TOURLINK_SECRET_KEY": "two-processes-share-this-secret-key-0123456789",
        "TOURLINK_PLAN_TIME_LIMIT": "0.3",
        "TOURLINK_RATELIMIT_ENABLED": "false",
    }
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{port}",
                "tourlink_web:create_app()",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port, process in zip(ports, processes, strict=True):
            _wait(port, process)
        yield ports[0], ports[1], actor
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def test_save_through_one_read_and_edit_through_the_other(two_apps: tuple[int, int, Any]) -> None:
    """Tests that both processes see one database: save on A, read and edit on B, 409 on A."""
    a, b, actor = two_apps
    status, _, body = _call(
        a, "POST", "/api/v1/auth/token", {"email": actor.email, "password": PASSWORD}
    )
    assert status == 201
    auth = {"Authorization": f"Bearer {body['token']}"}
    status, _, made = _call(
        a, "POST", "/api/v1/itineraries", {"name": "Two workers", "request": TRIP_1DAY}, auth
    )
    assert status == 201, made
    path = f"/api/v1/itineraries/{made['id']}"
    status, headers, seen = _call(b, "GET", path, headers=auth)  # the token works on B too
    assert status == 200 and seen["days"] == made["days"]
    etag = headers["ETag"]
    status, _, edited = _call(b, "PATCH", path, {"customer": "via B"}, {**auth, "If-Match": etag})
    assert status == 200 and edited["version"] == 2
    status, _, again = _call(a, "GET", path, headers=auth)
    assert status == 200 and (again["version"], again["customer"]) == (2, "via B")
    status, _, stale = _call(a, "PATCH", path, {"name": "late"}, {**auth, "If-Match": etag})
    assert status == 409 and stale["current_version"] == 2


def _cookie(headers: dict[str, str]) -> str:
    return headers["Set-Cookie"].split(";", 1)[0]


def test_session_and_csrf_work_across_processes(two_apps: tuple[int, int, Any]) -> None:
    """Tests that a log-in form from A posts to B, and B's session opens pages on A."""
    a, b, actor = two_apps
    status, headers, page = _call(a, "GET", "/login")
    assert status == 200
    token = page.decode().split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    form = f"email={actor.email}&password={PASSWORD.replace(' ', '+')}&csrf_token={token}"
    connection = http.client.HTTPConnection("127.0.0.1", b, timeout=60)
    connection.request(
        "POST",
        "/login",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": _cookie(headers),
        },
    )
    response = connection.getresponse()
    response.read()
    assert response.status == 302
    session = _cookie(dict(response.getheaders()))
    connection.close()
    status, _, listing = _call(a, "GET", "/workspace/", headers={"Cookie": session})
    assert status == 200 and actor.org_name.encode() in listing
