"""Storage of the workspace: SQLAlchemy 2 models, Alembic migrations and repositories.

It knows nothing of Flask: the command line and the web both use it. One database API,
two engines — an SQLite file (the embedded default) and PostgreSQL through psycopg 3
(production, ``TOURLINK_DATABASE_URL``).

- :mod:`~tourlink.store.engine`: ``make_engine(url)``, ``make_sessions(engine)``.
- :mod:`~tourlink.store.migrate`: ``upgrade(engine)`` runs the packaged migrations
  (``tourlink db upgrade``).
- :mod:`~tourlink.store.models`: the tables (``Base`` is the declarative base).
- :mod:`~tourlink.store.orgs`: organisations, users, API tokens, the acting ``Actor``.
- :mod:`~tourlink.store.itineraries`: saved itineraries, versions, share links.
- :mod:`~tourlink.store.types`: ``UtcDateTime`` (aware UTC times), ``JSONDocument``.
- :mod:`~tourlink.store.errors`: ``NotFoundError`` (→ 404), ``StaleVersionError`` (→ 409),
  ``ConflictError``.

How to build on the store (quotes, publishing)
----------------------------------------------
1. Tables: add your models in your own module ``tourlink/store/<part>.py`` subclassing
   :class:`~tourlink.store.models.Base` (so they share its metadata and its constraint
   naming convention), with typed ``Mapped[...]`` columns. Tenant tables carry
   ``org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)``;
   times use ``UtcDateTime`` (aware, UTC), documents ``JSONDocument``, money
   ``Numeric(14, 2)`` read as ``Decimal`` with a ``currency`` ``String(3)`` beside it.
   Add your module's name to ``MODEL_MODULES`` in :mod:`tourlink.store.migrate`, so
   migrations and the schema test see your tables.
2. Migration: after merging main, generate one revision on top of the current head
   (``alembic heads`` must show one): ``python -c "from alembic import command; from
   tourlink.store.migrate import alembic_config; from tourlink.store.engine import
   make_engine; e = make_engine('sqlite:////tmp/x.sqlite'); command.upgrade(alembic_config(e),
   'head'); command.revision(alembic_config(e), message='…', autogenerate=True,
   rev_id='0002')"``, rename it ``versions/r0002_<what>.py``, check its ``down_revision``,
   tidy it, and test it from empty and from the previous head with rows
   (``tests/store/test_migrations.py`` shows how).
3. Repositories: a class built with ``(session, actor)`` whose every query filters on
   ``actor.org_id`` (see :class:`~tourlink.store.itineraries.Itineraries`); a foreign id
   raises :class:`~tourlink.store.errors.NotFoundError`, which the web answers with 404.
   Permissions are pure rules: ``actor.may("ratecards.edit")`` (:mod:`tourlink.accounts`).
   Shared state that two people can edit gets a ``version`` column and a conditional
   ``UPDATE … WHERE version = :based_on`` (raise ``StaleVersionError`` when no row moves).
   Repositories ``flush()``; the caller commits (the web: ``db().commit()`` in the view).
4. Tests: take the ``db_session`` / ``db_engine`` / ``database_url`` fixtures (from
   ``tests/databases.py``, registered in ``tests/conftest.py``): each test runs on SQLite
   and on PostgreSQL (a fresh schema per test in a per-session database, when
   ``TOURLINK_TEST_DATABASE_URL`` is set; skipped with the reason otherwise, failed under
   ``CI=true``). ``make_actor(session, role=..., kind=...)`` gives an organisation and user.
"""

from __future__ import annotations

from tourlink.store.engine import ENV_URL, make_engine, make_sessions, sqlite_url
from tourlink.store.errors import ConflictError, NotFoundError, StaleVersionError
from tourlink.store.itineraries import Draft, Filters, Itineraries, open_share
from tourlink.store.migrate import current_revision, head_revision, upgrade
from tourlink.store.orgs import Actor, actor_by_id, actor_for_token, authenticate

__all__ = [
    "ENV_URL",
    "Actor",
    "ConflictError",
    "Draft",
    "Filters",
    "Itineraries",
    "NotFoundError",
    "StaleVersionError",
    "actor_by_id",
    "actor_for_token",
    "authenticate",
    "current_revision",
    "head_revision",
    "make_engine",
    "make_sessions",
    "open_share",
    "sqlite_url",
    "upgrade",
]
