"""The operator tour form ⇄ a stored timetable record.

The programme is a published route (``source=route:<slug>``) or a saved itinerary of
the organisation (``source=itinerary:<id>``: its days' visits become the stops, its start
and last night the tour's start and end). Departures are ``weekdays`` (mon … sun) and/or
``dates`` (YYYY-MM-DD, comma separated), in ``seasons``; then ``seats``, ``price_from``
(a decimal per person), ``languages``, ``depart``/``arrive`` times and ``shared``. The
record's own rules (sites, routes, times, seats, prices) are the timetable reader's,
checked by :func:`tourlink.store.tours.check_record`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from tourlink import texts
from tourlink.exceptions import InvalidRequestError
from tourlink.itinerary import Itinerary
from tourlink.messages import message

__all__ = ["PROGRAMME", "WEEKDAYS", "form_of", "record_from_form"]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: The fields of a record that make its programme (kept when an edit does not change it).
PROGRAMME = ("route", "name", "name_en", "zones", "days", "stops", "start", "end")
LANGUAGES = ("vi", "en", "lo")


def _programme(itinerary: Itinerary, name: str) -> dict[str, Any]:
    """Return the programme fields of a saved itinerary: its visits day by day."""
    stops = [
        {"site": stop.site, "day": n}
        for n, day in enumerate(itinerary.days, 1)
        for stop in day.stops
    ]
    zones: list[str] = []
    return {
        "name": name,
        "name_en": name,
        "zones": zones,
        "days": len(itinerary.days),
        "stops": stops,
        "start": itinerary.request.start,
        "end": itinerary.days[-1].overnight,
    }


def record_from_form(
    form: MultiDict[str, str],
    *,
    itinerary: Any = None,
    sites: Mapping[str, Any] | None = None,
    kept: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Return the stored record of ``form``.

    ``itinerary`` is ``(name, Itinerary)`` when ``source`` names a saved itinerary;
    ``kept`` the record being edited, whose programme ``source=kept`` keeps.

    Raises
    ------
    InvalidRequestError
        If ``source`` names nothing, or no departure day is given.
    """
    source = form.get("source", "")
    record: dict[str, Any]
    if source.startswith("route:"):
        record = {"route": source.removeprefix("route:")}
    elif source.startswith("itinerary:") and itinerary is not None:
        name, trip = itinerary
        record = _programme(trip, name)
        if sites is not None:
            found = [sites[s["site"]].zone for s in record["stops"] if s["site"] in sites]
            record["zones"] = list(dict.fromkeys(found))
    elif source == "kept" and kept is not None:
        record = {k: v for k, v in kept.items() if k in PROGRAMME}
    else:
        raise InvalidRequestError(
            texts.bad_value("source", source[:80], message(texts.EXPECT_TOUR_SOURCE)),
            field="source",
        )
    weekdays = [d for d in WEEKDAYS if d in form.getlist("weekdays")]
    dates = [d.strip() for d in form.get("dates", "").replace(";", ",").split(",") if d.strip()]
    if not weekdays and not dates:
        raise InvalidRequestError(
            message(
                texts.NO_DEPARTURE_DAY,
                weekdays=texts.field_ref("weekdays"),
                dates=texts.field_ref("dates"),
            ),
            field="weekdays",
        )
    record.update(
        depart=form.get("depart", "").strip(),
        arrive=form.get("arrive", "").strip(),
        weekdays=weekdays,
        dates=dates[:100],
        seasons=[s for s in ("dry", "rainy") if s in form.getlist("seasons")],
        seats=_seats(form.get("seats", "")),
        price_from=form.get("price_from", "").strip()[:20],
        languages=[lang for lang in LANGUAGES if lang in form.getlist("languages")] or ["vi"],
    )
    return record


def _seats(text: str) -> int:
    value = text.strip()
    if not value.isdecimal() or len(value) > 9 or not 1 <= int(value) <= 500:
        raise InvalidRequestError(
            texts.bad_value("seats", value[:20], texts.between(1, 500)), field="seats"
        )
    return int(value)


def form_of(slug: str, record: Mapping[str, Any], shared: bool) -> MultiDict[str, str]:
    """Return the form values of a stored record (itinerary programmes stay as they are)."""
    form: MultiDict[str, str] = MultiDict(
        {
            "slug": slug,
            "source": f"route:{record['route']}" if record.get("route") else "kept",
            "depart": str(record.get("depart", "")),
            "arrive": str(record.get("arrive", "")),
            "dates": ", ".join(record.get("dates", [])),
            "seats": str(record.get("seats", "")),
            "price_from": str(record.get("price_from", "")),
        }
    )
    for name in ("weekdays", "seasons", "languages"):
        form.setlist(name, list(record.get(name, [])))
    if shared:
        form["shared"] = "1"
    return form
