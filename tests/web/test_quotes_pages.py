"""Tests of the quotes pages: rate cards, exchange rates, making a quote, the proposal."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from flask import Flask
from workspace_helpers import csrf_of, login, save_itinerary, users

from tourlink.store import Actor, make_sessions
from tourlink.store.quotes import RateCardRow
from tourlink_web.database import engine


def _setup(app: Flask, snapshot: dict[str, Any]) -> tuple[Any, int, int]:
    admin, operator = users(app, ("mang-den-travel", "org-admin"), ("mang-den-travel", "operator"))
    client = app.test_client()
    login(client, admin)
    page = client.get("/workspace/rate-cards").get_data(as_text=True)
    made = client.post(
        "/workspace/rate-cards", data={"name": "Our 2026 rates", "csrf_token": csrf_of(page)}
    )
    assert made.status_code == 302
    card_id = int(made.headers["Location"].rsplit("/", 1)[1])
    for base, quote, rate in (("USD", "VND", "26300"), ("USD", "LAK", "21800")):
        sent = client.post(
            "/workspace/exchange-rates",
            data={
                "base": base,
                "quote": quote,
                "rate": rate,
                "date": "2026-02-01",
                "source": "bank",
                "csrf_token": csrf_of(page),
            },
        )
        assert sent.status_code == 302, sent.get_data(as_text=True)
    number = save_itinerary(app, operator, snapshot)
    return client, card_id, number


def _form_of(page: str) -> dict[str, str]:
    """Return the fields of the rate form on ``page`` as a browser would send them."""
    form = dict(re.findall(r'<input (?:type="hidden" )?name="([^"]+)" value="([^"]*)"', page))
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r"<option(?: value=\"\")? selected>([^<]*)</option>", options)
        form[name] = chosen.group(1) if chosen and chosen.group(1) != "–" else ""
    return {k: v.replace("&#39;", "'").replace("&amp;", "&") for k, v in form.items()}


def test_rate_card_forms_edit_one_rate_and_name_each_problem(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests the per-rate form: an edit saves, a bad field comes back on its row, kept."""
    client, card_id, _ = _setup(ws_app, saved_snapshot)
    url = f"/workspace/rate-cards/{card_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Our 2026 rates" in page and "example prices, not facts" in page
    assert f'href="{url}/vehicles"' in page and "<textarea" in page  # the note only
    assert "&#34;vehicles&#34;" not in page and '"vehicles":' not in page
    vehicles = client.get(f"{url}/vehicles").get_data(as_text=True)
    form = _form_of(vehicles)
    assert form["r0-id"] == "car-4-low-2026" and form["r0-currency"] == "VND"
    assert form["based_on"] == "1" and int(form["rows"]) == 25 + 3
    form["r0-per_day"] = "640000"
    saved = client.post(f"{url}/vehicles", data=form)
    assert saved.status_code == 303, saved.get_data(as_text=True)[-2000:]
    again = _form_of(client.get(f"{url}/vehicles").get_data(as_text=True))
    assert again["r0-per_day"] == "640000" and again["based_on"] == "2"
    again.update({"r1-seats": "four", "r2-valid_to": "soon", "r3-remove": "1"})
    again.update({"r25-id": "boat", "r25-vehicle": "boat", "r25-seats": "8"})
    bad = client.post(f"{url}/vehicles", data=again)
    text = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "Seats = &#39;four&#39;: expected a whole number of passenger seats" in text
    assert "Valid from/to = (&#39;2025-11-01&#39;, &#39;soon&#39;): expected a date" in text
    assert "Currency = &#39;&#39;: expected a non-empty text" in text  # the boat's
    assert 'value="four"' in text and 'value="soon"' in text and 'value="boat"' in text
    assert text.count('aria-invalid="true"') >= 4
    kept = _form_of(client.get(f"{url}/vehicles").get_data(as_text=True))
    assert kept["r1-seats"] == "4" and kept["based_on"] == "2"  # nothing saved


