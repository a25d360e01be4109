"""Benchmark: a 7-band quote of a 7-day itinerary, and its proposal PDF in vi, en and lo.

Plans a 7-day coach trip from Kon Tum across the Bờ Y gate to Pakse once (seed 0), then
times, as medians of N runs in one process:

* the quote: reading the snapshot into trip facts and pricing 7 pax bands
  (2, 4, 6, 10, 15, 20, 30) with the shipped example rate card, in USD from VND and LAK
  costs (target < 50 ms); beside the baseline of the same quote with one band;
* the proposal: building it (with the operator's logo and the prices converted into
  VND and LAK) and making the A4 PDF with WeasyPrint, per language (target < 3 s);
* the logo check: reading, bounding and re-encoding a 1600 × 600 PNG upload.

Usage: ``flock /work/coord/bench.lock python bench/quote.py [--repeat N]`` (report
``uptime`` beside the figures).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from tourlink.itinerary import TripRequest
from tourlink.money import ExchangeRate, ExchangeRates
from tourlink.planner import plan
from tourlink.planner.serialize import itinerary_to_dict
from tourlink.quote import (
    Pricing,
    QuoteOptions,
    facts_from_snapshot,
    load_example_ratecard,
    make_quote,
)
from tourlink.read import load_network

BANDS = (2, 4, 6, 10, 15, 20, 30)
RATES = ExchangeRates(
    (
        ExchangeRate("USD", "VND", Decimal(26300), dt.date(2027, 2, 1)),
        ExchangeRate("USD", "LAK", Decimal(21800), dt.date(2027, 2, 1)),
    ),
    buffer=Decimal("0.03"),
)


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    """Return the median wall time of ``fn()`` in milliseconds over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def options(bands: tuple[int, ...]) -> QuoteOptions:
    """Return the benchmark's quote options for ``bands``."""
    return QuoteOptions(
        bands=bands,
        currency="USD",
        pricing=Pricing("margin", Decimal("0.2"), Decimal(5)),
        date=dt.date(2027, 2, 10),
        rates=RATES,
        foc_per=15,
        guide_language="en",
        nationality="FR",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=51)
    parser.add_argument("--pdf-repeat", type=int, default=5)
    args = parser.parse_args()
    net = load_network()
    request = TripRequest("kon-tum-city-centre", dt.date(2027, 3, 2), 7, end="pakse", mode="coach")
    snapshot = itinerary_to_dict(plan(request, network=net), network=net)
    card = load_example_ratecard()
    seven, one = options(BANDS), options((10,))

    def quote(opts: QuoteOptions) -> Any:
        return make_quote(facts_from_snapshot(snapshot, net), card, opts)

    result = quote(seven)
    km = sum(day["km"] for day in snapshot["days"])
    crossings = sum(len(day["crossings"]) for day in snapshot["days"])
    print(f"trip: {len(snapshot['days'])} days, {km:.0f} km, {crossings} border crossing(s)")
    print("bands:", ", ".join(f"{b.paying}: {b.price_per_person}" for b in result.bands))
    base = median_ms(lambda: quote(one), args.repeat)
    full = median_ms(lambda: quote(seven), args.repeat)
    print(f"quote, 7 bands: median {full:.1f} ms (target 50) over {args.repeat} runs")
    print(f"baseline, 1 band: median {base:.1f} ms; ratio {full / base:.2f}")
    from tourlink.proposal import build_proposal, render_pdf
    from tourlink.quote import quote_to_dict

    stored = quote_to_dict(result)
    import io

    from PIL import Image

    from tourlink.proposal.logo import check_logo

    upload = io.BytesIO()
    Image.new("RGBA", (1600, 600), (31, 111, 139, 255)).save(upload, "PNG")
    logo_ms = median_ms(lambda: check_logo(upload.getvalue()), args.pdf_repeat * 3)
    logo = check_logo(upload.getvalue()).data_uri()
    print(f"logo check and re-encoding (1600 × 600 PNG): median {logo_ms:.1f} ms")

    for lang in ("vi", "en", "lo"):

        def pdf(lang: str = lang) -> bytes:
            proposal = build_proposal(
                snapshot,
                stored,
                lang=lang,
                operator="Măng Đen Travel",
                customer="Famille Dupont",
                valid_until=dt.date(2027, 2, 28),
                network=net,
                logo=logo,
                rates=RATES,
            )
            return render_pdf(proposal)

        pdf()  # fonts and templates loaded once, as in a running server
        ms = median_ms(pdf, args.pdf_repeat)
        print(f"proposal PDF ({lang}): median {ms / 1000:.2f} s (target 3) over {args.pdf_repeat}")
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
