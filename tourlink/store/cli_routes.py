"""The ``tourlink routes import FILE`` and ``tourlink routes export [FILE]`` sub-commands.

``import`` reads a ``tourlink-routes/1`` file (validated against the catalogue, every
problem listed) and stores each route the database does not have yet as its published
version 1; a route it already has is left alone and named (change it through the office's
reviewed workflow). ``export`` writes the published version of every route in the same
format, to FILE or standard output. ``tourlink db upgrade`` seeds the shipped routes once.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tourlink.messages import message
from tourlink.store import texts as st

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add the ``routes`` sub-command (``import``, ``export``) to ``sub``."""
    from tourlink.store.cli_store import _database_option as database_option

    routes = sub.add_parser("routes", help="move published routes between a file and the database")
    actions = routes.add_subparsers(dest="routes_command", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="store the routes of FILE the database lacks")
    imp.add_argument("file", metavar="FILE", help="a tourlink-routes/1 file (routes.json)")
    database_option(imp)
    imp.set_defaults(handler=_cmd_import)
    exp = actions.add_parser("export", help="write every published route as routes.json")
    exp.add_argument("file", metavar="FILE", nargs="?", help="where to write (default: stdout)")
    database_option(exp)
    exp.set_defaults(handler=_cmd_export)


def _cmd_import(args: argparse.Namespace) -> int:
    from tourlink.read import load_network
    from tourlink.store.cli_store import _database as database
    from tourlink.store.cli_store import _say
    from tourlink.store.engine import make_sessions
    from tourlink.store.routes import Routes
    from tourlink.tours import load_routes_file

    tours = load_routes_file(args.file, network=load_network())
    with database(args) as engine, make_sessions(engine)() as session:
        added, kept = Routes(session).add_published(tours, source=Path(args.file).name)
        session.commit()
    say = _say(args)
    print(say(message(st.ROUTES_IMPORTED, count=len(added), routes=", ".join(added) or "-")))
    if kept:
        print(say(message(st.ROUTES_KEPT, routes=", ".join(kept))))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from tourlink.store.cli_store import _database as database
    from tourlink.store.cli_store import _say
    from tourlink.store.engine import make_sessions
    from tourlink.store.routes import Routes, routes_file

    with database(args) as engine, make_sessions(engine)() as session:
        doc = routes_file(Routes(session).published())
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if args.file:
        Path(args.file).write_text(text, encoding="utf-8")
        said = message(st.ROUTES_WRITTEN, count=len(doc["routes"]), file=args.file)
        print(_say(args)(said))
    else:
        sys.stdout.write(text)
    return 0
