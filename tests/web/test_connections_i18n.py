"""Tests that the connection planner's JSON and page speak the reader's language (vi, lo).

Da Nang → Pakse over 8 days crosses at Bờ Y, so every package has the gate's
assumption warnings, tour-day and transfer-day notes and a list of papers: in Vietnamese
or Lao none of their English sentences may remain.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from tourlink.translations import has_lao_script

ASK = "/api/v1/connections?from=da-nang&date=2026-03-02&days=8&to=pakse&zones=kon-tum-city"
PAGE = "/connections/?from=da-nang&date=2026-03-02&days=8&to=pakse&zone=kon-tum-city"


def _said(package: dict[str, Any]) -> list[str]:
    """Return the sentences and papers a package shows: warnings, day notes, transfers."""
    trip = package["itinerary"]
    said = [*trip["warnings"], *(n for day in trip["days"] for n in day["notes"])]
    said += [w for t in package["tours"] for w in t["transfer"]["warnings"]]
    return [*said, *package["papers"]]


@pytest.fixture
def english(client: FlaskClient) -> dict[str, Any]:
    """Return the English answer, the reference the other languages are compared with."""
    doc: dict[str, Any] = client.get(f"{ASK}&lang=en").get_json()
    return doc


@pytest.mark.parametrize("lang", ["vi", "lo"])
def test_connections_json_in_the_asked_language(
    client: FlaskClient, english: dict[str, Any], lang: str
) -> None:
    """Tests that no English warning, note or paper of a package is left in the vi/lo JSON."""
    doc = client.get(f"{ASK}&lang={lang}").get_json()
    assert doc["count"] == english["count"] > 0
    text = json.dumps(doc, ensure_ascii=False)
    for mine, theirs in zip(doc["packages"], english["packages"], strict=True):
        said, en = _said(mine), _said(theirs)
        assert len(said) == len(en) > 3
        assert [s for s in en if s in text] == []
        codes = {m["code"] for m in mine["itinerary"]["warning_messages"]}
        assert "gate.assumed" in codes
        days = mine["itinerary"]["days"]
        assert {m["code"] for d in days for m in d["note_messages"]} >= {"connect.tour-day"}
    if lang == "lo":
        assert all(has_lao_script(s) for s in _said(doc["packages"][0]))


@pytest.mark.parametrize("lang", ["vi", "lo"])
def test_connections_page_in_the_asked_language(
    client: FlaskClient, english: dict[str, Any], lang: str
) -> None:
    """Tests that the page lists each package's warnings and papers in vi/lo, none in English."""
    html = client.get(f"{PAGE}&lang={lang}").get_data(as_text=True)
    doc = client.get(f"{ASK}&lang={lang}").get_json()
    first = doc["packages"][0]
    assert all(w.replace("'", "&#39;") in html for w in first["itinerary"]["warnings"])
    assert 'class="warnings"' in html
    leaked = [s for p in english["packages"] for s in _said(p) if s.replace("'", "&#39;") in html]
    assert leaked == []


def test_connections_page_names_a_bad_field_in_lao(client: FlaskClient) -> None:
    """Tests that a bad date on the page is refused in Lao, naming the field, not in English."""
    html = client.get("/connections/?from=da-nang&date=2026-02-30&to=pakse&lang=lo").get_data(
        as_text=True
    )
    alert = html.split('role="alert">', 1)[1].split("</p>", 1)[0]
    assert "date" in alert and has_lao_script(alert) and "must be" not in alert
