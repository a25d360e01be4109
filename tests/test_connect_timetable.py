"""Tests of operators' timetables (tourlink.connect.timetable)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from tourlink.connect import Departure, example_timetable, load_timetable, parse_timetable
from tourlink.exceptions import DataError
from tourlink.network import Network
from tourlink.tours import load_tours
from tourlink.translations import renderer

REPO_DATA = Path(__file__).resolve().parents[1] / "data"


def test_example_timetable_is_marked_and_covers_the_published_routes(real: Network) -> None:
    """Tests that the shipped timetable says it is example data and runs all six routes."""
    table = example_timetable(real)
    routes = {t.id for t in load_tours(REPO_DATA, network=real)}
    assert "EXAMPLE DATA" in table.note
    assert {t.route for t in table.tours if t.route} == routes
    assert any(not t.route for t in table.tours), "operators' own tours are included"
    assert all(t.operator.startswith("example-") for t in table.tours)
    assert all(isinstance(t.price_from, Decimal) for t in table.tours)


def test_departures_follow_weekdays_and_seasons(real: Network) -> None:
    """Tests weekday and season rules: the dry-season-only tour stops departing in May."""
    table = example_timetable(real)
    lakes = table.tour("mangden-lakes-waterfalls-day")
    assert lakes is not None and lakes.seasons == ("dry",)
    assert lakes.runs_on(dt.date(2026, 4, 30)) and not lakes.runs_on(dt.date(2026, 5, 1))
    attapeu = table.tour("kontum-bo-y-attapeu-pakse")
    assert attapeu is not None
    found = list(table.visible_to(None).departures(dt.date(2026, 3, 2), dt.date(2026, 3, 8)))
    dates = [d.date for d in found if d.tour.id == attapeu.id]
    assert dates == [dt.date(2026, 3, 3), dt.date(2026, 3, 6)]  # Tuesday and Friday
    last = Departure(attapeu, dt.date(2026, 3, 6))
    assert last.end_date == dt.date(2026, 3, 8) and last.end == dt.datetime(2026, 3, 8, 17, 0)
    assert all(d.end_date <= dt.date(2026, 3, 8) for d in found)
    assert "pakse-bolaven-coffee-day" not in {d.tour.id for d in found}  # not shared


def test_tour_end_is_where_the_operator_drops_the_group(real: Network) -> None:
    """Tests that a route ending at a waterfall is run to Pakse, where groups can stay."""
    laos = example_timetable(real).tour("pakse-bolaven-wat-phou-4000-islands")
    assert laos is not None and laos.end == "pakse" and laos.tour.stops[-1].day == 3


def test_every_problem_is_reported_at_once(real: Network, tmp_path: Path) -> None:
    """Tests that a bad timetable lists each fault with its record and field."""
    doc = json.loads((REPO_DATA / "timetable.example.json").read_text(encoding="utf-8"))
    doc["tours"][0]["route"] = "no-such-route"
    doc["tours"][1]["weekdays"] = ["funday"]
    doc["tours"][2]["depart"] = "25:00"
    doc["tours"][3]["price_from"] = "cheap"
    doc["tours"][6]["stops"][1]["site"] = "atlantis"
    doc["tours"].append(dict(doc["tours"][7]))
    path = tmp_path / "timetable.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_timetable(path, routes=load_tours(REPO_DATA, network=real), network=real)
    found = {(p.record, p.field) for p in info.value.problems}
    assert found >= {
        ("kontum-heritage-city-day", "route"),
        ("kontum-mangden-2-days", "weekdays"),
        ("gialai-pleiku-kontum-mangden", "depart"),
        ("kontum-bo-y-tri-border-day", "price_from"),
        ("danang-my-son-son-my-kontum", "stops[1].site"),
        ("mangden-lakes-waterfalls-day", "id"),
    }


def test_wrong_format_is_refused() -> None:
    """Tests that a document of another format is refused, naming the expected one."""
    with pytest.raises(DataError, match="tourlink-timetable/1"):
        parse_timetable({"format": "tourlink-routes/1", "tours": []})


def test_strict_json_and_missing_file(tmp_path: Path) -> None:
    """Tests that a timetable with NaN or duplicate keys, or a missing file, is refused."""
    bad = tmp_path / "timetable.json"
    bad.write_text('{"format": "tourlink-timetable/1", "format": "x", "tours": []}')
    with pytest.raises(DataError, match="format"):
        load_timetable(bad)
    with pytest.raises(DataError, match=r"timetable\.json"):
        load_timetable(tmp_path / "absent.json")


# (change to the first example tour, field, English, Vietnamese, Lao expectation)
TOUR_FAULTS = [
    (
        {"seats": 0},
        "seats = 0: expected a whole number of seats, 1 or more",
        "seats = 0: cần số chỗ là một số nguyên từ 1 trở lên",
        "seats = 0: ຕ້ອງເປັນ ຈຳນວນບ່ອນນັ່ງເປັນຈຳນວນຖ້ວນ ຕັ້ງແຕ່ 1 ຂຶ້ນໄປ",
    ),
    (
        {"price_from": "NaN"},
        "price_from = 'NaN': expected a decimal amount per person, 0 or more",
        "price_from = 'NaN': cần một số tiền thập phân cho mỗi người, từ 0 trở lên",
        "price_from = 'NaN': ຕ້ອງເປັນ ຈຳນວນເງິນທົດສະນິຍົມຕໍ່ຄົນ ຕັ້ງແຕ່ 0 ຂຶ້ນໄປ",
    ),
    (
        {"weekdays": [], "dates": []},
        "weekdays = []: expected at least one weekday or date to depart on (`weekdays` or `dates`)",
        "weekdays = []: cần ít nhất một ngày trong tuần hoặc một ngày cụ thể để khởi hành"
        " (`weekdays` hoặc `dates`)",
        "weekdays = []: ຕ້ອງເປັນ ຢ່າງໜ້ອຍໜຶ່ງມື້ໃນອາທິດ ຫຼື ໜຶ່ງວັນທີທີ່ອອກເດີນທາງ (`weekdays` ຫຼື `dates`)",
    ),
    (
        {"languages": "vi"},
        'languages = \'vi\': expected a list of language codes such as ["vi", "en"]',
        'languages = \'vi\': cần một danh sách mã ngôn ngữ, ví dụ ["vi", "en"]',
        'languages = \'vi\': ຕ້ອງເປັນ ລາຍການລະຫັດພາສາ ເຊັ່ນ ["vi", "en"]',
    ),
    (
        {"depart": "07:00", "arrive": "06:00"},
        "arrive = '06:00': expected a time after the departure at 07:00 (a one-day tour arrives"
        " on the day it departs)",
        "arrive = '06:00': cần một giờ sau giờ khởi hành 07:00 (tour một ngày về đến nơi ngay"
        " trong ngày khởi hành)",
        "arrive = '06:00': ຕ້ອງເປັນ ເວລາຫຼັງຈາກອອກເດີນທາງເວລາ 07:00 (ທົວມື້ດຽວມາຮອດໃນມື້ດຽວກັບທີ່ອອກເດີນທາງ)",
    ),
]


@pytest.mark.parametrize(("change", "en", "vi", "lo"), TOUR_FAULTS)
def test_a_tour_the_record_would_refuse_names_its_field_in_each_language(
    real: Network, change: dict[str, object], en: str, vi: str, lo: str
) -> None:
    """Tests that seats, price, departure days, languages and times are refused by field.

    They were one ``(record)`` problem holding the tour's English ``ValueError`` (and a
    ``NaN`` price crashed the reader); now each names its field, in vi and lo too.
    """
    doc = json.loads((REPO_DATA / "timetable.example.json").read_text(encoding="utf-8"))
    doc["tours"] = [{**doc["tours"][0], **change}]
    with pytest.raises(DataError) as info:
        parse_timetable(doc, routes=load_tours(REPO_DATA, network=real), network=real)
    (problem,) = info.value.problems
    where = "timetable.json: kontum-heritage-city-day: "
    assert str(problem) == where + en
    assert renderer("vi")(problem.message) == where + vi
    assert renderer("lo")(problem.message) == where + lo
