"""Tests that kill the routing mutants an outside mutation run found surviving (issue 13 §7).

The tiny network has no one-way segment and no crossing closed to tourists, so the code
that honours both was never exercised. Each test here builds a copy of ``tests/data/tiny``
with one such fact and asserts what a correct router must do with it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tourlink.exceptions import NoRouteError
from tourlink.network import Network
from tourlink.read import load_dataset
from tourlink.routing import route

TINY = Path(__file__).parent / "data" / "tiny"

CHURCH, PLEI_KAN, ATTAPEU = "kon-tum-wooden-church", "plei-kan", "attapeu-town"


def _tiny_with(tmp_path: Path, change: Any) -> Network:
    """Return the tiny network with ``change(roads)`` applied to its roads.json."""
    for name in ("sites.json", "roads.json"):
        shutil.copy(TINY / name, tmp_path / name)
    roads = json.loads((tmp_path / "roads.json").read_text("utf-8"))
    change(roads)
    (tmp_path / "roads.json").write_text(json.dumps(roads, ensure_ascii=False), "utf-8")
    return Network(load_dataset(tmp_path))


def _one_way_ql14(roads: dict[str, Any]) -> None:
    segment = next(s for s in roads["segments"] if s["id"] == "ql14-01")
    assert (segment["from"], segment["to"]) == ("n-kon-tum", "n-dak-to")
    segment["oneway"] = True  # Kon Tum → Đắk Tô only


def _gate_closed(roads: dict[str, Any]) -> None:
    gate = roads["crossings"][0]
    gate["open_to_tourists"] = False
    gate["closed_reason"] = "fixture: open to local residents only"


def test_one_way_segment_is_driven_only_forwards(tmp_path: Path) -> None:
    """Tests that QL14 made one-way (Kon Tum → Đắk Tô) is used forwards, never backwards."""
    net = _tiny_with(tmp_path, _one_way_ql14)
    forwards = route(CHURCH, PLEI_KAN, mode="car", weight="km", network=net)
    backwards = route(PLEI_KAN, CHURCH, mode="car", weight="km", network=net)
    assert forwards.km == pytest.approx(1 + 42 + 18 + 1)  # straight down QL14
    assert backwards.km == pytest.approx(1 + 18 + 30 + 30 + 1)  # round by Sa Thầy
    assert "n-sa-thay" not in forwards.nodes and "n-sa-thay" in backwards.nodes


def test_one_way_leaves_coaches_no_way_back(tmp_path: Path) -> None:
    """Tests that coaches (barred from the Sa Thầy road) cannot return against the one-way."""
    net = _tiny_with(tmp_path, _one_way_ql14)
    assert route(CHURCH, PLEI_KAN, mode="coach", network=net).km == pytest.approx(62)
    with pytest.raises(NoRouteError):
        route(PLEI_KAN, CHURCH, mode="coach", network=net)


def test_gate_closed_to_tourists_is_never_crossed(tmp_path: Path) -> None:
    """Tests that a crossing closed to tourists closes the only way into Laos."""
    net = _tiny_with(tmp_path, _gate_closed)
    with pytest.raises(NoRouteError, match="every path crosses a border gate closed to tourists"):
        route(CHURCH, ATTAPEU, mode="car", network=net)
    assert route(CHURCH, PLEI_KAN, mode="car", network=net).km == pytest.approx(62)


def test_nearby_does_not_reach_across_a_closed_gate(tmp_path: Path) -> None:
    """Tests that 'nearby' distances treat a closed crossing as no road."""
    open_net = Network(load_dataset(TINY))
    closed_net = _tiny_with(tmp_path, _gate_closed)
    assert ATTAPEU in {s.id for s, _ in open_net.nearby(PLEI_KAN, km=500)}
    assert ATTAPEU not in {s.id for s, _ in closed_net.nearby(PLEI_KAN, km=500)}
