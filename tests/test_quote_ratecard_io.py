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
