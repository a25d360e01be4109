"""The planner form: query-string fields ⇄ the mapping :func:`parse_request` accepts.

The planner result page is a permalink: the whole trip request travels in the query
string, so the same URL reproduces the same plan.
"""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from tourlink.planner.request import FIELDS

__all__ = ["BOOL_FIELDS", "LIST_FIELDS", "changed_args", "is_submitted", "trip_fields"]

LIST_FIELDS = ("must_visit", "avoid")
BOOL_FIELDS = ("passports", "vehicle_papers", "avoid_risky_roads")
#: Weight given to an interest ticked on the form (sites without it keep their own score).
TICKED_WEIGHT = 2.0


def is_submitted(args: MultiDict[str, str]) -> bool:
    """Return whether the query string holds a trip request (not just pre-filled fields)."""
    return bool(args.get("start"))


def _list(args: MultiDict[str, str], name: str) -> list[str]:
    out: list[str] = []
    for value in args.getlist(name):
        for item in value.split(","):
            if item.strip() and item.strip() not in out:
                out.append(item.strip())
    return out


def trip_fields(args: MultiDict[str, str]) -> dict[str, Any]:
    """Return the trip request fields in ``args`` (blank optional fields left out).

    Checkboxes are sent as a hidden ``0`` followed by the box's ``1``; the last value wins.
    Ticked interests (``interests=nature``) get weight :data:`TICKED_WEIGHT`; a
    ``category=weight`` value keeps its weight.
    """
    data: dict[str, Any] = {}
    for name in FIELDS:
        if name in LIST_FIELDS:
            data[name] = _list(args, name)
        elif name == "interests":
            pairs = [v if "=" in v else f"{v}={TICKED_WEIGHT:g}" for v in _list(args, name)]
            data[name] = ",".join(pairs)
        elif name in BOOL_FIELDS:
            values = args.getlist(name)
            if values:
                data[name] = values[-1]
        elif name in args:
            value = args.get(name, "").strip()
            if value or name == "end":
                data[name] = value
    return data


def changed_args(
    args: MultiDict[str, str], *, pin: str | None = None, remove: str | None = None
) -> MultiDict[str, str]:
    """Return ``args`` with ``pin`` made a must-visit or ``remove`` added to ``avoid``."""
    must = _list(args, "must_visit")
    avoid = _list(args, "avoid")
    if pin is not None:
        must = [*must, pin] if pin not in must else must
        avoid = [a for a in avoid if a != pin]
    if remove is not None:
        avoid = [*avoid, remove] if remove not in avoid else avoid
        must = [m for m in must if m != remove]
    out: MultiDict[str, str] = MultiDict(
        [(k, v) for k, v in args.items(multi=True) if k not in (*LIST_FIELDS, "lang")]
    )
    for site_id in must:
        out.add("must_visit", site_id)
    for site_id in avoid:
        out.add("avoid", site_id)
    return out
