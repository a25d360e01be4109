"""The quotes pages: rate cards and exchange rates, quotes of an itinerary, the proposal.

Every page but the shared proposal needs a logged-in user of the organisation; another
organisation's card, itinerary or quote is a 404 page. Forms post with a CSRF token; a
rate card that does not validate is shown again with every problem and the user's text.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from tourlink import texts
from tourlink.exceptions import InvalidRequestError
from tourlink.messages import message
from tourlink.money import MissingRateError
from tourlink.proposal import build_proposal, render_html
from tourlink.proposal.render import stylesheet
from tourlink.quote import QuoteError
from tourlink.store import open_share
from tourlink.store.models import ItineraryVersion, Organisation
from tourlink.store.quotes import (
    ExchangeRatesRepo,
    PermissionDeniedError,
    Quotes,
    RateCards,
    quote_for_share,
)
from tourlink.translations import renderer
from tourlink_web.auth import current_actor, login_required
from tourlink_web.database import db
from tourlink_web.errors import web_message
from tourlink_web.i18n import current_language
from tourlink_web.quotes import service
from tourlink_web.quotes.api import _rate
from tourlink_web.workspace.places import org_network

__all__ = ["bp"]

bp = Blueprint("quotes", __name__)


def _actor() -> Any:
    actor = current_actor()
    assert actor is not None  # login_required
    return actor


def _form_number(name: str) -> int:
    value = request.form.get(name, "")
    if not value.isdecimal() or len(value) > 9:
        raise InvalidRequestError(
            texts.bad_value(name, value[:20], message(texts.EXPECT_INTEGER)), name
        )
    return int(value)


@bp.get("/workspace/rate-cards")
@login_required
def cards() -> str:
    """List the rate cards and exchange rates; org-admins also get the forms to add them."""
    actor = _actor()
    return render_template(
        "quotes/cards.html",
        cards=RateCards(db(), actor).find(),
        rates=ExchangeRatesRepo(db(), actor).find(),
        may_edit=actor.may("ratecards.edit"),
    )


@bp.post("/workspace/exchange-rates")
@login_required
def add_rate() -> Any:
    """Record an exchange rate (org-admins)."""
    form = {key: request.form.get(key, "") for key in ("base", "quote", "rate", "date", "source")}
    ExchangeRatesRepo(db(), _actor()).add(_rate(form))
    db().commit()
    return redirect(url_for("quotes.cards"))


def _small(text: str) -> int:
    """Return ``text`` as a whole number, or -1 (refused downstream) if it is not a short one."""
    return int(text) if text.isdecimal() and len(text) < 7 else -1


def _request_from_form() -> dict[str, Any]:
    form = request.form
    bands = [_small(b) for b in form.get("bands", "").replace(" ", "").split(",") if b]
    step = form.get("step", "").strip()
    return {
        "bands": bands,
        "currency": form.get("currency", ""),
        "pricing": {
            "method": form.get("method", "margin"),
            "rate": form.get("rate", "0"),
            "step": step or None,
            "mode": form.get("mode", "up"),
        },
        "buffer": form.get("buffer", "0") or "0",
        "foc_per": _small(form.get("foc_per", "0") or "0"),
        "singles": _small(form.get("singles", "0") or "0"),
        "guide_language": form.get("guide_language", ""),
        "nationality": form.get("nationality", ""),
    }


@bp.route("/workspace/<int:itinerary_id>/quotes", methods=["GET", "POST"])
@login_required
def quotes(itinerary_id: int) -> Any:
    """List an itinerary's quotes and make a new one."""
    actor = _actor()
    repo = Quotes(db(), actor)
    rows = repo.find(itinerary_id)
    record = repo.itineraries.get(itinerary_id)
    error, status = "", 200
    if request.method == "POST":
        body = {"rate_card_id": _form_number("rate_card_id"), "request": _request_from_form()}
        try:
            row = service.create_quote(repo, itinerary_id, body)
            db().commit()
            return redirect(url_for("quotes.quote", itinerary_id=itinerary_id, quote_id=row.id))
        except (InvalidRequestError, QuoteError, MissingRateError, PermissionDeniedError) as exc:
            db().rollback()
            error, status = web_message(exc), 422
    page = render_template(
        "quotes/quotes.html",
        record=record,
        rows=rows,
        stale={row.id: repo.out_of_date(row) for row in rows},
        cards=RateCards(db(), actor).find(),
        form=request.form,
        error=error,
        say=renderer(current_language(), org_network(actor.org_id)),
    )
    return page, status


@bp.get("/workspace/<int:itinerary_id>/quotes/<int:quote_id>")
@login_required
def quote(itinerary_id: int, quote_id: int) -> str:
    """Show a quote: bands, lines with their sources, assumptions, whether it is out of date."""
    repo = Quotes(db(), _actor())
    row = repo.get(itinerary_id, quote_id)
    return render_template(
        "quotes/quote.html",
        record=repo.itineraries.get(itinerary_id),
        row=row,
        result=row.result,
        stale=repo.out_of_date(row),
        converted=service.converted(row),
        languages=service.LANGUAGES,
        lang=current_language(),
        say=renderer(current_language(), org_network(row.org_id)),
    )


@bp.post("/workspace/<int:itinerary_id>/quotes/<int:quote_id>/requote")
@login_required
def requote(itinerary_id: int, quote_id: int) -> Any:
    """Re-quote with today's rates, rate card and itinerary version: a new quote."""
    repo = Quotes(db(), _actor())
    row = service.create_quote(repo, itinerary_id, {"requote": quote_id})
    db().commit()
    return redirect(url_for("quotes.quote", itinerary_id=itinerary_id, quote_id=row.id))


@bp.get("/workspace/<int:itinerary_id>/quotes/<int:quote_id>/proposal.pdf")
@login_required
def proposal_pdf(itinerary_id: int, quote_id: int) -> Response:
    """Download the customer proposal of a quote as an A4 PDF."""
    actor = _actor()
    repo = Quotes(db(), actor)
    row = repo.get(itinerary_id, quote_id)
    pdf = service.proposal_pdf(repo, row, service.language(request.args.get("lang")), actor)
    name = f"proposal-{itinerary_id}-q{quote_id}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def shared_proposal_exists(token: str, version: ItineraryVersion | None = None) -> bool:
    """Return whether the version behind share ``token`` has a quote to propose.

    ``version`` is the one the token opens when the caller has it already (the share
    page has: opening the token again read the link and the version's snapshot twice).
    """
    version = version if version is not None else open_share(db(), token)
    return version is not None and quote_for_share(db(), version) is not None


@bp.get("/share/<token>/proposal")
def shared_proposal(token: str) -> Response:
    """Show the customer the proposal of a shared version: prices, no costs, no login."""
    version = open_share(db(), token)
    row = None if version is None else quote_for_share(db(), version)
    if version is None or row is None:
        abort(404)
    org = db().get(Organisation, row.org_id)
    snapshot = version.snapshot.get("itinerary", version.snapshot)
    proposal = build_proposal(
        snapshot,
        row.result,
        lang=service.language(request.args.get("lang") or current_language()),
        operator=org.name if org is not None else "",
        customer=version.customer,
        valid_until=service.valid_until(row),
        logo=service.logo_uri(db(), row.org_id),
        network=org_network(row.org_id),
        rates=service.quote_rates(row),
    )
    html = render_html(proposal, stylesheet_url=url_for("quotes.proposal_css"))
    response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/proposal.css")
def proposal_css() -> Response:
    """Serve the proposal's stylesheet (the page's CSP allows no inline style)."""
    response = Response(stylesheet(), mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
