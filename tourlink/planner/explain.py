"""Each day's explanations of the tourist's-day rules (pace, lunch, daylight, highlights, variety).

The notes are computed from the scheduled day itself, so they state what the
itinerary does, not what the search intended.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from tourlink.itinerary import Stop
from tourlink.messages import Message, Ref, message
from tourlink.planner import texts as T
from tourlink.planner.build import Context
from tourlink.planner.day import HIGHLIGHT_INTEREST, daylight, main_category
from tourlink.planner.texts import site_ref
from tourlink.texts import CATEGORY_NAMES

__all__ = ["day_notes"]


def day_notes(
    ctx: Context,
    places: tuple[str, str],
    stops: Sequence[Stop],
    lunch: tuple[dt.datetime, dt.datetime, str] | None,
    span: tuple[dt.datetime, dt.datetime],
) -> list[Message]:
    """Return the notes of one day.

    Parameters
    ----------
    ctx
        The request's context.
    places
        Where the day starts and where its night is spent.
    stops
        The day's visits.
    lunch
        The day's lunch (start, end, place) or ``None``.
    span
        Departure from the start and arrival at the night's place.
    """
    net = ctx.network
    profile = ctx.request.profile
    notes = [
        message(
            T.PACE,
            profile=message(T.PACE_NAMES[profile.name]),
            visits=len(stops),
            max_visits=profile.visits,
            active=round((span[1] - span[0]).total_seconds() / 60),
            start=site_ref(net.site(places[0])),
            end=site_ref(net.site(places[1])),
            max_active=profile.active_minutes,
        )
    ]
    if lunch is not None:
        begin, finish, place = lunch
        if place in net.sites and net.site(place).serves_food:
            notes.append(
                message(
                    T.LUNCH,
                    begin=begin.time(),
                    finish=finish.time(),
                    site=site_ref(net.site(place)),
                )
            )
        else:
            notes.append(message(T.NO_LUNCH_PLACE, date=begin.date()))
    outdoor = [net.site(s.site) for s in stops if net.site(s.site).setting == "outdoor"]
    if outdoor:
        rise, sunset = daylight(outdoor[0], stops[0].start.date())
        notes.append(
            message(
                T.DAYLIGHT,
                sites=tuple(site_ref(s) for s in outdoor),
                sunrise=rise.time().replace(second=0, microsecond=0),
                sunset=sunset.time().replace(second=0, microsecond=0),
            )
        )
    for stop in stops:
        site = net.site(stop.site)
        if site.interest >= HIGHLIGHT_INTEREST:
            notes.append(message(T.HIGHLIGHT, site=site_ref(site), interest=site.interest))
    counts = Counter(main_category(net.site(s.site)) for s in stops)
    for category, count in sorted(counts.items()):
        if count >= profile.category_visits > 0:
            notes.append(
                message(
                    T.VARIETY,
                    count=count,
                    category=Ref("category", category, CATEGORY_NAMES.get(category, category)),
                )
            )
    return notes
