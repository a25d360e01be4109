"""The database of the web app: one engine per process, one session per request.

A view that writes commits (``db().commit()``) before it answers, so a failed commit is an
error answer, never a success that lost the write; whatever is left uncommitted when the
request ends is rolled back.

The URL is ``DATABASE_URL`` in the configuration (``TOURLINK_DATABASE_URL`` in the
environment), else an SQLite file ``tourlink.sqlite`` in the app's instance folder. The
embedded SQLite file is created and migrated when the app starts, so ``tourlink serve``
needs nothing else; any other database must be migrated with ``tourlink db upgrade``
first (the app refuses to start on an old schema rather than guess). A database this app
migrates gets the app's published routes once, as ``tourlink db upgrade`` does.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tourlink import texts
from tourlink.messages import message
from tourlink.store.engine import ENV_URL, make_engine, make_sessions, sqlite_url
from tourlink.store.migrate import current_revision, head_revision, upgrade
from tourlink_web.security import ConfigurationError

__all__ = ["configured_url", "db", "end_reads", "engine", "init_app"]

_FILE = "tourlink.sqlite"


def _instance_path() -> str:
    return Flask("tourlink_web").instance_path


def configured_url(config: Any = None) -> str:
    """Return the database URL of ``config`` (or the environment), else the embedded file."""
    url = (config or {}).get("DATABASE_URL") or os.environ.get(ENV_URL)
    if url:
        return str(url)
    folder = Path(config["INSTANCE_PATH"]) if config and "INSTANCE_PATH" in config else None
    folder = folder or Path(_instance_path())
    folder.mkdir(parents=True, exist_ok=True)
    return sqlite_url(folder / _FILE)


def init_app(app: Flask) -> None:
    """Open the database of ``app`` (migrating the embedded file) and scope sessions."""
    config = {**app.config, "INSTANCE_PATH": app.instance_path}
    url = configured_url(config)
    the_engine = make_engine(url)
    embedded = not (app.config.get("DATABASE_URL") or os.environ.get(ENV_URL))
    if embedded or app.config.get("DATABASE_AUTO_UPGRADE"):
        from tourlink_web.published import seed

        upgrade(the_engine)
        seed(the_engine, app.extensions["tourlink"].tours.values())  # once, into empty tables
    elif (current := current_revision(the_engine)) != head_revision():
        shown = the_engine.url.render_as_string(hide_password=True)
        said = (
            message(texts.SERVE_NO_SCHEMA, url=shown, head=str(head_revision()))
            if current is None
            else message(
                texts.SERVE_OLD_SCHEMA, url=shown, current=str(current), head=str(head_revision())
            )
        )
        raise ConfigurationError(said)
    app.extensions["tourlink_db"] = make_sessions(the_engine)
    app.teardown_appcontext(_close)


def engine() -> Engine:
    """Return the engine of the running app."""
    sessions: sessionmaker[Session] = current_app.extensions["tourlink_db"]
    bound = sessions.kw["bind"]
    assert isinstance(bound, Engine)
    return bound


def db() -> Session:
    """Return this request's database session (opened on first use)."""
    if "tourlink_session" not in g:
        g.tourlink_session = current_app.extensions["tourlink_db"]()
    session: Session = g.tourlink_session
    return session


def end_reads() -> None:
    """End the request's transaction and give its connection back before slow work.

    A view calls this after its reads and before planning (half a second of CPU or more), so
    that a planning request holds no database connection and no open transaction while it
    plans: eight concurrent planners would otherwise keep eight connections of the pool (and,
    on PostgreSQL, eight sessions "idle in transaction"). What the request wrote so far (a
    token's last use, say) is committed; what it loaded stays readable (the sessions do not
    expire on commit). The write after planning runs in a transaction of its own, and saving
    a version checks that it is still the newest (:class:`tourlink.store.StaleVersionError`),
    so no read made before planning can go stale unseen.
    """
    session: Session | None = g.get("tourlink_session")
    if session is not None and session.in_transaction():
        session.commit()


def _close(_error: BaseException | None) -> None:
    """Close the request's session; what a view did not commit is rolled back."""
    session: Session | None = g.pop("tourlink_session", None)
    if session is not None:
        session.close()
