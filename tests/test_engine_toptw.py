"""Tests of tourlink.engine.toptw: benchmark file reading and the distance convention."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import pytest
from shared_files import toptw_root

from tourlink.engine.toptw import (
    Instance,
    Vertex,
    instance_paths,
    read_bks,
    read_instance,
    read_optimal_routes,
    read_reference,
)
from tourlink.exceptions import DataError

TINY = (
    "2 \r\n4 2 1 0 700\r\n"
    " 0 0.00 0.00 0.00 0.00 0 0 0 100  \r\n"
    " 1 3.00 4.00 10.00 7.00 1 1 1 5 60   \r\n"
    " 2 1.00 1.00 10.00 9.00 1 2 1 2 0 80\r\n\r\n"
)


def test_tiny_file_with_crlf_broken_header_and_trailing_blanks(tmp_path: Path) -> None:
    """Tests that the robust parsing rule reads a file with every known quirk."""
    path = tmp_path / "c999.txt"
    path.write_bytes(TINY.encode("ascii"))
    instance = read_instance(path)
    assert [v.id for v in instance.vertices] == [0, 1, 2]
    assert instance.vertices[2].score == 9
    assert (instance.vertices[2].open, instance.vertices[2].close) == (Decimal(0), Decimal(80))
    problem = instance.to_problem(2)
    assert problem.travel[0][1] == 50  # 5.0 exactly, in tenths
    assert problem.travel[0][2] == 14  # sqrt 2 = 1.414… truncated to 1.4
    assert problem.windows[1] == ((50, 600),) and problem.durations[1] == 100
    assert problem.tours[1].latest_arrival == 1000 and problem.num_tours == 2


def test_file_whose_header_disagrees_with_its_rows_is_refused(tmp_path: Path) -> None:
    """Tests that a customer count that does not match the vertex rows raises DataError."""
    path = tmp_path / "c998.txt"
    path.write_text(TINY.replace("4 2 1 0", "4 5 1 0"), encoding="ascii")
    with pytest.raises(DataError, match=r"header: N = 2 4 5 1 0 700: expected a customer count"):
        read_instance(path)


@pytest.mark.parametrize(
    ("a", "b", "floor1", "ceil2"),
    [
        (("0", "0"), ("3", "4"), 50, 500),  # exact: no rounding either way
        (("0", "0"), ("1", "1"), 14, 142),  # 1.41421…
        (("-10.442", "19.999"), ("-29.730", "64.136"), 481, 4817),  # pr01 0→1: 48.1699…
    ],
)
def test_distance_convention_is_exact(
    a: tuple[str, str], b: tuple[str, str], floor1: int, ceil2: int
) -> None:
    """Tests truncation to 0.1 and rounding up to 0.01 on exact and irrational distances."""
    zero = Decimal(0)
    u = Vertex(0, Decimal(a[0]), Decimal(a[1]), zero, 0, zero, zero)
    v = Vertex(1, Decimal(b[0]), Decimal(b[1]), zero, 0, zero, zero)
    assert Instance("c1", (u, v), "floor1").distance(0, 1) == floor1
    assert Instance("pr1", (u, v), "ceil2").distance(1, 0) == ceil2


@pytest.mark.benchmark_data
def test_archive_quirks_are_read() -> None:
    """Tests pr01 (CRLF), c204 (broken header) and c106 (trailing empty line)."""
    root = toptw_root()
    pr01 = read_instance(root / "pr01_10" / "pr01.txt")
    assert len(pr01.vertices) == 49 and pr01.convention == "ceil2" and pr01.unit == 100
    assert pr01.vertices[0].x == Decimal("-10.442")
    c204 = read_instance(root / "c_r_rc_200_100" / "c204.txt")
    assert len(c204.vertices) == 101 and c204.vertices[0].close == 3390
    c106 = read_instance(root / "c_r_rc_100_100" / "c106.txt")
    assert len(c106.vertices) == 101 and c106.convention == "floor1"


@pytest.mark.benchmark_data
def test_every_benchmark_file_reads_and_matches_float_distances() -> None:
    """Tests all 105 files, and every pr01 distance against a float ceiling."""
    root = toptw_root()
    sets = ["c_r_rc_100_100", "c_r_rc_200_100", "pr01_10", "pr11_20", "c_r_rc_100_50"]
    paths = [p for s in sets for p in instance_paths(root, s)]
    assert len(paths) == 105
    for path in paths:
        assert len(read_instance(path).vertices) >= 49
    pr01 = read_instance(root / "pr01_10" / "pr01.txt")
    for i, u in enumerate(pr01.vertices):
        for j, v in enumerate(pr01.vertices):
            exact = math.hypot(float(u.x - v.x), float(u.y - v.y)) * 100
            assert pr01.distance(i, j) == math.ceil(exact - 1e-9)


@pytest.mark.benchmark_data
def test_csv_tables_are_read() -> None:
    """Tests the BKS, PyVRP reference and optimal-route tables."""
    root = toptw_root()
    bks = read_bks(root)
    assert len(bks) == 161 and bks[("c101", 1)] == 320
    assert len(read_reference(root)) == 304
    routes = read_optimal_routes(root)
    assert len(routes) == 27 and routes["c101"][1][:3] == (57, 63, 62)


def test_missing_set_folder_is_reported(tmp_path: Path) -> None:
    """Tests that an absent set folder raises FileNotFoundError naming it."""
    with pytest.raises(FileNotFoundError, match="pr99"):
        instance_paths(tmp_path, "pr99")
