"""Tests that the production recipe (waitress) answers while slow clients hold bodies (§1).

The audit's attack: connections that send ``POST /api/v1/plan`` headers with
``Content-Length: 100`` and one body byte, then nothing. Waitress reads bodies in its
event loop, so with more such connections than worker threads a normal request is still
answered at once. ``bench/slow_clients.py`` measures it against the old gunicorn recipe.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from waitress.server import create_server


@pytest.fixture
def served(app: Flask) -> Iterator[int]:
    """Serve the app with waitress (2 worker threads, as README's flags) on a free port."""
    server: Any = create_server(
        app, host="127.0.0.1", port=0, threads=2, channel_timeout=30, asyncore_use_poll=True
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield int(server.effective_port)
    server.close()
    thread.join(timeout=5)


def _slow(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(
        b"POST /api/v1/plan HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
    )
    return sock


def test_request_answered_while_slow_bodies_hold_more_connections_than_threads(
    served: int,
) -> None:
    """Tests that 10 slow bodies (5 × the threads) do not delay a GET beyond 1 s."""
    held = [_slow(served) for _ in range(10)]
    try:
        time.sleep(0.2)
        began = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", served, timeout=5)
        connection.request("GET", "/api/v1/sites/thac-pa-sy")
        response = connection.getresponse()
        assert response.status == 200 and b"thac-pa-sy" in response.read()
        connection.close()
        assert time.perf_counter() - began < 1.0
    finally:
        for sock in held:
            sock.close()
