"""The quotes API in the OpenAPI document: its paths and its schemas."""

from __future__ import annotations

from typing import Any

__all__ = ["paths", "schemas"]

_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
_SECURITY: list[dict[str, list[str]]] = [{"bearer": []}, {"session": []}]
_ID = {"type": "string", "pattern": "^[0-9]{1,9}$"}
_OBJECT: dict[str, Any] = {"type": "object"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _op(
    summary: str,
    ok: dict[str, Any],
    *,
    status: int = 200,
    errors: tuple[int, ...] = (401, 404),
    params: list[dict[str, Any]] | None = None,
    body: str | None = None,
    headers: dict[str, Any] | None = None,
) -> dict[str, Any]:
    success: dict[str, Any] = {"description": "Success.", "content": ok}
    if headers:
        success["headers"] = headers
    responses: dict[str, Any] = {str(status): success}
    for code in errors:
        responses[str(code)] = {"description": "Problem details (RFC 9457).", "content": _PROBLEM}
    responses["default"] = {"description": "Problem details (RFC 9457).", "content": _PROBLEM}
    op: dict[str, Any] = {
        "summary": summary,
        "tags": ["quotes"],
        "security": _SECURITY,
        "parameters": params or [],
        "responses": responses,
    }
    if body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(body)}},
        }
    return op


