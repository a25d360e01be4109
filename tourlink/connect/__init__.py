"""Tour connection: chain published tours, and plan packages over operators' departures.

- :func:`connect` chains given tours back to back (:mod:`tourlink.connect.chain`).
- :func:`next_tours` ranks tours one can start the day after a tour ends.
- :mod:`~tourlink.connect.timetable`: operators' tours and their departures.
- :func:`search` finds the best packages over a timetable in a window
  (:mod:`~tourlink.connect.search`), every transfer checked
  (:mod:`~tourlink.connect.transfer`) and every package re-checked by the independent
  checker (:mod:`~tourlink.connect.build`); :func:`why_not` says why a tour is not
  offered and :func:`startable_after` what can start the day after a departure ends.
"""

from __future__ import annotations

from tourlink.connect.chain import connect, next_tours
from tourlink.connect.explain import startable_after, why_not
from tourlink.connect.search import ConnectionQuery, Package, Rejection, search
from tourlink.connect.timetable import (
    Departure,
    Timetable,
    TimetableTour,
    example_timetable,
    load_timetable,
    parse_timetable,
)
from tourlink.connect.transfer import Transfer, TransferRules

__all__ = [
    "ConnectionQuery",
    "Departure",
    "Package",
    "Rejection",
    "Timetable",
    "TimetableTour",
    "Transfer",
    "TransferRules",
    "connect",
    "example_timetable",
    "load_timetable",
    "next_tours",
    "parse_timetable",
    "search",
    "startable_after",
    "why_not",
]
