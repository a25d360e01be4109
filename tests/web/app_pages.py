"""Every page type the application serves, found from its URL map (not a hand-kept list).

The header and HTML-validity tests walk :func:`page_urls`, so a page another part adds is
covered as soon as its blueprint is registered. A URL rule with an argument that is not in
:data:`SAMPLES` fails those tests with a message saying which sample to add.
"""

from __future__ import annotations

import re
from typing import Any

from conftest import TRIP
from flask import Flask

#: A value for every URL argument the application's rules use.
SAMPLES: dict[str, Any] = {
    "site_id": "thac-pa-sy",
    "tour_id": None,  # the first published route of the data (see _sample)
    "filename": None,  # a file the endpoint serves (see _sample)
    "itinerary_id": "1",  # workspace pages: without a login, a redirect or a 401
    "number": "1",
    "link_id": "1",
    "quote_id": "1",  # quote pages and API: without a login, a redirect or a 401
    "card_id": "1",
    "kind": "vehicles",  # a rate card's table of vehicle rates
    "token": "s_not-a-real-share-token",  # an unknown share link: its 404 page
    "slug": "kon-tum-city-day",  # office desk pages: without a login, a redirect
    "place_id": "1",  # an organisation's own place (API): without a login, a 401
}
_FILES = {"static": "style.css", "leaflet": "leaflet.js"}
#: Query strings that turn a form page into its result page (a page type of its own).
RESULTS: dict[str, str] = {
    "planner.form": (
        f"start={TRIP['start']}&start_date={TRIP['start_date']}&days=2&mode=car"
        f"&must_visit={TRIP['must_visit'][1]}"
    ),
    "planner.print_view": f"start={TRIP['start']}&start_date={TRIP['start_date']}&days=1",
    "planner.export": f"start={TRIP['start']}&start_date={TRIP['start_date']}&days=1&format=gpx",
    "routes.finder": "from=kon-tum-city-centre&to=attapeu&mode=car&alternatives=2",
    "routes.print_view": "from=kon-tum-city-centre&to=thac-pa-sy",
    "routes.export": "from=kon-tum-city-centre&to=thac-pa-sy&format=gpx",
    "tours.tour": "start_date=2026-03-02",
    "tours.export": "format=gpx&start_date=2026-03-02",
    "api.route": "from=kon-tum-city-centre&to=thac-pa-sy",
    "api.route_export": "from=kon-tum-city-centre&to=thac-pa-sy&format=geojson",
    "api.tour_export": "format=ics&start_date=2026-03-02",
    "connections.connections_page": (
        "from=da-nang&date=2026-03-02&days=8&to=pakse&zone=kon-tum-city&why=kontum-mangden-2-days"
    ),
    "connections.next_page": "tour=kontum-heritage-city-day&date=2026-03-03",
}
#: Pages that are not a URL rule of their own: error pages of each kind.
ERROR_PAGES = (
    "/no-such-page",  # 404 page
    "/%5Cevil.example/x",  # 404 built from a hostile path
    "/sites/no-such-site",  # the library's unknown-site error page
    "/route/?from=kon-tum-city-centre&to=nowhere",  # a form with an error
    "/api/v1/sites/no-such-site",  # a problem document
)


def _sample(app: Flask, endpoint: str, argument: str) -> str:
    if argument == "filename":
        return _FILES.get(endpoint, "")
    if argument == "tour_id":
        tours = app.extensions["tourlink"].tours
        return str(next(iter(tours)))
    if argument not in SAMPLES:
        raise AssertionError(
            f"URL argument {argument!r} of endpoint {endpoint!r} has no sample value: add one "
            "to SAMPLES in tests/web/app_pages.py so its page is checked."
        )
    return str(SAMPLES[argument])


def page_urls(app: Flask) -> list[str]:
    """Return one URL per GET rule (plus result and error pages), with sample arguments."""
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in (rule.methods or ()):
            continue
        path = rule.rule
        for argument in rule.arguments:
            value = _sample(app, rule.endpoint, argument)
            path = re.sub(rf"<(?:\w+:)?{argument}>", value, path)
        urls.append(path)  # without a query: the form, or the error page of a missing field
        if rule.endpoint in RESULTS:
            urls.append(f"{path}?{RESULTS[rule.endpoint]}")
    return [*urls, *ERROR_PAGES]
