"""Tests of the stored operator logo, on SQLite and PostgreSQL: roles, versions, tenants."""

from __future__ import annotations

import io

import pytest
from databases import make_actor
from PIL import Image
from sqlalchemy.orm import Session

from tourlink.proposal.logo import check_logo
from tourlink.store import StaleVersionError
from tourlink.store.logos import Logos, logo_of_org
from tourlink.store.quotes import PermissionDeniedError


def _logo(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 32), colour).save(out, "PNG")
    return out.getvalue()


def test_org_admin_sets_replaces_and_removes_the_logo(db_session: Session) -> None:
    """Tests the logo's life: none, first upload, a replace, a stale replace, removal."""
    admin = make_actor(db_session, "mang-den-travel", role="org-admin")
    repo = Logos(db_session, admin)
    assert repo.get() is None and repo.version() == 0
    first = repo.put(check_logo(_logo((200, 0, 0))), based_on=0)
    db_session.commit()
    assert (first.version, first.width, first.height, first.media_type) == (1, 64, 32, "image/png")
    red = first.sha256
    second = repo.put(check_logo(_logo((0, 0, 200))), based_on=1)
    db_session.commit()
    assert second.version == 2 and second.sha256 != red
    with pytest.raises(StaleVersionError, match="based on version 1, but version 2") as caught:
        repo.put(check_logo(_logo((0, 200, 0))), based_on=1)
    assert "logo replaced" in str(caught.value)
    db_session.rollback()
    with pytest.raises(StaleVersionError):
        repo.put(check_logo(_logo((0, 200, 0))), based_on=0)  # "there was none": stale too
    db_session.rollback()
    assert repo.get().sha256 == second.sha256  # type: ignore[union-attr]
    with pytest.raises(StaleVersionError):
        repo.remove(based_on=1)
    db_session.rollback()
    repo.remove(based_on=2)
    db_session.commit()
    assert repo.get() is None
    with pytest.raises(StaleVersionError, match="logo removed"):
        repo.put(check_logo(_logo((0, 200, 0))), based_on=2)


def test_operators_read_the_logo_but_may_not_change_it(db_session: Session) -> None:
    """Tests that an operator sees the organisation's logo and is refused a change."""
    admin = make_actor(db_session, "mang-den-travel", role="org-admin")
    operator = make_actor(db_session, "mang-den-travel", role="operator")
    Logos(db_session, admin).put(check_logo(_logo((200, 0, 0))), based_on=0)
    db_session.commit()
    repo = Logos(db_session, operator)
    assert repo.version() == 1
    with pytest.raises(PermissionDeniedError, match="may not change the logo"):
        repo.put(check_logo(_logo((0, 0, 200))), based_on=1)
    with pytest.raises(PermissionDeniedError):
        repo.remove(based_on=1)


def test_each_organisation_has_its_own_logo(db_session: Session) -> None:
    """Tests tenant isolation: one organisation's logo is never another's, nor changed by it."""
    mine = make_actor(db_session, "mang-den-travel", role="org-admin")
    theirs = make_actor(db_session, "pakse-tours", role="org-admin")
    Logos(db_session, mine).put(check_logo(_logo((200, 0, 0))), based_on=0)
    db_session.commit()
    assert Logos(db_session, theirs).get() is None
    Logos(db_session, theirs).put(check_logo(_logo((0, 0, 200))), based_on=0)
    db_session.commit()
    kept = logo_of_org(db_session, mine.org_id)
    assert kept is not None and kept.version == 1
    assert kept.sha256 != Logos(db_session, theirs).get().sha256  # type: ignore[union-attr]
