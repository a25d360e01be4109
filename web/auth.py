"""Logging in: session cookies for people, bearer tokens for programs, CSRF on every form.

Who is acting is found once per request (:func:`current_actor`): an ``Authorization:
Bearer`` header names an API token (an unknown or revoked one is refused, never ignored);
otherwise the signed session cookie names the user. The cookie is ``HttpOnly``,
``SameSite=Lax``, and ``Secure`` whenever the request came over TLS (directly or, with
``TOURLINK_TRUSTED_PROXIES``, through a proxy). Sessions are signed cookies, so every
worker on every machine reads them alike (they share ``TOURLINK_SECRET_KEY``).

Every HTML form carries a CSRF token (Flask-WTF). The JSON API is exempt from the token:
it accepts only ``application/json`` bodies (which a cross-site page cannot send without
the browser asking first) and the cookie is ``SameSite=Lax`` (not sent on cross-site POSTs).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFProtect

from tourlink.store import Actor, actor_by_id, actor_for_token, authenticate
from tourlink.store.orgs import issue_token, revoke_token
from tourlink_web import database
from tourlink_web.database import db
from tourlink_web.errors import problem
from tourlink_web.limits import limiter

__all__ = [
    "LOGIN_LIMIT",
    "api_actor",
    "bp",
    "csrf",
    "current_actor",
    "init_app",
    "login_required",
]

ViewT = TypeVar("ViewT", bound=Callable[..., Any])

LOGIN_LIMIT = "10 per minute"
"""Log-in attempts (page or token) per client address (``RATELIMIT_LOGIN`` overrides it)."""

bp = Blueprint("auth", __name__)
csrf = CSRFProtect()
_NOBODY = object()


class _SessionInterface(SecureCookieSessionInterface):
    """Signed cookie sessions whose cookie is ``Secure`` whenever the request is over TLS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Return whether to mark the cookie ``Secure`` (configured, or this request is TLS)."""
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _space, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def current_actor() -> Actor | None:
    """Return who is acting in this request (``None``: nobody is logged in)."""
    cached = g.get("tourlink_actor", _NOBODY)
    if cached is not _NOBODY:
        return cast(Actor | None, cached)
    token = _bearer()
    actor: Actor | None
    if token is not None:
        actor = actor_for_token(db(), token)
        if db().dirty:
            db().commit()  # the token's last use (at most every five minutes)
        g.tourlink_bearer = True
    else:
        user_id = session.get("user_id")
        actor = actor_by_id(db(), user_id) if isinstance(user_id, int) else None
    g.tourlink_actor = actor
    return actor


def _unauthorised() -> Response:
    detail = (
        "The bearer token is unknown or revoked; ask for a new one with POST /api/v1/auth/token."
        if g.get("tourlink_bearer")
        else "Log in first: send `Authorization: Bearer <token>` (POST /api/v1/auth/token) "
        "or the session cookie of a logged-in browser."
    )
    response = problem(401, "Unauthorized", detail, slug="unauthorized")
    response.headers["WWW-Authenticate"] = 'Bearer realm="tourlink"'
    return response


def api_actor() -> Actor:
    """Return the acting user of an API request, or answer 401 with how to log in."""
    actor = current_actor()
    if actor is None:
        abort(_unauthorised())
    return actor


def login_required(view: ViewT) -> ViewT:
    """Make ``view`` need a logged-in user: pages redirect to the log-in page, the API 401."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_actor() is None:
            if request.path.startswith("/api/"):
                return _unauthorised()
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return cast(ViewT, wrapped)


def _login_limit() -> str:
    from flask import current_app

    return str(current_app.config.get("RATELIMIT_LOGIN", LOGIN_LIMIT))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> Any:
    """Show the log-in form; log in on a correct e-mail and password."""
    error = None
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "")[:254]
        actor = authenticate(db(), email, request.form.get("password", "")[:1000])
        db().commit()
        if actor is not None:
            session.clear()  # a new session: no fixation
            session["user_id"] = actor.user_id
            session.permanent = True
            return redirect(_next_page(request.args.get("next")))
        error = _("The e-mail address or the password is wrong.")
    status = 401 if error else 200
    return render_template("workspace/login.html", error=error, email=email), status


@bp.post("/logout")
def logout() -> Any:
    """Log out (the form's CSRF token is checked) and go back to the home page."""
    session.clear()
    return redirect(url_for("home.index"))


@bp.post("/api/v1/auth/token")
@limiter.limit(_login_limit)
def token() -> Any:
    """Return a new bearer token for ``{"email", "password"}`` (stored hashed, revocable)."""
    from tourlink_web.api import _json_body
    from tourlink_web.openapi import validate_body
    from tourlink_web.workspace.schemas import TOKEN_REQUEST

    body = _json_body()
    validate_body(body, TOKEN_REQUEST)
    actor = authenticate(db(), body["email"], body["password"])
    if actor is None:
        db().commit()
        return problem(
            401, "Unauthorized", "The e-mail address or the password is wrong.", slug="unauthorized"
        )
    record, secret = issue_token(db(), actor, str(body.get("label", "")))
    db().commit()
    return {"token": secret, "id": record.id, "token_type": "Bearer"}, 201


@bp.delete("/api/v1/auth/token")
def revoke() -> Any:
    """Revoke the bearer token this request is made with."""
    actor = api_actor()
    secret = _bearer()
    if secret is None:
        return problem(
            400,
            "Bad Request",
            "Send the token to revoke as `Authorization: Bearer <token>`.",
            slug="invalid-request",
        )
    from tourlink.store.credentials import token_digest
    from tourlink.store.models import ApiToken

    record = db().query(ApiToken).filter_by(digest=token_digest(secret)).one()
    revoke_token(db(), actor, record.id)
    db().commit()
    return "", 204


def _next_page(value: str | None) -> str:
    """Return where to go after logging in: a path of this site, else the itinerary list."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return url_for("itineraries.index")


def _template_globals() -> dict[str, Any]:
    return {"current_actor": current_actor}


def _check_csrf() -> None:
    """Refuse a form POST (any path outside ``/api/``) without a valid CSRF token."""
    if not request.path.startswith("/api/"):
        csrf.protect()


def init_app(app: Flask) -> None:
    """Open the database, protect forms with CSRF, and register the log-in pages."""
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # valid as long as the session
    app.session_interface = _SessionInterface()
    database.init_app(app)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # checked below, on every form
    csrf.init_app(app)
    app.before_request(_check_csrf)
    app.register_blueprint(bp)
    app.context_processor(_template_globals)
