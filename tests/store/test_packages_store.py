"""Tests of saving connection packages: a new itinerary, or a new version, never a loss.

A package re-planned into an itinerary saved from the planner becomes its next version;
two operators saving into the same version at once get one success and one refusal
naming the version saved meanwhile, and every version keeps its own package. Runs on
SQLite and on PostgreSQL (``TOURLINK_TEST_DATABASE_URL``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from databases import make_actor, race
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tourlink.connect import ConnectionQuery, Package, example_timetable, search
from tourlink.network import Network
from tourlink.store import Itineraries, StaleVersionError, make_sessions
from tourlink.store.errors import NotFoundError
from tourlink.store.packages import REPLANNED, SAVED, save_package, saved_packages


@pytest.fixture(scope="module")
def packages(real: Network) -> list[Package]:
    """Return the best packages from Đà Nẵng to Pakse over 8 days (example timetable)."""
    query = ConnectionQuery(
        "da-nang", dt.date(2026, 3, 2), 8, to="pakse", zones=frozenset({"kon-tum-city"})
    )
    found, _ = search(example_timetable(real), query, network=real)
    assert len(found) >= 3
    return found


def _departures(session: Session, actor: Any, itinerary_id: int, number: int) -> list[str]:
    version = Itineraries(session, actor).version(itinerary_id, number)
    return [p["departure"] for p in version.snapshot["package"]["parts"]]


def test_a_replanned_package_is_the_next_version(
    db_session: Session, packages: list[Package], real: Network
) -> None:
    """Tests that saving into an itinerary adds a version and keeps the earlier one whole."""
    actor = make_actor(db_session)
    first = save_package(db_session, actor, packages[0], real, name="Lan's trip", customer="Lan")
    db_session.commit()
    again = save_package(
        db_session, actor, packages[1], real, name="Lan's trip", into=(first.itinerary_id, 1)
    )
    db_session.commit()
    assert (again.itinerary_id, again.number) == (first.itinerary_id, 2)
    assert again.customer == "Lan" and again.summary == REPLANNED and first.summary == SAVED
    ids = [[d.id for _, d in p.steps] for p in packages[:2]]
    assert _departures(db_session, actor, first.itinerary_id, 1) == ids[0]
    assert _departures(db_session, actor, first.itinerary_id, 2) == ids[1]
    assert [i.id for i in saved_packages(db_session, actor)] == [first.itinerary_id]
    with pytest.raises(StaleVersionError, match="based on version 1, but version 2"):
        save_package(db_session, actor, packages[2], real, name="x", into=(first.itinerary_id, 1))
    db_session.rollback()
    assert len(Itineraries(db_session, actor).versions(first.itinerary_id)) == 2
    other = make_actor(db_session, "other-travel")
    assert saved_packages(db_session, other) == []
    with pytest.raises(NotFoundError):
        save_package(db_session, other, packages[2], real, name="x", into=(first.itinerary_id, 2))


def test_only_itineraries_first_saved_from_the_planner_are_listed(
    db_session: Session, packages: list[Package], real: Network
) -> None:
    """Tests that a hand-made itinerary is not offered as a package to re-plan."""
    from tourlink.store import Draft

    actor = make_actor(db_session)
    made = save_package(db_session, actor, packages[0], real, name="from the planner")
    snapshot = Itineraries(db_session, actor).version(made.itinerary_id).snapshot
    Itineraries(db_session, actor).create(Draft(name="by hand", snapshot=snapshot))
    db_session.commit()
    assert [i.name for i in saved_packages(db_session, actor)] == ["from the planner"]


def test_packages_saved_before_messages_and_after_are_both_found(
    db_session: Session, packages: list[Package], real: Network
) -> None:
    """Tests the summary's message keeps the English text packages are found by.

    A package saved now stores its summary as a message (said in Lao on Lao pages) and
    the text :data:`SAVED`; one saved before (the text only) is still listed.
    """
    from tourlink.store import Draft
    from tourlink.translations import renderer

    actor = make_actor(db_session)
    made = save_package(db_session, actor, packages[0], real, name="now")
    assert made.summary == SAVED == "saved from the connection planner"
    assert made.summary_message is not None
    assert renderer("lo")(made.summary_said) == "ບັນທຶກຈາກການເຊື່ອມຕໍ່ທົວ"
    old = Draft(name="before", snapshot=made.snapshot, summary=SAVED)  # as rows were written
    Itineraries(db_session, actor).create(old)
    db_session.commit()
    assert sorted(i.name for i in saved_packages(db_session, actor)) == ["before", "now"]


def test_two_operators_saving_at_once_one_wins_nothing_is_lost(
    db_engine: Engine, packages: list[Package], real: Network
) -> None:
    """Tests two concurrent saves into version 1: one saved, one refused, both packages kept.

    Each writer has its own connection and saves at the same moment; the refused one is
    told the version saved meanwhile and then saves on top of it.
    """
    sessions = make_sessions(db_engine)
    with sessions() as setup:
        alice = make_actor(setup, email="alice@mang-den-travel.example")
        bob = make_actor(setup, email="bob@mang-den-travel.example")
        itinerary_id = save_package(setup, alice, packages[0], real, name="v1").itinerary_id
        setup.commit()
    chosen = {"alice": packages[1], "bob": packages[2]}

    def writer(who: str, actor: Any) -> Callable[[Session], object]:
        package = chosen[who]
        return lambda s: save_package(s, actor, package, real, name=who, into=(itinerary_id, 1))

    outcome = race(sessions, {"alice": writer("alice", alice), "bob": writer("bob", bob)})
    loser = next(who for who, v in outcome.items() if isinstance(v, StaleVersionError))
    winner = "bob" if loser == "alice" else "alice"
    refusal = outcome[loser]
    assert outcome[winner] == "saved"
    assert isinstance(refusal, StaleVersionError) and refusal.current == 2
    assert [m.number for m in refusal.meanwhile] == [2]
    with sessions() as session:
        actor = alice if loser == "alice" else bob
        save_package(session, actor, chosen[loser], real, name=loser, into=(itinerary_id, 2))
        session.commit()
        versions = Itineraries(session, actor).versions(itinerary_id)
        assert [v.name for v in versions] == [loser, winner, "v1"]
        for version, package in zip(
            versions, [chosen[loser], chosen[winner], packages[0]], strict=True
        ):
            parts = [p["departure"] for p in version.snapshot["package"]["parts"]]
            assert parts == [d.id for _, d in package.steps]
