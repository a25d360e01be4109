"""Tests of the ``tourlink plan`` sub-command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tourlink.cli import main
from tourlink.network import Network

REPO_DATA = str(Path(__file__).resolve().parents[1] / "data")
ARGS = [
    "--data",
    REPO_DATA,
    "plan",
    "--start",
    "kon-tum-city-centre",
    "--date",
    "2026-03-03",
    "--time-limit",
    "0.2",
]


def test_json_contract(real: Network, capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that --json prints days with ordered stops, ISO times, overnight and warnings."""
    assert main([*ARGS, "--days", "2", "--must", "thac-pa-sy", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["days"]) == 2
    first = data["days"][0]
    assert {"id", "name", "arrive", "start", "depart"} <= set(first["stops"][0])
    times = [dt.datetime.fromisoformat(s["arrive"]) for s in first["stops"]]
    assert times == sorted(times)
    assert first["overnight"] in real.sites and real.site(first["overnight"]).overnight
    assert data["days"][-1]["overnight"] == "kon-tum-city-centre"
    assert isinstance(data["warnings"], list)
    assert data["totals"]["stops"] == sum(len(d["stops"]) for d in data["days"])
    assert "thac-pa-sy" in {s["id"] for d in data["days"] for s in d["stops"]}


def test_text_output(real: Network, capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that the default output is a readable day-by-day plan."""
    assert main([*ARGS, "--days", "1", "--interests", "history=2"]) == 0
    out = capsys.readouterr().out
    assert "Day 1 — Tue 2026-03-03" in out and "lunch at" in out and "leave" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--days", "45"], "`days` must be a whole number between 1 and 30, got 45."),
        (["--days", "5", "--end", "pakse", "--no-passports"], "`passports` is false"),
        (["--days", "1", "--must", "thac-pa-si"], "did you mean 'thac-pa-sy'"),
    ],
)
def test_errors_exit_2(
    real: Network, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    """Tests that bad input exits with code 2 and a one-line reason on stderr."""
    assert main([*ARGS, *extra]) == 2
    assert message in capsys.readouterr().err


def test_lunch_window_options(real: Network, capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that --lunch-start/--lunch-end reach the request and bound the lunch start."""
    assert (
        main([*ARGS, "--days", "1", "--lunch-start", "12:00", "--lunch-end", "12:30", "--json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert (data["request"]["lunch_start"], data["request"]["lunch_end"]) == ("12:00", "12:30")
    lunch = dt.datetime.fromisoformat(data["days"][0]["lunch"]["start"]).time()
    assert dt.time(12, 0) <= lunch <= dt.time(12, 30)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--lunch-start", "25:00"],
            "`lunch_start` must be a time of day written HH:MM (e.g. '07:30'), got '25:00'.",
        ),
        (
            ["--lunch-start", "13:00", "--lunch-end", "12:00"],
            "`lunch_end` must not be before `lunch_start` (13:00), got 12:00.",
        ),
    ],
)
def test_lunch_window_errors(
    real: Network, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    """Tests that a bad lunch window exits 2 with the API's message."""
    assert main([*ARGS, "--days", "1", *extra]) == 2
    assert message in capsys.readouterr().err
