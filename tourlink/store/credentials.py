"""Secrets: argon2 password hashes, and random tokens stored only as their SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from tourlink.exceptions import InvalidRequestError
from tourlink.messages import message
from tourlink.store import texts as st
from tourlink.texts import field_ref

__all__ = [
    "MIN_PASSWORD",
    "check_password",
    "hash_password",
    "needs_rehash",
    "new_token",
    "token_digest",
    "verify_password",
]

MIN_PASSWORD = 10
"""Fewest characters a password may have."""

_HASHER = PasswordHasher()
#: A hash verified when the user does not exist, so a wrong e-mail costs as long as a
#: wrong password (no user enumeration by timing).
_DUMMY = _HASHER.hash("tourlink-no-such-user")


def check_password(password: str) -> str:
    """Return ``password`` if it is long enough, else raise naming the field."""
    if len(password) < MIN_PASSWORD:
        raise InvalidRequestError(
            message(
                st.PASSWORD_SHORT,
                field=field_ref("password"),
                least=MIN_PASSWORD,
                size=len(password),
            ),
            field="password",
        )
    return password


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password`` (after :func:`check_password`)."""
    return _HASHER.hash(check_password(password))


def verify_password(stored: str | None, password: str) -> bool:
    """Return whether ``password`` matches the ``stored`` hash (``None``: no such user)."""
    try:
        return _HASHER.verify(_DUMMY if stored is None else stored, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Return whether ``stored`` was made with weaker parameters than today's."""
    return _HASHER.check_needs_rehash(stored)


def new_token(prefix: str) -> str:
    """Return a new unguessable token (256 random bits, URL-safe) starting with ``prefix``."""
    return f"{prefix}{secrets.token_urlsafe(32)}"


def token_digest(token: str) -> str:
    """Return the SHA-256 hex digest under which ``token`` is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
