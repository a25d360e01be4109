"""Tests of :mod:`tourlink.routing` on the tiny instance and on the shipped data."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from zoneinfo import ZoneInfo

import networkx as nx
import pytest
from conftest import REPO_DATA

from tourlink.exceptions import InvalidRequestError, NoRouteError, UnknownSiteError
from tourlink.network import Network
from tourlink.routing import alternatives, matrix, route

CHURCH, ATTAPEU = "kon-tum-wooden-church", "attapeu-town"


def texts(messages: object) -> list[str]:
    return [str(m) for m in messages]  # type: ignore[attr-defined]


GATE_WARNING = "Bờ Y – Phou Keua gate hours assumed: check before travel."


def test_fastest_route_by_hand(tiny: Network) -> None:
    """Tests the church → Attapeu route against the sums done by hand."""
    r = route(CHURCH, ATTAPEU, network=tiny)
    assert r.km == pytest.approx(1 + 42 + 18 + 18 + 1 + 108 + 1)
    assert r.minutes == pytest.approx(2 + 60 + 18 + 36 + 108 + 2)
    assert [leg.road for leg in r.legs] == [
        "access road",
        "QL14",
        "QL40",
        "Bờ Y – Phou Keua international border gate",
        "Route 18B",
        "access road",
    ]
    assert sum(leg.minutes for leg in r.legs) == pytest.approx(r.minutes)
    assert r.geometry[0] == (14.3466, 108.0093) and r.geometry[-1] == (14.81, 106.832)
    assert len(r.geometry) == len(r.nodes) == 8
    assert [c.crossing.id for c in r.crossings] == ["bo-y-phou-keua"]
    assert r.crossings[0].direction == ("VN", "LA")
    assert GATE_WARNING in texts(r.warnings)


def test_shortest_differs_from_fastest(tiny: Network) -> None:
    """Tests that weight='km' takes the shorter, slower provincial road."""
    fast = route(CHURCH, "plei-kan", network=tiny)
    short = route(CHURCH, "plei-kan", weight="km", network=tiny)
    assert (fast.km, fast.minutes) == (62, 2 + 60 + 2)
    assert "QL14" in fast.roads
    assert short.km == 62 and short.km <= fast.km  # QL14 is also shortest here


def test_route_recomputed_from_graph(tiny: Network) -> None:
    """Tests that route minutes equal the path weight NetworkX computes itself."""
    r = route(CHURCH, "mang-den", network=tiny)
    expected = nx.path_weight(tiny.G, list(r.nodes), weight="minutes_car")
    assert r.minutes == pytest.approx(expected) == pytest.approx(2 + 108 + 2)


@pytest.mark.parametrize(
    ("a", "b"),
    list(itertools.combinations([CHURCH, "mang-den", "pa-sy-waterfall", "plei-kan", ATTAPEU], 2)),
)
def test_route_symmetry(tiny: Network, a: str, b: str) -> None:
    """Tests that A→B and B→A have the same km and minutes on two-way roads."""
    there, back = route(a, b, network=tiny), route(b, a, network=tiny)
    assert there.km == pytest.approx(back.km)
    assert there.minutes == pytest.approx(back.minutes)
    assert list(there.nodes) == list(reversed(back.nodes))


def test_mode_closes_roads(tiny: Network) -> None:
    """Tests that coaches avoid the coach-free road and cannot reach Pa Sỹ at all."""
    with pytest.raises(
        NoRouteError,
        match=(
            r"^No route from Pa Sy waterfall to Plei Kan town by coach: "
            r"every path uses a road closed to coaches\.$"
        ),
    ):
        route("pa-sy-waterfall", "plei-kan", mode="coach", network=tiny)
    assert route(CHURCH, ATTAPEU, mode="coach", network=tiny).km == 189


def test_avoid_risk_month(tiny: Network) -> None:
    """Tests that avoiding October landslides leaves no way to Măng Đen, but June is fine."""
    with pytest.raises(NoRouteError, match="seasonal risk in month 10"):
        route(CHURCH, "mang-den", avoid_risk_month=10, network=tiny)
    june = route(CHURCH, "mang-den", avoid_risk_month=6, network=tiny)
    assert june.km == 56


def test_risk_warning_for_departure_month(tiny: Network) -> None:
    """Tests that a September departure warns of QL24 landslides, a June one does not."""
    sept = route(CHURCH, "mang-den", depart=dt.datetime(2026, 9, 1, 8), network=tiny)
    june = route(CHURCH, "mang-den", depart=dt.datetime(2026, 6, 1, 8), network=tiny)
    assert any("QL24: high landslide risk" in w for w in texts(sept.warnings))
    assert not any("landslide" in w for w in texts(june.warnings))


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"mode": "bus"}, InvalidRequestError, "mode must be one of car, motorbike, coach"),
        ({"weight": "time"}, InvalidRequestError, "weight must be 'minutes'"),
        ({"avoid_risk_month": 13}, InvalidRequestError, "month number 1–12, got 13"),
    ],
)
def test_bad_options(tiny: Network, kwargs: dict[str, object], error: type, pattern: str) -> None:
    """Tests that bad options raise InvalidRequestError naming the value."""
    with pytest.raises(error, match=pattern):
        route(CHURCH, ATTAPEU, network=tiny, **kwargs)  # type: ignore[arg-type]


def test_unknown_id_in_route(tiny: Network) -> None:
    """Tests that an unknown end raises UnknownSiteError with a suggestion."""
    with pytest.raises(UnknownSiteError, match="did you mean 'attapeu-town'"):
        route(CHURCH, "attapeu-twn", network=tiny)


def test_departure_times_along_the_way(tiny: Network) -> None:
    """Tests arrival times with an open gate: no wait, formalities counted."""
    r = route(CHURCH, ATTAPEU, depart=dt.datetime(2026, 3, 2, 8, 0), network=tiny)
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    assert r.depart == dt.datetime(2026, 3, 2, 8, 0, tzinfo=tz)
    assert r.arrive == dt.datetime(2026, 3, 2, 11, 46, tzinfo=tz)  # + 226 min
    gate = r.crossings[0]
    assert gate.arrive == dt.datetime(2026, 3, 2, 9, 20, tzinfo=tz)
    assert gate.waited_minutes == 0


def test_closed_gate_wait(tiny: Network) -> None:
    """Tests that reaching the gate during the Tết closure waits until 07:00 on 9 Feb."""
    r = route(CHURCH, ATTAPEU, depart=dt.datetime(2027, 2, 6, 5, 0), network=tiny)
    gate = r.crossings[0]
    assert gate.arrive is not None and gate.arrive.hour == 6 and gate.arrive.minute == 20
    expected_wait = dt.datetime(2027, 2, 9, 7, 0) - dt.datetime(2027, 2, 6, 6, 20)
    assert gate.waited_minutes == pytest.approx(expected_wait.total_seconds() / 60)
    assert r.minutes == pytest.approx(226 + gate.waited_minutes)
    assert r.arrive is not None and r.arrive.replace(tzinfo=None) == dt.datetime(2027, 2, 9, 9, 26)
    assert any("(Tết holiday (fixture))" in w for w in texts(r.warnings))
    assert any("closure 5 Feb 2027–8 Feb 2027 assumed" in w for w in texts(r.warnings))


def test_gate_before_opening_hour(tiny: Network) -> None:
    """Tests that reaching the gate at 05:20 on an ordinary day waits 100 minutes."""
    r = route(CHURCH, ATTAPEU, depart=dt.datetime(2026, 3, 2, 4, 0), network=tiny)
    assert r.crossings[0].waited_minutes == pytest.approx(100)
    assert "wait 1.7 h until it opens at 2 Mar 2026 07:00" in " ".join(texts(r.warnings))


@pytest.mark.parametrize(
    ("depart", "waited"),
    [
        (dt.datetime(2026, 3, 2, 15, 10), 0.0),  # gate 16:30, formalities end 17:00 sharp
        (dt.datetime(2026, 3, 2, 15, 20), 860.0),  # gate 16:40: 17:10 is past closing
    ],
)
def test_formalities_must_end_before_the_gate_closes(
    tiny: Network, depart: dt.datetime, waited: float
) -> None:
    """Tests that 30 min of formalities only start if they end by the 17:00 closing."""
    r = route(CHURCH, ATTAPEU, depart=depart, network=tiny)
    assert r.crossings[0].waited_minutes == pytest.approx(waited)
    assert r.minutes == pytest.approx(226 + waited)
    if waited:
        assert (
            "gate closes at 17:00, before its 30 min of formalities would end, on arrival "
            "at 2 Mar 2026 16:40: wait 14.3 h until it opens at 3 Mar 2026 07:00."
        ) in " ".join(texts(r.warnings))


@pytest.mark.parametrize("when", [dt.datetime(9999, 12, 31, 20, 0), dt.datetime(1999, 1, 1)])
def test_departure_outside_the_supported_dates(tiny: Network, when: dt.datetime) -> None:
    """Tests that a departure outside 2000–2099 is refused naming `depart`."""
    pattern = rf"`depart` must be between 2000-01-01 and 2099-12-31, got {when:%Y-%m-%d}\."
    with pytest.raises(InvalidRequestError, match=pattern) as info:
        route(CHURCH, ATTAPEU, depart=when, network=tiny)
    assert info.value.field == "depart"
    with pytest.raises(InvalidRequestError, match=pattern):
        alternatives(CHURCH, ATTAPEU, k=2, depart=when, network=tiny)


def test_alternatives_differ(tiny: Network) -> None:
    """Tests that alternatives are best-first and share at most 80 % of their km."""
    routes = alternatives(CHURCH, "plei-kan", k=3, network=tiny)
    assert len(routes) == 2  # QL14 direct, and via Sa Thầy (the QL24 loop does not exist)
    assert routes[0].minutes <= routes[1].minutes
    assert routes[0].km == 62 and routes[1].km == 1 + 60 + 18 + 1
    assert "fixture provincial road" in routes[1].roads
    assert route(CHURCH, "plei-kan", network=tiny).nodes == routes[0].nodes


def test_alternatives_skip_near_copies(tiny: Network) -> None:
    """Tests that with a strict overlap bound only the best route remains."""
    routes = alternatives(CHURCH, ATTAPEU, k=3, max_overlap=0.5, network=tiny)
    assert len(routes) == 1
    assert len(alternatives(CHURCH, ATTAPEU, k=3, network=tiny)) == 2


def test_matrix_agrees_with_single_routes(tiny: Network) -> None:
    """Tests that every matrix entry equals the single route's minutes and km."""
    ids = [CHURCH, "mang-den", "pa-sy-waterfall", "plei-kan", ATTAPEU]
    m = matrix(ids, network=tiny)
    for a, b in itertools.product(ids, ids):
        r = route(a, b, network=tiny)
        assert m.minutes_between(a, b) == pytest.approx(r.minutes)
        assert m.km_between(a, b) == pytest.approx(r.km)
        assert m.crossings[m.index(a)][m.index(b)] == tuple(c.crossing.id for c in r.crossings)


