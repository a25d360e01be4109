"""Tests of :mod:`tourlink.cli`: the command-line contract."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from conftest import BAD, TINY, bad_copy

from tourlink.cli import build_parser, main
from tourlink.read import default_data_dir, load_network
from tourlink.translations import site_name

CHURCH, ATTAPEU = "kon-tum-wooden-church", "attapeu-town"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--data", str(TINY), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_route_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that `route --json` prints one object whose km/minutes are the totals."""
    code, out, _ = run(capsys, "route", CHURCH, ATTAPEU, "--json")
    doc = json.loads(out)
    assert code == 0
    assert (doc["km"], doc["minutes"]) == (189.0, 226.0)
    assert {"legs", "geometry", "roads", "crossings", "warnings", "depart", "arrive"} <= set(doc)
    assert doc["crossings"][0]["id"] == "bo-y-phou-keua"
    assert doc["crossings"][0]["traveller_documents"] == ["passport valid 6 months"]


def test_route_json_with_alternatives(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that alternatives go under "alternatives" and the top level stays the best."""
    code, out, _ = run(capsys, "route", CHURCH, "plei-kan", "--alternatives", "3", "--json")
    doc = json.loads(out)
    assert code == 0 and (doc["km"], doc["minutes"]) == (62.0, 64.0)
    assert [a["km"] for a in doc["alternatives"]] == [80.0]


def test_route_json_with_departure(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that --depart gives local depart/arrive times and the gate wait."""
    code, out, _ = run(capsys, "route", CHURCH, ATTAPEU, "--depart", "2026-03-02T04:00", "--json")
    doc = json.loads(out)
    assert code == 0
    assert doc["depart"] == "2026-03-02T04:00:00+07:00"
    assert doc["arrive"] == "2026-03-02T09:26:00+07:00"
    assert doc["crossings"][0]["waited_minutes"] == 100.0


def test_route_table(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that the default output is a readable table with totals and warnings."""
    code, out, _ = run(capsys, "route", CHURCH, ATTAPEU)
    assert code == 0
    assert "189.0 km, 3 h 46 min" in out
    assert "QL40" in out and "warning: Bờ Y – Phou Keua gate hours assumed" in out


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["route", CHURCH, "atapeu-town"], 2, "did you mean 'attapeu-town'?"),
        (["route", CHURCH, ATTAPEU, "--mode", "bus"], 2, "mode must be one of car"),
        (["route", "pa-sy-waterfall", CHURCH, "--mode", "coach"], 1, "closed to coaches"),
        (["show", "pa-sy-falls"], 2, "did you mean 'pa-sy-waterfall'?"),
        (["matrix"], 2, "at least one ID"),
    ],
)
def test_errors_go_to_stderr_with_exit_code(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    """Tests exit code 2 for bad input, 1 for no route, and one clear sentence on stderr."""
    got, out, err = run(capsys, *argv)
    assert got == code and out == ""
    assert message in err and err.startswith("tourlink: error: ")
    assert len(err.strip().splitlines()) == 2  # the error, then what to do next


def test_sites_search_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that `sites --search` ignores diacritics and --json lists site objects."""
    code, out, _ = run(capsys, "sites", "--search", "mang den", "--json")
    assert code == 0 and [s["id"] for s in json.loads(out)] == ["mang-den"]
    code, out, _ = run(capsys, "sites", "--zone", "mang-den")
    assert "pa-sy-waterfall" in out and "2 site(s)" in out


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that `show` prints a place with its opening hours in words."""
    code, out, _ = run(capsys, "show", "pa-sy-waterfall")
    assert code == 0 and "Thác Pa Sỹ" in out and "every day 07:00–17:00" in out


def test_matrix_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that `matrix --json` gives minutes, km and the crossings of each pair."""
    code, out, _ = run(capsys, "matrix", CHURCH, ATTAPEU, "--json")
    doc = json.loads(out)
    assert code == 0
    assert doc["minutes"] == [[0.0, 226.0], [226.0, 0.0]]
    assert doc["crossings"][0][1] == ["bo-y-phou-keua"]


def test_check_data_ok(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that check-data exits 0 on sound data."""
    assert main(["check-data", str(TINY)]) == 0
    assert capsys.readouterr().out.startswith("OK: 5 sites")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "vi",
            "Dữ liệu hợp lệ: 5 địa điểm, 8 nút đường, 7 đoạn đường, 5 đường vào, 1 cửa khẩu; chưa"
            f" có routes.json (`tourlink serve` cần tệp này) trong {TINY}",
        ),
        (
            "lo",
            "ຂໍ້ມູນຖືກຕ້ອງ: ສະຖານທີ່ 5 ແຫ່ງ, ຈຸດເຊື່ອມທາງ 8 ຈຸດ, ຊ່ວງທາງ 7 ຊ່ວງ, ທາງເຂົ້າ 5 ເສັ້ນ,"
            " ດ່ານຊາຍແດນ 1 ດ່ານ; ບໍ່ມີ routes.json (`tourlink serve` ຕ້ອງໃຊ້ໄຟລ໌ນີ້) ໃນ"
            f" {TINY}",
        ),
    ],
)
def test_check_data_ok_in_lang(capsys: pytest.CaptureFixture[str], lang: str, said: str) -> None:
    """Tests that check-data's success line counts the records in --lang."""
    assert main(["check-data", str(TINY), "--lang", lang]) == 0
    assert capsys.readouterr().out == said + "\n"


@pytest.mark.parametrize(
    ("lang", "start"),
    [
        ("vi", "Dữ liệu hợp lệ: 144 địa điểm, "),
        ("lo", "ຂໍ້ມູນຖືກຕ້ອງ: ສະຖານທີ່ 144 ແຫ່ງ, "),
    ],
)
def test_check_data_ok_counts_published_routes_in_lang(
    capsys: pytest.CaptureFixture[str], lang: str, start: str
) -> None:
    """Tests the success line of the shipped data, published routes counted, in --lang."""
    assert main(["check-data", "--lang", lang]) == 0
    out = capsys.readouterr().out
    published = {"vi": ", 6 tuyến đã công bố trong ", "lo": ", ເສັ້ນທາງທີ່ເຜີຍແຜ່ແລ້ວ 6 ເສັ້ນ ໃນ "}
    assert out.startswith(start) and published[lang] in out
    words = out.replace(str(default_data_dir()), "")  # the folder's path may hold any word
    assert "sites" not in words and "published" not in words


def test_check_data_lists_every_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Tests that check-data exits 2 listing each problem of a bad file."""
    folder = bad_copy("three_faults.json", tmp_path)
    assert main(["check-data", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "3 problem(s)" in err
    for needle in ("ql14-02: road", "ql14-01: km", "ql40-01: to"):
        assert needle in err


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "vi",
            (
                "tourlink: lỗi: 3 vấn đề trong ",
                "  - roads.json: ql14-02: road = (không có): cần có trường này (trường bắt buộc)",
                "  - roads.json: ql14-01: km = 30: cần ít nhất bằng khoảng cách đường chim bay"
                " giữa hai đầu, 38,18 km",
                "  - roads.json: ql40-01: to = 'n-bo-y-gate': cần mã của một nút đường trong"
                " roads.json",
                "Hãy sửa các vấn đề này (xem data/README.md) rồi chạy lại `tourlink check-data`.",
            ),
        ),
        (
            "lo",
            (
                "tourlink: ຂໍ້ຜິດພາດ: ມີ 3 ບັນຫາໃນ ",
                "  - roads.json: ql14-02: road = (ບໍ່ມີ): ຕ້ອງເປັນ ມີຊ່ອງຂໍ້ມູນນີ້ (ຈຳເປັນຕ້ອງມີ)",
                "  - roads.json: ql14-01: km = 30: ຕ້ອງເປັນ ຢ່າງໜ້ອຍເທົ່າກັບໄລຍະທາງເສັ້ນຊື່ລະຫວ່າງ"
                "ສອງປາຍ, 38,18 ກມ",
                "  - roads.json: ql40-01: to = 'n-bo-y-gate': ຕ້ອງເປັນ ລະຫັດຂອງຈຸດເຊື່ອມທາງໃນ roads.json",
                "ກະລຸນາແກ້ໄຂ (ເບິ່ງ data/README.md) ແລ້ວແລ່ນ `tourlink check-data` ອີກຄັ້ງ.",
            ),
        ),
    ],
)
def test_check_data_says_loader_problems_in_lang(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str, lines: tuple[str, ...]
) -> None:
    """Tests that check-data --lang says loader faults and their framing in that language."""
    folder = bad_copy("three_faults.json", tmp_path)
    assert main(["check-data", str(folder), "--lang", lang]) == 2
    said = capsys.readouterr().err.splitlines()
    assert said[0].startswith(lines[0]) and said[0].endswith(":")
    assert said[1:] == list(lines[1:])
    for english in ("expected", "problem(s)", "Fix them", "the field to be present", "missing"):
        assert english not in "\n".join(said)


def test_shipped_data_passes_check_data(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that the shipped data, published routes included, passes check-data."""
    code = main(["check-data"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "published routes" in out


def test_parser_is_extensible() -> None:
    """Tests that extra sub-commands can be added to the parser by a registrar."""

    def add_probe(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        sub.add_parser("probe-extension").set_defaults(handler=lambda args: 7)

    args = build_parser(extra=[add_probe]).parse_args(["probe-extension"])
    assert args.handler(args) == 7
    with pytest.raises(SystemExit):
        build_parser().parse_args(["probe-extension"])


def test_check_data_validates_routes_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Tests that check-data refuses a routes.json whose stop names an unknown site."""
    folder = bad_copy("route_stop_unknown_site.json", tmp_path)
    assert main(["check-data", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "1 problem(s)" in err
    assert "routes.json: mang-den-day: stops[1].site = mang-den-town" in err


def test_check_data_lists_problems_of_every_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Tests that a broken sites.json does not hide the problems of routes.json."""
    folder = bad_copy("route_stop_unknown_site.json", tmp_path)
    (folder / "routes.json").write_text('{"format": "tourlink-routes/1", "routes": [}', "utf-8")
    (folder / "sites.json").write_text((BAD / "not_json.json").read_text("utf-8"), "utf-8")
    assert main(["check-data", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "2 problem(s)" in err
    assert "sites.json: -: line 2, column 1 = end of file: expected a value (valid JSON)" in err
    assert (
        """routes.json: -: line 1, column 44 = 'ourlink-routes/1", "routes": [}': """
        "expected a value (valid JSON)"
    ) in err


def test_check_data_notes_a_missing_routes_file(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that check-data accepts a folder without routes.json but says so."""
    assert main(["check-data", str(TINY)]) == 0
    assert "no routes.json (`tourlink serve` needs one)" in capsys.readouterr().out


@pytest.mark.parametrize("count", ["0", "-3", "two"])
def test_alternatives_must_be_at_least_one(capsys: pytest.CaptureFixture[str], count: str) -> None:
    """Tests that --alternatives refuses 0, negatives and words, as the API does."""
    with pytest.raises(SystemExit) as info:
        run(capsys, "route", CHURCH, ATTAPEU, "--alternatives", count)
    assert info.value.code == 2
    assert f"at least 1, got {count!r}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "value", "valid"),
    [
        ("--category", "nonsense", "'culture', 'history', 'nature'"),
        ("--zone", "mars", "'kon-tum-city', 'mang-den', 'bo-y'"),
        ("--kind", "castle", "'attraction', 'town', 'gateway'"),
        ("--country", "TH", "'VN', 'LA', 'KH'"),
    ],
)
def test_sites_refuses_unknown_filters(
    capsys: pytest.CaptureFixture[str], option: str, value: str, valid: str
) -> None:
    """Tests that an unknown filter value exits 2 listing the valid values."""
    with pytest.raises(SystemExit) as info:
        run(capsys, "sites", option, value)
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert f"invalid choice: {value!r}" in err and valid in err


def test_route_json_is_rounded(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that times are whole seconds and km/minutes numbers with one decimal."""
    code, out, _ = run(
        capsys, "route", CHURCH, ATTAPEU, "--depart", "2026-03-02T15:21:30.5", "--json"
    )
    doc = json.loads(out)
    assert code == 0
    assert doc["depart"] == "2026-03-02T15:21:31+07:00"
    for text in (doc["arrive"], doc["crossings"][0]["arrive"], doc["crossings"][0]["depart"]):
        assert "." not in text and len(text) == len("2026-03-02T15:21:31+07:00")
    numbers = [
        doc["km"],
        doc["minutes"],
        *(leg[k] for leg in doc["legs"] for k in ("km", "minutes")),
    ]
    assert all(isinstance(n, int | float) and round(n, 1) == n for n in numbers)


def test_route_to_a_closed_pipe(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tests that a reader closing the pipe (`| head`) ends quietly with code 141."""

    def closed(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("builtins.print", closed)
    assert main(["--data", str(TINY), "route", CHURCH, ATTAPEU]) == 141
    assert capsys.readouterr().err == ""


def test_route_to_a_closed_pipe_in_a_shell(tmp_path: Path) -> None:
    """Tests `tourlink route … | head -1` prints no traceback."""
    import subprocess
    import sys

    script = (
        f"{sys.executable} -m tourlink.cli --data {TINY} route {CHURCH} {ATTAPEU} "
        f"--alternatives 3 | head -c 10"
    )
    done = subprocess.run(
        ["sh", "-c", script], capture_output=True, text=True, check=False, timeout=60
    )
    church = load_network(TINY).site(CHURCH)
    assert done.stdout == site_name(church, "en")[:10]
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["route", CHURCH, ATTAPEU, "--depart", "9999-12-31T16:00"],
            "`depart` must be between 2000-01-01 and 2099-12-31, got 9999-12-31.",
        ),
        (
            ["plan", "--start", CHURCH, "--date", "9999-12-31", "--days", "2"],
            "`start_date` must be between 2000-01-01 and 2099-12-31, got 9999-12-31.",
        ),
    ],
)
def test_dates_out_of_range_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """Tests that dates past 2099 are refused with a sentence, not a traceback."""
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err


def test_lang_renders_warnings_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests that --lang vi/lo gives the gate's Tết closure and errors in that language."""
    argv = ["route", "kon-tum-city-centre", "pakse", "--depart", "2027-02-06T08:00"]
    assert main([*argv, "--lang", "vi"]) == 0
    vietnamese = capsys.readouterr().out
    assert "Cửa khẩu Bờ Y – Phou Keua đóng cửa từ 6 thg 2 2027 đến 7 thg 2 2027" in vietnamese
    assert "closed from" not in vietnamese
    assert main(["--lang", "lo", "route", "attapeuu", "pakse"]) == 2
    assert "ສະຖານທີ່ 'attapeuu' ບໍ່ມີໃນລາຍການ" in capsys.readouterr().err
    assert main(argv) == 0
    assert "The Bờ Y – Phou Keua gate is closed from 6 Feb 2027" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("lang", "where", "said"),
    [
        ("vi", "dòng 1, cột 31", "cần dấu phân cách ',' (JSON hợp lệ)"),
        ("lo", "ແຖວ 1, ຖັນ 31", "ຕ້ອງເປັນ ເຄື່ອງໝາຍແບ່ງ ',' (JSON ທີ່ຖືກຕ້ອງ)"),
    ],
)
def test_check_data_says_file_problems_in_lang(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str, where: str, said: str
) -> None:
    """Tests ``check-data --lang``: a file that is not JSON is named, and why, in that language."""
    for file in ("sites.json", "roads.json"):
        (tmp_path / file).write_text((TINY / file).read_text("utf-8"), "utf-8")
    (tmp_path / "roads.json").write_text('{"format": "tourlink-roads/1" "roads": []}', "utf-8")
    assert main(["check-data", str(tmp_path), "--lang", lang]) == 2
    err = capsys.readouterr().err
    (line,) = [text for text in err.splitlines() if "roads.json" in text]
    assert line.startswith(f"  - roads.json: -: {where} = ") and said in line
    assert "expected" not in line and "column" not in line


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("vi", "cần mã một điểm trong sites.json (có phải bạn muốn ghi 'mang-den'?)"),
        ("lo", "ຕ້ອງເປັນ ລະຫັດສະຖານທີ່ໃນ sites.json (ທ່ານໝາຍເຖິງ 'mang-den' ບໍ?)"),
    ],
)
def test_check_data_says_route_file_problems_in_lang(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str, said: str
) -> None:
    """Tests that a published route's unknown stop is explained in that language."""
    folder = bad_copy("route_stop_unknown_site.json", tmp_path)
    assert main(["check-data", str(folder), "--lang", lang]) == 2
    (line,) = [text for text in capsys.readouterr().err.splitlines() if "routes.json" in text]
    assert line == f"  - routes.json: mang-den-day: stops[1].site = mang-den-town: {said}"
