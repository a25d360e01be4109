"""Benchmark: measure whether the planner's real output is a trip an operator would sell.

Plans every request of :data:`REQUESTS` (all zones, 1–7 days, car, motorbike and coach,
dry and rainy months, Tết) with the default :class:`~tourlink.planner.plan.PlanParams`
and measures each itinerary **from its serialized JSON** (``tourlink plan --json``), as
an outside checker would, against the catalogue:

* ``visits_per_day``: sightseeing stops per day;
* ``long_days``: share of days whose active time (``depart`` → ``arrive``) exceeds the
  request's pace profile;
* ``lunch_at_food``: share of lunches at a site that serves food and is open then;
* ``dark_outdoor``: outdoor stops starting before sunrise or ending after sunset
  (astral, at the site on that date);
* ``towns_as_visits``: stops at a town, gateway, overnight place or border gate;
* ``highlights``: share of the highlights (interest ≥ 9) within reach of a trip day
  (a detour of at most 60 min between that day's start and night, open that day, and a
  day that can hold it: drive there and on, the visit and lunch within the pace's active
  time — "unless impossible") that the trip visits;
* ``exact_gap``: mean gap of the heuristic to the proven optimum on small real
  instances (2–3 days with hotel choice, and one-day zone samples), see
  :mod:`tourlink.planner.exact`;
* ``replan_kept``: after removing one stop from each multi-day plan, the share of the
  other stops kept on the same day in the same order.

Prints one row per request, then exactly one line::

    quality: requests=N visits_per_day=X.X long_days=P% lunch_at_food=P% dark_outdoor=K
    towns_as_visits=K highlights=P% exact_gap=X.XX% replan_kept=P%

Usage: ``python bench/quality.py [--data DIR] [--exact N] [--random N [--seed S]]``

With ``--random N``, N requests drawn at random (seed ``S``) replace :data:`REQUESTS`: a
start among the catalogue's overnight places, in a third of them an end among the
overnight places of the same or a neighbouring country, 1–7 days, a start date from July
2026 to June 2027 (Tết included), a random mode and pace profile: requests nobody tuned
the planner on, measured the same way.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from dataclasses import dataclass, field
from typing import Any

from astral import Observer
from astral.sun import sun

from tourlink.exceptions import InfeasibleRequestError
from tourlink.hours import intervals, is_open
from tourlink.itinerary import PACE_PROFILES, TripRequest
from tourlink.network import Network
from tourlink.planner.build import make_context
from tourlink.planner.exact import nearby, solve_trip_exactly, zone_sample
from tourlink.planner.plan import PlanParams, plan, solve_context
from tourlink.planner.replan import replan
from tourlink.planner.serialize import itinerary_to_dict
from tourlink.read import load_network

D = dt.date
REQUESTS: tuple[dict[str, Any], ...] = (
    {"start": "kon-tum-city-centre", "start_date": D(2026, 12, 8), "days": 1},
    {"start": "kon-tum-city-centre", "start_date": D(2026, 7, 7), "days": 1, "mode": "motorbike"},
    {"start": "kon-tum-city-centre", "start_date": D(2027, 1, 12), "days": 2, "mode": "coach"},
    {
        "start": "kon-tum-city-centre",
        "start_date": D(2026, 8, 18),
        "days": 3,
        "must_visit": ("thac-pa-sy",),
    },
    {
        "start": "kon-tum-city-centre",
        "start_date": D(2026, 12, 8),
        "days": 3,
        "must_visit": ("vuon-quoc-gia-chu-mom-ray", "di-tich-dak-to-tan-canh"),
    },
    {
        "start": "kon-tum-city-centre",
        "end": "pakse",
        "start_date": D(2026, 12, 8),
        "days": 5,
        "mode": "coach",
    },
    {
        "start": "kon-tum-city-centre",
        "end": "pakse",
        "start_date": D(2027, 2, 6),
        "days": 5,
        "mode": "coach",
    },
    {
        "start": "kon-tum-city-centre",
        "end": "pakse",
        "start_date": D(2027, 2, 6),
        "days": 6,
        "mode": "coach",
    },
    {
        "start": "kon-tum-city-centre",
        "end": "pakse",
        "start_date": D(2027, 2, 6),
        "days": 7,
        "mode": "coach",
    },
    {"start": "mang-den-town", "start_date": D(2026, 9, 15), "days": 1},
    {"start": "mang-den-town", "start_date": D(2027, 3, 9), "days": 2, "mode": "motorbike"},
    {
        "start": "kon-tum-city-centre",
        "start_date": D(2026, 10, 13),
        "days": 3,
        "pace_profile": "relaxed",
        "interests": {"nature": 2.0},
    },
    {"start": "plei-kan-town", "start_date": D(2026, 12, 8), "days": 1},
    {"start": "plei-kan-town", "start_date": D(2026, 7, 7), "days": 2},
    {"start": "pakse", "start_date": D(2026, 12, 8), "days": 1},
    {"start": "pakse", "start_date": D(2027, 1, 12), "days": 2},
    {"start": "pakse", "start_date": D(2026, 8, 18), "days": 3, "mode": "coach"},
    {"start": "champasak-town", "start_date": D(2026, 12, 8), "days": 1},
    {"start": "champasak-town", "start_date": D(2026, 9, 15), "days": 2, "mode": "motorbike"},
    {"start": "paksong", "start_date": D(2027, 3, 9), "days": 2},
    {"start": "attapeu", "start_date": D(2026, 10, 13), "days": 3},
    {"start": "tad-lo-village", "start_date": D(2026, 7, 7), "days": 1, "mode": "motorbike"},
    {"start": "muang-khong", "start_date": D(2026, 12, 8), "days": 2},
    {"start": "pakse", "start_date": D(2027, 1, 12), "days": 7, "pace_profile": "intensive"},
    {"start": "pakse", "end": "kon-tum-city-centre", "start_date": D(2027, 3, 9), "days": 5},
    {
        "start": "da-nang",
        "end": "kon-tum-city-centre",
        "start_date": D(2026, 12, 8),
        "days": 4,
        "mode": "coach",
    },
    {"start": "pleiku", "start_date": D(2026, 8, 18), "days": 1},
    {"start": "pleiku", "end": "pakse", "start_date": D(2027, 1, 12), "days": 6},
    {"start": "hoi-an", "start_date": D(2027, 3, 9), "days": 1},
    {"start": "quang-ngai-city", "end": "mang-den-town", "start_date": D(2026, 7, 7), "days": 2},
    {"start": "buon-ma-thuot", "start_date": D(2026, 10, 13), "days": 1},
    {
        "start": "kon-tum-city-centre",
        "start_date": D(2027, 3, 9),
        "days": 7,
        "pace_profile": "relaxed",
    },
    {"start": "kon-tum-city-centre", "start_date": D(2027, 2, 5), "days": 4, "mode": "motorbike"},
    {"start": "salavan", "start_date": D(2026, 9, 15), "days": 2},
    {
        "start": "attapeu",
        "end": "kon-tum-city-centre",
        "start_date": D(2027, 2, 6),
        "days": 3,
        "mode": "coach",
    },
)
"""The bench requests (keyword arguments of :class:`~tourlink.itinerary.TripRequest`)."""

HIGHLIGHT = 9
REACH_MINUTES = 60.0


@dataclass
class Tally:
    """Running totals of the measures."""

    requests: int = 0
    days: int = 0
    visits: int = 0
    long_days: int = 0
    lunches: int = 0
    lunch_food: int = 0
    dark: int = 0
    towns: int = 0
    reach: int = 0
    included: int = 0
    gaps: list[float] = field(default_factory=list)
    kept: int = 0
    others: int = 0


def _time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _gate_sites(net: Network) -> set[str]:
    ends = {e for c in net.dataset.crossings.values() for e in (c.source, c.target)}
    return {a.site for a in net.dataset.access.values() if a.node in ends and a.km <= 0.5}


def _daylight(net: Network, site_id: str, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    import zoneinfo

    s = net.site(site_id)
    times = sun(Observer(s.lat, s.lon), day, tzinfo=zoneinfo.ZoneInfo(s.timezone))
    return times["sunrise"].replace(tzinfo=None), times["sunset"].replace(tzinfo=None)


def _active_limit(request: dict[str, Any]) -> int:
    if request.get("max_active_minutes"):
        return int(request["max_active_minutes"])
    return PACE_PROFILES[request["pace_profile"]].active_minutes


def _measure_day(net: Network, doc: dict[str, Any], day: dict[str, Any], t: Tally) -> None:
    request = doc["request"]
    gates = _gate_sites(net)
    t.days += 1
    t.visits += len(day["stops"])
    active = (_time(day["arrive"]) - _time(day["depart"])).total_seconds() / 60
    t.long_days += active > _active_limit(request) + 0.5
    lunch = day["lunch"]
    if lunch is not None:
        t.lunches += 1
        site = net.sites.get(lunch["site"])
        begin, end = _time(lunch["start"]), _time(lunch["end"]) - dt.timedelta(seconds=1)
        if site is not None and site.serves_food:
            holidays = "VN" if site.country == "VN" else None
            hours = site.opening_hours
            t.lunch_food += is_open(hours, begin, country=holidays) and is_open(
                hours, end, country=holidays
            )
    for stop in day["stops"]:
        site = net.site(stop["id"])
        if site.kind != "attraction" or site.overnight or site.id in gates:
            t.towns += 1
        if site.setting == "outdoor":
            start = _time(stop["start"])
            finish = start + dt.timedelta(minutes=site.visit_minutes * request["pace"])
            rise, sunset = _daylight(net, site.id, start.date())
            t.dark += start < rise - dt.timedelta(seconds=59) or finish > sunset + dt.timedelta(
                seconds=59
            )


def _open_on(net: Network, site_id: str, day: dt.date) -> bool:
    site = net.site(site_id)
    return bool(intervals(site.opening_hours, day, country="VN" if site.country == "VN" else None))


def _highlights(net: Network, doc: dict[str, Any], t: Tally) -> tuple[int, int]:
    """Count the highlights within reach of the trip's days, and those visited."""
    request = doc["request"]
    visited = {s["id"] for d in doc["days"] for s in d["stops"]}
    tops = [
        s.id
        for s in net.sites.values()
        if s.interest >= HIGHLIGHT and s.kind == "attraction" and s.id not in request["avoid"]
    ]
    places = sorted(
        {*tops, *(d["start"] for d in doc["days"]), *(d["overnight"] for d in doc["days"])}
    )
    matrix = net.matrix(places, mode=request["mode"])
    row = {p: i for i, p in enumerate(matrix.ids)}

    def minutes(a: str, b: str) -> float | None:
        return matrix.minutes[row[a]][row[b]]

    reach = included = 0
    for site_id in tops:
        country = net.site(site_id).country
        for day in doc["days"]:
            a, b = day["start"], day["overnight"]
            if country not in {net.site(a).country, net.site(b).country}:
                continue
            to, back, direct = minutes(a, site_id), minutes(site_id, b), minutes(a, b)
            if to is None or back is None or direct is None:
                continue
            stay = net.site(site_id).visit_minutes * float(request["pace"])
            fits = to + stay + back + request["lunch_minutes"] <= _active_limit(request)
            if (
                to + back - direct <= REACH_MINUTES
                and fits
                and _open_on(net, site_id, D.fromisoformat(day["date"]))
            ):
                reach += 1
                included += site_id in visited
                break
    t.reach += reach
    t.included += included
    return reach, included


