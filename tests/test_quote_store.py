"""Tests of the stored rate cards, exchange rates and quotes, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from databases import make_actor
from sqlalchemy.orm import Session

from tourlink.exceptions import DataError
from tourlink.money import ExchangeRate
from tourlink.quote import example_ratecard_path
from tourlink.store import Draft, Itineraries, NotFoundError, StaleVersionError
from tourlink.store.quotes import (
    ExchangeRatesRepo,
    PermissionDeniedError,
    Quotes,
    RateCards,
    quote_for_share,
)

D = Decimal
REQUEST = {
    "bands": [2, 6, 15],
    "currency": "USD",
    "pricing": {"method": "margin", "rate": "0.2", "step": "5"},
    "buffer": "0.03",
    "foc_per": 15,
    "guide_language": "en",
    "nationality": "FR",
}


@pytest.fixture(scope="module")
def planned(real: Any) -> dict[str, Any]:
    """Plan a 5-day cross-border trip once and return it as a saved-version snapshot."""
    from tourlink.itinerary import TripRequest
    from tourlink.planner import plan
    from tourlink.planner.serialize import itinerary_to_dict

    request = TripRequest("kon-tum-city-centre", dt.date(2027, 3, 2), 5, end="pakse", mode="coach")
    itinerary = itinerary_to_dict(plan(request, network=real), network=real)
    return {"itinerary": itinerary, "seed": 0, "data_version": "t", "violations": []}


def _card() -> dict[str, Any]:
    with open(example_ratecard_path(), encoding="utf-8") as handle:
        document: dict[str, Any] = json.load(handle)
    return document


def _setup(session: Session, snapshot: dict[str, Any]) -> tuple[Any, Any, int, int]:
    admin = make_actor(session, "mang-den-travel", role="org-admin")
    operator = make_actor(session, "mang-den-travel", role="operator")
    card = RateCards(session, admin).create(_card())
    rates = ExchangeRatesRepo(session, admin)
    rates.add(ExchangeRate("USD", "VND", D(26300), dt.date(2027, 2, 1), "bank board"))
    rates.add(ExchangeRate("USD", "LAK", D(21800), dt.date(2027, 2, 1), "bank board"))
    saved = Itineraries(session, operator).create(Draft("Bờ Y loop", snapshot, customer="Dupont"))
    session.commit()
    return admin, operator, card.id, saved.itinerary_id


def test_org_admin_edits_rate_cards_operators_read_them(db_session: Session) -> None:
    """Tests that org-admins create and save cards, operators only read, versions lock."""
    admin = make_actor(db_session, "mang-den-travel", role="org-admin")
    operator = make_actor(db_session, "mang-den-travel", role="operator")
    row = RateCards(db_session, admin).create(_card())
    db_session.commit()
    assert RateCards(db_session, operator).get(row.id).card.example
    with pytest.raises(PermissionDeniedError, match=r"may not do 'ratecards\.edit'"):
        RateCards(db_session, operator).create(_card())
    changed = dict(_card(), name="2027 rates")
    assert RateCards(db_session, admin).save(row.id, 1, changed).version == 2
    with pytest.raises(StaleVersionError, match="based on version 1"):
        RateCards(db_session, admin).save(row.id, 1, changed)
    with pytest.raises(DataError, match="seats"):
        RateCards(db_session, admin).create(dict(_card(), vehicles=[{"id": "x", "seats": "a"}]))


def test_other_organisations_cards_and_quotes_are_not_found(
    db_session: Session, planned: dict[str, Any]
) -> None:
    """Tests that another organisation's card, itinerary and quote ids answer NotFound."""
    _admin, operator, card_id, itinerary_id = _setup(db_session, planned)
    quote = Quotes(db_session, operator).create(
        itinerary_id, REQUEST, rate_card_id=card_id, today=dt.date(2027, 2, 10)
    )
    db_session.commit()
    stranger = make_actor(db_session, "pakse-tours", role="org-admin")
    with pytest.raises(NotFoundError):
        RateCards(db_session, stranger).get(card_id)
    with pytest.raises(NotFoundError):
        Quotes(db_session, stranger).find(itinerary_id)
    with pytest.raises(NotFoundError):
        Quotes(db_session, stranger).get(itinerary_id, quote.id)
    assert RateCards(db_session, stranger).find() == []


