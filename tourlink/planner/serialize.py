"""Turn an :class:`~tourlink.itinerary.Itinerary` into plain JSON-ready data.

The shape is a contract shared by ``tourlink plan --json`` and the web API::

    {"request": {...}, "days": [{"date", "start", "start_name", "depart",
      "stops": [{"id", "name", "arrive", "start", "depart", "score", "note"}],
      "overnight", "overnight_name", "arrive", "lunch", "km", "drive_minutes",
      "crossings", "notes", "note_messages", "drives"}], "warnings": [...],
     "warning_messages": [...], "totals": {"score", "km", "drive_minutes", "stops", "fees"}}

``warnings`` and ``notes`` are the rendered sentences; ``warning_messages`` and
``note_messages`` the same messages as ``{"code", "params", "text"}``
(:meth:`tourlink.messages.Message.to_dict`), so a client can render them itself.

Times are ISO 8601 local wall-clock times of the place (Vietnam and Laos are both UTC+7).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tourlink.itinerary import Day, Itinerary, Stop, TripRequest
from tourlink.messages import Message, Namer, Translator, message
from tourlink.model import Leg
from tourlink.planner import texts as T

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = ["itinerary_to_dict", "request_to_dict", "stop_note"]


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
        "pace_profile": request.pace_profile,
        "max_visits": request.max_visits,
        "max_active_minutes": request.max_active_minutes,
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


@dataclass(frozen=True, slots=True)
class _Renderer:
    locale: str
    translate: Translator | None
    name: Namer | None

    def texts(self, messages: tuple[Message, ...]) -> list[str]:
        return [m.render(self.locale, translate=self.translate, name=self.name) for m in messages]

    def dicts(self, messages: tuple[Message, ...]) -> list[dict[str, Any]]:
        return [m.to_dict(self.locale, translate=self.translate, name=self.name) for m in messages]

    def note(self, stop: Stop) -> str:
        """Return a stop's note in the reader's language (the wait for opening, if any)."""
        said = stop_note(stop)
        if said is None:
            return stop.note
        return said.render(self.locale, translate=self.translate, name=self.name)


def stop_note(stop: Stop) -> Message | None:
    """Return the message of a stop's note: how long the group waits for the opening.

    ``None`` when the stop has no wait (its ``note`` is then shown as it is).

    Examples
    --------
    >>> import datetime as dt
    >>> at = dt.datetime(2026, 3, 2, 7, 40)
    >>> str(stop_note(Stop("x", at, at + dt.timedelta(minutes=20), at + dt.timedelta(hours=1))))
    'waits 20 min for opening'
    """
    minutes = (stop.start - stop.arrive).total_seconds() / 60
    if minutes <= 0:
        return None
    return message(T.WAIT_OPENING, minutes=round(minutes) if minutes == round(minutes) else minutes)


def _day(day: Day, name: Callable[[str], str], out: _Renderer) -> dict[str, Any]:
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
                "note": out.note(stop),
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
        "notes": out.texts(day.notes),
        "note_messages": out.dicts(day.notes),
        "drives": [[_leg(leg) for leg in drive] for drive in day.drives],
    }


def itinerary_to_dict(
    itinerary: Itinerary,
    *,
    network: Network | None = None,
    locale: str = "en",
    translate: Translator | None = None,
    name: Namer | None = None,
) -> dict[str, Any]:
    """Return ``itinerary`` as JSON-ready data (see the module docstring for the shape).

    Parameters
    ----------
    itinerary
        The planned trip.
    network
        Where site names are looked up (default: the shipped data).
    locale, translate, name
        How warnings and notes are rendered (see :meth:`tourlink.messages.Message.render`):
        the reader's locale, a template translator and a namer of references.

    Returns
    -------
    dict
        ``request``, ``days``, ``warnings`` and ``totals``.
    """
    if network is None:
        from tourlink.read import load_network

        network = load_network()
    net = network

    def site_name(site_id: str) -> str:
        return net.site(site_id).name

    out = _Renderer(locale, translate, name)
    return {
        "request": request_to_dict(itinerary.request),
        "days": [_day(day, site_name, out) for day in itinerary.days],
        "warnings": out.texts(itinerary.warnings),
        "warning_messages": out.dicts(itinerary.warnings),
        "totals": {
            "score": round(itinerary.score, 2),
            "km": round(itinerary.km, 1),
            "drive_minutes": round(itinerary.drive_minutes),
            "stops": len(itinerary.visited),
            "fees": {cur: round(amount, 2) for cur, amount in sorted(itinerary.fees.items())},
        },
    }
