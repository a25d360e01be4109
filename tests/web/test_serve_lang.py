"""Tests that ``tourlink serve`` and the app's start-up refusals speak ``--lang``.

The web package refuses an unsafe or unusable configuration with a
:class:`~tourlink_web.security.ConfigurationError` whose message is the library's
(``serve.*``), so the command line prints it in Vietnamese or Lao, one line, exit code 2,
no traceback; its start-up lines are messages too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

import tourlink_web
from tourlink.cli import main
from tourlink.store.engine import make_engine
from tourlink.store.migrate import head_revision, upgrade
from tourlink.translations import renderer
from tourlink_web import database, security

LOADING = {
    "vi": "tourlink: đang tải dữ liệu và bộ lập lịch trình...",
    "lo": "tourlink: ກຳລັງໂຫຼດຂໍ້ມູນ ແລະ ລະບົບວາງແຜນການເດີນທາງ...",
}
KEY = "k" * 48
PYTHON = "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`"

# (environment, language, the error line)
REFUSALS = [
    (
        {"TOURLINK_SECRET_KEY": "tests"},
        "vi",
        "tourlink: lỗi: TOURLINK_SECRET_KEY phải là một giá trị ngẫu nhiên bí mật dài ít nhất 32"
        " ký tự, nhưng khóa đã cho là khóa ai cũng biết hoặc quá ngắn; hãy tạo một khóa bằng"
        f" {PYTHON}.",
    ),
    (
        {"TOURLINK_SECRET_KEY": "tests"},
        "lo",
        "tourlink: ຂໍ້ຜິດພາດ: TOURLINK_SECRET_KEY ຕ້ອງເປັນຄ່າສຸ່ມທີ່ເປັນຄວາມລັບ ຢ່າງໜ້ອຍ 32"
        " ຕົວອັກສອນ, ແຕ່ໄດ້ຮັບຄ່າທີ່ຄົນອື່ນຮູ້ແລ້ວ ຫຼື ສັ້ນເກີນໄປ; ສ້າງຄ່າໃໝ່ດ້ວຍ"
        f" {PYTHON}.",
    ),
    (
        {"TOURLINK_SECRET_KEY": KEY, "TOURLINK_TRUSTED_HOSTS": ""},
        "vi",
        "tourlink: lỗi: TOURLINK_TRUSTED_HOSTS đang trống: hãy ghi các tên máy chủ mà dịch vụ trả"
        " lời, ví dụ TOURLINK_TRUSTED_HOSTS=tours.example.org.",
    ),
    (
        {"TOURLINK_SECRET_KEY": KEY, "TOURLINK_TRUSTED_HOSTS": ""},
        "lo",
        "tourlink: ຂໍ້ຜິດພາດ: TOURLINK_TRUSTED_HOSTS ຍັງວ່າງ: ກະລຸນາລະບຸຊື່ໂຮສທີ່ບໍລິການນີ້ຕອບຮັບ,"
        " ເຊັ່ນ TOURLINK_TRUSTED_HOSTS=tours.example.org.",
    ),
    (
        {"TOURLINK_SECRET_KEY": KEY, "TOURLINK_TRUSTED_HOSTS": "[tours.example.org"},
        "vi",
        "tourlink: lỗi: TOURLINK_TRUSTED_HOSTS phải là một danh sách JSON hoặc các tên máy chủ"
        " cách nhau bằng dấu phẩy, nhận được '[tours.example.org'.",
    ),
    (
        {"TOURLINK_SECRET_KEY": KEY, "TOURLINK_TRUSTED_HOSTS": "[tours.example.org"},
        "lo",
        "tourlink: ຂໍ້ຜິດພາດ: TOURLINK_TRUSTED_HOSTS ຕ້ອງເປັນລາຍການ JSON ຫຼື ຊື່ໂຮສທີ່ຂັ້ນດ້ວຍ"
        "ເຄື່ອງໝາຍຈຸດ (,), ແຕ່ໄດ້ຮັບ '[tours.example.org'.",
    ),
]


@pytest.mark.parametrize(("env", "lang", "said"), REFUSALS)
def test_serve_says_a_refused_configuration_in_lang(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    lang: str,
    said: str,
) -> None:
    """Tests that a refused configuration is one line in --lang, exit code 2, no traceback."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["serve", "--lang", lang]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.splitlines() == [LOADING[lang], said]


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "vi",
            "tourlink: đang chạy tại http://127.0.0.1:5077/ (nhấn Ctrl+C để dừng); để chạy chính"
            " thức, xem README.md (waitress-serve --call tourlink_web:create_app)",
        ),
        (
            "lo",
            "tourlink: ກຳລັງໃຫ້ບໍລິການທີ່ http://127.0.0.1:5077/ (ກົດ Ctrl+C ເພື່ອຢຸດ);"
            " ສຳລັບການໃຊ້ງານຈິງ ເບິ່ງ README.md (waitress-serve --call tourlink_web:create_app)",
        ),
    ],
)
def test_serve_start_up_lines_are_in_lang(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str, line: str
) -> None:
    """Tests the loading and serving lines in vi and lo (the server itself is not started)."""
    served: list[tuple[Any, ...]] = []
    monkeypatch.setattr(tourlink_web, "create_app", lambda config=None: "app")
    monkeypatch.setattr("werkzeug.serving.run_simple", lambda *a, **k: served.append(a))
    assert main(["serve", "--port", "5077", "--lang", lang]) == 0
    assert capsys.readouterr().err.splitlines() == [LOADING[lang], line]
    assert served == [("127.0.0.1", 5077, "app")]