def test_quote_keeps_its_rates_and_goes_out_of_date(
    db_session: Session, planned: dict[str, Any]
) -> None:
    """Tests that a stored quote keeps its rates; new rates or versions make it out of date."""
    admin, operator, card_id, itinerary_id = _setup(db_session, planned)
    quotes = Quotes(db_session, operator)
    first = quotes.create(itinerary_id, REQUEST, rate_card_id=card_id, today=dt.date(2027, 2, 10))
    db_session.commit()
    assert first.itinerary_version == 1 and first.rate_card_version == 1
    assert isinstance(first.price_from, Decimal) and first.price_from > 0
    assert first.rates["buffer"] == "0.03" and len(first.rates["rates"]) == 2
    assert [b["paying"] for b in first.result["bands"]] == [2, 6, 15]
    line = first.result["bands"][0]["lines"][0]["description"]
    assert set(line["texts"]) == {"vi", "en", "lo"} and line["texts"]["vi"] != line["text"]
    assert quotes.out_of_date(first) == ()

    ExchangeRatesRepo(db_session, admin).add(
        ExchangeRate("USD", "VND", D(27000), dt.date(2027, 3, 1), "bank board")
    )
    Itineraries(db_session, operator).save(itinerary_id, 1, Draft("Bờ Y loop", planned))
    db_session.commit()
    reasons = [m.code for m in quotes.out_of_date(first)]
    assert reasons == ["quote.stale.itinerary", "quote.stale.rates"]

    again = quotes.requote(itinerary_id, first.id, today=dt.date(2027, 3, 2))
    db_session.commit()
    assert again.id != first.id and again.requote_of == first.id
    assert again.itinerary_version == 2 and quotes.out_of_date(again) == ()
    assert first.rates != again.rates  # the old quote still holds the rates it was made with
    assert [q.id for q in quotes.find(itinerary_id)] == [again.id, first.id]


def test_shared_version_finds_its_newest_quote(
    db_session: Session, planned: dict[str, Any]
) -> None:
    """Tests that a share link's version finds the newest quote of that version only."""
    _admin, operator, card_id, itinerary_id = _setup(db_session, planned)
    quotes = Quotes(db_session, operator)
    older = quotes.create(itinerary_id, REQUEST, rate_card_id=card_id, today=dt.date(2027, 2, 9))
    newer = quotes.create(itinerary_id, REQUEST, rate_card_id=card_id, today=dt.date(2027, 2, 10))
    db_session.commit()
    version = Itineraries(db_session, operator).version(itinerary_id, 1)
    found = quote_for_share(db_session, version)
    assert found is not None and found.id == newer.id != older.id
    Itineraries(db_session, operator).save(itinerary_id, 1, Draft("Bờ Y loop", planned))
    db_session.commit()
    assert (
        quote_for_share(db_session, Itineraries(db_session, operator).version(itinerary_id, 2))
        is None
    )


def test_card_change_marks_quote_out_of_date(db_session: Session, planned: dict[str, Any]) -> None:
    """Tests that saving the rate card marks the quotes made with its old version."""
    admin, operator, card_id, itinerary_id = _setup(db_session, planned)
    quote = Quotes(db_session, operator).create(
        itinerary_id, REQUEST, rate_card_id=card_id, today=dt.date(2027, 2, 10)
    )
    RateCards(db_session, admin).save(card_id, 1, _card())
    db_session.commit()
    assert [m.code for m in Quotes(db_session, operator).out_of_date(quote)] == [
        "quote.stale.ratecard"
    ]
