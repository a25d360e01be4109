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


_GLYPHS = """
async (chars) => {
  await document.fonts.ready;
  await document.fonts.load('48px "tourlink Lao"', chars.join(''));
  const draw = (ch) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64; canvas.height = 64;
    const ctx = canvas.getContext('2d');
    ctx.font = '48px "tourlink Lao"';
    ctx.fillText(ch, 8, 52);
    return canvas.toDataURL();
  };
  const faces = [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'tourlink Lao');
  return {
    status: faces.map(f => f.status),
    drawn: chars.map(draw),
    fetched: performance.getEntriesByType('resource').map(e => e.name)
      .filter(n => n.includes('/fonts/NotoSansLao')),
  };
}
"""


def test_lao_is_drawn_with_the_served_font(page: Any, base_url: str) -> None:
    """Tests in Chromium that Lao text uses the app's Noto Sans Lao: glyphs, not tofu boxes."""
    page.goto(f"{base_url}/?lang=lo")
    with page.expect_navigation(wait_until="load"):  # the fonts are declared by the new page
        page.click("nav.languages a[hreflang=lo]")
    assert page.locator("html").get_attribute("lang") == "lo"
    # three Lao letters, and U+0EFE / U+0EFF: unassigned code points every font draws as tofu
    found = page.evaluate(_GLYPHS, ["ກ", "ຂ", "ລ", "\u0efe", "\u0eff"])
    assert "loaded" in found["status"], found["status"]
    assert any(name.endswith("/fonts/NotoSansLao-Regular.ttf") for name in found["fetched"])
    letters, tofu = found["drawn"][:3], found["drawn"][3:]
    assert len(set(letters)) == 3, "Lao letters look alike: drawn as boxes"
    assert not set(letters) & set(tofu), "a Lao letter is drawn as the missing-glyph box"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("main h1").screenshot(path=str(SHOTS / "lao-heading.png"))


def test_lao_traveller_reads_the_border_crossing_in_lao(page: Any, base_url: str) -> None:
    """Tests a Lao reader: switch on the home page, find the Tết crossing, read it in Lao."""
    page.goto(f"{base_url}/")
    page.click("nav.languages a[hreflang=lo]")
    page.goto(
        f"{base_url}/route/?from=kon-tum-city-centre&to=pakse&depart=2027-02-06T08:00&mode=car"
    )
    assert page.locator("html").get_attribute("lang") == "lo"  # remembered from the switch
    border = page.locator("section.border").first.inner_text()
    assert "ດ່ານສາກົນ ບໍອີ – ພູເກືອ" in border and "ໜັງສືຜ່ານແດນ" in border
    assert "ປິດແຕ່ 6 ກ.ພ. 2027 ຫາ 7 ກ.ພ. 2027" in border  # the Tết closure, named, in Lao
    warnings = page.locator("section.warnings").first.inner_text()
    assert "ກະລຸນາກວດສອບກ່ອນເດີນທາງ" in warnings
    text = page.locator("main").inner_text()
    for english in ("passport", "assumed: check", "wait ", " risk in "):
        assert english not in text, english


def _english_fragments() -> set[str]:
    """Return the fixed words of every English source string (interface and library)."""
    import re

    from tourlink import translations
    from tourlink_web import i18n

    sources = [m.id for m in list(i18n.extract())[1:]] + [
        m.id for m in list(translations.template())[1:]
    ]
    fragments = set()
    for source in sources:
        text = source if isinstance(source, str) else source[0]
        for part in re.split(r"\{[^}]*\}|%\(\w+\)\w|[()`'\"]", text):
            part = part.strip(" .,:;–-")
            if len(part) >= 14 and " " in part and part.isascii():
                fragments.add(part)
    return fragments


def test_vietnamese_itinerary_has_no_english_sentence(page: Any, base_url: str) -> None:
    """Tests a cross-border trip read in Vietnamese: no English catalogue sentence is shown."""
    page.goto(f"{base_url}/plan/?start=kon-tum-city-centre&end=pakse&start_date=2026-03-02&days=3")
    page.wait_for_selector("#plan-map.map-ready", timeout=30_000)
    assert page.locator("html").get_attribute("lang") == "vi"
    shown = page.locator("main").inner_text() + page.locator("header").inner_text()
    assert [f for f in _english_fragments() if f in shown] == []


def test_vietnamese_route_has_no_english_sentence(page: Any, base_url: str) -> None:
    """Tests the cross-border route in Vietnamese: the Tết closure named, no English sentence."""
    page.goto(
        f"{base_url}/route/?from=kon-tum-city-centre&to=pakse&depart=2027-02-06T08:00&lang=vi"
    )
    assert page.locator("html").get_attribute("lang") == "vi"
    text = page.locator("main").inner_text()
    assert "Cửa khẩu Bờ Y – Phou Keua đóng cửa từ 6 thg 2 2027 đến 7 thg 2 2027" in text
    fragments = _english_fragments()
    assert len(fragments) > 100
    assert [f for f in fragments if f in text] == []
