"""Tests that what a data problem says it found is said in the reader's language.

A problem reads ``file: record: field = value: expected …``. Where the value is the
data's own text it is shown as it is; where it is the loader's words ("given twice",
"missing", "3 place(s) cut off: …") it is a message, rendered from the catalogues like
the expectation. English keeps the wording the loader has always printed.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import TINY, bad_copy

from tourlink import jsonfile
from tourlink.exceptions import DataError, DataProblem
from tourlink.jsonfile import read_json
from tourlink.read import load_dataset
from tourlink.translations import renderer

STREETS = Path(__file__).parent / "data" / "streets" / "streets.json"


def _tiny(folder: Path) -> Path:
    """Copy the tiny data set's sites and roads into ``folder``; return it."""
    folder.mkdir(exist_ok=True)
    for name in ("sites.json", "roads.json"):
        shutil.copy(TINY / name, folder / name)
    return folder


def _said(problem: DataProblem, lang: str) -> str:
    return renderer(lang)(problem.message)


def _loaded(folder: Path) -> list[DataProblem]:
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    return list(caught.value.problems)


def _read(path: Path) -> DataProblem:
    doc, (problem, *rest) = read_json(path)
    assert doc is None and not rest
    return problem


def _file(tmp_path: Path, text: str, name: str = "card.json") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


# (how to make the fault, English, Vietnamese, Lao): the whole problem line.
FILE_FAULTS = [
    (
        lambda tmp: _file(tmp, '{"name": "a", "name": "b"}'),
        "card.json: -: name = given twice: expected each key once in an object",
        "card.json: -: name = có hai lần: cần mỗi khóa chỉ xuất hiện một lần trong một đối tượng",
        "card.json: -: name = ມີສອງເທື່ອ: ຕ້ອງເປັນ ແຕ່ລະກະແຈພຽງເທື່ອດຽວໃນວັດຖຸໜຶ່ງ",
    ),
    (
        lambda tmp: _file(tmp, '{"a": ' + "[" * 40 + "]" * 40 + "}"),
        "card.json: a[0]: "
        + ".".join("0" * 30)
        + " = list at depth 32: expected at most 32 levels",
        "card.json: a[0]: "
        + ".".join("0" * 30)
        + " = danh sách (mảng) ở cấp lồng thứ 32: cần tối đa 32 cấp"
        " lồng nhau",
        "card.json: a[0]: "
        + ".".join("0" * 30)
        + " = ລາຍການ (array) ຢູ່ຊັ້ນທີ 32: ຕ້ອງເປັນ ຊ້ອນກັນບໍ່ເກີນ 32 ຊັ້ນ",
    ),
    (
        lambda tmp: _file(tmp, '{"a": ' + '{"b": ' * 40 + "1" + "}" * 41),
        "card.json: -: a" + ".b" * 31 + " = dict at depth 32: expected at most 32 levels",
        "card.json: -: a"
        + ".b" * 31
        + " = đối tượng ở cấp lồng thứ 32: cần tối đa 32 cấp lồng nhau",
        "card.json: -: a" + ".b" * 31 + " = ວັດຖຸ (object) ຢູ່ຊັ້ນທີ 32: ຕ້ອງເປັນ ຊ້ອນກັນບໍ່ເກີນ 32 ຊັ້ນ",
    ),
    (
        lambda tmp: _file(tmp, "[" * 200_000 + "]" * 200_000),
        "card.json: -: line 1, column 33 = nested deeper: expected at most 32 levels",
        "card.json: -: dòng 1, cột 33 = lồng sâu hơn nữa: cần tối đa 32 cấp lồng nhau",
        "card.json: -: ແຖວ 1, ຖັນ 33 = ຊ້ອນກັນເລິກກວ່ານັ້ນ: ຕ້ອງເປັນ ຊ້ອນກັນບໍ່ເກີນ 32 ຊັ້ນ",
    ),
    (
        lambda tmp: _file(tmp, '{"n": ' + "9" * 40 + "}"),
        "card.json: -: n = 999999999999… (40 digits): expected an integer between"
        " -9,007,199,254,740,991 and 9,007,199,254,740,991",
        "card.json: -: n = 999999999999… (40 chữ số): cần một số nguyên trong khoảng từ"
        " -9.007.199.254.740.991 đến 9.007.199.254.740.991",
        "card.json: -: n = 999999999999… (40 ຕົວເລກ): ຕ້ອງເປັນ ຈຳນວນຖ້ວນລະຫວ່າງ"
        " -9.007.199.254.740.991 ຫາ 9.007.199.254.740.991",
    ),
    (
        lambda tmp: _file(tmp, '{"a": 1,\n'),
        "card.json: -: line 2, column 1 = end of file: expected property name enclosed in"
        " double quotes (valid JSON)",
        "card.json: -: dòng 2, cột 1 = cuối tệp: cần tên thuộc tính đặt trong dấu ngoặc kép"
        " (JSON hợp lệ)",
        "card.json: -: ແຖວ 2, ຖັນ 1 = ທ້າຍໄຟລ໌: ຕ້ອງເປັນ ຊື່ຄຸນສົມບັດໃນວົງຢືມຄູ່ (JSON ທີ່ຖືກຕ້ອງ)",
    ),
]


