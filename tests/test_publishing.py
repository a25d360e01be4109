"""Tests of the route publishing workflow (tourlink.publishing): states, four eyes, checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from tourlink.accounts import ROLES
from tourlink.network import Network
from tourlink.publishing import (
    ARCHIVED,
    DRAFT,
    IN_REVIEW,
    PUBLISHED,
    STATES,
    TRANSITIONS,
    Actor,
    RouteDraft,
    WorkflowError,
    available,
    complete_languages,
    completeness,
    decide,
    refusal,
)
from tourlink.tours import Tour, TourStop, load_tours

REPO_DATA = Path(__file__).resolve().parents[1] / "data"
AUTHOR = "minh@office.vn"

#: Who may make which transition on someone else's version (with a comment given).
EXPECTED = {
    (None, None): set(),
    ("operator", "operator"): set(),
    ("org-admin", "operator"): set(),
    ("org-admin", "office"): set(),
    ("office-editor", "office"): {"submit", "withdraw"},
    ("office-publisher", "office"): {"submit", "withdraw", "approve", "send-back", "archive"},
    ("admin", "office"): {"submit", "withdraw", "approve", "send-back", "archive"},
    ("admin", "operator"): {"submit", "withdraw", "approve", "send-back", "archive"},
}


def test_the_matrix_names_every_role() -> None:
    """Tests that the expected matrix covers every role of tourlink.accounts."""
    assert {role for role, _ in EXPECTED if role} == set(ROLES)


@pytest.mark.parametrize(("role", "kind"), sorted(EXPECTED, key=str))
@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: t.action)
def test_permissions_matrix(role: str | None, kind: str | None, transition: object) -> None:
    """Tests every role × every transition: allowed exactly where the matrix says."""
    t = transition
    actor = Actor("someone@example.vn", role, kind)
    ok = t.action in EXPECTED[role, kind]  # type: ignore[attr-defined]
    if ok:
        assert decide(t.action, t.source, actor=actor, author=AUTHOR, comment="ok") == t.target  # type: ignore[attr-defined]
    else:
        with pytest.raises(WorkflowError):
            decide(t.action, t.source, actor=actor, author=AUTHOR, comment="ok")  # type: ignore[attr-defined]


@pytest.mark.parametrize("action", ["approve", "send-back"])
def test_four_eyes(action: str) -> None:
    """Tests that a publisher cannot approve or send back a version they wrote."""
    me = Actor(AUTHOR, "office-publisher", "office")
    with pytest.raises(WorkflowError, match="other than the author"):
        decide(action, IN_REVIEW, actor=me, author=AUTHOR, comment="looks fine")
    assert "approve" not in available(IN_REVIEW, actor=me, author=AUTHOR)
    assert "submit" in available(DRAFT, actor=me, author=AUTHOR)


def test_send_back_needs_a_comment_and_returns_to_draft() -> None:
    """Tests that sending back without a comment is refused, with one it makes a draft."""
    lan = Actor("lan@office.vn", "office-publisher", "office")
    with pytest.raises(WorkflowError, match="say why in a comment"):
        decide("send-back", IN_REVIEW, actor=lan, author=AUTHOR, comment="  ")
    assert decide("send-back", IN_REVIEW, actor=lan, author=AUTHOR, comment="add day 2") == DRAFT


def test_wrong_states_are_refused() -> None:
    """Tests that a published version cannot be approved again, nor an archived one."""
    lan = Actor("lan@office.vn", "office-publisher", "office")
    for state in (DRAFT, PUBLISHED, ARCHIVED):
        why = refusal("approve", state, actor=lan, author=AUTHOR)
        assert why is not None and "must be in-review" in str(why)
    assert available(ARCHIVED, actor=lan, author=AUTHOR) == ()
    assert set(STATES) == {DRAFT, IN_REVIEW, PUBLISHED, ARCHIVED}


def test_incomplete_version_cannot_be_submitted() -> None:
    """Tests that completeness problems block submit and approve, naming them."""
    editor = Actor("hoa@office.vn", "office-editor", "office")
    from tourlink.messages import message
    from tourlink.publishing import MISSING_TEXT

    gap = (message(MISSING_TEXT, language="en", field="summary"),)
    with pytest.raises(WorkflowError, match="en text summary is missing"):
        decide("submit", DRAFT, actor=editor, author="hoa@office.vn", problems=gap)
    assert decide("withdraw", IN_REVIEW, actor=editor, author="hoa@office.vn") == DRAFT


def _texts(tour: Tour, langs: tuple[str, ...]) -> dict[str, dict[str, str]]:
    fields = ["name", "summary", *(f"day-{n}" for n in range(1, tour.days + 1))]
    return {lang: {f: f"{lang} {f}" for f in fields} for lang in langs}


@pytest.fixture(scope="module")
def mang_den(real: Network) -> Tour:
    """Return the published Măng Đen two-day route."""
    return {t.id: t for t in load_tours(REPO_DATA, network=real)}["mang-den-2-days"]


def test_complete_route_passes(mang_den: Tour, real: Network) -> None:
    """Tests that a shipped route with vi and en texts is complete in both seasons."""
    draft = RouteDraft(mang_den, _texts(mang_den, ("vi", "en")))
    assert completeness(draft, real) == ()
    assert complete_languages(draft) == ("vi", "en")


def test_lao_is_published_only_when_complete(mang_den: Tour, real: Network) -> None:
    """Tests that half-written Lao texts do not block review but are not published."""
    texts = _texts(mang_den, ("vi", "en", "lo"))
    del texts["lo"]["day-2"]
    draft = RouteDraft(mang_den, texts)
    assert completeness(draft, real) == ()
    assert complete_languages(draft) == ("vi", "en")
    texts["lo"]["day-2"] = "ມື້ທີ 2"
    assert complete_languages(RouteDraft(mang_den, texts)) == ("vi", "en", "lo")


def test_missing_texts_and_unknown_stops_are_all_listed(mang_den: Tour, real: Network) -> None:
    """Tests that every missing required text and every unknown stop is reported."""
    texts = _texts(mang_den, ("vi",))
    stops = (*mang_den.stops[:2], TourStop("atlantis", 1), *mang_den.stops[2:])
    draft = RouteDraft(replace(mang_den, stops=stops), texts)
    found = [str(m) for m in completeness(draft, real)]
    assert "Stop 3 of day 1 is atlantis, which is not in the catalogue." in found
    assert sum("en text" in m for m in found) == 4  # name, summary, day-1, day-2


def test_infeasible_route_is_refused_with_the_season(mang_den: Tour, real: Network) -> None:
    """Tests that a day that cannot fit the window fails the checker step, per season."""
    far = (
        TourStop("kon-tum-city-centre", 1),
        TourStop("pakse", 1),
        TourStop("muang-khong", 1),
        TourStop("kon-tum-city-centre", 1),
    )
    tour = Tour("too-far", "Xa", "Too far", ("kon-tum-city",), "office", ("x",), 1, far)
    draft = RouteDraft(tour, _texts(tour, ("vi", "en")), seasons=("dry", "rainy"))
    found = completeness(draft, real)
    assert [m.code for m in found] == ["publish.infeasible", "publish.infeasible"]
    assert "dry season (sample date" in str(found[0]) and "rainy" in str(found[1])
    assert found[0].params["date"] == dt.date(2027, 3, 2)


def test_refusals_name_actions_and_states_in_the_reader_language() -> None:
    """Tests a refused transition: the error keeps its code; vi and Lao name state and action."""
    from tourlink.exceptions import InvalidRequestError
    from tourlink.publishing import WRONG_STATE, Actor, WorkflowError, decide
    from tourlink.translations import renderer

    office = Actor("pub@office.vn", "office-publisher", "office")
    with pytest.raises(WorkflowError) as info:
        decide("approve", "draft", actor=office, author="someone@office.vn")
    said = info.value.message
    assert said.code == WRONG_STATE and info.value.reason == said
    assert str(info.value) == "A version in state draft cannot be approve: it must be in-review."
    assert renderer("vi")(said) == (
        "Phiên bản ở trạng thái bản nháp không thể phê duyệt: phải ở trạng thái đang duyệt."
    )
    assert renderer("lo")(said) == ("ສະບັບທີ່ຢູ່ໃນສະຖານະ ສະບັບຮ່າງ ບໍ່ສາມາດ ອະນຸມັດ ໄດ້: ຕ້ອງຢູ່ໃນສະຖານະ ກຳລັງກວດ.")
    with pytest.raises(InvalidRequestError) as bad:
        decide("publish", "draft", actor=office, author="x")
    assert bad.value.message.code == "request.bad-value" and bad.value.field == "action"
