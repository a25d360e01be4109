"""Tests that the history's system-written summaries are said in the reader's language.

Every summary the software writes (planned, started from a published route, edited,
re-optimised, restored, copied, saved from the connection planner) is stored as a
message; the history page, the API (``summary`` and ``summary_message``) and the 409
conflicts (page and problem) say it in Vietnamese, English or Lao, naming the route and
the itinerary by their names, never by an id. A summary a person typed stays as typed.
"""

from __future__ import annotations

import html
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from workspace_helpers import TRIP_1DAY, csrf_of, login, save_itinerary, token, users

from tourlink.messages import message
from tourlink.store import history
from tourlink.translations import site_name

LANGS = ("vi", "en", "lo")
CHURCH = "kon-tum-wooden-church"
ROUTE = "kon-tum-city-day"
#: The published route's names: Vietnamese, English; no Lao name is published, so English.
ROUTE_NAMES = {
    "vi": "Khám phá thành phố Kon Tum (1 ngày)",
    "en": "Kon Tum city discovery day",
    "lo": "Kon Tum city discovery day",
}


def _summaries(client: FlaskClient, number: int, lang: str) -> list[str]:
    """Return the "What changed" cells of the history page, newest version first."""
    page = client.get(f"/workspace/{number}/history?lang={lang}")
    assert page.status_code == 200
    body = page.get_data(as_text=True).split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>\s*(.*?)</tr>", body, re.S)
    return [html.unescape(re.findall(r"<td>(.*?)</td>", row, re.S)[3]) for row in rows]


def _church(app: Flask, lang: str) -> str:
    return site_name(app.extensions["tourlink"].network.sites[CHURCH], lang)


def _planned_edited_reoptimised(app: Flask) -> tuple[FlaskClient, dict[str, str], int]:
    """Plan (v1), change the customer (v2), edit days and name (v3), re-optimise (v4)."""
    (lan,) = users(app, ("mang-den-travel", "operator"))
    client = app.test_client()
    header = token(client, lan)
    created = client.post(
        "/api/v1/itineraries", json={"name": "Kon Tum 2 days", "request": TRIP_1DAY}, headers=header
    )
    assert created.status_code == 201, created.get_data(as_text=True)
    number = created.get_json()["id"]
    url = f"/api/v1/itineraries/{number}"
    days = [{"stops": [s["id"] for s in d["stops"]]} for d in created.get_json()["days"]]
    for version, body in enumerate(
        ({"customer": "Lan's group"}, {"name": "Kon Tum, two days", "days": days}), start=1
    ):
        edit = client.patch(url, json=body, headers={**header, "If-Match": _etag(number, version)})
        assert edit.status_code == 200, edit.get_data(as_text=True)
    again = client.post(
        f"{url}/reoptimise",
        json={"locked_days": [1], "locked_stops": [CHURCH]},
        headers={**header, "If-Match": _etag(number, 3)},
    )
    assert again.status_code == 200, again.get_data(as_text=True)
    login(client, lan)
    return client, header, number


def _etag(number: int, version: int) -> str:
    return f'"itinerary-{number}-v{version}"'


