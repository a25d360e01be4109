"""Organisations, users and API tokens: create them, log in, and know who is acting.

An :class:`Actor` is the acting user as every tenant repository needs it: the user, the
organisation and the role. Web requests get one from a session cookie or a bearer token;
repositories of tenant data take it and filter by ``actor.org_id``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from tourlink.accounts import allowed, check_email, check_org_kind, check_role, check_slug
from tourlink.exceptions import InvalidRequestError
from tourlink.messages import message
from tourlink.store import texts as st
from tourlink.store.credentials import (
    hash_password,
    needs_rehash,
    new_token,
    token_digest,
    verify_password,
)
from tourlink.store.errors import ConflictError, NotFoundError
from tourlink.store.models import ApiToken, Organisation, User
from tourlink.store.types import utcnow
from tourlink.texts import field_ref

__all__ = [
    "TOKEN_PREFIX",
    "Actor",
    "actor_by_id",
    "actor_for_token",
    "authenticate",
    "create_org",
    "create_user",
    "issue_token",
    "org_users",
    "revoke_token",
]

TOKEN_PREFIX = "tl_"
"""How every API token starts (so a leaked one is recognisable by secret scanners)."""


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: the user, their organisation (id, slug, kind) and their role."""

    user_id: int
    email: str
    name: str
    role: str
    org_id: int
    org_slug: str
    org_name: str
    org_kind: str

    def may(self, action: str) -> bool:
        """Return whether this actor's role allows ``action`` (see :mod:`tourlink.accounts`)."""
        return allowed(self.role, action)

    @property
    def label(self) -> str:
        """Return the name to show (the e-mail when no name is set)."""
        return self.name or self.email


def _actor(user: User) -> Actor:
    org = user.org
    return Actor(
        user_id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        org_id=org.id,
        org_slug=org.slug,
        org_name=org.name,
        org_kind=org.kind,
    )


def create_org(session: Session, slug: str, name: str, kind: str = "operator") -> Organisation:
    """Add an organisation; raise :class:`ConflictError` if ``slug`` is taken."""
    check_slug(slug)
    check_org_kind(kind)
    if not name.strip():
        raise InvalidRequestError(
            message(st.ORG_NAME_EMPTY, field=field_ref("name"), slug=slug, value=repr(name)),
            field="name",
        )
    if session.scalar(select(Organisation.id).where(Organisation.slug == slug)) is not None:
        raise ConflictError(message(st.ORG_TAKEN, slug=slug))
    org = Organisation(slug=slug, name=name.strip(), kind=kind)
    session.add(org)
    _flush_unique(session, f"An organisation with the slug {slug!r} already exists.")
    return org


def create_user(
    session: Session, email: str, org_slug: str, role: str, password: str, name: str = ""
) -> User:
    """Add a user of organisation ``org_slug`` with ``role``; the password is hashed.

    Raises
    ------
    NotFoundError
        If there is no such organisation.
    ConflictError
        If the e-mail address is taken.
    tourlink.exceptions.InvalidRequestError
        If the e-mail, the role (for this kind of organisation) or the password is unfit.
    """
    address = check_email(email)
    org = session.scalar(select(Organisation).where(Organisation.slug == org_slug))
    if org is None:
        raise NotFoundError(message(st.NO_ORG, slug=org_slug))
    check_role(role, org.kind)
    if session.scalar(select(User.id).where(User.email == address)) is not None:
        raise ConflictError(message(st.EMAIL_TAKEN, address=address))
    user = User(
        org=org, email=address, role=role, name=name.strip(), password_hash=hash_password(password)
    )
    session.add(user)
    _flush_unique(session, f"A user with the e-mail address {address!r} already exists.")
    return user


def _flush_unique(session: Session, message: str) -> None:
    """Flush; a unique constraint hit by a concurrent insert becomes a ConflictError."""
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise ConflictError(message) from None


def authenticate(session: Session, email: str, password: str) -> Actor | None:
    """Return the actor whose e-mail and password these are (``None`` otherwise).

    Unknown addresses take as long as wrong passwords; a hash made with weaker parameters
    than today's is replaced on a successful login.
    """
    address = email.strip().lower()
    user = session.scalar(select(User).where(User.email == address, User.active.is_(True)))
    if not verify_password(None if user is None else user.password_hash, password):
        return None
    assert user is not None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.flush()
    return _actor(user)


def actor_by_id(session: Session, user_id: int) -> Actor | None:
    """Return the actor of the active user ``user_id`` (``None``: gone or disabled)."""
    user = session.get(User, user_id, options=[joinedload(User.org)])  # one query, not two
    return None if user is None or not user.active else _actor(user)


def issue_token(session: Session, actor: Actor, label: str = "") -> tuple[ApiToken, str]:
    """Create an API token for ``actor``; return it and the secret (shown only this once)."""
    secret = new_token(TOKEN_PREFIX)
    token = ApiToken(user_id=actor.user_id, digest=token_digest(secret), label=label[:100])
    session.add(token)
    session.flush()
    return token, secret


def actor_for_token(session: Session, secret: str, now: dt.datetime | None = None) -> Actor | None:
    """Return the actor a bearer token belongs to (``None``: unknown, revoked, or disabled).

    The token, its user and the organisation are read in one query. The token's last use
    is recorded at most every five minutes, as a pending change: the caller commits it
    when ``session.dirty`` says there is one (most requests then write nothing).
    """
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = session.scalar(
        select(ApiToken)
        .options(joinedload(ApiToken.user).joinedload(User.org))
        .where(ApiToken.digest == token_digest(secret))
    )
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    when = now or utcnow()
    last = token.last_used_at
    if last is None or when - last > dt.timedelta(minutes=5):  # not a write per request
        token.last_used_at = when
    return _actor(token.user)


def revoke_token(session: Session, actor: Actor, token_id: int) -> ApiToken:
    """Revoke one of ``actor``'s own tokens; another user's token is not found."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != actor.user_id:
        raise NotFoundError(message(st.NO_TOKEN, token=token_id))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
    return token


def org_users(session: Session, actor: Actor) -> list[User]:
    """Return the users of ``actor``'s organisation, by e-mail."""
    query = select(User).where(User.org_id == actor.org_id).order_by(func.lower(User.email))
    return list(session.scalars(query))
