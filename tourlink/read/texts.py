"""Message codes of the data loader: what a field of a data file should have held.

Each is the ``expected`` part of a :class:`~tourlink.exceptions.DataProblem`
(``file: record: field = value: expected …``), or its ``value`` part where that is the
loader's words rather than the data's ("missing", "3 place(s) cut off: …"), so
``tourlink check-data --lang vi`` and the web say it in the reader's language. The
English templates keep the wording the loader has always printed.
"""

from __future__ import annotations

from decimal import Decimal

from tourlink.messages import define

__all__ = ["fixed"]


def fixed(value: float, places: int = 2) -> Decimal:
    """Return ``value`` rounded to ``places`` decimals, rendered in the reader's locale.

    Examples
    --------
    >>> fixed(12.3456)
    Decimal('12.35')
    """
    return Decimal(f"{value:.{places}f}")


# --- what was found, in tourlink's words (the ``value`` part of a problem) -----------------
#: The English keeps the quotes the loader has always printed around every value.
MISSING = define("data.value.missing", "'missing'")
CUT_OFF = define("data.value.cut-off", "'{count} place(s) cut off: {places}'")
#: A type's own sentence on why a record is inconsistent, in the quotes Python's repr gives.
QUOTED = define("data.value.quoted", "'{text}'")
QUOTED_DOUBLE = define("data.value.quoted-double", '"{text}"')
STREET_NODES_CUT_OFF = define(
    "data.value.street-nodes-cut-off", "'{count} street node(s) cut off: {nodes}'"
)

# --- JSON Schema violations ----------------------------------------------------------------
JSON_OBJECT = define("data.expected.json-object", "a JSON object")
SCHEMA_CONST = define("data.schema.const", "{value}")
SCHEMA_PATTERN = define("data.schema.pattern", "a string matching {pattern}")
SCHEMA_TYPE = define("data.schema.type", "a value of type {type}")
SCHEMA_REQUIRED = define("data.schema.required", "the field to be present")
SCHEMA_DOCUMENTED = define(
    "data.schema.documented-fields", "only the fields documented in data/README.md"
)
SCHEMA_MINIMUM = define("data.schema.minimum", "minimum {limit}")
SCHEMA_MAXIMUM = define("data.schema.maximum", "maximum {limit}")
SCHEMA_ABOVE = define("data.schema.exclusive-minimum", "exclusiveMinimum {limit}")
SCHEMA_BELOW = define("data.schema.exclusive-maximum", "exclusiveMaximum {limit}")
SCHEMA_UNIQUE = define("data.schema.unique-items", "a list without repeated items")
SCHEMA_FORMAT = define("data.schema.format", "a value in the {format} format")
SCHEMA_OTHER = define("data.schema.other", "{detail}")
#: JSON Schema's type names, as catalogue entries.
TYPE_NAMES = {
    "string": define("data.type.string", "string"),
    "integer": define("data.type.integer", "integer"),
    "number": define("data.type.number", "number"),
    "boolean": define("data.type.boolean", "boolean"),
    "array": define("data.type.array", "array"),
    "object": define("data.type.object", "object"),
    "null": define("data.type.null", "null"),
}

# --- records -------------------------------------------------------------------------------
CONSISTENT = define("data.expected.consistent-record", "a consistent record")
UNIQUE_PLACE_ID = define(
    "data.expected.unique-place-id", "an id unique across sites and road nodes"
)
UNIQUE_LINK_ID = define("data.expected.unique-link-id", "a unique segment or crossing id")
ROAD_NODE = define("data.expected.road-node", "the id of a road node in roads.json")
OTHER_NODE = define("data.expected.other-node", "a node other than `from`")
ONE_SEGMENT = define(
    "data.expected.one-segment",
    "at most one segment between two nodes (add an intermediate node)",
)
AT_LEAST_GEODESIC = define(
    "data.expected.at-least-geodesic",
    "at least the geodesic distance between its ends, {km} km",
)
AT_MOST_DETOUR = define(
    "data.expected.at-most-detour",
    "at most {factor} × the geodesic distance {km} km between its ends, i.e. {most} km",
)
AT_LEAST_GEODESIC_SHORT = define(
    "data.expected.at-least-geodesic-short", "at least the geodesic {km} km"
)
NO_WINDING = define(
    "data.expected.no-winding",
    "no winding exception: {length} km is within {factor} × the geodesic {km} km, so the "
    "ordinary check applies",
)
AT_MOST_WINDING = define(
    "data.expected.at-most-winding",
    "at most winding.max_factor {factor} × the geodesic {km} km, i.e. {most} km",
)
SITE_ID = define("data.expected.site-id", "the id of a site in sites.json")
ONE_ACCESS = define("data.expected.one-access", "exactly one access entry per site")
NEAR_ROAD_NODE = define(
    "data.expected.near-road-node",
    "a road node at most {limit} km from the site, this one is {km} km away",
)
ACCESS_ENTRY = define(
    "data.expected.access-entry", "an access entry in roads.json joining the site to a road node"
)
CONNECTED = define(
    "data.expected.connected", "one connected network (add a segment joining them to the rest)"
)

# --- rules ---------------------------------------------------------------------------------
OPENING_HOURS = define(
    "data.expected.opening-hours",
    "OpenStreetMap opening_hours syntax, e.g. 'Mo-Su 07:00-17:00'",
)
TIMEZONE = define("data.expected.timezone", "{timezone} for country {country}")
CROSSING_COUNTRIES = define(
    "data.expected.crossing-countries",
    "the countries of its `from` and `to` nodes in that order, {countries}",
)
LAO_NAME = define(
    "data.expected.lao-name",
    "Lao script (U+0E80–U+0EFF) without Latin letters, or an empty string",
)
LAO_TEXT = define(
    "data.expected.lao-text", "text written in Lao script (U+0E80–U+0EFF), or an empty string"
)
SPEED_FOR = define("data.expected.speed-for", "a speed for class {cls} and mode {mode}")

# --- streets.json --------------------------------------------------------------------------
UNIQUE_STREET_ID = define("data.expected.unique-street-id", "an id unique across sites and nodes")
TOWN_COUNTRY = define("data.expected.town-country", "{country}, its town's")
UNIQUE_SEGMENT_ID = define(
    "data.expected.unique-segment-id", "a segment id unique across all files"
)
STREET_OR_ROAD_NODE = define(
    "data.expected.street-or-road-node", "a street node of {town} or a road node of roads.json"
)
STREET_NODE_END = define("data.expected.street-node-end", "a street node at one end")
ONE_ATTACHMENT = define("data.expected.one-attachment", "at most one street attachment per site")
STREET_NODE = define("data.expected.street-node", "a street node of {town}")
NEAR_STREET_NODE = define(
    "data.expected.near-street-node",
    "a street node at most {limit} km from the site, this one is {km} km away",
)
CLASS_SPEED = define("data.expected.class-speed", "a class with a speed for {mode} in roads.json")
STREETS_JOINED = define(
    "data.expected.streets-joined", "street segments joining them to a road node of roads.json"
)

# --- published routes (routes.json) --------------------------------------------------------
UNIQUE_ROUTE_ID = define("data.expected.unique-route-id", "a unique route id")
ROUTE_SITE = define("data.expected.route-site", "a site id of sites.json")
ROUTE_SITE_HINT = define(
    "data.expected.route-site-hint", "a site id of sites.json (did you mean {suggestion}?)"
)
ROUTE_SITE_NOT_RETIRED = define(
    "data.expected.route-site-not-retired",
    "a site that is not retired (retired since {since}: {reason})",
)
