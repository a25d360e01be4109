"""Tests of the quotes API: rate cards, exchange rates, quotes, proposal PDF, isolation."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from workspace_helpers import (
    CAFE,
    HOTEL,
    add_place,
    save_itinerary,
    token,
    trip_from_the_hotel,
    users,
)

from tourlink.quote import example_ratecard_path

REQUEST = {
    "bands": [2, 6],
    "currency": "USD",
    "pricing": {"method": "margin", "rate": "0.2", "step": "5"},
    "buffer": "0.03",
    "guide_language": "en",
}


def _card() -> dict[str, Any]:
    with open(example_ratecard_path(), encoding="utf-8") as handle:
        document: dict[str, Any] = json.load(handle)
    return document


def _ready(
    app: Flask, snapshot: dict[str, Any]
) -> tuple[FlaskClient, dict[str, str], dict[str, str], int, int]:
    admin, operator = users(app, ("mang-den-travel", "org-admin"), ("mang-den-travel", "operator"))
    client = app.test_client()
    admin_h, operator_h = token(client, admin), token(client, operator)
    made = client.post("/api/v1/rate-cards", json=_card(), headers=admin_h)
    assert made.status_code == 201, made.get_data(as_text=True)
    for rate in (
        {"base": "USD", "quote": "VND", "rate": "26300", "date": "2026-02-01"},
        {"base": "USD", "quote": "LAK", "rate": "21800", "date": "2026-02-01"},
    ):
        assert client.post("/api/v1/exchange-rates", json=rate, headers=admin_h).status_code == 201
    number = save_itinerary(app, operator, snapshot)
    return client, admin_h, operator_h, made.get_json()["id"], number


def test_org_admin_edits_rate_cards_operator_reads(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests that only org-admins add and replace cards (with If-Match); operators read them."""
    client, admin_h, operator_h, card_id, _ = _ready(ws_app, saved_snapshot)
    assert client.post("/api/v1/rate-cards", json=_card(), headers=operator_h).status_code == 403
    listed = client.get("/api/v1/rate-cards", headers=operator_h).get_json()
    assert [c["id"] for c in listed["rate_cards"]] == [card_id] and listed["rate_cards"][0][
        "example"
    ]
    got = client.get(f"/api/v1/rate-cards/{card_id}", headers=operator_h)
    etag = got.headers["ETag"]
    url = f"/api/v1/rate-cards/{card_id}"
    assert (
        client.put(url, json=_card(), headers={**operator_h, "If-Match": etag}).status_code == 403
    )
    assert client.put(url, json=_card(), headers=admin_h).status_code == 400
    saved = client.put(url, json=_card(), headers={**admin_h, "If-Match": etag})
    assert saved.status_code == 200 and saved.get_json()["version"] == 2
    stale = client.put(url, json=_card(), headers={**admin_h, "If-Match": etag})
    assert stale.status_code == 409
    bad = client.post(
        "/api/v1/rate-cards", json={"name": "x", "vehicles": [{"id": 1}]}, headers=admin_h
    )
    assert bad.status_code == 422 and "vehicles[0]" in bad.get_json()["detail"]


