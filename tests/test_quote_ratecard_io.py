"""Tests of reading rate card files: the strict JSON reader names every fault."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tourlink.exceptions import DataError
from tourlink.quote import load_ratecard


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ('{"name": "a", "name": "b"}', "name = given twice: expected each key once in an object"),
        ('{"name": "a", "vehicles": [{"id": "v", "seats": NaN}]}', "v: seats = NaN: expected a"),
        ('{"name": "a", "note": 1e999}', "note = 1e999: expected a finite number"),
        ('{"name": "a", "note": 9007199254740993}', "expected an integer between"),
        ('{"name": "a",', "ratecard.json"),
        (b'{"name": "\xff"}', "valid UTF-8 text"),
    ],
)
def test_ratecard_files_are_read_strictly(tmp_path: Path, text: str | bytes, fault: str) -> None:
    """Tests that a rate card file's duplicate keys, NaN, huge numbers… are named problems."""
    path = tmp_path / "ratecard.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(fault)):
        load_ratecard(path)


def test_ratecard_file_that_is_a_folder_is_named(tmp_path: Path) -> None:
    """Tests that a folder given as the rate card file is refused with its name."""
    with pytest.raises(DataError, match="is a folder: expected a regular file"):
        load_ratecard(tmp_path)


def test_rate_card_problems_carry_codes_and_render_in_each_language() -> None:
    """Tests that each problem of a card has a code and is said whole in Vietnamese and Lao."""
    from tourlink.quote.ratecard_io import ratecard_from_dict
    from tourlink.translations import renderer

    card = {"name": "", "vehicles": [{"id": "v", "seats": "4", "valid_from": "soon"}]}
    with pytest.raises(DataError) as info:
        ratecard_from_dict(card)
    problems = {(p.record, p.field): p for p in info.value.problems}
    seats = problems["vehicles[0] v", "seats"]
    assert seats.said is not None and seats.said.code == "expected.seats"
    assert str(seats) == "rate card: vehicles[0] v: seats = '4': expected a whole number of " + (
        "passenger seats"
    )
    assert {p.said.code for p in problems.values() if p.said} >= {
        "expected.non-empty-text",
        "expected.required",
        "expected.iso-date",
    }
    vi, lo = renderer("vi"), renderer("lo")
    assert vi(seats.message) == (
        "bảng giá: vehicles[0] v: seats = '4': cần một số nguyên chỉ số ghế hành khách"
    )
    assert lo(seats.message) == (
        "ຕາຕະລາງລາຄາ: vehicles[0] v: seats = '4': ຕ້ອງເປັນ ຈຳນວນຖ້ວນຂອງບ່ອນນັ່ງຜູ້ໂດຍສານ"
    )
    assert "expected" not in vi(info.value.message) and "expected" not in lo(info.value.message)


def test_a_rate_constructor_refusal_keeps_its_code() -> None:
    """Tests a rate the card's own rules refuse (two rates for one car on one day)."""
    from tourlink.quote.ratecard_io import ratecard_from_dict
    from tourlink.translations import renderer

    rate = {"vehicle": "car", "seats": 4, "currency": "VND", "per_day": "1"}
    rate |= {"valid_from": "2027-01-01", "valid_to": "2027-12-31"}
    card = {"name": "c", "vehicles": [{**rate, "id": "a"}, {**rate, "id": "b"}]}
    with pytest.raises(DataError) as info:
        ratecard_from_dict(card)
    (problem,) = info.value.problems
    assert problem.said is not None and problem.said.code == "ratecard.overlap"
    assert problem.expected == (
        "Rate card 'c': rates 'a' and 'b' are both valid on 2027-01-01 for 'car': make their "
        "dates not overlap."
    )
    assert "cùng áp dụng vào ngày 2027-01-01" in renderer("vi")(problem.message)
