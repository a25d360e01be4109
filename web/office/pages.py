"""The office desk's pages: the routes and their states, a route's page, the editor.

- ``/office/`` lists every route with its newest version's state and its published one.
- ``/office/routes/<slug>`` shows a version (the open draft or review by default): its
  days and stops, the languages complete in it, the independent checker's verdict, a map,
  the actions the user may take (submit, withdraw, approve, send back, archive), and the
  audit log. A refused action says why (403); an action overtaken by someone else's
  says who did what (409); nothing is changed in either case.
- ``/office/routes/<slug>/edit`` edits the open draft; ``Check`` re-judges it and redraws
  the map without saving, ``Save`` stores it if nobody saved since (else 409, the edit
  kept on the page). ``/office/routes/new`` writes a new route.

Every form carries a CSRF token (checked for every POST by :mod:`tourlink_web.auth`).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from tourlink import texts
from tourlink.accounts import check_slug
from tourlink.exceptions import InvalidRequestError, TourlinkError
from tourlink.messages import message
from tourlink.publishing import (
    DRAFT,
    IN_REVIEW,
    INCOMPLETE,
    LANGUAGES,
    PUBLISHED,
    SAMPLE_DATES,
    Actor,
    RouteDraft,
    WorkflowError,
    available,
    complete_languages,
    completeness,
)
from tourlink.store import StaleVersionError, history
from tourlink.store import texts as st
from tourlink.store.errors import ConflictError
from tourlink.store.orgs import Actor as StoreActor
from tourlink.store.routes import SEED, Routes, RouteVersion, draft_of
from tourlink_web import calls, present
from tourlink_web.auth import current_actor, login_required
from tourlink_web.database import db
from tourlink_web.errors import web_message
from tourlink_web.i18n import current_language
from tourlink_web.office.form import BLANK_ROWS, draft_from_form, form_of
from tourlink_web.state import current

__all__ = ["bp"]

bp = Blueprint("office", __name__, url_prefix="/office")
_OPEN = (DRAFT, IN_REVIEW)


def _actor() -> StoreActor:
    """Return the acting office user, or answer 403 to anyone else logged in."""
    actor = current_actor()
    assert actor is not None  # login_required
    if not actor.may("routes.edit") or (actor.org_kind != "office" and actor.role != "admin"):
        abort(403, description=_("The publishing desk is for the tourism office's editors."))
    return actor


def _repo() -> Routes:
    return Routes(db(), _actor())


def _versions(repo: Routes, slug: str) -> list[RouteVersion]:
    found = repo.versions(slug)
    if not found:
        abort(404, description=_("Route %(slug)s does not exist.", slug=repr(slug)))
    return found


def _number(text: str | None, field: str) -> int:
    if text is None or not text.isdecimal() or len(text) > 9:
        raise InvalidRequestError(
            texts.bad_value(field, text, message(texts.EXPECT_VERSION)), field=field
        )
    return int(text)


@bp.get("/")
@login_required
def index() -> str:
    """List every route: its newest version's state and the version the public sees."""
    rows = []
    for slug, versions in _repo().overview().items():
        published = next((v for v in versions if v.state == PUBLISHED), None)
        rows.append((slug, draft_of(versions[0].document).tour, versions[0], published))
    return render_template("office/index.html", rows=rows)


def _preview(draft: RouteDraft) -> dict[str, Any]:
    """Return the map of ``draft``: scheduled on its first season's sample date, else its stops."""
    lang, sites = current_language(), current().network.sites
    try:
        date = SAMPLE_DATES[draft.seasons[0]].isoformat()
        return present.itinerary_map(calls.schedule_tour(draft.tour, date, draft.mode), sites, lang)
    except TourlinkError:
        return present.sites_map([sites[s.site] for s in draft.tour.stops], lang)


