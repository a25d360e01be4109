"""Tests of :mod:`tourlink.read`: loading, validation, caching."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import MappingProxyType

import pytest
from conftest import BAD, TINY, bad_copy

from tourlink.exceptions import DataError
from tourlink.read import default_data_dir, load_dataset, load_network

# (bad file, problem record, field, words in the expected text)
REJECTIONS = [
    ("road_to_unknown_node.json", "ql40-01", "to", "road node"),
    ("duplicate_site_id.json", "mang-den", "id", "unique across sites and road nodes"),
    ("road_shorter_than_geodesic.json", "ql14-01", "km", "at least the geodesic"),
    ("road_longer_than_detour_limit.json", "r18b-01", "km", "at most 2.5"),
    ("site_far_from_road_node.json", "access:attapeu-town", "node", "at most 30 km"),
    ("site_without_access.json", "plei-kan", "access", "an access entry"),
    ("disconnected_network.json", "mang-den", "connectivity", "one connected network"),
    ("invalid_opening_hours.json", "pa-sy-waterfall", "opening_hours", "opening_hours syntax"),
    ("unknown_zone.json", "mang-den", "zone", "one of kon-tum-city"),
    ("unknown_category.json", "mang-den", "categories.1", "one of culture"),
    ("unknown_mode.json", "ql14-02", "modes.1", "one of car, motorbike, coach"),
    ("timezone_not_of_country.json", "attapeu-town", "timezone", "Asia/Vientiane"),
    ("missing_speed.json", "alt-01", "speeds.kmh.provincial.car", "a speed for class"),
    ("closure_ends_before_start.json", "bo-y-phou-keua", "(record)", "consistent record"),
    ("not_json.json", "-", "line 2, column 1", "a value (valid JSON)"),
]


def test_tiny_instance_loads_completely() -> None:
    """Tests that the tiny instance loads with every record and read-only mappings."""
    ds = load_dataset(TINY)
    assert len(ds.sites) == 5 and len(ds.nodes) == 8 and len(ds.segments) == 7
    assert set(ds.access) == set(ds.sites)
    assert isinstance(ds.sites, MappingProxyType)
    assert ds.crossings["bo-y-phou-keua"].closures[0].assumed
    assert ds.speeds.pass_factor == 0.5


@pytest.mark.parametrize(("name", "record", "field", "expected"), REJECTIONS)
def test_loader_rejects_each_bad_file(
    name: str, record: str, field: str, expected: str, tmp_path: Path
) -> None:
    """Tests that each bad file is refused with a problem naming record, field and rule."""
    with pytest.raises(DataError) as info:
        load_dataset(bad_copy(name, tmp_path))
    hits = [p for p in info.value.problems if p.record == record and p.field == field]
    assert hits, info.value.problems
    assert expected in hits[0].expected


def test_every_bad_file_is_in_the_table() -> None:
    """Tests that no bad-input file is left untested."""
    routes_files = {"route_stop_unknown_site.json"}  # tests/test_tours.py
    tested = {row[0] for row in REJECTIONS} | {"three_faults.json"} | routes_files
    assert {p.name for p in BAD.glob("*.json")} == tested


def test_all_problems_are_collected_at_once(tmp_path: Path) -> None:
    """Tests that one DataError lists every independent fault of a file."""
    with pytest.raises(DataError, match="3 problems found") as info:
        load_dataset(bad_copy("three_faults.json", tmp_path))
    fields = {(p.record, p.field) for p in info.value.problems}
    assert fields == {("ql14-02", "road"), ("ql14-01", "km"), ("ql40-01", "to")}


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    """Tests that a folder without the files is refused naming both files."""
    with pytest.raises(DataError) as info:
        load_dataset(tmp_path)
    assert {p.file for p in info.value.problems} == {"sites.json", "roads.json"}


def test_extra_files_are_ignored(tmp_path: Path) -> None:
    """Tests that unknown files such as routes.json do not disturb loading."""
    folder = bad_copy("three_faults.json", tmp_path)
    (folder / "roads.json").write_text((TINY / "roads.json").read_text("utf-8"), "utf-8")
    (folder / "routes.json").write_text("not even json", "utf-8")
    assert len(load_dataset(folder).sites) == 5


def test_load_network_is_cached_per_path() -> None:
    """Tests that the same folder, however spelled, gives the very same Network."""
    first = load_network(TINY)
    assert load_network(str(TINY)) is first
    assert load_network(TINY / ".." / "tiny") is first


def test_default_data_dir_is_the_shipped_data() -> None:
    """Tests that the default folder holds the shipped data README and sites."""
    folder = default_data_dir()
    assert (folder / "README.md").exists()
    assert (folder / "sites.json").exists()


def test_json_syntax_error_names_line_column_and_expectation(tmp_path: Path) -> None:
    """Tests that a JSON syntax error is one problem with line, column, text and expectation."""
    folder = bad_copy("unknown_zone.json", tmp_path)
    text = (TINY / "sites.json").read_text("utf-8").replace('"zone"', '"zone" "x"', 1)
    (folder / "sites.json").write_text(text, "utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    (problem,) = info.value.problems
    line = text[: text.index('"zone" "x"')].count("\n") + 1
    assert (problem.file, problem.record) == ("sites.json", "-")
    assert problem.field.startswith(f"line {line}, column ")
    assert '"zone" "x"' in problem.value
    assert problem.expected == "':' delimiter (valid JSON)"


def test_file_not_utf8_names_the_byte(tmp_path: Path) -> None:
    """Tests that a file that is not UTF-8 is refused naming the first bad byte."""
    folder = bad_copy("unknown_zone.json", tmp_path)
    shutil.copy(TINY / "sites.json", folder / "sites.json")
    (folder / "roads.json").write_bytes(b'{"format": "\xff"}')
    with pytest.raises(
        DataError,
        match=r"1 problem found:\n  - roads.json: -: byte 12 = 'ff': "
        r"expected valid UTF-8 text$",
    ):
        load_dataset(folder)
