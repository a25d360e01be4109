"""Tests of ``tourlink routes import|export`` and the routes seeded by ``tourlink db upgrade``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tourlink.cli import main
from tourlink.read import load_network
from tourlink.tours import load_routes_file, load_tours

REPO_DATA = Path(__file__).resolve().parents[2] / "data"


def _run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_upgrade_seeds_once_and_export_round_trips(
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Tests that db upgrade seeds the shipped routes once and export gives them back."""
    monkeypatch.setenv("TOURLINK_DATABASE_URL", database_url)
    shipped = load_tours(REPO_DATA)
    code, out, _ = _run(capsys, monkeypatch, "db", "upgrade")
    assert code == 0 and f"stored the {len(shipped)} shipped published routes" in out
    code, out, _ = _run(capsys, monkeypatch, "db", "upgrade")
    assert code == 0 and "stored the" not in out
    target = tmp_path / "routes.json"
    code, out, _ = _run(capsys, monkeypatch, "routes", "export", str(target))
    assert code == 0 and f"wrote {len(shipped)} published route(s)" in out
    back = load_routes_file(target, network=load_network())
    assert sorted(back, key=lambda t: t.id) == sorted(shipped, key=lambda t: t.id)


def test_import_adds_new_routes_and_keeps_existing(
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Tests that import stores a new route as published and leaves a known one alone."""
    monkeypatch.setenv("TOURLINK_DATABASE_URL", database_url)
    assert _run(capsys, monkeypatch, "db", "upgrade")[0] == 0
    doc = json.loads((REPO_DATA / "routes.json").read_text(encoding="utf-8"))
    new = dict(doc["routes"][0], id="kon-tum-city-day-short")
    new["stops"] = doc["routes"][0]["stops"][:3] + doc["routes"][0]["stops"][-1:]
    source = tmp_path / "routes.json"
    source.write_text(
        json.dumps({"format": doc["format"], "routes": [doc["routes"][1], new]}), encoding="utf-8"
    )
    code, out, _ = _run(capsys, monkeypatch, "routes", "import", str(source))
    assert code == 0
    assert "imported 1 route(s) as published: kon-tum-city-day-short." in out
    assert f"left unchanged: {doc['routes'][1]['id']}" in out
    code, out, _ = _run(capsys, monkeypatch, "routes", "export")
    assert code == 0 and "kon-tum-city-day-short" in {r["id"] for r in json.loads(out)["routes"]}


def test_import_of_a_bad_file_lists_every_problem(
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Tests that a file naming unknown sites is refused, naming each, and nothing is stored."""
    monkeypatch.setenv("TOURLINK_DATABASE_URL", database_url)
    assert _run(capsys, monkeypatch, "db", "upgrade")[0] == 0
    doc = json.loads((REPO_DATA / "routes.json").read_text(encoding="utf-8"))
    bad = dict(doc["routes"][0], id="bad-route")
    bad["stops"] = [{"site": "atlantis", "day": 1}, {"site": "el-dorado", "day": 1}]
    source = tmp_path / "routes.json"
    source.write_text(json.dumps({"format": doc["format"], "routes": [bad]}), encoding="utf-8")
    code, _, err = _run(capsys, monkeypatch, "routes", "import", str(source))
    assert code != 0 and "atlantis" in err and "el-dorado" in err
    _, out, _ = _run(capsys, monkeypatch, "routes", "export")
    assert "bad-route" not in out
