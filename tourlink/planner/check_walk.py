"""The independent checker's rules of walking legs in town.

An itinerary says a hop is walked when its legs have mode ``"walk"``. Each such hop is
recomputed from the data with :func:`tourlink.walking.walk` (streets and attachments of
``streets.json`` at the walking speed): the places must be within a group's walk, the
legs must state the walk's minutes, and the group cannot arrive before the walk ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from tourlink.exceptions import NoRouteError
from tourlink.itinerary import TEXT, Day
from tourlink.messages import Message, define, message
from tourlink.model import Leg
from tourlink.walking import WALK, walk

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = ["check_walk", "walked_hops"]

_SLACK = dt.timedelta(minutes=1)  # times printed to the minute drop under a minute
_MINUTES_SLACK = 0.5  # legs state minutes to a tenth; rounding never reaches half a minute

C_WALK_LATE = define(
    "check.walk-arrive",
    "arrives at {site} at {arrive}, but walking from {origin} takes until {reached}",
)
C_WALK_MINUTES = define(
    "check.walk-minutes",
    "the walk from {origin} to {site} is given as {stated} min, but takes {minutes} min",
)


def walked_hops(day: Day) -> Mapping[tuple[str, str], float]:
    """Return the walked hops of ``day`` (origin, destination) with their stated minutes.

    Consecutive walking legs of a drive make one hop, from the first leg's start to the
    last one's end.
    """
    hops: dict[tuple[str, str], float] = {}
    for drive in day.drives:
        for run in _runs(drive):
            hops[(run[0].source, run[-1].target)] = sum(leg.minutes for leg in run)
    return hops


def _runs(legs: Iterable[Leg]) -> list[list[Leg]]:
    runs: list[list[Leg]] = []
    current: list[Leg] = []
    for leg in legs:
        if leg.mode == WALK:
            current.append(leg)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def check_walk(
    network: Network,
    hop: tuple[str, str],
    leave: dt.datetime,
    arrive: dt.datetime,
    stated: float,
) -> list[tuple[str, str, Message]]:
    """Return the broken rules of the walk ``hop`` left at ``leave``, reached at ``arrive``."""
    a, b = hop
    try:
        found = walk(a, b, network=network)
    except NoRouteError as exc:
        return [("walk", b, message(TEXT, text=str(exc)))]
    out: list[tuple[str, str, Message]] = []
    if abs(found.minutes - stated) > _MINUTES_SLACK:
        out.append(
            (
                "walk",
                b,
                message(
                    C_WALK_MINUTES,
                    origin=a,
                    site=b,
                    stated=round(stated, 1),
                    minutes=round(found.minutes, 1),
                ),
            )
        )
    reached = leave + dt.timedelta(minutes=found.minutes)
    if arrive + _SLACK < reached:
        out.append(
            (
                "walk",
                b,
                message(
                    C_WALK_LATE,
                    site=b,
                    arrive=arrive.time(),
                    origin=a,
                    reached=reached.time().replace(microsecond=0),
                ),
            )
        )
    return out
