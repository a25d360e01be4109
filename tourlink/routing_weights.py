"""Edge weights of the road graph, option checks and why no route exists.

:func:`edge_weight` returns the NetworkX weight callable the searches of
:mod:`tourlink.routing` use: it returns ``None`` to close an edge (a mode that may not use
it, a gate closed to tourists, a one-way segment driven the wrong way, a seasonal risk to
avoid). :func:`no_route` explains a failed search by re-trying it with each restriction
lifted in turn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import networkx as nx

from tourlink import texts as t
from tourlink.exceptions import InvalidRequestError, NoRouteError
from tourlink.messages import Ref, message
from tourlink.network import Network, check_mode

__all__ = ["WeightFn", "check_options", "edge_weight", "mode_ref", "no_route", "place_ref"]

WeightFn = Callable[[str, str, dict[str, Any]], float | None]


def edge_weight(
    mode: str,
    *,
    weight: str = "minutes",
    avoid_risk_month: int | None = None,
    any_mode: bool = False,
    open_gates: bool = False,
) -> WeightFn:
    """Return a NetworkX weight callable for ``mode`` that returns ``None`` on closed edges.

    Parameters
    ----------
    mode
        Travel mode; edges whose ``modes`` lack it are closed unless ``any_mode``.
    weight
        ``"minutes"`` (fastest) or ``"km"`` (shortest).
    avoid_risk_month
        Close segments whose seasonal risk applies in this month (1–12).
    any_mode, open_gates
        Diagnostics: ignore mode restrictions / treat gates closed to tourists as open.
    """
    attr = f"minutes_{mode}" if weight == "minutes" and not any_mode else "km"

    def fn(u: str, v: str, d: dict[str, Any]) -> float | None:
        if d.get("closed") and not open_gates:
            return None
        if d["oneway_from"] is not None and u != d["oneway_from"]:
            return None
        if not any_mode and mode not in d["modes"]:
            return None
        risk = d["seasonal_risk"]
        if avoid_risk_month is not None and risk is not None and risk.applies(avoid_risk_month):
            return None
        value: float = d[attr]
        return value

    return fn


def check_options(
    net: Network, ids: Sequence[str], mode: str, weight: str, month: int | None
) -> None:
    """Refuse a bad mode, weight or month, or an unknown place, naming the field."""
    check_mode(mode)
    if weight not in ("minutes", "km"):
        raise InvalidRequestError(message(t.BAD_WEIGHT, value=repr(weight)), field="weight")
    if month is not None and not (isinstance(month, int) and 1 <= month <= 12):
        raise InvalidRequestError(message(t.BAD_MONTH, value=repr(month)), field="avoid_risk_month")
    for place in ids:
        if place not in net.G:
            raise net.unknown(place, nodes=True)


def _reachable(net: Network, a: str, b: str, fn: WeightFn) -> bool:
    try:
        nx.single_source_dijkstra(net.G, a, b, weight=fn)
    except nx.NetworkXNoPath:
        return False
    return True


def place_ref(net: Network, place_id: str) -> Ref:
    """Return the message reference of a site or road node (its name, never its id)."""
    site = net.dataset.sites.get(place_id)
    if site is not None:
        return Ref("site", place_id, site.name_en or site.name)
    data = net.G.nodes[place_id] if place_id in net.G else {}
    return Ref("site", place_id, str(data.get("name") or place_id))


def mode_ref(mode: str) -> Ref:
    """Return the message reference of a travel mode (``"car"``, …)."""
    return Ref("mode", mode, t.MODE_NAMES.get(mode, mode))


def no_route(net: Network, a: str, b: str, mode: str, month: int | None) -> NoRouteError:
    """Return the error for no route from ``a`` to ``b``, saying which restriction blocks it."""

    def ok(**kw: Any) -> bool:
        return _reachable(net, a, b, edge_weight(mode, weight="km", **kw))

    if month is not None and ok():
        reason = message(t.REASON_RISK, month=str(month))
    elif ok(any_mode=True, avoid_risk_month=month):
        vehicles = Ref("mode", f"{mode}s", t.VEHICLES.get(mode, mode))
        reason = message(t.REASON_MODE, vehicles=vehicles)
    elif ok(open_gates=True, avoid_risk_month=month):
        reason = message(t.REASON_GATE)
    elif ok(any_mode=True, open_gates=True):
        reason = message(t.REASON_ALL)
    else:
        reason = message(t.REASON_UNCONNECTED)
    return NoRouteError(
        message(
            t.NO_ROUTE,
            origin=place_ref(net, a),
            destination=place_ref(net, b),
            mode=mode_ref(mode),
            reason=reason,
        )
    )
