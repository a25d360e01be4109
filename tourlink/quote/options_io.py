"""Quote requests as JSON (what the API and the form send), and when a quote is out of date.

The JSON form of a quote request::

    {"bands": [2, 4, 6, 10, 15, 20, 30], "currency": "USD",
     "pricing": {"method": "margin", "rate": "0.20", "step": "5", "mode": "up"},
     "buffer": "0.03", "foc_per": 15, "singles": 0, "triples": 0,
     "guide_language": "en", "nationality": "FR", "meals": ["lunch", "dinner"],
     "extras": null}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tourlink import texts
from tourlink.exceptions import InvalidRequestError, message_of
from tourlink.messages import Message, define, message
from tourlink.money import ExchangeRates, decimal_from
from tourlink.quote.compute import QuoteOptions
from tourlink.quote.pricing import Pricing

__all__ = ["QuoteBasis", "options_from_dict", "options_to_dict", "out_of_date"]

_KEYS = {"bands", "currency", "pricing", "buffer", "foc_per", "singles", "triples"}
_KEYS |= {"guide_language", "nationality", "meals", "extras"}

ITINERARY_CHANGED = define(
    "quote.stale.itinerary",
    "Made for version {quoted} of the itinerary; version {current} is the current one.",
)
RATECARD_CHANGED = define(
    "quote.stale.ratecard",
    "Made with version {quoted} of the rate card; version {current} is the current one.",
)
RATES_CHANGED = define(
    "quote.stale.rates", "Exchange rates were entered on {date}, after this quote was made."
)


SHORT_CODE = define("expected.short-code", "a short code such as 'en'")
PRICING = define("expected.pricing", "an object with `method` and `rate`")
BANDS = define("expected.bands", "a list of up to 20 group sizes")
LISTS = define("quote.lists", "`meals` and `extras` must be lists")
INVALID = define("quote.request-invalid", "The quote request is invalid: {problem}")


def _int(data: Mapping[str, Any], key: str, default: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidRequestError(
            texts.bad_value(key, value, message(texts.WHOLE_AT_LEAST, limit=0)), field=key
        )
    return value


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str) or len(value) > 10:
        raise InvalidRequestError(texts.bad_value(key, value, message(SHORT_CODE)), key)
    return value.strip()


def _pricing(raw: object) -> Pricing:
    if not isinstance(raw, Mapping):
        raise InvalidRequestError(texts.bad_value("pricing", raw, message(PRICING)), "pricing")
    try:
        step = raw.get("step")
        return Pricing(
            method=raw.get("method"),  # type: ignore[arg-type]
            rate=decimal_from(raw.get("rate"), "pricing.rate"),
            step=None if step in (None, "") else decimal_from(step, "pricing.step"),
            mode=raw.get("mode", "up"),
        )
    except ValueError as exc:
        raise InvalidRequestError(
            message(texts.FIELD_PROBLEM, field=texts.field_ref("pricing"), problem=message_of(exc)),
            field="pricing",
        ) from None


def options_from_dict(data: object, *, date: dt.date, rates: ExchangeRates) -> QuoteOptions:
    """Read a quote request (see the module docstring) into :class:`QuoteOptions`.

    Parameters
    ----------
    data
        The parsed JSON.
    date
        The quote's date (its exchange rates are those in force that day).
    rates
        The organisation's exchange rates; the request's ``buffer`` is applied to them.

    Raises
    ------
    InvalidRequestError
        Naming the field, the value and what was expected.
    """
    if not isinstance(data, Mapping):
        raise InvalidRequestError(message(texts.BODY_NOT_OBJECT, value=f"{data!r:.60}"))
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InvalidRequestError(
            message(
                texts.UNKNOWN_FIELDS,
                fields=tuple(texts.field_ref(name) for name in unknown),
                expected=tuple(texts.field_ref(name) for name in sorted(_KEYS)),
            ),
            field=unknown[0],
        )
    bands = data.get("bands")
    if not isinstance(bands, list) or len(bands) > 20:
        raise InvalidRequestError(texts.bad_value("bands", bands, message(BANDS)), "bands")
    pricing = _pricing(data.get("pricing"))
    counts = {key: _int(data, key, 0) for key in ("foc_per", "singles", "triples")}
    guide, nationality = _text(data, "guide_language"), _text(data, "nationality").upper()
    try:
        buffer = decimal_from(data.get("buffer", "0"), "buffer")
        meals = data.get("meals", ["lunch", "dinner"])
        extras = data.get("extras")
        if not isinstance(meals, list) or (extras is not None and not isinstance(extras, list)):
            raise InvalidRequestError(message(LISTS), "meals")
        return QuoteOptions(
            bands=tuple(bands),
            currency=str(data.get("currency", "")),
            pricing=pricing,
            date=date,
            rates=ExchangeRates(rates.rates, buffer=buffer),
            guide_language=guide,
            nationality=nationality,
            meals=tuple(str(m) for m in meals),
            extras=None if extras is None else tuple(str(e) for e in extras),
            **counts,
        )
    except ValueError as exc:
        said = message(INVALID, problem=message_of(exc))
        raise InvalidRequestError(said, getattr(exc, "field", "")) from None


def options_to_dict(options: QuoteOptions) -> dict[str, Any]:
    """Return ``options`` as a quote request (the inverse of :func:`options_from_dict`)."""
    pricing = options.pricing
    return {
        "bands": list(options.bands),
        "currency": options.currency,
        "pricing": {
            "method": pricing.method,
            "rate": str(pricing.rate),
            "step": None if pricing.step is None else str(pricing.step),
            "mode": pricing.mode,
        },
        "buffer": str(options.rates.buffer),
        "foc_per": options.foc_per,
        "singles": options.singles,
        "triples": options.triples,
        "guide_language": options.guide_language,
        "nationality": options.nationality,
        "meals": list(options.meals),
        "extras": None if options.extras is None else list(options.extras),
    }


@dataclass(frozen=True, slots=True)
class QuoteBasis:
    """What a quote was made from, or what is current now: versions and the rates' date."""

    itinerary_version: int
    ratecard_version: int
    rates_entered: dt.datetime | None


def out_of_date(quoted: QuoteBasis, current: QuoteBasis) -> tuple[Message, ...]:
    """Return why a quote is out of date (empty when it is not).

    Examples
    --------
    >>> [m.code for m in out_of_date(QuoteBasis(1, 2, None), QuoteBasis(2, 2, None))]
    ['quote.stale.itinerary']
    """
    reasons = []
    if current.itinerary_version != quoted.itinerary_version:
        reasons.append(
            message(
                ITINERARY_CHANGED,
                quoted=quoted.itinerary_version,
                current=current.itinerary_version,
            )
        )
    if current.ratecard_version != quoted.ratecard_version:
        reasons.append(
            message(
                RATECARD_CHANGED, quoted=quoted.ratecard_version, current=current.ratecard_version
            )
        )
    newest = current.rates_entered
    if newest is not None and (quoted.rates_entered is None or newest > quoted.rates_entered):
        reasons.append(message(RATES_CHANGED, date=newest.date()))
    return tuple(reasons)
