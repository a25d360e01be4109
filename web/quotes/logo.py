"""The operator's logo page: every member sees it, an org-admin uploads or removes it.

The upload is a multipart form with a CSRF token and the version it replaces (optimistic
locking: a logo changed meanwhile is a 409 page saying who changed it, nothing
overwritten). The file is checked by its content (:func:`tourlink.proposal.logo.check_logo`):
its name and ``Content-Type`` are not trusted. A refused file answers 422 with the reason
on the form; a body over the limit answers 413 on the same page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from tourlink import texts
from tourlink.exceptions import InvalidRequestError
from tourlink.messages import message
from tourlink.proposal.logo import MAX_LOGO_BYTES, MAX_SIDE, MIN_SIDE, check_logo
from tourlink.store.errors import StaleVersionError
from tourlink.store.logos import EDIT, Logos
from tourlink.store.orgs import Actor
from tourlink.store.quotes import PermissionDeniedError
from tourlink_web.auth import current_actor, login_required
from tourlink_web.database import db
from tourlink_web.errors import web_message

__all__ = ["UPLOAD_MAX_BYTES", "bp"]

bp = Blueprint("logo", __name__)

#: The largest logo form accepted: the file's limit and room for the other fields.
UPLOAD_MAX_BYTES = MAX_LOGO_BYTES + 16 * 1024


def _actor() -> Actor:
    actor = current_actor()
    assert actor is not None  # login_required, or checked by the caller
    return actor


def _page(error: str = "", status: int = 200) -> tuple[str, int]:
    actor = _actor()
    row = Logos(db(), actor).get()
    page = render_template(
        "quotes/logo.html",
        row=row,
        uri=row.logo.data_uri() if row is not None else "",
        version=0 if row is None else row.version,
        may_edit=actor.may(EDIT),
        error=error,
        max_kib=MAX_LOGO_BYTES // 1024,
        min_side=MIN_SIDE,
        max_side=MAX_SIDE,
    )
    return page, status


def _based_on() -> int:
    value = request.form.get("based_on", "")
    if not value.isdecimal() or len(value) > 9:
        raise InvalidRequestError(
            texts.bad_value("based_on", value[:20], message(texts.EXPECT_LOGO_VERSION)),
            field="based_on",
        )
    return int(value)


@bp.get("/workspace/logo")
@login_required
def page() -> tuple[str, int]:
    """Show the organisation's logo and, to org-admins, the form to replace it."""
    return _page()


@bp.post("/workspace/logo")
@login_required
def upload() -> Any:
    """Store an uploaded logo (org-admins), checked by its content."""
    repo = Logos(db(), _actor())
    upload = request.files.get("logo")
    try:
        if upload is None or not upload.filename:
            raise InvalidRequestError(
                message(texts.LOGO_REQUIRED, field=texts.field_ref("logo")), "logo"
            )
        logo = check_logo(upload.read(MAX_LOGO_BYTES + 1))
        repo.put(logo, _based_on())
    except InvalidRequestError as exc:
        db().rollback()
        return _page(web_message(exc), 422)
    except PermissionDeniedError as exc:
        db().rollback()
        return _page(web_message(exc), 403)
    except StaleVersionError as exc:
        db().rollback()
        return _page(web_message(exc), 409)
    db().commit()
    return redirect(url_for("logo.page"))


@bp.post("/workspace/logo/remove")
@login_required
def remove() -> Any:
    """Remove the logo (org-admins): proposals then show the operator's name alone."""
    repo = Logos(db(), _actor())
    try:
        repo.remove(_based_on())
    except PermissionDeniedError as exc:
        db().rollback()
        return _page(web_message(exc), 403)
    except StaleVersionError as exc:
        db().rollback()
        return _page(web_message(exc), 409)
    db().commit()
    return redirect(url_for("logo.page"))


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error: RequestEntityTooLarge) -> tuple[str, int]:
    size = request.content_length
    text = _(
        "The logo may be at most %(limit)s KiB; this upload is %(size)s KiB. Export it "
        "smaller (800 pixels a side is plenty) and upload it again.",
        limit=MAX_LOGO_BYTES // 1024,
        size=(size or 0) // 1024,
    )
    if current_actor() is None:
        return text, 413
    return _page(text, 413)
