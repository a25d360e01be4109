"""The planner's explanations, warnings and notes: message codes and English templates.

Each code is a contract with the translators (``web/translations``) and with scripts
reading ``warning_messages`` / ``note_messages``: change a template only with its
translations, never reuse a code for another sentence.
"""

from __future__ import annotations

from tourlink.messages import Ref, define
from tourlink.model import Site

__all__ = ["site_ref"]


def site_ref(site: Site) -> Ref:
    """Return the message reference of a site (its name in the data's language)."""
    return Ref("site", site.id, site.name)


MUST_VISIT_MISSING = define(
    "plan.must-visit-missing", "Must-visit {site} could not be included: {reason}."
)
REASON_COUNTRY = define(
    "plan.reason.other-country",
    "it is in {country} and crossing the border needs passports and the vehicle's "
    "cross-border papers",
)
REASON_NO_ROAD = define(
    "plan.reason.no-road", "no road {mode} travellers may use reaches it from the trip"
)
REASON_NOT_A_SIGHT = define(
    "plan.reason.not-a-sight",
    "it is a town, gateway, overnight place or border gate, where a group sleeps, eats or "
    "crosses, not a sightseeing visit; name a sight in it",
)
REASON_RETIRED = define("plan.reason.retired", "it is retired: {reason}")
REASON_CLOSED = define(
    "plan.reason.closed",
    "it is closed, or a {minutes}-min visit does not fit its hours (and daylight, for an "
    "outdoor site) within the active day, on every day of the trip ({dates}); opening "
    "hours: {hours}",
)
REASON_TOO_FAR = define(
    "plan.reason.too-far",
    "going there and on to the night's place takes at least {minutes} min of driving on "
    "the days it is open, beyond the {limit}-min driving limit or the {start}–{end} "
    "active day",
)
REASON_NO_ROOM = define(
    "plan.reason.no-room",
    "with its opening hours ({hours}) it does not fit beside the other must-visits, "
    "lunch and the drives of the days it is open",
)
CLOSED_SOME_DAYS = define(
    "plan.closed-some-days",
    "{site} is closed on {dates} (opening hours: {hours}); it is planned on another day.",
)
BORDER_DOCUMENTS = define(
    "plan.border-documents",
    "The trip crosses the {crossing} border gate (open {hours}, about {minutes} min of "
    "formalities): every traveller needs {traveller}; the vehicle needs {vehicle}.",
)
ASSUMED_HOURS = define(
    "plan.assumed-hours",
    "Opening hours assumed (no published hours were found): check before travel: {sites}.",
)
TRIP_ENDS = define("plan.trip-ends", "The trip ends at {site}.")
NIGHT_STAY = define(
    "plan.night-stay",
    "Night at {site}: one of {count} places in reach where a group can stay; tomorrow "
    "starts and ends here, close to that day's sights.",
)
NIGHT_NEXT = define(
    "plan.night-next",
    "Night at {site}: one of {count} places in reach where a group can stay; it puts "
    "tomorrow's night place, {next}, {minutes} min away, on the way to {end}, so the "
    "next day's driving stays within the limit.",
)
PACE_NAMES = {
    "relaxed": define("plan.pace.relaxed", "Relaxed"),
    "standard": define("plan.pace.standard", "Standard"),
    "intensive": define("plan.pace.intensive", "Intensive"),
}
PACE = define(
    "plan.pace",
    "{profile} pace: {visits} sightseeing visits (at most {max_visits}) and {active} min "
    "from leaving {start} to arriving at {end} (at most {max_active} min).",
)
LUNCH = define(
    "plan.lunch",
    "Lunch {begin}–{finish} at {site}, a place that serves food and is open then.",
)
NO_LUNCH_PLACE = define(
    "plan.no-lunch-place",
    "No place that serves food is within reach at lunch time on {date}: bring a packed lunch.",
)
DAYLIGHT = define(
    "plan.daylight",
    "Outdoor visits ({sites}) are planned between sunrise ({sunrise}) and sunset ({sunset}).",
)
HIGHLIGHT = define(
    "plan.highlight",
    "Highlight {site} (interest {interest} of 10) is included: a site's value doubles "
    "with each point of interest, so top sites come first.",
)
VARIETY = define(
    "plan.variety",
    "At most {count} visits of one kind a day keep it varied; this day has {count} of {category}.",
)
WAIT_OPENING = define("plan.wait-opening", "waits {minutes} min for opening")
GATE_CLOSED = define(
    "plan.gate-closed",
    "The {crossing} border gate is closed on {dates} ({reason}); the plan crosses on "
    "{crossed}, when it is open.",
)
TIME_CAP = define(
    "plan.time-cap",
    "The search stopped at its {seconds}-second safety limit before it converged; this "
    "plan may be improved by planning again with a larger limit.",
)

