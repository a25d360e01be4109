"""Tests that ``tourlink route`` prints road names and exports files in ``--lang``."""

from __future__ import annotations

import json

import gpxpy
import pytest

from tourlink.cli import main
from tourlink.columns import width
from tourlink.read import load_network

TRIP = ("route", "kon-tum-city-centre", "attapeu", "--depart", "2026-03-03T07:00")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(("lang", "road"), [("vi", "Đường 18B"), ("lo", "ທາງເລກ 18B")])
def test_route_table_names_roads_in_lang(
    capsys: pytest.CaptureFixture[str], lang: str, road: str
) -> None:
    """Tests that the route table names Laos' Route 18B in Vietnamese or Lao."""
    out = _run(capsys, "--lang", lang, *TRIP)
    assert road in out and "Route 18B" not in out


def test_route_export_speaks_lang(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests ``--export``: a Vietnamese GeoJSON and a Lao GPX, without the English labels."""
    english = json.loads(_run(capsys, *TRIP, "--export", "geojson"))
    vi = json.loads(_run(capsys, *TRIP, "--export", "geojson", "--lang", "vi"))
    assert english["summary"].startswith("car route") and "roads:" in english["summary"]
    assert vi["summary"].startswith("Tuyến đường bằng ô tô") and "roads:" not in vi["summary"]
    assert len(vi["features"]) == len(english["features"])
    gpx = gpxpy.parse(_run(capsys, *TRIP, "--export", "gpx", "--lang", "lo"))
    assert str(gpx.waypoints[0].description).startswith("ມື້ທີ 1, ອອກເດີນທາງ")


def _second_column(row: str) -> int:
    """Return the index in ``row`` where its second cell begins (cells end at two spaces)."""
    end = row.index("  ")
    return end + len(row[end:]) - len(row[end:].lstrip(" "))


@pytest.mark.parametrize("lang", ["en", "vi", "lo"])
def test_route_table_shows_names_aligned_never_ids(
    capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """Tests that the table names every place and lines its columns up on a terminal.

    No site or road-node id is printed, and in every row the second column starts at
    the terminal column where the rule's second dash block starts, Lao rows (whose vowel
    signs and tone marks take no column) included.
    """
    out = _run(capsys, "--lang", lang, *TRIP)
    net = load_network()
    words = set(out.replace(",", " ").replace("(", " ").replace(")", " ").split())
    assert not words & {*net.sites, *net.G.nodes}
    lines = out.splitlines()
    assert lines[1].startswith("  ") and lines[3].startswith("-")
    rows = [lines[2], *(line for line in lines[4:] if not line.startswith("  "))]
    second = lines[3].index(" -") + 1
    assert len(rows) > 5
    assert {width(row[: _second_column(row)]) for row in rows} == {second}
    if lang == "lo":
        assert any(len(row[: _second_column(row)]) != second for row in rows)


@pytest.mark.parametrize(("lang", "word"), [("vi", "Cửa khẩu"), ("lo", "ດ່ານ")])
def test_route_json_speaks_lang_with_codes(
    capsys: pytest.CaptureFixture[str], lang: str, word: str
) -> None:
    """Tests ``route --json --lang``: warnings as texts in that language, and their codes."""
    english = json.loads(_run(capsys, *TRIP, "--json"))
    doc = json.loads(_run(capsys, *TRIP, "--json", "--lang", lang))
    assert len(doc["warnings"]) == len(english["warnings"]) > 0
    said = doc["warning_messages"]
    assert [m["text"] for m in said] == doc["warnings"]
    assert [m["code"] for m in said] == [m["code"] for m in english["warning_messages"]]
    assert any(word in text for text in doc["warnings"])
    assert not set(doc["warnings"]) & set(english["warnings"])


def test_plan_text_names_roads_in_lang(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that ``tourlink plan --lang lo`` lists a day's roads in Lao, not in English."""
    argv = ["plan", "--start", "kon-tum-city-centre", "--date", "2027-03-03", "--days", "1"]
    english = _run(capsys, *argv)
    lao = _run(capsys, *argv, "--lang", "lo")
    assert "local access road" in english and "local access road" not in lao
    assert "ທາງເຂົ້າທ້ອງຖິ່ນ" in lao


def test_show_speaks_lang_and_marks_a_fallback(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests ``tourlink show --lang lo``: Lao name, description, hours and labels.

    A place without a Lao description shows the English one marked ``[en]``; the data's
    ``"unchanged"`` former unit is never printed as if it were a name.
    """
    lao = _run(capsys, "--lang", "lo", "show", "tad-champi").splitlines()
    english = _run(capsys, "show", "tad-champi").splitlines()
    site = load_network().site("tad-champi")
    assert lao[0].startswith(site.name_lo) and english[0].startswith(site.name_en)
    assert f"  {site.description_lo}" in lao and f"  {site.description_en}" in english
    assert "ທຸກມື້ 08:00–17:00" in lao[3] and "every day 08:00–17:00" in english[3]
    assert not any(line.lstrip().startswith(("open:", "source:")) for line in lao)
    assert "unchanged" not in "\n".join(lao + english)
    plain = load_network().site("kon-tum-bishops-palace")
    fallback = _run(capsys, "--lang", "lo", "show", plain.id).splitlines()
    assert not plain.description_lo and f"  [en] {plain.description_en}" in fallback


def test_matrix_and_sites_speak_lang(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests ``matrix`` and ``sites`` in Lao: titles, columns and names, ids kept as typed."""
    matrix = _run(capsys, "--lang", "lo", "matrix", "pakse", "wat-phou").splitlines()
    assert matrix[0] == "ນາທີ ໂດຍ ລົດໃຫຍ່ (ແຖວ → ຖັນ)"
    assert matrix[-1] == f"  2: {load_network().site('wat-phou').name_lo} [wat-phou]"
    assert matrix[3].split() == ["pakse", "0", matrix[4].split()[1]]
    sites = _run(capsys, "--lang", "lo", "sites", "--search", "wat phou").splitlines()
    assert sites[0].split()[:2] == ["ລະຫັດ", "ຊື່"] and sites[-1] == "2 ສະຖານທີ່"
    assert load_network().site("wat-phou").name_lo in sites[2]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "vi",
            "tourlink: lỗi: tuyến đường chưa có giờ khởi hành; hãy cho biết Giờ khởi hành"
            " (`depart`) để xuất ra lịch.",
        ),
        (
            "lo",
            "tourlink: ຂໍ້ຜິດພາດ: ເສັ້ນທາງຍັງບໍ່ມີເວລາອອກເດີນທາງ; ກະລຸນາລະບຸ ເວລາອອກເດີນທາງ"
            " (`depart`) ເພື່ອສົ່ງອອກເປັນປະຕິທິນ.",
        ),
    ],
)
def test_calendar_export_without_departure_says_why_in_lang(
    capsys: pytest.CaptureFixture[str], lang: str, said: str
) -> None:
    """Tests that `route --export ics` without --depart is refused in vi and lo, one language."""
    argv = ["route", "kon-tum-city-centre", "attapeu", "--export", "ics", "--lang", lang]
    assert main(argv) == 2
    assert capsys.readouterr().err.splitlines()[0] == said
