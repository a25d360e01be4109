"""Quotes in the web app: rate cards, exchange rates, quotes and proposals (API and pages)."""

from __future__ import annotations

from flask import Flask, request

__all__ = ["init_app"]


def _body_limits() -> None:
    """Give the rate card and logo endpoints their own body limits (larger than the app's)."""
    from tourlink_web.quotes import cardform
    from tourlink_web.quotes.api import RATE_CARD_MAX_BYTES
    from tourlink_web.quotes.logo import UPLOAD_MAX_BYTES

    limit = {
        "quotes_api.create_card": RATE_CARD_MAX_BYTES,
        "quotes_api.save_card": RATE_CARD_MAX_BYTES,
        "quotes.card": RATE_CARD_MAX_BYTES,
        "quotes.card_kind": RATE_CARD_MAX_BYTES,
        "logo.upload": UPLOAD_MAX_BYTES,
    }.get(request.endpoint or "")
    if limit is not None and request.method != "GET":
        request.max_content_length = limit
        request.max_form_memory_size = limit
        request.max_form_parts = 20 * cardform.MAX_ROWS  # a row per rate, ~15 fields each


def init_app(app: Flask) -> None:
    """Register the quotes API and pages on ``app``."""
    from tourlink_web.quotes import api, cards, logo, pages

    assert cards.__all__  # its views are on pages.bp: imported before registering it

    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(logo.bp)
    # Before every other hook: the CSRF check reads the form, so the limit must be set first.
    app.before_request_funcs.setdefault(None, []).insert(0, _body_limits)
    # The share page offers "Proposal and prices" only when the shared version has a quote.
    app.jinja_env.globals["shared_proposal_exists"] = pages.shared_proposal_exists
