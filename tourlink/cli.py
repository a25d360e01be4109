"""The ``tourlink`` command line: parse, call the library, print.

Each sub-command is one ``_add_*`` function (adds its parser) and one ``_cmd_*``
function (does the work, returns the exit code). Other modules add sub-commands with
:func:`register_command`; :func:`build_parser` builds the whole parser.

Exit codes: 0 success, 1 no route, 2 bad input (unknown id, bad option, invalid data).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from tourlink import __version__
from tourlink.cli_usage import Parser
from tourlink.exceptions import (
    DataError,
    DataProblem,
    InfeasibleRequestError,
    InvalidRequestError,
    NoRouteError,
    TourlinkError,
    UnknownSiteError,
)
from tourlink.export import FORMATS, export
from tourlink.messages import Message, Param, define, message
from tourlink.model import COUNTRIES, MODES, ZONES, Route, Site
from tourlink.network import Network
from tourlink.read import default_data_dir, load_dataset, load_network
from tourlink.route_text import render_matrix, render_route
from tourlink.routing import TravelMatrix, alternatives, matrix, route
from tourlink.schema import CATEGORIES, KINDS
from tourlink.show_text import render_site, render_sites
from tourlink.tours import ROUTES_FILE, load_tours, routes_file_problems
from tourlink.translations import LANGUAGES, Renderer, renderer

__all__ = ["build_parser", "main", "matrix_as_dict", "register_command", "route_as_dict"]

SubParsers = Any  # argparse._SubParsersAction, a private type
Registrar = Callable[[SubParsers], None]
"""A function adding one sub-command: ``p = subparsers.add_parser(...)``;
``p.set_defaults(handler=fn)`` where ``fn(args) -> int``."""

_EXTRA: list[Registrar] = []


def register_command(registrar: Registrar) -> Registrar:
    """Register a function that adds a sub-command (usable as a decorator).

    Examples
    --------
    >>> def add_hello(sub):
    ...     p = sub.add_parser("hello", help="say hello")
    ...     p.set_defaults(handler=lambda args: 0)
    >>> _ = register_command(add_hello)
    >>> build_parser().parse_args(["hello"]).handler(None)
    0
    >>> _EXTRA.remove(add_hello)
    """
    if registrar not in _EXTRA:
        _EXTRA.append(registrar)
    return registrar


def build_parser(extra: Iterable[Registrar] = ()) -> argparse.ArgumentParser:
    """Return the ``tourlink`` argument parser with every registered sub-command."""
    parser = Parser(
        prog="tourlink",
        description="Routes and itineraries across Kon Tum, Măng Đen, Bờ Y and southern Laos.",
    )
    parser.add_argument("--data", metavar="DIR", help="data folder (default: the shipped data)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    helps = "language of warnings and errors: vi, en or lo (default $TOURLINK_LANG or en)"
    default = os.environ.get("TOURLINK_LANG", "en")
    parser.add_argument("--lang", choices=LANGUAGES, default=default, help=helps)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add in (_add_sites, _add_show, _add_route, _add_matrix, _add_check_data, *_EXTRA, *extra):
        add(sub)
    commands = list(sub.choices.values())
    while commands:  # also after the command: `tourlink route … --lang vi`, `orgs create … --lang`
        command = commands.pop()
        if "--lang" not in command._option_string_actions:
            command.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=helps)
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                commands.extend(action.choices.values())
    return parser


CHECK_HEADER = define("cli.check-data.header", "tourlink: error: {count} problem(s) in {folder}:")
CHECK_FOOTER = define(
    "cli.check-data.footer", "Fix them (see data/README.md) and run `tourlink check-data` again."
)
DATA_HINT = define(
    "cli.data-error.hint",
    "Fix the data files (see data/README.md); `tourlink check-data` lists every problem.",
)
NO_ROUTE_HINT = define(
    "cli.no-route.hint", "Try another --mode, drop --avoid-risk, or pick nearer places."
)
UNKNOWN_SITE_HINT = define(
    "cli.unknown-site.hint", "Run `tourlink sites --search TEXT` to find the id."
)
REQUEST_HINT = define("cli.request.hint", "Run `tourlink COMMAND --help` for the accepted values.")
INFEASIBLE_HINT = define(
    "cli.infeasible.hint", "Try more days, another start date, or fewer fixed stops."
)
ERROR_LINE = define("cli.error", "tourlink: error: {error}")
CHECK_OK = define(
    "cli.check-data.ok",
    "OK: {sites} sites, {nodes} road nodes, {segments} segments, {access} access roads, "
    "{crossings} border crossings, {routes} published routes in {path}",
)
CHECK_OK_NO_ROUTES = define(
    "cli.check-data.ok-no-routes",
    "OK: {sites} sites, {nodes} road nodes, {segments} segments, {access} access roads, "
    "{crossings} border crossings; no {file} (`tourlink serve` needs one) in {path}",
)
SERVE_LOADING = define("cli.serve.loading", "tourlink: loading the data and the optimiser...")
SERVE_LISTENING = define(
    "cli.serve.listening",
    "tourlink: serving on {url} (Ctrl+C to stop); for production see README.md "
    "(waitress-serve --call tourlink_web:create_app)",
)
MATRIX_NEEDS_IDS = define("cli.matrix.needs-ids", "matrix needs at least one ID or --zone ZONE.")
_SAY: dict[tuple[str, str | None], Renderer] = {}


def _renderer(args: argparse.Namespace) -> Renderer:
    """Return the renderer of ``--lang``, names looked up in the data of ``--data``."""
    lang = getattr(args, "lang", "en")
    data = getattr(args, "data", None)
    key = (lang, None if data is None else str(data))
    if key not in _SAY:
        try:
            network: Network | None = load_network(data)
        except TourlinkError:  # the data itself is at fault: name things by their refs
            network = None
        _SAY[key] = renderer(lang, network)
    return _SAY[key]


def _say(args: argparse.Namespace, said: Message | str) -> str:
    """Return ``said`` in the language of ``--lang``, names looked up in the data."""
    if not isinstance(said, Message):
        return str(said)
    return _renderer(args)(said)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code.

    When the reader of the output goes away (``tourlink route … | head``), the rest of
    the output is dropped quietly and the exit code is 141, as for a shell pipeline
    killed by SIGPIPE.
    """
    Parser.argv = argv  # usage errors are said in the language this command line asks for
    try:
        args = build_parser().parse_args(argv)
    finally:
        Parser.argv = None
    try:
        return _run(args)
    except BrokenPipeError:
        _silence_stdout()
        return 141


