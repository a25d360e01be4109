"""What keeps the service safe to put on the internet: hosts, proxies, headers, the secret key.

Settings (``TOURLINK_`` environment variables or ``create_app`` config):

``TRUSTED_HOSTS``
    The host names the service answers for, as a JSON list or comma-separated
    (``TOURLINK_TRUSTED_HOSTS=tours.example.org,.example.org``; a leading dot accepts
    every subdomain). A request for any other ``Host`` is answered ``400`` before any
    view runs, so a forged ``Host`` header never reaches a redirect or an absolute link.
    Default: ``localhost`` and ``127.0.0.1``, which is what ``tourlink serve`` answers on.
``TRUSTED_PROXIES``
    How many reverse proxies stand in front of the service (default ``0``). With ``n > 0``
    the client address, scheme and host are taken from the last ``n`` ``X-Forwarded-*``
    values (Werkzeug's ``ProxyFix``); without it those headers are ignored, so a client
    cannot forge its address (rate limits) or the scheme (HSTS).
``SECRET_KEY``
    Signs the session cookie; see :func:`configure_secret_key` for the policy.

Every response carries a Content-Security-Policy without inline script (the map's tile
host, from ``TILE_URL``, is the one outside origin allowed, for images),
``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY`` with
``frame-ancestors 'none'``, ``Referrer-Policy: strict-origin-when-cross-origin`` (the
tile server still sees the site's origin, which OpenStreetMap's tile policy asks for)
and, over TLS, ``Strict-Transport-Security``.

JSON endpoints take ``Content-Type: application/json`` only: every ``POST``, ``PUT``,
``PATCH`` or ``DELETE`` under ``/api/`` that carries a body (or names a content type) of
another type is answered ``415`` before its view runs. A browser can send a cross-site
``text/plain`` or form POST without asking first (a CORS "simple request"); it cannot send
``application/json`` that way, so such a request is never processed.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from flask import Flask, Response, request
from werkzeug.exceptions import Forbidden, SecurityError, UnsupportedMediaType
from werkzeug.middleware.proxy_fix import ProxyFix

from tourlink import texts
from tourlink.exceptions import TourlinkError
from tourlink.messages import Param, message
from tourlink_web.errors import refusal

__all__ = [
    "DEFAULTS",
    "JSON_MIME",
    "KNOWN_KEYS",
    "ConfigurationError",
    "configure_secret_key",
    "content_security_policy",
    "init_app",
    "refuse_cross_site",
    "require_json_body",
    "same_site_path",
]

JSON_MIME = "application/json"
_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_LOG = logging.getLogger(__name__)

#: Configuration defaults (merged into ``tourlink_web.DEFAULTS``).
DEFAULTS: dict[str, Any] = {
    "TRUSTED_HOSTS": ["localhost", "127.0.0.1"],
    "TRUSTED_PROXIES": 0,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "HSTS_MAX_AGE": 365 * 24 * 3600,
}

#: Keys published in this repository's history: never accepted outside debug and tests.
KNOWN_KEYS = frozenset({"tourlink-dev-not-secret", "dev", "tests", "secret", "changeme"})
#: The file, in the instance folder, that holds the generated key.
KEY_FILE = "secret_key"
_MIN_KEY_LENGTH = 32


class ConfigurationError(TourlinkError, RuntimeError):
    """The application is configured in a way that is unsafe or unusable; it refuses to start.

    Its :attr:`~tourlink.exceptions.TourlinkError.message` is a library message
    (``serve.*`` in :mod:`tourlink.texts`), so ``tourlink serve --lang vi`` says it in
    Vietnamese; ``str()`` is the English sentence.
    """


# -- the secret key ---------------------------------------------------------------------------


def configure_secret_key(app: Flask) -> None:
    """Give ``app`` a secret key that nobody else knows.

    * ``TOURLINK_SECRET_KEY`` (or ``SECRET_KEY`` in the config) is used when given; outside
      debug and tests it must be at least 32 characters and not a published key.
    * Otherwise, in debug or tests, a random key is made for this process.
    * Otherwise the key is read from ``<instance folder>/secret_key``, which is created
      (mode 0600, atomically, so workers starting together agree) with a random key the
      first time, with a log line. All workers of one machine share it; several machines
      must be given one ``TOURLINK_SECRET_KEY`` (or share the instance folder).

    Raises
    ------
    ConfigurationError
        If the key is known or short outside debug and tests, or no key can be stored.
    """
    relaxed = app.debug or app.testing
    key = app.config.get("SECRET_KEY")
    if key:
        if not relaxed and (str(key) in KNOWN_KEYS or len(str(key)) < _MIN_KEY_LENGTH):
            raise ConfigurationError(message(texts.SERVE_WEAK_KEY, length=_MIN_KEY_LENGTH))
        return
    if relaxed:
        app.config["SECRET_KEY"] = secrets.token_urlsafe(48)
        return
    app.config["SECRET_KEY"] = _instance_key(Path(app.instance_path))


def _instance_key(folder: Path) -> str:
    path = folder / KEY_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if folder.is_dir():
            return _read_key(path)
        raise _unstorable(path, message(texts.SERVE_INSTANCE_IS_FILE)) from None
    except OSError as exc:
        raise _unstorable(path, texts.os_reason(exc)) from None
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(key)
    _LOG.warning(
        "tourlink: generated a new secret key in %s; every worker on this machine shares it. "
        "Serving from several machines? Give them all one TOURLINK_SECRET_KEY.",
        path,
    )
    return key


def _unstorable(path: Path, reason: Param) -> ConfigurationError:
    return ConfigurationError(message(texts.SERVE_KEY_UNUSABLE, path=str(path), reason=reason))


def _read_key(path: Path) -> str:
    for _ in range(50):  # another worker may be writing it this very moment
        try:
            key = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise _unstorable(path, str(exc)) from None
        if len(key) >= _MIN_KEY_LENGTH:
            return key
        time.sleep(0.02)
    raise ConfigurationError(message(texts.SERVE_KEY_SHORT, path=str(path), length=_MIN_KEY_LENGTH))


# -- hosts and proxies ------------------------------------------------------------------------


def _host_list(value: Any) -> list[str] | None:
    """Return TRUSTED_HOSTS as a list (``None``/``[]``: any host, which is refused below)."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                raise ConfigurationError(
                    message(texts.SERVE_HOSTS_MALFORMED, value=repr(text))
                ) from None
        else:
            value = [part.strip() for part in text.split(",") if part.strip()]
    return [str(host) for host in value] if value else None


