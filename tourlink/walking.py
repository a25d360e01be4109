"""Walking legs between nearby sites in town, along the streets of ``streets.json``.

A walk follows street segments and street attachments only (the edges with
``minutes_walk``), at the group's walking speed, and is refused beyond the longest walk
the data allows (:attr:`tourlink.streets.Walking.max_km`). :func:`walks_from` gives the
walks from one place to every place within reach, for the planner's travel table.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from tourlink.exceptions import NoRouteError
from tourlink.messages import define, message
from tourlink.model import Route
from tourlink.network import Network
from tourlink.routing import build_route, place_ref

__all__ = ["WALK", "walk", "walks_from"]

WALK = "walk"
"""The mode of a walking leg (:attr:`tourlink.model.Leg.mode`, :attr:`Route.mode`)."""

WALK_NONE = define(
    "walk.none", "No walk from {origin} to {destination}: no streets of the data join them."
)
WALK_TOO_FAR = define(
    "walk.too-far",
    "Walking from {origin} to {destination} is {km} km along the streets, over the "
    "{limit} km a group walks.",
)


def _weight(u: str, v: str, d: dict[str, Any]) -> float | None:
    minutes: float | None = d.get("minutes_walk")
    return minutes


def walk(a: str, b: str, *, network: Network | None = None) -> Route:
    """Return the walk from ``a`` to ``b`` along the streets.

    Parameters
    ----------
    a, b
        Site (or street node) ids.
    network
        The network; the shipped data's when ``None``.

    Returns
    -------
    Route
        A route of mode ``"walk"``: its legs street by street, timed at the walking
        speed of ``streets.json``.

    Raises
    ------
    UnknownSiteError
        If ``a`` or ``b`` is not a known id.
    NoRouteError
        If no streets join them, or the walk is longer than a group walks.

    Examples
    --------
    >>> r = walk("kon-klor-suspension-bridge", "nha-rong-kon-klor")
    >>> r.mode, r.minutes < 5
    ('walk', True)
    """
    if network is None:
        from tourlink.read import load_network

        network = load_network()
    for place in (a, b):
        if place not in network.G:
            raise network.unknown(place, nodes=True)
    rules = network.dataset.streets.walking
    ends = {"origin": place_ref(network, a), "destination": place_ref(network, b)}
    try:
        _, path = nx.single_source_dijkstra(network.G, a, b, weight=_weight)
    except nx.NetworkXNoPath:
        raise NoRouteError(message(WALK_NONE, **ends)) from None
    found = build_route(network, path, mode=WALK)
    if rules is None or found.km > rules.max_km + 1e-9:
        limit = 0.0 if rules is None else rules.max_km
        raise NoRouteError(message(WALK_TOO_FAR, km=round(found.km, 2), limit=limit, **ends))
    return found


def walks_from(network: Network, source: str) -> dict[str, float]:
    """Return the walking minutes from ``source`` to every place within a group's walk.

    Examples
    --------
    >>> from tourlink.read import load_network
    >>> near = walks_from(load_network(), "kon-klor-suspension-bridge")
    >>> near["nha-rong-kon-klor"] < 5, "mang-den-town" in near
    (True, False)
    """
    rules = network.dataset.streets.walking
    if rules is None or source not in network.G:
        return {}
    cutoff = rules.minutes(rules.max_km) + 1e-9
    found = nx.single_source_dijkstra_path_length(network.G, source, cutoff=cutoff, weight=_weight)
    return {place: float(minutes) for place, minutes in found.items() if place != source}
