"""Lock stops or whole days of an itinerary and let the planner re-optimise the rest.

:func:`reoptimise` is what the editor's *Re-optimise* button does: the operator's
itinerary as it stands (hand edits included) is handed to
:func:`tourlink.planner.replan.replan` with the locks, and the answer is accepted only
if every lock held exactly — a locked day keeps the same visits in the same order and
the same night, a locked stop stays on its day. If the planner cannot keep a lock (the
locked day breaks a rule the planner will not break, say, or a locked place is one it
never visits, such as a town), nothing changes and the error names what could not be
kept, so the operator can fix it by hand or unlock it.

A visit length the operator set by hand (:func:`tourlink.edit.set_minutes`) is kept too:
:func:`hand_set_minutes` finds the visits of ``previous`` that last otherwise than the
planner would make them, and the planner is given those lengths for those places.

Examples
--------
>>> import datetime as dt
>>> from tourlink.itinerary import TripRequest
>>> from tourlink.planner.plan import PlanParams, plan
>>> fast = PlanParams(max_iterations=40)
>>> trip = plan(TripRequest("kon-tum-city-centre", dt.date(2027, 3, 2), 2), params=fast)
>>> again = reoptimise(trip, locked_days=(0,), params=fast)
>>> [s.site for s in again.days[0].stops] == [s.site for s in trip.days[0].stops]
True
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, cast

from tourlink.edit import visit_minutes
from tourlink.exceptions import InfeasibleRequestError
from tourlink.itinerary import Itinerary
from tourlink.messages import Message, Ref, message
from tourlink.network import Network
from tourlink.planner import texts as pt
from tourlink.planner.texts import site_ref

if TYPE_CHECKING:
    from tourlink.planner.plan import PlanParams

__all__ = ["LockNotKeptError", "hand_set_minutes", "reoptimise"]


class LockNotKeptError(InfeasibleRequestError):
    """The planner could not keep a locked day or stop exactly as it was."""


def _sites(itinerary: Itinerary, day: int) -> list[str]:
    return [s.site for s in itinerary.days[day].stops]


def _day_of(itinerary: Itinerary, site: str) -> int | None:
    for d, day in enumerate(itinerary.days):
        if any(s.site == site for s in day.stops):
            return d
    return None


def _planned_minutes(network: Network, site_id: str, pace: float) -> int:
    """Return how long the planner makes a visit of ``site_id`` (its usual length × pace)."""
    return math.ceil(network.site(site_id).visit_minutes * pace - 1e-9)


def hand_set_minutes(itinerary: Itinerary, network: Network) -> dict[str, int]:
    """Return the visit lengths of ``itinerary`` the planner would not give, by site id.

    Those are the lengths set by hand: a planned visit lasts the site's usual length times
    the request's pace (lunch taken at its end not counted).
    """
    pace = itinerary.request.pace
    return {
        stop.site: minutes
        for day in itinerary.days
        for stop in day.stops
        if stop.site in network.sites
        and (minutes := visit_minutes(day, stop)) != _planned_minutes(network, stop.site, pace)
    }


def _with_minutes(network: Network, minutes: Mapping[str, int], pace: float) -> Network:
    """Return ``network`` whose sites in ``minutes`` last that long at ``pace``."""
    if not minutes:
        return network
    sites = dict(network.dataset.sites)
    for site_id, length in minutes.items():
        # the planner multiplies by the pace: a fraction keeps the length exact
        usual = length if pace == 1 else cast(int, length / pace)
        sites[site_id] = dataclasses.replace(sites[site_id], visit_minutes=usual)
    return Network(dataclasses.replace(network.dataset, sites=MappingProxyType(sites)))


def _broken_locks(
    before: Itinerary,
    after: Itinerary,
    days: tuple[int, ...],
    stops: tuple[str, ...],
    network: Network,
) -> list[Message]:
    """Return each lock ``after`` does not keep, as a message naming the places."""

    def named(site: str) -> Ref:
        return site_ref(network.site(site)) if site in network.sites else Ref("site", site, site)

    broken = []
    for d in days:
        if _sites(before, d) != _sites(after, d):
            sites = tuple(named(s) for s in _sites(before, d))
            broken.append(message(pt.LOCK_DAY_VISITS, day=d + 1, sites=sites))
        elif d < len(before.days) - 1 and before.days[d].overnight != after.days[d].overnight:
            night = before.days[d].overnight
            place = named(night) if night is not None else Ref("site", "", "")
            broken.append(message(pt.LOCK_DAY_NIGHT, day=d + 1, site=place))
    for site in stops:
        was, now = _day_of(before, site), _day_of(after, site)
        if was != now:
            day = (was or 0) + 1
            if now is None:
                broken.append(message(pt.LOCK_STOP_LEFT_OUT, site=named(site), day=day))
            else:
                said = message(pt.LOCK_STOP_MOVED, site=named(site), day=day, now=now + 1)
                broken.append(said)
    return broken


def reoptimise(
    previous: Itinerary,
    *,
    locked_days: Iterable[int] = (),
    locked_stops: Iterable[str] = (),
    pin: Iterable[str] = (),
    remove: Iterable[str] = (),
    network: Network | None = None,
    params: PlanParams | None = None,
) -> Itinerary:
    """Re-optimise ``previous`` around its locked days and stops, keeping them exactly.

    Parameters
    ----------
    previous
        The itinerary as the operator has it (planned, or edited by hand and re-timed).
    locked_days
        Day indices (0-based) whose visits, order and night stay as they are.
    locked_stops
        Site ids of ``previous`` that stay on their day.
    pin, remove
        Sites to add to the must-visits, and to leave out (as for
        :func:`~tourlink.planner.replan.replan`).
    network
        The network (default: the shipped data).
    params
        The planner's tuning.

    Returns
    -------
    Itinerary
        The planner's itinerary, with every lock kept and every visit length set by hand
        (see :func:`hand_set_minutes`) kept for its place.

    Raises
    ------
    LockNotKeptError
        If the planner's answer does not keep a lock; the message names each one.
    InvalidRequestError
        If a locked day does not exist, a locked stop is not in ``previous``, or a lock
        contradicts ``remove`` (raised by :func:`~tourlink.planner.replan.replan`).
    InfeasibleRequestError
        If nothing can be planned at all.
    """
    from tourlink.planner.replan import replan

    if network is None:
        from tourlink.read import load_network

        network = load_network()
    days = tuple(dict.fromkeys(locked_days))
    stops = tuple(dict.fromkeys(locked_stops))
    minutes = hand_set_minutes(previous, network)
    after = replan(
        previous,
        pin=pin,
        remove=remove,
        locked_days=days,
        locked_stops=stops,
        network=_with_minutes(network, minutes, previous.request.pace),
        params=params,
    )
    broken = _broken_locks(previous, after, days, stops, network)
    if broken:
        raise LockNotKeptError(message(pt.LOCKS_NOT_KEPT, locks=tuple(broken)))
    return after
