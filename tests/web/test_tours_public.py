"""Tests of the public route pages' JSON-LD and the open-data feed."""

from __future__ import annotations

import html
import json
import re

from flask.testing import FlaskClient

from tourlink.read import load_network
from tourlink.tours import load_tours

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _jsonld(page: str) -> dict[str, object]:
    found = JSONLD.findall(page)
    assert len(found) == 1, "one JSON-LD block per route page"
    return json.loads(found[0])  # type: ignore[no-any-return]


def test_route_page_jsonld_matches_the_page(client: FlaskClient) -> None:
    """Tests that each route page's TouristTrip lists the page's stops in order, with geo."""
    net = load_network()
    for tour in load_tours(network=net):
        page = client.get(f"/tours/{tour.id}?lang=en").get_data(as_text=True)
        doc = _jsonld(page)
        assert doc["@context"] == "https://schema.org" and doc["@type"] == "TouristTrip"
        assert doc["name"] == tour.name_en
        assert html.unescape(re.search(r"<h1>(.*?)</h1>", page).group(1)) == tour.name_en  # type: ignore[union-attr]
        items = doc["itinerary"]["itemListElement"]  # type: ignore[index]
        assert doc["itinerary"]["@type"] == "ItemList"  # type: ignore[index]
        assert [i["position"] for i in items] == list(range(1, len(tour.stops) + 1))
        programme = page.split('<ol class="days">')[1].split("</ol>")[0]
        linked = re.findall(r'href="/sites/([a-z0-9-]+)', programme)
        assert [i["item"]["url"].rsplit("/", 1)[-1] for i in items] == linked
        for item in items:
            site = net.site(item["item"]["url"].rsplit("/", 1)[-1])
            assert item["item"]["@type"] == "TouristAttraction"
            assert item["item"]["geo"] == {
                "@type": "GeoCoordinates",
                "latitude": site.lat,
                "longitude": site.lon,
            }


def test_open_data_feed_json_and_etag(client: FlaskClient) -> None:
    """Tests the JSON feed: licence, data version, every site and route; 304 on its ETag."""
    first = client.get("/open-data/catalogue.json")
    assert first.status_code == 200 and first.mimetype == "application/json"
    feed = first.get_json()
    net = load_network()
    assert feed["licence"]["name"] == "MIT" and feed["data_version"] == net.dataset.version
    assert {s["id"] for s in feed["sites"]} == set(net.sites)
    assert {r["id"] for r in feed["routes"]} == {t.id for t in load_tours(network=net)}
    assert all(s["sources"] for s in feed["sites"])
    tag = first.headers["ETag"]
    again = client.get("/open-data/catalogue.json", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.headers["ETag"] == tag and not again.data
    stale = client.get("/open-data/catalogue.json", headers={"If-None-Match": '"stale"'})
    assert stale.status_code == 200


def test_open_data_feed_geojson(client: FlaskClient) -> None:
    """Tests the GeoJSON feed: points in lon-lat order, routes as lines through their stops."""
    response = client.get("/open-data/catalogue.geojson")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    doc = response.get_json()
    assert doc["type"] == "FeatureCollection" and doc["licence"]["name"] == "MIT"
    net = load_network()
    points = {f["id"]: f for f in doc["features"] if f["geometry"]["type"] == "Point"}
    pakse = net.site("pakse")
    assert points["site/pakse"]["geometry"]["coordinates"] == [pakse.lon, pakse.lat]
    lines = [f for f in doc["features"] if f["geometry"]["type"] == "LineString"]
    tours = {t.id: t for t in load_tours(network=net)}
    assert {f["id"] for f in lines} == {f"route/{t}" for t in tours}
    for line in lines:
        tour = tours[line["id"].split("/", 1)[1]]
        assert len(line["geometry"]["coordinates"]) == len(tour.stops)
    assert response.headers["ETag"] != client.get("/open-data/catalogue.json").headers["ETag"]
