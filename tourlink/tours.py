"""Published tour routes: fixed stop sequences that operators and tourism offices sell.

:func:`load_tours` reads ``routes.json`` (format ``"tourlink-routes/1"``), checks it
against :data:`ROUTES_SCHEMA` and against the site catalogue, and raises one
:class:`~tourlink.exceptions.DataError` listing every problem (unknown site ids all at
once, each with a suggestion).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema  # type: ignore[import-untyped,unused-ignore]

from tourlink.exceptions import (
    TEXT,
    DataError,
    DataProblem,
    InvalidRequestError,
    data_problem,
    message_of,
)
from tourlink.jsonfile import read_json
from tourlink.messages import Message, define, message
from tourlink.model import ZONES
from tourlink.read import texts as rt
from tourlink.read._loader import schema_expected
from tourlink.text import suggest

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = [
    "ROUTES_FILE",
    "ROUTES_FORMAT",
    "ROUTES_SCHEMA",
    "Tour",
    "TourStop",
    "load_routes_file",
    "load_tours",
    "routes_file_problems",
    "tour_jsonld",
]

ROUTES_FORMAT = "tourlink-routes/1"
ROUTES_FILE = _FILE = "routes.json"
#: What a tour or a stop refuses (said, in the reader's language, for a routes.json record).
STOP_DAY = define("tour.stop-day", "TourStop {site}: day must be >= 1, got {day}.")
TWO_STOPS = define("tour.two-stops", "Tour {tour}: needs at least two stops.")
STOP_DAYS = define(
    "tour.stop-days", "Tour {tour}: stop days must be non-decreasing and at most {days}, got {got}."
)
_SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
_TEXT = {"type": "string", "minLength": 1}

ROUTES_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "tourlink published routes",
    "type": "object",
    "required": ["format", "routes"],
    "properties": {
        "format": {"const": ROUTES_FORMAT},
        "note": {"type": "string"},
        "routes": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": [
                    "id",
                    "name",
                    "name_en",
                    "zones",
                    "publisher",
                    "sources",
                    "days",
                    "stops",
                ],
                "properties": {
                    "id": {"type": "string", "pattern": _SLUG},
                    "name": _TEXT,
                    "name_en": _TEXT,
                    "zones": {
                        "type": "array",
                        "items": {"enum": list(ZONES)},
                        "minItems": 1,
                        "uniqueItems": True,
                    },
                    "publisher": _TEXT,
                    "sources": {"type": "array", "items": _TEXT, "minItems": 1},
                    "days": {"type": "integer", "minimum": 1, "maximum": 30},
                    "note": {"type": "string"},
                    "stops": {
                        "type": "array",
                        "minItems": 2,
                        "items": {
                            "type": "object",
                            "required": ["site", "day"],
                            "properties": {
                                "site": {"type": "string", "pattern": _SLUG},
                                "day": {"type": "integer", "minimum": 1},
                                "minutes": {"type": "integer", "minimum": 0},
                                "note": {"type": "string"},
                            },
                            "additionalProperties": False,
                        },
                    },
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}
"""JSON Schema (Draft 2020-12) of ``routes.json``."""


@dataclass(frozen=True, slots=True)
class TourStop:
    """One stop of a published tour.

    Attributes
    ----------
    site
        Site id in the catalogue.
    day
        Day of the tour, 1 for the first day.
    minutes
        Time the published programme spends there (``None``: the site's usual visit).
    note
        What the programme does there.
    """

    site: str
    day: int
    minutes: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.day < 1:
            said = message(STOP_DAY, site=repr(self.site), day=str(self.day))
            raise InvalidRequestError(said, field="day")


@dataclass(frozen=True, slots=True)
class Tour:
    """A real, published tour route.

    Attributes
    ----------
    id, name, name_en
        Slug, Vietnamese (or local) name and English name.
    zones
        The zones it covers.
    publisher
        Operator or tourism office that publishes it.
    sources
        Where the programme is published.
    days
        Length in days.
    stops
        Stops in programme order.
    note
        How the programme was mapped to catalogue sites.
    """

    id: str
    name: str
    name_en: str
    zones: tuple[str, ...]
    publisher: str
    sources: tuple[str, ...]
    days: int
    stops: tuple[TourStop, ...]
    note: str = ""

    def __post_init__(self) -> None:
        if len(self.stops) < 2:
            raise InvalidRequestError(message(TWO_STOPS, tour=repr(self.id)), field="stops")
        days = [s.day for s in self.stops]
        if days != sorted(days) or max(days) > self.days:
            said = message(STOP_DAYS, tour=repr(self.id), days=str(self.days), got=str(days))
            raise InvalidRequestError(said, field="stops")

    @property
    def start(self) -> str:
        """Return the first stop's site id."""
        return self.stops[0].site

    @property
    def end(self) -> str:
        """Return the last stop's site id."""
        return self.stops[-1].site

    def day_stops(self, day: int) -> tuple[TourStop, ...]:
        """Return the stops of ``day`` (1-based)."""
        return tuple(s for s in self.stops if s.day == day)


def _tour(raw: dict[str, Any]) -> Tour:
    return Tour(
        id=raw["id"],
        name=raw["name"],
        name_en=raw["name_en"],
        zones=tuple(raw["zones"]),
        publisher=raw["publisher"],
        sources=tuple(raw["sources"]),
        days=raw["days"],
        stops=tuple(
            TourStop(s["site"], s["day"], s.get("minutes"), s.get("note", "")) for s in raw["stops"]
        ),
        note=raw.get("note", ""),
    )


def _why(error: ValueError) -> str | Message:
    """Return why a record is inconsistent: the tour's own message, else the error's text."""
    said = message_of(error)
    return str(error) if said.code == TEXT else said


def _read(path: Path, problems: list[DataProblem]) -> dict[str, Any] | None:
    doc, faults = read_json(path, _FILE)
    if faults:
        problems.extend(faults)
        return None
    validator = jsonschema.Draft202012Validator(ROUTES_SCHEMA)
    for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        where = list(error.absolute_path)
        record = "-"
        if len(where) >= 2 and where[0] == "routes" and isinstance(where[1], int):
            item = doc["routes"][where[1]]
            record = str(item.get("id", f"routes[{where[1]}]")) if isinstance(item, dict) else "-"
        field = ".".join(str(p) for p in where[2:]) or "(record)"
        if error.validator == "required":  # name the missing field, not its record
            field = ".".join([*(str(p) for p in where[2:]), error.message.split("'")[1]])
        value = repr(error.instance)[:80]
        problems.append(data_problem(_FILE, record, field, value, schema_expected(error)))
    return None if problems else doc


def routes_file_problems(path: str | Path) -> list[DataProblem]:
    """Return the problems of the routes file ``path`` on its own (JSON and schema).

    For when the catalogue itself is broken, so that the stops' site ids cannot be
    checked; :func:`load_tours` checks those too.
    """
    problems: list[DataProblem] = []
    _read(Path(path), problems)
    return problems


def load_tours(
    data_dir: str | Path | None = None, *, network: Network | None = None
) -> tuple[Tour, ...]:
    """Read and validate the published tour routes.

    Parameters
    ----------
    data_dir
        Folder holding ``routes.json`` (and the catalogue); the shipped data when ``None``.
    network
        Network whose sites the stops must name (default: :func:`load_network` of
        ``data_dir``).

    Returns
    -------
    tuple of Tour
        The tours in file order.

    Raises
    ------
    DataError
        Listing every problem (schema, duplicate ids, unknown sites) at once.

    Examples
    --------
    >>> tours = load_tours()
    >>> len(tours) >= 6 and all(t.sources for t in tours)
    True
    """
    from tourlink.read import default_data_dir, load_network

    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    net = network if network is not None else load_network(folder)
    return load_routes_file(folder / _FILE, network=net)


def load_routes_file(path: str | Path, *, network: Network) -> tuple[Tour, ...]:
    """Read and validate a routes file at ``path`` against ``network``'s catalogue.

    As :func:`load_tours`, for a file anywhere (``tourlink routes import FILE``).

    Raises
    ------
    DataError
        Listing every problem (schema, duplicate ids, unknown or retired sites) at once.
    """
    net = network
    problems: list[DataProblem] = []
    doc = _read(Path(path), problems)
    if doc is None:
        raise DataError(problems)
    tours: list[Tour] = []
    seen: set[str] = set()
    for index, raw in enumerate(doc["routes"]):
        ident = raw["id"]
        if ident in seen:
            problems.append(data_problem(_FILE, ident, "id", ident, message(rt.UNIQUE_ROUTE_ID)))
        seen.add(ident)
        for k, stop in enumerate(raw["stops"]):
            if stop["site"] not in net.sites:
                hint = suggest(stop["site"], net.sites)
                expected = (
                    message(rt.ROUTE_SITE_HINT, suggestion=repr(hint[0]))
                    if hint
                    else message(rt.ROUTE_SITE)
                )
                problems.append(
                    data_problem(_FILE, ident, f"stops[{k}].site", stop["site"], expected)
                )
            elif (gone := net.sites[stop["site"]].retired) is not None:
                expected = message(rt.ROUTE_SITE_NOT_RETIRED, since=gone.since, reason=gone.reason)
                problems.append(
                    data_problem(_FILE, ident, f"stops[{k}].site", stop["site"], expected)
                )
        try:
            tours.append(_tour(raw))
        except ValueError as exc:
            record = str(ident or index)
            problems.append(
                data_problem(_FILE, record, "(record)", _why(exc), message(rt.CONSISTENT))
            )
    if problems:
        raise DataError(problems)
    return tuple(tours)


def tour_jsonld(
    tour: Tour,
    network: Network,
    *,
    url: str,
    site_url: Callable[[str], str],
    lang: str = "vi",
) -> dict[str, Any]:
    """Return the schema.org ``TouristTrip`` of ``tour`` as a JSON-LD object.

    Its ``itinerary`` is an ordered ``ItemList`` of the stops, in programme order, each a
    ``TouristAttraction`` with its ``geo`` coordinates and the page it is described on.

    Parameters
    ----------
    tour
        The published route.
    network
        Network holding its sites.
    url
        Address of the route's page.
    site_url
        Address of a site's page, from its id.
    lang
        Language of the names (``"en"``: English names, else the local ones).

    Returns
    -------
    dict
        The JSON-LD document.

    Examples
    --------
    >>> from tourlink.read import load_network
    >>> net = load_network()
    >>> city = {t.id: t for t in load_tours(network=net)}["kon-tum-city-day"]
    >>> doc = tour_jsonld(city, net, url="/tours/kon-tum-city-day", site_url=lambda s: s)
    >>> doc["@type"], doc["itinerary"]["itemListElement"][1]["item"]["@type"]
    ('TouristTrip', 'TouristAttraction')
    """
    english = lang == "en"
    items = []
    for position, stop in enumerate(tour.stops, 1):
        site = network.site(stop.site)
        geo = {"@type": "GeoCoordinates", "latitude": site.lat, "longitude": site.lon}
        attraction = {
            "@type": "TouristAttraction",
            "@id": site_url(site.id),
            "name": site.name_en if english else site.name,
            "url": site_url(site.id),
            "geo": geo,
        }
        items.append({"@type": "ListItem", "position": position, "item": attraction})
    return {
        "@context": "https://schema.org",
        "@type": "TouristTrip",
        "@id": url,
        "url": url,
        "name": tour.name_en if english else tour.name,
        "inLanguage": lang,
        "provider": {"@type": "Organization", "name": tour.publisher},
        "isBasedOn": list(tour.sources),
        "itinerary": {
            "@type": "ItemList",
            "itemListOrder": "https://schema.org/ItemListOrderAscending",
            "numberOfItems": len(items),
            "itemListElement": items,
        },
    }
