"""The tourlink web front end: a thin Flask layer over the tourlink library.

Installed as the import package ``tourlink_web``. Build the application with
:func:`create_app`; serve it with ``tourlink serve`` or any WSGI server::

    waitress-serve --listen=127.0.0.1:8000 --call tourlink_web:create_app

(README.md gives the production flags and why waitress: it survives slow clients.)
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from tourlink.engine import load_engine

__all__ = ["DEFAULTS", "create_app"]

#: Configuration defaults; override with ``TOURLINK_<KEY>`` environment variables or
#: the ``test_config`` mapping given to :func:`create_app`.
DEFAULTS: dict[str, Any] = {
    "SECRET_KEY": None,  # see tourlink_web.security.configure_secret_key
    "DATA_DIR": None,
    "LANGUAGE": "vi",
    "LANGUAGES": ("vi", "en", "lo"),
    "TILE_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "TILE_ATTRIBUTION": "© OpenStreetMap contributors",
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "PLAN_TIME_LIMIT": 5.0,
    "MAX_DAYS": 30,
    "MAX_MUST_VISIT": 20,
    "MAX_AVOID": 60,
    "MAX_MATRIX_IDS": 40,
    "MAX_ALTERNATIVES": 5,
    "MAX_INTERESTS": 20,
}


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create the tourlink web application.

    Configuration comes from :data:`DEFAULTS`, then ``TOURLINK_*`` environment
    variables (``TOURLINK_DATA_DIR``, ``TOURLINK_TILE_URL``, ``TOURLINK_SECRET_KEY``,
    ``TOURLINK_LANGUAGE`` …), then ``test_config``. The network and the published
    routes are loaded once, into ``app.extensions["tourlink"]``.

    Parameters
    ----------
    test_config
        Settings that override everything else (used by tests).

    Returns
    -------
    Flask
        The configured application.

    Raises
    ------
    tourlink.exceptions.DataError
        If the data files are invalid.
    """
    from tourlink_web import (
        api,
        auth,
        connections,
        errors,
        fonts,
        i18n,
        limits,
        office,
        pages,
        quotes,
        security,
        state,
        workspace,
    )

    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_mapping(limits.DEFAULTS)
    app.config.from_mapping(security.DEFAULTS)
    app.config.from_prefixed_env("TOURLINK")
    if test_config is not None:
        app.config.from_mapping(test_config)
    if app.config["DATA_DIR"] is not None:
        app.config["DATA_DIR"] = str(Path(app.config["DATA_DIR"]))
    security.init_app(app)  # first: refuse an unsafe configuration before loading anything
    app.extensions["tourlink"] = state.load_state(app.config["DATA_DIR"])
    i18n.init_app(app)
    fonts.init_app(app)
    errors.init_app(app)
    pages.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(connections.bp)
    auth.init_app(app)  # the database, sessions, CSRF and the log-in pages
    workspace.init_app(app)
    quotes.init_app(app)  # rate cards, quotes and proposals (needs auth and the database)
    office.init_app(app)  # the tourism office's publishing desk (needs auth)
    limits.init_app(app)  # last: it limits the views registered above
    app.context_processor(_versions)
    load_engine()  # the first plan request should not pay for loading the compiled engine
    return app


def _versions() -> dict[str, str]:
    """Give every template the software and data versions (shown in the footer)."""
    from tourlink import __version__
    from tourlink_web.state import current

    return {"tourlink_version": __version__, "data_version": current().network.dataset.version}
