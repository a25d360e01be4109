"""Tests of the shipped catalogue: its version and changelog, retired sites, audit fixes."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from conftest import REPO_DATA
from geopy.distance import geodesic

from tourlink.itinerary import TripRequest
from tourlink.network import Network
from tourlink.planner.build import make_context
from tourlink.planner.day import is_sight, lunch_places
from tourlink.planner.hotels import feasible_pair
from tourlink.routing import route
from tourlink.tours import load_tours

LAO = re.compile("[\u0e80-\u0eff]")


def test_version_is_the_newest_changelog_entry(real: Network) -> None:
    """Tests that the data version is the first version heading of data/CHANGELOG.md."""
    text = (REPO_DATA / "CHANGELOG.md").read_text("utf-8")
    headings = re.findall(r"^## ([0-9]+\.[0-9]+) — ([0-9-]+)", text, flags=re.M)
    assert headings, "CHANGELOG.md has no '## X.Y — date' heading"
    doc = json.loads((REPO_DATA / "dataset.json").read_text("utf-8"))
    assert (real.dataset.version, doc["date"]) == headings[0]


def test_dolphin_point_is_retired_with_sources(real: Network) -> None:
    """Tests that the extinct-dolphin boat trip is retired, with its date and sources."""
    site = real.site("don-khon-dolphin-viewing")
    assert site.retired is not None and site.retired.since.isoformat() == "2022-02-15"
    assert any("laotiantimes" in s for s in site.retired.sources)
    assert site.id not in {s.id for s in real.find_sites()}


def test_no_published_route_uses_a_retired_site(real: Network) -> None:
    """Tests that every shipped route loads (the loader refuses retired stops)."""
    tours = load_tours(REPO_DATA, network=real)
    used = {stop.site for t in tours for stop in t.stops}
    assert not {s for s in used if real.site(s).retired is not None}


def test_tri_border_marker_is_about_ten_km_from_the_gate(real: Network) -> None:
    """Tests the marker road: about 10 km from the Bờ Y gate, with a sourced exception."""
    km = route("cua-khau-quoc-te-bo-y", "cot-moc-ngai-ba-bien-gioi", weight="km", network=real).km
    assert km == pytest.approx(10.0, abs=0.5)
    access = real.dataset.access["cot-moc-ngai-ba-bien-gioi"]
    assert access.winding is not None and access.winding.sources


def test_only_sourced_winding_roads_exceed_the_ceiling(real: Network) -> None:
    """Tests that every road over 2.5 × its geodesic carries a sourced winding exception."""
    ds = real.dataset
    place = {**{s.id: s.latlon for s in ds.sites.values()}}
    place |= {n.id: (n.lat, n.lon) for n in ds.nodes.values()}
    links = [(s.id, s.source, s.target, s.km, s.winding) for s in ds.segments]
    links += [(a.site, a.site, a.node, a.km, a.winding) for a in ds.access.values()]
    over = {
        ident
        for ident, a, b, km, _ in links
        if km > 2.5 * geodesic(place[a], place[b]).km and km - geodesic(place[a], place[b]).km > 1
    }
    excepted = {ident for ident, *_, winding in links if winding is not None}
    assert over == excepted == {"cot-moc-ngai-ba-bien-gioi"}


def test_indochina_fork_is_on_ql40_west_of_plei_kan(real: Network) -> None:
    """Tests Ngã ba Đông Dương: about 10 km west of Plei Kần and 7–9 km from the gate."""
    from_town = route("plei-kan-town", "nga-ba-dong-duong", weight="km", network=real).km
    to_gate = route("nga-ba-dong-duong", "cua-khau-quoc-te-bo-y", weight="km", network=real).km
    assert 9.0 <= from_town <= 12.5 and 7.0 <= to_gate <= 9.0
    assert real.dataset.access["nga-ba-dong-duong"].node == "n-bo-y-ql40-mid"


def test_every_lao_name_is_lao_script(real: Network) -> None:
    """Tests that every non-empty name_lo of the shipped data is written in Lao script."""
    bad = [s.id for s in real.sites.values() if s.name_lo and not LAO.search(s.name_lo)]
    assert bad == []


@pytest.mark.parametrize(
    ("site", "words"),
    [
        ("nguc-kon-tum", "266/QĐ-TTg"),
        ("bien-ho-tnung", "228 ha"),
        ("pakse-lao-nippon-bridge", "16W"),
    ],
)
def test_stale_facts_are_corrected(real: Network, site: str, words: str) -> None:
    """Tests that the audit's stale facts are corrected in the English description."""
    assert words in real.site(site).description_en


