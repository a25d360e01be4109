"""Tests in headless Chromium that the Content-Security-Policy breaks nothing and links stay home.

Chromium reports every resource the policy blocks as a ``securitypolicyviolation`` event;
each page type must raise none and still draw its map. Skipped where /usr/bin/chromium is
absent, except when ``CI=true``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from app_pages import RESULTS
from test_browser import ARGS, CHROMIUM, _free_port
from werkzeug.serving import make_server

from tourlink_web import create_app

pytestmark = pytest.mark.browser

#: Records what the policy blocks, from before the page's own scripts run.
_WATCH = """
window.__blocked = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__blocked.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """Serve the app with a tile URL (unreachable, but allowed by the policy); return its URL."""
    app = create_app(
        {
            "TESTING": True,
            "RATELIMIT_ENABLED": False,
            "TILE_URL": "http://127.0.0.1:9/{z}/{x}/{y}.png",
        }
    )
    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def tab() -> Iterator[Any]:
    """Return a page of Debian's headless Chromium that records policy violations."""
    import os

    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("/usr/bin/chromium is required when CI=true")
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = chromium.new_context()
        context.add_init_script(_WATCH)
        yield context.new_page()
        chromium.close()


@pytest.mark.parametrize(
    ("path", "map_id"),
    [
        ("/", "home-map"),
        ("/sites/", None),
        ("/sites/thac-pa-sy", "site-map"),
        (f"/plan/?{RESULTS['planner.form']}", "plan-map"),
        (f"/plan/print?{RESULTS['planner.print_view']}", "print-map"),
        (f"/route/?{RESULTS['routes.finder']}", "route-map"),
        ("/tours/", None),
        ("/no-such-page", None),
    ],
)
def test_page_draws_under_the_policy(tab: Any, site: str, path: str, map_id: str | None) -> None:
    """Tests that a page type loads with no resource blocked and its map drawn."""
    tab.goto(site + path)
    if map_id is not None and tab.locator(f"#{map_id}").count():
        tab.wait_for_selector(f"#{map_id}.map-ready", timeout=30_000)
    assert tab.evaluate("window.__blocked") == []


def test_language_link_of_a_hostile_path_stays_on_the_app(tab: Any, site: str) -> None:
    """Tests the audit's open redirect: the language link of /%5Cevil.example/x stays here."""
    tab.goto(site + "/%5Cevil.example/x")
    tab.click("nav.languages a[hreflang=en]")
    tab.wait_for_load_state()
    assert urlsplit(tab.url).netloc == urlsplit(site).netloc
