"""Tests of the HTML pages: every page, its language, its links and its error paths."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import TRIP
from flask import Flask
from flask.testing import FlaskClient

from tourlink.hours import describe
from tourlink.model import ZONES
from tourlink_web.pages import LEAFLET_DIR

PLAN_QUERY = {
    "start": TRIP["start"],
    "start_date": TRIP["start_date"],
    "days": "3",
    "mode": "car",
    "interests": ["nature", "culture"],
    "must_visit": TRIP["must_visit"],
}


def text(response: object) -> str:
    return html.unescape(response.get_data(as_text=True))  # type: ignore[attr-defined]


def map_data(page: str, map_id: str) -> dict[str, object]:
    found = re.search(
        rf'<script type="application/json" id="{map_id}-data">(.*?)</script>', page, re.S
    )
    assert found, f"no map data block {map_id!r}"
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def planned(app: Flask) -> str:
    """Return the planner result page of the 3-day test trip (planned once)."""
    with app.test_client() as c:
        response = c.get("/plan/", query_string=PLAN_QUERY)
        assert response.status_code == 200, text(response)[:2000]
        return text(response)


def test_home_is_vietnamese_by_default(client: FlaskClient) -> None:
    """Tests that the home page is in Vietnamese by default, with the five zones on a map."""
    page = text(client.get("/"))
    assert '<html lang="vi">' in page
    assert "Năm khu vực" in page and "Khu du lịch sinh thái Măng Đen" in page
    assert "/vendor/leaflet/leaflet.js" in page and "cdn" not in page.lower()
    data = map_data(page, "home-map")
    assert len(data["markers"]) > 50  # type: ignore[arg-type]
    for zone in ZONES:
        assert f"zone={zone}" in page
    assert 'class="skip-link" href="#main"' in page


def test_language_switch_by_query_and_cookie(client: FlaskClient) -> None:
    """Tests that ?lang=en switches to English and a cookie keeps the choice."""
    response = client.get("/?lang=en")
    page = text(response)
    assert '<html lang="en">' in page and "Five zones" in page and "Năm khu vực" not in page
    assert "tourlink_lang=en" in response.headers["Set-Cookie"]
    assert "Five zones" in text(client.get("/"))
    assert "Năm khu vực" in text(client.get("/?lang=vi"))


def test_language_links_keep_the_query(client: FlaskClient) -> None:
    """Tests that the language switcher links back to the same page and filters."""
    page = client.get("/sites/?zone=mang-den").get_data(as_text=True)
    assert "/sites/?zone=mang-den&amp;lang=en" in page


@pytest.mark.parametrize("query", ["mang den", "Măng Đen", "MANG DEN"])
def test_catalogue_search_with_or_without_diacritics(client: FlaskClient, query: str) -> None:
    """Tests that the catalogue search finds Măng Đen sites written any way."""
    page = text(client.get("/sites/", query_string={"q": query}))
    assert "Thị trấn Măng Đen" in page or "Măng Đen" in page
    assert "/sites/mang-den-town" in page
    assert "/sites/kon-tum-wooden-church" not in page


@pytest.mark.parametrize(
    ("name", "value", "inside", "outside"),
    [
        ("zone", "southern-laos", "/sites/attapeu", "/sites/kon-tum-wooden-church"),
        ("country", "LA", "/sites/wat-phou", "/sites/thac-pa-sy"),
        ("category", "waterfall", "/sites/thac-pa-sy", "/sites/kon-tum-city-centre"),
        ("kind", "gateway", "/sites/da-nang", "/sites/thac-pa-sy"),
    ],
)
def test_catalogue_filters(
    client: FlaskClient, name: str, value: str, inside: str, outside: str
) -> None:
    """Tests that each catalogue filter keeps matching sites and drops the others."""
    page = client.get("/sites/", query_string={name: value}).get_data(as_text=True)
    assert f'href="{inside}"' in page
    assert f'href="{outside}"' not in page


def test_site_page(client: FlaskClient, app: Flask) -> None:
    """Tests that a site page shows facts, hours in words, nearby sites and 'add to trip'."""
    site = app.extensions["tourlink"].network.site("kon-tum-wooden-church")
    page = text(client.get("/sites/kon-tum-wooden-church"))
    assert site.name in page
    assert describe(site.opening_hours, lang="vi") in page
    assert "/plan/?must_visit=kon-tum-wooden-church" in page
    assert "Lân cận" in page
    assert site.sources[0] in page
    english = text(client.get("/sites/kon-tum-wooden-church?lang=en"))
    assert describe(site.opening_hours, lang="en") in english and site.name_en in english


def test_unknown_site_page_is_a_friendly_404(client: FlaskClient) -> None:
    """Tests that an unknown site id answers a 404 HTML page with a suggestion."""
    response = client.get("/sites/thac-pa-sy-x")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "có phải bạn muốn tìm 'thac-pa-sy'" in text(response)
    assert "did you mean 'thac-pa-sy'" in text(client.get("/sites/thac-pa-sy-x?lang=en"))


def test_unknown_page_is_404(client: FlaskClient) -> None:
    """Tests that an unknown URL answers the HTML error page."""
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "<h1>" in text(response)


def test_route_finder_form_and_result(client: FlaskClient) -> None:
    """Tests that the route finder shows km, time, roads, the border and its documents."""
    assert client.get("/route/").status_code == 200
    response = client.get(
        "/route/",
        query_string={
            "from": "kon-tum-city-centre",
            "to": "attapeu",
            "mode": "car",
            "alternatives": "2",
            "depart": "",
            "lang": "en",
        },
    )
    page = text(response)
    assert response.status_code == 200
    assert "Route 1:" in page and "km" in page
    assert "QL40" in page
    assert "Border crossing: Bờ Y" in page and "Traveller documents:" in page
    data = map_data(page, "route-map")
    assert data["lines"] and len(data["lines"][0]["coords"]) > 5  # type: ignore[index]
    assert "/route/export?" in page and "format=gpx" in page


def test_route_finder_names_the_bad_field(client: FlaskClient) -> None:
    """Tests that an unknown place or a bad time re-shows the form with the error."""
    response = client.get("/route/", query_string={"from": "attapeuu", "to": "pakse"})
    assert response.status_code == 400
    assert 'aria-invalid="true" aria-describedby="from-error"' in response.get_data(as_text=True)
    assert "có phải bạn muốn tìm 'attapeu'" in text(response)
    bad_time = client.get(
        "/route/", query_string={"from": "pakse", "to": "attapeu", "depart": "2026-02-30T07:00"}
    )
    assert bad_time.status_code == 400 and "`depart`" in text(bad_time)


def test_route_print_and_export(client: FlaskClient) -> None:
    """Tests the route's A4 print view (no navigation) and its GeoJSON download."""
    query = {"from": "kon-tum-city-centre", "to": "mang-den-town", "mode": "car"}
    page = text(client.get("/route/print", query_string=query))
    assert "print.css" in page and "site-header" not in page and "<nav" not in page
    download = client.get("/route/export", query_string={**query, "format": "geojson"})
    assert download.status_code == 200 and download.mimetype == "application/geo+json"
    assert "attachment" in download.headers["Content-Disposition"]
    assert json.loads(download.data)["type"] == "FeatureCollection"


