"""The workspace in real headless Chromium: log in, plan, save, edit, history, share, log out.

One user of each of two organisations; the app runs in a thread on a free loopback port
with its own SQLite database. Skipped where /usr/bin/chromium is absent, except CI=true.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from databases import PASSWORD, make_actor
from test_browser import ARGS, CHROMIUM, _free_port  # noqa: F401 (the shared launch settings)
from test_browser import browser as browser
from werkzeug.serving import make_server
from workspace_helpers import TRIP_1DAY

from tourlink.store import make_sessions
from tourlink_web import create_app
from tourlink_web.database import engine

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any, Any]]:
    """Serve the app on a free port; return its URL and a user of each of two organisations."""
    database = tmp_path_factory.mktemp("browser-db") / "tourlink.sqlite"
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{database}",
            "DATABASE_AUTO_UPGRADE": True,
            "PLAN_TIME_LIMIT": 0.5,
            "TILE_URL": "",
            "SECRET_KEY": "browser-tests-secret-key-0123456789abcdef",
            "TESTING": True,
        }
    )
    with app.app_context(), make_sessions(engine())() as session:
        mine = make_actor(session, "mang-den-travel", email="lan@mang-den-travel.example")
        other = make_actor(session, "kon-tum-tours", email="minh@kon-tum-tours.example")
    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", mine, other
    server.shutdown()
    thread.join(timeout=5)


def _context(browser: Any) -> Any:
    return browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")


def _log_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/login?lang=en")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")  # the keyboard submits the form
    page.wait_for_url(re.compile(r"/workspace/$"))


def test_operator_journey(browser: Any, served: tuple[str, Any, Any]) -> None:
    """Tests the whole journey in Chromium, and that another organisation gets 404."""
    base, mine, other = served
    context = _context(browser)
    page = context.new_page()
    _log_in(page, base, mine.email)
    query = "&".join(
        [f"start={TRIP_1DAY['start']}", f"start_date={TRIP_1DAY['start_date']}", "days=2"]
        + [f"must_visit={s}" for s in TRIP_1DAY["must_visit"]]
    )
    page.goto(f"{base}/plan/?{query}")
    page.click("a[href^='/workspace/new']")
    page.fill("#name", "Kon Tum weekend")
    page.fill("#customer", "Ms Lan")
    page.fill("#notes", "pick-up at the hotel gate")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/workspace/\d+$"))
    itinerary_url = page.url
    assert "Version 1 of 1" in page.content()

    page.click("a[href$='/edit']")
    offered = "select[name='add-site'] option[value='kon-tum-wooden-church']"
    page.locator(offered).wait_for(state="attached")  # filled by editor.js
    assert page.locator("button[value='places']").count() == 0  # the script fetched the list
    first = page.locator("button[value='up:0:0']").get_attribute("aria-labelledby") or ""
    stop = page.locator(f"#{first.split()[1]}").inner_text()
    assert page.get_by_role("button", name=f"Move up: {stop}").count() == 1  # named per stop
    moves = page.locator("button[value^='move:1:']").count()
    assert moves > 0
    for _ in range(moves):  # every stop of day 2 onto day 1, with the keyboard
        page.select_option("select[name='to-1-0']", "1")
        page.focus("button[value='move:1:0']")
        page.keyboard.press("Enter")
        page.wait_for_load_state()
    page.fill("input[name='minutes-0-0']", "600")  # and a 10-hour first visit
    with page.expect_navigation():  # Enter in the field applies it (the default button)
        page.press("input[name='minutes-0-0']", "Enter")
    assert page.input_value("input[name='minutes-0-0']") == "600"
    assert page.locator(".violation").count() > 0  # the day now ends too late
    assert "after the day ends" in page.locator("form.editor").inner_text()
    page.fill("input[name='summary']", "all on day 1, a long first visit")
    with page.expect_navigation():  # Enter in the summary re-checks and keeps the text
        page.press("input[name='summary']", "Enter")
    assert page.input_value("input[name='summary']") == "all on day 1, a long first visit"
    page.click("button[value='save']")
    page.wait_for_url(itinerary_url)
    assert "Version 2 of 2" in page.content() and page.locator(".flag").count() > 0

    page.click("a[href$='/history']")
    assert page.locator("table.versions tbody tr").count() == 2
    assert "all on day 1, a long first visit" in page.locator("table.versions").inner_text()

    page.goto(itinerary_url + "/share")
    page.click("main form button[type=submit]")
    share_url = page.locator("#share-url").get_attribute("href")
    customer = _context(browser)  # a fresh browser: no cookies, no login
    shared = customer.new_page()
    shared.goto(share_url)
    text = shared.content()
    assert "Kon Tum weekend" in text and "pick-up at the hotel gate" not in text
    assert "Ms Lan" not in text
    customer.close()

    page.click("form.logout button")
    page.goto(itinerary_url)
    assert "/login" in page.url
    context.close()

    stranger = _context(browser)
    intruder = stranger.new_page()
    _log_in(intruder, base, other.email)
    response = intruder.goto(itinerary_url)
    assert response.status == 404 and "Kon Tum weekend" not in intruder.content()
    stranger.close()