def _configure_hosts(app: Flask) -> None:
    hosts = _host_list(app.config.get("TRUSTED_HOSTS"))
    if hosts is None and not (app.debug or app.testing):
        raise ConfigurationError(message(texts.SERVE_HOSTS_EMPTY))
    app.config["TRUSTED_HOSTS"] = hosts
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )


def _untrusted_host(error: SecurityError) -> Response:
    """Answer a request for a host not in TRUSTED_HOSTS: plain text, no link, no URL built."""
    return Response(
        "400 Bad Request: this server does not serve the host named in the request.\n",
        status=400,
        mimetype="text/plain",
    )


def same_site_path(path: str) -> str:
    r"""Return ``path`` made safe to put in a link: percent-encoded, one leading slash.

    A browser reads ``//host/x`` and ``/\host/x`` as links to another site; here both
    stay paths of this one (``/host/x`` and ``/%5Chost/x``).

    >>> same_site_path("/\\evil.example/x")
    '/%5Cevil.example/x'
    >>> same_site_path("//evil.example/x")
    '/evil.example/x'
    """
    return "/" + quote(path, safe="/!$&'()*+,;=:@-._~").lstrip("/")


# -- headers ----------------------------------------------------------------------------------


def _tile_source(tile_url: str) -> str:
    """Return the CSP source of the tile server (``https://{s}.tile…`` → ``https://*.tile…``)."""
    parts = urlsplit(tile_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def content_security_policy(tile_url: str) -> str:
    """Return the Content-Security-Policy of the HTML pages for tiles from ``tile_url``."""
    tiles = _tile_source(tile_url)
    images = f"'self' data: {tiles}".strip()
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {images}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def _add_headers(app: Flask) -> None:
    policy = content_security_policy(str(app.config.get("TILE_URL") or ""))
    max_age = int(app.config["HSTS_MAX_AGE"])

    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", f"max-age={max_age}")
        return response


# -- the JSON content-type rule ---------------------------------------------------------------


def _has_body() -> bool:
    return bool(request.content_length) or "chunked" in request.headers.get("Transfer-Encoding", "")


def require_json_body() -> None:
    """Refuse an API request whose body is not JSON (``415``), before its view runs."""
    if request.method not in _UNSAFE_METHODS or not request.path.startswith("/api/"):
        return
    if request.mimetype == JSON_MIME or not (_has_body() or request.content_type):
        return
    sent = request.content_type or "none"
    said = message(texts.CONTENT_TYPE, expected=JSON_MIME, sent=sent)
    raise refusal(UnsupportedMediaType(), said)


# -- cross-site requests with a session cookie --------------------------------------------------

_CROSS_SITE = frozenset({"cross-site", "same-site"})


def _origin_host(value: str) -> str | None:
    parts = urlsplit(value)
    return parts.netloc.lower() if parts.scheme in ("http", "https") and parts.netloc else None


def refuse_cross_site() -> None:
    """Refuse a state-changing request sent from another site with this site's cookies.

    A ``POST``, ``PUT``, ``PATCH`` or ``DELETE`` that carries cookies and no bearer token
    is answered ``403`` when the browser says it comes from another site
    (``Sec-Fetch-Site: cross-site`` or ``same-site``), or, from a browser that does not send
    that header, when its ``Origin`` names another host. A second guard beside the CSRF
    token (an empty-body POST has no token to check, and a leaked token stays useless
    from another site); API calls with ``Authorization: Bearer`` carry no ambient
    credential and are not affected, nor is a request without cookies.
    """
    if request.method not in _UNSAFE_METHODS or not request.cookies:
        return
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        return
    fetched = request.headers.get("Sec-Fetch-Site", "").lower()
    origin = request.headers.get("Origin")
    if fetched in _CROSS_SITE:
        sender = origin or fetched
    elif not fetched and origin and _origin_host(origin) != request.host.lower():
        sender = origin
    else:
        return
    said = message(texts.CROSS_SITE, sender=sender)
    raise refusal(Forbidden(), said)


def init_app(app: Flask) -> None:
    """Apply the secret-key policy, trusted hosts and proxies, headers and the JSON rule.

    Raises
    ------
    ConfigurationError
        If the configuration is unsafe outside debug and tests (see the module docstring).
    """
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    configure_secret_key(app)
    _configure_hosts(app)
    app.register_error_handler(SecurityError, _untrusted_host)
    _add_headers(app)
    app.before_request(refuse_cross_site)
    app.before_request(require_json_body)
