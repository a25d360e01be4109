"""What keeps the service safe to put on the internet: the JSON content-type rule.

JSON endpoints take ``Content-Type: application/json`` only. Every ``POST``, ``PUT``,
``PATCH`` or ``DELETE`` under ``/api/`` that carries a body (or names a content type) of
any other type is answered ``415 Unsupported Media Type`` before its view runs. A browser
can send a cross-site ``text/plain`` or form POST without asking the server first (a CORS
"simple request"); it cannot send ``application/json`` that way, so such a request is
never processed.
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.exceptions import UnsupportedMediaType

__all__ = ["JSON_MIME", "init_app", "require_json_body"]

JSON_MIME = "application/json"
_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _has_body() -> bool:
    return bool(request.content_length) or "chunked" in request.headers.get("Transfer-Encoding", "")


def require_json_body() -> None:
    """Refuse an API request whose body is not JSON (``415``), before its view runs."""
    if request.method not in _UNSAFE_METHODS or not request.path.startswith("/api/"):
        return
    if request.mimetype == JSON_MIME or not (_has_body() or request.content_type):
        return
    sent = request.content_type or "none"
    raise UnsupportedMediaType(
        f"The body must be sent with Content-Type: {JSON_MIME}, got Content-Type: {sent}."
    )


def init_app(app: Flask) -> None:
    """Install the content-type rule on ``app``."""
    app.before_request(require_json_body)
