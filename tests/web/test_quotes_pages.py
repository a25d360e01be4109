"""Tests of the quotes pages: rate cards, exchange rates, making a quote, the proposal."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from workspace_helpers import csrf_of, login, save_itinerary, users


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


def test_rate_card_page_lists_every_problem_and_keeps_the_text(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests that an invalid card is shown again with its problems, nothing saved."""
    client, card_id, _ = _setup(ws_app, saved_snapshot)
    url = f"/workspace/rate-cards/{card_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Our 2026 rates" in page and "example prices, not facts" in page
    broken = '{"name": "x", "vehicles": [{"id": "v", "seats": "four"}]}'
    answer = client.post(
        url, data={"document": broken, "based_on": "1", "csrf_token": csrf_of(page)}
    )
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "whole number of passenger seats" in text
    assert "&#34;four&#34;" in text or "&quot;four&quot;" in text  # the user's text is kept
    assert "v1" in client.get(url).get_data(as_text=True)


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
    assert re.search(r"proposal\.pdf\?lang=lo", shown)
    pdf_url = re.search(r'href="([^"]+proposal\.pdf\?lang=en)"', shown)
    assert pdf_url is not None
    pdf = client.get(pdf_url.group(1).replace("&amp;", "&"))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    bad = client.post(url, data={**form, "bands": ""})
    assert bad.status_code == 422 and "bands" in bad.get_data(as_text=True)


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
