"""Turn a package into a day-by-day itinerary and have the independent checker judge it.

Each tour's days are scheduled by the same rules as :func:`tourlink.connect.connect`
(drives recomputed, opening times, lunch); a transfer is a day of its own (or the evening
after a tour), a wait a rest day at a place where groups can stay. The itinerary is then
re-checked by :func:`tourlink.planner.check.check_itinerary`; a package it refuses is
not offered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from tourlink.connect import texts as ct
from tourlink.connect.chain import _itinerary, _verify
from tourlink.connect.context import _Clock, _Ctx, _Plan
from tourlink.connect.days import _day, _go, _rest, _start_tour
from tourlink.connect.hops import _evening
from tourlink.connect.texts import because, tour_ref
from tourlink.exceptions import InfeasibleRequestError
from tourlink.messages import Message, define, message

if TYPE_CHECKING:
    from tourlink.connect.search import ConnectionQuery, Package
    from tourlink.connect.transfer import Transfer
    from tourlink.itinerary import Itinerary
    from tourlink.model import Route
    from tourlink.network import Network
    from tourlink.tours import Tour

__all__ = ["build_itinerary", "package_snapshot", "verifier"]

REFUSED = define("connect.package-refused", "The package cannot be run as planned: {reason}")


def _move(ctx: _Ctx, plan: _Plan, date: dt.date, transfer: Transfer, tour: Tour) -> dt.date:
    """Add the days of ``transfer`` from ``date``; return the next free date."""
    if transfer.leave is None:
        return date
    if transfer.evening:
        hop = _evening(ctx, plan, tour) if plan.days else None
        if hop is None or hop.place != transfer.destination:
            raise InfeasibleRequestError(
                message(
                    ct.EVENING_LATE,
                    site=ctx.name(transfer.destination),
                    date=date - dt.timedelta(days=1),
                )
            )
        return date
    while date < transfer.leave.date():
        why = message(ct.WAITING_TO_DRIVE, site=ctx.name(transfer.destination))
        plan.days.append(_rest(ctx, transfer.origin, date, why, tour))
        date += dt.timedelta(days=1)
    clock = _Clock(transfer.origin, ctx.at(date), [], [])
    clock.time = _go(ctx, clock, transfer.destination, tour)
    if clock.time > ctx.at(date, end=True):
        raise InfeasibleRequestError(
            message(
                ct.TRANSFER_ARRIVES_LATE,
                site=ctx.name(transfer.destination),
                date=date,
                time=clock.time.time(),
                end=ctx.day_end,
            )
        )
    note = message(ct.TRANSFER_DAY, site=ctx.name(transfer.destination))
    plan.days.append(_day(ctx, date, clock, transfer.destination, (note,), transfer.origin))
    plan.warnings += clock.warnings
    return date + dt.timedelta(days=1)


def build_itinerary(
    package: Package,
    query: ConnectionQuery,
    network: Network,
    routes: dict[tuple[str, str, dt.datetime | None], Route] | None = None,
    paths: Mapping[tuple[str, str], object] | None = None,
) -> Itinerary:
    """Return the itinerary of ``package``, checked by the independent checker.

    ``routes`` caches the drives between builds (the same departure in several packages);
    ``paths`` holds untimed fastest routes to re-time instead of searching them again.

    Raises
    ------
    InfeasibleRequestError
        When a day cannot be run on its date or the checker refuses the result.
    """
    rules = query.rules
    ctx = _Ctx(network, rules.mode, rules.day_start, rules.day_end, False, 0)
    if routes is not None:
        ctx.routes = routes
    if paths is not None:
        ctx.paths = paths
    plan, date = _Plan(), package.start
    tour = package.steps[0][1].tour.tour
    for transfer, dep in package.steps:
        tour = dep.tour.tour
        date = _move(ctx, plan, date, transfer, tour)
        while date < dep.date:
            why = message(ct.WAITING_TO_START, tour=tour_ref(tour))
            plan.days.append(_rest(ctx, tour.start, date, why, tour))
            date += dt.timedelta(days=1)
        _start_tour(ctx, plan, tour, dep.date)
        date = dep.end_date + dt.timedelta(days=1)
    if package.final is not None:
        _move(ctx, plan, date, package.final, tour)
    trip = _itinerary(ctx, plan, package.start, query.origin)
    if [d.date for d in trip.days] != list(trip.request.dates) or len(trip.days) != package.days:
        raise InfeasibleRequestError(
            message(ct.DAYS_NOT_CONSECUTIVE, start=package.start, end=package.end)
        )
    _verify(trip, network)
    return trip


def verifier(
    network: Network, query: ConnectionQuery, paths: Mapping[tuple[str, str], object] = {}
) -> Callable[[Package], Itinerary | Message]:
    """Return a function giving a package's checked itinerary or the reason it fails.

    ``paths`` are untimed fastest routes already found (a search's), re-timed rather
    than searched again.
    """
    routes: dict[tuple[str, str, dt.datetime | None], Route] = {}

    def verify(package: Package) -> Itinerary | Message:
        try:
            return build_itinerary(package, query, network, routes, paths)
        except InfeasibleRequestError as exc:
            return message(REFUSED, reason=because(exc))

    return verify


def package_snapshot(package: Package, network: Network) -> dict[str, Any]:
    """Return ``package`` as a workspace snapshot, each day marked with its operator's part.

    The shape :class:`tourlink.store.Draft` stores (``itinerary``, ``seed``,
    ``data_version``, ``violations``); each tour day carries ``operator``, ``tour`` and
    ``departure``, each other day ``"part": "transfer"``, and ``package`` lists the parts.
    """
    from tourlink.planner.serialize import itinerary_to_dict

    assert package.itinerary is not None, "only a built, checked package can be saved"
    doc = itinerary_to_dict(package.itinerary)
    parts = []
    for _, dep in package.steps:
        dates = [dep.date + dt.timedelta(days=k) for k in range(dep.tour.days)]
        parts.append(
            {
                "operator": dep.tour.operator,
                "tour": dep.tour.id,
                "departure": dep.id,
                "dates": [d.isoformat() for d in dates],
            }
        )
    by_date = {d: part for part in parts for d in part["dates"]}
    for day in doc["days"]:
        part = by_date.get(str(day["date"]))
        if part is None:
            day["part"] = "transfer"
        else:
            day.update(
                part="tour",
                operator=part["operator"],
                tour=part["tour"],
                departure=part["departure"],
            )
    return {
        "itinerary": doc,
        "seed": None,
        "data_version": network.dataset.version,
        "violations": [],
        "package": {
            "operators": list(package.operators),
            "parts": parts,
            "price_from": str(package.price_from),
        },
    }
