"""Tests of the shipped model against every published road distance of reference_distances.json."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import REPO_DATA

from tourlink.network import Network
from tourlink.routing import route

REFERENCES: list[dict[str, Any]] = json.loads(
    (REPO_DATA / "reference_distances.json").read_text("utf-8")
)


@pytest.mark.parametrize(
    "ref", REFERENCES, ids=[f"{r['from_site']}->{r['to_site']}" for r in REFERENCES]
)
def test_model_is_within_ten_percent_of_the_published_distance(
    real: Network, ref: dict[str, Any]
) -> None:
    """Tests one published distance: sourced, flagged for calibration, and within 10 %."""
    assert str(ref["source"]).startswith(("http://", "https://")), ref
    assert isinstance(ref["calibration"], bool) and ref["note"]
    km = route(ref["from_site"], ref["to_site"], weight="km", network=real).km
    assert km == pytest.approx(ref["km"], rel=0.10), (km, ref["km"])


def test_no_source_is_listed_twice_for_a_pair() -> None:
    """Tests that a pair appears again only with another source (a second, independent figure)."""
    rows = [(r["from_site"], r["to_site"], r["source"]) for r in REFERENCES]
    assert len(rows) == len(set(rows))