@pytest.mark.parametrize(("make", "en", "vi", "lo"), FILE_FAULTS)
def test_reader_words_are_said_in_each_language(
    tmp_path: Path, make: object, en: str, vi: str, lo: str
) -> None:
    """Tests that the strict reader's own words for a value are rendered in vi and lo."""
    problem = _read(make(tmp_path))  # type: ignore[operator]
    assert (str(problem), _said(problem, "en")) == (en, en)
    assert _said(problem, "vi") == vi
    assert _said(problem, "lo") == lo


def test_a_folder_or_a_too_big_file_is_said_in_each_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests the values naming a folder, a special file and a file's size in vi and lo."""
    folder = tmp_path / "card.json"
    folder.mkdir()
    problem = _read(folder)
    assert str(problem) == f"card.json: -: file = {folder} is a folder: expected a regular file"
    assert (
        _said(problem, "vi") == f"card.json: -: tệp = {folder} là một thư mục: cần một tệp"
        " thông thường"
    )
    assert _said(problem, "lo") == f"card.json: -: ໄຟລ໌ = {folder} ເປັນໂຟນເດີ: ຕ້ອງເປັນ ໄຟລ໌ທຳມະດາ"
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    problem = _read(pipe)
    assert str(problem).endswith(f"= {pipe} is a special file: expected a regular file")
    assert f"= {pipe} là một tệp đặc biệt (không phải tệp dữ liệu): cần" in _said(problem, "vi")
    assert f"= {pipe} ເປັນໄຟລ໌ພິເສດ (ບໍ່ແມ່ນໄຟລ໌ຂໍ້ມູນ): ຕ້ອງເປັນ" in _said(problem, "lo")
    monkeypatch.setattr(jsonfile, "MAX_FILE_BYTES", 1000)
    problem = _read(_file(tmp_path, json.dumps({"note": "x" * 1200}), "big.json"))
    assert "file = 1,212 bytes: expected at most 1,000 bytes" in str(problem)
    assert _said(problem, "vi").endswith("tệp = 1.212 byte: cần tối đa 1.000 byte")
    assert _said(problem, "lo").endswith("ໄຟລ໌ = 1.212 ໄບຕ໌: ຕ້ອງເປັນ ບໍ່ເກີນ 1.000 ໄບຕ໌")


