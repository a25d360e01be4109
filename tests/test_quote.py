"""Tests of the quote arithmetic against cases computed by hand.

The trip (four days, 29 Apr – 2 May 2027): X → S → night at P; P → night at P;
P → L (crossing "gate" into Laos) → night at Q; Q → end. 100 + 50 + 150 + 20 = 320 km.
Nights: P on 29 Apr (high season), P on 30 Apr (low season from 30 Apr), Q on 1 May.
Rates: 1 USD = 25,000 VND; 1 VND = 0.8 LAK (so 1 LAK = 1.25 VND); no buffer.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from tourlink.exceptions import DataError
from tourlink.money import ExchangeRate, ExchangeRates, Money
from tourlink.quote import (
    Pricing,
    QuoteError,
    QuoteOptions,
    SiteInfo,
    load_example_ratecard,
    make_quote,
    quote_to_dict,
    ratecard_from_dict,
    ratecard_to_dict,
    trip_facts,
)
from tourlink.translations import renderer

D = Decimal
ALL_YEAR = {"valid_from": "2027-01-01", "valid_to": "2027-12-31"}
HIGH = {"valid_from": "2027-01-01", "valid_to": "2027-04-29", "season": "high"}
LOW = {"valid_from": "2027-04-30", "valid_to": "2027-10-31", "season": "low"}

CARD: dict[str, Any] = {
    "name": "hand-checked card",
    "vehicles": [
        {
            "id": "car",
            "vehicle": "car",
            "seats": 4,
            "currency": "VND",
            "per_day": "1000000",
            "per_km": "10000",
            "driver_per_day": "200000",
            "driver_per_night_away": "100000",
            "border_permit": "500000",
            "border_insurance": "300000",
            "base": "X",
            **ALL_YEAR,
        },
        {
            "id": "van",
            "vehicle": "van",
            "seats": 10,
            "currency": "VND",
            "per_day": "2000000",
            "per_km": "15000",
            "driver_per_day": "200000",
            "driver_per_night_away": "100000",
            "border_permit": "500000",
            "border_insurance": "300000",
            "base": "X",
            **ALL_YEAR,
        },
    ],
    "guides": [
        {
            "id": "guide-fr",
            "language": "fr",
            "currency": "VND",
            "per_day": "1000000",
            "per_night_away": "200000",
            "base": "X",
            **ALL_YEAR,
        },
    ],
    "lodging": [
        {
            "id": "p-twin-high",
            "place": "P",
            "room": "twin",
            "per_room_night": "800000",
            "currency": "VND",
            **HIGH,
        },
        {
            "id": "p-twin-low",
            "place": "P",
            "room": "twin",
            "per_room_night": "600000",
            "currency": "VND",
            **LOW,
        },
        {
            "id": "p-single-high",
            "place": "P",
            "room": "single",
            "per_room_night": "600000",
            "currency": "VND",
            **HIGH,
        },
        {
            "id": "p-single-low",
            "place": "P",
            "room": "single",
            "per_room_night": "500000",
            "currency": "VND",
            **LOW,
        },
        {
            "id": "q-twin",
            "place": "Q",
            "room": "twin",
            "per_room_night": "400000",
            "currency": "LAK",
            **ALL_YEAR,
        },
        {
            "id": "q-single",
            "place": "Q",
            "room": "single",
            "per_room_night": "300000",
            "currency": "LAK",
            **ALL_YEAR,
        },
    ],
    "meals": [
        {"id": "lunch", "meal": "lunch", "per_person": "100000", "currency": "VND", **ALL_YEAR},
        {"id": "dinner", "meal": "dinner", "per_person": "150000", "currency": "VND", **ALL_YEAR},
    ],
    "borders": [
        {
            "id": "gate",
            "crossing": "gate",
            "per_person": "2",
            "per_vehicle": "10",
            "currency": "USD",
            **ALL_YEAR,
        },
    ],
    "visas": [
        {
            "id": "visa-la-fr",
            "country": "LA",
            "nationality": "FR",
            "per_person": "40",
            "currency": "USD",
            **ALL_YEAR,
        },
    ],
}

SITES = {
    "X": SiteInfo("X", "X town", "VN"),
    "P": SiteInfo("P", "P town", "VN"),
    "S": SiteInfo("S", "S museum", "VN", Money(D(50000), "VND")),
    "L": SiteInfo("L", "L falls", "LA", Money(D(20000), "LAK")),
    "Q": SiteInfo("Q", "Q town", "LA"),
}


def _day(
    date: str,
    start: str,
    stops: list[str],
    end: str,
    km: float,
    lunch: str | None,
    crossings: tuple[str, ...] = (),
) -> dict[str, Any]:
    return {
        "date": date,
        "start": start,
        "overnight": end,
        "km": km,
        "stops": [{"id": s, "name": SITES[s].name} for s in stops],
        "lunch": None if lunch is None else {"start": "12:00", "end": "13:00", "site": lunch},
        "crossings": list(crossings),
    }


SNAPSHOT = {
    "days": [
        _day("2027-04-29", "X", ["S"], "P", 100, "S"),
        _day("2027-04-30", "P", [], "P", 50, "P"),
        _day("2027-05-01", "P", ["L"], "Q", 150, "L", ("gate",)),
        _day("2027-05-02", "Q", [], "Q", 20, None),
    ]
}
RATES = ExchangeRates(
    (
        ExchangeRate("USD", "VND", D(25000), dt.date(2027, 1, 2)),
        ExchangeRate("VND", "LAK", D("0.8"), dt.date(2027, 1, 2)),
    )
)


def facts() -> Any:
    return trip_facts(SNAPSHOT, lambda site, name: SITES[site])


def options(**changes: Any) -> QuoteOptions:
    base: dict[str, Any] = {
        "bands": (2, 5, 12),
        "currency": "VND",
        "pricing": Pricing("markup", D(0)),
        "date": dt.date(2027, 2, 1),
        "rates": RATES,
        "foc_per": 5,
        "nationality": "FR",
    }
    base.update(changes)
    return QuoteOptions(**base)


def quote(card: dict[str, Any] = CARD, **changes: Any) -> Any:
    return make_quote(facts(), ratecard_from_dict(card), options(**changes))


def test_two_travellers_hand_computed() -> None:
    """Tests every category of a 2-person band against the hand computation.

    Car 4×1,000,000 + 320 km×10,000 + driver 4×200,000 + 3 nights away×100,000 + permit
    and insurance 800,000 = 9,100,000; one twin 800,000 (high) + 600,000 (low) + 400,000
    LAK = 500,000 VND; 3 lunches and 3 dinners × 2; entrances 2×50,000 + 2×20,000 LAK;
    border 2×2 + 10 USD; visa 2×40 USD. Total 15,000,000 VND, 7,500,000 per person.
    """
    band = quote().band(2)
    assert band.vehicles == ("car",) and band.foc == 0
    expected = {
        "vehicle": 7_200_000,
        "driver": 1_100_000,
        "border-vehicle": 800_000,
        "lodging": 1_900_000,
        "meal": 1_500_000,
        "entrance": 150_000,
        "border": 350_000,
        "visa": 2_000_000,
    }
    assert {c: band.subtotal(c).quantized().amount for c in expected} == expected
    assert band.cost == Money(D(15_000_000), "VND")
    assert band.cost_per_person == Money(D(7_500_000), "VND")
    assert band.single_supplement_cost == Money(D(525_000), "VND")


def test_season_change_mid_trip_prices_each_night_with_its_rate() -> None:
    """Tests that the night before 30 Apr takes the high rate and the next the low rate."""
    lodging = [line for line in quote().band(2).lines if line.category == "lodging"]
    used = {line.source.ref: (line.quantity, line.source.season) for line in lodging}
    assert used == {"p-twin-high": (1, "high"), "p-twin-low": (1, "low"), "q-twin": (1, "")}


def test_foc_rooming_and_larger_vehicle_hand_computed() -> None:
    """Tests a 5-paying band with one FOC place: van, 2 twins + 2 singles, 6 travellers.

    Van 14,700,000; rooms P high 2,800,000, P low 2,200,000, Q 1,400,000 LAK = 1,750,000;
    meals 4,500,000; entrances 450,000; border 22 USD; visa 240 USD. Total 32,950,000,
    6,590,000 per paying traveller.
    """
    band = quote().band(5)
    assert band.foc == 1 and band.vehicles == ("van",)
    assert (band.rooms.twin, band.rooms.single, band.rooms.odd_single) == (2, 2, True)
    assert band.subtotal("lodging").quantized().amount == 6_750_000
    assert band.cost == Money(D(32_950_000), "VND")
    assert band.cost_per_person == Money(D(6_590_000), "VND")
    assert [n.code for n in band.notes] == ["quote.odd-single", "quote.foc"]


def test_two_vehicles_when_one_is_too_small() -> None:
    """Tests that 12 paying + 2 FOC (14 seats) take a car and a van, stated in a note."""
    band = quote().band(12)
    assert band.foc == 2 and band.vehicles == ("car", "van")
    assert band.notes[0].code == "quote.two-vehicles"
    assert "two vehicles, car and van" in str(band.notes[0])
    assert band.subtotal("vehicle").quantized().amount == 7_200_000 + 12_800_000


def test_no_vehicle_large_enough_is_an_error_naming_the_seats() -> None:
    """Tests that 30 travellers with at most 2×10 seats are refused, saying why."""
    with pytest.raises(QuoteError, match="31 seats are needed and two of the largest"):
        quote(bands=(25,), guide_language="fr")


def test_markup_and_margin_are_not_the_same() -> None:
    """Tests that a 20 % markup gives 9,000,000 and a 20 % margin 9,375,000 on 7,500,000."""
    markup = quote(pricing=Pricing("markup", D("0.2"))).band(2)
    margin = quote(pricing=Pricing("margin", D("0.2"))).band(2)
    assert markup.price_per_person == Money(D(9_000_000), "VND")
    assert margin.price_per_person == Money(D(9_375_000), "VND")
    assert margin.margin == D("0.2") and markup.margin == D(1_500_000) / D(9_000_000)
    assert Pricing("margin", D("0.2")).markup == D("0.25")


def test_rounding_rule_applies_to_price_and_supplement() -> None:
    """Tests that prices round up to 100,000 VND: 9,375,000 → 9,400,000; 630,000 → 700,000."""
    band = quote(pricing=Pricing("margin", D("0.2"), D(100000), "up")).band(2)
    assert band.price_per_person == Money(D(9_400_000), "VND")
    assert band.price == Money(D(18_800_000), "VND")
    assert band.single_supplement_price == Money(D(700_000), "VND")
    nearest = quote(pricing=Pricing("margin", D("0.2"), D(100000), "nearest")).band(2)
    assert nearest.price_per_person == Money(D(9_400_000), "VND")
    down = quote(pricing=Pricing("margin", D("0.2"), D(100000), "down")).band(2)
    assert down.price_per_person == Money(D(9_300_000), "VND")


def test_quote_in_usd_with_buffer_records_each_conversion() -> None:
    """Tests a USD quote with a 3 % buffer on converted costs.

    VND lines 12,100,000 / 25,000 = 484 USD × 1.03 = 498.52; LAK lines 440,000 LAK via VND
    (× 1.25 / 25,000) = 22 USD × 1.03 = 22.66; USD lines 94 (not converted): 615.18 USD.
    """
    buffered = ExchangeRates(RATES.rates, buffer=D("0.03"))
    usd = quote(currency="USD", rates=buffered).band(2)
    assert usd.cost == Money(D("615.18"), "USD")
    assert usd.cost_per_person == Money(D("307.59"), "USD")
    converted = [ln for ln in usd.lines if ln.unit.currency != "USD"]
    assert converted and all(ln.conversion is not None for ln in converted)
    assert {ln.conversion.buffer for ln in converted if ln.conversion} == {D("0.03")}
    assert all(ln.conversion is None for ln in usd.lines if ln.unit.currency == "USD")


def test_missing_rates_are_listed_together() -> None:
    """Tests that a card without the Q hotel and without dinners names every gap at once."""
    card = dict(CARD)
    card["lodging"] = [r for r in CARD["lodging"] if r["place"] != "Q"]
    card["meals"] = [r for r in CARD["meals"] if r["meal"] != "dinner"]
    with pytest.raises(QuoteError) as caught:
        quote(card)
    text = str(caught.value)
    assert "no twin room rate at 'Q' for the night of 2027-05-01" in text
    assert "no dinner rate on 2027-04-29" in text


def test_missing_rates_are_said_in_each_language() -> None:
    """Tests the refusal of a card without the Q hotel and dinners, and of too few seats, in vi/lo.

    Each missing rate has a code (``quote.missing.*``); the refusal frames them, so the
    whole answer reads in Vietnamese or Lao with the card's own ids and the dates.
    """
    card = dict(CARD)
    card["lodging"] = [r for r in CARD["lodging"] if r["place"] != "Q"]
    card["meals"] = [r for r in CARD["meals"] if r["meal"] != "dinner"]
    with pytest.raises(QuoteError) as caught:
        quote(card)
    error = caught.value
    assert {p.code for p in error.problems} == {
        "quote.missing.room",
        "quote.missing.meal",
        "quote.missing.single-twin",
    }
    vi = renderer("vi")(error.message).splitlines()
    assert vi[0] == "không thể báo giá chuyến đi, có 6 vấn đề:"
    assert "  - chưa có giá phòng đôi tại 'Q' cho đêm 2027-05-01" in vi
    assert "  - chưa có giá bữa tối ngày 2027-04-29 (tại 'P' hoặc giá chung)" in vi
    assert "  - chưa có giá phòng đơn và phòng đôi tại 'Q' cho ngày 2027-05-01" in vi
    lo = renderer("lo")(error.message).splitlines()
    assert lo[0] == "ບໍ່ສາມາດສະເໜີລາຄາການເດີນທາງນີ້ໄດ້, ມີ 6 ບັນຫາ:"
    assert "  - ບໍ່ມີລາຄາຫ້ອງຄູ່ ທີ່ 'Q' ສຳລັບຄືນວັນທີ 2027-05-01" in lo
    assert "  - ບໍ່ມີລາຄາອາຫານແລງ ວັນທີ 2027-04-29 (ທີ່ 'P' ຫຼື ລາຄາທົ່ວໄປ)" in lo
    with pytest.raises(QuoteError) as caught:
        quote(bands=(25,), guide_language="fr")
    assert renderer("vi")(caught.value.message).splitlines()[1] == (
        "  - cần 31 chỗ, nhưng hai xe loại lớn nhất ('van', 10 chỗ) vẫn không đủ: hãy thêm một"
        " loại xe lớn hơn vào bảng giá"
    )
    assert renderer("lo")(caught.value.message).splitlines() == [
        "ບໍ່ສາມາດສະເໜີລາຄາການເດີນທາງນີ້ໄດ້, ມີ 1 ບັນຫາ:",
        "  - ຕ້ອງການ 31 ບ່ອນນັ່ງ, ແຕ່ລົດປະເພດໃຫຍ່ທີ່ສຸດສອງຄັນ ('van', 10 ບ່ອນນັ່ງ) ກໍຍັງບໍ່ພໍ:"
        " ກະລຸນາເພີ່ມລົດທີ່ໃຫຍ່ກວ່າໃນຕາຕະລາງລາຄາ",
    ]


def test_assumptions_are_listed() -> None:
    """Tests that a border without costs, a missing visa fee and a missing nationality show."""
    card = dict(CARD, borders=[], visas=[])
    codes = [a.code for a in quote(card).assumptions]
    assert "quote.assume.no-border" in codes and "quote.assume.no-visa" in codes
    unnamed = [a.code for a in quote(card, nationality="").assumptions]
    assert "quote.assume.nationality" in unnamed


def test_local_travellers_pay_no_visa_at_home_and_local_fees() -> None:
    """Tests that Lao travellers pay no visa into Laos and the card's local fee for L."""
    card = dict(
        CARD,
        entrances=[
            {
                "id": "l-fee",
                "site": "L",
                "foreign": "20000",
                "local": "8000",
                "currency": "LAK",
                **ALL_YEAR,
            }
        ],
    )
    band = quote(card, nationality="LA").band(2)
    assert band.subtotal("visa").amount == 0
    entrance = next(ln for ln in band.lines if ln.source.ref == "l-fee")
    assert entrance.unit == Money(D(8000), "LAK") and entrance.source.kind == "rate-card"


