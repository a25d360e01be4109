"""Tests of the connection search over operators' departures (tourlink.connect.search)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from decimal import Decimal

import pytest

from tourlink.connect import (
    ConnectionQuery,
    Departure,
    Package,
    Timetable,
    TransferRules,
    example_timetable,
    search,
    startable_after,
    why_not,
)
from tourlink.connect.build import verifier
from tourlink.connect.search import Search, _Partial, verified
from tourlink.connect.transfer import Transfers
from tourlink.exceptions import InvalidRequestError
from tourlink.messages import Message
from tourlink.network import Network
from tourlink.planner.check import check_itinerary

MONDAY = dt.date(2026, 3, 2)
LAOS_AND_KON_TUM = frozenset({"kon-tum-city", "southern-laos"})


@pytest.fixture(scope="module")
def table(real: Network) -> Timetable:
    """Return the shipped example timetable."""
    return example_timetable(real)


def brute_force(timetable: Timetable, query: ConnectionQuery, net: Network) -> list[Package]:
    """Return the best packages by enumerating every chain of departures, no pruning."""
    run = Search(timetable, query, net)
    complete: list[Package] = []

    def grow(part: _Partial) -> None:
        done = run.finish(part)
        if isinstance(done, Package):
            complete.append(done)
        if len(part.steps) == query.max_tours:
            return
        for dep in run.departures:
            ends = part.free.date()
            if dep.tour.id in part.used or (dep.date <= ends if part.steps else dep.date < ends):
                continue
            child = run.extend(part, dep)
            if not isinstance(child, Message):
                grow(child)

    grow(run.start())
    complete.sort(key=lambda p: p.key)
    return verified(iter(complete), query.limit, verifier(net, query), [])


def random_timetable(base: Timetable, seed: int) -> Timetable:
    """Return 5 of the example tours with random weekdays, seasons kept."""
    rng = random.Random(seed)
    tours = rng.sample(base.tours, 5)
    return replace(
        base,
        tours=tuple(
            replace(t, weekdays=frozenset(rng.sample(range(7), rng.randint(1, 4))), seasons=())
            for t in tours
        ),
    )


@pytest.mark.parametrize("seed", range(8))
def test_search_equals_brute_force_on_small_timetables(
    seed: int, table: Timetable, real: Network
) -> None:
    """Tests that the best-first search returns exactly brute force's best packages."""
    small = random_timetable(table, seed)
    rng = random.Random(seed + 100)
    origin = rng.choice(["da-nang", "kon-tum-city-centre", "pleiku", "pakse"])
    zones = frozenset(rng.sample(sorted({z for t in small.tours for z in t.zones}), 2))
    to = rng.choice([None, "kon-tum-city-centre", "pakse"])
    query = ConnectionQuery(origin, MONDAY, 7, to=to, zones=zones, max_tours=3, limit=4)
    found, _ = search(small, query, network=real)
    expected = brute_force(small, query, real)
    assert [p.key for p in found] == [p.key for p in expected]


def test_danang_to_pakse_via_kon_tum(table: Timetable, real: Network) -> None:
    """Tests the issue's example: from Đà Nẵng, 2–9 March, Kon Tum and Laos, ending in Pakse."""
    query = ConnectionQuery("da-nang", MONDAY, 8, to="pakse", zones=LAOS_AND_KON_TUM)
    found, _ = search(table.visible_to(None), query, network=real)
    assert found, "the example timetable must connect Đà Nẵng to Pakse in a week"
    keys = [p.key for p in found]
    assert keys == sorted(keys)
    for package in found:
        assert package.itinerary is not None
        assert (
            check_itinerary(package.itinerary, network=real, must_visit=False, day_rules=False)
            == []
        )
        assert package.zones >= LAOS_AND_KON_TUM
        assert package.itinerary.days[-1].overnight == "pakse"
        assert package.start >= MONDAY and package.end <= dt.date(2026, 3, 9)
        assert all(d.tour.shared for _, d in package.steps)
        assert "bo-y-phou-keua" in package.crossings
        assert any("passport" in p for p in package.papers(real))
    first = found[0]
    assert first.days == len(first.itinerary.days) if first.itinerary else False


def test_transfers_arrive_before_departure_with_buffer(table: Timetable, real: Network) -> None:
    """Tests that every driven transfer arrives by the day's end and a buffer before departure."""
    rules = TransferRules(buffer_minutes=90)
    query = ConnectionQuery("da-nang", MONDAY, 8, zones=LAOS_AND_KON_TUM, rules=rules, limit=8)
    found, _ = search(table, query, network=real)
    assert found
    for package in found:
        for transfer, dep in package.steps:
            if transfer.arrive is not None:
                assert transfer.arrive <= dep.start - dt.timedelta(minutes=90)
                assert transfer.arrive.time() <= rules.day_end


def test_tet_gate_closure_rejects_the_transfer_with_the_reason(real: Network) -> None:
    """Tests that a drive over the Bờ Y gate on a Tết closure day is refused, naming the gate."""
    transfers = Transfers(real)
    free = dt.datetime(2027, 2, 5, 17, 0)
    refused = transfers.plan("kon-tum-city-centre", free, "pakse", dt.datetime(2027, 2, 7, 8, 0))
    assert isinstance(refused, Message)
    assert "Bờ Y" in str(refused) and "closed" in str(refused)
    ok = transfers.plan("kon-tum-city-centre", free, "pakse", dt.datetime(2027, 2, 9, 8, 0))
    assert not isinstance(ok, Message) and ok.leave == dt.datetime(2027, 2, 8, 7, 30)
    assert ok.crossings == ("bo-y-phou-keua",)


