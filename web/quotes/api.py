"""The quotes API: rate cards, exchange rates, quotes of an itinerary, the proposal PDF.

Every endpoint needs a session or ``Authorization: Bearer``. Operators read rate cards;
org-admins edit them and enter exchange rates (403 otherwise). Another organisation's
card, itinerary or quote answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from tourlink import texts
from tourlink.exceptions import DataError, InvalidRequestError, message_of
from tourlink.messages import Message, message
from tourlink.money import ExchangeRate, MissingRateError, decimal_from
from tourlink.quote import QuoteError
from tourlink.store import texts as st
from tourlink.store.errors import NotFoundError, StaleVersionError
from tourlink.store.quotes import (
    ExchangeRateRow,
    ExchangeRatesRepo,
    PermissionDeniedError,
    QuoteRow,
    Quotes,
    RateCardRow,
    RateCards,
)
from tourlink_web import i18n
from tourlink_web.api import _json_body
from tourlink_web.auth import api_actor
from tourlink_web.database import db
from tourlink_web.errors import error_problem, problem
from tourlink_web.quotes import service

__all__ = ["bp"]

bp = Blueprint("quotes_api", __name__, url_prefix="/api/v1")

#: A rate card may be larger than other bodies: its own limit. The shipped example (338
#: dated rates) is 68 kB as compact JSON, 200 bytes a rate; 1 MiB holds about 5,000 rates
#: (a hundred hotels × three room types × three seasons × five years), and still bounds
#: what one request may make the server parse and validate.
RATE_CARD_MAX_BYTES = 1024 * 1024


def _id(text: str, what: str) -> int:
    if not text.isdecimal() or len(text) > 9:
        raise NotFoundError(message(st.NO_RECORD, what=message(st.RECORDS[what]), text=text))
    return int(text)


def card_json(row: RateCardRow, *, document: bool = False) -> dict[str, Any]:
    """Return a rate card as the API gives it (its document only when asked)."""
    out: dict[str, Any] = {
        "id": row.id,
        "name": row.name,
        "version": row.version,
        "example": bool(row.document.get("example")),
        "updated_at": row.updated_at.isoformat(),
    }
    if document:
        out["document"] = row.document
    return out


def rate_json(row: ExchangeRateRow) -> dict[str, Any]:
    """Return an exchange rate as the API gives it."""
    return {
        "id": row.id,
        "base": row.base,
        "quote": row.quote,
        "rate": str(row.value.rate),
        "date": row.date.isoformat(),
        "source": row.source,
        "entered_at": row.created_at.isoformat(),
    }


def quote_json(repo: Quotes, row: QuoteRow, *, full: bool = False) -> dict[str, Any]:
    """Return a quote: what it was made from, whether it is out of date, its result."""
    out: dict[str, Any] = {
        "id": row.id,
        "itinerary_id": row.itinerary_id,
        "itinerary_version": row.itinerary_version,
        "rate_card_id": row.rate_card_id,
        "rate_card_version": row.rate_card_version,
        "date": row.quote_date.isoformat(),
        "currency": row.currency,
        "price_from": str(row.price_from),
        "requote_of": row.requote_of,
        "created_at": row.created_at.isoformat(),
        "out_of_date": [m.to_dict() for m in repo.out_of_date(row)],
    }
    if full:
        out.update(options=row.options, exchange=row.rates, result=row.result)
    return out


def _etag(row: RateCardRow) -> str:
    return f'"rate-card-{row.id}-v{row.version}"'


def _if_match(row_id: int) -> int:
    header = request.headers.get("If-Match", "")
    prefix = f'"rate-card-{row_id}-v'
    if not header.startswith(prefix) or not header.endswith('"'):
        raise InvalidRequestError(
            message(st.IF_MATCH_CARD, field=texts.field_ref("If-Match"), value=f"{header!r:.60}"),
            field="If-Match",
        )
    number = header[len(prefix) : -1]
    if not number.isdecimal() or len(number) > 9:
        raise InvalidRequestError(
            message(
                st.IF_MATCH_NO_VERSION, field=texts.field_ref("If-Match"), value=f"{header!r:.60}"
            ),
            "If-Match",
        )
    return int(number)


@bp.get("/rate-cards")
def cards() -> Response:
    """List the organisation's rate cards."""
    rows = RateCards(db(), api_actor()).find()
    return jsonify({"rate_cards": [card_json(row) for row in rows]})


@bp.post("/rate-cards")
def create_card() -> tuple[Response, int, dict[str, str]]:
    """Add a rate card (org-admins)."""
    row = RateCards(db(), api_actor()).create(_json_body())
    db().commit()
    location = url_for("quotes_api.card", card_id=row.id)
    return jsonify(card_json(row, document=True)), 201, {"Location": location, "ETag": _etag(row)}


@bp.get("/rate-cards/<card_id>")
def card(card_id: str) -> Response:
    """Return one rate card with its document and ETag."""
    row = RateCards(db(), api_actor()).get(_id(card_id, "rate card"))
    response = jsonify(card_json(row, document=True))
    response.headers["ETag"] = _etag(row)
    return response