def test_rate_card_forms_add_and_remove_rates_and_rename_the_card(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests adding a rate in a blank row, removing one, an overlap, and the name form."""
    client, card_id, _ = _setup(ws_app, saved_snapshot)
    url = f"/workspace/rate-cards/{card_id}"
    form = _form_of(client.get(f"{url}/extras").get_data(as_text=True))
    assert int(form["rows"]) == 2 + 3
    form.update({"r0-remove": "1", "r2-id": "river-boat", "r2-name": "Sê San boat"})
    form.update({"r2-unit": "group", "r2-amount": "400000", "r2-currency": "VND"})
    form.update({"r2-valid_from": "2026-01-01", "r2-valid_to": "2026-12-31"})
    assert client.post(f"{url}/extras", data=form).status_code == 303
    now = _form_of(client.get(f"{url}/extras").get_data(as_text=True))
    ids = [now[f"r{i}-id"] for i in range(int(now["rows"]))]
    assert ids[:2] == [form["r1-id"], "river-boat"] and ids[2:] == ["", "", ""]
    now.update({"r2-id": "river-boat-2", "r2-name": "Sê San boat", "r2-unit": "group"})
    now.update({"r2-amount": "1", "r2-currency": "VND", "r2-valid_from": "2026-06-01"})
    now["r2-valid_to"] = "2026-06-30"
    now["r1-id"] = "river-boat-2"
    clash = client.post(f"{url}/extras", data=now)
    assert clash.status_code == 422 and "rate ids must be unique" in clash.get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)
    renamed = client.post(
        url,
        data={"name": "2027", "note": "ours", "based_on": "2", "csrf_token": csrf_of(page)},
    )
    assert renamed.status_code == 302
    assert "2027 (v3)" in client.get(url).get_data(as_text=True)
    empty = client.post(
        url, data={"name": "", "note": "", "based_on": "3", "csrf_token": csrf_of(page)}
    )
    assert empty.status_code == 422 and "name = &#39;&#39;: expected a non-empty text" in (
        empty.get_data(as_text=True)
    )


def _saved_by_another_admin(
    app: Flask, snapshot: dict[str, Any]
) -> tuple[Any, Actor, int, dict[str, str]]:
    """Open a card's guides form, then let another org-admin save it first (version 2).

    Returns the first admin's client, the other admin, the card and the form as loaded.
    """
    client, card_id, _ = _setup(app, snapshot)
    (other_admin,) = users(app, ("mang-den-travel", "org-admin"))
    other = app.test_client()
    login(other, other_admin)
    url = f"/workspace/rate-cards/{card_id}/guides"
    mine = _form_of(client.get(url).get_data(as_text=True))
    theirs = _form_of(other.get(url).get_data(as_text=True))
    theirs["r0-per_day"] = "700000"
    assert other.post(url, data=theirs).status_code == 303
    return client, other_admin, card_id, mine


def test_concurrent_rate_card_edits_conflict_and_lose_nothing(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests two org-admins editing one card: the second gets 409, their input kept."""
    client, other_admin, card_id, mine = _saved_by_another_admin(ws_app, saved_snapshot)
    url = f"/workspace/rate-cards/{card_id}/guides"
    mine["r0-per_day"] = "999000"
    late = client.post(url, data=mine)
    text = late.get_data(as_text=True)
    assert late.status_code == 409 and "based on version 1, but version 2" in text
    assert other_admin.label in text and 'value="999000"' in text
    assert 'name="based_on" value="2"' in text  # saving again is a choice, made knowingly
    assert _form_of(client.get(url).get_data(as_text=True))["r0-per_day"] == "700000"


def test_a_rate_card_conflict_names_the_card_in_the_readers_language(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests the 409 card page says who saved which card in Vietnamese, Lao and English.

    The line of what was saved meanwhile is the message ``history.rate-card`` with the
    card's name as its parameter: said in the page's language, the English as before.
    """
    client, other_admin, card_id, mine = _saved_by_another_admin(ws_app, saved_snapshot)
    url = f"/workspace/rate-cards/{card_id}/guides"
    with ws_app.app_context(), make_sessions(engine())() as session:
        row = session.get(RateCardRow, card_id)
        assert row is not None
        when = row.updated_at.strftime("%Y-%m-%d %H:%M")
    said = {
        "vi": "bảng giá 'Our 2026 rates'",
        "lo": "ຕາຕະລາງລາຄາ 'Our 2026 rates'",
        "en": "rate card 'Our 2026 rates'",
    }
    for lang, summary in said.items():
        mine["r0-per_day"] = "999000"
        late = client.post(f"{url}?lang={lang}", data=mine)
        text = html.unescape(late.get_data(as_text=True))
        assert late.status_code == 409, text
        assert f"<li>v2 · {other_admin.label} · {when} UTC · {summary}</li>" in text, lang
        others = [s for other_lang, s in said.items() if other_lang != lang]
        assert not any(s in text for s in others), lang


def test_operators_see_rates_read_only(ws_app: Flask, saved_snapshot: dict[str, Any]) -> None:
    """Tests that an operator sees the tables without a form, and may not post one."""
    client, card_id, _ = _setup(ws_app, saved_snapshot)
    (operator,) = users(ws_app, ("mang-den-travel", "operator"))
    reader = ws_app.test_client()
    login(reader, operator)
    page = reader.get(f"/workspace/rate-cards/{card_id}/vehicles").get_data(as_text=True)
    assert "car-4-low-2026" in page and 'name="r0-id"' not in page
    form = _form_of(client.get(f"/workspace/rate-cards/{card_id}/vehicles").get_data(as_text=True))
    form["csrf_token"] = csrf_of(page)
    refused = reader.post(f"/workspace/rate-cards/{card_id}/vehicles", data=form)
    assert refused.status_code == 403
    assert reader.get(f"/workspace/rate-cards/{card_id}/unknown").status_code == 404


def test_make_a_quote_see_it_and_download_the_proposal(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests the quote form, the quote page (bands, sources) and the PDF download."""
    client, card_id, number = _setup(ws_app, saved_snapshot)
    url = f"/workspace/{number}/quotes"
    page = client.get(url).get_data(as_text=True)
    form = {
        "rate_card_id": str(card_id),
        "bands": "2, 6",
        "currency": "USD",
        "method": "margin",
        "rate": "0.20",
        "step": "5",
        "buffer": "0.03",
        "foc_per": "15",
        "singles": "0",
        "guide_language": "en",
        "nationality": "FR",
        "csrf_token": csrf_of(page),
    }
    made = client.post(url, data=form)
    assert made.status_code == 302, made.get_data(as_text=True)
    shown = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "rate-card: " in shown and "Group size" in shown
    assert "Prices in other currencies" in shown  # USD at 26,300 VND and 21,800 LAK + 3 %
    conversions = shown[shown.index("Prices in other currencies") :][:3000]
    assert "1 USD = 27089 VND: the rate 26300 of 2026-02-01 plus a buffer of 0.03" in shown, (
        conversions
    )
    assert "1 USD = 22454 LAK" in shown and "₫" in conversions
    assert re.search(r"proposal\.pdf\?lang=lo", shown)
    pdf_url = re.search(r'href="([^"]+proposal\.pdf\?lang=en)"', shown)
    assert pdf_url is not None
    pdf = client.get(pdf_url.group(1).replace("&amp;", "&"))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    bad = client.post(url, data={**form, "bands": ""})
    assert bad.status_code == 422 and "bands" in bad.get_data(as_text=True)
    quote_id = int(made.headers["Location"].rsplit("/", 1)[1])
    itinerary = client.get(f"/workspace/{number}").get_data(as_text=True)
    summary = itinerary[itinerary.index('class="quote-summary"') :][:1500]
    assert f"Quote #{quote_id}" in summary and "out of date" not in summary
    prices = re.findall(r'<td class="amount">([0-9.]+) USD</td>', summary)
    assert len(prices) == 2  # one price per person for each group size, 2 and 6
    rate = {"base": "USD", "quote": "VND", "rate": "27000", "date": "2026-03-01"}
    rate |= {"source": "bank", "csrf_token": csrf_of(page)}
    assert client.post("/workspace/exchange-rates", data=rate).status_code == 302
    again = client.get(f"/workspace/{number}").get_data(as_text=True)
    assert "out of date" in again[again.index('class="quote-summary"') :][:600]


def test_shared_proposal_shows_prices_without_costs_or_login(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests the customer proposal behind a share link: prices, no costs, no login."""
    client, card_id, number = _setup(ws_app, saved_snapshot)
    page = client.get(f"/workspace/{number}/quotes").get_data(as_text=True)
    form = {
        "rate_card_id": str(card_id),
        "bands": "2",
        "currency": "USD",
        "method": "markup",
        "rate": "0.25",
        "step": "",
        "buffer": "0",
        "foc_per": "0",
        "singles": "0",
        "guide_language": "",
        "nationality": "",
        "csrf_token": csrf_of(page),
    }
    assert client.post(f"/workspace/{number}/quotes", data=form).status_code == 302
    with ws_app.app_context():
        from tourlink.store import make_sessions
        from tourlink.store.quotes import QuoteRow
        from tourlink_web.database import engine

        with make_sessions(engine())() as session:
            row = session.query(QuoteRow).one()
            price = row.result["bands"][0]["price_per_person"]["amount"]
            cost = row.result["bands"][0]["cost_per_person"]["amount"]
    share_page = client.get(f"/workspace/{number}/share").get_data(as_text=True)
    shared = client.post(
        f"/workspace/{number}/share", data={"csrf_token": csrf_of(share_page), "days": "30"}
    )
    token = re.search(
        r"/share/(s_[A-Za-z0-9_-]+)",
        shared.get_data(as_text=True) + shared.headers.get("Location", ""),
    )
    if token is None:
        token = re.search(
            r"/share/(s_[A-Za-z0-9_-]+)",
            client.get(f"/workspace/{number}/share").get_data(as_text=True),
        )
    assert token is not None
    customer = ws_app.test_client()
    proposal = customer.get(f"/share/{token.group(1)}/proposal?lang=en")
    html = proposal.get_data(as_text=True)
    assert proposal.status_code == 200 and f"${price}" in html and f"${cost}" not in html
    assert "Mang Den Travel" in html
    assert customer.get("/share/s_forged/proposal").status_code == 404


def test_another_organisation_gets_404_on_quote_pages(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests that another organisation's card, quotes and itinerary pages answer 404."""
    _client, card_id, number = _setup(ws_app, saved_snapshot)
    (stranger,) = users(ws_app, ("pakse-tours", "org-admin"))
    other = ws_app.test_client()
    login(other, stranger)
    for path in (f"/workspace/rate-cards/{card_id}", f"/workspace/{number}/quotes"):
        assert other.get(path).status_code == 404, path


def _share_token(client: Any, number: int) -> str:
    page = client.get(f"/workspace/{number}/share").get_data(as_text=True)
    shared = client.post(
        f"/workspace/{number}/share", data={"csrf_token": csrf_of(page), "days": "30"}
    )
    text = shared.get_data(as_text=True) + shared.headers.get("Location", "")
    text += client.get(f"/workspace/{number}/share").get_data(as_text=True)
    found = re.search(r"/share/(s_[A-Za-z0-9_-]+)", text)
    assert found is not None
    return found.group(1)


def test_share_page_offers_the_proposal_only_once_there_is_a_quote(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests that "Proposal and prices" is linked only when the shared version has a quote."""
    client, card_id, number = _setup(ws_app, saved_snapshot)
    token = _share_token(client, number)
    customer = ws_app.test_client()
    before = customer.get(f"/share/{token}").get_data(as_text=True)
    assert "Proposal and prices" not in before and f"/share/{token}/proposal" not in before
    assert customer.get(f"/share/{token}/proposal").status_code == 404
    page = client.get(f"/workspace/{number}/quotes").get_data(as_text=True)
    form = {
        "rate_card_id": str(card_id),
        "bands": "2",
        "currency": "USD",
        "method": "markup",
        "rate": "0.25",
        "csrf_token": csrf_of(page),
    }
    assert client.post(f"/workspace/{number}/quotes", data=form).status_code == 302
    after = customer.get(f"/share/{token}").get_data(as_text=True)
    assert f'href="/share/{token}/proposal"' in after and "Proposal and prices" in after
    assert customer.get(f"/share/{token}/proposal").status_code == 200


def test_lodging_rates_are_edited_one_place_at_a_time(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests the lodging form per place: one place's rates shown, edited, the rest kept.

    The example card's 285 lodging rates open on the first place (15 rates, not 285);
    saving that place's table changes its rates and keeps every other place's; "All
    places" still shows one table of every rate.
    """
    client, card_id, _ = _setup(ws_app, saved_snapshot)
    url = f"/workspace/rate-cards/{card_id}/lodging"
    page = client.get(url).get_data(as_text=True)
    form = _form_of(page)
    assert int(form["rows"]) == 15 + 3 and form["r0-place"] == "kon-tum-city-centre"
    assert page.count(" (15)</") == 19 and "kon-tum-city-centre (15)" not in page  # named
    pakse = _form_of(client.get(f"{url}?place=pakse").get_data(as_text=True))
    assert int(pakse["rows"]) == 18 and {pakse[f"r{i}-place"] for i in range(15)} == {"pakse"}
    pakse["r0-per_room_night"] = "777000"
    pakse["r1-remove"] = "1"
    saved = client.post(f"{url}?place=pakse", data=pakse)
    assert saved.status_code == 303, saved.get_data(as_text=True)[-1500:]
    assert saved.headers["Location"].endswith("lodging?place=pakse")
    every = _form_of(client.get(f"{url}?place=*").get_data(as_text=True))
    assert int(every["rows"]) == 284 + 3
    places = [every[f"r{i}-place"] for i in range(284)]
    assert places.count("pakse") == 14 and places.count("attapeu") == 15
    again = _form_of(client.get(f"{url}?place=pakse").get_data(as_text=True))
    assert again["r0-per_room_night"] == "777000"
    first = _form_of(client.get(url).get_data(as_text=True))
    assert (
        first["r0-per_room_night"] == form["r0-per_room_night"]
    )  # another place's rate, untouched


@pytest.mark.parametrize(
    ("lang", "seats", "currency", "overlap"),
    [
        (
            "vi",
            "Số chỗ = &#39;four&#39;: cần một số nguyên chỉ số ghế hành khách",
            "Tiền tệ = &#39;&#39;: cần một nội dung không được để trống",
            "cùng áp dụng vào ngày",
        ),
        (
            "lo",
            "ບ່ອນນັ່ງ = &#39;four&#39;: ຕ້ອງເປັນ ຈຳນວນຖ້ວນຂອງບ່ອນນັ່ງຜູ້ໂດຍສານ",
            "ສະກຸນເງິນ = &#39;&#39;: ຕ້ອງເປັນ ຂໍ້ຄວາມທີ່ບໍ່ຫວ່າງເປົ່າ",
            "ໃຊ້ໄດ້ທັງສອງໃນວັນທີ",
        ),
    ],
)
def test_rate_card_form_says_each_problem_in_the_page_language(
    ws_app: Flask,
    saved_snapshot: dict[str, Any],
    lang: str,
    seats: str,
    currency: str,
    overlap: str,
) -> None:
    """Tests a bad row on a Vietnamese and a Lao page: field label, value, need, no English."""
    client, card_id, _ = _setup(ws_app, saved_snapshot)
    url = f"/workspace/rate-cards/{card_id}/vehicles"
    form = _form_of(client.get(f"{url}?lang={lang}").get_data(as_text=True))
    form.update({"r1-seats": "four", "r25-id": "boat", "r25-vehicle": "boat", "r25-seats": "8"})
    bad = client.post(url, data=form)
    text = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert seats in text and currency in text  # the field's label, the value, what it needs
    for english in ("expected", "a whole number of passenger seats", "a non-empty text"):
        assert english not in text
    again = _form_of(client.get(url).get_data(as_text=True))  # two rates valid on one day
    again.update({f"r1-{key}": again[f"r0-{key}"] for key in ("vehicle", "seats")})
    again.update({f"r1-{key}": again[f"r0-{key}"] for key in ("valid_from", "valid_to")})
    clash = client.post(url, data=again)
    shown = clash.get_data(as_text=True)
    assert clash.status_code == 422 and overlap in shown
    assert "make their dates not overlap" not in shown and "Vehicle rate" not in shown
