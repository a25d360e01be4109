"""The store's messages: what is not found, what is taken, what was saved meanwhile.

Every error the store raises is a :class:`~tourlink.messages.Message`, so the web and the
command line say it in the reader's language; the English templates are the catalogues'
keys (``tourlink/locale``).
"""

from __future__ import annotations

from tourlink.messages import define

NO_ITINERARY = define("store.no-itinerary", "There is no itinerary {itinerary}.")
NO_VERSION = define("store.no-version", "Itinerary {itinerary} has no version {number}.")
NO_SHARE_LINK = define("store.no-share-link", "Itinerary {itinerary} has no share link {link}.")
NO_TOUR = define("store.no-tour", "There is no tour {tour} in your organisation.")
TOUR_TAKEN = define(
    "store.tour-taken", "Your organisation already has a tour '{slug}'; choose another."
)
NO_RATE_CARD = define("store.no-rate-card", "There is no rate card {card}.")
NO_QUOTE = define("store.no-quote", "Itinerary {itinerary} has no quote {quote}.")
NO_QUOTE_YET = define(
    "store.no-quote-yet", "Itinerary {itinerary} has no quote yet: make one first."
)
ORG_TAKEN = define("store.org-taken", "An organisation with the slug '{slug}' already exists.")
EMAIL_TAKEN = define(
    "store.email-taken", "A user with the e-mail address '{address}' already exists."
)
NO_TOKEN = define("store.no-token", "There is no API token {token} of yours.")
NO_ROUTE_VERSION = define("store.no-route-version", "Route version {version} does not exist.")
ROUTE_TAKEN = define(
    "store.route-taken", "A route with the address '{slug}' exists; choose another."
)
ROUTE_OPEN_VERSION = define(
    "store.route-open-version",
    "Route {route} already has version {number} in {state}; edit that one instead of starting "
    "another.",
)
NO_PLACE = define("store.no-place", "There is no place {place}.")
NO_RECORD = define("store.no-record", "There is no {what} '{text}'.")
STALE = define(
    "store.stale",
    "This edit is based on version {based_on}, but version {current} is the current one: "
    "saved meanwhile {saves}. Nothing was overwritten; reload version {current} and apply "
    "the edit again.",
)
SAVED = define("store.saved", "version {number} by {author} at {time} UTC")
SAVED_WHAT = define("store.saved-what", "version {number} by {author} at {time} UTC ({summary})")
PASSWORDS_DIFFER = define("store.passwords-differ", "the two passwords differ.")
OLD_SCHEMA = define(
    "store.old-schema", "the database is not at the newest schema; run `tourlink db upgrade` first."
)
#: What a web address names when its number is not one (``NO_RECORD``'s ``what``).
RECORDS = {
    "itinerary": define("store.record.itinerary", "itinerary"),
    "version": define("store.record.version", "version"),
    "share link": define("store.record.share-link", "share link"),
    "rate card": define("store.record.rate-card", "rate card"),
    "quote": define("store.record.quote", "quote"),
}
IF_MATCH_CARD = define(
    "store.if-match-card",
    "{field} must carry the ETag of the rate card version the edit is based on (from GET), "
    "got {value}.",
)
IF_MATCH_NO_VERSION = define("store.if-match-no-version", "{field} names no version: {value}.")
IF_MATCH_MISSING = define(
    "store.if-match-missing",
    "{field} must carry the ETag of the version the edit is based on (from GET); it is missing.",
)
IF_MATCH_ITINERARY = define(
    "store.if-match-itinerary",
    "{field} must be an ETag such as {example} of this itinerary, got {value}.",
)
AT_MOST_ITEMS = define("store.at-most-items", "{field} may hold at most {limit}, got {size}.")
LOCKED_DAYS = define(
    "store.locked-days", "{field} must hold day numbers from 1 to {last}, got {day}."
)
PLANS_JSON = define(
    "store.plans-json", "{field} must be the editor's JSON list of days, got {value} ({error})."
)
EXPECT_OPERATION = define("expected.operation", "NAME:DAY:STOP")
ADD_SITE_EMPTY = define(
    "store.add-site-empty", "{field} is empty: choose the place to add from the list."
)
NIGHT_DAY = define(
    "store.night-day",
    "{field} must be a day from 1 to {last} (the last night is the trip's end), got {day}.",
)
NOT_AN_OPERATION = define("store.not-an-operation", "{field} {value} is not an editor operation.")
NAME_LENGTH = define("store.name-length", "{field} must be 1 to {most} characters, got {value}.")
AT_MOST_CHARS = define(
    "store.at-most-chars", "{field} must be at most {most} characters, got {size}."
)
SNAPSHOT_SHAPE = define(
    "store.snapshot-shape",
    "{field} must hold `itinerary` (with `request.start_date` and `days`, each with `stops`) "
    "and `violations`, got a document missing {missing}.",
)
NOT_FUTURE = define("store.not-future", "{field} must be in the future, got {when}.")
SLUG_TAKEN = define(
    "store.slug-taken",
    "{field} must be new among your places, got '{slug}', which place {place} already uses.",
)
SLUG_FIXED = define(
    "store.slug-fixed",
    "{field} cannot change (saved itineraries name the place by it): the place is '{was}', "
    "got '{slug}'.",
)
MAY_NOT = define(
    "store.may-not", "The role '{role}' may not do '{action}'; ask an org-admin of {org}."
)
MAY_NOT_LOGO = define(
    "store.may-not-logo", "The role '{role}' may not change the logo; ask an org-admin of {org}."
)
MAY_NOT_TOURS = define(
    "store.may-not-tours", "The role {role} may not edit its organisation's tours."
)
ORG_NAME_EMPTY = define(
    "store.org-name-empty", "{field} of organisation '{slug}' must not be empty, got {value}."
)
NO_ORG = define(
    "store.no-org",
    "There is no organisation '{slug}'; create it with `tourlink orgs create {slug} --name NAME`.",
)
PASSWORD_SHORT = define(
    "store.password-short", "{field} must have at least {least} characters, got {size}."
)

