"""Tests that the API's body errors and HTTP error pages speak the request's language.

Each unreadable or schema-breaking body is sent in English, Vietnamese and Lao: the problem
names the field, carries the message's code, and its text is the catalogue's translation.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from tourlink import translations
from tourlink.messages import MESSAGES

TRIP = {"start": "kon-tum-city-centre", "start_date": "2026-03-02", "days": 2}


def _with(**change: Any) -> bytes:
    return json.dumps({**TRIP, **change}).encode()


BODIES = [
    (b"", "body", "request.body-empty"),
    (b'{"start": ', "body", "request.body-not-json"),
    (b'{"days": NaN}', "body", "request.body-constant"),
    (b'{"start": "\xc3\x28"}', "body", "request.body-not-utf8"),
    (b"[" * 20 + b"]" * 20, "body", "request.body-too-deep"),
    (json.dumps({"start": "kon-tum-city-centre"}).encode(), "start_date", "request.missing-field"),
    (_with(days="two"), "days", "request.bad-value"),
    (_with(bogus=1), "bogus", "request.body-unknown-field"),
    (_with(mode="plane"), "mode", "request.bad-value"),
    (_with(pace=9), "pace", "request.bad-value"),
    (_with(max_visits=0.5), "max_visits", "request.bad-value"),
]


@pytest.mark.parametrize(("body", "field", "code"), BODIES)
@pytest.mark.parametrize("lang", ["en", "vi", "lo"])
def test_body_errors_in_the_asked_language(
    client: FlaskClient, body: bytes, field: str, code: str, lang: str
) -> None:
    """Tests a 400 problem naming the field, with the message in ``lang``."""
    response = client.post(
        "/api/v1/plan",
        data=body,
        content_type="application/json",
        headers={"Accept-Language": lang},
    )
    assert response.status_code == 400
    problem = response.get_json()
    assert problem["field"] == field
    said = problem["message"]
    assert said["code"] == code and said["text"] == problem["detail"]
    template = translations.translator(lang)(MESSAGES[code])
    assert (template != MESSAGES[code]) == (lang != "en")
    if lang != "en":
        english = client.post("/api/v1/plan", data=body, content_type="application/json")
        assert english.get_json()["detail"] != problem["detail"]


def test_schema_error_names_what_is_expected(client: FlaskClient) -> None:
    """Tests the wording: the field, what it must be and the value sent (not jsonschema's)."""
    sent = client.post(
        "/api/v1/plan?lang=vi", data=_with(max_visits="a"), content_type="application/json"
    )
    assert sent.get_json()["detail"] == (
        "Số điểm tham quan tối đa mỗi ngày (`max_visits`) phải là một số nguyên hoặc null (trống), "
        'nhận được "a".'
    )
    english = client.post("/api/v1/plan", data=_with(pace=9), content_type="application/json")
    assert english.get_json()["detail"] == "`pace` must be at most 4, got 9."


def test_search_text_too_long_in_lao(client: FlaskClient) -> None:
    """Tests ``GET /api/v1/sites?q=`` over 100 characters: a 400 on ``q``, said in Lao."""
    response = client.get("/api/v1/sites", query_string={"q": "x" * 101, "lang": "lo"})
    assert response.status_code == 400
    assert response.get_json()["detail"] == "`q` ຕ້ອງຍາວບໍ່ເກີນ 100 ຕົວອັກສອນ, ແຕ່ໄດ້ຮັບ 101."


def test_unsupported_content_type_in_vietnamese(client: FlaskClient) -> None:
    """Tests the 415 problem: its detail and message in Vietnamese, naming both types."""
    response = client.post(
        "/api/v1/plan?lang=vi", data="start=x", content_type="text/plain", headers={}
    )
    assert response.status_code == 415
    problem = response.get_json(force=True)
    assert problem["message"]["code"] == "request.content-type"
    assert problem["detail"].startswith("Nội dung yêu cầu phải được gửi với Content-Type")
    assert "application/json" in problem["detail"] and "text/plain" in problem["detail"]


@pytest.mark.parametrize(
    ("lang", "title", "detail"),
    [
        ("vi", "Không tìm thấy trang", "Không có gì ở địa chỉ này"),
        ("lo", "ບໍ່ພົບໜ້ານີ້", "ບໍ່ມີຫຍັງຢູ່ທີ່ຢູ່ນີ້"),
    ],
)
def test_http_error_pages_in_the_page_language(
    client: FlaskClient, lang: str, title: str, detail: str
) -> None:
    """Tests the 404 and 405 pages: title and explanation translated, no werkzeug English."""
    page = client.get(f"/no-such-page?lang={lang}").get_data(as_text=True)
    assert f"<h1>{title}</h1>" in page and detail in page
    assert "Not Found" not in page and "requested URL was not found" not in page
    wrong = client.put(f"/api/v1/sites?lang={lang}")
    english = client.put("/api/v1/sites").get_json()["detail"]
    assert wrong.status_code == 405
    assert english == "This address does not accept this kind of request."
    assert wrong.get_json()["detail"] not in ("", english)


@pytest.mark.parametrize(
    ("change", "code", "field", "lao"),
    [
        (
            {"day_start": "17:00", "day_end": "08:00"},
            "request.after",
            "day_end",
            "ຮອດບ່ອນພັກແຮມບໍ່ເກີນ (`day_end`) ຕ້ອງຢູ່ຫຼັງ ອອກເດີນທາງບໍ່ກ່ອນ (`day_start`) (17:00), ແຕ່ໄດ້ຮັບ 08:00.",
        ),
        (
            {"must_visit": ["mang-den-town"], "avoid": ["mang-den-town"]},
            "request.both-named",
            "must_visit",
            "ຕ້ອງໄປ (`must_visit`) ແລະ ຫຼີກລ່ຽງ (`avoid`) ລະບຸ ['mang-den-town'] ທັງສອງ; "
            "ສະຖານທີ່ໜຶ່ງຢູ່ໄດ້ໃນອັນດຽວເທົ່ານັ້ນ.",
        ),
    ],
)
def test_trip_request_refusal_in_lao(
    client: FlaskClient, change: dict[str, Any], code: str, field: str, lao: str
) -> None:
    """Tests a request the trip's own checks refuse, sent with ``lang=lo``: code, params, Lao."""
    sent = client.post(
        "/api/v1/plan?lang=lo", data=_with(**change), content_type="application/json"
    )
    problem = sent.get_json()
    assert sent.status_code == 422 and problem["field"] == field
    said = problem["message"]
    assert said["code"] == code and said["params"]["field"]["id"] == field
    assert problem["detail"] == said["text"] == lao
    english = client.post("/api/v1/plan", data=_with(**change), content_type="application/json")
    in_english = english.get_json()
    assert in_english["message"]["code"] == code
    assert in_english["detail"] != lao and not translations.has_lao_script(in_english["detail"])


def test_tet_closure_refusal_in_lao_names_the_gate_and_dates(client: FlaskClient) -> None:
    """Tests a 2-day coach trip to Pakse from 6 Feb 2027 via the API with lang=lo.

    The refusal is the gate-closure message: its code, the gate and the closed dates as
    parameters, and a Lao text naming the gate, the dates and when to start.
    """
    body = _with(start_date="2027-02-06", end="pakse", mode="coach", days=2)
    sent = client.post("/api/v1/plan?lang=lo", data=body, content_type="application/json")
    problem = sent.get_json()
    assert sent.status_code == 422
    said = problem["message"]
    assert said["code"] == "plan.no-fit.gate-closed"
    assert said["params"]["crossing"]["id"] == "bo-y-phou-keua"
    assert said["params"]["dates"] == ["2027-02-06", "2027-02-07"]
    assert problem["detail"] == said["text"]
    assert "ບໍອີ – ພູເກືອ" in said["text"] and "6 ກ.ພ. 2027" in said["text"]
    assert said["text"].endswith("ກະລຸນາອອກເດີນທາງຫຼັງ 7 ກ.ພ. 2027 ຫຼື ວາງແຜນເພີ່ມມື້.")
