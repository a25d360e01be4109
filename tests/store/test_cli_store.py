"""Tests of ``tourlink db upgrade``, ``tourlink orgs create`` and ``tourlink users create``."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from databases import PASSWORD

from tourlink.cli import main
from tourlink.exceptions import InvalidRequestError
from tourlink.store import authenticate, current_revision, head_revision, make_engine, make_sessions
from tourlink.store.cli_store import read_password
from tourlink.store.engine import normalise_url
from tourlink.translations import renderer


def _run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = ""
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_upgrade_then_create_org_and_user(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests that the three commands make a database a user can log in to."""
    monkeypatch.setenv("TOURLINK_DATABASE_URL", database_url)
    code, out, _ = _run(capsys, monkeypatch, "db", "upgrade")
    assert code == 0 and "from revision empty to" in out
    code, out, _ = _run(capsys, monkeypatch, "db", "upgrade")
    assert code == 0 and "is up to date" in out
    code, out, _ = _run(
        capsys, monkeypatch, "orgs", "create", "mang-den-travel", "--name", "Măng Đen Travel"
    )
    assert code == 0 and "created organisation mang-den-travel (operator)" in out
    code, out, err = _run(
        capsys,
        monkeypatch,
        *("users", "create", "Lan@Example.VN", "--org", "mang-den-travel", "--role", "org-admin"),
        stdin=PASSWORD + "\n",
    )
    assert code == 0, err
    engine = make_engine(database_url)
    assert current_revision(engine) == head_revision()
    with make_sessions(engine)() as session:
        actor = authenticate(session, "lan@example.vn", PASSWORD)
    engine.dispose()
    assert actor is not None and actor.role == "org-admin" and actor.org_name == "Măng Đen Travel"