# (bad file, English, Vietnamese, Lao): the loader's words for what it did not find.
LOADER_FAULTS = [
    (
        "site_without_access.json",
        "sites.json: plei-kan: access = 'missing': expected an access entry in roads.json"
        " joining the site to a road node",
        "sites.json: plei-kan: access = (không có): cần ",
        "sites.json: plei-kan: access = (ບໍ່ມີ): ຕ້ອງເປັນ ",
    ),
    (
        "missing_speed.json",
        "roads.json: alt-01: speeds.kmh.provincial.car = 'missing': expected a speed for class"
        " 'provincial' and mode 'car'",
        "roads.json: alt-01: speeds.kmh.provincial.car = (không có): cần ",
        "roads.json: alt-01: speeds.kmh.provincial.car = (ບໍ່ມີ): ຕ້ອງເປັນ ",
    ),
    (
        "disconnected_network.json",
        "roads.json: mang-den: connectivity = '3 place(s) cut off: mang-den, n-mang-den,"
        " pa-sy-waterfall': expected one connected network (add a segment joining them to the"
        " rest)",
        "roads.json: mang-den: tính liên thông = 3 địa điểm bị tách rời khỏi mạng lưới: mang-den,"
        " n-mang-den, pa-sy-waterfall: cần một mạng lưới liền mạch",
        "roads.json: mang-den: ການເຊື່ອມຕໍ່ = ສະຖານທີ່ 3 ແຫ່ງຖືກຕັດຂາດຈາກເຄືອຂ່າຍ: mang-den,"
        " n-mang-den, pa-sy-waterfall: ຕ້ອງເປັນ ເຄືອຂ່າຍທີ່ເຊື່ອມຕໍ່ກັນໝົດ",
    ),
]


@pytest.mark.parametrize(("bad", "en", "vi", "lo"), LOADER_FAULTS)
def test_loader_words_are_said_in_each_language(
    tmp_path: Path, bad: str, en: str, vi: str, lo: str
) -> None:
    """Tests that 'missing' and the cut-off places are said in vi and lo, English unchanged."""
    problem = _loaded(bad_copy(bad, tmp_path))[0]
    assert str(problem) == en
    assert _said(problem, "vi").startswith(vi)
    assert _said(problem, "lo").startswith(lo)
    assert "missing" not in _said(problem, "vi") + _said(problem, "lo")
    assert "cut off" not in _said(problem, "vi") + _said(problem, "lo")


