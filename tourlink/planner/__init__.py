"""The tourism planner: a trip request in, a checked multi-day itinerary out.

This layer knows tourism and nothing of search: it parses the request
(:mod:`~tourlink.planner.request`), turns it into engine problems
(:mod:`~tourlink.planner.build`), chooses where to sleep
(:mod:`~tourlink.planner.hotels`), calls :mod:`tourlink.engine`, turns the engine's
solution into an :class:`~tourlink.itinerary.Itinerary`
(:mod:`~tourlink.planner.schedule`) and re-verifies it independently
(:mod:`~tourlink.planner.check`).
"""

from __future__ import annotations

from tourlink.planner.check import check_itinerary
from tourlink.planner.plan import PlanParams, plan
from tourlink.planner.request import parse_request

__all__ = ["PlanParams", "check_itinerary", "parse_request", "plan"]
