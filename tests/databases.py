"""Database fixtures: every storage test runs on SQLite and on PostgreSQL.

``database_url`` is parametrised over both engines and gives the URL of an *empty*
database: an SQLite file in the test's temporary folder, or a fresh PostgreSQL schema
(``search_path`` set in the URL) inside one database created for this test session from
the admin URL in ``TOURLINK_TEST_DATABASE_URL`` and dropped at its end, so engineers and
CI runs sharing one server never see each other's rows. Without the variable the
PostgreSQL cases skip with the reason, except under ``CI=true``, where they fail.

``db_engine`` is that database migrated to the newest schema; ``db_session`` a session on
it. :func:`make_actor` adds an organisation with one user and returns the acting user.
They are registered for the whole suite in ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from tourlink.store import Actor, make_engine, make_sessions, sqlite_url, upgrade
from tourlink.store.credentials import hash_password
from tourlink.store.engine import normalise_url
from tourlink.store.models import Organisation, User
from tourlink.store.orgs import actor_by_id

__all__ = ["PASSWORD", "TEST_DATABASE_ENV", "make_actor", "need_postgres", "race"]

TEST_DATABASE_ENV = "TOURLINK_TEST_DATABASE_URL"
#: The password of every user :func:`make_actor` creates.
PASSWORD = "correct horse battery staple"
_HASH: list[str] = []  # hashed once per session: argon2 is slow on purpose


def need_postgres() -> str:
    """Return the admin URL of the test PostgreSQL; skip without it (fail under CI=true)."""
    url = os.environ.get(TEST_DATABASE_ENV)
    if url:
        return url
    reason = f"{TEST_DATABASE_ENV} is not set (e.g. postgresql+psycopg://postgres@127.0.0.1/test)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}, and CI=true requires the PostgreSQL tests to run")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str | None]:
    """Create a uniquely named PostgreSQL database for this session; yield its URL."""
    admin = os.environ.get(TEST_DATABASE_ENV)
    if not admin:
        yield None
        return
    name = f"tourlink_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin_url = normalise_url(admin)
    admin_engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin_engine.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin_engine.dispose()


def _new_schema(database: str) -> tuple[str, str]:
    schema = f"t_{secrets.token_hex(6)}"
    engine = create_engine(database, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine.dispose()
    url = make_url(database).update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, url.render_as_string(hide_password=False)


def _drop_schema(database: str, schema: str) -> None:
    engine = create_engine(database, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_database: str | None
) -> Iterator[str]:
    """Return the URL of an empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "tourlink-test.sqlite")
        return
    if postgres_database is None:
        need_postgres()
    assert postgres_database is not None
    schema, url = _new_schema(postgres_database)
    try:
        yield url
    finally:
        _drop_schema(postgres_database, schema)


@pytest.fixture
def db_engine(database_url: str) -> Iterator[Engine]:
    """Return an engine on a database migrated to the newest schema."""
    engine = make_engine(database_url)
    upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def db_session(db_engine: Engine) -> Iterator[Session]:
    """Return a session on the migrated database (closed, uncommitted work rolled back)."""
    with make_sessions(db_engine)() as session:
        yield session


def make_actor(
    session: Session,
    slug: str = "mang-den-travel",
    *,
    role: str = "operator",
    kind: str = "operator",
    email: str | None = None,
) -> Actor:
    """Add organisation ``slug`` (if new) and a user of it with ``role``; return the actor.

    The user's password is :data:`PASSWORD`; the session is committed.
    """
    if not _HASH:
        _HASH.append(hash_password(PASSWORD))
    org = session.query(Organisation).filter_by(slug=slug).one_or_none()
    if org is None:
        org = Organisation(slug=slug, name=slug.replace("-", " ").title(), kind=kind)
        session.add(org)
    user = User(
        org=org,
        email=email or f"{role}-{secrets.token_hex(3)}@{slug}.example",
        role=role,
        name=f"{role.title()} of {org.name}",
        password_hash=_HASH[0],
    )
    session.add(user)
    session.commit()
    actor = actor_by_id(session, user.id)
    assert actor is not None
    return actor


def race(
    sessions: Callable[[], Session], writers: Mapping[str, Callable[[Session], object]]
) -> dict[str, object]:
    """Run the writers at the same moment, each in its own session and thread.

    Each writer commits on success; a :class:`~tourlink.store.StaleVersionError` is rolled
    back. Returns ``"saved"`` or the error, by writer name.
    """
    from tourlink.store import StaleVersionError

    barrier = threading.Barrier(len(writers))
    outcome: dict[str, object] = {}

    def run(name: str, write: Callable[[Session], object]) -> None:
        with sessions() as session:
            barrier.wait()
            try:
                write(session)
                session.commit()
                outcome[name] = "saved"
            except StaleVersionError as exc:
                session.rollback()
                outcome[name] = exc

    threads = [threading.Thread(target=run, args=item) for item in writers.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome
