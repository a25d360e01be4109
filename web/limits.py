"""Per-client rate limits (Flask-Limiter) on the endpoints that cost real CPU.

Planning, travel matrices and routing each run a search; one client must not be able to
keep every worker busy. Each group below is one shared budget per client, counted over
the JSON API and the HTML pages that do the same work (a plan made through
``/plan/?…`` and one made through ``POST /api/v1/plan`` draw on the same budget):

========  ==================================================  ==================
group     endpoints                                           default
========  ==================================================  ==================
plan      ``api.plan``, ``planner.form`` (when submitted),    ``20 per minute``
          ``planner.print_view``, ``planner.export``
matrix    ``api.matrix``                                      ``30 per minute``
route     ``api.route``, ``api.route_export``,                ``120 per minute``
          ``routes.finder`` (when submitted), ``routes.print_view``,
          ``routes.export``
========  ==================================================  ==================

Settings (``TOURLINK_`` environment variables or ``create_app`` config):

``RATELIMIT_STORAGE_URI``
    Where the counters live; ``memory://`` (the default) counts per process. In
    production give every worker and machine the same Redis, e.g.
    ``TOURLINK_RATELIMIT_STORAGE_URI=redis://redis.internal:6379/0``, so a client's
    budget is the same whichever worker answers.
``RATELIMIT_PLAN``, ``RATELIMIT_MATRIX``, ``RATELIMIT_ROUTE``
    The limits, in Flask-Limiter's notation (``"20 per minute"``, ``"5/second;100/hour"``).
``RATELIMIT_ENABLED``
    ``False`` turns every limit off (the shared test application does this).
``RATELIMIT_KEY_PREFIX``
    Prefix of the storage keys (tests use a unique one per run).

A refused request gets ``429 Too Many Requests`` with ``Retry-After`` (seconds) and the
``X-RateLimit-*`` headers: an RFC 9457 ``application/problem+json`` document under
``/api/``, the error page elsewhere.

Other parts declare their own limits with :data:`limiter`, spelled as Flask-Limiter's
``Limiter.limit``::

    from tourlink_web.limits import limiter

    @bp.post("/login")
    @limiter.limit("5 per minute", methods=["POST"])
    def login(): ...

:func:`init_app` must run after every blueprint is registered (``create_app`` calls it
last): it builds one Flask-Limiter instance per application — so two applications in one
process (tests) never share counters or settings — and applies every declared limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Flask, Response, current_app, render_template, request
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address

from tourlink_web import forms

__all__ = ["DEFAULTS", "GROUPS", "RateLimits", "init_app", "limiter"]

ViewT = TypeVar("ViewT", bound=Callable[..., Any])

#: Configuration defaults (merged into ``tourlink_web.DEFAULTS``).
DEFAULTS: dict[str, Any] = {
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_PLAN": "20 per minute",
    "RATELIMIT_MATRIX": "30 per minute",
    "RATELIMIT_ROUTE": "120 per minute",
    "RATELIMIT_HEADERS_ENABLED": True,
    # Redis down: keep limiting, per process, rather than answering 500 or not limiting.
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
}

#: The shared budgets: group name → the endpoints that draw on it.
GROUPS: dict[str, tuple[str, ...]] = {
    "plan": ("api.plan", "planner.form", "planner.print_view", "planner.export"),
    "matrix": ("api.matrix",),
    "route": (
        "api.route",
        "api.route_export",
        "routes.finder",
        "routes.print_view",
        "routes.export",
    ),
}


def _not_computing() -> bool:
    """Return whether this request to a limited page only shows its empty form."""
    if request.endpoint == "planner.form":
        return not forms.is_submitted(request.args)
    if request.endpoint == "routes.finder":
        return not (request.args.get("from") and request.args.get("to"))
    return False


def client_key() -> str:
    """Return the key a client's budget is counted under: its address.

    Behind a reverse proxy, set ``TOURLINK_TRUSTED_PROXIES`` so the address is the
    client's (see :mod:`tourlink_web.security`), not the proxy's.
    """
    return get_remote_address()


@dataclass
class _Declared:
    view: Callable[..., Any]
    limit_value: str | Callable[[], str]
    options: dict[str, Any] = field(default_factory=dict)


class RateLimits:
    """Declare rate limits on views before any application exists.

    ``limit`` takes the arguments of Flask-Limiter's ``Limiter.limit`` and returns the
    view unchanged; :func:`init_app` applies the declarations to each application.
    """

    def __init__(self) -> None:
        self._declared: list[_Declared] = []

    def limit(
        self, limit_value: str | Callable[[], str], **options: Any
    ) -> Callable[[ViewT], ViewT]:
        """Return a decorator that limits a view with ``limit_value`` (Flask-Limiter notation)."""

        def declare(view: ViewT) -> ViewT:
            self._declared.append(_Declared(view, limit_value, options))
            return view

        return declare

    def declared(self) -> list[_Declared]:
        """Return the declarations made so far."""
        return list(self._declared)


#: Where other parts declare their limits (see the module docstring).
limiter = RateLimits()


def _group_limit(group: str) -> Callable[[], str]:
    setting = f"RATELIMIT_{group.upper()}"
    return lambda: str(current_app.config[setting])


def _wrap(app: Flask, endpoint: str, decorate: Callable[[Any], Any]) -> None:
    app.view_functions[endpoint] = decorate(app.view_functions[endpoint])


def init_app(app: Flask) -> Limiter:
    """Rate-limit ``app``: the groups of :data:`GROUPS` and every :data:`limiter` declaration.

    Call it after every blueprint is registered. Returns the application's
    Flask-Limiter instance (also in ``app.extensions["tourlink_limiter"]``).
    """
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    real = Limiter(client_key, key_prefix=app.config.get("RATELIMIT_KEY_PREFIX", "tourlink"))
    real.init_app(app)
    for group, endpoints in GROUPS.items():
        shared = real.shared_limit(_group_limit(group), scope=group, exempt_when=_not_computing)
        for endpoint in endpoints:
            if endpoint in app.view_functions:
                _wrap(app, endpoint, shared)
    by_view = {id(view): endpoint for endpoint, view in app.view_functions.items()}
    for item in limiter.declared():
        declared_at = by_view.get(id(item.view))
        if declared_at is not None:
            _wrap(app, declared_at, real.limit(item.limit_value, **item.options))
    app.register_error_handler(RateLimitExceeded, _too_many_requests)
    app.extensions["tourlink_limiter"] = real
    return real


def _too_many_requests(error: RateLimitExceeded) -> Response | tuple[str, int]:
    from tourlink_web.errors import problem

    if request.path.startswith("/api/"):
        detail = (
            f"Too many requests from this client: the limit is {error.description}. "
            "Wait for the number of seconds in Retry-After, then try again."
        )
        return problem(429, "Too Many Requests", detail, slug="rate-limited")
    detail = _(
        "Too many requests from this address: the limit is %(limit)s. "
        "Please wait a minute, then try again.",
        limit=error.description,
    )
    title = _("Too many requests")
    return render_template("errors/error.html", status=429, title=title, detail=detail), 429
