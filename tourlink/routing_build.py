"""A route along a found path: legs road by road, border gates, warnings.

:func:`build_route` turns a path of graph nodes into a :class:`~tourlink.model.Route`,
timing it edge by edge when a departure is given: at a border gate closed on arrival the
route waits until it opens and says why (a dated closure, the hour, the formalities).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Sequence
from typing import Any

from tourlink import texts as t
from tourlink.exceptions import NoRouteError
from tourlink.hours import crossing_closes, crossing_is_open, crossing_next_window, local_time
from tourlink.messages import Message, Param, Ref, message
from tourlink.model import BorderCrossing, CrossingPass, Leg, Route
from tourlink.network import Network
from tourlink.routing_weights import place_ref

__all__ = ["build_route", "gate_name"]


def gate_name(crossing: BorderCrossing) -> str:
    """Return the short name of a gate: ``"Bờ Y – Phou Keua"`` for its full name."""
    short = re.sub(
        r"\s*\b(international\s+)?(border\s+)?(gate|crossing|checkpoint)\b.*$",
        "",
        crossing.name,
        flags=re.IGNORECASE,
    )
    return short or crossing.name


def build_route(
    net: Network,
    path: Sequence[str],
    *,
    mode: str,
    depart: dt.datetime | None = None,
    risk_month: int | None = None,
) -> Route:
    """Return the :class:`~tourlink.model.Route` along ``path`` (graph node ids).

    With ``depart`` (aware), arrival times are computed edge by edge; at a border gate
    that is closed on arrival the route waits until it opens, and says so.

    Raises
    ------
    NoRouteError
        If a gate on the path does not open again within a year.
    """
    g, attr = net.G, f"minutes_{mode}"
    edges = [(u, v, g[u][v]) for u, v in itertools.pairwise(path)]
    clock, passes, waits = depart, [], []
    warnings: list[Message] = []
    for u, v, d in edges:
        wait = 0.0
        if d["crossing"] is not None:
            crossing = net.dataset.crossings[d["crossing"]]
            cpass, wait = _pass_gate(net, crossing, (u, v), clock, d[attr])
            passes.append(cpass)
            warnings.extend(cpass.notes)
        waits.append(wait)
        if clock is not None:
            clock += dt.timedelta(minutes=wait + d[attr])
    legs = _legs(net, edges, waits, attr)
    warnings = _assumption_warnings(passes) + warnings + _risk_warnings(edges, depart, risk_month)
    roads = tuple(dict.fromkeys(leg.road for leg in legs))
    return Route(
        origin=path[0],
        destination=path[-1],
        mode=mode,
        legs=legs,
        km=sum(d["km"] for _, _, d in edges),
        minutes=sum(d[attr] for _, _, d in edges) + sum(waits),
        geometry=tuple(net.place(n) for n in path),
        roads=roads,
        crossings=tuple(passes),
        depart=depart,
        arrive=clock,
        warnings=t.unique(warnings),
        nodes=tuple(path),
    )


def _pass_gate(
    net: Network,
    crossing: BorderCrossing,
    ends: tuple[str, str],
    clock: dt.datetime | None,
    minutes: float,
) -> tuple[CrossingPass, float]:
    countries = (net.G.nodes[ends[0]]["country"], net.G.nodes[ends[1]]["country"])
    if clock is None:
        return CrossingPass(crossing, countries), 0.0
    gate = t.crossing_ref(crossing, gate_name(crossing))
    formalities = crossing.formalities_minutes
    local = local_time(clock, crossing.timezone)
    opens = crossing_next_window(crossing, clock, formalities)
    if opens is None:
        raise NoRouteError(
            message(
                t.GATE_NEVER_OPENS,
                origin=place_ref(net, ends[0]),
                destination=place_ref(net, ends[1]),
                gate=gate,
                minutes=formalities,
                time=clock.replace(tzinfo=None),
            )
        )
    wait, notes = 0.0, []
    if opens > local:
        wait = (opens - local).total_seconds() / 60.0
        notes = _gate_wait_notes(crossing, gate, clock, local, opens, wait)
    leave = clock + dt.timedelta(minutes=wait + minutes)
    cpass = CrossingPass(
        crossing, countries, arrive=clock, depart=leave, waited_minutes=wait, notes=tuple(notes)
    )
    return cpass, wait


def _gate_wait_notes(
    crossing: BorderCrossing,
    gate: Ref,
    clock: dt.datetime,
    local: dt.datetime,
    opens: dt.datetime,
    wait: float,
) -> list[Message]:
    """Say why a gate keeps the route waiting (the closure and its dates, the hour …)."""
    times: dict[str, Param] = {
        "arrival": local.replace(tzinfo=None),
        "hours": round(wait / 60, 1),
        "opens": opens.replace(tzinfo=None),
    }
    closure = next((c for c in crossing.closures if c.covers(local.date())), None)
    if closure is not None:
        reason = t.text_ref(f"{crossing.id}:closure:{closure.start}", closure.reason)
        notes = [
            message(
                t.GATE_CLOSURE_WAIT,
                gate=gate,
                start=closure.start,
                end=closure.end,
                reason=reason,
                **times,
            )
        ]
        if closure.assumed:
            notes.append(
                message(t.GATE_CLOSURE_ASSUMED, gate=gate, start=closure.start, end=closure.end)
            )
        return notes
    if crossing_is_open(crossing, clock):
        closes = crossing_closes(crossing, clock)
        assert closes is not None  # open now, so it closes at some point
        return [
            message(
                t.GATE_FORMALITIES_WAIT,
                gate=gate,
                closes=closes.time(),
                minutes=crossing.formalities_minutes,
                **times,
            )
        ]
    return [message(t.GATE_HOUR_WAIT, gate=gate, **times)]


def _legs(
    net: Network, edges: list[tuple[str, str, dict[str, Any]]], waits: list[float], attr: str
) -> tuple[Leg, ...]:
    groups = itertools.groupby(zip(edges, waits, strict=True), key=lambda e: e[0][2]["road"])
    legs = []
    for road, members in groups:
        part = list(members)
        first, last = part[0][0], part[-1][0]
        known = dict.fromkeys((d["road"], d["seasonal_risk"]) for (_, _, d), _ in part)
        risks = t.unique(_risk_text(*pair) for pair in known if pair[1])
        legs.append(
            Leg(
                road=road,
                source=first[0],
                target=last[1],
                km=sum(d["km"] for (_, _, d), _ in part),
                minutes=sum(d[attr] + w for (_, _, d), w in part),
                geometry=tuple(net.place(n) for n in [first[0], *(v for (_, v, _), _ in part)]),
                road_class=first[2]["road_class"],
                mountain_pass=any(d["mountain_pass"] for (_, _, d), _ in part),
                seasonal_risks=risks,
                mode="walk" if attr == "minutes_walk" else "",
            )
        )
    return tuple(legs)


@functools.lru_cache(maxsize=4096)
def _risk_text(road: str, risk: Any) -> Message:
    """Return the warning of ``risk`` on ``road`` (made once: routes repeat them)."""
    kind = t.RISK_KINDS.get((risk.level, risk.kind))
    what = message(kind) if kind else message(t.RISK_OTHER, level=risk.level, kind=risk.kind)
    road_ref = Ref("road", road, road)
    if not risk.note:
        return message(t.ROAD_RISK_PLAIN, road=road_ref, risk=what, months=t.months(risk.months))
    note = t.text_ref(f"{road}:risk", risk.note)
    return message(t.ROAD_RISK, road=road_ref, risk=what, months=t.months(risk.months), note=note)


def _risk_warnings(
    edges: list[tuple[str, str, dict[str, Any]]], depart: dt.datetime | None, month: int | None
) -> list[Message]:
    when = month or (depart.month if depart is not None else None)
    out = []
    for _, _, d in edges:
        risk = d["seasonal_risk"]
        if risk is not None and (when is None or risk.applies(when)):
            out.append(_risk_text(d["road"], risk))
    return out


def _assumption_warnings(passes: list[CrossingPass]) -> list[Message]:
    out = []
    for cpass in passes:
        gate = t.crossing_ref(cpass.crossing, gate_name(cpass.crossing))
        for a in cpass.crossing.assumptions:
            code = t.ASSUMED_WHAT.get(a.field)
            what = message(code) if code else message(t.GATE_ASSUMED_OTHER, field=a.field)
            out.append(message(t.GATE_ASSUMED, gate=gate, what=what))
    return out