def _route_page(slug: str, number: int | None = None, **extra: Any) -> tuple[str, int]:
    status = extra.pop("status", 200)
    repo = _repo()
    versions = _versions(repo, slug)
    shown = next((v for v in versions if v.number == number), None) if number else None
    if number and shown is None:
        abort(
            404,
            description=_(
                "Route %(slug)s has no version %(number)s.", slug=repr(slug), number=number
            ),
        )
    shown = shown or next((v for v in versions if v.state in _OPEN), versions[0])
    draft = draft_of(shown.document)
    actor = repo.actor
    assert actor is not None
    author = repo.author(shown)
    who = Actor(actor.email, actor.role, actor.org_kind)
    page = render_template(
        "office/route.html",
        slug=slug,
        versions=versions,
        shown=shown,
        draft=draft,
        author=author,
        verdict=completeness(draft, current().network),
        languages=complete_languages(draft),
        actions=available(shown.state, actor=who, author=author),
        may_start=not any(v.state in _OPEN for v in versions),
        history=[
            (
                e,
                v,
                history.the_seed() if who == SEED else who,
                history.event_comment(e.action, e.comment),
            )
            for e, v, who in repo.history(slug)
        ],
        map_data=_preview(draft),
        **extra,
    )
    return page, status


@bp.get("/routes/<slug>")
@login_required
def route(slug: str) -> tuple[str, int]:
    """Show a route's version (``?version=``, else the open one, else the newest)."""
    number = request.args.get("version")
    return _route_page(slug, None if number is None else _number(number, "version"))


@bp.post("/routes/<slug>/versions/<int:number>/act")
@login_required
def act(slug: str, number: int) -> Any:
    """Take a workflow action on version ``number`` (``action``, ``based_on``, ``comment``)."""
    repo = _repo()
    version = next((v for v in _versions(repo, slug) if v.number == number), None)
    if version is None:
        abort(
            404,
            description=_(
                "Route %(slug)s has no version %(number)s.", slug=repr(slug), number=number
            ),
        )
    action = request.form.get("action", "")
    based_on = _number(request.form.get("based_on"), "based_on")
    comment = request.form.get("comment", "").strip()[:2000]
    problems = completeness(draft_of(version.document), current().network)
    try:
        repo.act(version.id, action, based_on=based_on, comment=comment, problems=problems)
    except WorkflowError as exc:
        db().rollback()
        status = 422 if exc.reason.code == INCOMPLETE else 403
        return _route_page(slug, number, refused=exc.reason, status=status)
    except StaleVersionError as exc:
        db().rollback()
        return _route_page(slug, number, conflict=exc, status=409)
    db().commit()
    return redirect(url_for("office.route", slug=slug, version=number))


@bp.post("/routes/<slug>/draft")
@login_required
def start_draft(slug: str) -> Any:
    """Start the next draft of a route from its published (else newest) version."""
    repo = _repo()
    versions = _versions(repo, slug)
    base = next((v for v in versions if v.state == PUBLISHED), versions[0])
    try:
        repo.new_draft(slug, draft_of(base.document), f"from version {base.number}")
    except ConflictError as exc:
        db().rollback()
        return _route_page(slug, conflict_text=web_message(exc), status=409)
    db().commit()
    return redirect(url_for("office.edit", slug=slug))


def _editor(form: MultiDict[str, str], slug: str, **extra: Any) -> tuple[str, int]:
    """Render the editor on ``form``, judging the draft it makes (if it makes one)."""
    actor = _actor()
    status = extra.pop("status", None)
    error = extra.pop("error", None)
    draft = None
    if error is None and extra.pop("judge", True):
        try:
            draft = draft_from_form(form, slug, current().network.sites, publisher=actor.org_name)
        except InvalidRequestError as exc:
            error = exc
    sites = current().network.sites
    lang = current_language()
    days = draft.tour.days if draft else _days_of(form)
    page = render_template(
        "office/edit.html",
        slug=slug,
        form=form,
        draft=draft,
        error_text=web_message(error) if error else "",
        error_field=getattr(error, "field", None),
        verdict=completeness(draft, current().network) if draft else (),
        map_data=_preview(draft) if draft else {"markers": [], "lines": []},
        fields=("name", "summary", *(f"day-{n}" for n in range(1, days + 1))),
        languages=LANGUAGES,
        rows=_rows(form) + BLANK_ROWS,
        sites_sorted=sorted(sites.values(), key=lambda s: present.site_name(s, lang)),
        seasons=tuple(SAMPLE_DATES),
        **extra,
    )
    return page, status or (400 if error else 200)