def _silence_stdout() -> None:
    """Point stdout at the null device so that the interpreter's final flush cannot fail."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (tests capture it): nothing is flushed at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _run(args: argparse.Namespace) -> int:
    try:
        code: int = args.handler(args)
    except NoRouteError as exc:
        return _fail(args, exc, message(NO_ROUTE_HINT), 1)
    except UnknownSiteError as exc:
        return _fail(args, exc, message(UNKNOWN_SITE_HINT), 2)
    except DataError as exc:
        return _fail(args, exc, message(DATA_HINT), 2)
    except InfeasibleRequestError as exc:  # a valid request that no itinerary fits
        return _fail(args, exc, message(INFEASIBLE_HINT), 2)
    except InvalidRequestError as exc:
        return _fail(args, exc, message(REQUEST_HINT), 2)
    except TourlinkError as exc:
        return _fail(args, exc, "", 2)
    return code


def _fail(args: argparse.Namespace, exc: TourlinkError, hint: Message | str, code: int) -> int:
    print(_say(args, message(ERROR_LINE, error=exc.message)), file=sys.stderr)
    if hint:
        print(_say(args, hint), file=sys.stderr)
    return code


def _network(args: argparse.Namespace) -> Network:
    return load_network(args.data)


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


# -- sites ------------------------------------------------------------------------------------


def _add_sites(sub: SubParsers) -> None:
    p = sub.add_parser("sites", help="list or search the catalogue of places")
    p.add_argument("--zone", choices=ZONES)
    p.add_argument("--category", choices=CATEGORIES)
    p.add_argument("--country", choices=COUNTRIES)
    p.add_argument("--kind", choices=KINDS)
    p.add_argument(
        "--search", metavar="TEXT", default="", help="name or id, with or without diacritics"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_cmd_sites)


def site_as_dict(site: Site) -> dict[str, Any]:
    """Return ``site`` as a JSON-ready dict."""
    from dataclasses import asdict

    return asdict(site)


def _cmd_sites(args: argparse.Namespace) -> int:
    found = _network(args).find_sites(
        args.search, zone=args.zone, category=args.category, country=args.country, kind=args.kind
    )
    if args.json:
        _print_json([site_as_dict(s) for s in found])
        return 0
    print(render_sites(found, _renderer(args).locale))
    return 0


# -- show -------------------------------------------------------------------------------------


def _add_show(sub: SubParsers) -> None:
    p = sub.add_parser("show", help="show one place")
    p.add_argument("id")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_cmd_show)


def _cmd_show(args: argparse.Namespace) -> int:
    site = _network(args).site(args.id)
    if args.json:
        _print_json(site_as_dict(site))
        return 0
    print(render_site(site, _renderer(args).locale))
    return 0


# -- route ------------------------------------------------------------------------------------


def _add_route(sub: SubParsers) -> None:
    p = sub.add_parser("route", help="fastest (or shortest) route between two places")
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--mode", default="car", help=f"one of {', '.join(MODES)} (default car)")
    p.add_argument(
        "--depart",
        metavar="ISO",
        type=_iso_time,
        help="departure, e.g. 2026-03-02T07:00 (local time at the origin)",
    )
    p.add_argument("--shortest", action="store_true", help="minimise km instead of minutes")
    p.add_argument(
        "--alternatives",
        metavar="K",
        type=_route_count,
        default=1,
        help="show up to K routes in all that really differ, best first "
        "(default 1: only the best; as the API's `alternatives`)",
    )
    p.add_argument(
        "--avoid-risk",
        metavar="MONTH",
        type=int,
        help="avoid segments with a seasonal risk in this month (1-12)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--export",
        choices=FORMATS,
        help="print the best route as a GPX, GeoJSON or iCalendar file instead "
        "(names, notes and warnings in --lang)",
    )
    p.set_defaults(handler=_cmd_route)


def _route_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(
            f"--alternatives must be a whole number of routes, at least 1, got {text!r}"
        )
    return count


def _iso_time(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--depart must be an ISO date-time such as 2026-03-02T07:00, got {text!r}"
        ) from None


def iso_time(when: dt.datetime | None) -> str | None:
    """Return ``when`` in ISO 8601, rounded to the second (``None`` stays ``None``).

    Examples
    --------
    >>> iso_time(dt.datetime(2026, 3, 2, 10, 49, 59, 600000))
    '2026-03-02T10:50:00'
    """
    if when is None:
        return None
    rounded = (when + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
    return rounded.isoformat(timespec="seconds")


def route_as_dict(r: Route, say: Renderer | None = None) -> dict[str, Any]:
    """Return ``r`` as a JSON-ready dict (top-level ``km`` and ``minutes`` are the totals).

    Times are ISO 8601 to the second; km and minutes are numbers with one decimal.
    Warnings, seasonal risks and crossing notes are texts in ``say``'s language (default
    English); ``warning_messages`` gives each warning's ``code``, ``params`` and ``text``,
    as the web API does.
    """
    say = say or renderer("en")
    return {
        "origin": r.origin,
        "destination": r.destination,
        "mode": r.mode,
        "km": round(r.km, 1),
        "minutes": round(r.minutes, 1),
        "depart": iso_time(r.depart),
        "arrive": iso_time(r.arrive),
        "roads": list(r.roads),
        "legs": [
            {
                "road": leg.road,
                "from": leg.source,
                "to": leg.target,
                "km": round(leg.km, 1),
                "minutes": round(leg.minutes, 1),
                "road_class": leg.road_class,
                "mountain_pass": leg.mountain_pass,
                "seasonal_risks": [say(risk) for risk in leg.seasonal_risks],
            }
            for leg in r.legs
        ],
        "crossings": [
            {
                "id": c.crossing.id,
                "name": c.crossing.name,
                "direction": list(c.direction),
                "arrive": iso_time(c.arrive),
                "depart": iso_time(c.depart),
                "waited_minutes": round(c.waited_minutes, 1),
                "formalities_minutes": c.crossing.formalities_minutes,
                "opening_hours": c.crossing.opening_hours,
                "traveller_documents": list(c.crossing.traveller_documents),
                "vehicle_documents": list(c.crossing.vehicle_documents),
                "notes": [say(note) for note in c.notes],
            }
            for c in r.crossings
        ],
        "warnings": [say(w) for w in r.warnings],
        "warning_messages": [say.to_dict(w) for w in r.warnings],
        "geometry": [[round(lat, 6), round(lon, 6)] for lat, lon in r.geometry],
    }


def _cmd_route(args: argparse.Namespace) -> int:
    net = _network(args)
    options: dict[str, Any] = {
        "mode": args.mode,
        "depart": args.depart,
        "weight": "km" if args.shortest else "minutes",
        "avoid_risk_month": args.avoid_risk,
        "network": net,
    }
    if args.alternatives > 1:
        found = alternatives(args.a, args.b, k=args.alternatives, **options)
    else:
        found = [route(args.a, args.b, **options)]
    best, others = found[0], found[1:]
    if args.export:
        body, _, _ = export(best, args.export, sites=net.sites, say=_renderer(args))
        print(body.decode("utf-8"), end="")
        return 0
    if args.json:
        say = _renderer(args)
        out = route_as_dict(best, say)
        if args.alternatives > 1:
            out["alternatives"] = [route_as_dict(o, say) for o in others]
        _print_json(out)
        return 0
    lang = _renderer(args).locale
    print(render_route(best, net, lang))
    for number, other in enumerate(others, start=2):
        print()
        print(render_route(other, net, lang, number=number))
    return 0


# -- matrix -----------------------------------------------------------------------------------


def _add_matrix(sub: SubParsers) -> None:
    p = sub.add_parser("matrix", help="travel times between places")
    p.add_argument("ids", nargs="*", metavar="ID")
    p.add_argument("--zone", choices=ZONES, help="use every site of this zone")
    p.add_argument("--mode", default="car", help=f"one of {', '.join(MODES)} (default car)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_cmd_matrix)


def matrix_as_dict(m: TravelMatrix) -> dict[str, Any]:
    """Return ``m`` as a JSON-ready dict."""
    return {
        "ids": list(m.ids),
        "mode": m.mode,
        "minutes": [[None if v is None else round(v, 1) for v in row] for row in m.minutes],
        "km": [[None if v is None else round(v, 1) for v in row] for row in m.km],
        "crossings": [[list(c) for c in row] for row in m.crossings],
    }


def _cmd_matrix(args: argparse.Namespace) -> int:
    net = _network(args)
    ids = list(args.ids)
    if args.zone:
        ids += [s.id for s in net.find_sites(zone=args.zone) if s.id not in ids]
    if not ids:
        raise InvalidRequestError(message(MATRIX_NEEDS_IDS), field="ids")
    m = matrix(ids, mode=args.mode, network=net)
    if args.json:
        _print_json(matrix_as_dict(m))
        return 0
    print(render_matrix(m, net, _renderer(args).locale))
    return 0


# -- check-data -------------------------------------------------------------------------------


def _add_check_data(sub: SubParsers) -> None:
    p = sub.add_parser(
        "check-data",
        help="validate every data file (sites, roads, published routes) and list every problem",
    )
    p.add_argument("path", nargs="?", help="data folder (default: --data or the shipped data)")
    p.set_defaults(handler=_cmd_check_data)


def _cmd_check_data(args: argparse.Namespace) -> int:
    folder = Path(args.path or args.data or default_data_dir())
    problems: list[DataProblem] = []
    ds = tours = None
    try:
        ds = load_dataset(folder)
    except DataError as exc:
        problems += exc.problems
    routes = folder / ROUTES_FILE
    if ds is not None and routes.exists():
        try:
            tours = load_tours(folder, network=Network(ds))
        except DataError as exc:
            problems += exc.problems
    elif routes.exists():
        problems += routes_file_problems(routes)
    if problems or ds is None:
        header = message(CHECK_HEADER, count=len(problems), folder=str(folder))
        print(_say(args, header), file=sys.stderr)
        for problem in problems:
            print(f"  - {_say(args, problem.message)}", file=sys.stderr)
        print(_say(args, message(CHECK_FOOTER)), file=sys.stderr)
        return 2
    counts: dict[str, Param] = {
        "sites": len(ds.sites),
        "nodes": len(ds.nodes),
        "segments": len(ds.segments),
        "access": len(ds.access),
        "crossings": len(ds.crossings),
        "path": str(ds.path),
    }
    if tours is not None:
        print(_say(args, message(CHECK_OK, routes=len(tours), **counts)))
    else:
        print(_say(args, message(CHECK_OK_NO_ROUTES, file=ROUTES_FILE, **counts)))
    return 0


# -- serve (the web front end, package tourlink_web; imported only when the command runs) -----


def _add_serve(sub: SubParsers) -> None:
    p = sub.add_parser("serve", help="serve the web front end and the JSON API")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=5000, help="port to listen on (default 5000)")
    p.add_argument(
        "--data",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="data folder (default: the shipped data)",
    )
    p.set_defaults(handler=_cmd_serve)


def _cmd_serve(args: argparse.Namespace) -> int:
    from werkzeug.serving import run_simple

    from tourlink_web import create_app

    print(_say(args, message(SERVE_LOADING)), file=sys.stderr, flush=True)
    app = create_app({"DATA_DIR": args.data} if args.data else None)  # loads the engine
    url = f"http://{args.host}:{args.port}/"
    print(_say(args, message(SERVE_LISTENING, url=url)), file=sys.stderr, flush=True)
    run_simple(args.host, args.port, app, threaded=True)
    return 0


register_command(_add_serve)

from tourlink.planner.cli_plan import register as _add_plan  # noqa: E402

register_command(_add_plan)

from tourlink.store.cli_store import register as _add_store  # noqa: E402

register_command(_add_store)

from tourlink.store.cli_routes import register as _add_routes  # noqa: E402

register_command(_add_routes)

from tourlink.quote.cli_quote import register as _add_quote  # noqa: E402

register_command(_add_quote)


if __name__ == "__main__":
    raise SystemExit(main())
