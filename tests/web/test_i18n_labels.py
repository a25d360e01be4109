"""Tests that pages show labels and refusals in the reader's language, not raw field names."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tourlink.read import load_network
from tourlink.translations import FIELD_LABELS, translator


def _site_with_hours_assumption() -> str:
    net = load_network()
    return next(
        s.id for s in net.sites.values() if any(a.field == "opening_hours" for a in s.assumptions)
    )


@pytest.mark.parametrize("lang", ["vi", "en", "lo"])
def test_site_assumptions_are_shown_under_a_field_label(client: FlaskClient, lang: str) -> None:
    """Tests that a site's assumed opening hours are introduced by the label, not the field id."""
    html = client.get(f"/sites/{_site_with_hours_assumption()}?lang={lang}").get_data(as_text=True)
    label = translator(lang)(FIELD_LABELS["opening_hours"])
    assert f"<strong>{label}</strong>" in html
    assert "<strong>opening_hours</strong>" not in html


@pytest.mark.parametrize(
    ("lang", "words"),
    [("vi", "Không có tuyến du lịch đã công bố"), ("lo", "ບໍ່ມີເສັ້ນທາງທີ່ເຜີຍແຜ່")],
)
def test_unknown_published_route_is_refused_in_the_page_language(
    client: FlaskClient, lang: str, words: str
) -> None:
    """Tests that the 404 of an unknown /tours/ address says so in Vietnamese or Lao."""
    response = client.get(f"/tours/no-such-route?lang={lang}")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert words in html and "does not exist" not in html


@pytest.mark.parametrize(("lang", "road"), [("vi", "Đường 18B"), ("lo", "ທາງເລກ 18B")])
def test_route_page_names_roads_in_the_page_language(
    client: FlaskClient, lang: str, road: str
) -> None:
    """Tests that the route finder shows Laos' Route 18B by its name in vi and lo."""
    ask = {"from": "kon-tum-city-centre", "to": "attapeu", "mode": "car", "lang": lang}
    html = client.get("/route/", query_string=ask).get_data(as_text=True)
    assert f"<td>{road}</td>" in html and "Route 18B" not in html
