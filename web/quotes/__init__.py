"""Quotes in the web app: rate cards, exchange rates, quotes and proposals (API and pages)."""

from __future__ import annotations

from flask import Flask

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    """Register the quotes API and pages on ``app``."""
    from tourlink_web.quotes import api, pages

    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    # The share page offers "Proposal and prices" only when the shared version has a quote.
    app.jinja_env.globals["shared_proposal_exists"] = pages.shared_proposal_exists
