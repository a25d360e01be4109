r"""The ``tourlink quote`` command: price a planned trip for several group sizes, offline.

::

    tourlink plan --start kon-tum-city-centre --end pakse --date 2027-03-02 --days 5 \
        --mode coach --json > trip.json
    tourlink quote trip.json --bands 2,4,6,10,15,20,30 --currency USD --margin 0.20 \
        --round 5 --rate USD/VND=26300@2027-02-01 --rate USD/LAK=21800@2027-02-01 \
        --buffer 0.03 --foc-per 15 --guide en --nationality FR --pdf proposal.pdf --lang lo \
        --logo logo.png --customer "Mme Dupont" --show VND,LAK,USD,THB

With ``--rate``, the prices are also shown in the other currencies of ``--show`` (each
with the rate, its date and the buffer), on the screen and in the PDF.

Without ``--ratecard`` the shipped example rate card is used (invented prices: the output
says so).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from tourlink import texts
from tourlink.columns import width
from tourlink.exceptions import InvalidRequestError
from tourlink.messages import Param, define, message
from tourlink.money import CURRENCIES, ExchangeRate, ExchangeRates, decimal_from
from tourlink.quote.convert import DISPLAY_CURRENCIES, PricesIn
from tourlink.translations import Renderer, renderer

__all__ = ["parse_currencies", "parse_rate", "register", "run"]

RATE_SHAPE = define(
    "cli.quote.rate-shape", "{field} must look like USD/VND=26300@2027-02-01, got {value}."
)
WHOLES = define("expected.whole-numbers", "whole numbers separated by commas")
NOT_JSON = define("cli.quote.not-json", "{path}: not valid JSON ({error}).")
_RATE = re.compile(r"^([A-Z]{3})/([A-Z]{3})=([0-9.]+)@(\d{4}-\d{2}-\d{2})$")


def register(sub: Any) -> None:
    """Add the ``quote`` sub-command to ``sub`` (an argparse sub-parsers object)."""
    p = sub.add_parser(
        "quote",
        help="price a planned trip per person for several group sizes",
        description="Quote a trip planned with `tourlink plan --json`: cost and price per "
        "person for each group size, line by line, with a proposal PDF on request.",
    )
    p.add_argument("itinerary", help="the JSON of `tourlink plan --json` (a file, or - for stdin)")
    p.add_argument("--ratecard", help="rate card JSON (default: the shipped example, not facts)")
    p.add_argument("--bands", default="2,4,6,10,15,20,30", help="group sizes, e.g. 2,4,6")
    p.add_argument("--currency", default="USD", help="currency of the quote (default USD)")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--margin", help="margin on the price, e.g. 0.20 (default)")
    how.add_argument("--markup", help="markup on the cost, e.g. 0.25")
    p.add_argument("--round", dest="step", help="round each price up to a multiple of this")
    p.add_argument(
        "--rate",
        action="append",
        default=[],
        metavar="BASE/QUOTE=RATE@DATE",
        help="an exchange rate, e.g. USD/VND=26300@2027-02-01 (repeat for each pair)",
    )
    p.add_argument("--buffer", default="0", help="safety buffer on every conversion, e.g. 0.03")
    p.add_argument("--foc-per", type=int, default=0, help="one free place per N paying")
    p.add_argument("--singles", type=int, default=0, help="paying travellers in single rooms")
    p.add_argument("--guide", default="", help="the guide's language (ISO 639-1); none if empty")
    p.add_argument("--nationality", default="", help="the travellers' nationality, e.g. FR")
    p.add_argument("--date", help="the quote's date (default: today)")
    p.add_argument("--json", action="store_true", help="print the quote as JSON")
    p.add_argument("--pdf", help="also write the customer proposal as an A4 PDF here")
    p.add_argument(
        "--lang",
        dest="proposal_lang",
        default="vi",
        choices=("vi", "en", "lo"),
        help="proposal language (errors follow `tourlink --lang`)",
    )
    p.add_argument("--operator", default="", help="the operator's name on the proposal")
    p.add_argument("--customer", default="", help="whom the proposal is prepared for")
    p.add_argument("--logo", help="the operator's logo on the proposal (a PNG or JPEG file)")
    p.add_argument(
        "--show",
        default=",".join(DISPLAY_CURRENCIES),
        help="other currencies to show the prices in, with --rate (default VND,LAK,USD)",
    )
    p.set_defaults(handler=run)


def parse_rate(text: str) -> ExchangeRate:
    """Read ``BASE/QUOTE=RATE@YYYY-MM-DD`` (``USD/VND=26300@2027-02-01``).

    Examples
    --------
    >>> parse_rate("USD/VND=26300@2027-02-01").rate
    Decimal('26300')
    """
    found = _RATE.match(text.strip())
    if found is None:
        raise InvalidRequestError(
            message(RATE_SHAPE, field=texts.field_ref("--rate"), value=f"{text!r:.60}"), "rate"
        )
    base, quote, rate, date = found.groups()
    try:
        return ExchangeRate(base, quote, decimal_from(rate, "rate"), dt.date.fromisoformat(date))
    except ValueError as exc:
        raise InvalidRequestError(
            message(texts.FIELD_PROBLEM, field=texts.field_ref("--rate"), problem=str(exc)), "rate"
        ) from None


def _request(args: argparse.Namespace) -> dict[str, Any]:
    bands = [b.strip() for b in args.bands.split(",") if b.strip()]
    if not all(b.isdecimal() for b in bands):
        raise InvalidRequestError(texts.bad_value("--bands", args.bands, message(WHOLES)), "bands")
    method, rate = ("markup", args.markup) if args.markup else ("margin", args.margin or "0.20")
    return {
        "bands": [int(b) for b in bands],
        "currency": args.currency.upper(),
        "pricing": {"method": method, "rate": rate, "step": args.step, "mode": "up"},
        "buffer": args.buffer,
        "foc_per": args.foc_per,
        "singles": args.singles,
        "guide_language": args.guide,
        "nationality": args.nationality,
    }


def parse_currencies(text: str) -> tuple[str, ...]:
    """Read ``--show``: comma-separated ISO 4217 codes of :data:`~tourlink.money.CURRENCIES`.

    Examples
    --------
    >>> parse_currencies("vnd, THB")
    ('VND', 'THB')
    """
    codes = tuple(c.strip().upper() for c in text.split(",") if c.strip())
    unknown = [c for c in codes if c not in CURRENCIES]
    if unknown:
        expected = message(texts.ONE_OF, choices=", ".join(CURRENCIES))
        raise InvalidRequestError(texts.bad_value("--show", ", ".join(unknown), expected), "show")
    return codes


def _logo(path: str | None) -> str:
    """Return the checked logo at ``path`` as a ``data:`` URI (empty without one)."""
    if not path:
        return ""
    from tourlink.proposal.logo import check_logo

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidRequestError(
            message(
                texts.FIELD_PROBLEM,
                field=texts.field_ref("--logo"),
                problem=message(texts.PATH_REASON, path=repr(path), reason=texts.os_reason(exc)),
            ),
            field="logo",
        ) from None
    return check_logo(data).data_uri()


def _snapshot(path: str) -> Any:
    import sys

    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidRequestError(
            message(NOT_JSON, path=path, error=str(exc)), "itinerary"
        ) from None


QUOTE_HEAD = define("cli.quote.head", "Quote in {currency} of {date} with {ratecard}")
QUOTE_EXAMPLE = define("cli.quote.example", "EXAMPLE rate card: invented prices, not an offer.")
#: The columns of the table of bands, with the width English has always given them.
QUOTE_COLUMNS = (
    (define("cli.quote.column-group", "group"), 5),
    (define("cli.quote.column-foc", "FOC"), 3),
    (define("cli.quote.column-cost", "cost/person"), 14),
    (define("cli.quote.column-price", "price/person"), 14),
)
QUOTE_VEHICLES = define("cli.quote.column-vehicles", "vehicles")
QUOTE_SUPPLEMENT = define("cli.quote.single-supplement", "single supplement: {price}")
QUOTE_IN = define(
    "cli.quote.in-currency",
    "in {currency}: {prices} (1 {source} = {rate} {currency}, rate of {date})",
)
QUOTE_IN_BUFFER = define(
    "cli.quote.in-currency-buffer",
    "in {currency}: {prices} (1 {source} = {rate} {currency}, rate of {date}, buffer {buffer})",
)
QUOTE_NO_RATE = define("cli.quote.no-rate", "no exchange rate for: {currencies}")
QUOTE_ASSUMED = define("cli.quote.assumed", "assumed: {note}")


def _right(text: str, columns: int) -> str:
    """Return ``text`` right-aligned in ``columns`` terminal columns (Lao marks take none)."""
    return " " * (columns - width(text)) + text


def _text(quote: Any, shown: PricesIn, say: Renderer | None = None) -> str:
    """Return the quote as the screen shows it, in ``say``'s language (default English)."""
    say = say or renderer("en")
    head = message(
        QUOTE_HEAD, currency=quote.currency, date=str(quote.date), ratecard=repr(quote.ratecard)
    )
    lines = [say(head)]
    if quote.example:
        lines.append(say(message(QUOTE_EXAMPLE)))
    titles = [say(message(code)) for code, _ in QUOTE_COLUMNS]
    rows = [
        [str(b.paying), str(b.foc), str(b.cost_per_person), str(b.price_per_person)]
        for b in quote.bands
    ]
    widths = [
        max(least, *(width(cell[k]) for cell in [titles, *rows]))
        for k, (_, least) in enumerate(QUOTE_COLUMNS)
    ]
    cells = [_right(t, w) for t, w in zip(titles, widths, strict=True)]
    lines.append(f"{cells[0]} {cells[1]}  {cells[2]} {cells[3]}  {say(message(QUOTE_VEHICLES))}")
    for band, row in zip(quote.bands, rows, strict=True):
        cells = [_right(c, w) for c, w in zip(row, widths, strict=True)]
        lines.append(f"{cells[0]} {cells[1]}  {cells[2]} {cells[3]}  {' + '.join(band.vehicles)}")
    lines.append(say(message(QUOTE_SUPPLEMENT, price=str(quote.bands[0].single_supplement_price))))
    for other in shown.currencies:
        c = other.conversion
        facts: dict[str, Param] = {
            "currency": other.currency,
            "prices": ", ".join(str(p) for p in other.prices),
            "source": c.source.currency,
            "rate": str(c.rate),
            "date": str(c.date),
        }
        said = (
            message(QUOTE_IN_BUFFER, buffer=str(c.buffer), **facts)
            if c.buffer
            else message(QUOTE_IN, **facts)
        )
        lines.append(say(said))
    if shown.missing:
        lines.append(say(message(QUOTE_NO_RATE, currencies=", ".join(shown.missing))))
    lines += [say(message(QUOTE_ASSUMED, note=note)) for note in quote.assumptions]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Quote the trip ``args`` names and print it; return the exit code."""
    from tourlink.quote import (
        facts_from_snapshot,
        load_example_ratecard,
        load_ratecard,
        make_quote,
        quote_to_dict,
    )
    from tourlink.quote.convert import prices_in
    from tourlink.quote.options_io import options_from_dict
    from tourlink.read import load_network

    network = load_network(getattr(args, "data", None))
    snapshot = _snapshot(args.itinerary)
    card = load_ratecard(args.ratecard) if args.ratecard else load_example_ratecard()
    date = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    rates = ExchangeRates(tuple(parse_rate(r) for r in args.rate))
    options = options_from_dict(_request(args), date=date, rates=rates)
    show = parse_currencies(args.show)
    logo = _logo(args.logo)
    quote = make_quote(facts_from_snapshot(snapshot, network), card, options)
    stored = quote_to_dict(quote)
    band_prices = [band.price_per_person for band in quote.bands]
    supplement = quote.bands[0].single_supplement_price
    rates = options.rates  # with the request's --buffer, as the quote itself was made
    shown = prices_in(band_prices, supplement, rates, date, show) if args.rate else PricesIn((), ())
    say = renderer(getattr(args, "lang", "en"), network)  # `tourlink --lang`, as errors
    print(
        json.dumps(stored, ensure_ascii=False, indent=2) if args.json else _text(quote, shown, say)
    )
    if args.pdf:
        from tourlink.proposal import build_proposal, render_pdf

        proposal = build_proposal(
            snapshot,
            stored,
            lang=args.proposal_lang,
            operator=args.operator or card.name,
            customer=args.customer,
            valid_until=date + dt.timedelta(days=30),
            logo=logo,
            network=network,
            rates=rates if args.rate else None,
            currencies=show,
        )
        Path(args.pdf).write_bytes(render_pdf(proposal))
    return 0