def test_bo_y_vehicle_documents_are_sourced_or_flagged(real: Network) -> None:
    """Tests the Bờ Y crossing: e-visa basis 127/NQ-CP, vehicle papers and Tết flagged."""
    gate = real.dataset.crossings["bo-y-phou-keua"]
    assert any("127/NQ-CP" in d for d in gate.traveller_documents)
    flagged = {a.field for a in gate.assumptions}
    assert {"vehicle_documents", "closures"} <= flagged
    assert any("2–7 days" in a.text for a in gate.assumptions if a.field == "closures")


def test_every_site_states_food_and_setting() -> None:
    """Tests that sites.json states serves_food and setting for every site (none derived)."""
    sites = json.loads((REPO_DATA / "sites.json").read_text("utf-8"))["sites"]
    missing = [s["id"] for s in sites if "serves_food" not in s or "setting" not in s]
    assert missing == []


def test_every_overnight_place_names_lodging_or_says_it_does_not(real: Network) -> None:
    """Tests that each overnight place lists sourced lodging or flags its absence."""
    for site in real.sites.values():
        if site.overnight:
            flagged = any(a.field == "lodging" for a in site.assumptions)
            assert bool(site.lodging) != flagged, site.id
            assert all(place.sources for place in site.lodging)


def test_every_overnight_place_names_sourced_lodging(real: Network) -> None:
    """Tests that no overnight place is left without named lodging (Attapeu was the last)."""
    missing = [s.id for s in real.sites.values() if s.overnight and not s.lodging]
    assert missing == []
    attapeu = real.site("attapeu")
    assert "Siamphone Guesthouse" in [place.name for place in attapeu.lodging]
    assert "lodging.capacity" in {a.field for a in attapeu.assumptions}


ISSUE_12_ATTRACTIONS = (
    "thuy-dien-yaly",
    "ho-plei-krong",
    "dao-hoa-kon-trang-long-loi",
    "ho-toong-po",
    "ban-kiet-ngong",
    "phou-asa",
    "vat-tomo",
    "don-daeng",
    "tad-e-tu",
    "tad-katamtok",
    "quang-truong-dai-doan-ket",
    "khu-du-lich-ban-don",
)


@pytest.mark.parametrize("site", ISSUE_12_ATTRACTIONS)
def test_attractions_named_by_issue_12_are_sold(real: Network, site: str) -> None:
    """Tests that each attraction issue 12 names is a sourced, plannable attraction."""
    record = real.site(site)
    assert record.kind == "attraction" and record.retired is None
    assert record.sources and site in {s.id for s in real.find_sites()}


def test_every_lao_site_has_a_lao_name(real: Network) -> None:
    """Tests that every Lao site carries a name in Lao script (sourced or flagged)."""
    missing = [s.id for s in real.sites.values() if s.country == "LA" and not s.name_lo]
    assert missing == []


def test_published_distances_meet_issue_12() -> None:
    """Tests the size of the distance table: at least 45 rows, 30 independent of calibration."""
    rows = json.loads((REPO_DATA / "reference_distances.json").read_text("utf-8"))
    assert len(rows) >= 45
    assert sum(1 for r in rows if r["calibration"] is False) >= 30


def test_the_ho_chi_minh_road_has_towns_where_a_day_can_lunch(real: Network) -> None:
    """Tests that Đà Nẵng ↔ Đăk Glei by motorbike can take lunch on the way (data 2.15).

    Before Thạnh Mỹ and Khâm Đức were towns (only road nodes), the 332-min drive had no
    place that serves food between its ends and no end reached in the lunch window, so
    the day was ruled out. The towns serve food, are not sights and are no night stop.
    """
    towns = ("thanh-my-town", "kham-duc-town")
    for town in towns:
        site = real.site(town)
        assert site.kind == "town" and not is_sight(real, site) and not site.overnight
        assert town in lunch_places(real)
    request = TripRequest("da-nang", dt.date(2026, 3, 3), 2, end="dak-glei-town", mode="motorbike")
    ctx = make_context(request, real)
    assert feasible_pair(ctx, "da-nang", "dak-glei-town")
    assert feasible_pair(ctx, "dak-glei-town", "da-nang")