def test_guide_days_and_nights_away() -> None:
    """Tests a French-speaking guide: 4 days × 1,000,000 and 3 nights away × 200,000."""
    band = quote(guide_language="fr").band(2)
    assert band.guides == 1 and band.subtotal("guide").amount == 4_600_000


def test_ratecard_errors_are_reported_all_at_once() -> None:
    """Tests that a card with three faults names each: field, value and what was expected."""
    bad = dict(CARD)
    bad["vehicles"] = [dict(CARD["vehicles"][0], seats="four", per_km=1.5)]
    bad["meals"] = [dict(CARD["meals"][0], meal="brunch")]
    with pytest.raises(DataError) as caught:
        ratecard_from_dict(bad)
    text = str(caught.value)
    assert "3 problems" in text
    assert "seats = 'four': expected a whole number of passenger seats" in text
    assert "per_km = 1.5: expected a decimal amount" in text
    assert "meal must be one of lunch, dinner, got 'brunch'" in text


def test_overlapping_rates_are_refused() -> None:
    """Tests that two twin rates for P valid on the same day are refused."""
    bad = dict(
        CARD, lodging=[*CARD["lodging"], dict(CARD["lodging"][0], id="dup", valid_to="2027-05-31")]
    )
    with pytest.raises(DataError, match="both valid on"):
        ratecard_from_dict(bad)


