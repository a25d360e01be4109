"""Turn errors into answers: RFC 9457 problem details for the API, a friendly page otherwise."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from tourlink import texts
from tourlink.exceptions import (
    TEXT,
    DataError,
    InfeasibleRequestError,
    InvalidRequestError,
    NoRouteError,
    TourlinkError,
    UnknownSiteError,
)
from tourlink.messages import Message, message
from tourlink_web import i18n
from tourlink_web.conformance import follows_document

__all__ = [
    "PROBLEM_MIME",
    "error_message",
    "error_problem",
    "init_app",
    "problem",
    "refusal",
    "status_of",
    "web_message",
]

PROBLEM_MIME = "application/problem+json"
_LOG = logging.getLogger(__name__)

#: Page titles of HTTP errors (API problems keep the standard English reason phrase).
_HTTP_TITLES = {
    400: _l("Bad request"),
    401: _l("Please log in"),
    403: _l("Not allowed"),
    404: _l("Page not found"),
    405: _l("This address does not take this kind of request"),
    409: _l("Changed meanwhile"),
    413: _l("Request too large"),
    415: _l("Unsupported content type"),
    500: _l("Something went wrong"),
}
#: What each HTTP error means to a reader, in place of werkzeug's English default.
_HTTP_DETAILS = {
    400: _l("The request could not be understood; check the address or the form."),
    401: _l("This needs you to be logged in."),
    403: _l("You are not allowed to do this."),
    404: _l("There is nothing at this address; check it, or start again from the home page."),
    405: _l("This address does not accept this kind of request."),
    413: _l("The request body is larger than the limit of the service; send a smaller one."),
    500: _l("An unexpected error occurred; it has been logged."),
}

# (exception class, HTTP status, problem type slug, English title), most specific first.
_KINDS: tuple[tuple[type[Exception], int, str, str], ...] = (
    (UnknownSiteError, 404, "unknown-site", "Unknown site"),
    (InvalidRequestError, 400, "invalid-request", "Invalid request"),
    (NoRouteError, 422, "no-route", "No route"),
    (InfeasibleRequestError, 422, "infeasible-request", "Infeasible request"),
    (DataError, 500, "data-error", "Invalid data"),
    (TourlinkError, 400, "tourlink-error", "Request refused"),
)


def status_of(error: TourlinkError) -> tuple[int, str, str]:
    """Return ``(status, type slug, title)`` for a library error."""
    for kind, status, slug, title in _KINDS:
        if isinstance(error, kind):
            return status, slug, title
    return 400, "tourlink-error", "Request refused"  # pragma: no cover - TourlinkError above


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    slug: str | None = None,
    field: str | None = None,
    said: dict[str, Any] | None = None,
) -> Response:
    """Build an ``application/problem+json`` response (RFC 9457).

    ``field`` names the request field at fault; it is given both as ``field`` and as the
    RFC's ``invalid-params`` list. ``said`` is the library's message as ``{code, params,
    text}`` (``text`` is ``detail``, in the language asked for).
    """
    body: dict[str, Any] = {
        "type": f"urn:tourlink:problem:{slug}" if slug else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if said is not None:
        body["message"] = said
    if field:
        body["field"] = field
        body["invalid-params"] = [{"name": field, "reason": detail}]
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_MIME
    return response


def error_problem(status: int, title: str, error: Exception, *, slug: str) -> Response:
    """Return :func:`problem` for ``error``: its text in the request's language, and its code."""
    said = i18n.renderer().to_dict(error_message(error))
    field = getattr(error, "field", "") or None
    return problem(status, title, said["text"], slug=slug, field=field, said=said)


def _wants_problem() -> bool:
    return request.path.startswith("/api/")


def error_message(error: Exception) -> Message:
    """Return the message of ``error`` with command-line advice replaced by web advice.

    The library tells command-line users to run ``tourlink sites``; the API points to
    its ``/sites`` endpoint instead, and pages to the catalogue page.
    """
    found = error.message if isinstance(error, TourlinkError) else message(TEXT, text=str(error))
    if found.code != texts.UNKNOWN_SITE_LIST:
        return found
    site = found.params["site"]
    if _wants_problem():
        return message(texts.UNKNOWN_SITE_API, site=site, url=url_for("api.sites"))
    return message(texts.UNKNOWN_SITE_WEB, site=site, url=url_for("sites.catalogue"))


def web_message(error: Exception) -> str:
    """Return :func:`error_message` as text in the request's language."""
    return i18n.render(error_message(error))


def _page(status: int, title: str, detail: str) -> tuple[str, int]:
    return render_template("errors/error.html", status=status, title=title, detail=detail), status


def _on_tourlink_error(error: TourlinkError) -> Response | tuple[str, int]:
    status, slug, title = status_of(error)
    if status == 400 and follows_document():  # the shape was right, the values clash
        status, title = 422, "Unprocessable request"
    field = getattr(error, "field", "") or None
    if status >= 500:
        _LOG.error("data error while serving %s: %s", request.path, error)
    if _wants_problem():
        said = i18n.renderer().to_dict(error_message(error))
        return problem(status, title, said["text"], slug=slug, field=field, said=said)
    return _page(status, _translated_title(slug), web_message(error))


def _translated_title(slug: str) -> str:
    titles = {
        "unknown-site": _("This place is not in the catalogue"),
        "invalid-request": _("Please check the form"),
        "no-route": _("No route found"),
        "infeasible-request": _("This trip cannot be planned"),
        "data-error": _("The data could not be read"),
    }
    return str(titles.get(slug, _("Request refused")))


def refusal(error: HTTPException, said: Message) -> HTTPException:
    """Return ``error`` carrying ``said``, shown in the reader's language when it is raised.

    For views and request hooks that refuse with an HTTP status rather than a library
    error: ``raise refusal(UnsupportedMediaType(), message(CODE, ...))``.
    """
    error.description = said.text
    setattr(error, _SAID, said)
    return error


_SAID = "tourlink_message"


def _http_detail(error: HTTPException, status: int) -> tuple[str, dict[str, Any] | None]:
    """Return the detail of an HTTP error in the request's language (and its message)."""
    said = getattr(error, _SAID, None)
    if isinstance(said, Message):
        as_dict = i18n.renderer().to_dict(said)
        return as_dict["text"], as_dict
    if status in _HTTP_DETAILS and error.description in (None, type(error).description):
        return str(_HTTP_DETAILS[status]), None  # werkzeug's English default replaced
    return error.description or str(_HTTP_TITLES.get(status, error.name)), None


def _on_http_error(error: HTTPException) -> Response | tuple[str, int]:
    status = error.code or 500
    title = error.name
    detail, said = _http_detail(error, status)
    if _wants_problem():
        response = problem(status, title, detail, said=said)
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response
    return _page(status, str(_HTTP_TITLES.get(status, title)), detail)


def _on_unexpected(error: Exception) -> Response | tuple[str, int]:
    if current_app.testing:  # let tests see the traceback
        raise error
    _LOG.exception("unexpected error while serving %s", request.path, exc_info=error)
    detail = str(_HTTP_DETAILS[500])
    if _wants_problem():
        return problem(500, "Internal Server Error", detail)
    return _page(500, _("Something went wrong"), detail)


def init_app(app: Flask) -> None:
    """Register the error handlers on ``app``."""
    app.register_error_handler(TourlinkError, _on_tourlink_error)
    app.register_error_handler(HTTPException, _on_http_error)
    app.register_error_handler(Exception, _on_unexpected)
