"""The ``tourlink plan`` sub-command: plan a multi-day trip from the command line.

``tourlink plan --start ID --date YYYY-MM-DD --days N [options]`` prints the itinerary
day by day, or with ``--json`` the object of :func:`~tourlink.planner.serialize.itinerary_to_dict`.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from tourlink.model import MODES
from tourlink.planner.plan import PlanParams, plan
from tourlink.planner.plan_text import render_text
from tourlink.planner.request import parse_request
from tourlink.planner.serialize import itinerary_to_dict
from tourlink.translations import renderer

__all__ = ["register", "render_text"]


def register(sub: Any) -> None:
    """Add the ``plan`` sub-command to ``sub`` (an argparse sub-parsers object)."""
    p = sub.add_parser(
        "plan",
        help="plan an optimised multi-day itinerary",
        description="Plan a day-by-day itinerary: visits with times, lunch, nights, roads.",
    )
    p.add_argument("--start", required=True, metavar="ID", help="site id where the trip starts")
    p.add_argument("--end", metavar="ID", help="site id where it ends (default: --start)")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="date of the first day")
    p.add_argument("--days", required=True, metavar="N", help="number of days (1–30)")
    p.add_argument("--mode", default="car", choices=MODES, help="travel mode (default: car)")
    p.add_argument("--interests", metavar="CAT=W,..", help="category weights, e.g. nature=2")
    p.add_argument("--must", metavar="ID,..", help="site ids to include at all costs")
    p.add_argument("--avoid", metavar="ID,..", help="site ids to leave out")
    p.add_argument("--day-start", metavar="HH:MM", help="earliest departure (default 07:30)")
    p.add_argument("--day-end", metavar="HH:MM", help="latest arrival (default 18:30)")
    p.add_argument("--max-drive", metavar="MIN", help="driving limit per day (default 360)")
    p.add_argument(
        "--lunch-start", metavar="HH:MM", help="earliest start of the lunch break (default 11:00)"
    )
    p.add_argument(
        "--lunch-end", metavar="HH:MM", help="latest start of the lunch break (default 13:00)"
    )
    p.add_argument("--lunch-minutes", metavar="MIN", help="lunch length, 0 for none (default 60)")
    p.add_argument("--pace", metavar="X", help="visit-duration multiplier (default 1.0)")
    p.add_argument(
        "--pace-profile",
        metavar="NAME",
        help="relaxed, standard or intensive: visits and active hours per day (default standard)",
    )
    p.add_argument(
        "--max-visits", metavar="N", help="sightseeing visits per day (default: profile)"
    )
    p.add_argument(
        "--max-active", metavar="MIN", help="minutes from leaving to arriving (default: profile)"
    )
    p.add_argument(
        "--no-passports",
        action="store_true",
        help="travellers hold no passports: stay on this side of the border",
    )
    p.add_argument(
        "--no-vehicle-papers", action="store_true", help="the vehicle holds no cross-border permit"
    )
    p.add_argument(
        "--avoid-risky-roads",
        action="store_true",
        help="avoid roads with a seasonal risk in the trip's month",
    )
    p.add_argument(
        "--time-limit",
        type=float,
        default=10.0,
        metavar="S",
        help="safety cap on the planning time in seconds (default 10; the search stops "
        "earlier when converged)",
    )
    p.add_argument("--seed", type=int, default=0, metavar="N", help="random seed (default 0)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=run)


_OPTIONS = {
    "end": "end",
    "mode": "mode",
    "interests": "interests",
    "must": "must_visit",
    "avoid": "avoid",
    "day_start": "day_start",
    "day_end": "day_end",
    "max_drive": "max_drive_minutes",
    "lunch_start": "lunch_start",
    "lunch_end": "lunch_end",
    "lunch_minutes": "lunch_minutes",
    "pace": "pace",
    "pace_profile": "pace_profile",
    "max_visits": "max_visits",
    "max_active": "max_active_minutes",
}


def run(args: argparse.Namespace) -> int:
    """Plan the trip ``args`` describe and print it; return the exit code."""
    from tourlink.read import load_network

    network = load_network(getattr(args, "data", None))
    data: dict[str, Any] = {"start": args.start, "start_date": args.date, "days": args.days}
    for option, name in _OPTIONS.items():
        value = getattr(args, option)
        if value is not None:
            data[name] = value
    data["passports"] = not args.no_passports
    data["vehicle_papers"] = not args.no_vehicle_papers
    data["avoid_risky_roads"] = args.avoid_risky_roads
    request = parse_request(data, network=network)
    trip = plan(
        request, network=network, params=PlanParams(time_limit=args.time_limit, seed=args.seed)
    )
    lang = getattr(args, "lang", "en")
    if args.json:
        said = renderer(lang, network)
        data = itinerary_to_dict(
            trip,
            network=network,
            locale=said.locale,
            translate=said.translate,
            name=said.name,
        )
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render_text(trip, network, lang))
    return 0
