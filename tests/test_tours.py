"""Tests of tourlink.tours: loading and validating the published tour routes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import bad_copy

from tourlink.exceptions import DataError, InvalidRequestError
from tourlink.model import ZONES
from tourlink.network import Network
from tourlink.tours import Tour, TourStop, load_tours, routes_file_problems
from tourlink.translations import renderer

REPO_DATA = Path(__file__).resolve().parents[1] / "data"


def test_shipped_routes_cover_every_zone(real: Network) -> None:
    """Tests that the shipped routes are sourced, valid and cover the five zones."""
    tours = load_tours(REPO_DATA, network=real)
    assert len(tours) >= 6
    assert {z for t in tours for z in t.zones} == set(ZONES)
    for tour in tours:
        assert tour.sources and all(s.startswith("http") for s in tour.sources)
        assert all(stop.site in real.sites for stop in tour.stops)
        assert max(s.day for s in tour.stops) == tour.days
    crossing = [t for t in tours if {"VN", "LA"} <= {real.site(s.site).country for s in t.stops}]
    assert crossing, "a cross-border Kon Tum – Laos route is shipped"


def _copy(tmp_path: Path, routes: dict[str, object]) -> Path:
    for name in ("sites.json", "roads.json"):
        shutil.copy(REPO_DATA / name, tmp_path / name)
    (tmp_path / "routes.json").write_text(json.dumps(routes), encoding="utf-8")
    return tmp_path


def test_unknown_sites_are_listed_at_once(real: Network, tmp_path: Path) -> None:
    """Tests that every unknown stop is reported in one DataError, with suggestions."""
    doc = json.loads((REPO_DATA / "routes.json").read_text(encoding="utf-8"))
    doc["routes"][0]["stops"][1]["site"] = "thac-pa-si"
    doc["routes"][1]["stops"][1]["site"] = "nowhere-at-all"
    with pytest.raises(DataError) as info:
        load_tours(_copy(tmp_path, doc), network=real)
    problems = info.value.problems
    assert [p.value for p in problems] == ["thac-pa-si", "nowhere-at-all"]
    assert "did you mean 'thac-pa-sy'" in problems[0].expected


def test_schema_problems_are_reported(real: Network, tmp_path: Path) -> None:
    """Tests that a record without sources and with a bad format is refused."""
    doc = json.loads((REPO_DATA / "routes.json").read_text(encoding="utf-8"))
    del doc["routes"][0]["sources"]
    doc["format"] = "tourlink-routes/0"
    with pytest.raises(DataError, match="sources") as info:
        load_tours(_copy(tmp_path, doc), network=real)
    assert len(info.value.problems) == 2


def test_tour_checks_day_order() -> None:
    """Tests that a tour whose stop days go backwards is refused."""
    with pytest.raises(ValueError, match="non-decreasing"):
        Tour("t", "T", "T", ("bo-y",), "p", ("https://x",), 2, (TourStop("a", 2), TourStop("b", 1)))


def test_a_tour_out_of_order_is_said_in_each_language(real: Network, tmp_path: Path) -> None:
    """Tests that routes.json with stop days going backwards says why in vi and lo."""
    doc = json.loads((REPO_DATA / "routes.json").read_text(encoding="utf-8"))
    stops = doc["routes"][0]["stops"]
    stops[0]["day"], stops[1]["day"] = 2, 1
    with pytest.raises(DataError) as info:
        load_tours(_copy(tmp_path, doc), network=real)
    (problem,) = info.value.problems
    days = [s["day"] for s in stops]
    assert str(problem) == (
        "routes.json: kon-tum-city-day: (record) = Tour 'kon-tum-city-day': stop days must be"
        f" non-decreasing and at most 1, got {days}.: expected a consistent record"
    )
    assert renderer("vi")(problem.message) == (
        "routes.json: kon-tum-city-day: (cả bản ghi) = Tour 'kon-tum-city-day': ngày của các điểm"
        f" dừng phải không giảm dần và không quá 1, nhận được {days}.: cần một bản ghi nhất quán"
    )
    assert renderer("lo")(problem.message) == (
        "routes.json: kon-tum-city-day: (ທັງລາຍການ) = ທົວ 'kon-tum-city-day': ມື້ຂອງຈຸດແວະຕ້ອງ"
        f"ບໍ່ຫຼຸດລົງ ແລະ ບໍ່ເກີນ 1, ແຕ່ໄດ້ຮັບ {days}.: ຕ້ອງເປັນ ຂໍ້ມູນທີ່ສອດຄ່ອງກັນ"
    )
    with pytest.raises(InvalidRequestError) as caught:
        TourStop("a", 0)
    assert renderer("vi")(caught.value.message) == (
        "Điểm dừng 'a': ngày phải từ 1 trở lên, nhận được 0."
    )
    with pytest.raises(InvalidRequestError) as caught:
        Tour("t", "T", "T", ("bo-y",), "p", ("https://x",), 1, (TourStop("a", 1),))
    assert renderer("lo")(caught.value.message) == "ທົວ 't': ຕ້ອງມີຢ່າງໜ້ອຍສອງຈຸດແວະ."


def test_bad_routes_file_on_the_tiny_instance(tiny: Network, tmp_path: Path) -> None:
    """Tests that tests/data/bad/route_stop_unknown_site.json is refused naming the stop."""
    folder = bad_copy("route_stop_unknown_site.json", tmp_path)
    with pytest.raises(DataError, match=r"mang-den-day: stops\[1\]\.site = mang-den-town"):
        load_tours(folder, network=tiny)
    assert routes_file_problems(folder / "routes.json") == []  # sound on its own


def test_routes_file_problems_without_a_catalogue(tmp_path: Path) -> None:
    """Tests that the routes file alone is checked for JSON syntax and schema."""
    path = tmp_path / "routes.json"
    path.write_text('{"format": "tourlink-routes/1", "routes": [{"id": "x"}]}', "utf-8")
    problems = routes_file_problems(path)
    assert {p.field for p in problems} >= {"name", "stops", "sources"}
    path.write_text('{"format": "tourlink-routes/1",\n "routes" []}', "utf-8")
    (problem,) = routes_file_problems(path)
    assert (problem.field, problem.expected) == ("line 2, column 11", "':' delimiter (valid JSON)")