def test_matrix_unreachable_is_none(tiny: Network) -> None:
    """Tests that coach entries to the coach-free waterfall are None."""
    m = matrix([CHURCH, "pa-sy-waterfall"], mode="coach", network=tiny)
    assert m.minutes_between(CHURCH, "pa-sy-waterfall") is None
    assert m.minutes_between(CHURCH, CHURCH) == 0.0
    with pytest.raises(InvalidRequestError, match="not one of the matrix ids"):
        m.minutes_between(CHURCH, ATTAPEU)


# -- the shipped data -------------------------------------------------------------------------


def _reference() -> list[dict[str, object]]:
    ref = REPO_DATA / "reference_distances.json"
    doc = json.loads(ref.read_text("utf-8"))
    items = doc.get("distances", doc) if isinstance(doc, dict) else doc
    return list(items)


@pytest.mark.parametrize(
    ("a", "b", "roads", "gate"),
    [
        ("kon-tum-city-centre", "mang-den-town", {"QL24"}, False),
        ("kon-tum-city-centre", "attapeu", {"QL14", "QL40", "Route 18B"}, True),
        ("kon-tum-city-centre", "pakse", {"QL40", "Route 18B"}, True),
    ],
)
def test_real_routes(real: Network, a: str, b: str, roads: set[str], gate: bool) -> None:
    """Tests that the shipped data routes Kon Tum to Măng Đen, and over Bờ Y to Laos."""
    r = route(a, b, network=real)
    assert roads <= set(r.roads)
    assert [c.crossing.id for c in r.crossings] == (["bo-y-phou-keua"] if gate else [])
    assert r.minutes > r.km * 60 / 80  # no road is faster than 80 km/h on average
    if gate:
        assert GATE_WARNING in texts(r.warnings)


def test_real_routes_match_reference_distances(real: Network) -> None:
    """Tests that shortest shipped routes are within 10 % of the sourced reference km."""
    checked = 0
    for item in _reference():
        a = str(item.get("from_site", item.get("from")))
        b = str(item.get("to_site", item.get("to")))
        km = item["km"]
        assert isinstance(km, int | float)
        got = route(a, b, weight="km", network=real).km
        assert got == pytest.approx(km, rel=0.10), (a, b, got, km)
        checked += 1
    assert checked > 0
