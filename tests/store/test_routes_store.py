"""Tests of the routes store: seeding, drafts, the reviewed workflow, locking, audit log."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from databases import make_actor
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tourlink.publishing import ARCHIVED, DRAFT, IN_REVIEW, PUBLISHED, RouteDraft, WorkflowError
from tourlink.store import StaleVersionError, make_sessions
from tourlink.store.errors import ConflictError, NotFoundError
from tourlink.store.orgs import Actor
from tourlink.store.routes import Routes, draft_of, tour_of
from tourlink.tours import Tour, load_tours
from tourlink.translations import renderer

REPO_DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def shipped() -> tuple[Tour, ...]:
    """Return the shipped published routes."""
    return load_tours(REPO_DATA)


def _office(session: Session, role: str, email: str) -> Actor:
    return make_actor(session, "kon-tum-tourism", role=role, kind="office", email=email)


def _texts(tour: Tour) -> dict[str, dict[str, str]]:
    fields = ["name", "summary", *(f"day-{n}" for n in range(1, tour.days + 1))]
    return {lang: {f: f"{lang}: {f}" for f in fields} for lang in ("vi", "en")}


def test_seed_once_and_public_sees_published(
    db_session: Session, shipped: tuple[Tour, ...]
) -> None:
    """Tests that seeding stores every shipped route once, as published version 1."""
    assert Routes(db_session).seed(shipped) == len(shipped)
    assert Routes(db_session).seed(shipped) == 0
    db_session.commit()
    public = Routes(db_session).published()
    assert [tour_of(v.document) for v in public] == sorted(shipped, key=lambda t: t.id)
    assert all(v.state == PUBLISHED and v.number == 1 for v in public)


def test_edit_review_publish_with_four_eyes(db_session: Session, shipped: tuple[Tour, ...]) -> None:
    """Tests the whole workflow: a draft stays private until another publisher approves it."""
    Routes(db_session).seed(shipped)
    editor = _office(db_session, "office-editor", "hoa@office.example")
    publisher = _office(db_session, "office-publisher", "lan@office.example")
    city = next(t for t in shipped if t.id == "kon-tum-city-day")
    draft = Routes(db_session, editor).new_draft(city.id, RouteDraft(city, _texts(city)))
    db_session.commit()
    assert draft.number == 2 and draft.state == DRAFT
    with pytest.raises(NotFoundError):
        Routes(db_session).version(draft.id)  # the public never sees a draft
    with pytest.raises(ConflictError, match="already has version 2 in draft") as caught:
        Routes(db_session, editor).new_draft(city.id, RouteDraft(city, _texts(city)))
    assert renderer("vi")(caught.value.message) == (
        "Tuyến 'kon-tum-city-day' đã có phiên bản 2 đang ở trạng thái bản nháp; hãy sửa phiên"
        " bản đó thay vì tạo phiên bản mới."
    )
    assert renderer("lo")(caught.value.message) == (
        "ເສັ້ນທາງ 'kon-tum-city-day' ມີສະບັບທີ 2 ທີ່ຢູ່ໃນສະຖານະ ສະບັບຮ່າງ ແລ້ວ; ກະລຸນາແກ້ໄຂ"
        "ສະບັບນັ້ນ ແທນທີ່ຈະເລີ່ມສະບັບໃໝ່."
    )
    repo = Routes(db_session, editor)
    v = repo.act(draft.id, "submit", based_on=draft.lock)
    assert v.state == IN_REVIEW
    with pytest.raises(WorkflowError):
        repo.act(draft.id, "approve", based_on=v.lock)  # an editor never publishes
    back = Routes(db_session, publisher).act(
        draft.id, "send-back", based_on=v.lock, comment="add the church's opening hours"
    )
    assert back.state == DRAFT
    v = repo.act(draft.id, "submit", based_on=back.lock)
    published = Routes(db_session, publisher).act(draft.id, "approve", based_on=v.lock)
    db_session.commit()
    assert published.state == PUBLISHED
    states = {x.number: x.state for x in Routes(db_session, editor).versions(city.id)}
    assert states == {1: ARCHIVED, 2: PUBLISHED}
    log = Routes(db_session, editor).history(city.id)
    assert [(e.action, who) for e, _, who in log] == [
        ("seed", "seed"),
        ("draft", "hoa@office.example"),
        ("submit", "hoa@office.example"),
        ("send-back", "lan@office.example"),
        ("submit", "hoa@office.example"),
        ("approve", "lan@office.example"),
    ]
    assert log[3][0].comment == "add the church's opening hours"
    assert draft_of(published.document).texts["en"]["name"] == "en: name"


def test_published_version_is_immutable(db_session: Session, shipped: tuple[Tour, ...]) -> None:
    """Tests that a published version's document cannot be saved over."""
    Routes(db_session).seed(shipped)
    editor = _office(db_session, "office-editor", "hoa@office.example")
    first = Routes(db_session).published()[0]
    with pytest.raises(StaleVersionError):
        Routes(db_session, editor).save_draft(first.id, first.lock, draft_of(first.document))


