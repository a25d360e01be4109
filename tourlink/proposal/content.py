"""What a customer proposal says, in the customer's language: no costs, no margins.

:func:`build_proposal` turns an itinerary snapshot and its quote into a
:class:`Proposal` whose every text is already rendered in Vietnamese, English or Lao
(through the library's message catalogues); the templates only lay it out. Only the
selling prices per person of the quote reach it — never a cost line, a margin or an
internal note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.numbers import format_decimal, format_percent

from tourlink.messages import Message, Ref, define, message
from tourlink.money import ExchangeRates, Money
from tourlink.proposal.routemap import route_svg, svg_data_uri
from tourlink.quote.convert import DISPLAY_CURRENCIES, ConvertedPrices, PricesIn, prices_in
from tourlink.quote.lines import EXTRA
from tourlink.translations import renderer

__all__ = ["BandPrice", "Proposal", "ProposalDay", "build_proposal"]

TITLE = define("proposal.title", "A {days}-day journey from {start} to {end}")
PREPARED = define("proposal.prepared", "Prepared by {operator} for {customer}")
PREPARED_ANYONE = define("proposal.prepared-by", "Prepared by {operator}")
SUMMARY = define("proposal.summary", "{days} days, {nights} nights, about {km} km by road.")
CROSSES = define("proposal.crosses", "The journey crosses the border at {crossing}.")
DAY = define("proposal.day", "Day {number} · {date}")
ROUTE = define("proposal.route", "{start} → {end}")
LUNCH = define("proposal.lunch", "Lunch at {place}")
NIGHT = define("proposal.night", "Night at {place}")
END = define("proposal.end", "End of the journey at {place}")
GROUP = define("proposal.group", "Group of {paying}")
SUPPLEMENT = define("proposal.supplement", "Single room supplement: {amount} per person.")
VALID = define("proposal.valid", "Prices valid until {date}.")
EXAMPLE = define("proposal.example", "Priced with an example rate card: not an offer.")
HEADINGS = {
    "journey": define("proposal.heading.journey", "Your journey"),
    "days": define("proposal.heading.days", "Day by day"),
    "prices": define("proposal.heading.prices", "Price per person"),
    "group": define("proposal.heading.group", "Group size"),
    "included": define("proposal.heading.included", "Included"),
    "excluded": define("proposal.heading.excluded", "Not included"),
    "terms": define("proposal.heading.terms", "Terms"),
}
INC_VEHICLE = define("proposal.inc.vehicle", "Private vehicle with driver, sized to the group")
INC_GUIDE = define("proposal.inc.guide", "A guide speaking {language} throughout")
INC_ROOMS = define("proposal.inc.rooms", "{nights} nights in twin rooms")
INC_LUNCH = define("proposal.inc.lunch", "{count} lunches")
INC_DINNER = define("proposal.inc.dinner", "{count} dinners")
INC_ENTRANCE = define("proposal.inc.entrances", "Entrance fees of the sites visited")
INC_BORDER = define("proposal.inc.border", "Border fees at {crossing}")
INC_VISA = define("proposal.inc.visa", "Visa fees")
EXC_TRAVEL = define("proposal.exc.travel", "Travel to the start and from the end of the journey")
EXC_INSURANCE = define("proposal.exc.insurance", "Travel insurance")
EXC_PERSONAL = define("proposal.exc.personal", "Drinks, personal expenses and tips")
EXC_VISA = define("proposal.exc.visa", "Visa fees")
EXC_MEALS = define("proposal.exc.meals", "Meals not listed as included")
TERMS_PRICES = define(
    "proposal.terms.prices",
    "Prices are per person in {currency} for the group sizes shown; a group between two "
    "sizes pays the price of the smaller one.",
)
TERMS_CHANGES = define(
    "proposal.terms.changes",
    "The plan may change with road, weather and border conditions; hours and fees are "
    "confirmed before travel.",
)
TERMS_RATES = define("proposal.terms.rates", "Prices rest on the exchange rates of {date}.")
CONVERTED = define(
    "proposal.converted",
    "In {target}: 1 {source} = {rate} {target}, the exchange rate of {date} plus {buffer} "
    "for currency changes.",
)
CONVERTED_PLAIN = define(
    "proposal.converted-plain",
    "In {target}: 1 {source} = {rate} {target}, the exchange rate of {date}.",
)


@dataclass(frozen=True, slots=True)
class ProposalDay:
    """One day as the customer reads it."""

    title: str
    route: str
    visits: tuple[tuple[str, str], ...]
    lunch: str
    night: str


@dataclass(frozen=True, slots=True)
class BandPrice:
    """A group size and its selling price per person, written for the reader."""

    group: str
    price: str
    others: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Proposal:
    """A customer proposal with every text rendered in ``lang``."""

    lang: str
    operator: str
    logo: str
    title: str
    prepared: str
    summary: tuple[str, ...]
    map_uri: str
    days: tuple[ProposalDay, ...]
    prices: tuple[BandPrice, ...]
    supplement: str
    valid: str
    included: tuple[str, ...]
    excluded: tuple[str, ...]
    terms: tuple[str, ...]
    headings: Mapping[str, str]
    example: str = ""
    currency: str = ""
    other_currencies: tuple[str, ...] = ()
    conversions: tuple[str, ...] = ()


def _place(day: Mapping[str, Any], key: str) -> Ref:
    site = str(day.get(key, ""))
    return Ref("site", site, str(day.get(f"{key}_name") or site))


def _names(days: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    names: dict[str, str] = {}
    for day in days:
        for key in ("start", "overnight"):
            names.setdefault(str(day.get(key)), str(day.get(f"{key}_name") or day.get(key)))
        for stop in day.get("stops", []):
            names.setdefault(str(stop.get("id")), str(stop.get("name") or stop.get("id")))
    return names


def _days(days: Sequence[Mapping[str, Any]], say: Any) -> tuple[ProposalDay, ...]:
    names = _names(days)
    out = []
    for number, day in enumerate(days, 1):
        date = dt.date.fromisoformat(str(day["date"]))
        visits = tuple(
            (
                str(stop.get("start", ""))[11:16],
                say.name(Ref("site", stop["id"], names[stop["id"]])),
            )
            for stop in day.get("stops", [])
        )
        lunch = day.get("lunch")
        lunch_text = ""
        if isinstance(lunch, Mapping) and lunch.get("site"):
            site = str(lunch["site"])
            lunch_text = say(message(LUNCH, place=Ref("site", site, names.get(site, site))))
        last = number == len(days)
        night = message(END if last else NIGHT, place=_place(day, "overnight"))
        out.append(
            ProposalDay(
                title=say(message(DAY, number=number, date=date)),
                route=say(message(ROUTE, start=_place(day, "start"), end=_place(day, "overnight"))),
                visits=visits,
                lunch=lunch_text,
                night=say(night),
            )
        )
    return tuple(out)


def _language_name(code: str, lang: str) -> str:
    try:
        return str(Locale.parse(lang).languages.get(code, code))
    except (ValueError, TypeError):
        return code


def _included(band: Mapping[str, Any], nights: int, lang: str) -> list[Message]:
    lines = band["lines"]
    categories = {line["category"] for line in lines}
    included: list[Message] = []
    if "vehicle" in categories:
        included.append(message(INC_VEHICLE))
    guide = next((ln for ln in lines if ln["category"] == "guide"), None)
    if guide is not None:
        language = str(guide["description"]["params"].get("language", ""))
        included.append(message(INC_GUIDE, language=_language_name(language, lang)))
    if "lodging" in categories:
        included.append(message(INC_ROOMS, nights=nights))
    travellers = int(band["paying"]) + int(band["foc"])
    for code, key in ((INC_LUNCH, "lunch"), (INC_DINNER, "dinner")):
        count = sum(
            Decimal(ln["quantity"])
            for ln in lines
            if ln["category"] == "meal"
            and ln["description"]["params"].get("meal", {}).get("code") == f"quote.meal.{key}"
        )
        if count:
            included.append(message(code, count=int(count / travellers)))
    if "entrance" in categories:
        included.append(message(INC_ENTRANCE))
    for line in lines:
        description = line["description"]
        if description["code"] == "quote.line.border-person":
            ref = description["params"]["crossing"]
            crossing = Ref("crossing", str(ref["id"]), str(ref["name"]))
            included.append(message(INC_BORDER, crossing=crossing))
    if "visa" in categories:
        included.append(message(INC_VISA))
    for line in lines:
        if line["category"] == "extra":
            included.append(message(EXTRA, name=str(line["description"]["params"]["name"])))
    return included


def _excluded(band: Mapping[str, Any]) -> list[Message]:
    excluded = [message(EXC_TRAVEL), message(EXC_INSURANCE), message(EXC_PERSONAL)]
    if not any(line["category"] == "visa" for line in band["lines"]):
        excluded.append(message(EXC_VISA))
    excluded.append(message(EXC_MEALS))
    return excluded


def _money(data: Mapping[str, Any]) -> Money:
    return Money(Decimal(str(data["amount"])), str(data["currency"]))


def _conversion_text(shown: ConvertedPrices, lang: str, say: Any) -> str:
    c = shown.conversion
    rate = format_decimal(c.rate.quantize(Decimal("0.0001")).normalize(), locale=lang)
    params: dict[str, Any] = {
        "source": c.source.currency,
        "target": shown.currency,
        "rate": rate,
        "date": c.date,
    }
    if c.buffer:
        buffer = format_percent(c.buffer, locale=lang, format="#,##0.##%")
        return str(say(message(CONVERTED, buffer=buffer, **params)))
    return str(say(message(CONVERTED_PLAIN, **params)))


def build_proposal(
    snapshot: Mapping[str, Any],
    quote: Mapping[str, Any],
    *,
    lang: str,
    operator: str,
    customer: str = "",
    valid_until: dt.date,
    terms: Sequence[str] = (),
    logo: str = "",
    network: Any = None,
    rates: ExchangeRates | None = None,
    currencies: Sequence[str] = DISPLAY_CURRENCIES,
) -> Proposal:
    """Build the customer proposal of an itinerary version and its quote.

    Parameters
    ----------
    snapshot
        The itinerary as :func:`~tourlink.planner.serialize.itinerary_to_dict` writes it.
    quote
        Its quote as :func:`~tourlink.quote.quote_to_dict` writes it (as stored): only the
        selling prices per person, the single supplement and what the lines include are
        used — never a cost or a margin.
    lang
        ``"vi"``, ``"en"`` or ``"lo"``.
    operator, customer
        Who offers the trip, and to whom (may be empty).
    valid_until
        The last day the prices hold.
    terms
        The operator's own terms, after the standard ones.
    logo
        The operator's logo as a ``data:`` URI (empty: none).
    network
        Where site names in ``lang`` are looked up (``None``: the snapshot's names).
    rates
        The exchange rates the quote was made with: the prices are also shown in the
        other currencies (VND, LAK, USD) with the rate, its date and the buffer used
        (``None``: the quote's currency only).
    currencies
        The other currencies to show when ``rates`` is given (default VND, LAK and USD;
        add ``"THB"`` for a Thai agent); one without a rate is left out.
    """
    say = renderer(lang, network)
    days = list(snapshot["days"])
    first, last = days[0], days[-1]
    km = Decimal(str(sum(float(d.get("km", 0)) for d in days))).quantize(Decimal(1))
    summary = [say(message(SUMMARY, days=len(days), nights=len(days) - 1, km=km))]
    crossings = sorted({c for d in days for c in d.get("crossings", [])})
    known = getattr(getattr(network, "dataset", None), "crossings", {}) or {}
    refs = [Ref("crossing", c, known[c].name if c in known else c) for c in crossings]
    summary += [say(message(CROSSES, crossing=ref)) for ref in refs]
    bands = list(quote["bands"])
    included = [say(m) for m in _included(bands[0], len(days) - 1, lang)]
    excluded = [say(m) for m in _excluded(bands[0])]
    prepared = (
        message(PREPARED, operator=operator, customer=customer)
        if customer
        else message(PREPARED_ANYONE, operator=operator)
    )
    supplement = _money(bands[0]["single_supplement"]["price"])
    prices = [_money(b["price_per_person"]) for b in bands]
    shown = (
        prices_in(prices, supplement, rates, dt.date.fromisoformat(str(quote["date"])), currencies)
        if rates is not None
        else PricesIn((), ())
    )
    return Proposal(
        lang=lang,
        operator=operator,
        logo=logo,
        title=say(
            message(
                TITLE, days=len(days), start=_place(first, "start"), end=_place(last, "overnight")
            )
        ),
        prepared=say(prepared),
        summary=tuple(summary),
        map_uri=svg_data_uri(route_svg(days)),
        days=_days(days, say),
        prices=tuple(
            BandPrice(
                say(message(GROUP, paying=int(b["paying"]))),
                price.format(lang),
                tuple(other.prices[i].format(lang) for other in shown.currencies),
            )
            for i, (b, price) in enumerate(zip(bands, prices, strict=True))
        ),
        currency=prices[0].currency,
        other_currencies=tuple(other.currency for other in shown.currencies),
        conversions=tuple(_conversion_text(other, lang, say) for other in shown.currencies),
        supplement=say(message(SUPPLEMENT, amount=supplement.format(lang)))
        if supplement.amount
        else "",
        valid=say(message(VALID, date=valid_until)),
        included=tuple(included),
        excluded=tuple(excluded),
        terms=(
            say(message(TERMS_PRICES, currency=str(quote["currency"]))),
            say(message(TERMS_RATES, date=dt.date.fromisoformat(str(quote["date"])))),
            say(message(TERMS_CHANGES)),
            *terms,
        ),
        headings={key: say(message(code)) for key, code in HEADINGS.items()},
        example=say(message(EXAMPLE)) if quote.get("example") else "",
    )
