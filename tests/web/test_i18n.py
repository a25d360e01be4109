"""Tests of the languages: complete catalogues, the Lao interface, the language choice."""

from __future__ import annotations

import datetime as dt
import gettext
import html
import io
import re
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from tourlink import translations as library
from tourlink.messages import MESSAGES, placeholders
from tourlink_web import i18n

CATALOGUES = [(i18n.TRANSLATIONS, "messages", lang) for lang in i18n.TRANSLATED] + [
    (library.LOCALE_DIR, library.DOMAIN, lang) for lang in i18n.TRANSLATED
]
PLAN_QS = "start=kon-tum-city-centre&start_date=2026-03-02&days=2&mode=car"
PERCENT = re.compile(r"%\((\w+)\)")


def load(folder: Path, domain: str, lang: str) -> Catalog:
    with (folder / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as po_file:
        return read_po(po_file, locale=lang)


def fields(text: str) -> frozenset[str]:
    """Return the placeholders of a template in either convention (``%(x)s`` or ``{x}``)."""
    return frozenset(PERCENT.findall(text)) | (placeholders(text) if "{" in text else frozenset())


def translations(entry: object) -> tuple[str, ...]:
    string = entry.string  # type: ignore[attr-defined]
    return string if isinstance(string, tuple) else (string,)


def visible(response: object) -> str:
    page = response.get_data(as_text=True)  # type: ignore[attr-defined]
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize(("folder", "domain", "lang"), CATALOGUES)
def test_catalogue_compiled_and_plural_rule_from_cldr(folder: Path, domain: str, lang: str) -> None:
    """Tests that the committed .mo matches its .po and the plural rule is CLDR's."""
    catalog = load(folder, domain, lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    fresh = gettext.GNUTranslations(buffer)
    with (folder / lang / "LC_MESSAGES" / f"{domain}.mo").open("rb") as mo_file:
        shipped = gettext.GNUTranslations(mo_file)
    for entry in catalog:
        if entry.id and isinstance(entry.id, str):
            assert shipped.gettext(entry.id) == fresh.gettext(entry.id), entry.id
    assert (catalog.num_plurals, catalog.plural_expr) == (
        Catalog(locale=lang).num_plurals,
        Catalog(locale=lang).plural_expr,
    )
    if lang == "lo":  # CLDR: Lao has one plural form
        assert catalog.num_plurals == 1 and Locale.parse("lo").plural_form.rules == {}


@pytest.mark.parametrize("lang", i18n.TRANSLATED)
def test_every_interface_string_is_translated(lang: str) -> None:
    """Tests that every string the templates and views mark has a current translation."""
    catalog = load(i18n.TRANSLATIONS, "messages", lang)
    for entry in list(i18n.extract())[1:]:  # [0] is the header
        found = catalog.get(entry.id)
        assert found is not None, f"{lang}: {entry.id!r} is not in the catalogue"
        assert not found.fuzzy and all(translations(found)), f"{lang}: {entry.id!r}"


@pytest.mark.parametrize("lang", i18n.TRANSLATED)
def test_every_library_message_and_data_text_is_translated(lang: str) -> None:
    """Tests that every message code and the data's traveller-facing text is translated."""
    catalog = load(library.LOCALE_DIR, library.DOMAIN, lang)
    source = library.template()
    assert len(source) >= len(
        [c for c in MESSAGES if not c.startswith(library.UNTRANSLATED_PREFIXES)]
    )
    for entry in list(source)[1:]:  # [0] is the header
        found = catalog.get(entry.id)
        assert found is not None, f"{lang}: {entry.id!r} is not in the catalogue"
        assert not found.fuzzy and all(translations(found)), f"{lang}: {entry.id!r}"


@pytest.mark.parametrize(("folder", "domain", "lang"), CATALOGUES)
def test_translations_keep_the_placeholders(folder: Path, domain: str, lang: str) -> None:
    """Tests that no translation drops, adds or renames a placeholder of its source."""
    for entry in load(folder, domain, lang):
        if not entry.id:
            continue
        sources = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        for text in translations(entry):
            if text:
                assert fields(text) == fields(sources[-1]), f"{lang}: {entry.id!r} → {text!r}"


def test_lao_by_query_remembered_in_a_cookie(client: FlaskClient) -> None:
    """Tests that ?lang=lo gives the Lao interface and the choice is remembered."""
    response = client.get("/?lang=lo")
    page = visible(response)
    assert '<html lang="lo">' in response.get_data(as_text=True)
    assert "ຫ້າເຂດ" in page and "Năm khu vực" not in page and "Five zones" not in page
    assert "tourlink_lang=lo" in response.headers["Set-Cookie"]
    assert "ຄົ້ນຫາ" in visible(client.get("/sites/"))
    assert '<html lang="lo">' in client.get("/plan/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("header", "expected"),
    [("lo", "lo"), ("lo-LA,lo;q=0.9,en;q=0.5", "lo"), ("en-GB,en;q=0.8", "en"), ("fr", "vi")],
)
def test_browser_language_chooses_the_page_language(
    client: FlaskClient, header: str, expected: str
) -> None:
    """Tests that Accept-Language picks the language when neither ?lang nor a cookie does."""
    response = client.get("/", headers={"Accept-Language": header})
    assert f'<html lang="{expected}">' in response.get_data(as_text=True)
    assert "Accept-Language" in response.headers["Vary"]


def test_remembered_choice_beats_the_browser(client: FlaskClient) -> None:
    """Tests that a language picked once is kept over the browser's Accept-Language."""
    client.get("/?lang=lo")
    response = client.get("/", headers={"Accept-Language": "en"})
    assert '<html lang="lo">' in response.get_data(as_text=True)


def test_switch_offers_the_three_languages_in_their_own_names(client: FlaskClient) -> None:
    """Tests that the switch lists Tiếng Việt, English and ພາສາລາວ, each linking its lang."""
    page = client.get("/sites/?zone=mang-den").get_data(as_text=True)
    switch = page[page.index('class="languages"') :]
    for code, name in (("vi", "Tiếng Việt"), ("en", "English"), ("lo", "ພາສາລາວ")):
        assert re.search(rf'href="[^"]*lang={code}"[^>]*hreflang="{code}"[^>]*>{name}<', switch)


def test_update_command_adds_new_strings_and_check_reports_them(tmp_path: Path) -> None:
    """Tests that the update tooling merges a new string and check lists it untranslated."""
    template = Catalog()
    template.add("Five zones")
    template.add("A string nobody translated yet")
    for lang in i18n.TRANSLATED:
        target = tmp_path / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        (target / "messages.po").write_bytes(
            (i18n.TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").read_bytes()
        )
    i18n.update_catalogs(template, tmp_path, "messages")
    missing = i18n.untranslated(tmp_path, "messages")
    assert missing == [f"{lang}: A string nobody translated yet" for lang in i18n.TRANSLATED]
    assert (tmp_path / "lo" / "LC_MESSAGES" / "messages.mo").exists()
    assert i18n.main(["check"]) == 0


TET_ROUTE = {"from": "kon-tum-city-centre", "to": "pakse", "depart": "2027-02-06T08:00"}


def test_api_messages_in_the_language_asked_for(client: FlaskClient) -> None:
    """Tests that the API gives code, params and text, the text in ?lang or Accept-Language."""
    english = client.get("/api/v1/route", query_string=TET_ROUTE).get_json()["routes"][0]
    lao = client.get("/api/v1/route", query_string={**TET_ROUTE, "lang": "lo"}).get_json()
    vietnamese = client.get(
        "/api/v1/route", query_string=TET_ROUTE, headers={"Accept-Language": "vi-VN,vi;q=0.9"}
    ).get_json()
    wait = next(m for m in english["warning_messages"] if m["code"] == "gate.closure-wait")
    assert wait["params"]["start"] == "2027-02-06" and wait["params"]["end"] == "2027-02-07"
    assert wait["params"]["gate"] == {
        "kind": "crossing",
        "id": "bo-y-phou-keua",
        "name": wait["params"]["gate"]["name"],
    }
    assert "Tết" in wait["text"] and wait["text"] in english["warnings"]
    lao_wait = next(m for m in lao["routes"][0]["warning_messages"] if m["code"] == wait["code"])
    assert lao_wait["params"]["start"] == "2027-02-06"
    assert "ດ່ານ ບໍອີ – ພູເກືອ ປິດແຕ່ 6 ກ.ພ. 2027 ຫາ 7 ກ.ພ. 2027" in lao_wait["text"]
    assert lao_wait["text"] in lao["routes"][0]["warnings"]
    vi_texts = " ".join(vietnamese["routes"][0]["warnings"])
    assert "Cửa khẩu Bờ Y – Phou Keua đóng cửa từ 6 thg 2 2027 đến 7 thg 2 2027" in vi_texts
    papers = lao["routes"][0]["crossings"][0]["traveller_documents"]
    assert any("ໜັງສືຜ່ານແດນ" in p for p in papers)


def test_api_errors_carry_their_message(client: FlaskClient) -> None:
    """Tests that a problem's detail is in the asked language and its message is structured."""
    response = client.get("/api/v1/route?from=attapeuu&to=pakse&lang=lo")
    body = response.get_json()
    assert response.status_code == 400 and body["field"] == "from"
    assert body["message"]["code"] == "request.field-problem"
    problem = body["message"]["params"]["problem"]
    assert problem["code"] == "site.unknown" and problem["params"]["suggestion"] == "'attapeu'"
    assert body["detail"] == body["message"]["text"] and "ບໍ່ມີໃນລາຍການ" in body["detail"]
    english = client.get("/api/v1/route?from=attapeuu&to=pakse").get_json()
    assert english["detail"] == (
        "`from`: Site 'attapeuu' is not in the catalogue; did you mean 'attapeu'?"
    )
    refused = client.get("/api/v1/sites?lang=fr")
    assert refused.status_code == 400 and refused.get_json()["field"] == "lang"


def test_openapi_describes_messages_and_languages(client: FlaskClient) -> None:
    """Tests that the OpenAPI document describes the message shape and the lang choice."""
    doc = client.get("/api/v1/openapi.json").get_json()
    route = doc["components"]["schemas"]["Route"]["properties"]
    assert route["warning_messages"]["items"]["required"] == ["code", "params", "text"]
    assert "message" in doc["components"]["schemas"]["Problem"]["properties"]
    params = {p["name"]: p for p in doc["paths"]["/api/v1/route"]["get"]["parameters"]}
    assert params["lang"]["schema"]["enum"] == ["vi", "en", "lo"]
    assert params["Accept-Language"]["in"] == "header"
    assert "Accept-Language" in doc["info"]["description"]


def test_route_page_speaks_the_page_language(client: FlaskClient) -> None:
    """Tests that the route finder shows gate notes, papers and names in Lao, none in English."""
    page = visible(client.get("/route/", query_string={**TET_ROUTE, "lang": "lo"}))
    assert "ຂ້າມດ່ານຊາຍແດນ: ດ່ານສາກົນ ບໍອີ – ພູເກືອ" in page
    assert "ໜັງສືຜ່ານແດນທີ່ມີອາຍຸຢ່າງໜ້ອຍ 6 ເດືອນ" in page
    assert "ປິດແຕ່ 6 ກ.ພ. 2027 ຫາ 7 ກ.ພ. 2027" in page
    for english in ("passport valid", "assumed: check before travel", "wait ", "risk in"):
        assert english not in page, english


def test_lao_font_is_served_and_nothing_else(client: FlaskClient) -> None:
    """Tests that /fonts/ serves Noto Sans Lao (both weights) and refuses any other file."""
    from tourlink_web import fonts

    if fonts.font_dir(client.application) is None:
        pytest.skip("fonts-noto-core is not installed (CI installs it)")
    for name in fonts.FONTS:
        response = client.get(f"/fonts/{name}")
        assert response.status_code == 200 and response.mimetype == "font/ttf"
        assert response.data[:4] == b"\x00\x01\x00\x00"  # a TrueType font
        response.close()
    for name in ("NotoSans-Regular.ttf", "..%2F..%2Fetc%2Fpasswd", "NotoSansLao-Regular.otf"):
        assert client.get(f"/fonts/{name}").status_code == 404
    response = client.get("/static/style.css")
    css = response.get_data(as_text=True)
    response.close()
    assert 'url("../fonts/NotoSansLao-Regular.ttf")' in css and "U+0E80-0EFF" in css


def test_app_starts_without_the_font(tmp_path: Path) -> None:
    """Tests that the app starts where the font is missing, and /fonts/ answers 404."""
    from tourlink_web import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "tests", "FONT_DIR": str(tmp_path)})
    with app.test_client() as client:
        assert client.get("/fonts/NotoSansLao-Regular.ttf").status_code == 404
        assert client.get("/?lang=lo").status_code == 200


def test_dates_numbers_and_money_follow_the_page_language(client: FlaskClient) -> None:
    """Tests Babel formatting: Vietnamese 2/3/2026 and 1.250.000-style money, Lao dates, ₭."""
    from tourlink_web.i18n import format_day, format_money, format_number

    app = client.application
    for lang, day, money, number in (
        ("vi", "2/3/2027", "1.250.000\xa0₫", "1.250,5"),
        ("en", "2 Mar 2027", "₫1,250,000", "1,250.5"),
        ("lo", "2/3/2027", "₭50.000", "1.250,5"),
    ):
        with app.test_request_context(f"/?lang={lang}"):
            assert format_day(dt.date(2027, 3, 2)) == day
            amount = 50000 if lang == "lo" else 1250000
            assert format_money(amount, "LAK" if lang == "lo" else "VND") == money
            assert format_number(1250.5, 1) == number
    with app.test_request_context("/?lang=lo"):
        assert format_day(dt.date(2027, 3, 2), "full") == "ວັນອັງຄານ, 2 ມີນາ 2027"
    printed = visible(client.get("/plan/print?" + PLAN_QS + "&lang=vi"))
    assert "2/3/2026" in printed
    lao = visible(client.get("/plan/?" + PLAN_QS + "&lang=lo"))
    assert "ວັນຈັນ, 2 ມີນາ 2026" in lao


def test_site_text_in_the_page_language_with_a_visible_fallback(client: FlaskClient) -> None:
    """Tests Lao names where the data has them, and a marked English fallback otherwise."""
    page = client.get("/sites/pakse?lang=lo").get_data(as_text=True)
    assert "<h1>ປາກເຊ</h1>" in page
    church = client.get("/sites/kon-tum-wooden-church?lang=lo").get_data(as_text=True)
    assert "<h1>ໂບດໄມ້ກອນຕຸມ</h1>" in church  # a Lao name since data 2.10
    prison = client.get("/sites/nguc-kon-tum?lang=lo").get_data(as_text=True)
    heading = prison[prison.index("<h1>") : prison.index("</h1>")]
    assert '<span lang="en">Kon Tum Prison historical relic' in heading
    assert "(ຍັງບໍ່ມີພາສາລາວ)" in heading
    vietnamese = client.get("/sites/nguc-kon-tum?lang=vi").get_data(as_text=True)
    assert "fallback" not in vietnamese[vietnamese.index("<h1>") : vietnamese.index("</h1>")]


PAGES = (
    "/",
    "/sites/",
    "/sites/kon-tum-wooden-church",
    "/sites/pakse",
    "/route/?from=kon-tum-city-centre&to=pakse&depart=2027-02-06T08:00",
    "/route/print?from=kon-tum-city-centre&to=pakse",
    "/plan/?" + PLAN_QS + "&end=pakse",
    "/plan/print?" + PLAN_QS + "&end=pakse",
    "/tours/",
)


@pytest.mark.parametrize("lang", ["vi", "en", "lo"])
def test_people_see_names_never_ids(client: FlaskClient, lang: str) -> None:
    """Tests that no page type shows a site or crossing id in its visible text, per language."""
    state = client.application.extensions["tourlink"]
    ids = set(state.network.sites) | set(state.network.dataset.crossings)
    pattern = re.compile(
        r"(?<![\w/.=-])("
        + "|".join(sorted(map(re.escape, ids), key=len, reverse=True))
        + r")(?![\w/-])"
    )
    tour = next(iter(state.tours))
    for url in (*PAGES, f"/tours/{tour}?start_date=2026-03-02"):
        response = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
        assert response.status_code == 200, url
        shown = set(pattern.findall(visible(response)))
        assert not shown, f"{url} shows ids {sorted(shown)}"
