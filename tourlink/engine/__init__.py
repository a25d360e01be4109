"""The itinerary optimiser: an engine for team orienteering with time windows.

The engine is pure (it knows nothing of tourism): build a :class:`Problem`, call
:func:`solve` (iterated local search) or :func:`solve_exact` (proof of optimality
on small instances) and read the :class:`Result`.
"""

from __future__ import annotations

from tourlink.engine.evaluate import Result, Solution, TourPlan, Visit, evaluate
from tourlink.engine.exact import solve_exact
from tourlink.engine.problem import Break, Problem, Tour
from tourlink.engine.search import SolveParams, load_engine, solve

__all__ = [
    "Break",
    "Problem",
    "Result",
    "Solution",
    "SolveParams",
    "Tour",
    "TourPlan",
    "Visit",
    "evaluate",
    "load_engine",
    "solve",
    "solve_exact",
]
