"""Tests of a tourist's day (tourlink.planner.day, problem, explain, check_day) on real trips."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from collections import Counter

import pytest
from astral import Observer
from astral.sun import sun

from tourlink.exceptions import InvalidRequestError
from tourlink.hours import is_open
from tourlink.itinerary import Itinerary, TripRequest
from tourlink.network import Network
from tourlink.planner.check import check_itinerary
from tourlink.planner.day import daylight, gate_sites, is_sight, main_category, site_value
from tourlink.planner.plan import PlanParams, plan
from tourlink.planner.request import parse_request

TUESDAY = dt.date(2026, 12, 8)
FAST = PlanParams(max_iterations=60)


@pytest.fixture(scope="module")
def city(real: Network) -> Itinerary:
    """Return a one-day Kon Tum city tour at the standard pace."""
    return plan(TripRequest("kon-tum-city-centre", TUESDAY, 1), network=real, params=FAST)


@pytest.fixture(scope="module")
def pakse(real: Network) -> Itinerary:
    """Return the 5-day Kon Tum → Pakse coach trip of the README."""
    req = TripRequest("kon-tum-city-centre", TUESDAY, 5, end="pakse", mode="coach")
    return plan(req, network=real, params=FAST)


def _codes(trip: Itinerary, day: int) -> list[str]:
    return [n.code for n in trip.days[day].notes]


def test_standard_pace_bounds_visits_and_the_active_day(city: Itinerary, real: Network) -> None:
    """Tests that a standard day has at most 6 visits and 9 h from leaving to arriving."""
    day = city.days[0]
    assert 3 <= len(day.stops) <= 6
    assert day.arrive - day.depart <= dt.timedelta(hours=9)
    assert check_itinerary(city, network=real) == []
    assert "plan.pace" in _codes(city, 0)


def test_relaxed_pace_and_overrides(real: Network) -> None:
    """Tests that the relaxed profile and a per-request override bound the visits."""
    relaxed = plan(
        TripRequest("kon-tum-city-centre", TUESDAY, 1, pace_profile="relaxed"),
        network=real,
        params=FAST,
    )
    assert len(relaxed.days[0].stops) <= 4
    assert relaxed.days[0].arrive - relaxed.days[0].depart <= dt.timedelta(hours=8)
    two = plan(
        TripRequest("kon-tum-city-centre", TUESDAY, 1, max_visits=2), network=real, params=FAST
    )
    assert len(two.days[0].stops) == 2
    assert check_itinerary(two, network=real) == []


def test_request_pace_fields_are_parsed_and_validated(real: Network) -> None:
    """Tests that pace_profile, max_visits and max_active_minutes parse, and bad values say why."""
    base = {"start": "kon-tum-city-centre", "date": "2026-12-08", "days": "1"}
    req = parse_request(
        {**base, "pace_profile": "intensive", "max_visits": "7", "max_active_minutes": "600"},
        network=real,
    )
    assert (req.profile.name, req.profile.visits, req.profile.active_minutes) == (
        "intensive",
        7,
        600,
    )
    with pytest.raises(InvalidRequestError, match=r"`pace_profile` must be one of relaxed"):
        parse_request({**base, "pace_profile": "fast"}, network=real)
    with pytest.raises(InvalidRequestError, match=r"`max_visits` must be a whole number between"):
        parse_request({**base, "max_visits": 0}, network=real)
    with pytest.raises(InvalidRequestError, match=r"`max_active_minutes` must be"):
        TripRequest("kon-tum-city-centre", TUESDAY, 1, max_active_minutes=60)


def test_towns_gateways_and_gates_are_never_visits(pakse: Itinerary, real: Network) -> None:
    """Tests that no stop is a town, gateway, overnight place or the border gate itself."""
    assert "cua-khau-quoc-te-bo-y" in gate_sites(real)
    for stop in (s for d in pakse.days for s in d.stops):
        site = real.site(stop.site)
        assert site.kind == "attraction" and not site.overnight, stop.site
        assert stop.site not in gate_sites(real)
    assert check_itinerary(pakse, network=real) == []


def test_a_town_as_must_visit_is_explained(real: Network) -> None:
    """Tests that naming a town as a must-visit is explained, not booked as a 60-min sight."""
    trip = plan(
        TripRequest("kon-tum-city-centre", TUESDAY, 1, must_visit=("dak-to-town",)),
        network=real,
        params=FAST,
    )
    assert "dak-to-town" not in trip.visited
    (missing,) = [w for w in trip.warnings if w.code == "plan.must-visit-missing"]
    assert "not a sightseeing visit" in missing.text


def test_checker_catches_a_town_visit(city: Itinerary, real: Network) -> None:
    """Tests that the checker reports a stop at a town as a broken rule."""
    day = city.days[0]
    town = dataclasses.replace(day.stops[0], site="dak-ha-town")
    broken = dataclasses.replace(
        city, days=(dataclasses.replace(day, stops=(town, *day.stops[1:])),)
    )
    assert "sight" in {v.kind for v in check_itinerary(broken, network=real)}


def test_lunch_is_taken_where_a_group_can_eat(pakse: Itinerary, real: Network) -> None:
    """Tests that every lunch is at a site that serves food and is open through it."""
    for day in pakse.days:
        assert day.lunch is not None
        begin, end, place = day.lunch
        site = real.site(place)
        assert site.serves_food, place
        country = "VN" if site.country == "VN" else None
        assert is_open(site.opening_hours, begin, country=country)
        assert is_open(site.opening_hours, end - dt.timedelta(seconds=1), country=country)
        visits = [s for s in day.stops if s.start < end and begin < s.start]
        assert all(s.site == place or s.arrive >= end for s in visits)
    assert all("plan.lunch" in _codes(pakse, k) for k in range(len(pakse.days)))


def test_checker_catches_lunch_where_no_food_is_served(city: Itinerary, real: Network) -> None:
    """Tests that moving lunch to a sight that serves no food is reported."""
    day = city.days[0]
    assert day.lunch is not None
    stop = day.stops[-1]
    assert not real.site(stop.site).serves_food
    moved = dataclasses.replace(day, lunch=(stop.start, stop.start, stop.site))
    kinds = {
        v.kind for v in check_itinerary(dataclasses.replace(city, days=(moved,)), network=real)
    }
    assert "lunch-food" in kinds


def test_outdoor_sites_are_visited_in_daylight(real: Network) -> None:
    """Tests a Măng Đen day in December: outdoor visits start after sunrise, end by sunset."""
    trip = plan(TripRequest("mang-den-town", TUESDAY, 1), network=real, params=FAST)
    outdoor = [s for s in trip.days[0].stops if real.site(s.site).setting == "outdoor"]
    assert outdoor
    for stop in outdoor:
        site = real.site(stop.site)
        rise, sunset = daylight(site, TUESDAY)
        assert rise <= stop.start
        assert stop.start + dt.timedelta(minutes=site.visit_minutes) <= sunset
    assert "plan.daylight" in _codes(trip, 0)
    assert check_itinerary(trip, network=real) == []


@pytest.mark.parametrize("site_id", ["thac-pa-sy", "wat-phou", "kon-tum-wooden-church"])
def test_daylight_is_astrals_sunrise_and_sunset(site_id: str, real: Network) -> None:
    """Tests that daylight is what astral's ``sun`` gives, on every 9th day of two years."""
    site = real.site(site_id)
    zone = zoneinfo.ZoneInfo(site.timezone)
    for k in range(0, 731, 9):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=k)
        times = sun(Observer(site.lat, site.lon), day, tzinfo=zone)
        expected = (times["sunrise"].replace(tzinfo=None), times["sunset"].replace(tzinfo=None))
        assert daylight(site, day) == expected, day