def test_ratecard_round_trips_through_json() -> None:
    """Tests that writing a card and reading it back gives the same card."""
    card = ratecard_from_dict(CARD)
    assert ratecard_from_dict(ratecard_to_dict(card)) == card


def test_example_ratecard_is_marked_and_quotes_a_real_plan(real: Any) -> None:
    """Tests that the shipped card says it is an example and prices a planned 5-day trip."""
    from tourlink.itinerary import TripRequest
    from tourlink.planner import plan
    from tourlink.planner.serialize import itinerary_to_dict
    from tourlink.quote import facts_from_snapshot

    card = load_example_ratecard()
    assert card.example and "EXAMPLE" in card.note
    request = TripRequest("kon-tum-city-centre", dt.date(2027, 3, 2), 5, end="pakse", mode="coach")
    snapshot = itinerary_to_dict(plan(request, network=real), network=real)
    rates = ExchangeRates(
        (
            ExchangeRate("USD", "VND", D(26000), dt.date(2027, 1, 1)),
            ExchangeRate("USD", "LAK", D(21800), dt.date(2027, 1, 1)),
        )
    )
    result = make_quote(
        facts_from_snapshot(snapshot, real),
        card,
        options(currency="USD", rates=rates, bands=(2, 10, 30), foc_per=15),
    )
    assert result.example
    prices = [b.price_per_person.amount for b in result.bands]
    assert prices == sorted(prices, reverse=True) and prices[-1] > 0
    data = quote_to_dict(result)
    assert data["bands"][0]["lines"][0]["source"]["kind"] == "rate-card"
    assert any(line["category"] == "visa" for line in data["bands"][0]["lines"])


