"""Tests that ``tourlink route`` prints road names and exports files in ``--lang``."""

from __future__ import annotations

import json

import gpxpy
import pytest

from tourlink.cli import main

TRIP = ("route", "kon-tum-city-centre", "attapeu", "--depart", "2026-03-03T07:00")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(("lang", "road"), [("vi", "Đường 18B"), ("lo", "ທາງເລກ 18B")])
def test_route_table_names_roads_in_lang(
    capsys: pytest.CaptureFixture[str], lang: str, road: str
) -> None:
    """Tests that the route table names Laos' Route 18B in Vietnamese or Lao."""
    out = _run(capsys, "--lang", lang, *TRIP)
    assert road in out and "Route 18B" not in out


def test_route_export_speaks_lang(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests ``--export``: a Vietnamese GeoJSON and a Lao GPX, without the English labels."""
    english = json.loads(_run(capsys, *TRIP, "--export", "geojson"))
    vi = json.loads(_run(capsys, *TRIP, "--export", "geojson", "--lang", "vi"))
    assert english["summary"].startswith("car route") and "roads:" in english["summary"]
    assert vi["summary"].startswith("Tuyến đường bằng ô tô") and "roads:" not in vi["summary"]
    assert len(vi["features"]) == len(english["features"])
    gpx = gpxpy.parse(_run(capsys, *TRIP, "--export", "gpx", "--lang", "lo"))
    assert str(gpx.waypoints[0].description).startswith("ມື້ທີ 1, ອອກເດີນທາງ")
