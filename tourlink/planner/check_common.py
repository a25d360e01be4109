"""What the independent checker's parts share: the time slack, a violation, its base class."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tourlink.itinerary import Itinerary, TripRequest
from tourlink.messages import Message

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = ["TOLERANCE", "CheckerBase", "Point", "Violation", "holidays"]

TOLERANCE = dt.timedelta(minutes=1)
"""Slack for times printed to the minute.

A time written as ``HH:MM`` drops up to 59.99 s; a recomputed arrival from a truncated
departure is never later than the true one, so it lies strictly less than a minute after
the printed arrival.
"""
_HOLIDAYS = frozenset({"VN"})  # countries whose public holidays opening-hours-py knows
Point = tuple[str, dt.datetime | None, dt.datetime | None]
"""A place of the day with its arrival and departure (``None`` at the day's ends)."""


def holidays(country: str) -> str | None:
    """Return ``country`` if opening-hours-py knows its public holidays, else ``None``."""
    return country if country in _HOLIDAYS else None


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule: its kind, the day (0-based, ``None``: whole trip), site and text."""

    kind: str
    day: int | None
    site: str
    message: Message

    def __str__(self) -> str:
        where = "trip" if self.day is None else f"day {self.day + 1}"
        return f"{where}: {self.message}"


class CheckerBase:
    """The state of one check: the itinerary, its request, the network, what is found."""

    def __init__(self, itinerary: Itinerary, network: Network) -> None:
        self.it = itinerary
        self.req: TripRequest = itinerary.request
        self.net = network
        self.out: list[Violation] = []

    def add(self, kind: str, day: int | None, site: str, text: Message) -> None:
        """Record a broken rule."""
        self.out.append(Violation(kind, day, site, text))
