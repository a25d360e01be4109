"""The rate card pages: a card's name and note, and one form per kind of rate.

Org-admins edit a card in forms — a table per kind (vehicles, guides, lodging, meals,
entrance fees, border costs, visa fees, extras), a row per rate with its validity dates
and season — never as JSON. Every save names the card version the form was opened with:
a card saved meanwhile answers 409 with who saved it, and the form comes back with what
the user typed (nothing lost) and a link to the newest version. A rate that does not
validate comes back on its row, the input marked, with the field, the value and what was
expected. Operators see the same tables read-only. The JSON API is unchanged.
"""

from __future__ import annotations

import json
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from tourlink.exceptions import DataError, DataProblem, InvalidRequestError
from tourlink.quote import example_ratecard_path
from tourlink.quote.ratecard_io import KINDS
from tourlink.store.errors import StaleVersionError
from tourlink.store.quotes import PermissionDeniedError, RateCardRow, RateCards
from tourlink_web import i18n
from tourlink_web.auth import login_required
from tourlink_web.database import db
from tourlink_web.errors import web_message
from tourlink_web.i18n import current_language
from tourlink_web.present import site_name
from tourlink_web.quotes import cardform
from tourlink_web.quotes.pages import _actor, _form_number, bp
from tourlink_web.state import current

__all__ = ["card", "card_kind", "new_card"]


@bp.post("/workspace/rate-cards")
@login_required
def new_card() -> Any:
    """Add a rate card (org-admins): a copy of the shipped example, or an empty card."""
    name = request.form.get("name", "").strip()[:200]
    if request.form.get("start") == "empty":
        document: dict[str, Any] = {"name": name or "Rate card", "example": False}
    else:
        with open(example_ratecard_path(), encoding="utf-8") as handle:
            document = json.load(handle)
        document["name"] = name or document["name"]
    row = RateCards(db(), _actor()).create(document)
    db().commit()
    return redirect(url_for("quotes.card", card_id=row.id))


def _counts(row: RateCardRow) -> dict[str, int]:
    return {kind: len(row.document.get(kind, [])) for kind in KINDS}


@bp.route("/workspace/rate-cards/<int:card_id>", methods=["GET", "POST"])
@login_required
def card(card_id: int) -> Any:
    """Show a card: its name, note and kinds of rates; org-admins rename it here."""
    actor = _actor()
    repo = RateCards(db(), actor)
    row = repo.get(card_id)
    problems: list[str] = []
    status = 200
    values = {"name": row.name, "note": str(row.document.get("note", ""))}
    conflict: StaleVersionError | None = None
    if request.method == "POST":
        values = {key: request.form.get(key, "").strip() for key in ("name", "note")}
        try:
            repo.save(card_id, _form_number("based_on"), {**row.document, **values})
            db().commit()
            return redirect(url_for("quotes.card", card_id=card_id))
        except DataError as exc:
            problems, status = [i18n.render(p.message) for p in exc.problems], 422
        except StaleVersionError as exc:
            conflict, status = exc, 409
        db().rollback()
        row = repo.get(card_id)
    page = render_template(
        "quotes/card.html",
        row=row,
        values=values,
        problems=problems,
        conflict=conflict,
        counts=_counts(row),
        kinds=cardform.KIND_LABELS,
        may_edit=actor.may("ratecards.edit"),
    )
    return page, status


def _save(
    repo: RateCards, row: RateCardRow, kind: str, group: str | None
) -> tuple[list[cardform.FormRow], list[str], StaleVersionError | None, int]:
    """Save the posted rows of ``kind``; return the rows to show again and what went wrong.

    With ``group`` (one place's lodging), the posted rows replace that place's rates and
    every other rate of the kind is kept where it was.
    """
    shown, posted, origin = cardform.parse_rows(request.form, kind)
    before, _, after = cardform.split(row.document.get(kind, []), kind, group)
    records = [*before, *posted, *after]
    origin = [-1] * len(before) + origin + [-1] * len(after)
    problems: list[DataProblem] = []
    try:
        repo.save(row.id, _form_number("based_on"), {**row.document, kind: records})
        db().commit()
        return [], [], None, 303
    except DataError as exc:
        problems = list(exc.problems)
        status = 422
        conflict = None
    except StaleVersionError as exc:
        conflict, status = exc, 409
    db().rollback()
    placed, general = cardform.place_problems(shown, problems, kind, origin)
    kept = [r for r in placed if not r.removed and any(r.values.values())]
    return kept + cardform.rows_of([], kind), general, conflict, status


@bp.route("/workspace/rate-cards/<int:card_id>/<kind>", methods=["GET", "POST"])
@login_required
def card_kind(card_id: int, kind: str) -> Any:
    """Show one kind of rates of a card as a table; org-admins edit it, a row per rate."""
    if kind not in KINDS:
        abort(404)
    actor = _actor()
    repo = RateCards(db(), actor)
    row = repo.get(card_id)
    stored = row.document.get(kind, [])
    groups = cardform.groups(stored, kind)
    group = request.args.get("place") or None
    if group is None and groups and len(stored) > cardform.GROUP_ABOVE:
        group = groups[0][0]  # a long list opens on its first place
    if group == "*":
        group = None  # every rate in one table
    _, chosen, _ = cardform.split(stored, kind, group)
    rows = cardform.rows_of(chosen, kind)
    general: list[str] = []
    conflict: StaleVersionError | None = None
    status = 200
    here: dict[str, Any] = {"place": group} if group is not None else {}
    if request.args.get("place") == "*":
        here = {"place": "*"}
    if request.method == "POST":
        try:
            rows, general, conflict, status = _save(repo, row, kind, group)
        except InvalidRequestError as exc:
            db().rollback()
            general, status = [web_message(exc)], 400
        if status == 303:
            return redirect(url_for("quotes.card_kind", card_id=card_id, kind=kind, **here), 303)
        row = repo.get(card_id)
    page = render_template(
        "quotes/card_kind.html",
        row=row,
        kind=kind,
        kind_label=cardform.KIND_LABELS[kind],
        kinds=cardform.KIND_LABELS,
        columns=cardform.columns(kind),
        rows=rows,
        problems=general,
        conflict=conflict,
        may_edit=actor.may("ratecards.edit"),
        groups=groups,
        group=group,
        here=here,
        names=_place_names([value for value, _ in groups]),
    )
    return page, status


def _place_names(ids: list[str]) -> dict[str, str]:
    """Return the name of each place id the catalogue holds, in the page's language."""
    sites = current().network.sites
    lang = current_language()
    return {i: site_name(sites[i], lang) for i in ids if i in sites}


@bp.errorhandler(PermissionDeniedError)
def _forbidden(error: PermissionDeniedError) -> tuple[str, int]:
    return render_template(
        "errors/error.html", status=403, title=_("Not allowed"), detail=web_message(error)
    ), 403
