"""Tests of saved itineraries: versions, optimistic saves, isolation, share links."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from databases import make_actor
from snapshots import snapshot
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tourlink.exceptions import InvalidRequestError
from tourlink.store import (
    Draft,
    Filters,
    Itineraries,
    StaleVersionError,
    history,
    make_sessions,
    open_share,
)
from tourlink.store.errors import NotFoundError
from tourlink.store.models import ItineraryVersion
from tourlink.store.types import utcnow
from tourlink.translations import renderer


def _draft(name: str = "Măng Đen 3 days", **changes: Any) -> Draft:
    fields: dict[str, Any] = {"customer": "Nguyễn Thị Lan", "notes": "VIP", "snapshot": snapshot()}
    fields.update(changes)
    return Draft(name=name, **fields)


def test_create_and_read_back(db_session: Session) -> None:
    """Tests that a saved itinerary reads back with its snapshot and list columns."""
    repo = Itineraries(db_session, make_actor(db_session))
    v1 = repo.create(_draft(snapshot=snapshot(stops=(2, 3, 1), violations=2)))
    db_session.commit()
    itinerary = repo.get(v1.itinerary_id)
    assert (itinerary.version, itinerary.days, itinerary.stops, itinerary.violations) == (
        1,
        3,
        6,
        2,
    )
    assert itinerary.start_date == dt.date(2026, 3, 2)
    head = repo.version(itinerary.id)
    assert head.number == 1 and head.notes == "VIP" and head.data_version == "test-1"
    assert head.snapshot == snapshot(stops=(2, 3, 1), violations=2)


def test_every_save_is_a_new_version_with_author(db_session: Session) -> None:
    """Tests that saves add numbered versions by their authors and keep the old ones intact."""
    actor = make_actor(db_session)
    colleague = make_actor(db_session, email="colleague@mang-den-travel.example")
    first = Itineraries(db_session, actor).create(_draft())
    v2 = Itineraries(db_session, colleague).save(
        first.itinerary_id, 1, _draft(snapshot=snapshot(stops=(1,)), summary="removed stops")
    )
    db_session.commit()
    repo = Itineraries(db_session, actor)
    versions = repo.versions(first.itinerary_id)
    assert [v.number for v in versions] == [2, 1]
    assert versions[0].author_id == colleague.user_id and versions[1].author_id == actor.user_id
    assert repo.version(first.itinerary_id, 1).stops == 3
    assert repo.get(first.itinerary_id).stops == 1 == v2.stops


def test_stale_save_is_refused_saying_who_saved_what(db_session: Session) -> None:
    """Tests that a save based on an old version fails naming the saves in between."""
    actor = make_actor(db_session)
    other = make_actor(db_session, email="minh@mang-den-travel.example")
    first = Itineraries(db_session, actor).create(_draft())
    Itineraries(db_session, other).save(first.itinerary_id, 1, _draft(summary="moved day 2"))
    db_session.commit()
    with pytest.raises(StaleVersionError, match=r"based on version 1.*version 2 by") as caught:
        Itineraries(db_session, actor).save(first.itinerary_id, 1, _draft(name="mine"))
    db_session.rollback()
    assert caught.value.current == 2
    assert [(m.number, m.summary) for m in caught.value.meanwhile] == [(2, "moved day 2")]
    assert Itineraries(db_session, actor).get(first.itinerary_id).name == "Măng Đen 3 days"


def test_restore_and_duplicate(db_session: Session) -> None:
    """Tests that restoring adds a new version equal to the old one and a copy is separate."""
    repo = Itineraries(db_session, make_actor(db_session))
    first = repo.create(_draft())
    repo.save(first.itinerary_id, 1, _draft(snapshot=snapshot(stops=(1,))))
    restored = repo.restore(first.itinerary_id, 1, based_on=2)
    assert restored.number == 3 and restored.snapshot == first.snapshot
    assert restored.summary == "restored version 1"
    copy = repo.duplicate(first.itinerary_id, "Copy")
    db_session.commit()
    assert copy.itinerary_id != first.itinerary_id and copy.number == 1
    assert repo.get(copy.itinerary_id).name == "Copy"
    db_session.expire_all()  # read both back from the database
    assert repo.version(first.itinerary_id, 3).summary_message == {
        "code": "history.restored",
        "params": {"number": 1},
        "text": "restored version 1",
    }
    said = repo.version(copy.itinerary_id).summary_said
    assert copy.summary == "copied from version 3 of “Măng Đen 3 days”"
    assert renderer("vi")(said) == "sao chép từ phiên bản 3 của “Măng Đen 3 days”"
    assert str(first.itinerary_id) not in renderer("lo")(said)


def test_a_typed_summary_is_kept_as_typed_and_a_stale_save_says_the_message(
    db_session: Session,
) -> None:
    """Tests a person's summary wins over the software's and a conflict says it in Lao."""
    repo = Itineraries(db_session, make_actor(db_session))
    first = repo.create(_draft(summary="đổi ngày 2", summary_message=history.planned()))
    assert (first.summary, first.summary_message) == ("đổi ngày 2", None)
    repo.restore(first.itinerary_id, 1, based_on=1)
    db_session.commit()
    with pytest.raises(StaleVersionError) as caught:
        repo.save(first.itinerary_id, 1, _draft(name="mine"))
    db_session.rollback()
    (meanwhile,) = caught.value.meanwhile
    assert not isinstance(meanwhile.summary, str) and meanwhile.summary.code == "history.restored"
    said = renderer("lo")(caught.value.message)
    assert "(ກູ້ຄືນສະບັບທີ 1)" in said and "restored" not in said


def test_filters(db_session: Session) -> None:
    """Tests that lists filter by text, customer, start date and violations."""
    repo = Itineraries(db_session, make_actor(db_session))
    repo.create(_draft("Kon Tum", customer="Lan", snapshot=snapshot("2026-03-02")))
    repo.create(_draft("Bờ Y", customer="Minh", snapshot=snapshot("2026-05-10", violations=1)))
    repo.create(_draft("Pa Sỹ", customer="Lan Anh", snapshot=snapshot("2026-07-01")))
    db_session.commit()

    def names(**filters: Any) -> set[str]:
        return {i.name for i in repo.find(Filters(**filters))}

    assert names() == {"Kon Tum", "Bờ Y", "Pa Sỹ"}
    assert names(customer="lan") == {"Kon Tum", "Pa Sỹ"}
    assert names(text="pa s") == {"Pa Sỹ"}
    assert names(date_from=dt.date(2026, 4, 1), date_to=dt.date(2026, 6, 30)) == {"Bờ Y"}
    assert names(violations=True) == {"Bờ Y"}
    assert names(violations=False) == {"Kon Tum", "Pa Sỹ"}


ForeignCall = Callable[[Itineraries, int], object]
FOREIGN: dict[str, ForeignCall] = {
    "get": lambda r, i: r.get(i),
    "version": lambda r, i: r.version(i, 1),
    "versions": lambda r, i: r.versions(i),
    "save": lambda r, i: r.save(i, 1, _draft()),
    "restore": lambda r, i: r.restore(i, 1, 1),
    "duplicate": lambda r, i: r.duplicate(i, "stolen"),
    "share": lambda r, i: r.share(i, 1, utcnow() + dt.timedelta(days=1)),
    "share_links": lambda r, i: r.share_links(i),
    "revoke_share": lambda r, i: r.revoke_share(i, 1),
}


@pytest.mark.parametrize("call", FOREIGN, ids=list(FOREIGN))
def test_another_organisation_finds_nothing(db_session: Session, call: str) -> None:
    """Tests that every repository method treats another organisation's id as absent."""
    mine = Itineraries(db_session, make_actor(db_session, "a-tours"))
    first = mine.create(_draft())
    mine.share(first.itinerary_id, 1, utcnow() + dt.timedelta(days=1))
    db_session.commit()
    theirs = Itineraries(db_session, make_actor(db_session, "b-tours"))
    assert theirs.find() == []
    with pytest.raises(NotFoundError):
        FOREIGN[call](theirs, first.itinerary_id)
    db_session.rollback()
    assert mine.get(first.itinerary_id).version == 1
    assert len(db_session.scalars(select(ItineraryVersion)).all()) == 1


