"""Tests of the customer proposal: HTML without costs, A4 PDF in vi, en and lo."""

from __future__ import annotations

import datetime as dt
import io
import os
import unicodedata
from decimal import Decimal
from typing import Any

import pytest

from tourlink.money import ExchangeRate, ExchangeRates
from tourlink.quote import (
    Pricing,
    QuoteOptions,
    facts_from_snapshot,
    load_example_ratecard,
    make_quote,
    quote_to_dict,
)

try:
    import icu  # noqa: F401
    import pypdf
    import weasyprint  # noqa: F401
except ImportError as exc:  # pragma: no cover - the pdf extra is absent
    if os.environ.get("CI") == "true":
        raise
    pytest.skip(f"the pdf extra is not installed ({exc})", allow_module_level=True)

from tourlink.proposal import (
    ZWSP,
    break_lao,
    build_proposal,
    lao_words,
    page_fill,
    render_document,
    render_html,
)

D = Decimal
RATES = ExchangeRates(
    (
        ExchangeRate("USD", "VND", D(26300), dt.date(2027, 2, 1)),
        ExchangeRate("USD", "LAK", D(21800), dt.date(2027, 2, 1)),
    ),
    buffer=D("0.03"),
)


@pytest.fixture(scope="module")
def trip(real: Any) -> tuple[dict[str, Any], Any]:
    """Plan a 5-day coach trip from Kon Tum across Bờ Y to Pakse, and quote it."""
    from tourlink.itinerary import TripRequest
    from tourlink.planner import plan
    from tourlink.planner.serialize import itinerary_to_dict

    request = TripRequest("kon-tum-city-centre", dt.date(2027, 3, 2), 5, end="pakse", mode="coach")
    snapshot = itinerary_to_dict(plan(request, network=real), network=real)
    assert any(day["crossings"] for day in snapshot["days"])
    options = QuoteOptions(
        bands=(2, 4, 6, 10, 15, 20, 30),
        currency="USD",
        pricing=Pricing("margin", D("0.2"), D(5)),
        date=dt.date(2027, 2, 10),
        rates=RATES,
        foc_per=15,
        guide_language="en",
        nationality="FR",
    )
    return snapshot, make_quote(
        facts_from_snapshot(snapshot, real), load_example_ratecard(), options
    )


def _proposal(trip: tuple[dict[str, Any], Any], lang: str, real: Any) -> Any:
    snapshot, quote = trip
    return build_proposal(
        snapshot,
        quote_to_dict(quote),  # as stored
        lang=lang,
        operator="Măng Đen Travel",
        customer="Famille Dupont",
        valid_until=dt.date(2027, 2, 28),
        network=real,
        rates=RATES,
    )


def _plain(text: str) -> str:
    """Text without zero-width spaces, line breaks and combining marks (PDF extraction)."""
    text = text.replace(ZWSP, "")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def test_lao_words_get_break_opportunities_and_nothing_else_changes() -> None:
    """Tests that ICU splits Lao into words with zero-width spaces and leaves Latin text."""
    assert lao_words("ຍິນດີຕ້ອນຮັບສູ່ແຂວງອັດຕະປື") == ["ຍິນດີ", "ຕ້ອນຮັບ", "ສູ່", "ແຂວງ", "ອັດຕະປື"]
    assert break_lao("<b>Pakse</b> ຍິນດີຕ້ອນຮັບ") == f"<b>Pakse</b> ຍິນດີ{ZWSP}ຕ້ອນຮັບ"


