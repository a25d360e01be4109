"""Tests of the operator's logo in the web app: upload, checks, roles, CSRF, tenants, proposal."""

from __future__ import annotations

import base64
import html
import io
import json
import re
from typing import Any

import pypdf
from babel.dates import format_datetime
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from workspace_helpers import csrf_of, login, save_itinerary, token, users

from tourlink.quote import example_ratecard_path
from tourlink.store import make_sessions
from tourlink.store.logos import logo_of_org
from tourlink_web.database import engine

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>'
)


def _png(colour: tuple[int, int, int], size: tuple[int, int] = (240, 80)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def _upload(
    client: FlaskClient, data: bytes, *, name: str = "logo.png", based_on: str | None = None
) -> Any:
    page = client.get("/workspace/logo").get_data(as_text=True)
    version = re.search(r'name="based_on" value="(\d+)"', page)
    form = {
        "csrf_token": csrf_of(page),
        "based_on": based_on if based_on is not None else (version.group(1) if version else "0"),
        "logo": (io.BytesIO(data), name),
    }
    return client.post("/workspace/logo", data=form, content_type="multipart/form-data")


def _logged_in(app: Flask, *specs: tuple[str, str]) -> list[FlaskClient]:
    clients = []
    for actor in users(app, *specs):
        client = app.test_client()
        login(client, actor)
        clients.append(client)
    return clients


def test_org_admin_uploads_replaces_and_removes_the_logo(ws_app: Flask) -> None:
    """Tests the upload form: stored re-encoded, shown, replaced, stale edit 409, removed."""
    (admin,) = _logged_in(ws_app, ("mang-den-travel", "org-admin"))
    assert "No logo yet" in admin.get("/workspace/logo").get_data(as_text=True)
    sent = _upload(admin, _png((200, 0, 0)))
    assert sent.status_code == 302, sent.get_data(as_text=True)
    page = admin.get("/workspace/logo").get_data(as_text=True)
    assert 'src="data:image/png;base64,' in page and "240 × 80 pixels" in page
    assert _upload(admin, _png((0, 0, 200))).status_code == 302
    stale = _upload(admin, _png((0, 200, 0)), based_on="1")
    text = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "based on version 1, but version 2" in text
    assert "logo replaced" in text
    removed = admin.post(
        "/workspace/logo/remove",
        data={"csrf_token": csrf_of(page), "based_on": "2"},
    )
    assert removed.status_code == 302
    assert "No logo yet" in admin.get("/workspace/logo").get_data(as_text=True)


def test_logo_conflicts_say_what_happened_in_the_readers_language(ws_app: Flask) -> None:
    """Tests the 409 logo page in Vietnamese, Lao and English: replaced, then removed.

    A logo replaced meanwhile names its uploader and ``history.logo-replaced``; one removed
    meanwhile ``history.another-org-admin`` and ``history.logo-removed``, never English
    words on a Vietnamese or Lao page. The English sentence stays as it was.
    """
    (actor,) = users(ws_app, ("mang-den-travel", "org-admin"))
    admin = ws_app.test_client()
    login(admin, actor)
    assert _upload(admin, _png((200, 0, 0))).status_code == 302
    assert _upload(admin, _png((0, 0, 200))).status_code == 302
    with ws_app.app_context(), make_sessions(engine())() as session:
        row = logo_of_org(session, actor.org_id)
        assert row is not None and row.version == 2
        saved_at = row.updated_at
    replaced = {
        "vi": "phiên bản 2 do {who} lưu lúc {when} UTC (đã thay logo)",
        "lo": "ສະບັບ 2 ໂດຍ {who} ເວລາ {when} UTC (ປ່ຽນໂລໂກ້ແລ້ວ)",
        "en": "version 2 by {who} at {when} UTC (logo replaced)",
    }
    for lang, sentence in replaced.items():
        admin.get(f"/workspace/logo?lang={lang}")  # the language cookie
        stale = _upload(admin, _png((0, 200, 0)), based_on="1")
        text = html.unescape(stale.get_data(as_text=True))
        when = format_datetime(saved_at, "d MMM y HH:mm", locale=lang)
        assert stale.status_code == 409, text
        assert sentence.format(who=actor.label, when=when) in text, text
        assert (lang == "en") == ("logo replaced" in text)
    page = admin.get("/workspace/logo").get_data(as_text=True)
    removed = admin.post(
        "/workspace/logo/remove", data={"csrf_token": csrf_of(page), "based_on": "2"}
    )
    assert removed.status_code == 302
    gone = {
        "vi": ("phiên bản 0 do một quản trị viên khác của tổ chức lưu lúc ", " UTC (đã xoá logo)"),
        "lo": ("ສະບັບ 0 ໂດຍ ຜູ້ດູແລອົງກອນອີກຄົນໜຶ່ງ ເວລາ ", " UTC (ລຶບໂລໂກ້ແລ້ວ)"),
        "en": ("version 0 by another org-admin at ", " UTC (logo removed)"),
    }
    for lang, (before, after) in gone.items():
        admin.get(f"/workspace/logo?lang={lang}")
        stale = _upload(admin, _png((0, 200, 0)), based_on="2")
        text = html.unescape(stale.get_data(as_text=True))
        assert stale.status_code == 409, text
        assert re.search(re.escape(before) + r"[^()<]+" + re.escape(after), text), text
        assert (lang == "en") == ("another org-admin" in text)


def test_bad_uploads_are_refused_with_the_reason(ws_app: Flask) -> None:
    """Tests SVG (even named .png), another format, a missing file and too large a body."""
    (admin,) = _logged_in(ws_app, ("mang-den-travel", "org-admin"))
    for data, name, reason in (
        (SVG, "logo.png", "got an SVG: SVG files can carry scripts"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "logo.gif", "got a GIF file"),
        (_png((1, 2, 3), (8, 8)), "tiny.png", "between 16 and 3000 pixels wide and high, got 8×8"),
    ):
        answer = _upload(admin, data, name=name)
        text = answer.get_data(as_text=True)
        assert answer.status_code == 422 and reason in text, (name, text[-800:])
        assert "The logo was not saved" in text
    page = admin.get("/workspace/logo").get_data(as_text=True)
    missing = admin.post(
        "/workspace/logo",
        data={"csrf_token": csrf_of(page), "based_on": "0"},
        content_type="multipart/form-data",
    )
    assert missing.status_code == 422 and "`logo` is required" in missing.get_data(as_text=True)
    boundary = "tourlink-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f"{csrf_of(page)}\r\n--{boundary}\r\n"
            'Content-Disposition: form-data; name="logo"; filename="big.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + b"\x89PNG\r\n\x1a\n"
        + b"x" * (1100 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    huge = admin.post(
        "/workspace/logo", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert huge.status_code == 413 and "at most 1024 KiB" in huge.get_data(as_text=True)
    assert "No logo yet" in admin.get("/workspace/logo").get_data(as_text=True)


def test_upload_needs_a_csrf_token_and_an_org_admin(ws_app: Flask) -> None:
    """Tests that a form without CSRF token is refused and an operator may not upload."""
    admin, operator = _logged_in(
        ws_app, ("mang-den-travel", "org-admin"), ("mang-den-travel", "operator")
    )
    forged = admin.post(
        "/workspace/logo",
        data={"based_on": "0", "logo": (io.BytesIO(_png((9, 9, 9))), "logo.png")},
        content_type="multipart/form-data",
    )
    assert forged.status_code == 400
    assert "No logo yet" in admin.get("/workspace/logo").get_data(as_text=True)
    assert _upload(admin, _png((200, 0, 0))).status_code == 302
    page = operator.get("/workspace/logo").get_data(as_text=True)
    assert 'src="data:image/png;base64,' in page and 'type="file"' not in page
    refused = operator.post(
        "/workspace/logo",
        data={
            "csrf_token": csrf_of(page),  # the log-out form's token: the session's
            "based_on": "1",
            "logo": (io.BytesIO(_png((0, 0, 200))), "logo.png"),
        },
        content_type="multipart/form-data",
    )
    assert refused.status_code == 403 and "may not change the logo" in refused.get_data(
        as_text=True
    )
    assert ws_app.test_client().get("/workspace/logo").status_code in (302, 401)


def _quote(app: Flask, snapshot: dict[str, Any], client: FlaskClient, slug: str) -> int:
    (admin,) = users(app, (slug, "org-admin"))
    headers = token(client, admin)
    with open(example_ratecard_path(), encoding="utf-8") as handle:
        card = client.post("/api/v1/rate-cards", json=json.load(handle), headers=headers)
    rate = {"base": "USD", "quote": "VND", "rate": "26300", "date": "2026-02-01"}
    assert client.post("/api/v1/exchange-rates", json=rate, headers=headers).status_code == 201
    number = save_itinerary(app, admin, snapshot)
    request = {"bands": [2], "currency": "USD", "pricing": {"method": "markup", "rate": "0.2"}}
    body = {"rate_card_id": card.get_json()["id"], "request": request}
    made = client.post(f"/api/v1/itineraries/{number}/quotes", json=body, headers=headers)
    assert made.status_code == 201, made.get_data(as_text=True)
    return number


def _images(pdf: bytes) -> int:
    return sum(len(page.images) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_logo_prints_on_the_proposal_page_and_pdf_of_its_organisation_only(
    ws_app: Flask, saved_snapshot: dict[str, Any]
) -> None:
    """Tests the logo on the shared proposal and in the PDF, and never on another's."""
    mine, theirs = _logged_in(
        ws_app, ("mang-den-travel", "org-admin"), ("pakse-tours", "org-admin")
    )
    number = _quote(ws_app, saved_snapshot, mine, "mang-den-travel")
    other = _quote(ws_app, saved_snapshot, theirs, "pakse-tours")
    first = mine.get(f"/workspace/{number}/quotes").get_data(as_text=True)
    quote_id = re.search(rf"/workspace/{number}/quotes/(\d+)", first)
    assert quote_id is not None
    pdf_url = f"/workspace/{number}/quotes/{quote_id.group(1)}/proposal.pdf?lang=en"
    without = mine.get(pdf_url).data
    assert _upload(mine, _png((200, 0, 0))).status_code == 302
    with_logo = mine.get(pdf_url).data
    assert _images(with_logo) > _images(without)
    page = mine.get("/workspace/logo").get_data(as_text=True)
    uri = re.search(r'src="(data:image/png;base64,[^"]+)"', page)
    assert uri is not None
    stored = base64.b64decode(uri.group(1).split(",", 1)[1])
    share_page = mine.get(f"/workspace/{number}/share").get_data(as_text=True)
    made = mine.post(
        f"/workspace/{number}/share", data={"csrf_token": csrf_of(share_page), "days": "7"}
    )
    link = re.search(r"/share/(s_[A-Za-z0-9_-]+)", made.text)
    assert link is not None
    shown = ws_app.test_client().get(f"/share/{link.group(1)}/proposal?lang=en").text
    assert f'class="logo" src="{uri.group(1)}"' in shown
    assert Image.open(io.BytesIO(stored)).size == (240, 80)
    # Another organisation: no logo of ours on their page, proposal or PDF.
    assert "No logo yet" in theirs.get("/workspace/logo").text
    theirs_first = theirs.get(f"/workspace/{other}/quotes").text
    their_quote = re.search(rf"/workspace/{other}/quotes/(\d+)", theirs_first)
    assert their_quote is not None
    their_pdf = theirs.get(f"/workspace/{other}/quotes/{their_quote.group(1)}/proposal.pdf").data
    assert _images(their_pdf) == _images(without)
    assert theirs.get(pdf_url).status_code == 404


def test_a_refused_logo_is_explained_in_the_page_language(ws_app: Flask) -> None:
    """Tests that the logo page says why an upload was refused in Vietnamese and Lao."""
    (admin,) = _logged_in(ws_app, ("mang-den-travel", "org-admin"))
    for lang, said in (
        ("vi", "`logo` phải là ảnh PNG hoặc JPEG, nhưng tệp tải lên là tệp GIF"),
        ("lo", "`logo` ຕ້ອງເປັນຮູບ PNG ຫຼື JPEG, ແຕ່ໄດ້ຮັບໄຟລ໌ GIF"),
    ):
        admin.get(f"/workspace/logo?lang={lang}")  # remembered in the language cookie
        answer = _upload(admin, b"GIF89a\x01\x00\x01\x00\x00\x00\x00", name="logo.gif")
        text = answer.get_data(as_text=True)
        assert answer.status_code == 422 and said in text, text[-800:]
        assert "must be a PNG or JPEG" not in text