NO_ITINERARY = define("plan.no-itinerary", "No itinerary is possible: {reason}")
NEEDS_PAPERS = define(
    "plan.needs-border-papers",
    "The trip from {start} ({start_country}) to {end} ({end_country}) must cross a border, "
    "which needs passports for every traveller and the vehicle's cross-border papers, but "
    "{field} is false.",
)
DRIVE_MINUTES = define("plan.drive-minutes", "{minutes} min")
DRIVE_UNKNOWN = define("plan.drive-unknown", "an unknown time")
NO_FIT_ONE_DAY = define(
    "plan.no-fit.one-day",
    "No itinerary fits: {start} to {end} takes {drive} by {mode}, more than one day allows "
    "(window {day_start}–{day_end}, lunch {lunch} min, driving limit {limit} min); plan more "
    "days or another end.",
)
NO_FIT_GATE = define(
    "plan.no-fit.gate",
    "No itinerary fits: the route from {start} to {end} ({drive} by {mode}) crosses a border "
    "gate whose hours and formalities, with the {day_start}–{day_end} day and the "
    "{limit}-min driving limit, leave no feasible sequence of overnight places in {days} days.",
)
NO_FIT_GATE_CLOSED = define(
    "plan.no-fit.gate-closed",
    "No itinerary fits: the route from {start} to {end} crosses the {crossing} border gate, "
    "which is closed on {dates} ({reason}), and the other days of the {days}-day trip leave "
    "no feasible sequence of overnight places; start after {reopens} or plan more days.",
)
NO_FIT_LUNCH = define(
    "plan.no-fit.lunch",
    "No itinerary fits: every way of splitting the drive from {start} to {end} ({drive} by "
    "{mode}) into {days} days has a day on which no place that serves food can host the "
    "{lunch}-min lunch (starting {lunch_start}–{lunch_end}) within the {active}-min active day "
    "of the {profile} pace; plan more days or a longer day (another pace, or a higher "
    "active-day limit).",
)
NO_FIT_PACE = define(
    "plan.no-fit.pace",
    "No itinerary fits: the drive from {start} to {end} ({drive} by {mode}) does not split "
    "into {days} days of at most {active} min each (the active day of the {profile} pace); "
    "plan more days or a longer day (another pace, or a higher active-day limit).",
)
NO_FIT_DAYS = define(
    "plan.no-fit.days",
    "No itinerary fits: {start} to {end} takes {drive} by {mode} and no sequence of overnight "
    "places splits it into {days} days within the {day_start}–{day_end} window and the "
    "{limit}-min driving limit (at least {needed} days of driving).",
)
PIN_AND_REMOVE = define(
    "replan.pin-and-remove", "{pin} and {remove} both name {sites}; a site can only be in one."
)
LOCKED_DAY_INDEX = define(
    "replan.locked-day-index", "{field} must hold day indices between 0 and {last}, got {day}."
)
REMOVE_LOCKED = define(
    "replan.remove-locked", "{field} names {sites}, which day {day} holds, but that day is locked."
)
LOCKED_NOT_VISITED = define(
    "replan.locked-not-visited",
    "{field} names {sites}, which the previous itinerary does not visit.",
)
LOCKS_NOT_KEPT = define(
    "reoptimise.locks-not-kept",
    "The planner could not keep these locks exactly: {locks}. Fix the problem the checker "
    "shows there by hand, or unlock them.",
)
LOCK_DAY_VISITS = define("reoptimise.lock-day-visits", "day {day}'s visits ({sites})")
LOCK_DAY_NIGHT = define("reoptimise.lock-day-night", "day {day}'s night at {site}")
LOCK_STOP_LEFT_OUT = define("reoptimise.lock-stop-left-out", "{site} on day {day} (left out)")
LOCK_STOP_MOVED = define("reoptimise.lock-stop-moved", "{site} on day {day} (moved to day {now})")
