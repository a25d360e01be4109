"""Tests of the catalogue rules of tourlink.read: versions, retirements, winding, Lao script."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BAD, REPO_DATA, TINY

from tourlink.exceptions import DataError
from tourlink.itinerary import TripRequest
from tourlink.network import Network
from tourlink.planner.plan import PlanParams, plan
from tourlink.read import UNVERSIONED, load_dataset

Doc = dict[str, Any]
SOURCE = ["https://example.org/published-road-length"]
RETIRED = {
    "since": "2022-02-15",
    "reason": "the waterfall was dammed",
    "sources": ["https://example.org/news"],
}


def folder(tmp: Path, edit: Callable[[Doc, Doc], None] | None = None) -> Path:
    """Return a copy of the tiny instance in ``tmp``, with ``edit(sites, roads)`` applied."""
    sites = json.loads((TINY / "sites.json").read_text("utf-8"))
    roads = json.loads((TINY / "roads.json").read_text("utf-8"))
    if edit is not None:
        edit(sites, roads)
    (tmp / "sites.json").write_text(json.dumps(sites, ensure_ascii=False), "utf-8")
    (tmp / "roads.json").write_text(json.dumps(roads, ensure_ascii=False), "utf-8")
    return tmp


def long_road(roads: Doc, winding: Doc | None) -> None:
    """Swap in the too-long r18b-01 of the bad file, with ``winding`` when given."""
    bad = json.loads((BAD / "road_longer_than_detour_limit.json").read_text("utf-8"))
    seg = next(s for s in bad["segments"] if s["id"] == "r18b-01")
    if winding is not None:
        seg["winding"] = winding
    roads["segments"] = [seg if s["id"] == "r18b-01" else s for s in roads["segments"]]


def problems(path: Path) -> list[tuple[str, str, str]]:
    """Return (record, field, expected) of every problem loading ``path``."""
    with pytest.raises(DataError) as info:
        load_dataset(path)
    return [(p.record, p.field, p.expected) for p in info.value.problems]


def test_folder_without_version_file_is_unversioned(tmp_path: Path) -> None:
    """Tests that a folder without dataset.json loads with the version 'unversioned'."""
    ds = load_dataset(folder(tmp_path))
    assert ds.version == UNVERSIONED
    assert len(ds.fingerprint) == 16


def test_version_is_read_and_fingerprint_follows_edits(tmp_path: Path) -> None:
    """Tests that dataset.json sets the version and any edit changes the fingerprint."""
    path = folder(tmp_path)
    doc = {"format": "tourlink-dataset/1", "version": "3.1", "date": "2026-12-01"}
    (path / "dataset.json").write_text(json.dumps(doc), "utf-8")
    before = load_dataset(path)
    assert before.version == "3.1"
    folder(tmp_path, lambda s, r: s["sites"][0].update(visit_minutes=46))
    after = load_dataset(path)
    assert after.version == "3.1" and after.fingerprint != before.fingerprint


def test_fingerprint_follows_an_edit_of_streets_json(tmp_path: Path) -> None:
    """Tests that an edit of streets.json alone changes the data fingerprint."""
    path = tmp_path / "data"
    shutil.copytree(REPO_DATA, path)
    before = load_dataset(path)
    doc = json.loads((path / "streets.json").read_text("utf-8"))
    doc["walking"]["kmh"] = 3.5
    (path / "streets.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    after = load_dataset(path)
    assert after.streets.walking.kmh == 3.5
    assert after.version == before.version and after.fingerprint != before.fingerprint


def test_bad_version_file_is_a_problem(tmp_path: Path) -> None:
    """Tests that a dataset.json with a malformed version is refused, naming the field."""
    path = folder(tmp_path)
    doc = {"format": "tourlink-dataset/1", "version": "two", "date": "2026-12-01"}
    (path / "dataset.json").write_text(json.dumps(doc), "utf-8")
    found = problems(path)
    assert any(f == "version" and "matching" in e for _, f, e in found), found


def test_winding_exception_admits_a_sourced_long_road(tmp_path: Path) -> None:
    """Tests that a road over 2.5 × its geodesic loads when a sourced winding allows it."""
    winding = {"max_factor": 6.0, "reason": "hairpins up the plateau", "sources": SOURCE}
    ds = load_dataset(folder(tmp_path, lambda s, r: long_road(r, winding)))
    seg = next(s for s in ds.segments if s.id == "r18b-01")
    assert seg.km == 250 and seg.winding is not None and seg.winding.sources == tuple(SOURCE)


def test_without_winding_the_ceiling_still_holds(tmp_path: Path) -> None:
    """Tests that the same long road without the exception is still refused."""
    found = problems(folder(tmp_path, lambda s, r: long_road(r, None)))
    assert any(rec == "r18b-01" and f == "km" and "at most 2.5" in e for rec, f, e in found)


def test_winding_exception_has_its_own_ceiling(tmp_path: Path) -> None:
    """Tests that a road longer than its winding max_factor allows is refused."""
    winding = {"max_factor": 3.0, "reason": "hairpins", "sources": SOURCE}
    found = problems(folder(tmp_path, lambda s, r: long_road(r, winding)))
    assert any(rec == "r18b-01" and "winding.max_factor 3.0" in e for rec, _, e in found)


def test_needless_winding_exception_is_refused(tmp_path: Path) -> None:
    """Tests that an exception on a road within the ordinary ceiling is reported."""

    def edit(sites: Doc, roads: Doc) -> None:
        roads["segments"][0]["winding"] = {"max_factor": 4, "reason": "x", "sources": SOURCE}

    found = problems(folder(tmp_path, edit))
    assert [f for _, f, e in found if "no winding exception" in e] == ["winding"]


def test_winding_without_sources_is_refused(tmp_path: Path) -> None:
    """Tests that an exception without sources fails the schema."""
    winding = {"max_factor": 6.0, "reason": "hairpins", "sources": []}
    found = problems(folder(tmp_path, lambda s, r: long_road(r, winding)))
    assert any(rec == "r18b-01" and f == "winding.sources" for rec, f, _ in found), found


@pytest.mark.parametrize("text", ["Attapeu", "ອັດຕະປື (Attapeu)", "Ðắk"])
def test_name_lo_must_be_lao_script(text: str, tmp_path: Path) -> None:
    """Tests that a name_lo with Latin letters or without Lao letters is refused."""
    found = problems(folder(tmp_path, lambda s, r: s["sites"][4].update(name_lo=text)))
    assert [(rec, f) for rec, f, e in found if "Lao script" in e] == [("attapeu-town", "name_lo")]


def test_lao_description_loads(tmp_path: Path) -> None:
    """Tests that Lao text in name_lo and description_lo is accepted and kept."""
    edit = {"name_lo": "ເມືອງສາມັກຄີໄຊ", "description_lo": "ເມືອງເອກ ແຂວງອັດຕະປື."}
    ds = load_dataset(folder(tmp_path, lambda s, r: s["sites"][4].update(edit)))
    assert ds.sites["attapeu-town"].description_lo == edit["description_lo"]


def retire_waterfall(tmp: Path) -> Network:
    """Return the tiny network with pa-sy-waterfall retired."""
    path = folder(tmp, lambda s, r: s["sites"][2].update(retired=RETIRED))
    return Network(load_dataset(path))


def test_retired_site_stays_but_is_not_listed(tmp_path: Path) -> None:
    """Tests that a retired site still resolves by id but find_sites leaves it out."""
    net = retire_waterfall(tmp_path)
    site = net.site("pa-sy-waterfall")
    assert site.is_retired and site.retired is not None
    assert site.retired.since == dt.date(2022, 2, 15)
    assert "pa-sy-waterfall" not in {s.id for s in net.find_sites()}
    assert "pa-sy-waterfall" in {s.id for s in net.find_sites(retired=True)}


def test_retired_site_is_never_planned(tmp_path: Path) -> None:
    """Tests that a must-visit retired site is not planned and the warning says why."""
    net = retire_waterfall(tmp_path)
    req = TripRequest(
        "mang-den", dt.date(2026, 3, 3), 1, must_visit=("pa-sy-waterfall",), mode="car"
    )
    trip = plan(req, network=net, params=PlanParams(max_iterations=60))
    assert "pa-sy-waterfall" not in trip.visited
    assert any("the waterfall was dammed" in str(w) for w in trip.warnings), trip.warnings


def test_retirement_needs_a_source(tmp_path: Path) -> None:
    """Tests that a retired record without sources is refused by the schema."""
    gone = {**RETIRED, "sources": []}
    found = problems(folder(tmp_path, lambda s, r: s["sites"][2].update(retired=gone)))
    assert ("pa-sy-waterfall", "retired.sources") in {(rec, f) for rec, f, _ in found}


def test_lodging_and_eating_load(tmp_path: Path) -> None:
    """Tests that lodging, eating, best season and limits load into the site."""
    extra = {
        "lodging": [{"name": "Hotel A", "kind": "hotel", "rooms": 40, "sources": SOURCE}],
        "eating": [{"name": "Quán B", "kind": "restaurant", "sources": SOURCE}],
        "best_season": "Nov–Apr",
        "not_suitable_for": ["a 40-seat coach group"],
    }
    ds = load_dataset(folder(tmp_path, lambda s, r: s["sites"][1].update(extra)))
    town = ds.sites["mang-den"]
    assert town.lodging[0].rooms == 40 and town.eating[0].kind == "restaurant"
    assert town.best_season == "Nov–Apr" and town.not_suitable_for == ("a 40-seat coach group",)


def test_unknown_lodging_kind_is_refused(tmp_path: Path) -> None:
    """Tests that a lodging kind outside the vocabulary is refused, naming the field."""
    bad = {"lodging": [{"name": "Tent", "kind": "tent", "sources": SOURCE}]}
    found = problems(folder(tmp_path, lambda s, r: s["sites"][1].update(bad)))
    assert ("mang-den", "lodging.0.kind") in {(rec, f) for rec, f, _ in found}


def test_copy_of_shipped_version_file_is_valid(tmp_path: Path) -> None:
    """Tests that the shipped dataset.json passes its schema next to other data."""
    path = folder(tmp_path)
    shutil.copy(Path(__file__).parents[1] / "data" / "dataset.json", path / "dataset.json")
    assert load_dataset(path).version != UNVERSIONED


@pytest.mark.parametrize(("text", "ok"), [("ເສັ້ນທາງ 18B ໄປຫວຽດນາມ", True), ("Road 18B", False)])
def test_lao_description_may_quote_a_road_number(text: str, ok: bool, tmp_path: Path) -> None:
    """Tests that a Lao description may carry a road number but must be mostly Lao."""
    path = folder(tmp_path, lambda s, r: s["sites"][4].update(description_lo=text))
    if ok:
        assert load_dataset(path).sites["attapeu-town"].description_lo == text
    else:
        assert ("attapeu-town", "description_lo") in {(r, f) for r, f, _ in problems(path)}
