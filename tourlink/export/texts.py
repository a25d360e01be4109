"""The words the exporters write (labels, notes, summaries), as structured messages.

Each one is a :func:`~tourlink.messages.define` code whose English template is exactly
what an English export says; the exporters render them with the caller's
:class:`~tourlink.translations.Renderer`, so a GPX, GeoJSON or iCalendar file speaks the
reader's language (Vietnamese, English or Lao). Numbers arrive already formatted for the
locale (``54.1`` / ``54,1``), dates and clock times in ISO form, which every calendar and
GPS reader understands.
"""

from __future__ import annotations

from babel.numbers import format_decimal

from tourlink.messages import define

__all__ = ["KIND_DAY", "number"]

#: "Day N, <kind>" per place kind (GPX waypoint descriptions).
KIND_DAY = {
    "start": define("export.day-start", "Day {day}, start"),
    "visit": define("export.day-visit", "Day {day}, visit"),
    "overnight": define("export.day-overnight", "Day {day}, overnight"),
    "end": define("export.day-end", "Day {day}, end"),
    "crossing": define("export.day-crossing", "Day {day}, crossing"),
    "lunch": define("export.day-lunch", "Day {day}, lunch"),
}

ARRIVE = define("export.arrive", "arrive {time}")
VISIT_STARTS = define("export.visit-starts", "visit starts {time}")
LEAVE = define("export.leave", "leave {time}")
DRIVE_TOTALS = define("export.drive-totals", "{km} km, {minutes} min driving")
ROADS = define("export.roads", "roads: {roads}")
NO_ROADS = define("export.no-roads", "none")
LOCAL_ROADS = define("export.local-roads", "local roads")
TRACK = define("export.track", "Day {day}: {title}")

ASSUMED = define("export.assumed", "assumed ({field}): {text}")
MOUNTAIN_PASS = define("export.mountain-pass", "mountain pass on {road}: drive with care.")
FORMALITIES = define("export.formalities", "formalities about {minutes} min")
TRAVELLER_DOCUMENTS = define("export.traveller-documents", "traveller documents: {document}")
VEHICLE_DOCUMENTS = define("export.vehicle-documents", "vehicle documents: {document}")
GATE_WAIT = define("export.gate-wait", "waits {minutes} min for the gate to open")
CROSSES = define("export.crosses-border", "crosses the border at {crossing}")

ROUTE_SUMMARY = define("export.route-summary", "{mode} route, {km} km, {hours} h; roads: {roads}.")
ROUTE_SUMMARY_TIMED = define(
    "export.route-summary-timed",
    "{mode} route, {km} km, {hours} h, leaving {time}; roads: {roads}.",
)
TRIP_SUMMARY = define(
    "export.trip-summary",
    "{days}-day {mode} trip from {date}: {visits} visits, {km} km, {hours} h driving.",
)
TRIP_TITLE_ONE_DAY = define(
    "export.trip-title-one-day", "{origin} → {destination}, 1 day from {date}"
)
TRIP_TITLE = define("export.trip-title", "{origin} → {destination}, {days} days from {date}")

# iCalendar events
ICAL_DAY_PLACE = define("export.ical-day-place", "Day {day}: {place}.")
ICAL_WAIT = define("export.ical-wait", "Wait until {time}, then visit.")
ICAL_VISIT = define("export.ical-visit", "Visit {place}")
ICAL_DAY_DRIVE = define("export.ical-day-drive", "Day {day}: drive {origin} → {destination}.")
ICAL_DRIVE_FACTS = define("export.ical-drive-facts", "{km} km, about {minutes} min, via {roads}.")
ICAL_DRIVE = define("export.ical-drive", "Drive {title} ({km} km)")
ICAL_LUNCH = define("export.ical-lunch", "Lunch at {place}")
ICAL_DAY_LUNCH = define("export.ical-day-lunch", "Day {day}: lunch break.")
ICAL_CROSSING_LINE = define("export.ical-crossing-line", "Border crossing: {crossing}.")
ICAL_CROSSING = define("export.ical-crossing", "Border: {crossing}")


def number(value: float, digits: int, locale: str) -> str:
    """Return ``value`` with exactly ``digits`` decimals in ``locale``'s digits and signs.

    >>> number(1245.37, 1, "en"), number(54.0, 1, "vi"), number(81.2, 0, "lo")
    ('1,245.4', '54,0', '81')
    """
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return str(format_decimal(round(value, digits), format=pattern, locale=locale))


NO_DEPART = define(
    "export.no-depart", "route has no departure time; give {field} to export it as a calendar."
)
