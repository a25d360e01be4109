"""Tests that corrupted data is refused at load, naming file, record, field and value (§4).

An outside audit tried 57 corrupted copies of ``data/``: three crashed ``check-data`` with a
traceback and eight were accepted. One test per class of fault, then a property test that
corrupts the tiny instance at random: it is refused with a ``DataError``, or it loads and
then routes and plans without any exception other than the library's own.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tourlink import cli
from tourlink.exceptions import DataError, DataProblem, TourlinkError
from tourlink.hours import parse
from tourlink.itinerary import TripRequest
from tourlink.network import Network
from tourlink.planner.plan import PlanParams, plan
from tourlink.read import load_dataset
from tourlink.routing import route

TINY = Path(__file__).parent / "data" / "tiny"


def _copy(tmp_path: Path) -> Path:
    for name in ("sites.json", "roads.json"):
        shutil.copy(TINY / name, tmp_path / name)
    return tmp_path


def _edit_text(folder: Path, name: str, edit: Callable[[str], str]) -> Path:
    path = folder / name
    path.write_text(edit(path.read_text("utf-8")), "utf-8")
    return folder


def _problems(folder: Path) -> list[DataProblem]:
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    str(caught.value).encode("utf-8")  # printable: no lone surrogate leaks into the message
    return list(caught.value.problems)


def _site_field(folder: Path, field: str, literal: str, site: str = "pa-sy-waterfall") -> Path:
    """Set ``field`` of ``site`` in sites.json to the JSON text ``literal``."""
    doc = json.loads((folder / "sites.json").read_text("utf-8"))
    record = next(s for s in doc["sites"] if s["id"] == site)
    record[field] = "@@VALUE@@"
    text = json.dumps(doc, ensure_ascii=False).replace('"@@VALUE@@"', literal)
    (folder / "sites.json").write_text(text, "utf-8")
    return folder


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"])
def test_non_finite_numbers_are_refused(tmp_path: Path, literal: str) -> None:
    """Tests that NaN, ±Infinity and overflowing numbers are refused naming record and field."""
    (problem,) = _problems(_site_field(_copy(tmp_path), "interest", literal))
    assert (problem.file, problem.record, problem.field) == (
        "sites.json",
        "pa-sy-waterfall",
        "interest",
    )
    assert problem.value == literal and "finite number" in problem.expected


@pytest.mark.parametrize("digits", [17, 400, 4301, 100_000])
def test_huge_integers_are_refused(tmp_path: Path, digits: int) -> None:
    """Tests that integers past ±(2**53 − 1), even of more than 4,300 digits, are refused."""
    (problem,) = _problems(_site_field(_copy(tmp_path), "visit_minutes", "9" * digits))
    assert (problem.record, problem.field) == ("pa-sy-waterfall", "visit_minutes")
    assert problem.value.startswith("9999") and "integer between" in problem.expected


def test_huge_exact_integer_is_refused_by_the_fields_range(tmp_path: Path) -> None:
    """Tests that 2**53 − 1 passes the reader and is refused by the field's maximum."""
    (problem,) = _problems(_site_field(_copy(tmp_path), "visit_minutes", str(2**53 - 1)))
    assert (problem.record, problem.field) == ("pa-sy-waterfall", "visit_minutes")
    assert problem.expected == "maximum 1440"


@pytest.mark.parametrize("depth", [40, 200_000])
def test_deep_nesting_is_refused(tmp_path: Path, depth: int) -> None:
    """Tests that arrays nested 40 (inside a record) or 200,000 levels deep are refused."""
    folder = _site_field(_copy(tmp_path), "categories", "[" * depth + "]" * depth)
    (problem,) = _problems(folder)
    assert problem.file == "sites.json" and "at most 32 levels" in problem.expected
    if depth == 40:
        assert problem.record == "pa-sy-waterfall" and problem.field.startswith("categories")
    else:  # too deep for the parser: the place in the file is named instead
        assert problem.field.startswith("line 1, column ")


def test_lone_surrogate_is_refused(tmp_path: Path) -> None:
    """Tests that a name holding a lone surrogate is refused with the value escaped."""
    (problem,) = _problems(_site_field(_copy(tmp_path), "name", '"Th\\udc00c Pa S\\u1ef9"'))
    assert (problem.record, problem.field) == ("pa-sy-waterfall", "name")
    assert "\\udc00" in problem.value and "lone surrogates" in problem.expected


def test_duplicate_key_is_refused(tmp_path: Path) -> None:
    """Tests that a key given twice in one object is refused, not silently overwritten."""
    folder = _site_field(_copy(tmp_path), "visit_minutes", '120, "visit_minutes": 5')
    (problem,) = _problems(folder)
    assert problem.field == "visit_minutes" and problem.expected == "each key once in an object"
    assert problem.record == "pa-sy-waterfall"


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_data_file_of_the_wrong_kind_is_refused(tmp_path: Path, kind: str) -> None:
    """Tests that sites.json being a folder or a named pipe is refused (and never blocks)."""
    folder = _copy(tmp_path)
    (folder / "sites.json").unlink()
    if kind == "folder":
        (folder / "sites.json").mkdir()
    else:
        os.mkfifo(folder / "sites.json")
    (problem,) = _problems(folder)
    assert (problem.file, problem.field) == ("sites.json", "file")
    assert problem.expected == "a regular file"


