"""Tests of tourlink.places: an operator's own places, checked and joined to the network.

The Indochine hotel's coordinates are the Kon Tum city-centre hotel's as the example
(``lat`` 14.3497, ``lon`` 108.0005 — example data, not a booking); the far places are
points outside the region the network covers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from tourlink.edit import DayPlan, retime
from tourlink.exceptions import InvalidRequestError
from tourlink.itinerary import Day, Itinerary, TripRequest
from tourlink.network import Network
from tourlink.places import (
    DETOUR,
    check_place,
    estimated_access,
    flag_estimated,
    region_bounds,
    with_places,
)
from tourlink.planner.check import check_itinerary
from tourlink.planner.plan import PlanParams, plan

HOTEL: dict[str, Any] = {
    "slug": "indochine-hotel",
    "name": "Indochine Hotel (example)",
    "kind": "hotel",
    "lat": 14.3497,
    "lon": 108.0005,
}
CAFE: dict[str, Any] = {
    "slug": "riverside-cafe",
    "name": "Riverside café (example)",
    "kind": "restaurant",
    "lat": 14.3420,
    "lon": 108.0120,
    "visit_minutes": 45,
    "opening_hours": "Mo-Su 07:00-21:00",
}


@pytest.fixture(scope="module")
def ours(real: Network) -> Network:
    """Return the shipped network with the example hotel and café."""
    return with_places(real, [check_place(HOTEL, network=real), check_place(CAFE, network=real)])


@pytest.mark.parametrize(
    ("change", "field", "said"),
    [
        ({"lat": 91}, "lat", "`lat` must be a number between -90.0 and 90.0, got 91."),
        ({"lon": "east"}, "lon", "`lon` must be a number between -180.0 and 180.0, got 'east'."),
        ({"lat": 21.03, "lon": 105.85}, "lat", "must lie in the region the road network covers"),
        ({"name": ""}, "name", "`name` must be 1 to 100 characters, got ''."),
        ({"name": "x" * 101}, "name", "`name` must be 1 to 100 characters, got 101 characters."),
        ({"kind": "spa"}, "kind", "`kind` must be one of hotel, restaurant, meeting-point, site"),
        ({"slug": "Bad Slug"}, "slug", "`slug` must be 1 to 60 lower-case letters"),
        ({"visit_minutes": 721}, "visit_minutes", "from 0 to 720, got 721."),
        ({"opening_hours": "whenever"}, "opening_hours", "got 'whenever'"),
    ],
)
def test_bad_fields_are_named_with_value_and_expectation(
    real: Network, change: dict[str, Any], field: str, said: str
) -> None:
    """Tests that each fault names its field, the value and what was expected."""
    with pytest.raises(InvalidRequestError, match=None) as caught:
        check_place({**HOTEL, **change}, network=real)
    assert caught.value.field == field
    assert said in str(caught.value)


def test_every_fault_is_named_at_once(real: Network) -> None:
    """Tests that several faults are all reported in one error."""
    with pytest.raises(InvalidRequestError) as caught:
        check_place({**HOTEL, "name": "", "lat": 200, "kind": "spa"}, network=real)
    text = str(caught.value)
    assert "`name`" in text and "`lat`" in text and "`kind`" in text


def test_the_bounding_box_is_the_networks(real: Network) -> None:
    """Tests that the box holds every node and a place just outside it is refused."""
    south, west, north, east = region_bounds(real)
    assert all(south < n.lat < north and west < n.lon < east for n in real.dataset.nodes.values())
    with pytest.raises(InvalidRequestError, match="latitude"):
        check_place({**HOTEL, "lat": north + 0.01}, network=real)


def test_a_place_is_joined_to_the_nearest_road_node(real: Network, ours: Network) -> None:
    """Tests the join: an access road to the nearest node, its length estimated and flagged."""
    access = ours.dataset.access["own-indochine-hotel"]
    node = ours.dataset.nodes[access.node]
    site = ours.site("own-indochine-hotel")
    assert access.road == "estimated access road"
    assert any(a.field == "access" and "estimated" in a.text for a in site.assumptions)
    assert (site.overnight, site.serves_food, site.country) == (True, True, "VN")
    straight = access.km / DETOUR
    assert (
        straight
        <= min(
            ((n.lat - site.lat) ** 2 + (n.lon - site.lon) ** 2) ** 0.5 * 111.4
            for n in real.dataset.nodes.values()
        )
        * 1.01
        + 0.01
    )
    assert node.country == "VN"
    assert "own-indochine-hotel" not in real.sites  # the shipped network is untouched
    assert (ours.dataset.version, ours.dataset.fingerprint) == (
        real.dataset.version,
        real.dataset.fingerprint,
    )
    assert ours.route("own-indochine-hotel", "kon-tum-wooden-church").km > 0


def test_the_planner_visits_an_own_place_and_says_its_access_is_estimated(ours: Network) -> None:
    """Tests a trip from the own hotel with the own café a must: planned, checked, flagged."""
    request = TripRequest(
        "own-indochine-hotel",
        dt.date(2026, 3, 3),
        1,
        must_visit=("own-riverside-cafe", "kon-tum-wooden-church"),
    )
    trip = flag_estimated(plan(request, network=ours, params=PlanParams(max_iterations=40)), ours)
    assert "own-riverside-cafe" in trip.visited
    assert check_itinerary(trip, network=ours) == []
    said = [str(w) for w in trip.warnings]
    assert any("Indochine Hotel (example) is estimated" in w for w in said)
    assert any("Riverside café (example) is estimated" in w for w in said)
    assert flag_estimated(trip, ours) == trip  # said once


def test_a_hand_edit_can_add_an_own_place_and_sleep_there(ours: Network) -> None:
    """Tests the editor's re-timing with an own place as a visit and as the night."""
    request = TripRequest("kon-tum-city-centre", dt.date(2026, 3, 3), 2)
    t = dt.datetime(2026, 3, 3, 7, 30)
    day = Day(t.date(), "kon-tum-city-centre", t, (), "kon-tum-city-centre", t, ((),), 0, 0)
    skeleton = Itinerary(request, (day, dataclasses.replace(day, date=t.date())), 0, 0, 0, {})
    plans = [
        DayPlan(("kon-tum-wooden-church", "own-riverside-cafe"), "own-indochine-hotel"),
        DayPlan(()),
    ]
    trip = retime(skeleton, plans, network=ours)
    assert trip.days[0].overnight == "own-indochine-hotel"
    assert trip.days[1].start_site == "own-indochine-hotel"
    legs = [leg.road for drive in trip.days[0].drives for leg in drive]
    assert "estimated access road" in legs
    assert estimated_access(ours, "kon-tum-wooden-church") is None
