"""What the connection planner says: transfer warnings, notes and refusals as messages.

Each is a :func:`~tourlink.messages.define` code with its English template; the web, the
command line and the exports render them in the reader's language. Tours are named by
:func:`tour_ref` (the Vietnamese name on Vietnamese pages, the English one otherwise),
sites by :func:`tourlink.texts.site_ref` (their name in the reader's language).
"""

from __future__ import annotations

from typing import Any

from tourlink.messages import Message, Ref, define, message

__all__ = ["because", "tour_ref"]

UNREACHABLE = define(
    "connect.unreachable", "Tour {tour} cannot be reached or run by {mode}: {reason}"
)
UNREACHABLE_ON = define(
    "connect.unreachable-on", "Tour {tour} cannot be reached or run by {mode} on {date}: {reason}"
)
ALREADY_VISITED = define(
    "connect.already-visited",
    "Tour {tour}: {site} was already visited earlier in the package; the programme's second "
    "visit is skipped.",
)
CLOSED_VISIT = define(
    "connect.closed-visit",
    "Tour {tour}: {site} is not open for a {minutes}-min visit after {time} on {date}; the "
    "programme's visit is skipped that day.",
)
DAY_LATE = define(
    "connect.day-late",
    "day {day} on {date} reaches {site} only at {time}, after the day ends at {end}",
)
#: The same code as :data:`tourlink.connect.transfer.GATE_WAIT`.
WITH_GATE = define("connect.gate-wait", "{reason} ({gate})")
TOUR_REFUSED = define("connect.tour-refused", "Tour {tour}, {reason}.")
NIGHT_NOT_LODGING = define(
    "connect.night-not-lodging",
    "Tour {tour}, day {day}: the night is at {site}, which is not a place where groups can stay.",
)
TOUR_DAY = define("connect.tour-day", "Tour {tour} ({publisher}), day {day}.")
CANNOT_WAIT = define(
    "connect.tour-cannot-wait",
    "Tour {tour} cannot start on {date} ({reason}), and the group cannot wait at {site}, which "
    "is not a place where groups can stay.",
)
WAITING_DAY = define("connect.waiting-day", "Waiting day at {site}: {reason}.")
TRANSFER_LATE = define(
    "connect.transfer-late",
    "the transfer from {origin} to {destination} leaving at {depart} arrives only at {arrive}, "
    "after {end} on {date}",
)
NO_STAY_REACHABLE = define(
    "connect.no-stay-reachable",
    "After tour {tour} ends at {site} on {date}, no place where groups can stay is reachable by "
    "{end} on the way to {next}.",
)
TRANSFER_TO = define("connect.transfer-to", "Transfer to {site} for {tour}.")
NO_SHIFT = define(
    "connect.no-shift",
    "Tour {tour} cannot start on {date}: {reason}, and connect(shift=False) does not move "
    "tours to a later date.",
)
UNREACHABLE_AFTER_WAIT = define(
    "connect.unreachable-after-wait",
    "Tour {tour} cannot be reached: {reason}, even after waiting {days} day(s).",
)
WAITS_A_DAY = define(
    "connect.waits-a-day", "{date}: the group waits a day at {site} because {reason}."
)
TRANSFER_DAY_FOR = define("connect.transfer-day-for", "Transfer day to {site} for {tour}.")
SHIFTED_BY_TRANSFER = define(
    "connect.shifted-by-transfer",
    "Tour {tour} starts on {date} instead of {planned}: the transfer to {site} does not fit the "
    "evening of {evening} by {end}, so {days} day(s) are added.",
)
WAITING_TO_START = define("connect.waiting-to-start", "waiting to start {tour}")
SHIFTED_START = define(
    "connect.shifted-start",
    "Tour {tour} starts on {date} instead of {planned} because its {reason}; the group waits "
    "{days} day(s) at {site}.",
)
WAIT_NO_HELP = define("connect.wait-no-help", "waiting up to {days} day(s) does not help")
NO_SHIFT_TAIL = define(
    "connect.no-shift-tail", "connect(shift=False) does not move tours to a later date"
)
TOUR_REFUSED_TAIL = define("connect.tour-refused-tail", "Tour {tour}, {reason}; {tail}.")
NOT_FEASIBLE = define("connect.not-feasible", "The connected package is not feasible: {reason}.")
NOT_FEASIBLE_ON = define(
    "connect.not-feasible-on", "The connected package is not feasible on {date}: {reason}."
)
# build.py: a package's transfers and waits
EVENING_LATE = define(
    "connect.evening-late", "the evening transfer to {site} does not fit the day of {date}"
)
WAITING_TO_DRIVE = define("connect.waiting-to-drive", "waiting to drive to {site}")
TRANSFER_ARRIVES_LATE = define(
    "connect.transfer-arrives-late",
    "the transfer to {site} on {date} arrives at {time}, after {end}",
)
TRANSFER_DAY = define("connect.transfer-day", "Transfer day to {site}.")
DAYS_NOT_CONSECUTIVE = define(
    "connect.days-not-consecutive", "its days do not follow one another from {start} to {end}"
)

# the connection planner's query
TO_OR_ZONES = define(
    "connect.to-or-zones",
    "Give `to` (a site id) or `zones` (comma-separated zones to see), got neither.",
)


def tour_ref(tour: Any) -> Ref:
    """Return the reference of a tour: its English name, and its own for Vietnamese pages."""
    return Ref("tour", tour.id, tour.name_en or tour.name, local=tour.name)


def because(error: Exception) -> Message:
    """Return the message of a library error (its English text when it carries none)."""
    from tourlink.itinerary import TEXT

    found = getattr(error, "message", None)
    return found if isinstance(found, Message) else message(TEXT, text=str(error))


# --- requests the connection planner refuses -------------------------------------------

EXPECT_SHARED_TOUR = define("expected.shared-tour", "the id of a shared tour of the timetable")
NOT_ON_DATE = define("connect.not-on-date", "{field}: tour {tour} does not depart on {date}.")
PACKAGE_GONE = define(
    "connect.package-gone",
    "{field}: package {rank} of this search is no longer {departures} (the timetable changed); "
    "search again and save the package it shows.",
)
EXPECT_INTO = define("expected.into", "empty (a new itinerary) or ITINERARY@VERSION")
NO_TOURS = define("connect.no-tours", "{field} must name at least one tour, got none.")
