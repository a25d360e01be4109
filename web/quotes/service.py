"""What the quotes API and pages share: making a quote, picking one, the proposal.

Views stay thin: they parse, call one of these, commit and render. Every read goes
through the store's repositories built with the acting user, so another organisation's
id is a 404 here too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from tourlink import texts
from tourlink.exceptions import InvalidRequestError
from tourlink.messages import message
from tourlink.money import ExchangeRates, Money
from tourlink.proposal import Proposal, build_proposal, render_pdf
from tourlink.quote.convert import PricesIn, prices_in
from tourlink.store import texts as st
from tourlink.store.errors import NotFoundError
from tourlink.store.logos import logo_of_org
from tourlink.store.orgs import Actor
from tourlink.store.quotes import QuoteRow, Quotes, rates_from_document
from tourlink_web.workspace.places import org_network

__all__ = [
    "LANGUAGES",
    "Converted",
    "converted",
    "create_quote",
    "language",
    "logo_uri",
    "pick_quote",
    "proposal",
    "proposal_pdf",
    "quote_rates",
    "today",
    "valid_until",
]

#: The languages a proposal is written in.
LANGUAGES = ("vi", "en", "lo")
#: How long a proposal's prices hold after the quote's date.
VALID_DAYS = 30
_LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> dt.date:
    """Return today's date in Vietnam and Laos (UTC+7): the date of a new quote."""
    return dt.datetime.now(_LOCAL).date()


def valid_until(row: QuoteRow) -> dt.date:
    """Return the last day a quote's prices hold."""
    return row.quote_date + dt.timedelta(days=VALID_DAYS)


def language(value: str | None) -> str:
    """Return the proposal language asked for (``vi`` by default), refusing others."""
    if value in (None, ""):
        return "vi"
    if value not in LANGUAGES:
        expected = message(texts.ONE_OF, choices=", ".join(LANGUAGES))
        raise InvalidRequestError(texts.bad_value("lang", str(value)[:20], expected), field="lang")
    return str(value)


def _whole(body: dict[str, Any], key: str) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 10**9:
        raise InvalidRequestError(
            texts.bad_value(key, value, message(texts.EXPECT_POSITIVE_ID)), field=key
        )
    return value


def create_quote(repo: Quotes, itinerary_id: int, body: Any) -> QuoteRow:
    """Make a quote from an API body: ``{"rate_card_id", "request", "version"?}``.

    ``{"requote": quote_id}`` instead re-quotes an old quote with today's rates, rate card
    and the itinerary's newest version, as a new quote.
    """
    if not isinstance(body, dict):
        raise InvalidRequestError(
            message(texts.BODY_NOT_OBJECT, value=f"{body!r:.60}"), field="body"
        )
    network = org_network(repo.actor.org_id)  # the organisation's own places are known
    requote = _whole(body, "requote")
    if requote is not None:
        if set(body) != {"requote"}:
            raise InvalidRequestError(
                message(texts.ALONE, field=texts.field_ref("requote")), field="requote"
            )
        return repo.requote(itinerary_id, requote, today=today(), network=network)
    unknown = sorted(set(body) - {"rate_card_id", "request", "version"})
    if unknown:
        raise InvalidRequestError(
            message(
                texts.UNKNOWN_FIELDS,
                fields=tuple(texts.field_ref(name) for name in unknown),
                expected=tuple(texts.field_ref(n) for n in ("rate_card_id", "request", "version")),
            ),
            field=unknown[0],
        )
    card = _whole(body, "rate_card_id")
    if card is None:
        raise InvalidRequestError(
            message(texts.MISSING_FIELD, field=texts.field_ref("rate_card_id")),
            field="rate_card_id",
        )
    return repo.create(
        itinerary_id,
        body.get("request"),
        rate_card_id=card,
        today=today(),
        network=network,
        version=_whole(body, "version"),
    )


def pick_quote(repo: Quotes, itinerary_id: int, quote_id: int | None) -> QuoteRow:
    """Return quote ``quote_id`` of the itinerary, or its newest when ``None``."""
    if quote_id is not None:
        return repo.get(itinerary_id, quote_id)
    rows = repo.find(itinerary_id)
    if not rows:
        raise NotFoundError(message(st.NO_QUOTE_YET, itinerary=itinerary_id))
    return rows[0]


def quote_rates(row: QuoteRow) -> ExchangeRates | None:
    """Return the exchange rates a stored quote was made with (``None``: none kept)."""
    try:
        return rates_from_document(row.rates)
    except (KeyError, TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class Converted:
    """A stored quote's prices per band in its currency and in the other currencies."""

    prices: tuple[Money, ...]
    supplement: Money
    shown: PricesIn


def converted(row: QuoteRow) -> Converted | None:
    """Return a stored quote's prices in VND, LAK and USD with the quote's own rates."""
    rates, bands = quote_rates(row), row.result.get("bands") or []
    if rates is None or not bands:
        return None

    def money(data: dict[str, Any]) -> Money:
        return Money(Decimal(str(data["amount"])), str(data["currency"]))

    prices = tuple(money(band["price_per_person"]) for band in bands)
    supplement = money(bands[0]["single_supplement"]["price"])
    return Converted(prices, supplement, prices_in(prices, supplement, rates, row.quote_date))


def logo_uri(session: Session, org_id: int) -> str:
    """Return organisation ``org_id``'s logo as a ``data:`` URI (empty: it has none)."""
    row = logo_of_org(session, org_id)
    return "" if row is None else row.logo.data_uri()


def proposal(repo: Quotes, row: QuoteRow, lang: str, operator: str, customer: str) -> Proposal:
    """Build the customer proposal of a stored quote and the version it was made for."""
    version = repo.itineraries.version(row.itinerary_id, row.itinerary_version)
    snapshot = version.snapshot.get("itinerary", version.snapshot)
    return build_proposal(
        snapshot,
        row.result,
        lang=lang,
        operator=operator,
        customer=customer or version.customer,
        valid_until=valid_until(row),
        logo=logo_uri(repo.session, row.org_id),
        network=org_network(row.org_id),
        rates=quote_rates(row),
    )


def proposal_pdf(repo: Quotes, row: QuoteRow, lang: str, actor: Actor) -> bytes:
    """Return the proposal of ``row`` as an A4 PDF, offered by the actor's organisation."""
    return render_pdf(proposal(repo, row, lang, actor.org_name, ""))
