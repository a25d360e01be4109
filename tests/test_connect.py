"""Tests of tourlink.connect: chaining published tours and ranking the next tour."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tourlink.connect import connect, next_tours
from tourlink.exceptions import InvalidRequestError
from tourlink.network import Network
from tourlink.planner.check import check_itinerary
from tourlink.tours import Tour, load_tours

REPO_DATA = Path(__file__).resolve().parents[1] / "data"
TUESDAY = dt.date(2026, 3, 3)


@pytest.fixture(scope="module")
def tours(real: Network) -> dict[str, Tour]:
    """Return the shipped tours by id."""
    return {t.id: t for t in load_tours(REPO_DATA, network=real)}


def test_city_day_then_mang_den(tours: dict[str, Tour], real: Network) -> None:
    """Tests two Kon Tum tours back to back: three days, checker-clean, no transfer."""
    trip = connect([tours["kon-tum-city-day"], tours["mang-den-2-days"]], start_date=TUESDAY,
                   network=real)
    assert [d.date for d in trip.days] == [TUESDAY + dt.timedelta(days=i) for i in range(3)]
    assert trip.days[1].overnight == "mang-den-town"
    assert check_itinerary(trip, network=real) == []
    assert not any("Transfer" in n for d in trip.days for n in d.notes)


def test_cross_border_route_crosses_once(tours: dict[str, Tour], real: Network) -> None:
    """Tests the Kon Tum – Bờ Y – Attapeu – Pakse route: one crossing, feasible by coach."""
    trip = connect([tours["kon-tum-bo-y-attapeu-pakse"]], start_date=TUESDAY, mode="coach",
                   network=real)
    assert trip.days[0].crossings == ("bo-y-phou-keua",)
    assert check_itinerary(trip, network=real) == []
    assert any("assumed: check before travel" in w for w in trip.warnings)


def test_long_transfer_is_warned(tours: dict[str, Tour], real: Network) -> None:
    """Tests that a Kon Tum day tour followed by a tour starting in Pakse warns of the transfer."""
    laos = tours["southern-laos-bolaven-wat-phou-4000-islands"]
    trip = connect([tours["kon-tum-city-day"], laos], start_date=TUESDAY, network=real)
    assert trip.days[0].overnight == "pakse"
    assert trip.days[0].crossings == ("bo-y-phou-keua",)
    assert any("cannot start on time" in w for w in trip.warnings)
    assert any(v.kind == "window" for v in check_itinerary(trip, network=real))


def test_next_tours_ranked_by_transfer(tours: dict[str, Tour], real: Network) -> None:
    """Tests that tours starting where a tour ends come first, ranked by transfer time."""
    ranked = next_tours(tours["kon-tum-city-day"], list(tours.values()), network=real)
    minutes = [r.minutes for _, r in ranked]
    assert minutes == sorted(minutes)
    assert ranked[0][1].minutes == 0 and ranked[0][0].start == "kon-tum-city-centre"
    assert all(t.id != "kon-tum-city-day" for t, _ in ranked)


def test_no_tours_is_an_error(real: Network) -> None:
    """Tests that connecting nothing is refused."""
    with pytest.raises(InvalidRequestError, match="at least one tour"):
        connect([], start_date=TUESDAY, network=real)
