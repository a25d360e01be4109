"""Tests of the ``tourlink quote`` command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tourlink.cli import main
from tourlink.columns import width

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


def test_quote_pdf_carries_the_logo_the_customer_and_converted_prices(
    trip_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tests that --logo, --customer and --show reach the proposal and the screen.

    The PDF names the customer, prints the logo and shows the prices in baht; the screen
    gives the baht prices with the rate and its date; LAK, not asked for, is left out.
    """
    import io

    from PIL import Image
    from pypdf import PdfReader

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (200, 30, 30)).save(logo)
    pdf = tmp_path / "proposal.pdf"
    args = ["quote", str(trip_file), "--bands", "4", *RATES, "--date", "2027-02-10"]
    extra = ["--rate", "USD/THB=35.5@2027-02-01", "--show", "VND,THB"]
    code = main([*args, *extra, "--pdf", str(pdf), "--lang", "en", "--logo", str(logo),
                 "--customer", "Mme Dupont"])  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    thb = next(line for line in out.splitlines() if line.startswith("in THB:"))
    assert "1 USD = 35.5" in thb and "rate of 2027-02-01" in thb
    assert not any(line.startswith("in LAK:") for line in out.splitlines())  # not asked for
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Mme Dupont" in text and "THB" in text and "LAK" not in text
    assert sum(len(page.images) for page in reader.pages) >= 1  # the logo
    plain = tmp_path / "plain.pdf"
    assert main([*args, "--pdf", str(plain), "--lang", "en"]) == 0
    capsys.readouterr()
    plain_reader = PdfReader(io.BytesIO(plain.read_bytes()))
    assert sum(len(page.images) for page in plain_reader.pages) == 0


