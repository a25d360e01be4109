"""The ``tourlink plan`` sub-command: plan a multi-day trip from the command line.

``tourlink plan --start ID --date YYYY-MM-DD --days N [options]`` prints the itinerary
day by day, or with ``--json`` the object of :func:`~tourlink.planner.serialize.itinerary_to_dict`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from tourlink.itinerary import Day, Itinerary
from tourlink.model import MODES
from tourlink.network import Network
from tourlink.planner.check_walk import walked_hops
from tourlink.planner.plan import PlanParams, plan
from tourlink.planner.request import parse_request
from tourlink.planner.serialize import itinerary_to_dict

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
    if args.json:
        print(json.dumps(itinerary_to_dict(trip, network=network), ensure_ascii=False, indent=2))
    else:
        print(render_text(trip, network))
    return 0


def _hm(minutes: float) -> str:
    total = round(minutes)
    return f"{total // 60} h {total % 60:02d} min"


def _day_text(number: int, day: Day, net: Network, pace: float) -> list[str]:
    def name(site_id: str) -> str:
        site = net.site(site_id)
        return site.name if site.name == site.name_en else f"{site.name_en} ({site.name})"

    lines = [
        f"Day {number} — {day.date:%a %Y-%m-%d}: {name(day.start_site)} → {name(day.overnight)}",
        f"  {day.depart:%H:%M}        leave {name(day.start_site)}",
    ]
    events: list[tuple[str, str]] = []
    for stop in day.stops:
        wait = f"  (arrive {stop.arrive:%H:%M}, {stop.note})" if stop.note else ""
        ends = stop.start + dt.timedelta(minutes=net.site(stop.site).visit_minutes * pace)
        events.append(
            (f"{stop.start:%H:%M}", f"  {stop.start:%H:%M}–{ends:%H:%M}  {name(stop.site)}{wait}")
        )
    if day.lunch is not None:
        begin, end, place = day.lunch
        crossing = net.dataset.crossings.get(place)
        where = (
            name(place)
            if place in net.sites
            else (f"the {crossing.name}" if crossing is not None else place)
        )
        events.append((f"{begin:%H:%M}", f"  {begin:%H:%M}–{end:%H:%M}  lunch at {where}"))
    lines += [text for _, text in sorted(events, key=lambda e: e[0])]
    lines.append(f"  {day.arrive:%H:%M}        arrive {name(day.overnight)}")
    roads = list(dict.fromkeys(leg.road for drive in day.drives for leg in drive))
    lines.append(
        f"  {day.km:.0f} km, {_hm(day.drive_minutes)} driving"
        + (f"; roads: {', '.join(roads)}" if roads else "")
    )
    lines += [
        f"  on foot: {name(a)} → {name(b)}, {minutes:.0f} min"
        for (a, b), minutes in walked_hops(day).items()
    ]
    lines += [f"  note: {note}" for note in day.notes]
    return lines


def render_text(itinerary: Itinerary, network: Network) -> str:
    """Return a readable day-by-day text of ``itinerary``."""
    r = itinerary.request
    last = r.dates[-1]
    lines = [
        f"{r.days}-day trip by {r.mode}, {r.start_date:%Y-%m-%d} → {last:%Y-%m-%d}: "
        f"{len(itinerary.visited)} visits, score {itinerary.score:.1f}, "
        f"{itinerary.km:.0f} km, {_hm(itinerary.drive_minutes)} driving",
        "",
    ]
    for number, day in enumerate(itinerary.days, start=1):
        lines += [*_day_text(number, day, network, r.pace), ""]
    if itinerary.fees:
        fees = "; ".join(f"{amount:,.0f} {cur}" for cur, amount in sorted(itinerary.fees.items()))
        lines.append(f"Entrance fees per person: {fees}")
    if itinerary.warnings:
        lines.append("Warnings:")
        lines += [f"  - {w}" for w in itinerary.warnings]
    return "\n".join(lines).rstrip()