def test_quote_requote_and_proposal(ws_app: Flask, saved_snapshot: dict[str, Any]) -> None:
    """Tests quoting an itinerary, its out-of-date flag after new rates, re-quote and PDF."""
    client, admin_h, operator_h, card_id, number = _ready(ws_app, saved_snapshot)
    url = f"/api/v1/itineraries/{number}/quotes"
    made = client.post(url, json={"rate_card_id": card_id, "request": REQUEST}, headers=operator_h)
    assert made.status_code == 201, made.get_data(as_text=True)
    quote = made.get_json()
    assert quote["out_of_date"] == [] and [b["paying"] for b in quote["result"]["bands"]] == [2, 6]
    assert quote["exchange"]["buffer"] == "0.03"
    rate = {"base": "USD", "quote": "VND", "rate": "27000", "date": "2026-03-01"}
    client.post("/api/v1/exchange-rates", json=rate, headers=admin_h)
    listed = client.get(url, headers=operator_h).get_json()["quotes"]
    assert [m["code"] for m in listed[0]["out_of_date"]] == ["quote.stale.rates"]
    again = client.post(url, json={"requote": quote["id"]}, headers=operator_h)
    assert again.status_code == 201 and again.get_json()["requote_of"] == quote["id"]
    assert again.get_json()["out_of_date"] == []
    pdf = client.get(f"/api/v1/itineraries/{number}/proposal.pdf?lang=en", headers=operator_h)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    import pypdf

    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    price = again.get_json()["result"]["bands"][0]["price_per_person"]["amount"]
    assert f"${price}" in text and "Mang Den Travel" in text
    bad = client.post(
        url,
        json={"rate_card_id": card_id, "request": {**REQUEST, "bands": "2"}},
        headers=operator_h,
    )
    assert bad.status_code == 400 and bad.get_json()["field"] == "bands"
    assert (
        client.get(
            f"/api/v1/itineraries/{number}/proposal.pdf?lang=xx", headers=operator_h
        ).status_code
        == 400
    )


def test_another_organisation_gets_404(ws_app: Flask, saved_snapshot: dict[str, Any]) -> None:
    """Tests that another organisation's card, itinerary, quotes and proposal answer 404."""
    client, _admin_h, operator_h, card_id, number = _ready(ws_app, saved_snapshot)
    made = client.post(
        f"/api/v1/itineraries/{number}/quotes",
        json={"rate_card_id": card_id, "request": REQUEST},
        headers=operator_h,
    )
    quote_id = made.get_json()["id"]
    (stranger,) = users(ws_app, ("pakse-tours", "org-admin"))
    other = token(client, stranger)
    for path in (
        f"/api/v1/rate-cards/{card_id}",
        f"/api/v1/itineraries/{number}/quotes",
        f"/api/v1/itineraries/{number}/quotes/{quote_id}",
        f"/api/v1/itineraries/{number}/proposal.pdf",
    ):
        assert client.get(path, headers=other).status_code == 404, path
    stolen = client.post(
        f"/api/v1/itineraries/{number}/quotes",
        json={"rate_card_id": card_id, "request": REQUEST},
        headers=other,
    )
    assert stolen.status_code == 404
    assert client.get("/api/v1/rate-cards", headers=other).get_json() == {"rate_cards": []}
    assert client.get("/api/v1/rate-cards").status_code == 401


def test_openapi_documents_the_quotes_endpoints(ws_app: Flask) -> None:
    """Tests that the OpenAPI document lists the three endpoints the issue names."""
    paths = ws_app.test_client().get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/rate-cards",
        "/api/v1/itineraries/{itinerary_id}/quotes",
        "/api/v1/itineraries/{itinerary_id}/proposal.pdf",
    ):
        assert path in paths