def test_operators_and_public_change_nothing(
    db_session: Session, shipped: tuple[Tour, ...]
) -> None:
    """Tests that an operator cannot start a draft nor archive a published route."""
    Routes(db_session).seed(shipped)
    operator = make_actor(db_session, role="org-admin")
    city = shipped[0]
    with pytest.raises(WorkflowError, match="Only the tourism office"):
        Routes(db_session, operator).new_draft(city.id, RouteDraft(city, _texts(city)))
    first = Routes(db_session).published()[0]
    with pytest.raises(WorkflowError):
        Routes(db_session, operator).act(first.id, "archive", based_on=first.lock, comment="x")


def test_two_reviewers_at_once_never_both_succeed(
    db_engine: Engine, shipped: tuple[Tour, ...]
) -> None:
    """Tests two publishers acting on one version at once: one wins, the other is told."""
    sessions = make_sessions(db_engine)
    with sessions() as setup:
        Routes(setup).seed(shipped)
        editor = _office(setup, "office-editor", "hoa@office.example")
        approver = _office(setup, "office-publisher", "lan@office.example")
        sender = _office(setup, "office-publisher", "minh@office.example")
        city = shipped[0]
        draft = Routes(setup, editor).new_draft(city.id, RouteDraft(city, _texts(city)))
        v = Routes(setup, editor).act(draft.id, "submit", based_on=draft.lock)
        setup.commit()
        version_id, lock = v.id, v.lock
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def review(actor: Actor, action: str) -> None:
        with sessions() as session:
            barrier.wait()
            try:
                Routes(session, actor).act(version_id, action, based_on=lock, comment="review")
                session.commit()
                outcomes.append(action)
            except StaleVersionError:
                session.rollback()
                outcomes.append("stale")

    threads = [
        threading.Thread(target=review, args=a)
        for a in ((approver, "approve"), (sender, "send-back"))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) in (["approve", "stale"], ["send-back", "stale"])
    with sessions() as check:
        final = Routes(check, editor).version(version_id)
        assert final.lock == lock + 1
        assert final.state == (PUBLISHED if "approve" in outcomes else DRAFT)
        actions = [e.action for e, _, _ in Routes(check, editor).history(city.id)]
        assert actions.count("approve") + actions.count("send-back") == 1


def test_package_saved_as_an_itinerary(db_session: Session) -> None:
    """Tests that a connection package saves as an itinerary with each operator's part marked."""
    import datetime as dt

    from tourlink.connect import ConnectionQuery, example_timetable, search
    from tourlink.read import load_network
    from tourlink.store import Itineraries
    from tourlink.store.packages import save_package

    net = load_network()
    query = ConnectionQuery(
        "da-nang", dt.date(2026, 3, 2), 8, to="pakse", zones=frozenset({"kon-tum-city", "mang-den"})
    )
    package = search(example_timetable(net), query, network=net)[0][0]
    actor = make_actor(db_session)
    saved = save_package(db_session, actor, package, net, name="Đà Nẵng – Pakse", customer="Lan")
    db_session.commit()
    stored = Itineraries(db_session, actor).version(saved.itinerary_id)
    days = stored.snapshot["itinerary"]["days"]
    assert len(days) == package.days and stored.violations == 0
    tour_days = [d for d in days if d["part"] == "tour"]
    assert {d["operator"] for d in tour_days} == set(package.operators)
    assert sum(dep.tour.days for _, dep in package.steps) == len(tour_days)
    assert all(op in stored.notes for op in package.operators)
    other = make_actor(db_session, "other-travel")
    with pytest.raises(NotFoundError):
        Itineraries(db_session, other).get(saved.itinerary_id)
