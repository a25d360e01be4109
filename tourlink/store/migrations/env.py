"""Alembic environment: run the migrations on the engine :func:`tourlink.store.upgrade` gives."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context

from tourlink.store.engine import make_engine
from tourlink.store.migrate import load_models
from tourlink.store.models import Base
from tourlink.store.types import UtcDateTime


def _render_item(kind: str, obj: Any, _context: Any) -> str | Literal[False]:
    """Write tourlink's column types as plain SQLAlchemy ones in generated migrations."""
    if kind == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations(config: Any) -> None:
    """Run the migrations Alembic asks for, on its engine (or its configured URL)."""
    load_models()
    engine = config.attributes.get("engine")
    if engine is None:  # the alembic command line: take the URL from the configuration
        engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,  # SQLite alters tables by copying them
            render_item=_render_item,
        )
        with context.begin_transaction():
            context.run_migrations()


_config: Any
try:
    _config = context.config
except AttributeError:  # imported outside Alembic (a walk over every module): nothing to run
    _config = None
if _config is not None:
    run_migrations(_config)