def test_share_links_open_expire_and_revoke(db_session: Session) -> None:
    """Tests that a share token opens its version until it expires or is revoked."""
    repo = Itineraries(db_session, make_actor(db_session))
    first = repo.create(_draft())
    repo.save(first.itinerary_id, 1, _draft(snapshot=snapshot(stops=(4,))))
    link, token = repo.share(first.itinerary_id, 1, utcnow() + dt.timedelta(days=7))
    db_session.commit()
    assert token.startswith("s_") and len(token) >= 2 + 43  # 256 random bits
    opened = open_share(db_session, token)
    assert opened is not None and opened.number == 1 and opened.stops == 3
    assert open_share(db_session, token, utcnow() + dt.timedelta(days=8)) is None
    assert open_share(db_session, "s_" + "A" * 43) is None
    repo.revoke_share(first.itinerary_id, link.id)
    db_session.commit()
    assert open_share(db_session, token) is None
    with pytest.raises(InvalidRequestError, match="`expires` must be in the future"):
        repo.share(first.itinerary_id, 1, utcnow() - dt.timedelta(minutes=1))


def test_bad_snapshot_is_refused_naming_the_field() -> None:
    """Tests that a snapshot without days or violations is refused before anything is saved."""
    with pytest.raises(InvalidRequestError, match="`snapshot` must hold"):
        Draft(name="x", snapshot={"itinerary": {"days": []}})
    with pytest.raises(InvalidRequestError, match="`name` must be 1 to 200"):
        Draft(name=" ", snapshot=snapshot())