def _days_of(form: MultiDict[str, str]) -> int:
    value = form.get("days", "1")
    return int(value) if value.isdecimal() and len(value) < 3 and 1 <= int(value) <= 15 else 1


def _rows(form: MultiDict[str, str]) -> int:
    """Return how many stop rows ``form`` holds (its last row with a site, plus one)."""
    value = form.get("rows", "0")
    count = int(value) if value.isdecimal() and len(value) < 3 and int(value) <= 63 else 0
    return max((i + 1 for i in range(count) if form.get(f"stop-site-{i}")), default=0)


def _compact(form: MultiDict[str, str]) -> MultiDict[str, str]:
    """Return ``form`` with its stop rows renumbered, the rows without a site dropped."""
    out: MultiDict[str, str] = MultiDict(
        [(k, v) for k, v in form.items(multi=True) if not k.startswith("stop-")]
    )
    kept = [i for i in range(_rows(form)) if form.get(f"stop-site-{i}")]
    for new, old in enumerate(kept):
        for part in ("site", "day", "minutes", "note"):
            out[f"stop-{part}-{new}"] = form.get(f"stop-{part}-{old}", "")
    out["rows"] = str(len(kept))
    return out


@bp.route("/routes/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str) -> Any:
    """Edit the route's open draft: ``op=check`` judges it, ``op=save`` stores it."""
    repo = _repo()
    version = next((v for v in _versions(repo, slug) if v.state == DRAFT), None)
    if version is None:
        why = _("This route has no draft: start one from its page (or send it back from review).")
        return _route_page(slug, conflict_text=why, status=409)
    if request.method == "GET":
        return _editor(form_of(draft_of(version.document)), slug, based_on=version.lock)
    form = _compact(request.form)
    based_on = _number(request.form.get("based_on"), "based_on")
    if request.form.get("op") != "save":
        return _editor(form, slug, based_on=based_on)
    try:
        draft = draft_from_form(form, slug, current().network.sites, publisher=repo_org(repo))
        repo.save_draft(version.id, based_on, draft, request.form.get("summary", "")[:300])
    except InvalidRequestError as exc:
        return _editor(form, slug, based_on=based_on, error=exc)
    except StaleVersionError as exc:
        db().rollback()
        return _editor(form, slug, based_on=exc.current, conflict=exc, status=409)
    db().commit()
    return redirect(url_for("office.route", slug=slug))


def repo_org(repo: Routes) -> str:
    """Return the name of the acting user's organisation (a new route's publisher)."""
    assert repo.actor is not None
    return repo.actor.org_name


@bp.route("/routes/new", methods=["GET", "POST"])
@login_required
def new() -> Any:
    """Write a new route: ``slug`` (its address under ``/tours/``) and the editor's fields."""
    repo = _repo()
    if request.method == "GET":
        form: MultiDict[str, str] = MultiDict({"days": "1", "rows": "0", "mode": "car"})
        form.setlist("seasons", list(SAMPLE_DATES))
        return _editor(form, "", new=True, based_on=0, judge=False)
    form = _compact(request.form)
    slug = form.get("slug", "").strip()
    try:
        check_slug(slug)
    except InvalidRequestError as exc:
        return _editor(form, slug, new=True, based_on=0, error=exc)
    if request.form.get("op") != "save":
        return _editor(form, slug, new=True, based_on=0)
    try:
        draft = draft_from_form(form, slug, current().network.sites, publisher=repo_org(repo))
        if repo.versions(slug):
            raise ConflictError(message(st.ROUTE_TAKEN, slug=slug))
        repo.new_draft(slug, draft, request.form.get("summary", "")[:300])
    except InvalidRequestError as exc:
        return _editor(form, slug, new=True, based_on=0, error=exc)
    except ConflictError as exc:
        db().rollback()
        return _editor(form, slug, new=True, based_on=0, conflict_text=web_message(exc), status=409)
    db().commit()
    return redirect(url_for("office.route", slug=slug))