def _path(name: str, text: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": _ID, "description": text}


def _json(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": _ref(name)}}


def paths() -> dict[str, Any]:
    """Return the OpenAPI paths of the quotes API."""
    card = _path("card_id", "Rate card id.")
    itinerary = _path("itinerary_id", "Itinerary id.")
    quote = _path("quote_id", "Quote id.")
    etag = {"ETag": {"schema": {"type": "string"}}}
    if_match = {
        "name": "If-Match",
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
        "description": "The ETag of the rate card version the edit is based on.",
    }
    lang = {
        "name": "lang",
        "in": "query",
        "schema": {"enum": ["vi", "en", "lo"], "default": "vi"},
        "description": "The proposal's language.",
    }
    which = {
        "name": "quote",
        "in": "query",
        "schema": _ID,
        "description": "The quote to offer (default: the newest).",
    }
    return {
        "/api/v1/rate-cards": {
            "get": _op("List the organisation's rate cards.", _json("RateCardList"), errors=(401,)),
            "post": _op(
                "Add a rate card (org-admin).",
                _json("RateCard"),
                status=201,
                errors=(400, 401, 403, 413, 422),
                body="RateCardDocument",
                headers=etag,
            ),
        },
        "/api/v1/rate-cards/{card_id}": {
            "get": _op("Return a rate card.", _json("RateCard"), params=[card], headers=etag),
            "put": _op(
                "Replace a rate card (org-admin), based on the version If-Match names.",
                _json("RateCard"),
                errors=(400, 401, 403, 404, 409, 413, 422),
                params=[card, if_match],
                body="RateCardDocument",
                headers=etag,
            ),
        },
        "/api/v1/exchange-rates": {
            "get": _op("List the exchange rates.", _json("ExchangeRateList"), errors=(401,)),
            "post": _op(
                "Record a dated exchange rate (org-admin).",
                _json("ExchangeRate"),
                status=201,
                errors=(400, 401, 403),
                body="ExchangeRateInput",
            ),
        },
        "/api/v1/itineraries/{itinerary_id}/quotes": {
            "get": _op(
                "List an itinerary's quotes, each saying whether it is out of date.",
                _json("QuoteList"),
                params=[itinerary],
            ),
            "post": _op(
                "Quote the itinerary, or re-quote an old quote with today's rates.",
                _json("Quote"),
                status=201,
                errors=(400, 401, 403, 404, 422),
                params=[itinerary],
                body="QuoteInput",
            ),
        },
        "/api/v1/itineraries/{itinerary_id}/quotes/{quote_id}": {
            "get": _op("Return a quote in full.", _json("Quote"), params=[itinerary, quote]),
        },
        "/api/v1/itineraries/{itinerary_id}/proposal.pdf": {
            "get": _op(
                "Return the customer proposal of a quote as an A4 PDF.",
                {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                errors=(400, 401, 404, 422),
                params=[itinerary, which, lang],
            ),
        },
    }


def schemas() -> dict[str, Any]:
    """Return the OpenAPI schemas of the quotes API's bodies and answers."""
    card = {
        "type": "object",
        "required": ["id", "name", "version", "example"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "version": {"type": "integer"},
            "example": {"type": "boolean"},
            "updated_at": {"type": "string"},
            "document": _ref("RateCardDocument"),
        },
    }
    rate = {
        "type": "object",
        "required": ["id", "base", "quote", "rate", "date"],
        "properties": {
            "id": {"type": "integer"},
            "base": {"type": "string"},
            "quote": {"type": "string"},
            "rate": {"type": "string"},
            "date": {"type": "string"},
            "source": {"type": "string"},
            "entered_at": {"type": "string"},
        },
    }
    quote = {
        "type": "object",
        "required": ["id", "itinerary_id", "itinerary_version", "currency", "out_of_date"],
        "properties": {
            "id": {"type": "integer"},
            "itinerary_id": {"type": "integer"},
            "itinerary_version": {"type": "integer"},
            "rate_card_id": {"type": "integer"},
            "rate_card_version": {"type": "integer"},
            "date": {"type": "string"},
            "currency": {"type": "string"},
            "price_from": {"type": "string"},
            "requote_of": {"type": ["integer", "null"]},
            "created_at": {"type": "string"},
            "out_of_date": {"type": "array", "items": _OBJECT},
            "options": _OBJECT,
            "exchange": _OBJECT,
            "result": _OBJECT,
        },
    }
    return {
        "RateCard": card,
        "RateCardList": {
            "type": "object",
            "required": ["rate_cards"],
            "properties": {"rate_cards": {"type": "array", "items": card}},
        },
        "RateCardDocument": {
            "type": "object",
            "description": "A rate card (see data/ratecard.example.json): name, example, note "
            "and lists of vehicles, guides, lodging, meals, entrances, borders, visas, extras.",
            "required": ["name"],
            "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 200}},
        },
        "ExchangeRate": rate,
        "ExchangeRateList": {
            "type": "object",
            "required": ["exchange_rates"],
            "properties": {"exchange_rates": {"type": "array", "items": rate}},
        },
        "ExchangeRateInput": {
            "type": "object",
            "required": ["base", "quote", "rate", "date"],
            "properties": {
                "base": {"type": "string", "minLength": 3, "maxLength": 3},
                "quote": {"type": "string", "minLength": 3, "maxLength": 3},
                "rate": {"type": "string", "description": "One base in quote, e.g. '26300'."},
                "date": {"type": "string", "format": "date"},
                "source": {"type": "string", "maxLength": 200},
            },
        },
        "Quote": quote,
        "QuoteList": {
            "type": "object",
            "required": ["quotes"],
            "properties": {"quotes": {"type": "array", "items": quote}},
        },
        "QuoteInput": {
            "type": "object",
            "description": "Either rate_card_id and request (bands, currency, pricing, buffer, "
            "foc_per, singles, triples, guide_language, nationality, meals, extras), with an "
            "optional itinerary version; or requote with the id of a quote to re-quote.",
            "properties": {
                "rate_card_id": {"type": "integer", "minimum": 1},
                "version": {"type": "integer", "minimum": 1},
                "request": {
                    "type": "object",
                    "properties": {
                        "bands": {
                            "type": "array",
                            "items": {"type": "integer", "minimum": 1},
                            "description": "Group sizes (paying travellers) to price.",
                        },
                        "currency": {"type": "string", "minLength": 3, "maxLength": 3},
                    },
                },
                "requote": {"type": "integer", "minimum": 1},
            },
        },
    }