def test_every_faulty_file_is_reported_at_once(tmp_path: Path) -> None:
    """Tests that faults in sites.json and roads.json come in one DataError."""
    folder = _site_field(_copy(tmp_path), "interest", "NaN")
    _edit_text(folder, "roads.json", lambda t: t.replace('"km": 42', '"km": 42, "km": 43', 1))
    assert '"km": 43' in (folder / "roads.json").read_text("utf-8")
    assert {p.file for p in _problems(folder)} == {"sites.json", "roads.json"}


def test_crossing_countries_in_the_wrong_order_are_refused(tmp_path: Path) -> None:
    """Tests that a gate listing its countries against its from/to order is refused."""
    folder = _edit_text(
        _copy(tmp_path),
        "roads.json",
        lambda t: t.replace(
            '"countries": [\n    "VN",\n    "LA"\n   ]', '"countries": ["LA", "VN"]'
        ),
    )
    assert '["LA", "VN"]' in (folder / "roads.json").read_text("utf-8")
    (problem,) = _problems(folder)
    assert (problem.file, problem.record, problem.field) == (
        "roads.json",
        "bo-y-phou-keua",
        "countries",
    )
    assert "['VN', 'LA']" in problem.expected


def test_country_without_holiday_calendar_is_not_a_syntax_error() -> None:
    """Tests that hours of a Lao gate parse, and that only real syntax errors are reported."""
    assert parse("Mo-Su 07:00-17:00; PH off", "LA").is_open(dt.datetime(2026, 3, 3, 8, 0))
    with pytest.raises(TourlinkError, match="not valid OpenStreetMap opening_hours syntax"):
        parse("Mo-Sx 07:00-17:00", "LA")


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda f: _site_field(f, "interest", "NaN"),
        lambda f: _site_field(f, "visit_minutes", "9" * 5000),
        lambda f: _site_field(f, "categories", "[" * 100_000 + "]" * 100_000),
        lambda f: _site_field(f, "name", '"\\ud800"'),
    ],
    ids=["nan", "huge", "deep", "surrogate"],
)
def test_check_data_reports_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], corrupt: Callable[[Path], Path]
) -> None:
    """Tests that `tourlink check-data` lists the fault and exits 1, with no traceback."""
    folder = corrupt(_copy(tmp_path))
    assert cli.main(["--data", str(folder), "check-data"]) != 0
    err = capsys.readouterr().err
    assert "sites.json: " in err and "Traceback" not in err
    assert "pa-sy-waterfall" in err or "at most 32 levels" in err


# -- random corruption ------------------------------------------------------------------------

_DOCS = {
    name: json.loads((TINY / name).read_text("utf-8")) for name in ("sites.json", "roads.json")
}


def _paths(doc: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(doc, dict):
        for key, value in doc.items():
            out += _paths(value, (*path, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            out += _paths(value, (*path, index))
    return out


_REPLACEMENTS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["\ud800", "", "Mo-Su 25:00-26:00", "LA", "VN", "attapeu-town", "n-kon-tum"]),
    st.lists(st.integers(-3, 3), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.integers(1, 60).map(lambda n: _nested(n)),
)


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def _mutated(name: str, path: tuple[Any, ...], replacement: Any, delete: bool) -> str:
    doc = json.loads(json.dumps(_DOCS[name]))
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return json.dumps(doc)  # NaN and Infinity written as the literals the audit used


def _exercise(folder: Path) -> None:
    """Load ``folder``; if it loads, route across it and plan a day from a lodging site."""
    try:
        dataset = load_dataset(folder)
    except DataError as refused:
        str(refused).encode("utf-8")
        return
    network = Network(dataset)
    sites = list(network.sites)
    lodging = [s.id for s in network.sites.values() if s.overnight]
    try:
        route(sites[0], sites[-1], network=network, depart=dt.datetime(2026, 3, 3, 7, 0))
    except TourlinkError as answer:
        str(answer).encode("utf-8")
    if not lodging:
        return
    try:
        request = TripRequest(lodging[0], dt.date(2026, 3, 3), 2, interests={"nature": 2.0})
        plan(request, network=network, params=PlanParams(time_limit=0.02))
    except TourlinkError as answer:
        str(answer).encode("utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_corruption_is_refused_or_harmless(data: st.DataObject) -> None:
    """Tests that corrupted data is a DataError or loads and works without a crash."""
    name = data.draw(st.sampled_from(sorted(_DOCS)), label="file")
    path = data.draw(st.sampled_from(_paths(_DOCS[name])), label="path")
    delete = data.draw(st.booleans(), label="delete")
    replacement = None if delete else data.draw(_REPLACEMENTS, label="value")
    with tempfile.TemporaryDirectory() as tmp:
        folder = _copy(Path(tmp))
        (folder / name).write_text(_mutated(name, path, replacement, delete), "utf-8")
        _exercise(folder)
