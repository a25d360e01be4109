"""Snapshots: what a saved version keeps of an itinerary, and the itinerary read back.

A snapshot is a plain JSON document::

    {"format": 1,
     "itinerary": {...},          # tourlink.planner.serialize.itinerary_to_dict
     "seed": 0,                   # the planner's seed (None for a hand-edited plan)
     "data_version": "2026.12.1", # Dataset.version the plan was made and checked on
     "data_fingerprint": "…",     # Dataset.fingerprint (changes with any data edit)
     "violations": [{"kind", "day", "site", "message"}, …],  # the independent checker's
     "edited": false,             # whether hand edits made it (not the planner alone)
     "own_places": {"own-…": [lat, lon]}}  # where the organisation's own places it uses were

The data has changed for a snapshot (:func:`data_changed`) when the shipped data's version
or fingerprint differs, or when one of the organisation's own places it uses has moved
(or is gone).

Pages, prints, exports and share links read it; nothing is re-planned. :func:`itinerary_of`
rebuilds the frozen :class:`~tourlink.itinerary.Itinerary` (for the exporters and the
editor) without consulting the network, so it works even after the data has changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tourlink.itinerary import TEXT, Day, Itinerary, Stop, TripRequest
from tourlink.messages import Message, message
from tourlink.model import Leg
from tourlink.planner.check import Violation, check_itinerary
from tourlink.planner.serialize import itinerary_to_dict
from tourlink.relocalize import message_from_dict, messages_from_dicts

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = [
    "FORMAT",
    "data_changed",
    "itinerary_of",
    "make_snapshot",
    "message_of",
    "recheck",
    "violation_dicts",
]

FORMAT = 1
"""The snapshot format written by :func:`make_snapshot`."""


def violation_dicts(violations: list[Violation]) -> list[dict[str, Any]]:
    """Return the checker's findings as JSON-ready dicts.

    ``message`` is the English sentence; ``message_data`` the structured message (code,
    parameters, text) from which a page renders it in the reader's language.
    """
    return [
        {
            "kind": v.kind,
            "day": v.day,
            "site": v.site,
            "message": str(v.message),
            "message_data": v.message.to_dict(),
        }
        for v in violations
    ]


def _own_positions(itinerary: Itinerary, network: Network) -> dict[str, list[float]]:
    """Return where each own place ``itinerary`` uses (stop, night, start, end) lies."""
    from tourlink.places import PREFIX

    used = [itinerary.request.start, itinerary.request.end or ""]
    for day in itinerary.days:
        used += [*(s.site for s in day.stops), day.overnight]
    sites = network.sites
    return {
        site: [sites[site].lat, sites[site].lon]
        for site in dict.fromkeys(used)
        if site.startswith(PREFIX) and site in sites
    }


def make_snapshot(
    itinerary: Itinerary, *, network: Network, seed: int | None = None, edited: bool = False
) -> dict[str, Any]:
    """Return the snapshot of ``itinerary``, checked by the independent checker on ``network``."""
    dataset = network.dataset
    return {
        "format": FORMAT,
        "itinerary": itinerary_to_dict(itinerary, network=network),
        "seed": seed,
        "data_version": dataset.version,
        "data_fingerprint": dataset.fingerprint,
        "violations": violation_dicts(check_itinerary(itinerary, network=network)),
        "edited": edited,
        "own_places": _own_positions(itinerary, network),
    }


def data_changed(snapshot: Mapping[str, Any], network: Network) -> bool:
    """Return whether the data has changed since the snapshot was checked.

    That is the shipped data (version or fingerprint), or an own place the snapshot uses
    that has moved or is no longer in ``network``.
    """
    dataset = network.dataset
    if (snapshot.get("data_version"), snapshot.get("data_fingerprint")) != (
        dataset.version,
        dataset.fingerprint,
    ):
        return True
    sites = network.sites
    return any(
        site not in sites or [sites[site].lat, sites[site].lon] != list(where)
        for site, where in (snapshot.get("own_places") or {}).items()
    )


def recheck(snapshot: Mapping[str, Any], network: Network) -> list[dict[str, Any]] | None:
    """Return the checker's findings on today's data, or ``None`` if the data is unchanged.

    A place the data no longer knows is reported as a violation rather than raised.
    """
    if not data_changed(snapshot, network):
        return None
    itinerary = itinerary_of(snapshot)
    known = network.sites
    gone = [s for s in itinerary.visited if s not in known]
    if gone:
        return [
            {"kind": "unknown-site", "day": None, "site": s, "message": f"{s!r} is gone"}
            for s in gone
        ]
    try:
        return violation_dicts(check_itinerary(itinerary, network=network))
    except LookupError as exc:  # an overnight or start place removed from the data
        return [{"kind": "unknown-site", "day": None, "site": "", "message": str(exc)}]


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def _request(doc: Mapping[str, Any]) -> TripRequest:
    return TripRequest(
        start=doc["start"],
        end=doc.get("end"),
        start_date=dt.date.fromisoformat(doc["start_date"]),
        days=int(doc["days"]),
        day_start=_time(doc["day_start"]),
        day_end=_time(doc["day_end"]),
        lunch_start=_time(doc["lunch_start"]),
        lunch_end=_time(doc["lunch_end"]),
        lunch_minutes=int(doc["lunch_minutes"]),
        max_drive_minutes=int(doc["max_drive_minutes"]),
        mode=doc["mode"],
        interests=dict(doc.get("interests", {})),
        must_visit=tuple(doc.get("must_visit", ())),
        avoid=tuple(doc.get("avoid", ())),
        pace=float(doc.get("pace", 1.0)),
        passports=bool(doc.get("passports", True)),
        vehicle_papers=bool(doc.get("vehicle_papers", True)),
        avoid_risky_roads=bool(doc.get("avoid_risky_roads", False)),
        pace_profile=str(doc.get("pace_profile", "standard")),
        max_visits=None if doc.get("max_visits") is None else int(doc["max_visits"]),
        max_active_minutes=None
        if doc.get("max_active_minutes") is None
        else int(doc["max_active_minutes"]),
    )


def message_of(doc: Mapping[str, Any]) -> Message:
    """Return the message of its JSON form (:meth:`~tourlink.messages.Message.to_dict`).

    A code this version no longer defines, or parameters that no longer fit it, come
    back as the stored English sentence (kept, never translated).

    Examples
    --------
    >>> from tourlink.itinerary import TEXT
    >>> from tourlink.messages import message
    >>> m = message(TEXT, text="Bring cash.")
    >>> message_of(m.to_dict()) == m
    True
    """
    found = message_from_dict(doc)
    return found if found is not None else message(TEXT, text=str(doc.get("text", "")))


def _leg(doc: Mapping[str, Any]) -> Leg:
    return Leg(
        road=doc["road"],
        source=doc["from"],
        target=doc["to"],
        km=float(doc["km"]),
        minutes=float(doc["minutes"]),
        geometry=tuple((float(lat), float(lon)) for lat, lon in doc["geometry"]),
        road_class=str(doc.get("road_class", "")),
        mountain_pass=bool(doc.get("mountain_pass", False)),
        seasonal_risks=tuple(message_of(m) for m in doc.get("seasonal_risk_messages", ())),
        mode=str(doc.get("mode", "")),  # "walk": a walked leg (data 2.8's streets)
    )


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _day(doc: Mapping[str, Any]) -> Day:
    lunch = doc.get("lunch")
    return Day(
        date=dt.date.fromisoformat(doc["date"]),
        start_site=doc["start"],
        depart=_moment(doc["depart"]),
        stops=tuple(
            Stop(
                site=s["id"],
                arrive=_moment(s["arrive"]),
                start=_moment(s["start"]),
                depart=_moment(s["depart"]),
                score=float(s.get("score", 0.0)),
                note=s.get("note", ""),
            )
            for s in doc["stops"]
        ),
        overnight=doc["overnight"],
        arrive=_moment(doc["arrive"]),
        drives=tuple(tuple(_leg(leg) for leg in drive) for drive in doc["drives"]),
        km=float(doc["km"]),
        drive_minutes=float(doc["drive_minutes"]),
        lunch=None
        if lunch is None
        else (_moment(lunch["start"]), _moment(lunch["end"]), lunch["site"]),
        notes=messages_from_dicts(doc.get("note_messages"), doc.get("notes")),
        crossings=tuple(doc.get("crossings", ())),
    )


def itinerary_of(snapshot: Mapping[str, Any]) -> Itinerary:
    """Return the itinerary a snapshot holds, exactly as it was saved (no re-planning)."""
    doc = snapshot["itinerary"]
    totals = doc["totals"]
    return Itinerary(
        request=_request(doc["request"]),
        days=tuple(_day(day) for day in doc["days"]),
        score=float(totals["score"]),
        km=float(totals["km"]),
        drive_minutes=float(totals["drive_minutes"]),
        fees={str(k): float(v) for k, v in totals.get("fees", {}).items()},
        warnings=messages_from_dicts(doc.get("warning_messages"), doc.get("warnings")),
    )