def test_planned_edited_and_reoptimised_in_each_language(ws_app: Flask) -> None:
    """Tests the history page and the API say the service's summaries in vi, en and lo."""
    client, header, number = _planned_edited_reoptimised(ws_app)
    expected = {
        "vi": [
            f"đã tối ưu lại, giữ nguyên: ngày 1 và {_church(ws_app, 'vi')}",
            "sửa các ngày và đổi tên",
            "đổi khách hàng",
            "đã lập kế hoạch",
        ],
        "en": [
            f"re-optimised, locked: day 1 and {_church(ws_app, 'en')}",
            "edited the days and changed the name",
            "changed the customer",
            "planned",
        ],
        "lo": [
            f"ປັບໃຫ້ດີທີ່ສຸດຄືນໃໝ່, ລັອກໄວ້: ມື້ທີ 1 ແລະ {_church(ws_app, 'lo')}",
            "ແກ້ໄຂມື້ເດີນທາງ ແລະ ປ່ຽນຊື່",
            "ປ່ຽນລູກຄ້າ",
            "ວາງແຜນແລ້ວ",
        ],
    }
    for lang in LANGS:
        assert _summaries(client, number, lang) == expected[lang]
        listed = client.get(
            f"/api/v1/itineraries/{number}/versions?lang={lang}", headers=header
        ).get_json()["versions"]
        assert [v["summary"] for v in listed] == expected[lang]
        assert [v["summary_message"]["text"] for v in listed] == expected[lang]
        assert [v["summary_message"]["code"] for v in listed] == [
            "history.reoptimised-locked",
            "history.edited",
            "history.edited",
            "history.planned",
        ]
        church = listed[0]["summary_message"]["params"]["locks"][1]
        assert church == {"kind": "site", "id": CHURCH, "name": _church(ws_app, lang)}
        one = client.get(f"/api/v1/itineraries/{number}?lang={lang}", headers=header).get_json()
        assert one["summary"] == expected[lang][0]
        assert one["summary_message"]["code"] == "history.reoptimised-locked"
    assert CHURCH not in "".join(_summaries(client, number, "en"))  # a name, not its id


def test_started_from_a_published_route_names_the_route(ws_app: Flask) -> None:
    """Tests the route's summary names it in the page's language (never its id)."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    client = ws_app.test_client()
    login(client, lan)
    url = f"/workspace/new?route={ROUTE}&start_date=2026-03-02"
    form = client.get(url).get_data(as_text=True)
    saved = client.post(url, data={"name": "From the route", "csrf_token": csrf_of(form)})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    number = int(saved.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    expected = {
        "vi": f"bắt đầu từ tuyến đã công bố {ROUTE_NAMES['vi']}",
        "en": f"started from the published route {ROUTE_NAMES['en']}",
        "lo": f"ເລີ່ມຈາກເສັ້ນທາງທີ່ເຜີຍແຜ່ແລ້ວ {ROUTE_NAMES['lo']}",
    }
    header = token(client, lan)
    for lang in LANGS:
        assert _summaries(client, number, lang) == [expected[lang]]
        (listed,) = client.get(
            f"/api/v1/itineraries/{number}/versions?lang={lang}", headers=header
        ).get_json()["versions"]
        assert listed["summary"] == expected[lang]
        assert listed["summary_message"]["code"] == "history.from-route"
        assert listed["summary_message"]["params"]["route"] == {
            "kind": "route",
            "id": ROUTE,
            "name": ROUTE_NAMES[lang],
        }


def _restored_and_copied(app: Flask, snapshot: dict[str, Any]) -> tuple[FlaskClient, int, int]:
    """Save v1, a typed v2, restore v1 as v3; copy it; return the client and both ids."""
    (lan,) = users(app, ("mang-den-travel", "operator"))
    number = save_itinerary(app, lan, snapshot, summary="moved day 2")
    client = app.test_client()
    login(client, lan)
    header = token(client, lan)
    typed = client.patch(
        f"/api/v1/itineraries/{number}",
        json={"notes": "bring rain jackets", "summary": "đổi ghi chú cho đoàn"},
        headers={**header, "If-Match": _etag(number, 1)},
    )
    assert typed.status_code == 200, typed.get_data(as_text=True)
    page = client.get(f"/workspace/{number}/history").get_data(as_text=True)
    restore = client.post(
        f"/workspace/{number}/restore",
        data={"number": "1", "based_on": "2", "csrf_token": csrf_of(page)},
    )
    assert restore.status_code == 302, restore.get_data(as_text=True)
    copy = client.post(
        f"/workspace/{number}/duplicate", data={"name": "Copy", "csrf_token": csrf_of(page)}
    )
    assert copy.status_code == 302, copy.get_data(as_text=True)
    return client, number, int(copy.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def test_restored_and_copied_and_typed_summaries(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests restore and copy are said in each language; a typed summary stays as typed."""
    client, number, copy = _restored_and_copied(ws_app, saved_snapshot)
    restored = {
        "vi": "khôi phục phiên bản 1",
        "en": "restored version 1",
        "lo": "ກູ້ຄືນສະບັບທີ 1",
    }
    copied = {
        "vi": "sao chép từ phiên bản 3 của “Kon Tum 2 days”",
        "en": "copied from version 3 of “Kon Tum 2 days”",
        "lo": "ສຳເນົາຈາກສະບັບທີ 3 ຂອງ “Kon Tum 2 days”",
    }
    header = token(client, users(ws_app, ("mang-den-travel", "operator"))[0])
    for lang in LANGS:
        assert _summaries(client, number, lang) == [
            restored[lang],
            "đổi ghi chú cho đoàn",
            "moved day 2",
        ]
        assert _summaries(client, copy, lang) == [copied[lang]]
        listed = client.get(
            f"/api/v1/itineraries/{copy}/versions?lang={lang}", headers=header
        ).get_json()["versions"]
        assert listed[0]["summary_message"]["params"] == {
            "number": 3,
            "itinerary": {"kind": "itinerary", "id": str(number), "name": "Kon Tum 2 days"},
        }
    typed = client.get(f"/api/v1/itineraries/{number}/versions?lang=vi", headers=header)
    assert [v["summary_message"] for v in typed.get_json()["versions"][1:]] == [None, None]


