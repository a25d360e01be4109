"""Tests of tourlink.cli_usage: argparse's usage errors said in the language of ``--lang``."""

from __future__ import annotations

import pytest

from tourlink.cli import main
from tourlink.cli_usage import language_of, usage_message

PLAN = ["plan", "--date", "2026-03-03"]
CASES = {
    "choice": (
        [*PLAN, "--start", "pakse", "--days", "2", "--mode", "boat"],
        {
            "en": "tourlink plan: error: argument --mode: invalid choice: 'boat' (choose from "
            "'car', 'motorbike', 'coach')",
            "vi": "tourlink plan: lỗi: tham số --mode: lựa chọn không hợp lệ: 'boat' (chọn một "
            "trong 'car', 'motorbike', 'coach')",
            "lo": "tourlink plan: ຂໍ້ຜິດພາດ: ຕົວເລືອກ --mode: ຄ່າທີ່ເລືອກບໍ່ຖືກຕ້ອງ: 'boat' "
            "(ເລືອກຈາກ 'car', 'motorbike', 'coach')",
        },
    ),
    "required": (
        PLAN,
        {
            "en": "tourlink plan: error: the following arguments are required: --start, --days",
            "vi": "tourlink plan: lỗi: thiếu các tham số bắt buộc: --start, --days",
            "lo": "tourlink plan: ຂໍ້ຜິດພາດ: ຕ້ອງລະບຸຕົວເລືອກເຫຼົ່ານີ້: --start, --days",
        },
    ),
    "one value": (
        [*PLAN, "--days", "2", "--start"],
        {
            "en": "tourlink plan: error: argument --start: expected one argument",
            "vi": "tourlink plan: lỗi: tham số --start: cần đúng một giá trị",
            "lo": "tourlink plan: ຂໍ້ຜິດພາດ: ຕົວເລືອກ --start: ຕ້ອງມີໜຶ່ງຄ່າ",
        },
    ),
    "unrecognized": (
        [*PLAN, "--start", "pakse", "--days", "2", "--bogus"],
        {
            "en": "tourlink: error: unrecognized arguments: --bogus",
            "vi": "tourlink: lỗi: tham số không nhận ra được: --bogus",
            "lo": "tourlink: ຂໍ້ຜິດພາດ: ບໍ່ຮູ້ຈັກຕົວເລືອກເຫຼົ່ານີ້: --bogus",
        },
    ),
}


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("lang", ["en", "vi", "lo"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_usage_errors_in_the_readers_language(
    case: str, lang: str, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tests each usage error's last line in en/vi/lo, ``--lang`` before or after the command.

    The usage line stays, and the exit code is argparse's 2.
    """
    argv, lines = CASES[case]
    flag = ["--lang", lang]
    with pytest.raises(SystemExit) as info:
        main([*flag, *argv] if where == "before" else [*argv, *flag])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: tourlink")
    assert err.splitlines()[-1] == lines[lang]


def test_the_environment_gives_the_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tests that ``$TOURLINK_LANG`` says usage errors when the command line gives no --lang."""
    monkeypatch.setenv("TOURLINK_LANG", "vi")
    with pytest.raises(SystemExit):
        main(CASES["required"][0])
    assert capsys.readouterr().err.splitlines()[-1] == CASES["required"][1]["vi"]


def test_unknown_wording_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests that a sentence the table does not know is kept as argparse wrote it."""
    assert usage_message("argument --x: not allowed with argument --y") == (
        "argument --x: not allowed with argument --y"
    )
    assert language_of(["--lang=lo"]) == "lo"
    monkeypatch.delenv("TOURLINK_LANG", raising=False)
    assert language_of(["--lang", "xx"]) == "en"
