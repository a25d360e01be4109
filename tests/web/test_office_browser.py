"""The office desk in real headless Chromium: one edit → review → publish journey.

An editor starts a new draft of the Kon Tum city walk, rewrites its texts, checks it
(verdict and map preview drawn under the page's CSP), saves and submits it; a publisher
approves it; the public route page then shows the new name. The app runs in a thread on a
free loopback port with its own SQLite database. Skipped where /usr/bin/chromium is
absent, except CI=true.
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

from tourlink.store import make_sessions
from tourlink_web import create_app
from tourlink_web.database import engine

pytestmark = pytest.mark.browser
CITY = "kon-tum-city-day"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any, Any]]:
    """Serve the app on a free port; return its URL, an office editor and a publisher."""
    database = tmp_path_factory.mktemp("office-browser") / "tourlink.sqlite"
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{database}",
            "DATABASE_AUTO_UPGRADE": True,
            "TILE_URL": "",
            "SECRET_KEY": "browser-tests-secret-key-0123456789abcdef",
            "TESTING": True,
        }
    )
    with app.app_context(), make_sessions(engine())() as session:
        editor = make_actor(session, "kon-tum-office", role="office-editor", kind="office")
        publisher = make_actor(session, "kon-tum-office", role="office-publisher", kind="office")
    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", editor, publisher
    server.shutdown()
    thread.join(timeout=5)


def _log_in(browser: Any, base: str, email: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security" in m.text else None)
    page.errors = errors
    page.goto(f"{base}/login?lang=en")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_url(re.compile(r"/workspace/$"))
    return page


def test_edit_review_publish_in_chromium(browser: Any, served: tuple[str, Any, Any]) -> None:
    """Tests the office journey in Chromium; the public page changes only when approved."""
    base, editor, publisher = served
    page = _log_in(browser, base, editor.email)
    page.click("text=Publishing desk")
    page.click(f"a[href='/office/routes/{CITY}']")
    page.click("text=Start a new draft")
    page.wait_for_url(re.compile(r"/edit$"))
    for lang in ("vi", "en"):
        page.fill(f"#text-{lang}-summary", f"{lang}: the city's wooden church and Bahnar houses")
        page.fill(f"#text-{lang}-day-1", f"{lang}: a walk through Kon Tum")
    page.fill("#text-en-name", "Kon Tum city in a day")
    page.click("button[value=check]")
    assert "Complete: every stop is in the catalogue" in page.inner_text("main")
    page.wait_for_selector("#route-map.map-ready")
    assert page.locator("#route-map .leaflet-interactive").count() > 0  # stops and drives
    page.click("button[value=save]")
    page.wait_for_url(re.compile(rf"/office/routes/{CITY}$"))
    page.click("button[value=submit]")
    assert "In review" in page.inner_text(".subtitle")
    assert page.locator("button[value=approve]").count() == 0  # an editor never publishes
    public = page.context.browser.new_context().new_page()
    public.goto(f"{base}/tours/{CITY}?lang=en")
    assert public.inner_text("h1") != "Kon Tum city in a day"
    reviewer = _log_in(browser, base, publisher.email)
    reviewer.goto(f"{base}/office/routes/{CITY}?lang=en")
    reviewer.click("button[value=approve]")
    assert "Published" in reviewer.inner_text(".subtitle")
    assert publisher.email in reviewer.inner_text("table.audit")
    public.goto(f"{base}/tours/{CITY}?lang=en")
    assert public.inner_text("h1") == "Kon Tum city in a day"
    assert "the city's wooden church" in public.inner_text("main")
    assert page.errors == [] and reviewer.errors == []  # no script error, nothing the CSP refused