def _bare(tmp_path: Path) -> Flask:
    return Flask("keytest", instance_path=str(tmp_path / "instance"))


def _refusal(call: Any, *args: Any) -> security.ConfigurationError:
    with pytest.raises(security.ConfigurationError) as caught:
        call(*args)
    return caught.value


def test_unusable_key_file_is_said_in_lang(tmp_path: Path) -> None:
    """Tests the key file refusals (the folder is a file; the key is short) in vi and lo."""
    (tmp_path / "instance").write_text("a file where the folder should be")
    error = _refusal(security.configure_secret_key, _bare(tmp_path))
    path = tmp_path / "instance" / security.KEY_FILE
    assert renderer("vi")(error.message) == (
        f"chưa đặt TOURLINK_SECRET_KEY và không dùng được {path} (thư mục instance lại là một"
        " tệp); hãy đặt TOURLINK_SECRET_KEY là một giá trị ngẫu nhiên bí mật."
    )
    assert renderer("lo")(error.message) == (
        f"ບໍ່ໄດ້ຕັ້ງ TOURLINK_SECRET_KEY ແລະ ໃຊ້ {path} ບໍ່ໄດ້ (ໂຟນເດີ instance ເປັນໄຟລ໌);"
        " ກະລຸນາຕັ້ງ TOURLINK_SECRET_KEY ເປັນຄ່າສຸ່ມທີ່ເປັນຄວາມລັບ."
    )
    short = tmp_path / "other"
    (short / "instance").mkdir(parents=True)
    (short / "instance" / security.KEY_FILE).write_text("too-short")
    error = _refusal(security.configure_secret_key, _bare(short))
    path = short / "instance" / security.KEY_FILE
    assert str(error).startswith(f"{path} holds no usable secret key (shorter than 32 characters)")
    assert renderer("vi")(error.message) == (
        f"{path} không chứa khóa bí mật dùng được (ngắn hơn 32 ký tự); hãy xóa tệp này để tạo"
        " khóa mới, hoặc đặt TOURLINK_SECRET_KEY."
    )
    assert renderer("lo")(error.message) == (
        f"{path} ບໍ່ມີກະແຈລັບທີ່ໃຊ້ໄດ້ (ສັ້ນກວ່າ 32 ຕົວອັກສອນ); ລຶບໄຟລ໌ນີ້ເພື່ອໃຫ້ສ້າງກະແຈໃໝ່ ຫຼື ຕັ້ງ TOURLINK_SECRET_KEY."
    )


def test_database_without_the_newest_schema_is_said_in_lang(tmp_path: Path) -> None:
    """Tests that an unmigrated or an old database refuses start-up, said in vi and lo."""
    app = Flask("dbtest", instance_path=str(tmp_path))
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    app.config["DATABASE_URL"] = url
    error = _refusal(database.init_app, app)
    head = head_revision()
    assert str(error) == (
        f"The database {url} has no tourlink tables yet (schema revision {head} is due): run"
        " `tourlink db upgrade` before starting the app."
    )
    assert renderer("vi")(error.message) == (
        f"Cơ sở dữ liệu {url} chưa có bảng nào của tourlink (cần lược đồ phiên bản {head}): hãy"
        " chạy `tourlink db upgrade` trước khi khởi động ứng dụng."
    )
    assert renderer("lo")(error.message) == (
        f"ຖານຂໍ້ມູນ {url} ຍັງບໍ່ມີຕາຕະລາງຂອງ tourlink (ຕ້ອງມີໂຄງສ້າງລຸ້ນ {head}): ກະລຸນາແລ່ນ"
        " `tourlink db upgrade` ກ່ອນເລີ່ມແອັບ."
    )
    upgrade(make_engine(url), "0001")
    error = _refusal(database.init_app, app)
    assert str(error) == (
        f"The database {url} is at schema revision 0001, not {head}: run `tourlink db upgrade`"
        " before starting the app."
    )
    assert renderer("vi")(error.message) == (
        f"Cơ sở dữ liệu {url} đang ở phiên bản lược đồ 0001, không phải {head}: hãy chạy"
        " `tourlink db upgrade` trước khi khởi động ứng dụng."
    )
    assert renderer("lo")(error.message) == (
        f"ຖານຂໍ້ມູນ {url} ຢູ່ໃນໂຄງສ້າງລຸ້ນ 0001, ບໍ່ແມ່ນ {head}: ກະລຸນາແລ່ນ `tourlink db upgrade` ກ່ອນເລີ່ມແອັບ."
    )
