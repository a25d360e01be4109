"""Tests that a planned trip's warnings, explanations and notes come in the reader's language.

One cross-border 2-day plan (Kon Tum → Attapeu, short planning limit) is fetched from the
JSON API in each language; the page and its print view are read in Vietnamese and Lao.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from workspace_helpers import save_itinerary, token, users

from tourlink import translations
from tourlink.hours import describe
from tourlink.messages import MESSAGES
from tourlink.network import Network
from tourlink.planner.texts import TIME_CAP

PLAN = {
    "start": "kon-tum-city-centre",
    "end": "attapeu",
    "start_date": "2026-03-02",
    "days": 2,
    "mode": "car",
}
PAGE = "/plan/?start=kon-tum-city-centre&end=attapeu&start_date=2026-03-02&days=2&mode=car"


def _plan(client: FlaskClient, **how: Any) -> dict[str, Any]:
    response = client.post("/api/v1/plan", json=PLAN, **how)
    assert response.status_code == 200, response.get_data(as_text=True)
    data: dict[str, Any] = response.get_json()
    return data


def _messages(data: dict[str, Any]) -> list[dict[str, Any]]:
    # The test app's 0.5 s safety cap may bind on a loaded machine: its warning says so
    # and is not part of what the two plans are compared on.
    found = [m for m in data["warning_messages"] if m["code"] != TIME_CAP]
    for day in data["days"]:
        found += day["note_messages"]
    return found


@pytest.fixture(scope="module", autouse=True)
def uncapped(app: Any) -> Iterator[None]:
    """Lift the test app's 0.5 s planning cap for this module's plans.

    The tests compare two plans of one request: budgeted by iterations, they are equal,
    unless the wall-clock cap cuts one short on a slow run (coverage, a loaded machine).
    """
    kept = app.config["PLAN_TIME_LIMIT"]
    app.config["PLAN_TIME_LIMIT"] = 60.0
    yield
    app.config["PLAN_TIME_LIMIT"] = kept


@pytest.fixture(scope="module")
def english(app: Any, uncapped: None) -> dict[str, Any]:
    """Return the English plan of :data:`PLAN` (the API's default language)."""
    with app.test_client() as client:
        return _plan(client)


@pytest.mark.parametrize(
    ("how", "lang"),
    [
        ({"headers": {"Accept-Language": "vi-VN,vi;q=0.9"}}, "vi"),
        ({"query_string": {"lang": "lo"}}, "lo"),
        ({"query_string": {"lang": "vi"}, "headers": {"Accept-Language": "lo"}}, "vi"),
    ],
)
def test_api_plan_speaks_the_asked_language(
    client: FlaskClient, english: dict[str, Any], how: dict[str, Any], lang: str
) -> None:
    """Tests warnings and notes with code, params and a text in the asked language."""
    data = _plan(client, **how)
    said, source = _messages(data), _messages(english)
    assert [m["code"] for m in said] == [m["code"] for m in source]
    assert any(m["code"] == "plan.border-documents" for m in said)
    translate = translations.translator(lang)
    for mine, theirs in zip(said, source, strict=True):
        assert set(mine) == {"code", "params", "text"}
        assert mine["params"].keys() == theirs["params"].keys()
        if translate(MESSAGES[mine["code"]]) != MESSAGES[mine["code"]]:
            assert mine["text"] != theirs["text"], mine["code"]
    assert data["warnings"] == [m["text"] for m in data["warning_messages"]]
    for day in data["days"]:
        assert day["notes"] == [m["text"] for m in day["note_messages"]]
    border = next(m for m in said if m["code"] == "plan.border-documents")
    hours = border["params"]["hours"]
    assert hours["kind"] == "hours" and hours["name"] == describe(hours["id"], lang=lang)
    assert hours["name"] in border["text"]


@pytest.mark.parametrize("lang", ["vi", "lo"])
def test_plan_page_explanations_in_the_page_language(client: FlaskClient, lang: str) -> None:
    """Tests the plan page and its print view: the day notes and warnings are translated."""
    english = _plan(client)
    sentences = [m["text"] for m in _messages(english)]
    for url in (PAGE, PAGE.replace("/plan/?", "/plan/print?")):
        page = client.get(f"{url}&lang={lang}").get_data(as_text=True)
        assert not [s for s in sentences if s in page], url
        assert "every day 07:00" not in page
    page = client.get(f"{PAGE}&lang={lang}").get_data(as_text=True)
    for code in ("plan.pace", "plan.lunch", "plan.border-documents"):  # on every such trip
        template = translations.translator(lang)(MESSAGES[code])
        fixed = [p.strip(" .,:;()") for p in re.split(r"\{[^}]*\}", template)]
        assert any(len(p) >= 6 and _escaped(p) in page for p in fixed), code


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&#34;")


def test_saved_itinerary_api_speaks_the_asked_language(
    ws_app: Any, saved_snapshot: dict[str, Any], real: Network
) -> None:
    """Tests GET /api/v1/itineraries/{id}: the saved warnings and notes in vi, then in lo.

    For an English reader the saved warnings come back with the sites' English names: a
    warning that names no site (the time cap, when the fixture's plan hits it) is the
    saved one; one that names sites (the assumed opening hours) names them in English.
    """
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    number = save_itinerary(ws_app, lan, saved_snapshot)
    client = ws_app.test_client()
    header = token(client, lan)
    url = f"/api/v1/itineraries/{number}"
    saved = saved_snapshot["itinerary"]
    english = client.get(url, headers=header).get_json()  # English names for English readers
    codes = [m["code"] for m in saved["warning_messages"]]
    assert [m["code"] for m in english["warning_messages"]] == codes
    for got, kept in zip(english["warning_messages"], saved["warning_messages"], strict=True):
        sites = (got.get("params") or {}).get("sites") or []
        if not sites:
            assert got == kept
        for ref in sites:
            assert ref["name"] == real.site(ref["id"]).name_en and ref["name"] in got["text"]
    for how, lang in (({"Accept-Language": "vi"}, "vi"), ({}, "lo")):
        got = client.get(url + ("?lang=lo" if lang == "lo" else ""), headers={**header, **how})
        data = got.get_json()
        assert [m["code"] for m in data["warning_messages"]] == [
            m["code"] for m in saved["warning_messages"]
        ]
        assert data["warnings"] == [m["text"] for m in data["warning_messages"]]
        assert not set(data["warnings"]) & set(saved["warnings"])
        notes = [n for d in data["days"] for n in d["notes"]]
        assert notes and not set(notes) & {n for d in saved["days"] for n in d["notes"]}