def test_planner_form_prefilled_from_site_page(client: FlaskClient) -> None:
    """Tests that 'add to trip' opens the form with the site selected as a must-visit."""
    page = client.get("/plan/?must_visit=thac-pa-sy").get_data(as_text=True)
    must = page[page.index('id="must_visit"') :]
    must = must[: must.index("</select>")]
    assert re.search(r'value="thac-pa-sy" selected', must)
    assert "Ngày 1" not in page


def test_planner_result_days_map_and_links(planned: str) -> None:
    """Tests that a planned trip shows three days, a coloured line per day and re-plan links."""
    assert all(f"Ngày {n}" in planned for n in (1, 2, 3))
    data = map_data(planned, "plan-map")
    lines = data["lines"]
    assert 1 <= len(lines) <= 3  # type: ignore[arg-type]
    assert len({line["colour"] for line in lines}) == len(lines)  # type: ignore[union-attr]
    assert "Thác Pa Sỹ" in planned or "thac-pa-sy" in planned
    assert "/plan/print?" in planned and "/plan/export?" in planned
    assert "Bỏ" in planned and ("Ghim" in planned or "Đã ghim" in planned)


def test_planner_remove_link_replans_without_the_site(client: FlaskClient, planned: str) -> None:
    """Tests that following a 'remove' link re-plans with the site in `avoid`."""
    links = re.findall(
        r'<a href="(/plan/\?[^"]+)" title="[^"]*re-plan|<a href="(/plan/\?[^"]+)" '
        r'title="Bỏ',
        planned,
    )
    hrefs = [a or b for a, b in links]
    assert hrefs, "no remove link"
    url = html.unescape(hrefs[0])
    query = parse_qs(urlsplit(url).query)
    removed = query["avoid"][-1]
    assert removed not in query.get("must_visit", [])
    page = text(client.get(url))
    stops = re.findall(r'<a href="/sites/([a-z0-9-]+)">', page[page.index('class="days"') :])
    assert removed not in stops


def test_planner_permalink_reproduces_the_request(client: FlaskClient, planned: str) -> None:
    """Tests that the result's permalink is a GET URL carrying the whole request."""
    link = re.search(r'<a href="(/plan/\?[^"]+)">Liên kết', planned)
    assert link
    query = parse_qs(urlsplit(html.unescape(link.group(1))).query)
    assert query["start"] == [TRIP["start"]] and query["days"] == ["3"]
    assert query["must_visit"] == TRIP["must_visit"]
    again = text(client.get(html.unescape(link.group(1))))
    assert all(f"Ngày {n}" in again for n in (1, 2, 3))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"days": "400"}, "days"),
        ({"start_date": "2026-02-30"}, "start_date"),
        ({"start": "kon-tum-centre"}, "start"),
        ({"days": "three"}, "days"),
    ],
)
def test_planner_bad_input_shows_the_form(
    client: FlaskClient, change: dict[str, str], field: str
) -> None:
    """Tests that a bad field answers 400 with the form and the field marked invalid."""
    response = client.get("/plan/", query_string={**PLAN_QUERY, **change})
    assert response.status_code == 400
    assert f'aria-describedby="{field}-error"' in response.get_data(as_text=True)