DATABASE_URL = define(
    "store.database-url",
    "{variable} must be a database URL such as 'postgresql+psycopg://user@host/db' or "
    "'sqlite:///path', got {url}.",
)
DATABASE_BACKEND = define(
    "store.database-backend", "{variable} must name a PostgreSQL or SQLite database, got {backend}."
)

# --- the command line's reports (tourlink db, orgs, users, routes) ----------------------------
DB_UP_TO_DATE = define(
    "store.cli.up-to-date", "tourlink: {database} is up to date (revision {revision})."
)
DB_UPGRADED = define(
    "store.cli.upgraded", "tourlink: upgraded {database} from revision {before} to {after}."
)
DB_CREATED = define(
    "store.cli.upgraded-empty", "tourlink: upgraded {database} from revision empty to {after}."
)
DB_SEEDED = define(
    "store.cli.seeded",
    "tourlink: stored the {count} shipped published routes (data/routes.json).",
)
ORG_CREATED = define(
    "store.cli.org-created", "tourlink: created organisation {slug} ({kind}): {name}"
)
USER_CREATED = define("store.cli.user-created", "tourlink: created user {email} ({role}) in {org}")
PASSWORD = define("store.cli.password", "Password: ")
PASSWORD_AGAIN = define("store.cli.password-again", "Password again: ")
ROUTES_IMPORTED = define(
    "store.cli.routes-imported", "tourlink: imported {count} route(s) as published: {routes}."
)
ROUTES_KEPT = define(
    "store.cli.routes-kept",
    "tourlink: already in the database, left unchanged: {routes} (change them through the "
    "office's reviewed workflow).",
)
ROUTES_WRITTEN = define(
    "store.cli.routes-written", "tourlink: wrote {count} published route(s) to {file}."
)
