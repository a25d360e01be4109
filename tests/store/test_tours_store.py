"""Tests of operators' tours in the database: per organisation, checked, optimistic."""

from __future__ import annotations

import pytest
from databases import make_actor
from sqlalchemy import update
from sqlalchemy.orm import Session

from tourlink.exceptions import DataError
from tourlink.messages import Message
from tourlink.network import Network
from tourlink.store import StaleVersionError
from tourlink.store.errors import ConflictError, NotFoundError
from tourlink.store.quotes import PermissionDeniedError
from tourlink.store.tours import OperatorTour, Tours, check_record, stored_timetable
from tourlink.tours import Tour, load_tours
from tourlink.translations import renderer

RECORD = {
    "route": "kon-tum-city-day",
    "depart": "07:30",
    "arrive": "17:00",
    "weekdays": ["mon", "thu"],
    "seasons": ["dry"],
    "seats": 12,
    "price_from": "38.50",
    "languages": ["vi", "en"],
}


@pytest.fixture(scope="module")
def routes(real: Network) -> tuple[Tour, ...]:
    """Return the shipped published routes."""
    return load_tours(network=real)


def test_each_organisation_sees_only_its_own(
    db_session: Session, real: Network, routes: tuple[Tour, ...]
) -> None:
    """Tests tenancy: another organisation's tour is not found, for reading and writing."""
    lan = make_actor(db_session, "mang-den-travel")
    minh = make_actor(db_session, "kon-tum-tours")
    mine = Tours(db_session, lan).create("city-walk", RECORD, shared=False)
    db_session.commit()
    assert [t.slug for t in Tours(db_session, lan).mine()] == ["city-walk"]
    assert Tours(db_session, minh).mine() == []
    with pytest.raises(NotFoundError):
        Tours(db_session, minh).get(mine.id)
    with pytest.raises(NotFoundError):
        Tours(db_session, minh).save(mine.id, mine.lock, RECORD, shared=True)
    with pytest.raises(NotFoundError):
        Tours(db_session, minh).delete(mine.id)
    with pytest.raises(ConflictError, match="already has a tour 'city-walk'"):
        Tours(db_session, lan).create("city-walk", RECORD, shared=False)
    Tours(db_session, minh).create("city-walk", {**RECORD, "weekdays": ["tue"]}, shared=True)
    db_session.commit()
    table = stored_timetable(db_session, routes=routes, network=real)
    assert table is not None
    assert {t.id for t in table.tours} == {"mang-den-travel.city-walk", "kon-tum-tours.city-walk"}
    assert [t.id for t in table.visible_to(None).tours] == ["kon-tum-tours.city-walk"]
    assert len(table.visible_to("mang-den-travel").tours) == 2
    walk = table.tour("mang-den-travel.city-walk")
    assert walk is not None and walk.operator == "mang-den-travel" and walk.seats == 12
    assert walk.weekdays == frozenset({0, 3}) and str(walk.price_from) == "38.50"


def test_two_colleagues_saving_at_once_never_both_succeed(db_session: Session) -> None:
    """Tests the optimistic lock: the second save based on the same version is refused."""
    lan = make_actor(db_session, "mang-den-travel")
    hung = make_actor(db_session, "mang-den-travel")
    row = Tours(db_session, lan).create("city-walk", RECORD, shared=False)
    db_session.commit()
    named = {**RECORD, "seats": 14, "name": "Dạo phố Kon Tum", "name_en": "Kon Tum walk"}
    Tours(db_session, lan).save(row.id, 1, named, shared=False)
    with pytest.raises(StaleVersionError) as caught:
        Tours(db_session, hung).save(row.id, 1, {**RECORD, "seats": 9}, shared=False)
    assert caught.value.current == 2 and caught.value.meanwhile[0].author == lan.email
    summary = caught.value.meanwhile[0].summary  # history.tour-saved, by the tour's names
    assert isinstance(summary, Message) and str(summary) == "tour Kon Tum walk"
    assert [renderer(lang)(summary) for lang in ("vi", "lo")] == [
        "tour Dạo phố Kon Tum",
        "ທົວ Kon Tum walk",
    ]
    assert Tours(db_session, hung).get(row.id).document["seats"] == 14


def test_a_save_by_an_account_no_longer_there_is_said_in_the_readers_language(
    db_session: Session,
) -> None:
    """Tests the stale-save author when the store holds no user for the last save."""
    lan = make_actor(db_session, "mang-den-travel")
    hung = make_actor(db_session, "mang-den-travel")
    row = Tours(db_session, lan).create("city-walk", RECORD, shared=False)
    Tours(db_session, lan).save(row.id, 1, {**RECORD, "seats": 14}, shared=False)
    db_session.execute(update(OperatorTour).where(OperatorTour.id == row.id).values(author_id=None))
    db_session.commit()
    with pytest.raises(StaleVersionError) as caught:
        Tours(db_session, hung).save(row.id, 1, {**RECORD, "seats": 9}, shared=False)
    author = caught.value.meanwhile[0].author
    assert isinstance(author, Message) and str(author) == "a former member"
    assert [renderer(lang)(author) for lang in ("vi", "lo")] == [
        "một thành viên cũ",
        "ອະດີດສະມາຊິກ",
    ]


def test_office_roles_enter_no_tour(db_session: Session) -> None:
    """Tests that a role without ``tours.edit`` is refused."""
    editor = make_actor(db_session, "kon-tum-office", role="office-editor", kind="office")
    with pytest.raises(PermissionDeniedError, match="may not edit"):
        Tours(db_session, editor).create("city-walk", RECORD, shared=False)


def test_no_stored_tour_is_no_timetable(
    db_session: Session, real: Network, routes: tuple[Tour, ...]
) -> None:
    """Tests that an empty table gives ``None`` (the planner then uses the example)."""
    assert stored_timetable(db_session, routes=routes, network=real) is None


def test_record_problems_are_listed_at_once(real: Network, routes: tuple[Tour, ...]) -> None:
    """Tests that every problem of a bad record is reported in one error."""
    bad = {**RECORD, "route": "atlantis", "depart": "7h", "weekdays": ["mon", "fun"]}
    with pytest.raises(DataError) as caught:
        check_record("mang-den-travel", "walk", False, bad, routes=routes, network=real)
    fields = {p.field for p in caught.value.problems}
    assert {"route", "depart", "weekdays"} <= fields