def test_a_conflict_names_the_translated_summary(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests the 409 (API problem and page) says what was saved meanwhile in Vietnamese."""
    client, number, _copy = _restored_and_copied(ws_app, saved_snapshot)
    header = token(client, users(ws_app, ("mang-den-travel", "operator"))[0])
    stale = client.patch(
        f"/api/v1/itineraries/{number}?lang=vi",
        json={"name": "Lan's name"},
        headers={**header, "If-Match": _etag(number, 2)},
    )
    assert stale.status_code == 409
    problem = stale.get_json()
    (meanwhile,) = problem["saved_meanwhile"]
    assert meanwhile["summary"] == "khôi phục phiên bản 1"
    assert meanwhile["summary_message"] == {
        "code": "history.restored",
        "params": {"number": 1},
        "text": "khôi phục phiên bản 1",
    }
    assert "(khôi phục phiên bản 1)" in problem["detail"]
    assert "restored" not in problem["detail"]
    page = client.get(f"/workspace/{number}/history?lang=vi").get_data(as_text=True)
    refused = client.post(
        f"/workspace/{number}/restore?lang=vi",
        data={"number": "2", "based_on": "2", "csrf_token": csrf_of(page)},
    )
    assert refused.status_code == 409
    text = html.unescape(refused.get_data(as_text=True))
    assert " · khôi phục phiên bản 1</li>" in text and "restored version" not in text


def test_connection_package_summaries(ws_app: Flask, saved_snapshot: dict[str, Any]) -> None:
    """Tests a package's summaries are said in each language and keep the English text."""
    (lan,) = users(ws_app, ("mang-den-travel", "operator"))
    number = save_itinerary(
        ws_app, lan, saved_snapshot, summary_message=message(history.PACKAGE_SAVED)
    )
    client = ws_app.test_client()
    login(client, lan)
    expected = {
        "vi": ["lưu từ công cụ kết nối tour"],
        "en": ["saved from the connection planner"],
        "lo": ["ບັນທຶກຈາກການເຊື່ອມຕໍ່ທົວ"],
    }
    for lang in LANGS:
        assert _summaries(client, number, lang) == expected[lang]


def test_a_route_is_named_from_its_published_text(ws_app: Flask) -> None:
    """Tests a route with a published Lao name is named by it, also when read back."""
    from flask import g

    from tourlink_web.i18n import render
    from tourlink_web.published import PublicRoute, published_routes

    with ws_app.test_request_context("/workspace/?lang=lo"):
        route = published_routes()[ROUTE]
        lao = {"lo": {"name": "ທ່ຽວຊົມເມືອງກອນຕູມ 1 ມື້"}}
        g.tourlink_published = {ROUTE: PublicRoute(route.tour, route.number, lao)}
        said = history.from_route(route.tour)
        saved = history.summary_of(said.text, said.to_dict())
        expected = "ເລີ່ມຈາກເສັ້ນທາງທີ່ເຜີຍແຜ່ແລ້ວ ທ່ຽວຊົມເມືອງກອນຕູມ 1 ມື້"
        assert render(said) == render(saved) == expected
