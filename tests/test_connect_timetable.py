"""Tests of operators' timetables (tourlink.connect.timetable)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from tourlink.connect import Departure, example_timetable, load_timetable, parse_timetable
from tourlink.exceptions import DataError
from tourlink.network import Network
from tourlink.tours import load_tours

REPO_DATA = Path(__file__).resolve().parents[1] / "data"


def test_example_timetable_is_marked_and_covers_the_published_routes(real: Network) -> None:
    """Tests that the shipped timetable says it is example data and runs all six routes."""
    table = example_timetable(real)
    routes = {t.id for t in load_tours(REPO_DATA, network=real)}
    assert "EXAMPLE DATA" in table.note
    assert {t.route for t in table.tours if t.route} == routes
    assert any(not t.route for t in table.tours), "operators' own tours are included"
    assert all(t.operator.startswith("example-") for t in table.tours)
    assert all(isinstance(t.price_from, Decimal) for t in table.tours)


def test_departures_follow_weekdays_and_seasons(real: Network) -> None:
    """Tests weekday and season rules: the dry-season-only tour stops departing in May."""
    table = example_timetable(real)
    lakes = table.tour("mangden-lakes-waterfalls-day")
    assert lakes is not None and lakes.seasons == ("dry",)
    assert lakes.runs_on(dt.date(2026, 4, 30)) and not lakes.runs_on(dt.date(2026, 5, 1))
    attapeu = table.tour("kontum-bo-y-attapeu-pakse")
    assert attapeu is not None
    found = list(table.visible_to(None).departures(dt.date(2026, 3, 2), dt.date(2026, 3, 8)))
    dates = [d.date for d in found if d.tour.id == attapeu.id]
    assert dates == [dt.date(2026, 3, 3), dt.date(2026, 3, 6)]  # Tuesday and Friday
    last = Departure(attapeu, dt.date(2026, 3, 6))
    assert last.end_date == dt.date(2026, 3, 8) and last.end == dt.datetime(2026, 3, 8, 17, 0)
    assert all(d.end_date <= dt.date(2026, 3, 8) for d in found)
    assert "pakse-bolaven-coffee-day" not in {d.tour.id for d in found}  # not shared


def test_tour_end_is_where_the_operator_drops_the_group(real: Network) -> None:
    """Tests that a route ending at a waterfall is run to Pakse, where groups can stay."""
    laos = example_timetable(real).tour("pakse-bolaven-wat-phou-4000-islands")
    assert laos is not None and laos.end == "pakse" and laos.tour.stops[-1].day == 3


def test_every_problem_is_reported_at_once(real: Network, tmp_path: Path) -> None:
    """Tests that a bad timetable lists each fault with its record and field."""
    doc = json.loads((REPO_DATA / "timetable.example.json").read_text(encoding="utf-8"))
    doc["tours"][0]["route"] = "no-such-route"
    doc["tours"][1]["weekdays"] = ["funday"]
    doc["tours"][2]["depart"] = "25:00"
    doc["tours"][3]["price_from"] = "cheap"
    doc["tours"][6]["stops"][1]["site"] = "atlantis"
    doc["tours"].append(dict(doc["tours"][7]))
    path = tmp_path / "timetable.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_timetable(path, routes=load_tours(REPO_DATA, network=real), network=real)
    found = {(p.record, p.field) for p in info.value.problems}
    assert found >= {
        ("kontum-heritage-city-day", "route"),
        ("kontum-mangden-2-days", "weekdays"),
        ("gialai-pleiku-kontum-mangden", "depart"),
        ("kontum-bo-y-tri-border-day", "price_from"),
        ("danang-my-son-son-my-kontum", "stops[1].site"),
        ("mangden-lakes-waterfalls-day", "id"),
    }


def test_wrong_format_is_refused() -> None:
    """Tests that a document of another format is refused, naming the expected one."""
    with pytest.raises(DataError, match="tourlink-timetable/1"):
        parse_timetable({"format": "tourlink-routes/1", "tours": []})


def test_strict_json_and_missing_file(tmp_path: Path) -> None:
    """Tests that a timetable with NaN or duplicate keys, or a missing file, is refused."""
    bad = tmp_path / "timetable.json"
    bad.write_text('{"format": "tourlink-timetable/1", "format": "x", "tours": []}')
    with pytest.raises(DataError, match="format"):
        load_timetable(bad)
    with pytest.raises(DataError, match=r"timetable\.json"):
        load_timetable(tmp_path / "absent.json")