def test_malformed_snapshot_lists_every_problem() -> None:
    """Tests that a snapshot with a bad date, negative km and no stop ids names each fault."""
    bad = {
        "days": [
            {"date": "2027-13-01", "start": "X", "overnight": "P", "km": -5, "stops": []},
            {"date": "2027-04-30", "start": "", "overnight": "P", "km": "x", "stops": [{}]},
        ]
    }
    with pytest.raises(DataError) as caught:
        trip_facts(bad, lambda site, name: SITES.get(site, SiteInfo(site, name)))
    text = str(caught.value)
    for fault in (
        "days[0]: date",
        "days[0]: km",
        "days[1]: start",
        "days[1]: km",
        "days[1]: stops",
    ):
        assert fault in text, fault
    with pytest.raises(DataError, match="a non-empty list of days"):
        trip_facts({"days": []}, lambda site, name: SITES[site])


def test_unknown_place_counts_as_free_and_is_stated() -> None:
    """Tests that an operator's own place (not in the catalogue) is free, as an assumption."""
    snapshot = {"days": [dict(SNAPSHOT["days"][0], stops=[{"id": "own-cafe", "name": "Our café"}])]}
    facts_ = trip_facts(
        snapshot, lambda site, name: SITES.get(site) or SiteInfo(site, name, known=False)
    )
    result = make_quote(facts_, ratecard_from_dict(CARD), options(bands=(2,)))
    texts = [str(a) for a in result.assumptions]
    assert "Our café has no entrance fee in the data: counted as free." in texts


def test_ratecard_document_faults_are_named() -> None:
    """Tests unknown fields, a missing name, a bad date and a non-list, all at once."""
    bad = {
        "vehicles": [dict(CARD["vehicles"][0], colour="red", valid_from="soon")],
        "guides": "none",
        "owner": "me",
    }
    with pytest.raises(DataError) as caught:
        ratecard_from_dict(bad)
    text = str(caught.value)
    for fault in (
        "name = None",
        "owner = 'me'",
        "guides = 'none': expected a list",
        "colour = 'red'",
        "valid_from/valid_to",
    ):
        assert fault in text, fault
