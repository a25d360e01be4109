"""Rate cards, exchange rates and quotes of one organisation: tables and repositories.

A rate card is stored as its JSON document (see :mod:`tourlink.quote.ratecard_io`) with a
``version`` for optimistic locking; exchange rates are rows (each dated, never changed);
a quote belongs to one itinerary version and keeps the card version, the exchange rates
and the options it was made with, and its full result. Nothing is recomputed behind the
user's back: re-quoting with today's rates is :meth:`Quotes.requote`, which makes a new
quote. Whether a quote is out of date is the pure rule
:func:`tourlink.quote.options_io.out_of_date` applied to what is current.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from tourlink.exceptions import TourlinkError
from tourlink.messages import Message, message
from tourlink.money import ExchangeRate, ExchangeRates
from tourlink.quote import facts_from_snapshot, make_quote, quote_to_dict
from tourlink.quote.options_io import QuoteBasis, options_from_dict, options_to_dict, out_of_date
from tourlink.quote.ratecard import RateCard
from tourlink.quote.ratecard_io import ratecard_from_dict, ratecard_to_dict
from tourlink.store import history
from tourlink.store import texts as st
from tourlink.store.errors import NotFoundError, SavedMeanwhile, StaleVersionError
from tourlink.store.itineraries import Itineraries
from tourlink.store.models import Base, ItineraryVersion, User
from tourlink.store.orgs import Actor
from tourlink.store.types import JSONDocument, UtcDateTime, utcnow
from tourlink.translations import LANGUAGES, Renderer, renderer

__all__ = [
    "ExchangeRateRow",
    "ExchangeRatesRepo",
    "PermissionDeniedError",
    "QuoteRow",
    "Quotes",
    "RateCardRow",
    "RateCards",
    "quote_for_share",
    "rates_from_document",
]


class PermissionDeniedError(TourlinkError, PermissionError):
    """The acting user's role may not do this in their own organisation (→ 403)."""


class RateCardRow(Base):
    """An organisation's rate card: its JSON document and version."""

    __tablename__ = "rate_cards"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    @property
    def card(self) -> RateCard:
        """The rate card the document describes."""
        return ratecard_from_dict(self.document)


class ExchangeRateRow(Base):
    """An exchange rate an operator entered: one ``base`` buys ``rate`` of ``quote``."""

    __tablename__ = "exchange_rates"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    base: Mapped[str] = mapped_column(String(3))
    quote: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Numeric(20, 8))
    date: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    @property
    def value(self) -> ExchangeRate:
        """The rate as the library's type."""
        return ExchangeRate(self.base, self.quote, Decimal(self.rate), self.date, self.source)