def _lcs(a: list[str], b: list[str]) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = (
                table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
            )
    return table[-1][-1]


def _replan_kept(net: Network, trip: Any, t: Tally) -> str:
    before = itinerary_to_dict(trip, network=net)
    longest = max(range(len(before["days"])), key=lambda k: len(before["days"][k]["stops"]))
    stops = [s["id"] for s in before["days"][longest]["stops"]]
    if trip.request.days < 2 or len(stops) < 2:
        return "-"
    removed = stops[len(stops) // 2]
    after = json.loads(
        json.dumps(itinerary_to_dict(replan(trip, remove=(removed,), network=net), network=net))
    )
    kept = others = 0
    for old, new in zip(before["days"], after["days"], strict=True):
        mine = [s["id"] for s in old["stops"] if s["id"] != removed]
        kept += _lcs(mine, [s["id"] for s in new["stops"]])
        others += len(mine)
    t.kept += kept
    t.others += others
    return f"{kept}/{others}"


def _row(net: Network, spec: dict[str, Any], t: Tally) -> str:
    request = TripRequest(**spec)
    label = (
        f"{request.start}→{request.end_site} {request.start_date} {request.days}d {request.mode}"
        f" {request.pace_profile}"
    )
    began = time.perf_counter()
    try:
        trip = plan(request, network=net, params=PlanParams())
    except InfeasibleRequestError as exc:
        return f"{label}: refused: {exc}"
    seconds = time.perf_counter() - began
    doc = json.loads(json.dumps(itinerary_to_dict(trip, network=net)))
    t.requests += 1
    before = (t.long_days, t.lunches - t.lunch_food, t.dark, t.towns)
    for day in doc["days"]:
        _measure_day(net, doc, day, t)
    reach, included = _highlights(net, doc, t)
    kept = _replan_kept(net, trip, t)
    after = (t.long_days, t.lunches - t.lunch_food, t.dark, t.towns)
    faults = [n - b for n, b in zip(after, before, strict=True)]
    return (
        f"{label}: {sum(len(d['stops']) for d in doc['days'])} visits, score "
        f"{doc['totals']['score']:.1f}, {seconds:.2f} s; long={faults[0]} lunch_off={faults[1]} "
        f"dark={faults[2]} towns={faults[3]} highlights={included}/{reach} replan_kept={kept}"
    )


def random_requests(net: Network, count: int, seed: int) -> list[dict[str, Any]]:
    """Draw ``count`` requests over the whole catalogue (see the module docstring)."""
    import random

    rng = random.Random(seed)
    nights = sorted(s.id for s in net.sites.values() if s.overnight)
    first = D(2026, 7, 1)
    specs: list[dict[str, Any]] = []
    for _ in range(count):
        spec: dict[str, Any] = {
            "start": rng.choice(nights),
            "start_date": first + dt.timedelta(days=rng.randrange(365)),
            "days": rng.randint(1, 7),
            "mode": rng.choice(("car", "motorbike", "coach")),
            "pace_profile": rng.choice(("relaxed", "standard", "standard", "intensive")),
        }
        if spec["days"] > 1 and rng.random() < 1 / 3:
            spec["end"] = rng.choice([n for n in nights if n != spec["start"]])
        specs.append(spec)
    return specs


def _exact_cases(net: Network, count: int) -> list[tuple[str, TripRequest, Any]]:
    """Return small real instances: multi-day with hotel choice, then one-day zone samples."""
    starts = (
        "kon-tum-city-centre",
        "mang-den-town",
        "pakse",
        "champasak-town",
        "paksong",
        "attapeu",
        "plei-kan-town",
        "tad-lo-village",
    )
    cases = []
    for k in range(count):
        start = starts[k % len(starts)]
        request = TripRequest(start, D(2026, 12, 1) + dt.timedelta(days=7 * k), 2 + k % 2)
        ctx = nearby(make_context(request, net), sights=9 + k % 6, nights=3 + k % 2)
        cases.append((f"{start} {request.days}d", request, ctx))
    zones = ("kon-tum-city", "mang-den", "southern-laos", "gateways", "bo-y")
    for k in range(max(1, count // 3)):
        zone = zones[k % len(zones)]
        start = {
            "kon-tum-city": "kon-tum-city-centre",
            "mang-den": "mang-den-town",
            "southern-laos": "pakse",
            "gateways": "pleiku",
            "bo-y": "plei-kan-town",
        }[zone]
        request = TripRequest(start, D(2027, 3, 2) + dt.timedelta(days=k), 1)
        ctx = zone_sample(make_context(request, net), zone, sights=12, seed=k)
        cases.append((f"{zone} 1d sample {k}", request, ctx))
    return cases


def _exact(net: Network, count: int, t: Tally) -> None:
    for label, _, ctx in _exact_cases(net, count):
        exact = solve_trip_exactly(ctx)
        found = solve_context(ctx, PlanParams())
        if exact is None:
            other = "none" if found is None else "some"
            print(f"exact {label}: no feasible plan (heuristic: {other})")
            continue
        best = exact[0][1]
        score = found[1].score if found is not None else 0
        gap = 0.0 if best == 0 else 100.0 * (best - score) / best
        t.gaps.append(gap)
        print(f"exact {label}: optimum {best}, heuristic {score}, gap {gap:.2f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--exact", type=int, default=12, help="multi-day exact cases")
    parser.add_argument("--random", type=int, default=0, help="draw N requests instead")
    parser.add_argument("--seed", type=int, default=0, help="seed of --random")
    args = parser.parse_args()
    net = load_network(args.data)
    t = Tally()
    specs = random_requests(net, args.random, args.seed) if args.random else REQUESTS
    for spec in specs:
        print(_row(net, spec, t), flush=True)
    _exact(net, args.exact, t)
    pct = lambda a, b: 100.0 * a / b if b else 100.0  # noqa: E731
    gap = sum(t.gaps) / len(t.gaps) if t.gaps else 0.0
    fields = (
        f"requests={t.requests}",
        f"visits_per_day={t.visits / max(t.days, 1):.1f}",
        f"long_days={pct(t.long_days, t.days):.0f}%",
        f"lunch_at_food={pct(t.lunch_food, t.lunches):.0f}%",
        f"dark_outdoor={t.dark}",
        f"towns_as_visits={t.towns}",
        f"highlights={pct(t.included, t.reach):.0f}%",
        f"exact_gap={gap:.2f}%",
        f"replan_kept={pct(t.kept, t.others):.0f}%",
    )
    print("quality: " + " ".join(fields))


if __name__ == "__main__":
    main()
