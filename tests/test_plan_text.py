"""Tests of the planned trip in the reader's language: ``tourlink plan --lang`` and the JSON.

One real 2-day cross-border plan (Kon Tum → Attapeu, 0.2 s limit) is made once; a copy
with its first visit starting 25 min after the arrival stands for a wait for opening.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from tourlink.cli import main
from tourlink.itinerary import Itinerary, TripRequest
from tourlink.messages import Message
from tourlink.network import Network
from tourlink.planner import PlanParams, plan
from tourlink.planner.plan_text import render_text
from tourlink.planner.serialize import itinerary_to_dict, stop_note
from tourlink.relocalize import localized, message_from_dict, messages_from_dicts
from tourlink.translations import renderer

REPO_DATA = str(Path(__file__).resolve().parents[1] / "data")
ARGS = ["--data", REPO_DATA, "plan", "--start", "kon-tum-city-centre", "--end", "attapeu"]
ARGS += ["--date", "2026-03-02", "--days", "2", "--time-limit", "0.2"]


@pytest.fixture(scope="module")
def trip(real: Network) -> Itinerary:
    """Return the 2-day plan, its first visit made to wait 25 min for the opening."""
    request = TripRequest("kon-tum-city-centre", dt.date(2026, 3, 2), 2, end="attapeu")
    planned = plan(request, network=real, params=PlanParams(time_limit=0.2))
    first = planned.days[0]
    stop = first.stops[0]
    waiting = dataclasses.replace(stop, arrive=stop.start - dt.timedelta(minutes=25))
    day = dataclasses.replace(first, stops=(waiting, *first.stops[1:]))
    return dataclasses.replace(planned, days=(day, *planned.days[1:]))


def _wait(trip: Itinerary) -> Message:
    said = stop_note(trip.days[0].stops[0])
    assert said is not None
    return said


def test_stop_note_is_the_wait_in_each_language(trip: Itinerary, real: Network) -> None:
    """Tests the stop's note in the JSON: the 25-minute wait, said in vi, en and lo."""
    assert str(stop_note(trip.days[0].stops[0])) == "waits 25 min for opening"
    notes = {}
    for lang in ("vi", "en", "lo"):
        said = renderer(lang, real)
        data = itinerary_to_dict(
            trip, network=real, locale=lang, translate=said.translate, name=said.name
        )
        notes[lang] = data["days"][0]["stops"][0]["note"]
    assert notes == {
        "vi": "chờ 25 phút đến giờ mở cửa",
        "en": "waits 25 min for opening",
        "lo": renderer("lo")(_wait(trip)),
    }
    assert notes["lo"] != notes["en"]


@pytest.mark.parametrize(
    ("lang", "labels", "english"),
    [
        ("vi", ("Chuyến đi 2 ngày bằng ô tô", "Ngày 1 — ", "rời ", "ăn trưa tại ", "đến "), ""),
        ("lo", ("ການເດີນທາງ 2 ມື້ ໂດຍ ລົດໃຫຍ່", "ມື້ທີ 1 — ", "ອອກຈາກ ", "ອາຫານທ່ຽງທີ່ "), ""),
        ("en", ("2-day trip by car", "Day 1 — Mon 2026-03-02", "leave ", "lunch at "), "x"),
    ],
)
def test_text_labels_in_the_language(
    trip: Itinerary, real: Network, lang: str, labels: tuple[str, ...], english: str
) -> None:
    """Tests the day-by-day text: headings, Day, leave, lunch, totals, notes, warnings."""
    text = render_text(trip, real, lang)
    for label in labels:
        assert label in text, label
    said = renderer(lang, real)
    assert said(trip.warnings[0]) in text and said(trip.days[0].notes[0]) in text
    if not english:
        for word in ("Day ", " driving", "leave ", "lunch at", "arrive ", "Warnings:", "note:"):
            assert word not in text, word
        assert "waits 25 min" not in text and said(_wait(trip)) in text


def test_cli_plan_lang(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests ``tourlink plan --lang vi`` text and ``--json`` in Vietnamese."""
    assert main([*ARGS, "--lang", "vi"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Chuyến đi 2 ngày bằng ô tô, 2026-03-02 → 2026-03-03")
    assert "Ngày 2 — Thứ 3 2026-03-03" in text and "Cảnh báo:" in text
    assert main(["--lang", "lo", *ARGS, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    border = next(m for m in data["warning_messages"] if m["code"] == "plan.border-documents")
    assert "ທຸກມື້ 07:00–17:00" in border["text"] and border["text"] in data["warnings"]


@pytest.mark.parametrize("lang", ["vi", "lo"])
def test_saved_plan_said_again_in_another_language(
    trip: Itinerary, real: Network, lang: str
) -> None:
    """Tests that a plan saved in English, rebuilt from codes and params, reads as if fresh."""
    saved = json.loads(json.dumps(itinerary_to_dict(trip, network=real)))
    said = renderer(lang, real)
    fresh = itinerary_to_dict(
        trip, network=real, locale=lang, translate=said.translate, name=said.name
    )
    again = localized(saved, said)
    assert again["warnings"] == fresh["warnings"]
    assert again["warning_messages"] == fresh["warning_messages"]
    for day, expected in zip(again["days"], fresh["days"], strict=True):
        assert day["notes"] == expected["notes"]
        assert day["note_messages"] == expected["note_messages"]
        assert [s["note"] for s in day["stops"]] == [s["note"] for s in expected["stops"]]
    assert saved["warnings"] != again["warnings"]


@pytest.mark.parametrize(
    "data",
    [
        {"code": "no.such-code", "params": {}, "text": "Gone."},
        {"code": "plan.wait-opening", "params": {}, "text": "waits 5 min for opening"},
        {"code": "plan.wait-opening", "params": {"minutes": {"x": 1}}, "text": "?"},
        {"params": {}},
    ],
)
def test_unreadable_saved_message_keeps_its_text(data: dict[str, object]) -> None:
    """Tests that an unknown code or unfitting parameters give ``None``: the saved text shows."""
    assert message_from_dict(data) is None
    assert [str(m) for m in messages_from_dicts([data])] == [str(data.get("text", ""))]