def test_wait_only_where_groups_can_stay(real: Network) -> None:
    """Tests that a transfer refuses to leave the group overnight at a waterfall."""
    transfers = Transfers(real)
    free = dt.datetime(2026, 3, 3, 17, 0)
    refused = transfers.plan("thac-pa-sy", free, "thac-pa-sy", dt.datetime(2026, 3, 4, 8, 0))
    assert isinstance(refused, Message) and "not a place where groups can stay" in str(refused)


def test_unshared_tour_is_offered_to_its_operator_only(table: Timetable, real: Network) -> None:
    """Tests that the unshared Bolaven coffee day is offered to its operator, never to others."""
    query = ConnectionQuery("pakse", dt.date(2026, 3, 3), 1, zones=frozenset({"southern-laos"}))
    own, _ = search(table.visible_to("example-pakse-travel"), query, network=real)
    assert [d.tour.id for p in own for _, d in p.steps] == ["pakse-bolaven-coffee-day"]
    other, _ = search(table.visible_to("example-kontum-tours"), query, network=real)
    assert other == []
    why = why_not(table.visible_to(None), query, "pakse-bolaven-coffee-day", network=real)
    assert [m.code for m in why] == ["connect.not-offerable"]


def test_why_not_out_of_season_and_refused_departures(table: Timetable, real: Network) -> None:
    """Tests the explanations: no departure in the rainy season, a transfer too long."""
    july = ConnectionQuery(
        "kon-tum-city-centre", dt.date(2026, 7, 6), 5, zones=frozenset({"mang-den"})
    )
    why = why_not(table, july, "mangden-lakes-waterfalls-day", network=real)
    assert [m.code for m in why] == ["connect.no-departure"]
    short_days = TransferRules(day_end=dt.time(15, 0))
    far = ConnectionQuery(
        "da-nang", MONDAY, 2, zones=frozenset({"southern-laos"}), rules=short_days
    )
    reasons = why_not(table, far, "pakse-bolaven-coffee-day", network=real)
    assert [m.code for m in reasons] == ["connect.departure-refused"]
    assert "pakse-bolaven-coffee-day@2026-03-03" in str(reasons[0])
    assert "after the day ends at 15:00" in str(reasons[0])
    city = why_not(table, far, "kontum-heritage-city-day", network=real)
    assert [m.code for m in city] == ["connect.departure-refused", "connect.no-package"]
    assert "@2026-03-02: There is no day" in str(city[0])


def test_why_not_offered_and_ranked(table: Timetable, real: Network) -> None:
    """Tests that an offered tour names its package, and a lower-ranked one says so."""
    query = ConnectionQuery(
        "kon-tum-city-centre", MONDAY, 6, zones=frozenset({"mang-den"}), limit=1
    )
    best, _ = search(table, query, network=real)
    top = best[0].steps[0][1].tour.id
    assert [m.code for m in why_not(table, query, top, network=real)] == ["connect.offered"]
    lower = why_not(table, query, "kontum-mangden-2-days", network=real)
    if top != "kontum-mangden-2-days":
        assert [m.code for m in lower] == ["connect.ranked-lower"]


def test_startable_after_the_city_day(table: Timetable, real: Network) -> None:
    """Tests 'what can start tomorrow' after the Kon Tum city day of Tuesday 3 March."""
    city = Departure(table.tour("kontum-heritage-city-day"), dt.date(2026, 3, 3))  # type: ignore[arg-type]
    found = startable_after(table, city, network=real)
    ids = [d.tour.id for d, _ in found]
    assert ids[0] == "kontum-mangden-2-days" and found[0][1].leave is None
    assert all(d.date == dt.date(2026, 3, 4) for d, _ in found)
    drives = [t for _, t in found if t.leave is not None]
    assert all(t.evening and t.leave == city.end for t in drives)


def test_price_and_nights_add_up(table: Timetable, real: Network) -> None:
    """Tests a package's figures: price is the sum of its tours, nights the off-tour nights."""
    query = ConnectionQuery("da-nang", MONDAY, 8, to="pakse", zones=LAOS_AND_KON_TUM, limit=3)
    for package in search(table, query, network=real)[0]:
        assert package.price_from == sum((d.tour.price_from for _, d in package.steps), Decimal(0))
        on_tour = sum(d.tour.days - 1 for _, d in package.steps)
        assert package.nights_in_transfer == package.days - 1 - on_tour


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (
            {"days": 0, "zones": frozenset({"bo-y"})},
            r"`days` must be a whole number between 1 and 60, got 0",
        ),
        ({"days": 3}, "Give `to`"),
        ({"days": 3, "zones": frozenset({"hanoi"})}, r"`zones` must be one of .*'hanoi'"),
        (
            {"days": 3, "to": "pakse", "limit": 51},
            r"`limit` must be a whole .* 1 and 50",
        ),
    ],
)
def test_bad_queries_are_refused(kwargs: dict[str, object], match: str) -> None:
    """Tests that a bad query names the field, the value and what is expected."""
    with pytest.raises(InvalidRequestError, match=match):
        ConnectionQuery("da-nang", MONDAY, **kwargs)  # type: ignore[arg-type]
