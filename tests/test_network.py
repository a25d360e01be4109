"""Tests of :mod:`tourlink.network`: graph, speeds, site search."""

from __future__ import annotations

import pytest

from tourlink.exceptions import InvalidRequestError, UnknownSiteError
from tourlink.network import Network, SpeedTable, check_mode


def test_graph_nodes_and_edges(tiny: Network) -> None:
    """Tests that sites and road nodes are graph nodes and every link is an edge."""
    g = tiny.G
    assert g.number_of_nodes() == 13 and g.number_of_edges() == 13
    assert g.nodes["mang-den"]["kind"] == "site" and g.nodes["n-mang-den"]["kind"] == "road"
    gate = g["n-bo-y-gate-vn"]["n-phou-keua-gate-la"]
    assert gate["crossing"] == "bo-y-phou-keua"
    assert g["n-kon-tum"]["n-dak-to"]["crossing"] is None


@pytest.mark.parametrize(
    ("u", "v", "mode", "minutes"),
    [
        ("n-kon-tum", "n-dak-to", "car", 42.0),  # 42 km at 60 km/h
        ("n-kon-tum", "n-dak-to", "coach", 42 / 50 * 60),
        ("n-kon-tum", "n-mang-den", "car", 108.0),  # 54 km, pass: 60 × 0.5 km/h
        ("n-kon-tum", "n-sa-thay", "car", 45.0),  # 30 km at 40 km/h
        ("n-kon-tum", "n-sa-thay", "coach", None),  # closed to coaches
        ("n-bo-y-gate-vn", "n-phou-keua-gate-la", "car", 36.0),  # 1 km at 10 + 30 formalities
    ],
)
def test_edge_minutes_per_mode(
    tiny: Network, u: str, v: str, mode: str, minutes: float | None
) -> None:
    """Tests that edge minutes follow km / speed, pass factor and formalities."""
    assert (
        tiny.G[u][v][f"minutes_{mode}"] == pytest.approx(minutes)
        if minutes
        else (tiny.G[u][v][f"minutes_{mode}"] is None)
    )


def test_speed_table_refuses_unknown_class() -> None:
    """Tests that asking a speed the table lacks names class and mode."""
    table = SpeedTable({"national": {"car": 60.0}})
    with pytest.raises(InvalidRequestError, match="'unpaved' and mode 'car'"):
        table.minutes(1.0, "unpaved", "car")


def test_check_mode() -> None:
    """Tests that an unknown mode is refused, naming the allowed modes."""
    assert check_mode("coach") == "coach"
    with pytest.raises(InvalidRequestError, match="one of car, motorbike, coach, got 'bus'"):
        check_mode("bus")


def test_unknown_site_suggests_the_closest_id(tiny: Network) -> None:
    """Tests that a misspelt id raises UnknownSiteError with a suggestion."""
    with pytest.raises(
        UnknownSiteError,
        match=r"^Site 'pa-sy-falls' is not in the catalogue; did you mean 'pa-sy-waterfall'\?$",
    ):
        tiny.site("pa-sy-falls")
    with pytest.raises(LookupError):
        tiny.site("nowhere-at-all-xyz")


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("Măng Đen", {"mang-den"}),
        ("mang den", {"mang-den"}),
        ("MANG DEN", {"mang-den"}),
        ("thac pa sy", {"pa-sy-waterfall"}),
        ("Pa Sỹ", {"pa-sy-waterfall"}),
        ("nha tho go", {"kon-tum-wooden-church"}),
        ("wooden church", {"kon-tum-wooden-church"}),
        ("attapeu", {"attapeu-town"}),
        ("ອັດຕະປື", {"attapeu-town"}),
        ("zzz", set()),
    ],
)
def test_find_sites_ignores_diacritics(tiny: Network, query: str, ids: set[str]) -> None:
    """Tests that name search works in vi/en/lo with or without diacritics."""
    assert {s.id for s in tiny.find_sites(query)} == ids


def test_find_sites_filters(tiny: Network) -> None:
    """Tests that zone, country, kind and category filters combine."""
    assert [s.id for s in tiny.find_sites(zone="mang-den", kind="attraction")] == [
        "pa-sy-waterfall"
    ]
    assert [s.id for s in tiny.find_sites(country="la")] == ["attapeu-town"]
    assert {s.id for s in tiny.find_sites(category="town")} == {
        "mang-den",
        "plei-kan",
        "attapeu-town",
    }


def test_nearby_by_road_km(tiny: Network) -> None:
    """Tests that nearby lists sites within the road distance, nearest first."""
    got = [(s.id, km) for s, km in tiny.nearby("mang-den", km=10)]
    assert got == [("pa-sy-waterfall", 5.0)]  # 1 + 4 km of access roads
    assert [s.id for s, _ in tiny.nearby("mang-den", km=56)] == [
        "pa-sy-waterfall",
        "kon-tum-wooden-church",
    ]
