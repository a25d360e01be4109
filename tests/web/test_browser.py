"""Tests in real headless Chromium (Debian's package) driven by Playwright.

The app runs in a thread on a free 127.0.0.1 port, without map tiles (markers and routes
must still draw). Skipped where /usr/bin/chromium is absent, except when ``CI=true``.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SCHEMAS, TRIP
from werkzeug.serving import make_server

from tourlink_web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parents[2] / "bench" / "out"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """Serve the app on a free loopback port for the module; return its URL."""
    app = create_app({"PLAN_TIME_LIMIT": 1.0, "TILE_URL": ""})
    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Launch Debian's headless Chromium (never a downloaded one)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("/usr/bin/chromium is required when CI=true")
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """Return a fresh page (new context: no cookies) of a Vietnamese browser, downloads allowed."""
    context = browser.new_context(
        accept_downloads=True, viewport={"width": 1280, "height": 900}, locale="vi-VN"
    )
    yield context.new_page()
    context.close()


def _plan(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/plan/")
    page.select_option("#start", TRIP["start"])
    page.fill("#start_date", TRIP["start_date"])
    page.fill("#days", "3")
    page.select_option("#must_visit", TRIP["must_visit"])
    page.check("input[name=interests][value=nature]")
    page.click("button[type=submit].primary")
    page.wait_for_selector("#plan-map.map-ready", timeout=30_000)


def test_home_page_shows_zone_map(page: Any, base_url: str) -> None:
    """Tests that the home page loads Leaflet and draws the site markers."""
    page.goto(base_url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.wait_for_selector("#home-map.map-ready")
    assert page.locator("#home-map path.leaflet-interactive").count() > 50


def test_search_without_diacritics(page: Any, base_url: str) -> None:
    """Tests typing 'mang den' in the catalogue search finds Măng Đen."""
    page.goto(base_url + "/sites/")
    page.fill("#q", "mang den")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    links = page.locator("ul.site-list a").all_inner_texts()
    assert any("Măng Đen" in text for text in links)


def test_plan_three_days_draws_routes(page: Any, base_url: str) -> None:
    """Tests planning a 3-day trip from the form: day list and one polyline per day."""
    _plan(page, base_url)
    assert page.locator("ol.days > li.day").count() == 3
    lines = page.locator("#plan-map path.leaflet-interactive[stroke-linejoin]")
    assert lines.count() >= 3  # day polylines and stop markers are both SVG paths
    strokes = {lines.nth(i).get_attribute("stroke") for i in range(lines.count())}
    assert len(strokes - {"#ffffff"}) >= 2
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "planner-result.png"), full_page=False)


def test_download_gpx_validates(page: Any, base_url: str) -> None:
    """Tests downloading the plan's GPX from the result page; it validates against the XSD."""
    _plan(page, base_url)
    with page.expect_download() as info:
        page.click("p.exports a:text('GPX')")
    path = info.value.path()
    text = Path(path).read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<gpx" in text
    xsd = SCHEMAS / "gpx" / "gpx.xsd"
    if xsd.exists() or os.environ.get("CI") == "true":
        import xmlschema

        xmlschema.XMLSchema(str(xsd)).validate(text)


def test_switch_language(page: Any, base_url: str) -> None:
    """Tests that the language switcher changes the text and the lang attribute."""
    page.goto(base_url + "/")
    assert page.locator("h2#zones-title").inner_text() == "Năm khu vực"
    page.click("nav.languages a[hreflang=en]")
    page.wait_for_load_state()
    assert page.locator("h2#zones-title").inner_text() == "Five zones"
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(base_url + "/sites/")
    assert page.locator("h1").inner_text() == "Places"
