"""The tourism planner: a trip request in, a checked multi-day itinerary out.

This layer knows tourism and nothing of search: it parses the request
(:mod:`~tourlink.planner.request`), applies the rules of a tourist's day
(:mod:`~tourlink.planner.day`), turns it into engine problems
(:mod:`~tourlink.planner.build`, :mod:`~tourlink.planner.problem`), chooses where to
sleep (:mod:`~tourlink.planner.hotels`), calls :mod:`tourlink.engine`, turns the
engine's solution into an :class:`~tourlink.itinerary.Itinerary`
(:mod:`~tourlink.planner.schedule`, :mod:`~tourlink.planner.explain`) and re-verifies it
independently (:mod:`~tourlink.planner.check`, :mod:`~tourlink.planner.check_day`).
:mod:`~tourlink.planner.exact` proves small trips optimal; :mod:`~tourlink.planner.replan`
edits an itinerary while keeping what the edit does not touch.
"""

from __future__ import annotations

from tourlink.planner.check import check_itinerary
from tourlink.planner.plan import PlanParams, plan
from tourlink.planner.replan import replan
from tourlink.planner.request import parse_request

__all__ = ["PlanParams", "check_itinerary", "parse_request", "plan", "replan"]