def test_customer_html_shows_prices_but_no_costs_margins_or_notes(
    trip: tuple[dict[str, Any], Any], real: Any
) -> None:
    """Tests that the HTML has every band's price and none of the internal numbers."""
    snapshot, quote = trip
    html = render_html(_proposal(trip, "en", real)).split("</style>", 1)[1]
    shown = {band.price_per_person.format("en") for band in quote.bands}
    for band in quote.bands:
        assert band.price_per_person.format("en") in html
        # a cost that happens to equal another band's shown price cannot be told apart
        for internal in (band.cost_per_person.format("en"), band.cost.format("en")):
            assert internal in shown or internal not in html, internal
    assert "margin" not in html.lower() and "markup" not in html.lower()
    for day in snapshot["days"]:
        for note in day["notes"]:
            assert note not in html
    supplement = quote.bands[0].single_supplement_price.format("en")
    assert supplement.startswith("$") and quote.bands[0].single_supplement_price.amount > 0
    assert f"Single room supplement: {supplement} per person." in html


@pytest.mark.parametrize("lang", ["vi", "en", "lo"])
def test_pdf_is_a4_without_half_empty_pages(
    trip: tuple[dict[str, Any], Any], real: Any, lang: str
) -> None:
    """Tests the 5-day PDF: A4, 2–4 pages, each page but the last at least 60 % full."""
    document = render_document(_proposal(trip, lang, real))
    pages = len(document.pages)
    assert 2 <= pages <= 4, pages
    fills = page_fill(document)
    assert all(fill >= 0.6 for fill in fills[:-1]), fills
    reader = pypdf.PdfReader(io.BytesIO(document.write_pdf()))
    assert len(reader.pages) == pages
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


@pytest.mark.parametrize("lang", ["vi", "en", "lo"])
def test_pdf_text_has_prices_day_titles_and_intact_words(
    trip: tuple[dict[str, Any], Any], real: Any, lang: str
) -> None:
    """Tests the extracted PDF text: every price, every day title, Lao words unbroken."""
    proposal = _proposal(trip, lang, real)
    reader = pypdf.PdfReader(io.BytesIO(render_document(proposal).write_pdf()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = _plain(text).replace("\xa0", " ")
    for band in proposal.prices:
        assert _plain(band.price).replace("\xa0", " ") in flat, band.price
    for day in proposal.days:
        assert _plain(day.title).replace("\xa0", " ") in flat.replace("\n", " "), day.title
    if lang == "lo":
        lao = [proposal.title, proposal.headings["days"], *(d.night for d in proposal.days)]
        words = {w for t in lao for run in t.split() for w in lao_words(run) if len(w) > 2}
        words = {w for w in words if all("\u0e80" <= c <= "\u0eff" for c in w)}
        assert len(words) >= 5
        for word in words:
            assert _plain(word) in flat, f"the Lao word {word!r} is broken or missing"


def test_prices_are_also_shown_in_vnd_and_lak_with_the_rate_and_date(
    trip: tuple[dict[str, Any], Any], real: Any
) -> None:
    """Tests each band's price in VND and LAK (USD × rate × 1.03, up) and the rate line."""
    _snapshot, quote = trip
    proposal = _proposal(trip, "en", real)
    assert proposal.other_currencies == ("VND", "LAK") and proposal.currency == "USD"
    price = quote.bands[0].price_per_person.amount
    vnd = (price * D(26300) * D("1.03")).to_integral_value(rounding="ROUND_CEILING")
    assert proposal.prices[0].others[0] == f"₫{vnd:,}"
    html = render_html(proposal)
    assert "In VND: 1 USD = 27,089 VND, the exchange rate of" in html and "plus 3%" in html
    vi = _proposal(trip, "vi", real)
    assert vi.prices[0].others[0].replace("\xa0", " ") == f"{vnd:,} ₫".replace(",", ".")
    assert "27.089" in vi.conversions[0]


def test_web_page_links_its_stylesheet_instead_of_inlining_it(
    trip: tuple[dict[str, Any], Any], real: Any
) -> None:
    """Tests that a page under a strict CSP links the styles; the PDF's HTML inlines them."""
    proposal = _proposal(trip, "vi", real)
    linked = render_html(proposal, stylesheet_url="/proposal.css")
    assert '<link rel="stylesheet" href="/proposal.css">' in linked and "<style>" not in linked
    assert "<style>" in render_html(proposal) and "@page" in render_html(proposal)
