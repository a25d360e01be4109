"""Tests that the connection search's answers stay exactly what they were (golden files).

The search is tuned for speed (route caches, re-timed paths, structural de-duplication
of messages); these tests pin its whole output on two real requests so that no such
change alters a single package, itinerary day, warning or rejection reason. The golden
files (gzipped JSON) were written by the code before the speed-ups; regenerate one only for a change
that is *meant* to alter answers, and say so in the commit::

    python -c "import tests.test_connect_golden as g; g.write()"
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from tourlink.connect import ConnectionQuery, Package, Rejection, Timetable, example_timetable
from tourlink.connect import search as connection_search
from tourlink.connect.timetable import many_example_tours
from tourlink.network import Network
from tourlink.planner.serialize import itinerary_to_dict

GOLDEN = Path(__file__).parent / "data" / "connect"
ZONES = frozenset({"kon-tum-city", "mang-den", "southern-laos"})


def many_tours(net: Network, count: int = 50, seed: int = 7) -> Timetable:
    """Return the benchmark's timetable (``bench/connect.py``: 50 tours, 3 a week each)."""
    return many_example_tours(net, count, seed)


CASES: dict[str, tuple[str, ConnectionQuery]] = {
    "example-danang-pakse-14d": (
        "example",
        ConnectionQuery("da-nang", dt.date(2026, 3, 2), 14, to="pakse", zones=ZONES),
    ),
    "bench-danang-pakse-14d": (
        "bench",
        ConnectionQuery("da-nang", dt.date(2026, 3, 2), 14, to="pakse", zones=ZONES),
    ),
    "bench-kontum-zones-10d": (
        "bench",
        ConnectionQuery(
            "kon-tum-city-centre",
            dt.date(2027, 2, 1),
            10,
            zones=frozenset({"southern-laos", "mang-den"}),
            limit=8,
        ),
    ),
}


def _transfer(t: Any) -> dict[str, Any] | None:
    if t is None:
        return None
    return {
        "origin": t.origin,
        "destination": t.destination,
        "leave": t.leave.isoformat() if t.leave else None,
        "arrive": t.arrive.isoformat() if t.arrive else None,
        "minutes": t.minutes,
        "km": t.km,
        "evening": t.evening,
        "crossings": list(t.crossings),
        "papers": list(t.papers),
        "warnings": [w.to_dict() for w in t.warnings],
    }


def _package(p: Package, net: Network) -> dict[str, Any]:
    assert p.itinerary is not None
    return {
        "key": [p.days, p.nights_in_transfer, p.transfer_minutes, str(p.price_from), *p.key[4]],
        "steps": [{"departure": d.id, "transfer": _transfer(t)} for t, d in p.steps],
        "final": _transfer(p.final),
        "crossings": list(p.crossings),
        "papers": list(p.papers(net)),
        "itinerary": itinerary_to_dict(p.itinerary, network=net),
    }


def answer(name: str, net: Network) -> dict[str, Any]:
    """Return the whole answer of case ``name`` as JSON data (packages and rejections)."""
    kind, query = CASES[name]
    table = example_timetable(net) if kind == "example" else many_tours(net)
    found, rejected = connection_search(table, query, network=net)
    return {
        "packages": [_package(p, net) for p in found],
        "rejections": [_rejection(r) for r in rejected],
    }


def _rejection(r: Rejection) -> dict[str, Any]:
    return {"departure": r.departure, "reason": r.reason.to_dict()}


def _normal(data: Any) -> Any:
    return json.loads(json.dumps(data, sort_keys=True, default=str))


def write() -> None:
    """Write the golden files from the current code (see the module docstring)."""
    from tourlink.read import load_network

    net = load_network()
    for name in CASES:
        data = _normal(answer(name, net))
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        (GOLDEN / f"{name}.json.gz").write_bytes(gzip.compress(text.encode(), mtime=0))


@pytest.mark.parametrize("name", sorted(CASES))
def test_search_answer_equals_golden(name: str, real: Network) -> None:
    """Tests that the packages, itineraries and rejection reasons equal the golden file."""
    expected = json.loads(gzip.decompress((GOLDEN / f"{name}.json.gz").read_bytes()))
    got = _normal(answer(name, real))
    assert len(got["packages"]) == len(expected["packages"]) > 0
    for k, (mine, theirs) in enumerate(zip(got["packages"], expected["packages"], strict=True)):
        assert mine == theirs, f"package {k + 1} differs"
    assert got["rejections"] == expected["rejections"]