class QuoteRow(Base):
    """A quote of one itinerary version, with everything it was made from."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    itinerary_id: Mapped[int] = mapped_column(ForeignKey("itineraries.id"), index=True)
    itinerary_version: Mapped[int] = mapped_column(Integer)
    rate_card_id: Mapped[int] = mapped_column(ForeignKey("rate_cards.id"))
    rate_card_version: Mapped[int] = mapped_column(Integer)
    quote_date: Mapped[dt.date] = mapped_column(Date)
    rates_entered: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    currency: Mapped[str] = mapped_column(String(3))
    price_from: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    options: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    rates: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    result: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    requote_of: Mapped[int | None] = mapped_column(ForeignKey("quotes.id"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    @property
    def basis(self) -> QuoteBasis:
        """What the quote was made from."""
        return QuoteBasis(self.itinerary_version, self.rate_card_version, self.rates_entered)


def _require(actor: Actor, action: str) -> None:
    if not actor.may(action):
        raise PermissionDeniedError(
            message(st.MAY_NOT, role=actor.role, action=action, org=actor.org_name)
        )


class RateCards:
    """The rate cards of the acting user's organisation (operators read, org-admins edit)."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session, self.actor = session, actor

    def find(self) -> list[RateCardRow]:
        """Return the organisation's rate cards, by name."""
        _require(self.actor, "ratecards.view")
        query = select(RateCardRow).where(RateCardRow.org_id == self.actor.org_id)
        return list(self.session.scalars(query.order_by(RateCardRow.name, RateCardRow.id)))

    def get(self, card_id: int) -> RateCardRow:
        """Return rate card ``card_id`` of this organisation, else raise NotFoundError."""
        _require(self.actor, "ratecards.view")
        row = self.session.get(RateCardRow, card_id)
        if row is None or row.org_id != self.actor.org_id:
            raise NotFoundError(message(st.NO_RATE_CARD, card=card_id))
        return row

    def create(self, document: object) -> RateCardRow:
        """Add a rate card from its JSON document (checked: every problem at once)."""
        _require(self.actor, "ratecards.edit")
        card = ratecard_from_dict(document, file="rate card")
        row = RateCardRow(
            org_id=self.actor.org_id,
            name=card.name,
            version=1,
            document=ratecard_to_dict(card),
            updated_by=self.actor.user_id,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def save(self, card_id: int, based_on: int, document: object) -> RateCardRow:
        """Replace rate card ``card_id`` if it is still at version ``based_on``.

        Raises
        ------
        StaleVersionError
            If someone saved the card since version ``based_on``.
        """
        _require(self.actor, "ratecards.edit")
        row = self.get(card_id)
        card = ratecard_from_dict(document, file="rate card")
        moved = self.session.execute(
            update(RateCardRow)
            .where(RateCardRow.id == card_id, RateCardRow.version == based_on)
            .values(
                version=based_on + 1,
                name=card.name,
                document=ratecard_to_dict(card),
                updated_by=self.actor.user_id,
                updated_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            self.session.refresh(row)
            user = self.session.get(User, row.updated_by)
            author = user.label if user is not None else history.a_former_member()
            summary = history.rate_card(row.name)
            saved = SavedMeanwhile(row.version, author, row.updated_at, summary)
            raise StaleVersionError(based_on, row.version, [saved])
        self.session.refresh(row)
        return row


class ExchangeRatesRepo:
    """The exchange rates the acting user's organisation entered."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session, self.actor = session, actor

    def find(self) -> list[ExchangeRateRow]:
        """Return every rate, newest first."""
        query = select(ExchangeRateRow).where(ExchangeRateRow.org_id == self.actor.org_id)
        return list(
            self.session.scalars(query.order_by(ExchangeRateRow.date.desc(), ExchangeRateRow.id))
        )

    def add(self, rate: ExchangeRate) -> ExchangeRateRow:
        """Record a rate (org-admins only: rates change every price)."""
        _require(self.actor, "ratecards.edit")
        row = ExchangeRateRow(
            org_id=self.actor.org_id,
            base=rate.base,
            quote=rate.quote,
            rate=rate.rate,
            date=rate.date,
            source=rate.source[:200],
            created_by=self.actor.user_id,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def rates(self) -> ExchangeRates:
        """Return every rate as the library's :class:`ExchangeRates` (no buffer)."""
        return ExchangeRates(tuple(row.value for row in self.find()))

    def last_entered(self) -> dt.datetime | None:
        """Return when the newest rate was entered (``None``: none yet)."""
        rows = self.find()
        return max((row.created_at for row in rows), default=None)


def _renderers(network: Any) -> dict[str, Renderer]:
    return {lang: renderer(lang, network) for lang in LANGUAGES}


def _rates_document(rates: ExchangeRates) -> dict[str, Any]:
    return {
        "buffer": str(rates.buffer),
        "rates": [
            {
                "base": r.base,
                "quote": r.quote,
                "rate": str(r.rate),
                "date": r.date.isoformat(),
                "source": r.source,
            }
            for r in rates.rates
        ],
    }


def rates_from_document(document: dict[str, Any]) -> ExchangeRates:
    """Return the exchange rates a stored quote was made with."""
    return ExchangeRates(
        tuple(
            ExchangeRate(
                r["base"],
                r["quote"],
                Decimal(r["rate"]),
                dt.date.fromisoformat(r["date"]),
                r.get("source", ""),
            )
            for r in document["rates"]
        ),
        buffer=Decimal(document["buffer"]),
    )


class Quotes:
    """The quotes of the acting user's organisation's itineraries."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session, self.actor = session, actor
        self.itineraries = Itineraries(session, actor)

    def find(self, itinerary_id: int) -> list[QuoteRow]:
        """Return the quotes of itinerary ``itinerary_id``, newest first."""
        self.itineraries.get(itinerary_id)  # NotFoundError for another organisation's id
        query = select(QuoteRow).where(
            QuoteRow.org_id == self.actor.org_id, QuoteRow.itinerary_id == itinerary_id
        )
        return list(self.session.scalars(query.order_by(QuoteRow.id.desc())))

    def get(self, itinerary_id: int, quote_id: int) -> QuoteRow:
        """Return quote ``quote_id`` of itinerary ``itinerary_id``, else raise NotFoundError."""
        self.itineraries.get(itinerary_id)
        row = self.session.get(QuoteRow, quote_id)
        if row is None or row.org_id != self.actor.org_id or row.itinerary_id != itinerary_id:
            raise NotFoundError(message(st.NO_QUOTE, itinerary=itinerary_id, quote=quote_id))
        return row

    def create(
        self,
        itinerary_id: int,
        request: object,
        *,
        rate_card_id: int,
        today: dt.date,
        network: Any = None,
        version: int | None = None,
        requote_of: int | None = None,
    ) -> QuoteRow:
        """Quote a version of an itinerary (the newest by default) and keep the result.

        Raises
        ------
        NotFoundError
            For an itinerary, version or rate card the organisation does not hold.
        InvalidRequestError
            For a malformed request; :class:`~tourlink.quote.QuoteError` for missing rates.
        """
        _require(self.actor, "quotes.edit")
        stored = self.itineraries.version(itinerary_id, version)
        card_row = RateCards(self.session, self.actor).get(rate_card_id)
        repo = ExchangeRatesRepo(self.session, self.actor)
        options = options_from_dict(request, date=today, rates=repo.rates())
        snapshot = stored.snapshot.get("itinerary", stored.snapshot)
        quote = make_quote(facts_from_snapshot(snapshot, network), card_row.card, options)
        row = QuoteRow(
            org_id=self.actor.org_id,
            itinerary_id=itinerary_id,
            itinerary_version=stored.number,
            rate_card_id=card_row.id,
            rate_card_version=card_row.version,
            quote_date=today,
            rates_entered=repo.last_entered(),
            currency=options.currency,
            price_from=min(b.price_per_person.amount for b in quote.bands),
            options=options_to_dict(options),
            rates=_rates_document(options.rates),
            result=quote_to_dict(quote, renderers=_renderers(network)),
            requote_of=requote_of,
            created_by=self.actor.user_id,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def requote(
        self, itinerary_id: int, quote_id: int, *, today: dt.date, network: Any = None
    ) -> QuoteRow:
        """Make a new quote like ``quote_id`` with today's rates, card and itinerary version."""
        old = self.get(itinerary_id, quote_id)
        return self.create(
            itinerary_id,
            old.options,
            rate_card_id=old.rate_card_id,
            today=today,
            network=network,
            requote_of=old.id,
        )

    def out_of_date(self, row: QuoteRow) -> tuple[Message, ...]:
        """Return why ``row`` is out of date: a newer itinerary version, card or rates."""
        itinerary = self.itineraries.get(row.itinerary_id)
        card = self.session.get(RateCardRow, row.rate_card_id)
        current = QuoteBasis(
            itinerary.version,
            card.version if card is not None else row.rate_card_version,
            ExchangeRatesRepo(self.session, self.actor).last_entered(),
        )
        return out_of_date(row.basis, current)


def quote_for_share(session: Session, version: ItineraryVersion) -> QuoteRow | None:
    """Return the newest quote of a shared version (the share token is the permission)."""
    query = select(QuoteRow).where(
        QuoteRow.itinerary_id == version.itinerary_id,
        QuoteRow.itinerary_version == version.number,
    )
    return session.scalar(query.order_by(QuoteRow.id.desc()).limit(1))
