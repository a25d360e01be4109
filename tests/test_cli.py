"""Tests of :mod:`tourlink.cli`: the command-line contract."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from conftest import TINY, bad_copy

from tourlink.cli import build_parser, main

CHURCH, ATTAPEU = "kon-tum-wooden-church", "attapeu-town"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--data", str(TINY), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_route_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that `route --json` prints one object whose km/minutes are the totals."""
    code, out, _ = run(capsys, "route", CHURCH, ATTAPEU, "--json")
    doc = json.loads(out)
    assert code == 0
    assert (doc["km"], doc["minutes"]) == (189.0, 226.0)
    assert {"legs", "geometry", "roads", "crossings", "warnings", "depart", "arrive"} <= set(doc)
    assert doc["crossings"][0]["id"] == "bo-y-phou-keua"
    assert doc["crossings"][0]["traveller_documents"] == ["passport valid 6 months"]


def test_route_json_with_alternatives(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that alternatives go under "alternatives" and the top level stays the best."""
    code, out, _ = run(capsys, "route", CHURCH, "plei-kan", "--alternatives", "3", "--json")
    doc = json.loads(out)
    assert code == 0 and (doc["km"], doc["minutes"]) == (62.0, 64.0)
    assert [a["km"] for a in doc["alternatives"]] == [80.0]


def test_route_json_with_departure(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that --depart gives local depart/arrive times and the gate wait."""
    code, out, _ = run(capsys, "route", CHURCH, ATTAPEU, "--depart", "2026-03-02T04:00",
                       "--json")
    doc = json.loads(out)
    assert code == 0
    assert doc["depart"] == "2026-03-02T04:00:00+07:00"
    assert doc["arrive"] == "2026-03-02T09:26:00+07:00"
    assert doc["crossings"][0]["waited_minutes"] == 100.0


def test_route_table(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that the default output is a readable table with totals and warnings."""
    code, out, _ = run(capsys, "route", CHURCH, ATTAPEU)
    assert code == 0
    assert "189.0 km, 3 h 46 min" in out
    assert "QL40" in out and "warning: Bờ Y – Phou Keua gate hours assumed" in out


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["route", CHURCH, "atapeu-town"], 2, "did you mean 'attapeu-town'?"),
        (["route", CHURCH, ATTAPEU, "--mode", "bus"], 2, "mode must be one of car"),
        (["route", "pa-sy-waterfall", CHURCH, "--mode", "coach"], 1, "closed to coaches"),
        (["show", "pa-sy-falls"], 2, "did you mean 'pa-sy-waterfall'?"),
        (["matrix"], 2, "at least one ID"),
    ],
)
def test_errors_go_to_stderr_with_exit_code(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    """Tests exit code 2 for bad input, 1 for no route, and one clear sentence on stderr."""
    got, out, err = run(capsys, *argv)
    assert got == code and out == ""
    assert message in err and err.startswith("tourlink: error: ")
    assert len(err.strip().splitlines()) == 2  # the error, then what to do next


def test_sites_search_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that `sites --search` ignores diacritics and --json lists site objects."""
    code, out, _ = run(capsys, "sites", "--search", "mang den", "--json")
    assert code == 0 and [s["id"] for s in json.loads(out)] == ["mang-den"]
    code, out, _ = run(capsys, "sites", "--zone", "mang-den")
    assert "pa-sy-waterfall" in out and "2 site(s)" in out


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that `show` prints a place with its opening hours in words."""
    code, out, _ = run(capsys, "show", "pa-sy-waterfall")
    assert code == 0 and "Thác Pa Sỹ" in out and "every day 07:00–17:00" in out


def test_matrix_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that `matrix --json` gives minutes, km and the crossings of each pair."""
    code, out, _ = run(capsys, "matrix", CHURCH, ATTAPEU, "--json")
    doc = json.loads(out)
    assert code == 0
    assert doc["minutes"] == [[0.0, 226.0], [226.0, 0.0]]
    assert doc["crossings"][0][1] == ["bo-y-phou-keua"]


def test_check_data_ok(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that check-data exits 0 on sound data."""
    assert main(["check-data", str(TINY)]) == 0
    assert capsys.readouterr().out.startswith("OK: 5 sites")


def test_check_data_lists_every_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Tests that check-data exits 2 listing each problem of a bad file."""
    folder = bad_copy("three_faults.json", tmp_path)
    assert main(["check-data", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "3 problem(s)" in err
    for needle in ("ql14-02: road", "ql14-01: km", "ql40-01: to"):
        assert needle in err


def test_shipped_data_passes_check_data(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that the shipped data passes check-data (once data/roads.json exists)."""
    from tourlink.read import default_data_dir

    if not (default_data_dir() / "roads.json").exists():
        pytest.skip("data/roads.json is not there yet")
    code = main(["check-data"])
    assert code == 0, capsys.readouterr().err


def test_parser_is_extensible() -> None:
    """Tests that extra sub-commands can be added to the parser by a registrar."""
    def add_probe(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        sub.add_parser("probe-extension").set_defaults(handler=lambda args: 7)

    args = build_parser(extra=[add_probe]).parse_args(["probe-extension"])
    assert args.handler(args) == 7
    with pytest.raises(SystemExit):
        build_parser().parse_args(["probe-extension"])
