"""The ``tourlink db``, ``tourlink orgs`` and ``tourlink users`` sub-commands.

``tourlink db upgrade`` creates or migrates the database named by ``TOURLINK_DATABASE_URL``
(default: the web app's embedded SQLite file); ``tourlink orgs create SLUG --name NAME``
and ``tourlink users create EMAIL --org SLUG --role ROLE`` (password on standard input)
add an organisation and a user. ``--database URL`` overrides the variable.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from tourlink.accounts import ORG_KINDS, ROLES
from tourlink.exceptions import InvalidRequestError
from tourlink.messages import message
from tourlink.store import texts as st
from tourlink.translations import Renderer, renderer

if TYPE_CHECKING:
    from sqlalchemy import Engine

ENV_URL = "TOURLINK_DATABASE_URL"  # as tourlink.store.engine.ENV_URL; importing it loads SQLAlchemy

__all__ = ["read_password", "register", "resolve_url"]


def register(sub: Any) -> None:
    """Add the ``db``, ``orgs`` and ``users`` sub-commands to ``sub``."""
    db = sub.add_parser("db", help="create or migrate the database")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = db_sub.add_parser("upgrade", help=f"create or migrate the database named by {ENV_URL}")
    _database_option(up)
    up.set_defaults(handler=_cmd_db_upgrade)

    orgs = sub.add_parser("orgs", help="manage organisations (tour operators, tourism office)")
    orgs_sub = orgs.add_subparsers(dest="orgs_command", metavar="ACTION", required=True)
    new_org = orgs_sub.add_parser("create", help="add an organisation")
    new_org.add_argument("slug", metavar="SLUG", help="short id, e.g. mang-den-travel")
    new_org.add_argument("--name", required=True, help="the organisation's name")
    new_org.add_argument("--kind", default="operator", choices=ORG_KINDS, help="default operator")
    _database_option(new_org)
    new_org.set_defaults(handler=_cmd_orgs_create)

    users = sub.add_parser("users", help="manage users")
    users_sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    new_user = users_sub.add_parser(
        "create", help="add a user (the password is read from standard input)"
    )
    new_user.add_argument("email", metavar="EMAIL")
    new_user.add_argument("--org", required=True, metavar="SLUG", help="the user's organisation")
    new_user.add_argument("--role", required=True, choices=ROLES, help="the user's role")
    new_user.add_argument("--name", default="", help="the name shown for the user")
    _database_option(new_user)
    new_user.set_defaults(handler=_cmd_users_create)


def _database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        metavar="URL",
        help=f"database URL (default: ${ENV_URL}, else the embedded SQLite file)",
    )


def resolve_url(args: argparse.Namespace) -> str:
    """Return the database URL: ``--database``, else the web app's (variable or SQLite)."""
    if getattr(args, "database", None):
        return str(args.database)
    from tourlink_web.database import configured_url

    return str(configured_url())


@contextmanager
def _database(args: argparse.Namespace, *, migrated: bool = True) -> Iterator[Engine]:
    """Yield an engine on the database of ``args`` (at the newest schema unless told not)."""
    from tourlink.store.engine import make_engine
    from tourlink.store.migrate import current_revision, head_revision

    engine = make_engine(resolve_url(args))
    try:
        if migrated and current_revision(engine) != head_revision():
            raise InvalidRequestError(message(st.OLD_SCHEMA), field="database")
        yield engine
    finally:
        engine.dispose()


def _say(args: argparse.Namespace) -> Renderer:
    """Return the renderer of ``tourlink --lang`` (the reports name no place)."""
    return renderer(getattr(args, "lang", "en"))


def _cmd_db_upgrade(args: argparse.Namespace) -> int:
    from tourlink.store.migrate import current_revision, upgrade
    from tourlink.store.routes import seed_shipped

    with _database(args, migrated=False) as engine:
        before = current_revision(engine)
        after = upgrade(engine)
        seeded = seed_shipped(engine)  # the published routes, once (tourlink.store.routes)
        shown = engine.url.render_as_string(hide_password=True)
    say = _say(args)
    if before == after:
        print(say(message(st.DB_UP_TO_DATE, database=shown, revision=str(after))))
    elif before is None:
        print(say(message(st.DB_CREATED, database=shown, after=str(after))))
    else:
        print(say(message(st.DB_UPGRADED, database=shown, before=before, after=str(after))))
    if seeded:
        print(say(message(st.DB_SEEDED, count=seeded)))
    return 0


def _cmd_orgs_create(args: argparse.Namespace) -> int:
    from tourlink.store.engine import make_sessions
    from tourlink.store.orgs import create_org

    with _database(args) as engine, make_sessions(engine).begin() as session:
        org = create_org(session, args.slug, args.name, args.kind)
        said = message(st.ORG_CREATED, slug=org.slug, kind=org.kind, name=org.name)
        print(_say(args)(said))
    return 0


def read_password(stream: Any = None, say: Renderer | None = None) -> str:
    """Return the password: asked twice on a terminal, else the first line of the stream."""
    source = sys.stdin if stream is None else stream
    say = say or renderer("en")
    if source.isatty():
        first = getpass.getpass(say(message(st.PASSWORD)))
        if getpass.getpass(say(message(st.PASSWORD_AGAIN))) != first:
            raise InvalidRequestError(message(st.PASSWORDS_DIFFER), field="password")
        return first
    return str(source.readline()).rstrip("\r\n")


def _cmd_users_create(args: argparse.Namespace) -> int:
    from tourlink.store.engine import make_sessions
    from tourlink.store.orgs import create_user

    with _database(args) as engine:
        password = read_password(say=_say(args))
        with make_sessions(engine).begin() as session:
            user = create_user(session, args.email, args.org, args.role, password, name=args.name)
            said = message(st.USER_CREATED, email=user.email, role=user.role, org=args.org)
            print(_say(args)(said))
    return 0
