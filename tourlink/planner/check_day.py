"""The independent checker's rules of a tourist's day: pace, sights only, daylight, variety.

Recomputed from the itinerary and the data (sunrise and sunset with astral at each
site on its date); nothing of the planner's schedule is reused.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

from tourlink.itinerary import Day, TripRequest
from tourlink.messages import Message, define, message
from tourlink.planner.day import daylight, is_sight, main_category
from tourlink.planner.texts import PACE_NAMES

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = ["check_day_rules"]

_SLACK = dt.timedelta(seconds=59)

C_NOT_A_SIGHT = define(
    "check.not-a-sight",
    "{site} is a town, gateway, overnight place or border gate, not a sightseeing visit",
)
C_VISITS = define("check.pace-visits", "{visits} visits, over the {profile} pace's {limit}")
C_ACTIVE = define(
    "check.pace-active", "{minutes} min from leaving to arriving, over the {profile} pace's {limit}"
)
C_DARK = define(
    "check.dark",
    "outdoor visit to {site} from {start} to {end} is outside daylight ({sunrise}–{sunset})",
)
C_VARIETY = define(
    "check.variety", "{count} visits of {category} in one day, over the pace's {limit}"
)


def check_day_rules(
    request: TripRequest, day: Day, network: Network
) -> list[tuple[str, str, Message]]:
    """Return the broken tourist's-day rules of ``day`` as (kind, site, message)."""
    profile = request.profile
    out: list[tuple[str, str, Message]] = []
    if len(day.stops) > profile.visits:
        out.append(
            (
                "pace",
                "",
                message(
                    C_VISITS,
                    visits=len(day.stops),
                    profile=message(PACE_NAMES[profile.name]),
                    limit=profile.visits,
                ),
            )
        )
    active = (day.arrive - day.depart - _SLACK).total_seconds() / 60
    if active > profile.active_minutes:
        out.append(
            (
                "pace",
                "",
                message(
                    C_ACTIVE,
                    minutes=round(active),
                    profile=message(PACE_NAMES[profile.name]),
                    limit=profile.active_minutes,
                ),
            )
        )
    for stop in day.stops:
        if stop.site not in network.sites:
            continue  # the core checker reports unknown sites
        site = network.site(stop.site)
        if not is_sight(network, site):
            out.append(("sight", site.id, message(C_NOT_A_SIGHT, site=site.id)))
        if site.setting != "outdoor":
            continue
        end = stop.start + dt.timedelta(minutes=site.visit_minutes * request.pace)
        rise, sunset = daylight(site, stop.start.date())
        if stop.start + _SLACK < rise or end - _SLACK > sunset:
            out.append(
                (
                    "daylight",
                    site.id,
                    message(
                        C_DARK,
                        site=site.id,
                        start=stop.start.time(),
                        end=end.time(),
                        sunrise=rise.time().replace(microsecond=0),
                        sunset=sunset.time().replace(microsecond=0),
                    ),
                )
            )
    counts = Counter(
        main_category(network.site(s.site)) for s in day.stops if s.site in network.sites
    )
    for category, count in sorted(counts.items()):
        if count > profile.category_visits:
            out.append(
                (
                    "variety",
                    "",
                    message(
                        C_VARIETY, count=count, category=category, limit=profile.category_visits
                    ),
                )
            )
    return out
