"""The operator's workspace: saved itineraries, their history, the editor and share links.

:func:`init_app` registers the blueprints: the JSON API (``/api/v1/itineraries``), the
pages (``/workspace/…``) and the public share pages (``/share/<token>``).
"""

from __future__ import annotations

from flask import Flask

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    """Register the workspace's API, pages and share pages on ``app``."""
    from tourlink_web.workspace import api, editor, pages, places, share

    del editor  # its views are on the pages blueprint

    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(share.bp)
    places.init_app(app)
    api.init_app(app)
