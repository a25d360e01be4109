"""Tests of tourlink.connect: chaining published tours and ranking the next tour."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest

from tourlink.connect import connect, next_tours
from tourlink.exceptions import InfeasibleRequestError, InvalidRequestError
from tourlink.itinerary import Itinerary
from tourlink.network import Network
from tourlink.planner.check import check_itinerary
from tourlink.tours import Tour, load_tours

REPO_DATA = Path(__file__).resolve().parents[1] / "data"
TUESDAY = dt.date(2026, 3, 3)
TET_EVE = dt.date(2027, 2, 4)  # the Bờ Y – Phou Keua gate is closed 2027-02-06 to 02-07 (Tết)
LATE = dt.time(19, 0)
EARLY = dt.time(16, 30)  # the shipped southern Laos tour's day 2 reaches Muang Khong near 17:40
CROSS_BORDER = "kon-tum-bo-y-attapeu-pakse"
LAOS = "southern-laos-bolaven-wat-phou-4000-islands"


@pytest.fixture(scope="module")
def tours(real: Network) -> dict[str, Tour]:
    """Return the shipped tours by id."""
    return {t.id: t for t in load_tours(REPO_DATA, network=real)}


def assert_feasible(trip: Itinerary, net: Network) -> None:
    """Assert the checker accepts ``trip`` and that no day ends on a later date."""
    assert check_itinerary(trip, network=net, must_visit=False, day_rules=False) == []
    for day in trip.days:
        assert day.arrive.date() == day.date
        assert day.arrive <= dt.datetime.combine(day.date, trip.request.day_end)
    assert [d.date for d in trip.days] == list(trip.request.dates)


def test_city_day_then_mang_den(tours: dict[str, Tour], real: Network) -> None:
    """Tests two Kon Tum tours back to back: three days, checker-clean, no transfer."""
    trip = connect(
        [tours["kon-tum-city-day"], tours["mang-den-2-days"]], start_date=TUESDAY, network=real
    )
    assert [d.date for d in trip.days] == [TUESDAY + dt.timedelta(days=i) for i in range(3)]
    assert trip.days[1].overnight == "mang-den-town"
    assert check_itinerary(trip, network=real, day_rules=False) == []
    assert not any("Transfer" in n for d in trip.days for n in map(str, d.notes))


def test_cross_border_route_crosses_once(tours: dict[str, Tour], real: Network) -> None:
    """Tests the Kon Tum – Bờ Y – Attapeu – Pakse route: one crossing, feasible by coach."""
    trip = connect([tours[CROSS_BORDER]], start_date=TUESDAY, mode="coach", network=real)
    assert trip.days[0].crossings == ("bo-y-phou-keua",)
    assert check_itinerary(trip, network=real, day_rules=False) == []
    assert any("assumed: check before travel" in w for w in map(str, trip.warnings))


def test_tet_closure_shifts_the_cross_border_tour(tours: dict[str, Tour], real: Network) -> None:
    """Tests that a tour whose border day falls on the Tết closure waits a day in Kon Tum."""
    chain = [tours["kon-tum-city-day"], tours["mang-den-2-days"], tours[CROSS_BORDER]]
    trip = connect(chain, start_date=TET_EVE, mode="coach", network=real)
    assert_feasible(trip, real)
    wait = trip.days[3]
    assert (wait.date, wait.start_site, wait.overnight, wait.stops) == (
        dt.date(2027, 2, 7),
        "kon-tum-city-centre",
        "kon-tum-city-centre",
        (),
    )
    assert trip.days[4].date == dt.date(2027, 2, 8)
    assert trip.days[4].crossings == ("bo-y-phou-keua",)
    assert trip.days[4].overnight == "attapeu"
    assert len(trip.days) == 7
    shift = [
        w for w in map(str, trip.warnings) if "starts on 8 Feb 2027 instead of 7 Feb 2027" in w
    ]
    assert len(shift) == 1 and "Tết" in shift[0] and "waits 1 day" in shift[0]
    assert not any("after 18:30" in w and "instead of" not in w for w in map(str, trip.warnings))


def test_tet_closure_refused_without_shift(tours: dict[str, Tour], real: Network) -> None:
    """Tests that with shift=False the Tết case is refused, naming tour, date and gate."""
    chain = [tours["kon-tum-city-day"], tours["mang-den-2-days"], tours[CROSS_BORDER]]
    with pytest.raises(InfeasibleRequestError) as info:
        connect(chain, start_date=TET_EVE, mode="coach", network=real, shift=False)
    text = str(info.value)
    assert text.startswith(f"Tour {tours[CROSS_BORDER].name_en}, day 1 on 7 Feb 2027")
    assert "Bờ Y – Phou Keua gate is closed" in text and "shift=False" in text


def test_tet_closure_longer_than_the_allowed_wait(tours: dict[str, Tour], real: Network) -> None:
    """Tests that a wait longer than max_wait_days is refused (two closed days, one allowed)."""
    with pytest.raises(InfeasibleRequestError, match=r"6 Feb 2027.*up to 1 day"):
        connect(
            [tours[CROSS_BORDER]],
            start_date=dt.date(2027, 2, 6),
            mode="coach",
            network=real,
            max_wait_days=1,
        )
    trip = connect(
        [tours[CROSS_BORDER]],
        start_date=dt.date(2027, 2, 6),
        mode="coach",
        network=real,
        max_wait_days=2,
    )
    assert_feasible(trip, real)
    assert trip.days[2].date == dt.date(2027, 2, 8) and trip.days[2].stops


def test_transfer_waits_before_the_closed_gate(tours: dict[str, Tour], real: Network) -> None:
    """Tests a transfer on Tết: the night before the gate is spent on the Vietnamese side."""
    trip = connect(
        [tours["kon-tum-city-day"], tours[LAOS]],
        start_date=dt.date(2027, 2, 6),
        network=real,
        day_end=LATE,
    )
    assert_feasible(trip, real)
    first, wait, drive = trip.days[:3]
    assert real.site(first.overnight).country == "VN" and real.site(first.overnight).overnight
    assert first.overnight != "kon-tum-city-centre" and not first.crossings
    assert (wait.date, wait.overnight, wait.stops) == (dt.date(2027, 2, 7), first.overnight, ())
    assert drive.crossings == ("bo-y-phou-keua",) and drive.overnight == "pakse"
    assert trip.days[3].date == dt.date(2027, 2, 9) and trip.days[3].start_site == "pakse"
    assert any(w.startswith("7 Feb 2027: the group waits a day") for w in map(str, trip.warnings))


def test_long_transfer_gets_a_transfer_day(tours: dict[str, Tour], real: Network) -> None:
    """Tests a Kon Tum day tour, then a tour from Pakse: the transfer needs an extra day."""
    trip = connect(
        [tours["kon-tum-city-day"], tours[LAOS]], start_date=TUESDAY, network=real, day_end=LATE
    )
    assert_feasible(trip, real)
    assert "bo-y-phou-keua" in trip.days[0].crossings + trip.days[1].crossings
    assert trip.days[1].overnight == "pakse" and trip.days[2].start_site == "pakse"
    assert trip.days[2].date == TUESDAY + dt.timedelta(days=2)
    assert any("starts on 5 Mar 2026 instead of 4 Mar 2026" in w for w in map(str, trip.warnings))


def test_long_transfer_refused_without_shift(tours: dict[str, Tour], real: Network) -> None:
    """Tests that with shift=False an evening transfer arriving too late is refused."""
    with pytest.raises(
        InfeasibleRequestError,
        match=r"cannot start on 4 Mar 2026: the transfer .* to Pakse .*after 19:00",
    ):
        connect(
            [tours["kon-tum-city-day"], tours[LAOS]],
            start_date=TUESDAY,
            network=real,
            day_end=LATE,
            shift=False,
        )


def test_reversed_order_breaks_the_long_transfer(tours: dict[str, Tour], real: Network) -> None:
    """Tests Pakse back to Kon Tum: a night at a lodging place between, then the city day."""
    trip = connect(
        [tours[CROSS_BORDER], tours["kon-tum-city-day"]], start_date=TUESDAY, network=real
    )
    assert_feasible(trip, real)
    assert len(trip.days) == 5
    stay = trip.days[2].overnight
    assert stay not in ("pakse", "kon-tum-city-centre") and real.site(stay).overnight
    assert trip.days[3].stops == () and trip.days[3].overnight == "kon-tum-city-centre"
    assert trip.days[4].stops[0].site == "bao-tang-kon-tum"


def test_tour_day_too_long_is_refused(tours: dict[str, Tour], real: Network) -> None:
    """Tests that a tour day ending after the window is refused, not shifted or warned."""
    with pytest.raises(
        InfeasibleRequestError,
        match=r"day 2 on 4 Mar 2026 reaches Muang Khong only at "
        r"4 Mar 2026 17:\d\d, after the day ends at 16:30",
    ):
        connect([tours[LAOS]], start_date=TUESDAY, network=real, day_end=EARLY)
    assert_feasible(connect([tours[LAOS]], start_date=TUESDAY, network=real, day_end=LATE), real)


def test_mode_not_allowed_is_refused(tours: dict[str, Tour], real: Network) -> None:
    """Tests that a tour on a road closed to coaches is refused with tour, date and road."""
    with pytest.raises(
        InfeasibleRequestError, match=r"Bờ Y and the Indochina tri-border .* by coach on 3 Mar 2026"
    ):
        connect([tours["bo-y-tri-border-day"]], start_date=TUESDAY, mode="coach", network=real)


def test_repeated_site_is_visited_once(tours: dict[str, Tour], real: Network) -> None:
    """Tests that a site two tours share (Kon Tum wooden church) is visited only once."""
    trip = connect(
        [tours["kon-tum-city-day"], tours["pleiku-kon-tum-mang-den"]],
        start_date=TUESDAY,
        network=real,
    )
    assert_feasible(trip, real)
    assert trip.visited.count("kon-tum-wooden-church") == 1
    assert any("already visited" in w for w in map(str, trip.warnings))


@pytest.mark.parametrize("start", [TUESDAY, dt.date(2027, 2, 5)])
def test_every_pair_is_feasible_or_clearly_refused(
    tours: dict[str, Tour], real: Network, start: dt.date
) -> None:
    """Tests all ordered pairs of shipped tours: a checker-clean package or a clear refusal."""
    made = 0
    for a, b in itertools.permutations(tours.values(), 2):
        try:
            trip = connect([a, b], start_date=start, network=real, day_end=LATE)
        except InfeasibleRequestError as exc:
            text = str(exc)
            assert text.startswith("Tour ") and re.search(r"\d{4}-\d\d-\d\d", text), text
            continue
        assert_feasible(trip, real)
        made += 1
    assert made >= 25


def test_bad_options_are_errors(tours: dict[str, Tour], real: Network) -> None:
    """Tests that connecting nothing or a negative wait is refused."""
    with pytest.raises(InvalidRequestError, match="at least one tour"):
        connect([], start_date=TUESDAY, network=real)
    with pytest.raises(InvalidRequestError, match=r"max_wait_days.*-1"):
        connect([tours["kon-tum-city-day"]], start_date=TUESDAY, network=real, max_wait_days=-1)


def test_next_tours_ranked_by_transfer(tours: dict[str, Tour], real: Network) -> None:
    """Tests that tours starting where a tour ends come first, ranked by transfer time."""
    ranked = next_tours(tours["kon-tum-city-day"], list(tours.values()), network=real)
    minutes = [r.minutes for _, r in ranked]
    assert minutes == sorted(minutes)
    assert ranked[0][1].minutes == 0 and ranked[0][0].start == "kon-tum-city-centre"
    assert all(t.id != "kon-tum-city-day" for t, _ in ranked)
    assert [t.id for t, _ in ranked][-2:] == ["pleiku-kon-tum-mang-den", LAOS]
    assert 0 < ranked[-2][1].minutes < ranked[-1][1].minutes


def test_next_tours_respects_mode_and_limit(tours: dict[str, Tour], real: Network) -> None:
    """Tests that a transfer longer than max_minutes (Kon Tum to Pakse by coach) is left out."""
    by_car = {
        t.id for t, _ in next_tours(tours["kon-tum-city-day"], list(tours.values()), network=real)
    }
    by_coach = {
        t.id
        for t, _ in next_tours(
            tours["kon-tum-city-day"], list(tours.values()), mode="coach", network=real
        )
    }
    assert LAOS in by_car and LAOS not in by_coach
    short = next_tours(
        tours["kon-tum-city-day"], list(tours.values()), network=real, max_minutes=30
    )
    assert all(r.minutes <= 30 for _, r in short) and "pleiku-kon-tum-mang-den" not in {
        t.id for t, _ in short
    }


def test_next_tours_across_a_closed_border(tours: dict[str, Tour], real: Network) -> None:
    """Tests that a tour beyond the gate is not startable after a transfer on a Tết day."""
    after, pool = tours["kon-tum-city-day"], list(tours.values())
    normal = {
        t.id for t, _ in next_tours(after, pool, network=real, transfer_date=dt.date(2026, 3, 4))
    }
    tet = {
        t.id for t, _ in next_tours(after, pool, network=real, transfer_date=dt.date(2027, 2, 7))
    }
    assert LAOS in normal and LAOS not in tet
    assert normal - tet == {LAOS}


@pytest.mark.parametrize("start", [dt.date(9999, 12, 31), dt.date(1999, 12, 31)])
def test_dates_outside_the_supported_range_are_refused(
    tours: dict[str, Tour], real: Network, start: dt.date
) -> None:
    """Tests that connect and next_tours name the date field when it is out of range."""
    with pytest.raises(InvalidRequestError, match=r"`start_date` must be between 2000-01-01"):
        connect([tours[LAOS]], start_date=start, network=real)
    with pytest.raises(InvalidRequestError, match=r"`transfer_date` must be between"):
        next_tours(tours[LAOS], list(tours.values()), network=real, transfer_date=start)
