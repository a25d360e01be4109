"""The tourism office's publishing desk: routes, their drafts, review and the audit log.

:func:`init_app` registers the pages under ``/office/``. Only the office's editors and
publishers (and administrators) may open them; an operator gets 403, a visitor the log-in
page. The workflow's rules are :mod:`tourlink.publishing`'s; the pages ask them and show
their answers (the checker's verdict, the actions one may take, why one was refused).
"""

from __future__ import annotations

from flask import Flask

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    """Register the office desk's pages on ``app``."""
    from tourlink_web.office import pages

    app.register_blueprint(pages.bp)