def test_checker_catches_an_outdoor_visit_after_sunset(real: Network) -> None:
    """Tests that an outdoor visit moved past sunset is reported as dark."""
    trip = plan(TripRequest("mang-den-town", TUESDAY, 1), network=real, params=FAST)
    day = trip.days[0]
    k, stop = next(
        (k, s) for k, s in enumerate(day.stops) if real.site(s.site).setting == "outdoor"
    )
    late = dt.datetime.combine(TUESDAY, dt.time(17, 40))
    stops = list(day.stops)
    stops[k] = dataclasses.replace(
        stop, arrive=late, start=late, depart=late + dt.timedelta(hours=1)
    )
    broken = dataclasses.replace(trip, days=(dataclasses.replace(day, stops=tuple(stops)),))
    assert "daylight" in {v.kind for v in check_itinerary(broken, network=real)}


def test_values_grow_faster_than_interest(real: Network) -> None:
    """Tests that one interest-10 site is worth at least four interest-5 ones."""
    wat_phou = real.site("wat-phou")
    assert wat_phou.interest == 10
    five = dataclasses.replace(wat_phou, interest=5)
    assert site_value(wat_phou, {}) >= 4 * site_value(five, {})


@pytest.mark.parametrize("days", [1, 2, 3])
def test_a_trip_with_a_day_in_champasak_includes_wat_phou(days: int, real: Network) -> None:
    """Tests that 1- to 3-day Champasak trips include Wat Phou and say why."""
    trip = plan(TripRequest("champasak-town", TUESDAY, days), network=real, params=FAST)
    assert "wat-phou" in trip.visited
    notes = [n for d in trip.days for n in d.notes if n.code == "plan.highlight"]
    assert any("Wat Phou" in n.text or "wat-phou" in str(n.params) for n in notes)
    assert check_itinerary(trip, network=real) == []


def test_the_readme_coach_trip_includes_wat_phou(pakse: Itinerary) -> None:
    """Tests that the 5-day Kon Tum → Pakse coach trip, passing near Champasak, sees Wat Phou."""
    assert "wat-phou" in pakse.visited


def test_variety_caps_one_kind_per_day(pakse: Itinerary, real: Network) -> None:
    """Tests that no day has more than two visits of one main category (standard pace)."""
    for day in pakse.days:
        counts = Counter(main_category(real.site(s.site)) for s in day.stops)
        assert max(counts.values(), default=0) <= 2


def test_sights_only_rule() -> None:
    """Tests the sights-only rule on the shipped catalogue: towns and gateways never qualify."""
    from tourlink.read import load_network

    net = load_network()
    kinds = {s.kind for s in net.sites.values() if is_sight(net, s)}
    assert kinds == {"attraction"}
    assert not is_sight(net, net.site("pakse"))
