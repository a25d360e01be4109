"""Browser test of quoting in Chromium: log in, make a quote, read it, download the PDF.

Skipped where /usr/bin/chromium is absent, except when ``CI=true``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from databases import PASSWORD, make_actor
from werkzeug.serving import make_server

from tourlink.money import ExchangeRate
from tourlink.quote import example_ratecard_path
from tourlink.store import Draft, Itineraries, make_sessions, sqlite_url
from tourlink.store.quotes import ExchangeRatesRepo, RateCards
from tourlink_web import create_app
from tourlink_web.database import engine

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, real: Any) -> Iterator[tuple[str, str, int]]:
    """Serve the app on a fresh SQLite file with an org-admin, a card, rates and a trip."""
    from tourlink.itinerary import TripRequest
    from tourlink.planner.plan import PlanParams, plan
    from tourlink.store.snapshot import make_snapshot

    folder = tmp_path_factory.mktemp("quotes-browser")
    app = create_app(
        {
            "DATABASE_URL": sqlite_url(folder / "q.sqlite"),
            "DATABASE_AUTO_UPGRADE": True,
            "TILE_URL": "",
            "SECRET_KEY": "quotes-browser-tests-secret-key-0123456789abcdef",
            "TESTING": True,
            "RATELIMIT_ENABLED": False,
        }
    )
    request = TripRequest("kon-tum-city-centre", dt.date(2027, 3, 2), 2)
    params = PlanParams(time_limit=0.3)
    snapshot = make_snapshot(
        plan(request, network=real, params=params), network=real, seed=params.seed
    )
    with app.app_context(), make_sessions(engine())() as session:
        admin = make_actor(session, "mang-den-travel", role="org-admin")
        with open(example_ratecard_path(), encoding="utf-8") as handle:
            RateCards(session, admin).create(json.load(handle))
        rates = ExchangeRatesRepo(session, admin)
        rates.add(ExchangeRate("USD", "VND", Decimal(26300), dt.date(2026, 1, 2)))
        rates.add(ExchangeRate("USD", "LAK", Decimal(21800), dt.date(2026, 1, 2)))
        number = Itineraries(session, admin).create(Draft("Kon Tum 2 days", snapshot)).itinerary_id
        session.commit()
        email = admin.email
    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", email, number
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


def test_make_a_quote_and_download_the_proposal(browser: Any, served: tuple[str, str, int]) -> None:
    """Tests logging in, making a 3-band quote, reading its prices and downloading the PDF."""
    base_url, email, number = served
    context = browser.new_context(accept_downloads=True, locale="en-GB")
    page = context.new_page()
    page.goto(f"{base_url}/login?lang=en")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/workspace/**")
    page.goto(f"{base_url}/workspace/{number}/quotes?lang=en")
    page.fill("input[name=bands]", "2, 6, 10")
    page.select_option("select[name=currency]", "USD")
    page.click("form.quote-form button[type=submit]")
    page.wait_for_load_state()
    page.wait_for_selector("table.bands")
    rows = page.locator("table.bands tbody tr")
    assert rows.count() == 3
    assert "USD" in rows.nth(0).inner_text()
    with page.expect_download() as download:
        page.click("text=PDF (en)")
    path = download.value.path()
    assert path is not None and Path(path).read_bytes().startswith(b"%PDF")
    context.close()


def _login(browser: Any, base_url: str, email: str) -> tuple[Any, Any]:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{base_url}/login?lang=en")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/workspace/**")
    return context, page


def test_edit_a_rate_in_its_form_and_upload_the_logo(
    browser: Any, served: tuple[str, str, int], tmp_path: Path
) -> None:
    """Tests editing one guide rate in the table (a bad amount shown on its row) and the logo."""
    from PIL import Image

    base_url, email, _number = served
    context, page = _login(browser, base_url, email)
    page.goto(f"{base_url}/workspace/rate-cards?lang=en")
    page.click("table.rate-cards a")
    page.click("text=Guides")
    page.fill("input[name=r0-per_day]", "abc")
    page.click("form.rates button[type=submit]")
    page.wait_for_selector("tr.row-problems")
    assert "Per day = 'abc': expected a decimal amount" in page.inner_text("tr.row-problems")
    assert page.get_attribute("input[name=r0-per_day]", "aria-invalid") == "true"
    page.fill("input[name=r0-per_day]", "812000")
    page.click("form.rates button[type=submit]")
    page.wait_for_load_state()
    assert page.input_value("input[name=r0-per_day]") == "812000"
    assert "(v2)" in page.inner_text("h1")
    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), (20, 120, 60)).save(logo)
    page.goto(f"{base_url}/workspace/logo?lang=en")
    page.set_input_files("input[name=logo]", str(logo))
    page.click("text=Upload the logo")
    page.wait_for_selector("figure.logo-preview img")
    assert "300 × 100 pixels" in page.inner_text("figure.logo-preview")
    context.close()
