"""Tests of ``tourlink db upgrade``, ``tourlink orgs create`` and ``tourlink users create``."""

from __future__ import annotations

import io

import pytest
from databases import PASSWORD

from tourlink.cli import main
from tourlink.store import authenticate, current_revision, head_revision, make_engine, make_sessions


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
