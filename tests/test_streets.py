"""Tests of ``streets.json``: loading, the street-level graph and every fault listed at once.

The fixture ``tests/data/streets/streets.json`` gives the tiny instance one street node
in Măng Đen (0.5 km from the road node, the town site 0.5 km from it); each fault is a
small edit of it, named in the parameter table.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tourlink.exceptions import DataError, DataProblem
from tourlink.network import Network
from tourlink.read import load_dataset
from tourlink.routing import route

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny"
STREETS = DATA / "streets" / "streets.json"
Edit = Callable[[dict[str, Any]], None]


def _folder(tmp: Path, edit: Edit | None = None) -> Path:
    for name in ("sites.json", "roads.json"):
        shutil.copy(TINY / name, tmp / name)
    doc = json.loads(STREETS.read_text("utf-8"))
    if edit is not None:
        edit(doc)
    (tmp / "streets.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return tmp


def _problems(folder: Path) -> list[DataProblem]:
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    return list(caught.value.problems)


def _town(doc: dict[str, Any]) -> dict[str, Any]:
    town: dict[str, Any] = doc["towns"][0]
    return town


def test_fixture_loads_and_the_site_hangs_off_its_street_node(tmp_path: Path) -> None:
    """Tests that an attached site leaves its access road for the street node (1 + 0.5 km)."""
    net = Network(load_dataset(_folder(tmp_path)))
    assert net.G.nodes["s-md-centre"]["kind"] == "street"
    assert not net.G.has_edge("mang-den", "n-mang-den")
    r = route("mang-den", "n-mang-den", network=net)
    assert r.nodes == ("mang-den", "s-md-centre", "n-mang-den")
    assert r.km == pytest.approx(1.0)
    assert net.G["mang-den"]["s-md-centre"]["minutes_walk"] == pytest.approx(7.5)  # 4 km/h


def test_without_the_file_nothing_changes(tiny: Network) -> None:
    """Tests that a folder without ``streets.json`` has no streets and keeps its access roads."""
    assert tiny.dataset.streets.towns == {} and tiny.dataset.streets.walking is None
    assert tiny.G.has_edge("mang-den", "n-mang-den")


def _set(path: str, value: Any) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        *head, last = path.split(".")
        target: Any = doc
        for key in head:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value

    return edit


def _append(section: str, record: dict[str, Any]) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        _town(doc)[section].append(record)

    return edit


_LONE = {
    "id": "s-md-lone",
    "name": "A street point joined to nothing",
    "street": "Đường số 2",
    "lat": 14.604,
    "lon": 108.273,
    "country": "VN",
    "sources": ["https://www.openstreetmap.org/"],
}

FAULTS: list[tuple[str, Edit, tuple[str, str, str]]] = [
    (
        "segment_to_unknown_node",
        _set("towns.0.segments.0.from", "n-nowhere"),
        ("st-md-1", "from", "a street node of mang-den or a road node"),
    ),
    (
        "segment_shorter_than_geodesic",
        _set("towns.0.segments.0.km", 0.1),
        ("st-md-1", "km", "at least the geodesic"),
    ),
    (
        "attachment_to_unknown_site",
        _set("towns.0.attach.0.site", "no-such-site"),
        ("attach:no-such-site", "site", "the id of a site in sites.json"),
    ),
    (
        "attachment_too_far",
        _set("towns.0.nodes.0.lat", 14.7),
        ("attach:mang-den", "node", "a street node at most 1 km from the site"),
    ),
    (
        "street_node_cut_off",
        _append("nodes", _LONE),
        ("s-md-lone", "connectivity", "street segments joining them to a road node"),
    ),
    (
        "class_without_speed",
        _set("towns.0.segments.0.class", "urban"),
        ("st-md-1", "class urban", "a class with a speed for 'car'"),
    ),
    (
        "walking_too_fast",
        _set("walking.kmh", 12),
        ("-", "walking.kmh", "maximum 7"),
    ),
    (
        "street_node_country_of_another_town",
        _set("towns.0.nodes.0.country", "LA"),
        ("s-md-centre", "country", "VN, its town's"),
    ),
]


@pytest.mark.parametrize(("fault", "edit", "want"), FAULTS, ids=[f[0] for f in FAULTS])
def test_each_fault_is_named(
    tmp_path: Path, fault: str, edit: Edit, want: tuple[str, str, str]
) -> None:
    """Tests that a fault of streets.json names the file, the record, the field and the rule."""
    found = _problems(_folder(tmp_path, edit))
    record, field, expected = want
    matching = [
        p
        for p in found
        if p.file == "streets.json"
        and p.record == record
        and p.field == field
        and expected in p.expected
    ]
    assert matching, f"{fault}: {[str(p) for p in found]}"


def test_duplicate_street_node_id_is_refused(tmp_path: Path) -> None:
    """Tests that two street nodes may not share an id."""

    def clash(doc: dict[str, Any]) -> None:
        _append("nodes", {**_LONE, "id": "s-md-centre"})(doc)
        _append("segments", {**_town(doc)["segments"][0], "id": "st-md-2", "to": "s-md-centre"})(
            doc
        )

    found = _problems(_folder(tmp_path, clash))
    assert any(p.record == "s-md-centre" and p.field == "id" for p in found)


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    """Tests that several faults in streets.json come in one DataError, with no other file's."""

    def three(doc: dict[str, Any]) -> None:
        for _, edit, _ in (FAULTS[0], FAULTS[2], FAULTS[4]):
            edit(doc)

    found = _problems(_folder(tmp_path, three))
    fields = {(p.record, p.field) for p in found}
    assert {("st-md-1", "from"), ("attach:no-such-site", "site")} <= fields
    assert ("s-md-lone", "connectivity") in fields
    assert {p.file for p in found} == {"streets.json"}


def test_not_json_is_a_problem(tmp_path: Path) -> None:
    """Tests that a broken streets.json is a problem of that file, not a traceback."""
    folder = _folder(tmp_path)
    (folder / "streets.json").write_text("{not json", "utf-8")
    (problem,) = _problems(folder)
    assert problem.file == "streets.json"


def test_shipped_streets_are_sourced_and_flag_their_estimates(real: Network) -> None:
    """Tests that every shipped street node has a source and each estimate a flagged text."""
    streets = real.dataset.streets
    assert {"kon-tum", "mang-den", "pakse"} <= set(streets.towns)
    for town in streets.towns.values():
        for node in town.nodes:
            assert node.sources, node.id
            osm = any("openstreetmap.org/" in s for s in node.sources)
            assert osm or node.id in town.assumptions, f"{node.id}: estimate not flagged"