def test_errors_name_what_to_do(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests that an unmigrated database, an unknown org and a taken slug fail with advice."""
    code, _, err = _run(
        capsys, monkeypatch, "orgs", "create", "kt", "--name", "KT", "--database", database_url
    )
    assert code == 2 and "run `tourlink db upgrade` first" in err
    assert _run(capsys, monkeypatch, "db", "upgrade", "--database", database_url)[0] == 0
    args = ("--database", database_url)
    code, _, err = _run(
        capsys,
        monkeypatch,
        *("users", "create", "a@kt.example", "--org", "kt", "--role", "operator", *args),
        stdin=PASSWORD + "\n",
    )
    assert code == 2 and "tourlink orgs create kt --name NAME" in err
    assert _run(capsys, monkeypatch, "orgs", "create", "kt", "--name", "KT", *args)[0] == 0
    code, _, err = _run(capsys, monkeypatch, "orgs", "create", "kt", "--name", "KT", *args)
    assert code == 2 and "slug 'kt' already exists" in err
    code, _, err = _run(
        capsys,
        monkeypatch,
        *("users", "create", "a@kt.example", "--org", "kt", "--role", "operator", *args),
        stdin="short\n",
    )
    assert code == 2 and "`password` must have at least 10 characters" in err


def test_bad_database_url_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests that a URL of an unsupported database is refused naming the variable."""
    code, _, err = _run(capsys, monkeypatch, "db", "upgrade", "--database", "mysql://x@y/z")
    assert code == 2 and "TOURLINK_DATABASE_URL" in err and "'mysql'" in err


def test_reports_are_in_lang(
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Any,
) -> None:
    """Tests the reports of db upgrade, orgs/users create and routes in vi and lo."""
    monkeypatch.setenv("TOURLINK_DATABASE_URL", database_url)
    code, out, _ = _run(capsys, monkeypatch, "--lang", "vi", "db", "upgrade")
    head = head_revision()
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("tourlink: đã tạo lược đồ cho ")
    assert lines[0].endswith(f" (trước đó còn trống), phiên bản {head}.")
    assert lines[1] == "tourlink: đã lưu 6 tuyến đã công bố đi kèm phần mềm (data/routes.json)."
    code, out, _ = _run(capsys, monkeypatch, "--lang", "lo", "db", "upgrade")
    assert out.rstrip().endswith(f" ເປັນລຸ້ນລ່າສຸດແລ້ວ (ໂຄງສ້າງລຸ້ນ {head}).")
    argv = ("orgs", "create", "mang-den-travel", "--name", "Măng Đen Travel", "--lang", "vi")
    code, out, _ = _run(capsys, monkeypatch, *argv)
    assert out == "tourlink: đã tạo tổ chức mang-den-travel (operator): Măng Đen Travel\n"
    argv = ("users", "create", "lan@example.vn", "--org", "mang-den-travel", "--role", "org-admin")
    code, out, _ = _run(capsys, monkeypatch, "--lang", "lo", *argv, stdin=PASSWORD + "\n")
    assert out == "tourlink: ໄດ້ສ້າງຜູ້ໃຊ້ lan@example.vn (org-admin) ໃນ mang-den-travel\n"
    target = tmp_path / "routes.json"
    code, out, _ = _run(capsys, monkeypatch, "--lang", "lo", "routes", "export", str(target))
    assert out == f"tourlink: ໄດ້ຂຽນເສັ້ນທາງທີ່ເຜີຍແຜ່ແລ້ວ 6 ເສັ້ນ ໄປທີ່ {target}.\n"
    code, out, _ = _run(capsys, monkeypatch, "--lang", "vi", "routes", "import", str(target))
    assert out.splitlines() == [
        "tourlink: đã nhập 0 tuyến ở trạng thái đã công bố: -.",
        "tourlink: đã có trong cơ sở dữ liệu, giữ nguyên: "
        + ", ".join(sorted(r["id"] for r in json.loads(target.read_text())["routes"]))
        + " (hãy thay đổi chúng qua quy trình duyệt của cơ quan du lịch).",
    ]


def test_password_prompts_are_in_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests that the password is asked for in the reader's language on a terminal."""
    asked: list[str] = []

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def getpass(prompt: str) -> str:
        asked.append(prompt)
        return "secret-pass"

    monkeypatch.setattr("getpass.getpass", getpass)
    assert read_password(Terminal(), renderer("vi")) == "secret-pass"
    assert read_password(Terminal(), renderer("lo")) == "secret-pass"
    assert asked == ["Mật khẩu: ", "Nhập lại mật khẩu: ", "ລະຫັດຜ່ານ: ", "ລະຫັດຜ່ານອີກຄັ້ງ: "]


@pytest.mark.parametrize(
    ("url", "vi", "lo"),
    [
        (
            "mysql://x@y/z",
            "`TOURLINK_DATABASE_URL` phải chỉ tới một cơ sở dữ liệu PostgreSQL hoặc SQLite, nhận"
            " được 'mysql'.",
            "`TOURLINK_DATABASE_URL` ຕ້ອງລະບຸຖານຂໍ້ມູນ PostgreSQL ຫຼື SQLite, ແຕ່ໄດ້ຮັບ 'mysql'.",
        ),
        (
            "http://[::1",
            "`TOURLINK_DATABASE_URL` phải là một URL cơ sở dữ liệu, ví dụ"
            " 'postgresql+psycopg://user@host/db' hoặc 'sqlite:///path', nhận được 'http://[::1'.",
            "`TOURLINK_DATABASE_URL` ຕ້ອງເປັນ URL ຂອງຖານຂໍ້ມູນ ເຊັ່ນ"
            " 'postgresql+psycopg://user@host/db' ຫຼື 'sqlite:///path', ແຕ່ໄດ້ຮັບ 'http://[::1'.",
        ),
    ],
)
def test_a_bad_database_url_is_said_in_lang(url: str, vi: str, lo: str) -> None:
    """Tests the refusal of a database URL tourlink cannot use, in vi and lo."""
    with pytest.raises(InvalidRequestError) as caught:
        normalise_url(url)
    assert caught.value.field == "TOURLINK_DATABASE_URL"
    assert renderer("vi")(caught.value.message) == vi
    assert renderer("lo")(caught.value.message) == lo