def test_planner_print_and_exports(client: FlaskClient) -> None:
    """Tests the itinerary print view and the GPX and ICS downloads of a plan."""
    page = text(client.get("/plan/print", query_string=PLAN_QUERY))
    assert "Ngày 3" in page and "<nav" not in page
    gpx = client.get("/plan/export", query_string={**PLAN_QUERY, "format": "gpx"})
    assert gpx.mimetype == "application/gpx+xml" and b"<gpx" in gpx.data
    ics = client.get("/plan/export", query_string={**PLAN_QUERY, "format": "ics"})
    assert ics.mimetype == "text/calendar" and b"BEGIN:VCALENDAR" in ics.data
    bad = client.get("/plan/export", query_string={**PLAN_QUERY, "format": "kml"})
    assert bad.status_code == 400


def test_published_routes(client: FlaskClient, app: Flask) -> None:
    """Tests the list of published routes and a route page with its map and schedule."""
    tours = app.extensions["tourlink"].tours
    assert tours, "the shipped data has published routes"
    page = text(client.get("/tours/"))
    first = next(iter(tours.values()))
    assert first.name in page
    detail = client.get(f"/tours/{first.id}", query_string={"start_date": "2026-03-02"})
    assert detail.status_code == 200
    body = text(detail)
    assert "Chương trình" in body and map_data(body, "tour-map")["markers"]
    export = client.get(
        f"/tours/{first.id}/export", query_string={"format": "gpx", "start_date": "2026-03-02"}
    )
    assert export.status_code == 200 and export.mimetype == "application/gpx+xml"
    assert client.get("/tours/no-such-tour").status_code == 404


def test_leaflet_is_served_locally(client: FlaskClient) -> None:
    """Tests that Leaflet's script, stylesheet and images come from the xstatic package."""
    for name in ("leaflet.js", "leaflet.css", "images/marker-icon.png"):
        response = client.get(f"/vendor/leaflet/{name}")
        assert response.status_code == 200
        assert response.data == (Path(LEAFLET_DIR) / name).read_bytes()
        response.close()
    assert client.get("/vendor/leaflet/../../__init__.py").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/plan/?start=kon-tum-city-centre&start_date=9999-12-31&days=3",
        "/tours/kon-tum-city-day/export?format=ics&start_date=9999-12-31",
    ],
)
def test_dates_past_2099_answer_400_pages(client: FlaskClient, url: str) -> None:
    """Tests that a date the calendar cannot plan is a 400 page naming the range."""
    response = client.get(url)
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert (
        "Ngày đầu tiên (`start_date`) phải là một ngày trong khoảng từ 2000-01-01 đến "
        "2099-12-31, nhận được 9999-12-31." in html.unescape(response.get_data(as_text=True))
    )
    english = client.get(url + "&lang=en")
    assert (
        "`start_date` must be between 2000-01-01 and 2099-12-31, got 9999-12-31."
        in html.unescape(english.get_data(as_text=True))
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [("zone", "mars"), ("category", "karaoke"), ("country", "TH"), ("kind", "castle")],
)
def test_catalogue_refuses_unknown_filters(client: FlaskClient, name: str, value: str) -> None:
    """Tests that an unknown catalogue filter is a 400 page listing the valid values."""
    response = client.get("/sites/", query_string={name: value, "lang": "en"})
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert f"`{name}` must be one of " in page and f"got {value!r}." in page
    page = html.unescape(client.get("/sites/", query_string={name: value, "lang": "vi"}).text)
    assert f"(`{name}`) phải là một trong các giá trị " in page
    assert client.get("/sites/", query_string={name: ""}).status_code == 200


def test_unknown_site_advice_points_to_the_catalogue(client: FlaskClient) -> None:
    """Tests that pages give web advice (the catalogue), not `tourlink sites`."""
    form = html.unescape(client.get("/route/?from=zzzqqq&to=attapeu").get_data(as_text=True))
    assert "hãy tìm mã trong danh mục tại /sites/" in form
    page = html.unescape(client.get("/sites/zzzqqq?lang=en").get_data(as_text=True))
    assert "Site 'zzzqqq' is not in the catalogue; find the id in the catalogue at /sites/." in page
    form = html.unescape(
        client.get("/route/?from=zzzqqq&to=attapeu&lang=en").get_data(as_text=True)
    )
    assert "find the id in the catalogue at /sites/" in form and "tourlink sites" not in form
