"""Turn an :class:`~tourlink.itinerary.Itinerary` into plain JSON-ready data.

The shape is a contract shared by ``tourlink plan --json`` and the web API::

    {"request": {...}, "days": [{"date", "start", "start_name", "depart",
      "stops": [{"id", "name", "arrive", "start", "depart", "score", "note"}],
      "overnight", "overnight_name", "arrive", "lunch", "km", "drive_minutes",
      "crossings", "notes", "drives"}], "warnings": [...],
     "totals": {"score", "km", "drive_minutes", "stops", "fees"}}

Times are ISO 8601 local wall-clock times of the place (Vietnam and Laos are both UTC+7).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tourlink.itinerary import Day, Itinerary, TripRequest
from tourlink.model import Leg

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = ["itinerary_to_dict", "request_to_dict"]


def request_to_dict(request: TripRequest) -> dict[str, Any]:
    """Return ``request`` as JSON-ready data (the form :func:`parse_request` accepts).

    Examples
    --------
    >>> import datetime as dt
    >>> request_to_dict(TripRequest("a", dt.date(2026, 3, 2), 1))["start_date"]
    '2026-03-02'
    """
    return {
        "start": request.start,
        "end": request.end,
        "start_date": request.start_date.isoformat(),
        "days": request.days,
        "day_start": request.day_start.strftime("%H:%M"),
        "day_end": request.day_end.strftime("%H:%M"),
        "lunch_start": request.lunch_start.strftime("%H:%M"),
        "lunch_end": request.lunch_end.strftime("%H:%M"),
        "lunch_minutes": request.lunch_minutes,
        "max_drive_minutes": request.max_drive_minutes,
        "mode": request.mode,
        "interests": dict(request.interests),
        "must_visit": list(request.must_visit),
        "avoid": list(request.avoid),
        "pace": request.pace,
        "passports": request.passports,
        "vehicle_papers": request.vehicle_papers,
        "avoid_risky_roads": request.avoid_risky_roads,
    }


def _leg(leg: Leg) -> dict[str, Any]:
    return {
        "road": leg.road,
        "from": leg.source,
        "to": leg.target,
        "km": round(leg.km, 1),
        "minutes": round(leg.minutes, 1),
        "geometry": [[lat, lon] for lat, lon in leg.geometry],
    }


def _day(day: Day, name: Any) -> dict[str, Any]:
    return {
        "date": day.date.isoformat(),
        "start": day.start_site,
        "start_name": name(day.start_site),
        "depart": day.depart.isoformat(timespec="minutes"),
        "stops": [
            {
                "id": stop.site,
                "name": name(stop.site),
                "arrive": stop.arrive.isoformat(timespec="minutes"),
                "start": stop.start.isoformat(timespec="minutes"),
                "depart": stop.depart.isoformat(timespec="minutes"),
                "score": round(stop.score, 2),
                "note": stop.note,
            }
            for stop in day.stops
        ],
        "overnight": day.overnight,
        "overnight_name": name(day.overnight),
        "arrive": day.arrive.isoformat(timespec="minutes"),
        "lunch": None
        if day.lunch is None
        else {
            "start": day.lunch[0].isoformat(timespec="minutes"),
            "end": day.lunch[1].isoformat(timespec="minutes"),
            "site": day.lunch[2],
        },
        "km": round(day.km, 1),
        "drive_minutes": round(day.drive_minutes),
        "crossings": list(day.crossings),
        "notes": list(day.notes),
        "drives": [[_leg(leg) for leg in drive] for drive in day.drives],
    }


def itinerary_to_dict(itinerary: Itinerary, *, network: Network | None = None) -> dict[str, Any]:
    """Return ``itinerary`` as JSON-ready data (see the module docstring for the shape).

    Parameters
    ----------
    itinerary
        The planned trip.
    network
        Where site names are looked up (default: the shipped data).

    Returns
    -------
    dict
        ``request``, ``days``, ``warnings`` and ``totals``.
    """
    if network is None:
        from tourlink.read import load_network

        network = load_network()
    net = network

    def name(site_id: str) -> str:
        return net.site(site_id).name

    return {
        "request": request_to_dict(itinerary.request),
        "days": [_day(day, name) for day in itinerary.days],
        "warnings": list(itinerary.warnings),
        "totals": {
            "score": round(itinerary.score, 2),
            "km": round(itinerary.km, 1),
            "drive_minutes": round(itinerary.drive_minutes),
            "stops": len(itinerary.visited),
            "fees": {cur: round(amount, 2) for cur, amount in sorted(itinerary.fees.items())},
        },
    }
