"""Tests of walking legs in town: streets, the travel table, the plan and the checker.

On the shipped data: Kon Klor's suspension bridge and communal house are about 150 m
apart; before ``streets.json`` each hung off the city-centre road node by a 3.7–3.9 km
access road, 18 minutes by car between them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re

import pytest
import xmlschema
from export_cases import shared_schemas
from rfc7946 import assert_rfc7946

from tourlink.exceptions import NoRouteError
from tourlink.export import itinerary_to_geojson, itinerary_to_gpx
from tourlink.itinerary import Itinerary, TripRequest
from tourlink.network import Network
from tourlink.planner.build import travel_table
from tourlink.planner.check import check_itinerary
from tourlink.planner.check_walk import walked_hops
from tourlink.planner.plan import plan
from tourlink.planner.serialize import itinerary_to_dict
from tourlink.routing import route
from tourlink.streets import StreetMap
from tourlink.walking import walk, walks_from

BRIDGE, HOUSE = "kon-klor-suspension-bridge", "nha-rong-kon-klor"


def test_bridge_to_communal_house_takes_minutes_not_18(real: Network) -> None:
    """Tests that the 150 m hop takes a few minutes on foot and by car, 18 before the streets."""
    walked = walk(BRIDGE, HOUSE, network=real)
    assert walked.mode == "walk" and 1.0 < walked.minutes < 5.0
    assert all(leg.mode == "walk" for leg in walked.legs)
    assert route(BRIDGE, HOUSE, network=real).minutes < 2.0
    before = Network(dataclasses.replace(real.dataset, streets=StreetMap()))
    assert route(BRIDGE, HOUSE, network=before).minutes > 15.0


def test_walk_is_timed_at_the_walking_speed(real: Network) -> None:
    """Tests that a walk's minutes are its street km at the speed of streets.json."""
    rules = real.dataset.streets.walking
    assert rules is not None
    walked = walk(BRIDGE, HOUSE, network=real)
    assert walked.minutes == pytest.approx(walked.km / rules.kmh * 60.0)


def test_a_walk_too_long_is_refused(real: Network) -> None:
    """Tests that two Kon Tum sites more than a group's walk apart have no walking leg."""
    with pytest.raises(NoRouteError, match=r"km along the streets, over the 1\.2 km"):
        walk(BRIDGE, "bao-tang-kon-tum", network=real)


def test_no_walk_between_towns(real: Network) -> None:
    """Tests that sites not joined by streets have no walk, naming both."""
    with pytest.raises(NoRouteError, match=r"No walk from .*Kon Klor.* to .*Măng Đen"):
        walk(BRIDGE, "mang-den-town", network=real)


def test_walks_from_stay_within_reach(real: Network) -> None:
    """Tests that every walk from the bridge is within the longest walk."""
    rules = real.dataset.streets.walking
    assert rules is not None
    near = walks_from(real, BRIDGE)
    assert HOUSE in near
    assert max(near.values()) <= rules.minutes(rules.max_km) + 1e-6


def test_travel_table_walks_where_walking_is_better(real: Network) -> None:
    """Tests that the travel table takes the walk in town and keeps the drive between towns."""
    table = travel_table(real, "car", None)
    i, j = table.index[BRIDGE], table.index[HOUSE]
    walking = walk(BRIDGE, HOUSE, network=real).minutes
    assert table.walks[(BRIDGE, HOUSE)] == pytest.approx(walking)
    assert int(table.arcs[i, j]) == math.ceil(walking - 1e-9)
    assert (BRIDGE, "mang-den-town") not in table.walks
    rules = real.dataset.streets.walking
    assert rules is not None
    for (a, b), minutes in table.walks.items():
        drive = table.matrix.minutes[table.index[a]][table.index[b]]
        assert rules.better(walk=minutes, drive=drive), (a, b)
        # every walkable street may be driven, so a walk is never faster than the drive:
        # the exact methods' pruning may take driving minutes as a lower bound
        assert drive is not None and minutes >= drive, (a, b)


