"""Create or upgrade a database to the newest schema with the packaged Alembic migrations."""

from __future__ import annotations

import importlib
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

__all__ = [
    "MIGRATIONS",
    "MODEL_MODULES",
    "alembic_config",
    "current_revision",
    "head_revision",
    "load_models",
    "upgrade",
]

MIGRATIONS = Path(__file__).parent / "migrations"
"""The folder of the migration scripts (shipped inside the package)."""

#: Every module defining tables on :class:`tourlink.store.models.Base` (add yours here).
MODEL_MODULES = (
    "tourlink.store.models",
    "tourlink.store.quotes",
    "tourlink.store.routes",
    "tourlink.store.places",
    "tourlink.store.tours",
    "tourlink.store.logos",
)


def load_models() -> None:
    """Import every module of :data:`MODEL_MODULES`, so the metadata holds every table."""
    for name in MODEL_MODULES:
        importlib.import_module(name)


def alembic_config(engine: Engine | None = None) -> Config:
    """Return the Alembic configuration of the packaged migrations (bound to ``engine``)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Migrate the database of ``engine`` to ``revision``; return the revision it is at.

    A new database gets every table; an older one gains what changed, keeping its rows.
    """
    command.upgrade(alembic_config(engine), revision)
    return current_revision(engine)


def current_revision(engine: Engine) -> str | None:
    """Return the database's migration revision (``None``: never migrated)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """Return the newest revision of the packaged migrations."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head