def test_two_concurrent_writers_exactly_one_wins_and_both_works_survive(
    db_engine: Engine,
) -> None:
    """Tests that two saves racing on one version give one success, one refusal, no loss.

    Both writers start from version 1 and save at the same moment from their own
    connections; the loser is refused, then saves on top of the winner's version.
    """
    sessions = make_sessions(db_engine)
    with sessions() as setup:
        alice = make_actor(setup, email="alice@mang-den-travel.example")
        bob = make_actor(setup, email="bob@mang-den-travel.example")
        itinerary_id = Itineraries(setup, alice).create(_draft()).itinerary_id
        setup.commit()
    barrier = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def write(who: str, actor: Any, stops: tuple[int, ...]) -> None:
        with sessions() as session:
            repo = Itineraries(session, actor)
            repo.get(itinerary_id)
            barrier.wait()
            try:
                repo.save(itinerary_id, 1, _draft(who, snapshot=snapshot(stops=stops)))
                session.commit()
                outcome[who] = "saved"
            except StaleVersionError as exc:
                session.rollback()
                outcome[who] = exc

    threads = [
        threading.Thread(target=write, args=("alice", alice, (5,))),
        threading.Thread(target=write, args=("bob", bob, (6,))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(str(type(v).__name__) for v in outcome.values()) == ["StaleVersionError", "str"]
    loser = next(who for who, v in outcome.items() if isinstance(v, StaleVersionError))
    refusal = outcome[loser]
    assert isinstance(refusal, StaleVersionError) and refusal.current == 2
    with sessions() as session:
        actor = alice if loser == "alice" else bob
        repo = Itineraries(session, actor)
        again = repo.save(itinerary_id, refusal.current, _draft(loser, snapshot=snapshot()))
        session.commit()
        assert again.number == 3
        names = [v.name for v in repo.versions(itinerary_id)]
    winner = "bob" if loser == "alice" else "alice"
    assert names == [loser, winner, "Măng Đen 3 days"]