@pytest.fixture(scope="module")
def kon_klor_day(real: Network) -> Itinerary:
    """Return a one-day Kon Tum city plan that must see the bridge and the communal house."""
    request = TripRequest("kon-tum-city-centre", dt.date(2026, 3, 3), 1, must_visit=(BRIDGE, HOUSE))
    return plan(request, network=real)


def test_a_kon_tum_plan_walks_between_the_kon_klor_sites(
    kon_klor_day: Itinerary, real: Network
) -> None:
    """Tests that the plan walks the hop, shows it as walking, and the checker accepts it."""
    day = kon_klor_day.days[0]
    hops = walked_hops(day)
    assert {(BRIDGE, HOUSE), (HOUSE, BRIDGE)} & set(hops)
    legs = [leg for drive in day.drives for leg in drive if leg.mode == "walk"]
    assert legs and sum(leg.minutes for leg in legs) < 5.0
    data = itinerary_to_dict(kon_klor_day, network=real)
    modes = [leg.get("mode") for drive in data["days"][0]["drives"] for leg in drive]
    assert "walk" in modes
    assert check_itinerary(kon_klor_day, network=real) == []


def _tampered(trip: Itinerary, **changes: float) -> Itinerary:
    """Return ``trip`` with the walked-to stop reached earlier or its legs' minutes changed."""
    day = trip.days[0]
    k = next(i for i, drive in enumerate(day.drives) if drive and drive[0].mode == "walk")
    stops, drives = list(day.stops), list(day.drives)
    if "earlier" in changes:
        shift = dt.timedelta(minutes=changes["earlier"])
        stop = stops[k]
        stops[k] = dataclasses.replace(stop, arrive=stop.arrive - shift)
    if "minutes" in changes:
        drives[k] = tuple(dataclasses.replace(leg, minutes=changes["minutes"]) for leg in drives[k])
    new_day = dataclasses.replace(day, stops=tuple(stops), drives=tuple(drives))
    return dataclasses.replace(trip, days=(new_day, *trip.days[1:]))


@pytest.mark.parametrize(
    ("changes", "wording"),
    [
        ({"earlier": 2.0}, "but walking from .* takes until"),
        ({"minutes": 0.4}, r"is given as 0\.4 min, but takes"),
    ],
    ids=["arrives-too-early", "legs-state-a-wrong-time"],
)
def test_checker_catches_a_tampered_walk(
    kon_klor_day: Itinerary, real: Network, changes: dict[str, float], wording: str
) -> None:
    """Tests that the checker recomputes the walk and flags a wrong arrival or leg time."""
    found = check_itinerary(_tampered(kon_klor_day, **changes), network=real)
    walks = [v for v in found if v.kind == "walk"]
    assert walks, [str(v) for v in found]
    assert any(re.search(wording, str(v)) for v in walks), [str(v) for v in walks]


def test_checker_refuses_a_drive_relabelled_as_a_walk(
    kon_klor_day: Itinerary, real: Network
) -> None:
    """Tests that a long drive passed off as a walk is flagged as beyond a group's walk."""
    day = kon_klor_day.days[0]
    drives = list(day.drives)
    drives[0] = tuple(dataclasses.replace(leg, mode="walk") for leg in drives[0])
    trip = dataclasses.replace(kon_klor_day, days=(dataclasses.replace(day, drives=tuple(drives)),))
    found = [v for v in check_itinerary(trip, network=real) if v.kind == "walk"]
    assert found and ("over the 1.2 km" in str(found[0]) or "No walk" in str(found[0]))


def test_exports_of_a_walking_plan_still_validate(kon_klor_day: Itinerary, real: Network) -> None:
    """Tests that GPX (against the XSD) and GeoJSON (RFC 7946) of the walking plan validate."""
    gpx = itinerary_to_gpx(kon_klor_day, sites=real.sites)
    schema = xmlschema.XMLSchema(shared_schemas("gpx") / "gpx.xsd")
    assert [str(e.reason) for e in schema.iter_errors(gpx)] == []
    assert_rfc7946(itinerary_to_geojson(kon_klor_day, sites=real.sites))
