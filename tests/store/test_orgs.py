"""Tests of organisations, users, log-in and API tokens on both database engines."""

from __future__ import annotations

import datetime as dt

import pytest
from databases import PASSWORD, make_actor
from sqlalchemy import select
from sqlalchemy.orm import Session

from tourlink.exceptions import InvalidRequestError
from tourlink.store import authenticate
from tourlink.store.errors import ConflictError, NotFoundError
from tourlink.store.models import ApiToken, User
from tourlink.store.orgs import (
    actor_for_token,
    create_org,
    create_user,
    issue_token,
    org_users,
    revoke_token,
)
from tourlink.store.types import utcnow


def test_create_org_and_user_then_log_in(db_session: Session) -> None:
    """Tests that a created user logs in with their password and not with another."""
    create_org(db_session, "mang-den-travel", "Măng Đen Travel")
    user = create_user(db_session, " Lan@Example.VN", "mang-den-travel", "org-admin", PASSWORD)
    db_session.commit()
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    actor = authenticate(db_session, "lan@example.vn", PASSWORD)
    assert actor is not None
    assert (actor.org_slug, actor.role, actor.org_kind) == (
        "mang-den-travel",
        "org-admin",
        "operator",
    )
    assert authenticate(db_session, "lan@example.vn", PASSWORD + "x") is None
    assert authenticate(db_session, "nobody@example.vn", PASSWORD) is None


def test_duplicates_and_bad_input_are_refused(db_session: Session) -> None:
    """Tests that a taken slug or e-mail, an unknown org and an unfit role are refused."""
    create_org(db_session, "kon-tum-tours", "Kon Tum Tours")
    create_user(db_session, "a@kt.example", "kon-tum-tours", "operator", PASSWORD)
    with pytest.raises(ConflictError, match="slug 'kon-tum-tours' already exists"):
        create_org(db_session, "kon-tum-tours", "Again")
    with pytest.raises(ConflictError, match=r"'a@kt\.example' already exists"):
        create_user(db_session, "A@kt.example", "kon-tum-tours", "operator", PASSWORD)
    with pytest.raises(NotFoundError, match="no organisation 'nope'"):
        create_user(db_session, "b@kt.example", "nope", "operator", PASSWORD)
    with pytest.raises(InvalidRequestError, match="kind 'operator'"):
        create_user(db_session, "c@kt.example", "kon-tum-tours", "office-editor", PASSWORD)
    with pytest.raises(InvalidRequestError, match="`password` must have at least 10"):
        create_user(db_session, "d@kt.example", "kon-tum-tours", "operator", "short")


def test_times_are_aware_utc(db_session: Session) -> None:
    """Tests that a stored time reads back time-zone aware and equal, on both engines."""
    actor = make_actor(db_session)
    token, _ = issue_token(db_session, actor)
    when = dt.datetime(2026, 3, 2, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    token.revoked_at = when
    db_session.commit()
    db_session.expire_all()
    again = db_session.get(ApiToken, token.id)
    assert again is not None and again.revoked_at is not None
    assert again.revoked_at.tzinfo is not None
    assert again.revoked_at == when
    assert again.revoked_at.utcoffset() == dt.timedelta(0)


def test_token_is_stored_hashed_and_revocable(db_session: Session) -> None:
    """Tests that a bearer token works, is not stored in clear, and stops working when revoked."""
    actor = make_actor(db_session)
    token, secret = issue_token(db_session, actor, "laptop")
    db_session.commit()
    assert secret.startswith("tl_") and len(secret) >= 40
    stored = db_session.scalars(select(ApiToken.digest)).all()
    assert secret not in stored and len(stored) == 1
    found = actor_for_token(db_session, secret)
    assert found is not None and found.user_id == actor.user_id
    assert actor_for_token(db_session, secret[:-1] + "A") is None
    other = make_actor(db_session, "kon-tum-tours")
    with pytest.raises(NotFoundError):
        revoke_token(db_session, other, token.id)
    revoke_token(db_session, actor, token.id)
    db_session.commit()
    assert actor_for_token(db_session, secret) is None


def test_disabled_user_cannot_log_in_or_use_a_token(db_session: Session) -> None:
    """Tests that deactivating a user stops both the password and the tokens."""
    actor = make_actor(db_session, email="off@example.vn")
    _, secret = issue_token(db_session, actor)
    user = db_session.get(User, actor.user_id)
    assert user is not None
    user.active = False
    db_session.commit()
    assert authenticate(db_session, "off@example.vn", PASSWORD) is None
    assert actor_for_token(db_session, secret, utcnow()) is None


def test_org_users_lists_only_the_own_organisation(db_session: Session) -> None:
    """Tests that an org-admin's user list holds their organisation's users only."""
    admin = make_actor(db_session, "a-tours", role="org-admin")
    make_actor(db_session, "a-tours")
    make_actor(db_session, "b-tours")
    listed = org_users(db_session, admin)
    assert len(listed) == 2
    assert {u.org_id for u in listed} == {admin.org_id}
