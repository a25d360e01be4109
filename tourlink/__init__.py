"""tourlink: routes and multi-day itineraries across Kon Tum and southern Laos.

The core API: :func:`load_dataset` / :func:`load_network` read the validated data once,
:func:`route`, :func:`alternatives` and :func:`matrix` answer travel questions,
:func:`plan` turns a :class:`TripRequest` into an :class:`Itinerary` (re-verified by the
independent :func:`check_itinerary`), :func:`replan` edits one while changing as little
as it can, and :func:`connect` chains published tours.
"""

from __future__ import annotations

from tourlink.connect import connect, next_tours
from tourlink.exceptions import (
    DataError,
    DataProblem,
    InfeasibleRequestError,
    InvalidRequestError,
    NoRouteError,
    TourlinkError,
    UnknownSiteError,
)
from tourlink.itinerary import Itinerary, TripRequest
from tourlink.model import BorderCrossing, CrossingPass, Leg, Route, Site
from tourlink.network import Network, SpeedTable
from tourlink.planner.check import check_itinerary
from tourlink.planner.plan import PlanParams, plan
from tourlink.planner.replan import replan
from tourlink.planner.request import parse_request
from tourlink.read import Dataset, default_data_dir, load_dataset, load_network
from tourlink.routing import TravelMatrix, alternatives, matrix, route
from tourlink.tours import load_tours

__version__ = "0.2.0"

__all__ = [
    "BorderCrossing",
    "CrossingPass",
    "DataError",
    "DataProblem",
    "Dataset",
    "InfeasibleRequestError",
    "InvalidRequestError",
    "Itinerary",
    "Leg",
    "Network",
    "NoRouteError",
    "PlanParams",
    "Route",
    "Site",
    "SpeedTable",
    "TourlinkError",
    "TravelMatrix",
    "TripRequest",
    "UnknownSiteError",
    "__version__",
    "alternatives",
    "check_itinerary",
    "connect",
    "default_data_dir",
    "load_dataset",
    "load_network",
    "load_tours",
    "matrix",
    "next_tours",
    "parse_request",
    "plan",
    "replan",
    "route",
]
