"""Engines and sessions from a database URL: SQLite (embedded) or PostgreSQL (psycopg 3).

``TOURLINK_DATABASE_URL`` names the production database, e.g.
``postgresql+psycopg://tourlink@db.example/tourlink``; without it the embedded default is
an SQLite file (the web app puts it in its instance folder).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from tourlink.exceptions import InvalidRequestError
from tourlink.messages import message
from tourlink.store import texts as st

__all__ = [
    "ENV_URL",
    "make_engine",
    "make_sessions",
    "normalise_url",
    "sqlite_url",
]

ENV_URL = "TOURLINK_DATABASE_URL"
"""The environment variable naming the database."""

_SUPPORTED = ("sqlite", "postgresql")


def sqlite_url(path: str | Path) -> str:
    """Return the SQLAlchemy URL of the SQLite file at ``path``.

    Examples
    --------
    >>> sqlite_url("/srv/tourlink/tourlink.sqlite")
    'sqlite:////srv/tourlink/tourlink.sqlite'
    """
    return f"sqlite:///{Path(path).resolve()}"


def normalise_url(url: str) -> str:
    """Return ``url`` checked, with ``postgresql://`` meaning psycopg 3."""
    try:
        parsed = make_url(url)
    except Exception:  # SQLAlchemy raises ArgumentError, or ValueError for a bad port
        said = message(st.DATABASE_URL, variable=f"`{ENV_URL}`", url=repr(url))
        raise InvalidRequestError(said, field=ENV_URL) from None
    backend = parsed.get_backend_name()
    if backend not in _SUPPORTED:
        said = message(st.DATABASE_BACKEND, variable=f"`{ENV_URL}`", backend=repr(backend))
        raise InvalidRequestError(said, field=ENV_URL)
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3, not psycopg2
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.execute("PRAGMA busy_timeout=30000")  # a writer waits for the other's commit
    cursor.close()


def make_engine(url: str, **options: Any) -> Engine:
    """Return an engine for ``url`` (``postgresql://`` means psycopg 3).

    SQLite files get foreign keys on, write-ahead logging and a 30 s busy timeout, so two
    processes writing at once wait for each other instead of failing.

    Raises
    ------
    InvalidRequestError
        If ``url`` is not a PostgreSQL or SQLite URL.
    """
    normalised = normalise_url(url)
    if normalised.startswith("sqlite"):
        engine = create_engine(normalised, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(normalised, pool_pre_ping=True, **options)


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """Return the session factory of ``engine`` (objects stay readable after commit)."""
    return sessionmaker(engine, expire_on_commit=False)
