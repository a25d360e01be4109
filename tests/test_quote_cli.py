"""Tests of the ``tourlink quote`` command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tourlink.cli import main

RATES = ["--rate", "USD/VND=26300@2027-02-01", "--rate", "USD/LAK=21800@2027-02-01"]


@pytest.fixture(scope="module")
def trip_file(real: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Plan a 3-day trip from Kon Tum to Attapeu and write `tourlink plan --json`'s output."""
    from tourlink.itinerary import TripRequest
    from tourlink.planner import plan
    from tourlink.planner.serialize import itinerary_to_dict

    request = TripRequest("kon-tum-city-centre", dt.date(2027, 3, 2), 3, end="attapeu")
    path = tmp_path_factory.mktemp("quote-cli") / "trip.json"
    path.write_text(json.dumps(itinerary_to_dict(plan(request, network=real), network=real)))
    return path


def test_quote_prints_every_band_and_says_the_card_is_an_example(
    trip_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tests the text output: one row per band, the example warning, the assumptions."""
    code = main(
        [
            "quote",
            str(trip_file),
            "--bands",
            "2,6",
            "--margin",
            "0.2",
            "--round",
            "5",
            *RATES,
            "--date",
            "2027-02-10",
            "--guide",
            "en",
            "--nationality",
            "FR",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "EXAMPLE rate card" in out and "assumed:" in out
    rows = [line for line in out.splitlines() if line.strip().startswith(("2 ", "6 "))]
    assert len(rows) == 2 and all("USD" in row for row in rows)


def test_quote_json_and_pdf(
    trip_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tests that --json prints the stored form and --pdf writes a PDF proposal."""
    pdf = tmp_path / "proposal.pdf"
    code = main(
        [
            "quote",
            str(trip_file),
            "--bands",
            "4",
            "--markup",
            "0.25",
            *RATES,
            "--date",
            "2027-02-10",
            "--json",
            "--pdf",
            str(pdf),
            "--lang",
            "en",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pricing"]["method"] == "markup" and data["bands"][0]["paying"] == 4
    assert pdf.read_bytes().startswith(b"%PDF")


def test_quote_errors_say_what_to_enter(
    trip_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tests a malformed --rate and a missing exchange rate: exit 2, the reason on stderr."""
    assert main(["quote", str(trip_file), "--rate", "USD-VND 26300"]) == 2
    assert "must look like USD/VND=26300@2027-02-01" in capsys.readouterr().err
    assert main(["quote", str(trip_file), "--date", "2027-02-10"]) == 2
    assert "No exchange rate from VND to USD" in capsys.readouterr().err