def test_rate_card_body_limit_fits_a_large_card_and_refuses_more(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests that 3,000 dated rates (~0.6 MB) fit and a body over 1 MiB is a clear 413."""
    client, admin_h, _operator_h, card_id, _number = _ready(ws_app, saved_snapshot)
    large = _card()
    large["lodging"] = [
        {
            "id": f"hotel-{i}-{room}",
            "place": f"place-{i}",
            "room": room,
            "per_room_night": "650000",
            "currency": "VND",
            "valid_from": "2027-01-01",
            "valid_to": "2027-12-31",
            "season": "",
        }
        for i in range(1000)
        for room in ("single", "twin", "triple")
    ]
    body = json.dumps(large, separators=(",", ":"))
    assert 500_000 < len(body) < 1024 * 1024
    made = client.post(
        "/api/v1/rate-cards", data=body, content_type="application/json", headers=admin_h
    )
    assert made.status_code == 201, made.get_data(as_text=True)[:300]
    huge = json.dumps({**large, "note": "x" * (1024 * 1024)})
    for answer in (
        client.post(
            "/api/v1/rate-cards", data=huge, content_type="application/json", headers=admin_h
        ),
        client.put(
            f"/api/v1/rate-cards/{card_id}",
            data=huge,
            content_type="application/json",
            headers={**admin_h, "If-Match": f'"rate-card-{card_id}-v1"'},
        ),
    ):
        assert answer.status_code == 413 and answer.mimetype == "application/problem+json"
        problem = answer.get_json()
        assert "at most 1,048,576 bytes" in problem["detail"] and problem["field"] == "body"
        assert f"{len(huge):,} bytes" in problem["detail"]


def test_a_quote_knows_the_organisations_own_places(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests that a trip from an own hotel to an own café is quoted with their names.

    The quote lists the estimated access road of each own place as an assumption, in
    every language, and names the place (not its id) in the rendered texts.
    """
    client, _, operator_h, card_id, _ = _ready(ws_app, saved_snapshot)
    add_place(client, operator_h, HOTEL)
    add_place(client, operator_h, CAFE)
    saved = trip_from_the_hotel(client, operator_h)
    url = f"/api/v1/itineraries/{saved['id']}/quotes"
    made = client.post(url, json={"rate_card_id": card_id, "request": REQUEST}, headers=operator_h)
    assert made.status_code == 201, made.get_data(as_text=True)
    notes = made.get_json()["result"]["assumptions"]
    access = [n for n in notes if n["code"] == "quote.assume.access"]
    assert {n["params"]["site"]["id"] for n in access} == {
        "own-indochine-hotel",
        "own-riverside-cafe",
    }
    english = " ".join(n["texts"]["en"] for n in access)
    assert "Riverside café (example)" in english and "own-riverside-cafe" not in english
    assert all(n["texts"]["vi"] != n["texts"]["en"] for n in access)


def test_not_found_and_conflict_speak_the_asked_language(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests that 400, 404 and 409 answers come in Lao or Vietnamese, with their codes.

    An unknown field, a missing rate card, a malformed number and a rate card saved on a
    stale version each answer in the language asked for, never the English sentence.
    """
    client, admin_h, operator_h, card_id, number = _ready(ws_app, saved_snapshot)
    lao = {**admin_h, "Accept-Language": "lo"}
    odd = client.post(
        f"/api/v1/itineraries/{number}/quotes",
        json={"rate_card_id": card_id, "request": REQUEST, "bogus": 1},
        headers={**operator_h, "Accept-Language": "lo"},
    )
    assert odd.status_code == 422 and odd.get_json()["message"]["code"] == "request.unknown-fields"
    assert odd.get_json()["detail"].startswith("ບໍ່ຮູ້ຈັກຊ່ອງຂໍ້ມູນ `bogus`")
    missing = client.get(f"/api/v1/rate-cards/{card_id + 1000}", headers=lao)
    assert missing.status_code == 404
    said = missing.get_json()["message"]
    assert said["code"] == "store.no-rate-card" and said["text"].startswith("ບໍ່ມີຕາຕະລາງລາຄາ")
    malformed = client.get("/api/v1/rate-cards/abc", headers={**admin_h, "Accept-Language": "vi"})
    assert malformed.get_json()["message"]["code"] == "store.no-record"
    assert malformed.get_json()["detail"] == "Không có bảng giá 'abc'."
    etag = client.get(f"/api/v1/rate-cards/{card_id}", headers=admin_h).headers["ETag"]
    path = f"/api/v1/rate-cards/{card_id}"
    assert client.put(path, json=_card(), headers={**admin_h, "If-Match": etag}).status_code == 200
    stale = client.put(path, json=_card(), headers={**lao, "If-Match": etag})
    assert stale.status_code == 409, stale.get_data(as_text=True)
    body = stale.get_json()
    assert body["message"]["code"] == "store.stale"
    assert "ບໍ່ມີຫຍັງຖືກຂຽນທັບ" in body["detail"] and "Nothing was" not in body["detail"]
    name = _card()["name"]
    assert f" UTC (ຕາຕະລາງລາຄາ '{name}'). " in body["detail"]  # history.rate-card, in Lao
    (saved,) = body["message"]["params"]["saves"]
    assert saved["params"]["summary"] == {
        "code": "history.rate-card",
        "params": {"card": name},
        "text": f"ຕາຕະລາງລາຄາ '{name}'",
    }
    vi = client.put(
        path, json=_card(), headers={**admin_h, "If-Match": etag, "Accept-Language": "vi"}
    )
    assert vi.status_code == 409 and f" UTC (bảng giá '{name}'). " in vi.get_json()["detail"]
    en = client.put(path, json=_card(), headers={**admin_h, "If-Match": etag})
    assert f" UTC (rate card '{name}'). " in en.get_json()["detail"]


def test_rate_card_refusal_lists_every_problem_in_lao(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests a bad card sent with ``lang=lo``: every problem at once, coded and in Lao."""
    client, admin_h, _, _, _ = _ready(ws_app, saved_snapshot)
    card = {**_card(), "vehicles": [{**_card()["vehicles"][0], "seats": "four"}], "guides": "x"}
    sent = client.post("/api/v1/rate-cards?lang=lo", json=card, headers=admin_h)
    problem = sent.get_json()
    assert sent.status_code == 422, problem
    said = problem["message"]
    assert said["code"] == "data.refused" and said["params"]["count"] == 2
    detail = problem["detail"]
    assert detail == said["text"] and detail.startswith("ຂໍ້ມູນຖືກປະຕິເສດ, ພົບ 2 ບັນຫາ:")
    assert "seats = 'four': ຕ້ອງເປັນ ຈຳນວນຖ້ວນຂອງບ່ອນນັ່ງຜູ້ໂດຍສານ" in detail
    assert "guides = 'x': ຕ້ອງເປັນ ລາຍການ" in detail
    assert "expected" not in detail and len(detail.splitlines()) == 3
    english = client.post("/api/v1/rate-cards", json=card, headers=admin_h).get_json()
    assert "seats = 'four': expected a whole number of passenger seats" in english["detail"]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "vi",
            "Một bảng giá chỉ được tối đa 1.048.576 byte (1 MiB, khoảng 5.000 mức giá); nội dung"
            " gửi lên lớn hơn ({size} byte): hãy tách bảng giá (mỗi năm hoặc mỗi vùng một bảng)"
            " hoặc xóa các mức giá đã hết hạn.",
        ),
        (
            "lo",
            "ຕາຕະລາງລາຄາໜຶ່ງມີໄດ້ບໍ່ເກີນ 1.048.576 ໄບຕ໌ (1 MiB, ປະມານ 5.000 ລາຄາ); ເນື້ອໃນຄຳຮ້ອງນີ້"
            "ໃຫຍ່ກວ່ານັ້ນ ({size} ໄບຕ໌): ກະລຸນາແບ່ງຕາຕະລາງລາຄາ (ປີລະໜຶ່ງ ຫຼື ເຂດລະໜຶ່ງ) ຫຼື"
            " ລຶບລາຄາທີ່ໝົດອາຍຸແລ້ວອອກ.",
        ),
    ],
)
def test_a_too_large_rate_card_is_refused_in_the_asked_language(
    ws_app: Flask, saved_snapshot: dict[str, Any], lang: str, said: str
) -> None:
    """Tests the 413 of a rate card over 1 MiB in vi and lo, with its code and sizes."""
    client, admin_h, _, _, _ = _ready(ws_app, saved_snapshot)
    huge = json.dumps({**_card(), "note": "x" * (1024 * 1024)})
    answer = client.post(
        f"/api/v1/rate-cards?lang={lang}",
        data=huge,
        content_type="application/json",
        headers=admin_h,
    )
    problem = answer.get_json()
    assert answer.status_code == 413 and problem["message"]["code"] == "request.rate-card-too-large"
    size = problem["message"]["params"]["size"]
    assert size == len(huge.encode("utf-8"))
    shown = f"{size:,}".replace(",", ".")
    assert problem["detail"] == said.format(size=shown) == problem["message"]["text"]
