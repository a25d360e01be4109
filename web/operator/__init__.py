"""An operator's tours and their departures (``/workspace/tours/``).

:func:`init_app` registers the pages. The rules of a tour record are the core's timetable
reader's; storage is :mod:`tourlink.store.tours`, one organisation at a time.
"""

from __future__ import annotations

from flask import Flask

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    """Register the operator tour pages on ``app``."""
    from tourlink_web.operator import pages

    app.register_blueprint(pages.bp)
