"""The library's own sentences outside the planner: codes, English templates, builders.

Routing (no route and why), border gates (waiting, closures, assumptions), seasonal road
risks, unknown sites and malformed arguments. Each code is a contract with the
translators (``tourlink/locale``) and with scripts reading ``code``/``params``: change a
template only together with its translations, never reuse a code for another sentence.

Examples
--------
>>> str(bad_value("days", 45, between(1, 30)))
'`days` must be a whole number between 1 and 30, got 45.'
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from typing import Any

from tourlink.messages import Message, Param, Ref, define, message

__all__ = [
    "CATEGORY_NAMES",
    "DEFAULT_DOCUMENTS",
    "FIELD_NAMES",
    "MONTHS",
    "bad_value",
    "between",
    "crossing_ref",
    "field_ref",
    "hours_ref",
    "months",
    "site_ref",
    "text_ref",
    "unique",
]

#: Argument fields beyond the trip request's (:data:`tourlink.planner.request.FIELDS`)
#: whose name an error may show; each, like those, is a catalogue entry.
FIELD_NAMES = (
    "request",
    "depart",
    "transfer_date",
    "from",
    "to",
    "alternatives",
    "ids",
    "format",
    "zone",
    "category",
    "country",
    "kind",
)

#: How a sentence names each site category (lowercase nouns; catalogue entries).
CATEGORY_NAMES = {
    "culture": "culture",
    "history": "history",
    "nature": "nature",
    "ethnic-village": "ethnic village",
    "religion": "religion",
    "border-market": "border market",
    "viewpoint": "viewpoint",
    "waterfall": "waterfall",
    "museum": "museum",
    "food": "food",
    "adventure": "adventure",
    "town": "town",
}
#: The papers named when a crossing's data lists none: (traveller, vehicle).
DEFAULT_DOCUMENTS = ("a passport", "its cross-border permit")

MONTH_CODES = tuple(define(f"month.{n}", dt.date(2000, n, 1).strftime("%b")) for n in range(1, 13))
MONTHS = MONTH_CODES
"""The codes of the twelve abbreviated month names (``"month.1"`` is ``"Jan"``)."""


def field_ref(name: str) -> Ref:
    """Return the reference of a request field, shown as ```name``` in English."""
    return Ref("field", name, f"`{name}`")


def site_ref(site: Any) -> Ref:
    """Return the reference of a site (its name in the data's language)."""
    return Ref("site", site.id, site.name)


def crossing_ref(crossing: Any, name: str | None = None) -> Ref:
    """Return the reference of a border crossing (``name``: a shorter name to show)."""
    return Ref("crossing", crossing.id, name or crossing.name)


def text_ref(key: str, text: str) -> Ref:
    """Return a reference to a piece of the data's free text (a reason, a note)."""
    return Ref("text", key, text or key)


def hours_ref(expr: str) -> Ref:
    """Return a reference to opening hours, said in words in the reader's language.

    Examples
    --------
    >>> hours_ref("Mo-Su 07:00-17:00").name
    'every day 07:00–17:00'
    """
    from tourlink.hours import describe

    return Ref("hours", expr, describe(expr) or expr)


def unique(messages: Any) -> tuple[Message, ...]:
    """Return ``messages`` without repeats (same code and parameters), in order.

    Messages are compared by structure, not by their rendered English text: equal
    structures render equally in every language, and nothing is rendered here.

    Examples
    --------
    >>> same = bad_value("days", 45, between(1, 30))
    >>> len(unique([same, bad_value("days", 45, between(1, 30)), bad_value("days", 46, "x")]))
    2
    """
    found = tuple(messages)
    if len(found) < 2:
        return found
    return tuple({_key(m): m for m in found}.values())


def _key(value: Any) -> Any:
    """Return a hashable key equal for equal messages (and parameter values)."""
    if isinstance(value, Message):
        return (value.code, tuple(sorted((k, _key(v)) for k, v in value.params.items())))
    if isinstance(value, tuple | list):
        return tuple(_key(v) for v in value)
    try:
        hash(value)
    except TypeError:  # not a documented parameter type: compare it by its text
        return (type(value), repr(value))
    return (type(value), value)


def months(numbers: Any) -> tuple[Message, ...]:
    """Return the abbreviated names of month numbers, as messages (a list when rendered)."""
    return tuple(message(MONTH_CODES[n - 1]) for n in sorted(numbers))


# --- malformed arguments -----------------------------------------------------------------

BAD_VALUE = define("request.bad-value", "{field} must be {expected}, got {value}.")
BAD_DATE = define(
    "request.bad-date", "{field} must be a real date written YYYY-MM-DD, got {value} ({detail})."
)
WHOLE_BETWEEN = define("expected.whole-between", "a whole number between {low} and {high}")
NUMBER_BETWEEN = define("expected.number-between", "a number between {low} and {high}")
TRUE_OR_FALSE = define("expected.true-or-false", "true or false")
DATE = define("expected.date", "a date written YYYY-MM-DD")
DATE_BETWEEN = define("expected.date-between", "between {first} and {last}")
TIME = define("expected.time", "a time of day written HH:MM (e.g. '07:30')")
ID_LIST = define("expected.id-list", "a list of site ids or a comma-separated string of them")
ID_STRINGS = define("expected.id-strings", "a list of site ids (strings)")
WEIGHT_PAIRS = define(
    "expected.weight-pairs",
    "category=weight pairs separated by commas (e.g. 'nature=2,history=1')",
)
WEIGHTS = define("expected.weights", "a mapping of category to weight (e.g. {{'nature': 2}})")
SITE_ID = define("expected.site-id", "a site id such as 'kon-tum-wooden-church'")
UNKNOWN_CATEGORY = define(
    "request.unknown-category",
    "`interests` names the unknown category {category}; expected one of {choices}.",
)
UNKNOWN_FIELD = define(
    "request.unknown-field", "`{field}` is not a trip request field; expected one of {choices}."
)
MISSING_FIELD = define("request.missing-field", "{field} is required but missing from the request.")
AVOID_START = define(
    "request.avoid-start",
    "`avoid` names {site}, which is the trip's start; remove it from `avoid`.",
)
AVOID_END = define(
    "request.avoid-end", "`avoid` names {site}, which is the trip's end; remove it from `avoid`."
)
ONE_OF = define("expected.one-of", "one of {choices}")
MAPPING = define("expected.mapping", "a mapping of field names to values")
REAL_DATE = define("expected.real-date", "a real date written YYYY-MM-DD")
REAL_DEPART = define("expected.real-depart", "a real local date and time written YYYY-MM-DDTHH:MM")
ID_COUNT = define("expected.id-count", "a list of 1 to {limit} site ids")
FIELD_PROBLEM = define("request.field-problem", "{field}: {problem}")
OVER_LIMIT = define(
    "request.over-limit", "{field} may hold at most {limit} on this service, got {size}."
)
BODY_NOT_OBJECT = define("request.body-not-object", "the body must be a JSON object, got {value}.")
BAD_JSON = define("request.bad-json", "the body must be valid JSON, got a parse error: {error}.")
BODY_EMPTY = define("request.body-empty", "the body must be a JSON object, got an empty body.")
BODY_NOT_JSON = define(
    "request.body-not-json",
    "the body must be valid JSON, got text that is not JSON at line {line}, column {column}.",
)
BODY_NOT_UTF8 = define(
    "request.body-not-utf8",
    "the body must be UTF-8 text, got a byte that is not UTF-8 at position {position}.",
)
BODY_CONSTANT = define(
    "request.body-constant", "the body must be valid JSON, got {name}, which is not a JSON number."
)
RATE_CARD_TOO_LARGE = define(
    "request.rate-card-too-large",
    "A rate card may be at most {limit} bytes (1 MiB, about 5,000 rates); this body is larger "
    "({size} bytes): split the card (one per year or per region) or remove rates that have "
    "expired.",
)
RATE_CARD_TOO_LARGE_UNSIZED = define(
    "request.rate-card-too-large-unsized",
    "A rate card may be at most {limit} bytes (1 MiB, about 5,000 rates); this body is larger: "
    "split the card (one per year or per region) or remove rates that have expired.",
)
BODY_TOO_DEEP = define(
    "request.body-too-deep",
    "the body must be JSON nested at most {depth} levels deep, got arrays or objects nested "
    "deeper.",
)
BODY_UNKNOWN_FIELD = define("request.body-unknown-field", "{field} is not a field of this request.")
CONTENT_TYPE = define(
    "request.content-type",
    "The body must be sent with Content-Type: {expected}, got Content-Type: {sent}.",
)
CROSS_SITE = define(
    "request.cross-site",
    "This request was sent from another site ({sender}) with your session on this one; it is "
    "refused. Send it from this site's own pages, or from a program with an API token.",
)
TOO_LONG = define("request.too-long", "{field} must be at most {limit} characters, got {size}.")
EXPECT_EITHER = define("expected.either", "{first} or {second}")
EXPECT_INTEGER = define("expected.integer", "a whole number")
EXPECT_NUMBER = define("expected.number", "a number")
EXPECT_STRING = define("expected.string", "a text (a JSON string)")
EXPECT_ARRAY = define("expected.array", "a list (a JSON array)")
EXPECT_NULL = define("expected.null", "null")
EXPECT_AT_LEAST = define("expected.at-least", "at least {limit}")
EXPECT_ABOVE = define("expected.above", "more than {limit}")
EXPECT_AT_MOST = define("expected.at-most", "at most {limit}")
EXPECT_BELOW = define("expected.below", "less than {limit}")
EXPECT_MIN_ITEMS = define("expected.min-items", "a list of at least {limit} items")
EXPECT_MAX_ITEMS = define("expected.max-items", "a list of at most {limit} items")
EXPECT_MIN_LENGTH = define("expected.min-length", "a text of at least {limit} characters")
EXPECT_MAX_LENGTH = define("expected.max-length", "a text of at most {limit} characters")
EXPECT_PATTERN = define("expected.pattern", "a text matching the pattern {limit}")
EXPECT_VERSION = define("expected.version", "a version number")
EXPECT_POSITIVE_ID = define("expected.positive-id", "a positive id")
EXPECT_CATALOGUE_SITE = define("expected.catalogue-site", "a site of the catalogue")
EXPECT_TOUR_SOURCE = define("expected.tour-source", "a published route or a saved itinerary")
EXPECT_LOGO_VERSION = define("expected.logo-version", "the logo version the form was opened with")
LENGTH = define("place.length", "{field} must be 1 to {most} characters, got {size} characters.")
WHOLE_AT_LEAST = define("expected.whole-at-least", "a whole number >= {limit}")
WHOLE_FROM = define("expected.whole-from", "a whole number from {low} to {high}")
SENTENCES = define("request.sentences", "{first} {then}")
ALONE = define("request.alone", "{field} takes no other field.")
UNKNOWN_FIELDS = define("request.unknown-fields", "Unknown field(s) {fields}: expected {expected}.")
NO_DEPARTURE_DAY = define(
    "request.no-departure-day",
    "{weekdays} or {dates} must give at least one departure day, got neither.",
)
LOGO_REQUIRED = define("request.logo-required", "{field} is required: choose a PNG or JPEG file.")
TOO_MANY_STOPS = define(
    "request.too-many-stops", "{field} may hold at most {limit} stops, got {size}."
)
TOO_FEW_STOPS = define(
    "request.too-few-stops", "A route needs at least two stops (choose their sites), got {size}."
)
NO_SEASON = define("request.no-season", "{field} must name at least one of {choices}.")


def between(low: int, high: int) -> Message:
    """Return the expectation "a whole number between ``low`` and ``high``"."""
    return message(WHOLE_BETWEEN, low=str(low), high=str(high))


def bad_value(field: str, value: object, expected: Message) -> Message:
    """Return "``field`` must be ``expected``, got ``value``." (``value`` shown as repr)."""
    return message(BAD_VALUE, field=field_ref(field), expected=expected, value=repr(value))


# --- unknown sites -------------------------------------------------------------------------

UNKNOWN_SITE = define(
    "site.unknown", "Site {site} is not in the catalogue; did you mean {suggestion}?"
)
UNKNOWN_SITE_LIST = define(
    "site.unknown-list", "Site {site} is not in the catalogue; run `tourlink sites` to list ids."
)
UNKNOWN_SITE_WEB = define(
    "site.unknown-web",
    "Site {site} is not in the catalogue; find the id in the catalogue at {url}.",
)
UNKNOWN_SITE_API = define(
    "site.unknown-api", "Site {site} is not in the catalogue; see {url} for the ids."
)

# --- routing -------------------------------------------------------------------------------

NOT_IN_MATRIX = define("route.not-in-matrix", "{place} is not one of the matrix ids {ids}.")
BAD_WEIGHT = define(
    "route.bad-weight", "weight must be 'minutes' (fastest) or 'km' (shortest), got {value}."
)
BAD_MONTH = define("route.bad-month", "avoid_risk_month must be a month number 1–12, got {value}.")
BAD_MODE = define("route.bad-mode", "mode must be one of {choices}, got {value}.")
K_TOO_SMALL = define("route.k-too-small", "k must be at least 1, got {k}.")
NO_ROUTE = define("route.none", "No route from {origin} to {destination} by {mode}: {reason}.")
REASON_RISK = define(
    "route.reason.seasonal-risk",
    "every path uses a segment with a seasonal risk in month {month} "
    "(allow risky segments to route anyway)",
)
REASON_MODE = define("route.reason.mode", "every path uses a road closed to {vehicles}")
REASON_GATE = define(
    "route.reason.gate-closed", "every path crosses a border gate closed to tourists"
)
REASON_ALL = define(
    "route.reason.all-closed",
    "every path is closed by mode restrictions, closed gates or seasonal risks",
)
REASON_UNCONNECTED = define(
    "route.reason.unconnected", "the two places are not connected by any road in the data"
)
HOURS_MINUTES = define("cli.plan.hours-minutes", "{hours} h {minutes} min")

MODE_NAMES = {"car": "car", "motorbike": "motorbike", "coach": "coach"}
VEHICLES = {"car": "cars", "motorbike": "motorbikes", "coach": "coaches"}

# --- border gates --------------------------------------------------------------------------

GATE_NEVER_OPENS = define(
    "gate.never-opens",
    "No route from {origin} to {destination}: the {gate} gate does not open for its "
    "{minutes} min of formalities within a year after {time}.",
)
GATE_CLOSURE_WAIT = define(
    "gate.closure-wait",
    "The {gate} gate is closed from {start} to {end} ({reason}) on arrival at {arrival}: "
    "wait {hours} h until it opens at {opens}.",
)
GATE_HOUR_WAIT = define(
    "gate.hour-wait",
    "The {gate} gate is closed at that hour on arrival at {arrival}: "
    "wait {hours} h until it opens at {opens}.",
)
GATE_FORMALITIES_WAIT = define(
    "gate.formalities-wait",
    "The {gate} gate closes at {closes}, before its {minutes} min of formalities would end, "
    "on arrival at {arrival}: wait {hours} h until it opens at {opens}.",
)
GATE_CLOSURE_ASSUMED = define(
    "gate.closure-assumed", "{gate} gate closure {start}–{end} assumed: check before travel."
)
GATE_ASSUMED = define("gate.assumed", "{gate} gate {what} assumed: check before travel.")
ASSUMED_WHAT = {
    "opening_hours": define("gate.assumed.hours", "hours"),
    "formalities_minutes": define("gate.assumed.formalities", "formalities time"),
    "closures": define("gate.assumed.closures", "closure dates"),
    "traveller_documents": define("gate.assumed.documents", "document rules"),
    "vehicle_documents": define("gate.assumed.vehicle-documents", "vehicle document rules"),
    "modes": define("gate.assumed.modes", "vehicle rules"),
    "km": define("gate.assumed.km", "distance"),
}
GATE_ASSUMED_OTHER = define("gate.assumed.other", "{field}")

# --- seasonal road risks -------------------------------------------------------------------

ROAD_RISK = define("road.risk", "{road}: {risk} in {months} ({note}).")
ROAD_RISK_PLAIN = define("road.risk-plain", "{road}: {risk} in {months}.")
RISK_KINDS = {
    (level, kind): define(f"road.risk.{level}-{kind}", f"{level} {kind} risk")
    for level in ("low", "medium", "high")
    for kind in ("landslide", "flood", "mud")
}
RISK_OTHER = define("road.risk.other", "{level} {kind} risk")

# --- opening hours -------------------------------------------------------------------------

BAD_HOURS = define(
    "hours.invalid",
    "opening_hours {value} is not valid OpenStreetMap opening_hours syntax "
    "(e.g. 'Mo-Su 07:00-17:00').",
)
BAD_LANG = define("hours.bad-lang", "lang must be 'en', 'vi' or 'lo', got {value}.")

# --- what the operating system said ----------------------------------------------------------
#: The operating system's reasons a file cannot be used, as catalogue entries (each
#: English text is the one the C library gives, so English output is unchanged).
OS_REASONS = {
    errno.EACCES: define("os.permission-denied", "Permission denied"),
    errno.EPERM: define("os.not-permitted", "Operation not permitted"),
    errno.ENOENT: define("os.no-such-file", "No such file or directory"),
    errno.ENOTDIR: define("os.not-a-directory", "Not a directory"),
    errno.ELOOP: define("os.symlink-loop", "Too many levels of symbolic links"),
    errno.ENAMETOOLONG: define("os.name-too-long", "File name too long"),
    errno.EIO: define("os.io-error", "Input/output error"),
}
FILE_REASON = define("os.file-reason", "{path} ({reason})")
PATH_REASON = define("os.path-reason", "{path}: {reason}.")


def os_reason(error: OSError) -> Param:
    """Return why the operating system refused a file: a message when it has one, else its text.

    Examples
    --------
    >>> str(os_reason(PermissionError(errno.EACCES, "Permission denied")))
    'Permission denied'
    """
    code = OS_REASONS.get(error.errno or 0)
    if code is not None and os.strerror(error.errno or 0) == error.strerror:
        return message(code)
    return error.strerror or type(error).__name__


# --- starting the web server (tourlink serve, tourlink_web.create_app) ----------------------
# The web package refuses an unsafe or unusable configuration with these sentences; the
# command line says them in --lang (they are the library's, so one catalogue has them all).

SERVE_WEAK_KEY = define(
    "serve.secret-key-weak",
    "TOURLINK_SECRET_KEY must be a private random value of at least {length} characters, got "
    "a known or short one; generate one with "
    "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`.",
)
SERVE_KEY_UNUSABLE = define(
    "serve.key-file-unusable",
    "no TOURLINK_SECRET_KEY is set and {path} cannot be used ({reason}); "
    "set TOURLINK_SECRET_KEY to a private random value.",
)
SERVE_INSTANCE_IS_FILE = define("serve.instance-folder-is-file", "the instance folder is a file")
SERVE_KEY_SHORT = define(
    "serve.key-file-short",
    "{path} holds no usable secret key (shorter than {length} characters); "
    "delete it to have a new one generated, or set TOURLINK_SECRET_KEY.",
)
SERVE_HOSTS_MALFORMED = define(
    "serve.trusted-hosts-malformed",
    "TOURLINK_TRUSTED_HOSTS must be a JSON list or comma-separated host names, got {value}.",
)
SERVE_HOSTS_EMPTY = define(
    "serve.trusted-hosts-empty",
    "TOURLINK_TRUSTED_HOSTS is empty: name the host names the service answers for, "
    "e.g. TOURLINK_TRUSTED_HOSTS=tours.example.org.",
)
SERVE_OLD_SCHEMA = define(
    "serve.database-old-schema",
    "The database {url} is at schema revision {current}, not {head}: run "
    "`tourlink db upgrade` before starting the app.",
)
SERVE_NO_SCHEMA = define(
    "serve.database-no-schema",
    "The database {url} has no tourlink tables yet (schema revision {head} is due): run "
    "`tourlink db upgrade` before starting the app.",
)