def test_quote_refuses_a_bad_logo_or_currency(
    trip_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tests that a bad logo, a missing logo file and an unknown currency are refused.

    Each error names the option and the value, and no PDF is written.
    """
    fake = tmp_path / "logo.png"
    fake.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    pdf = tmp_path / "p.pdf"
    base = ["quote", str(trip_file), "--bands", "4", "--pdf", str(pdf)]
    assert main([*base, "--logo", str(fake)]) != 0
    assert "SVG" in capsys.readouterr().err
    assert main([*base, "--logo", str(tmp_path / "none.png")]) != 0
    assert "--logo" in capsys.readouterr().err
    assert main([*base, "--show", "VND,XYZ"]) != 0
    err = capsys.readouterr().err
    assert "`--show`" in err and "XYZ" in err
    assert not pdf.exists()


def test_quote_names_a_bad_rate_card_in_lang(
    trip_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Tests ``--lang vi`` with a bad rate card: every problem, in Vietnamese."""
    card = tmp_path / "card.json"
    card.write_text(json.dumps({"name": "x", "vehicles": [{"id": "v", "seats": "4"}], "meals": 1}))
    assert main(["--lang", "vi", "quote", str(trip_file), *RATES, "--ratecard", str(card)]) == 2
    err = capsys.readouterr().err
    assert "dữ liệu bị từ chối, tìm thấy" in err
    assert "card.json: vehicles[0] v: seats = '4': cần một số nguyên chỉ số ghế hành khách" in err
    assert "card.json: -: meals = 1: cần một danh sách" in err
    assert "expected" not in err


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("vi", ("days[0]: date = 'soon': cần một ngày (YYYY-MM-DD)", "km = -3: cần một số >= 0")),
        ("lo", ("days[0]: date = 'soon': ຕ້ອງເປັນ ວັນທີ (YYYY-MM-DD)", "km = -3: ຕ້ອງເປັນ ຕົວເລກ >= 0")),
    ],
)
def test_quote_names_a_bad_itinerary_in_lang(
    trip_file: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    lang: str,
    said: tuple[str, ...],
) -> None:
    """Tests ``--lang`` with a damaged itinerary day: each bad field, in that language."""
    doc = json.loads(trip_file.read_text())
    doc["days"][0]["date"], doc["days"][0]["km"] = "soon", -3
    bad = tmp_path / "trip.json"
    bad.write_text(json.dumps(doc))
    assert main(["--lang", lang, "quote", str(bad), *RATES]) == 2
    err = capsys.readouterr().err
    for text in said:
        assert text in err
    assert "expected" not in err and "a number >= 0" not in err


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "vi",
            {
                "head": "Báo giá bằng USD ngày 2027-02-10 theo bảng giá 'Example rate card"
                " (invented prices)'",
                "example": "BẢNG GIÁ MẪU: giá giả định, không phải chào giá thật.",
                "columns": "số khách FOC   giá vốn/khách  giá bán/khách  xe",
                "supplement": "phụ thu phòng đơn: ",
                "in": "bằng VND: ",
                "rate": " (1 USD = 27089.00 VND, tỷ giá ngày 2027-02-01, dự phòng biến động 0.03)",
                "missing": "chưa có tỷ giá cho: LAK",
                "assumed": "giả định: Chưa cho biết quốc tịch của khách: tính giá vé cho người"
                " nước ngoài, không tính phí thị thực.",
            },
        ),
        (
            "lo",
            {
                "head": "ໃບສະເໜີລາຄາເປັນ USD ວັນທີ 2027-02-10 ຕາມຕາຕະລາງລາຄາ 'Example rate card"
                " (invented prices)'",
                "example": "ຕາຕະລາງລາຄາຕົວຢ່າງ: ລາຄາສົມມຸດ, ບໍ່ແມ່ນການສະເໜີລາຄາແທ້.",
                "columns": "ຈຳນວນຄົນ FOC         ຕົ້ນທຶນ/ຄົນ        ລາຄາ/ຄົນ  ລົດ",
                "supplement": "ຄ່າເພີ່ມຫ້ອງດ່ຽວ: ",
                "in": "ເປັນ VND: ",
                "rate": " (1 USD = 27089.00 VND, ອັດຕາແລກປ່ຽນຂອງວັນທີ 2027-02-01, ສ່ວນເຜື່ອ 0.03)",
                "missing": "ບໍ່ມີອັດຕາແລກປ່ຽນສຳລັບ: LAK",
                "assumed": "ຂໍ້ມູນສົມມຸດ: ບໍ່ໄດ້ລະບຸສັນຊາດຂອງນັກທ່ອງທ່ຽວ: ໃຊ້ລາຄາເຂົ້າຊົມສຳລັບຄົນຕ່າງປະເທດ, ບໍ່ມີຄ່າວີຊາ.",
            },
        ),
    ],
)
def test_quote_screen_speaks_lang(
    trip_file: Path, capsys: pytest.CaptureFixture[str], lang: str, said: dict[str, str]
) -> None:
    """Tests that `tourlink --lang vi|lo quote` prints the whole screen in that language.

    The heading, the example warning, the columns (aligned on a terminal), the single
    supplement, the converted prices with their rate and buffer, the missing rate and
    every assumption; only numbers, currency codes and the card's own names stay.
    """
    argv = ["--lang", lang, "quote", str(trip_file), "--bands", "2,6", "--date", "2027-02-10"]
    rate = ["--rate", "USD/VND=26300@2027-02-01", "--buffer", "0.03", "--show", "VND,LAK"]
    assert main([*argv, *rate]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [said["head"], said["example"], said["columns"]]
    widths = {width(line[: line.index("USD") + 3]) for line in lines[3:5]}
    assert len(widths) == 1 and width(said["columns"].split("  ")[-2]) <= widths.pop()
    assert lines[5].startswith(said["supplement"]) and lines[5].endswith(" USD")
    assert lines[6].startswith(said["in"]) and lines[6].endswith(said["rate"])
    assert lines[7] == said["missing"] and lines[-1] == said["assumed"]
    for english in (
        "Quote in",
        "EXAMPLE",
        "cost/person",
        "single supplement",
        "rate of",
        "assumed",
    ):
        assert english not in "\n".join(lines)
    assert not any(" has no entrance fee" in line for line in lines)


def test_quote_screen_converts_with_the_buffer(
    trip_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tests that --buffer reaches the screen's converted prices, as it reaches the quote."""
    argv = ["quote", str(trip_file), "--bands", "2", "--date", "2027-02-10", "--show", "VND"]
    assert main([*argv, "--rate", "USD/VND=26300@2027-02-01", "--buffer", "0.03"]) == 0
    out = capsys.readouterr().out
    assert "(1 USD = 27089.00 VND, rate of 2027-02-01, buffer 0.03)" in out