def test_street_nodes_cut_off_are_said_in_each_language(tmp_path: Path) -> None:
    """Tests that street nodes joined to no road node are counted in vi and lo."""
    _tiny(tmp_path)
    doc = json.loads(STREETS.read_text("utf-8"))
    lone = {**doc["towns"][0]["nodes"][0], "id": "s-md-lone", "lat": 14.604, "lon": 108.273}
    doc["towns"][0]["nodes"].append(lone)
    (tmp_path / "streets.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    (problem,) = [p for p in _loaded(tmp_path) if p.field == "connectivity"]
    assert str(problem) == (
        "streets.json: s-md-lone: connectivity = '1 street node(s) cut off: s-md-lone': expected"
        " street segments joining them to a road node of roads.json"
    )
    assert _said(problem, "vi") == (
        "streets.json: s-md-lone: tính liên thông = 1 nút phố bị tách rời khỏi mạng lưới đường:"
        " s-md-lone: cần các đoạn phố nối chúng với một nút đường của roads.json"
    )
    assert _said(problem, "lo") == (
        "streets.json: s-md-lone: ການເຊື່ອມຕໍ່ = ຈຸດເຊື່ອມຖະໜົນ 1 ຈຸດຖືກຕັດຂາດຈາກເຄືອຂ່າຍທາງ:"
        " s-md-lone: ຕ້ອງເປັນ ຊ່ວງຖະໜົນທີ່ເຊື່ອມພວກມັນກັບຈຸດເຊື່ອມທາງຂອງ roads.json"
    )


def test_an_inconsistent_record_says_why_in_each_language(tmp_path: Path) -> None:
    """Tests a closure ending before it starts and a closed gate without a reason, in vi and lo.

    The record's type refuses them with a message of its own; English keeps the quoted
    sentence the loader has always printed.
    """
    (problem,) = _loaded(bad_copy("closure_ends_before_start.json", tmp_path))
    assert str(problem) == (
        "roads.json: bo-y-phou-keua: (record) = 'Closure: end 2027-02-01 is before start"
        " 2027-02-05.': expected a consistent record"
    )
    assert _said(problem, "vi") == (
        "roads.json: bo-y-phou-keua: (cả bản ghi) = “Lịch đóng cửa khẩu: ngày kết thúc 2027-02-01"
        " trước ngày bắt đầu 2027-02-05.”: cần một bản ghi nhất quán"
    )
    assert _said(problem, "lo") == (
        "roads.json: bo-y-phou-keua: (ທັງລາຍການ) = “ການປິດດ່ານ: ວັນສິ້ນສຸດ 2027-02-01 ຢູ່ກ່ອນວັນເລີ່ມ"
        " 2027-02-05.”: ຕ້ອງເປັນ ຂໍ້ມູນທີ່ສອດຄ່ອງກັນ"
    )
    closed = _tiny(tmp_path / "closed")
    doc = json.loads((closed / "roads.json").read_text("utf-8"))
    doc["crossings"][0].update(open_to_tourists=False, closed_reason="")
    (closed / "roads.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    (problem,) = _loaded(closed)
    assert str(problem) == (
        "roads.json: bo-y-phou-keua: (record) = \"BorderCrossing 'bo-y-phou-keua': a closed"
        ' crossing needs closed_reason.": expected a consistent record'
    )
    assert _said(problem, "vi") == (
        "roads.json: bo-y-phou-keua: (cả bản ghi) = “Cửa khẩu 'bo-y-phou-keua': cửa khẩu không"
        " mở cho khách du lịch phải có closed_reason (lý do đóng).”: cần một bản ghi nhất quán"
    )
    assert _said(problem, "lo") == (
        "roads.json: bo-y-phou-keua: (ທັງລາຍການ) = “ດ່ານ 'bo-y-phou-keua': ດ່ານທີ່ບໍ່ເປີດໃຫ້ນັກທ່ອງ"
        "ທ່ຽວຕ້ອງມີ closed_reason (ເຫດຜົນທີ່ປິດ).”: ຕ້ອງເປັນ ຂໍ້ມູນທີ່ສອດຄ່ອງກັນ"
    )


def test_where_a_problem_lies_is_said_in_each_language(tmp_path: Path) -> None:
    """Tests a byte that is not UTF-8 and a fault of the whole document, in vi and lo."""
    path = tmp_path / "card.json"
    path.write_bytes(b'{"a": "\xff"}')
    problem = _read(path)
    assert str(problem) == "card.json: -: byte 7 = 'ff': expected valid UTF-8 text"
    assert _said(problem, "vi") == "card.json: -: byte thứ 7 = 'ff': cần văn bản UTF-8 hợp lệ"
    lao = "card.json: -: ໄບຕ໌ທີ 7 = 'ff': ຕ້ອງເປັນ ຂໍ້ຄວາມ UTF-8 ທີ່ຖືກຕ້ອງ"
    assert _said(problem, "lo") == lao
    problem = _read(_file(tmp_path, "NaN", "whole.json"))
    assert str(problem) == (
        "whole.json: -: (document) = NaN: expected a finite number (JSON has no NaN or Infinity)"
    )
    assert _said(problem, "vi").startswith("whole.json: -: (cả tệp) = NaN: cần ")
    assert _said(problem, "lo").startswith("whole.json: -: (ທັງໄຟລ໌) = NaN: ຕ້ອງເປັນ ")


@pytest.mark.parametrize(
    ("text", "en", "vi", "lo"),
    [
        ("[1, 2]", "'list'", "“danh sách (mảng)”", "“ລາຍການ (array)”"),
        ('"sites"', "'str'", "“chuỗi văn bản”", "“ຂໍ້ຄວາມ”"),
        ("null", "'NoneType'", "“null (giá trị rỗng)”", "“null (ຄ່າຫວ່າງ)”"),
    ],
)
def test_a_document_that_is_not_an_object_is_said_in_each_language(
    tmp_path: Path, text: str, en: str, vi: str, lo: str
) -> None:
    """Tests sites.json holding a list, a text or null instead of an object, in vi and lo."""
    _tiny(tmp_path)
    (tmp_path / "sites.json").write_text(text, "utf-8")
    (problem,) = _loaded(tmp_path)
    assert str(problem) == f"sites.json: -: file = {en}: expected a JSON object"
    assert _said(problem, "vi") == f"sites.json: -: tệp = {vi}: cần một đối tượng JSON"
    assert _said(problem, "lo").startswith(f"sites.json: -: ໄຟລ໌ = {lo}: ຕ້ອງເປັນ ")


def test_an_invalid_escape_is_said_in_each_language(tmp_path: Path) -> None:
    """Tests a backslash before a letter JSON does not allow, in vi and lo."""
    problem = _read(_file(tmp_path, '{"name": "Kon Tum\\q"}'))
    assert str(problem).endswith(": expected valid JSON, not invalid \\escape")
    assert _said(problem, "vi").endswith(
        ": cần JSON hợp lệ, không phải chuỗi thoát \\ không hợp lệ (sau dấu \\ chỉ được dùng"
        ' " \\ / b f n r t u)'
    )
    assert _said(problem, "lo").endswith(
        ': ຕ້ອງເປັນ JSON ທີ່ຖືກຕ້ອງ, ບໍ່ແມ່ນ ລຳດັບ \\ ທີ່ບໍ່ຖືກຕ້ອງ (ຫຼັງ \\ ໃຊ້ໄດ້ສະເພາະ " \\ / b f n r t u)'
    )


def test_an_unreadable_file_says_why_in_each_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests a file the system refuses to read (permission denied), in vi and lo."""
    path = _file(tmp_path, "{}")

    def refuse(self: Path) -> bytes:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    problem = _read(path)
    assert (
        str(problem) == f"card.json: -: file = {path} (Permission denied): expected a readable file"
    )
    assert _said(problem, "vi") == (
        f"card.json: -: tệp = {path} (không có quyền truy cập): cần một tệp đọc được"
    )
    assert _said(problem, "lo") == (f"card.json: -: ໄຟລ໌ = {path} (ບໍ່ມີສິດເຂົ້າເຖິງ): ຕ້ອງເປັນ ໄຟລ໌ທີ່ອ່ານໄດ້")


@pytest.mark.parametrize(
    ("start", "en", "vi", "lo"),
    [
        (
            "2027-02-30",
            "day is out of range for month",
            "ngày này không có trong tháng đó",
            "ມື້ນີ້ບໍ່ມີໃນເດືອນນັ້ນ",
        ),
        (
            "2027-13-01",
            "month must be in 1..12",
            "tháng phải từ 1 đến 12",
            "ເດືອນຕ້ອງຢູ່ລະຫວ່າງ 1 ຫາ 12",
        ),
    ],
)
def test_a_date_the_calendar_has_not_is_said_in_each_language(
    tmp_path: Path, start: str, en: str, vi: str, lo: str
) -> None:
    """Tests a gate closure starting on 30 February or in month 13, in vi and lo."""
    _tiny(tmp_path)
    doc = json.loads((tmp_path / "roads.json").read_text("utf-8"))
    doc["crossings"][0]["closures"][0]["start"] = start
    (tmp_path / "roads.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    (problem,) = _loaded(tmp_path)
    where = "roads.json: bo-y-phou-keua: "
    assert str(problem) == where + f"(record) = '{en}': expected a consistent record"
    assert _said(problem, "vi") == where + f"(cả bản ghi) = “{vi}”: cần một bản ghi nhất quán"
    assert _said(problem, "lo") == where + f"(ທັງລາຍການ) = “{lo}”: ຕ້ອງເປັນ ຂໍ້ມູນທີ່ສອດຄ່ອງກັນ"