@bp.put("/rate-cards/<card_id>")
def save_card(card_id: str) -> Response:
    """Replace a rate card's document (org-admins), based on the version ``If-Match`` names."""
    repo = RateCards(db(), api_actor())
    number = _id(card_id, "rate card")
    repo.get(number)
    row = repo.save(number, _if_match(number), _json_body())
    db().commit()
    response = jsonify(card_json(row, document=True))
    response.headers["ETag"] = _etag(row)
    return response


@bp.get("/exchange-rates")
def rates() -> Response:
    """List the organisation's exchange rates, newest first."""
    rows = ExchangeRatesRepo(db(), api_actor()).find()
    return jsonify({"exchange_rates": [rate_json(row) for row in rows]})


def _rate(body: Any) -> ExchangeRate:
    if not isinstance(body, dict):
        raise InvalidRequestError(
            message(texts.BODY_NOT_OBJECT, value=f"{body!r:.60}"), field="body"
        )
    try:
        date = dt.date.fromisoformat(str(body.get("date")))
    except ValueError:
        raise InvalidRequestError(
            texts.bad_value("date", str(body.get("date"))[:40], message(texts.DATE)), field="date"
        ) from None
    try:
        return ExchangeRate(
            str(body.get("base")),
            str(body.get("quote")),
            decimal_from(body.get("rate"), "rate"),
            date,
            str(body.get("source", ""))[:200],
        )
    except ValueError as exc:
        raise InvalidRequestError(message_of(exc), getattr(exc, "field", "")) from None


@bp.post("/exchange-rates")
def add_rate() -> tuple[Response, int]:
    """Record an exchange rate (org-admins)."""
    row = ExchangeRatesRepo(db(), api_actor()).add(_rate(_json_body()))
    db().commit()
    return jsonify(rate_json(row)), 201


@bp.get("/itineraries/<itinerary_id>/quotes")
def quotes(itinerary_id: str) -> Response:
    """List an itinerary's quotes, newest first, each saying whether it is out of date."""
    repo = Quotes(db(), api_actor())
    rows = repo.find(_id(itinerary_id, "itinerary"))
    return jsonify({"quotes": [quote_json(repo, row) for row in rows]})


@bp.post("/itineraries/<itinerary_id>/quotes")
def make(itinerary_id: str) -> tuple[Response, int, dict[str, str]]:
    """Quote the itinerary (or, with ``requote``, re-quote an old quote with today's rates)."""
    repo = Quotes(db(), api_actor())
    number = _id(itinerary_id, "itinerary")
    row = service.create_quote(repo, number, _json_body())
    db().commit()
    location = url_for("quotes_api.quote", itinerary_id=number, quote_id=row.id)
    return jsonify(quote_json(repo, row, full=True)), 201, {"Location": location}


@bp.get("/itineraries/<itinerary_id>/quotes/<quote_id>")
def quote(itinerary_id: str, quote_id: str) -> Response:
    """Return one quote in full: options, exchange rates, bands and lines, assumptions."""
    repo = Quotes(db(), api_actor())
    row = repo.get(_id(itinerary_id, "itinerary"), _id(quote_id, "quote"))
    return jsonify(quote_json(repo, row, full=True))


@bp.get("/itineraries/<itinerary_id>/proposal.pdf")
def proposal_pdf(itinerary_id: str) -> Response:
    """Return the customer proposal of a quote (the newest by default) as an A4 PDF."""
    actor = api_actor()
    repo = Quotes(db(), actor)
    number = _id(itinerary_id, "itinerary")
    wanted = request.args.get("quote")
    row = service.pick_quote(repo, number, None if wanted is None else _id(wanted, "quote"))
    pdf = service.proposal_pdf(repo, row, service.language(request.args.get("lang")), actor)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="proposal-{number}-q{row.id}.pdf"'},
    )


def too_large(length: int | None) -> Message:
    """Return why a rate card body was refused as too large, and what to do instead."""
    if length is None:
        return message(texts.RATE_CARD_TOO_LARGE_UNSIZED, limit=RATE_CARD_MAX_BYTES)
    return message(texts.RATE_CARD_TOO_LARGE, limit=RATE_CARD_MAX_BYTES, size=length)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge) -> Response:
    said = i18n.renderer().to_dict(too_large(request.content_length))
    return problem(
        413,
        "Rate card too large",
        said["text"],
        slug="rate-card-too-large",
        field="body",
        said=said,
    )


@bp.errorhandler(PermissionDeniedError)
def _forbidden(error: PermissionDeniedError) -> Response:
    return error_problem(403, "Forbidden", error, slug="forbidden")


@bp.errorhandler(DataError)
def _bad_card(error: DataError) -> Response:
    return error_problem(422, "Invalid rate card", error, slug="invalid-rate-card")


@bp.errorhandler(QuoteError)
def _unquotable(error: QuoteError) -> Response:
    return error_problem(422, "Cannot quote", error, slug="cannot-quote")


@bp.errorhandler(MissingRateError)
def _no_rate(error: MissingRateError) -> Response:
    return error_problem(422, "Missing exchange rate", error, slug="missing-exchange-rate")


@bp.errorhandler(StaleVersionError)
def _stale(error: StaleVersionError) -> Response:
    return error_problem(409, "Conflict", error, slug="stale-version")
