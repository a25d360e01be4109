"""Frozen domain types: places, roads, border crossings and routes.

Every type checks its own invariants in ``__post_init__`` and never changes after
construction; derive a changed copy with :func:`dataclasses.replace`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from tourlink.catalogue import EatingPlace, Lodging, Retirement, Winding
from tourlink.exceptions import InvalidRequestError
from tourlink.messages import Message, define, message

__all__ = [
    "COUNTRIES",
    "MODES",
    "ROAD_CLASSES",
    "SETTINGS",
    "ZONES",
    "Access",
    "Assumption",
    "BorderCrossing",
    "Closure",
    "CrossingPass",
    "EatingPlace",
    "Fee",
    "Leg",
    "Lodging",
    "Mode",
    "Node",
    "Retirement",
    "Route",
    "SeasonalRisk",
    "Segment",
    "Site",
    "Winding",
]

Mode = Literal["car", "motorbike", "coach"]
MODES: tuple[Mode, ...] = ("car", "motorbike", "coach")
ROAD_CLASSES = ("expressway", "national", "provincial", "local", "unpaved", "urban", "access")
COUNTRIES = ("VN", "LA", "KH")
ZONES = ("kon-tum-city", "mang-den", "bo-y", "southern-laos", "gateways")
#: Where a visit happens: outdoor sites are visited between sunrise and sunset only.
SETTINGS = ("indoor", "outdoor")

#: The invariants a data file can break that its JSON Schema cannot express (the loader
#: reports them, in the reader's language, as the value of an inconsistent record).
CLOSURE_ORDER = define("model.closure-order", "Closure: end {end} is before start {start}.")
CLOSED_NEEDS_REASON = define(
    "model.crossing-closed-needs-reason",
    "BorderCrossing {crossing}: a closed crossing needs closed_reason.",
)


def _check_latlon(owner: str, lat: float, lon: float) -> None:
    if not -90.0 <= lat <= 90.0:
        raise ValueError(f"{owner}: latitude must be between -90 and 90, got {lat}.")
    if not -180.0 <= lon <= 180.0:
        raise ValueError(f"{owner}: longitude must be between -180 and 180, got {lon}.")


@dataclass(frozen=True, slots=True)
class Assumption:
    """A fact no public source states, recorded with its rationale.

    Attributes
    ----------
    field
        The field the assumption is about (e.g. ``"opening_hours"``).
    text
        What is assumed and why; shown to users as "assumed: check before travel".

    Examples
    --------
    >>> Assumption("opening_hours", "no published hours; daylight hours assumed").field
    'opening_hours'
    """

    field: str
    text: str


@dataclass(frozen=True, slots=True)
class Fee:
    """An entrance fee: ``amount`` in ``currency`` (ISO 4217, e.g. ``"VND"``, ``"LAK"``).

    Examples
    --------
    >>> Fee(20000, "VND", "adults").currency
    'VND'
    """

    amount: float
    currency: str
    note: str = ""

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError(f"Fee.amount must be >= 0, got {self.amount}.")


@dataclass(frozen=True, slots=True)
class Site:
    """A real place: an attraction a tour visits, a town, or a gateway city.

    Attributes
    ----------
    id
        Stable slug, e.g. ``"kon-tum-wooden-church"``.
    name, name_en, name_lo
        Vietnamese (or local) name, English name, Lao name (Lao sites only).
    lat, lon
        WGS84 position in degrees.
    country
        ISO 3166-1 alpha-2 code.
    zone
        One of :data:`ZONES`.
    region
        Finer region slug (e.g. ``"kon-plong"``, ``"attapeu"``).
    admin, admin_former
        Administrative unit as of today, and the familiar former names.
    kind
        ``"attraction"``, ``"town"`` or ``"gateway"``.
    categories
        Categories such as ``"culture"``, ``"nature"``, ``"border-market"``.
    visit_minutes
        Typical visit duration.
    opening_hours
        OpenStreetMap ``opening_hours`` expression.
    fee
        Entrance fee, ``None`` when free or not applicable.
    interest, interest_reason
        Score 0–10 and why.
    description, description_en
        Short description in Vietnamese and English.
    overnight
        ``True`` where a group can spend the night.
    serves_food
        ``True`` where a group can have a meal (a town, or a site with a restaurant or
        food stalls open to groups): the planner takes lunch only at such places.
    setting
        ``"outdoor"`` (visited in daylight only) or ``"indoor"``.
    sources
        URLs or citable references for existence and position.
    assumptions
        Facts assumed for want of a source.
    timezone
        IANA time zone name.
    retired
        Set when the site is no longer sold (it is kept so that old itineraries still
        explain themselves); planners never choose a retired site.
    description_lo
        Short description in Lao (Lao sites and the main Vietnamese highlights).
    best_season
        When to go, where a source says so (free text, e.g. "Nov–Apr (dry season)").
    lodging
        Lodging a group can book at an overnight place.
    eating
        Named restaurants or eating places at or next to the site.
    not_suitable_for
        What an overnight place cannot take (e.g. "a 40-seat coach group: no hotel with
        20 rooms"), in plain words, each sourced in ``sources`` or flagged in
        ``assumptions``.

    Examples
    --------
    >>> from tourlink.read import load_dataset
    >>> church = load_dataset().sites["kon-tum-wooden-church"]
    >>> church.kind, church.country, church.timezone
    ('attraction', 'VN', 'Asia/Ho_Chi_Minh')
    """

    id: str
    name: str
    name_en: str
    lat: float
    lon: float
    country: str
    zone: str
    region: str
    admin: str
    admin_former: str
    kind: str
    categories: tuple[str, ...]
    visit_minutes: int
    opening_hours: str
    interest: float
    interest_reason: str
    description: str
    description_en: str
    overnight: bool
    sources: tuple[str, ...]
    timezone: str
    name_lo: str = ""
    fee: Fee | None = None
    assumptions: tuple[Assumption, ...] = ()
    serves_food: bool = False
    setting: str = "indoor"
    retired: Retirement | None = None
    description_lo: str = ""
    best_season: str = ""
    lodging: tuple[Lodging, ...] = ()
    eating: tuple[EatingPlace, ...] = ()
    not_suitable_for: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_latlon(f"Site {self.id!r}", self.lat, self.lon)
        if self.visit_minutes < 0:
            raise ValueError(
                f"Site {self.id!r}: visit_minutes must be >= 0, got {self.visit_minutes}."
            )
        if not self.sources:
            raise ValueError(f"Site {self.id!r}: at least one source is required.")
        if self.setting not in SETTINGS:
            raise ValueError(
                f"Site {self.id!r}: setting must be one of {', '.join(SETTINGS)}, "
                f"got {self.setting!r}."
            )

    @property
    def latlon(self) -> tuple[float, float]:
        """Return ``(lat, lon)``."""
        return (self.lat, self.lon)

    @property
    def is_retired(self) -> bool:
        """Return whether the site is retired (kept for old itineraries, never planned)."""
        return self.retired is not None

    @property
    def former_admin(self) -> str:
        """Return the unit it belonged to before the 2025 mergers, ``""`` if it is the same.

        The data writes ``"unchanged"`` where the 2025 reorganisation kept the unit.
        """
        return "" if self.admin_former == "unchanged" else self.admin_former


@dataclass(frozen=True, slots=True)
class Node:
    """A road junction or waypoint along a real road.

    Examples
    --------
    >>> from tourlink.read import load_dataset
    >>> node = next(iter(load_dataset().nodes.values()))
    >>> node.id.startswith("n-")
    True
    """

    id: str
    name: str
    lat: float
    lon: float
    country: str
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_latlon(f"Node {self.id!r}", self.lat, self.lon)


@dataclass(frozen=True, slots=True)
class SeasonalRisk:
    """A known seasonal hazard on a segment (landslides, floods …).

    Examples
    --------
    >>> from tourlink.read import load_dataset
    >>> risks = [s.seasonal_risk for s in load_dataset().segments if s.seasonal_risk]
    >>> all(1 <= month <= 12 for risk in risks for month in risk.months)
    True
    """

    months: tuple[int, ...]
    kind: str
    level: str
    note: str = ""
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        bad = [m for m in self.months if not 1 <= m <= 12]
        if bad:
            raise ValueError(f"SeasonalRisk.months must be between 1 and 12, got {bad}.")

    def applies(self, month: int) -> bool:
        """Return whether the risk applies in ``month`` (1–12)."""
        return month in self.months


@dataclass(frozen=True, slots=True)
class Segment:
    """A two-way (unless ``oneway``) stretch of road between two nodes.

    Examples
    --------
    >>> from tourlink.read import load_dataset
    >>> segment = load_dataset().segments[0]
    >>> segment.km > 0 and segment.source != segment.target
    True
    """

    id: str
    source: str
    target: str
    road: str
    km: float
    road_class: str
    modes: frozenset[str]
    mountain_pass: bool = False
    seasonal_risk: SeasonalRisk | None = None
    oneway: bool = False
    sources: tuple[str, ...] = ()
    winding: Winding | None = None

    def __post_init__(self) -> None:
        if self.km <= 0:
            raise ValueError(f"Segment {self.id!r}: km must be > 0, got {self.km}.")


@dataclass(frozen=True, slots=True)
class Access:
    """The access road joining a site to its nearest road node.

    Examples
    --------
    >>> from tourlink.read import load_dataset
    >>> access = load_dataset().access["kon-tum-wooden-church"]
    >>> access.site, access.node.startswith("n-")
    ('kon-tum-wooden-church', True)
    """

    site: str
    node: str
    km: float
    modes: frozenset[str]
    road: str = "access road"
    winding: Winding | None = None

    def __post_init__(self) -> None:
        if self.km < 0:
            raise ValueError(f"Access {self.site!r}: km must be >= 0, got {self.km}.")


@dataclass(frozen=True, slots=True)
class Closure:
    """A dated exception when a border crossing is closed (both dates inclusive).

    Examples
    --------
    >>> import datetime as dt
    >>> closure = Closure(dt.date(2027, 2, 5), dt.date(2027, 2, 8), "Tết")
    >>> closure.covers(dt.date(2027, 2, 8))
    True
    """

    start: dt.date
    end: dt.date
    reason: str
    sources: tuple[str, ...] = ()
    assumed: bool = False

    def __post_init__(self) -> None:
        if self.end < self.start:
            said = message(CLOSURE_ORDER, end=str(self.end), start=str(self.start))
            raise InvalidRequestError(said, field="end")

    def covers(self, day: dt.date) -> bool:
        """Return whether the crossing is closed on ``day``."""
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class BorderCrossing:
    """A border gate, modelled as a special segment between two nodes.

    Attributes
    ----------
    id, name
        Stable slug and the gate's name.
    source, target
        The road nodes on either side (``countries[0]`` side first).
    km
        Length of the crossing segment.
    countries
        The two countries, in the order of ``source`` and ``target``.
    opening_hours
        OpenStreetMap ``opening_hours`` expression, in ``timezone``.
    formalities_minutes
        Time the formalities take, which must end before the gate closes.
    traveller_documents, vehicle_documents
        What a traveller and a vehicle need to cross.
    travellers
        Who may cross (e.g. third-country nationals or not).
    modes
        Modes allowed through the gate.
    open_to_tourists, closed_reason
        Whether tourists may use it at all, and why not when they may not.
    timezone
        IANA time zone of the opening hours.
    sources, assumptions
        Citable sources, and facts assumed for want of one.
    closures
        Dated closures (public holidays and the like).

    Examples
    --------
    >>> from tourlink.read import load_dataset
    >>> gate = load_dataset().crossings["bo-y-phou-keua"]
    >>> gate.countries
    ('VN', 'LA')
    """

    id: str
    name: str
    source: str
    target: str
    km: float
    countries: tuple[str, str]
    opening_hours: str
    formalities_minutes: int
    traveller_documents: tuple[str, ...]
    vehicle_documents: tuple[str, ...]
    travellers: str
    modes: frozenset[str]
    open_to_tourists: bool
    timezone: str
    sources: tuple[str, ...]
    closed_reason: str = ""
    closures: tuple[Closure, ...] = ()
    assumptions: tuple[Assumption, ...] = ()

    def __post_init__(self) -> None:
        if self.formalities_minutes < 0:
            raise ValueError(
                f"BorderCrossing {self.id!r}: formalities_minutes must be >= 0, "
                f"got {self.formalities_minutes}."
            )
        if not self.open_to_tourists and not self.closed_reason:
            said = message(CLOSED_NEEDS_REASON, crossing=repr(self.id))
            raise InvalidRequestError(said, field="closed_reason")


@dataclass(frozen=True, slots=True)
class CrossingPass:
    """A border crossing passed by a route, with what it needs and when it is crossed.

    Attributes
    ----------
    crossing
        The :class:`BorderCrossing`.
    direction
        ``(from_country, to_country)``.
    arrive, depart
        Arrival at the gate and departure after the formalities, when the route is timed.
    waited_minutes
        Time spent waiting for the gate to open.
    notes
        What the traveller must know at this gate (messages: render them per language).

    Examples
    --------
    >>> from tourlink.routing import route
    >>> r = route("kon-tum-city-centre", "attapeu")
    >>> [(c.crossing.id, c.direction) for c in r.crossings]
    [('bo-y-phou-keua', ('VN', 'LA'))]
    """

    crossing: BorderCrossing
    direction: tuple[str, str]
    arrive: dt.datetime | None = None
    depart: dt.datetime | None = None
    waited_minutes: float = 0.0
    notes: tuple[Message, ...] = ()


@dataclass(frozen=True, slots=True)
class Leg:
    """A stretch of a route along one road (consecutive segments of the same road).

    Attributes
    ----------
    road
        The road's name or number (``"QL14"``, ``"Route 18B"``).
    source, target
        Node (or site) ids where the stretch begins and ends.
    km, minutes
        Length and travel time of the stretch.
    geometry
        ``(lat, lon)`` of the nodes passed.
    road_class
        Road class (``"national"``, ``"provincial"`` …).
    mountain_pass
        Whether the stretch crosses a mountain pass (slower).
    seasonal_risks
        Seasonal risks of the stretch (landslides, floods) in plain words.
    mode
        ``"walk"`` for a walking leg in town (see :mod:`tourlink.walking`), else ``""``:
        the route's vehicle.

    Examples
    --------
    >>> from tourlink.routing import route
    >>> legs = route("kon-tum-city-centre", "mang-den-town").legs
    >>> sum(leg.km for leg in legs) > 40
    True
    """

    road: str
    source: str
    target: str
    km: float
    minutes: float
    geometry: tuple[tuple[float, float], ...]
    road_class: str = ""
    mountain_pass: bool = False
    seasonal_risks: tuple[Message, ...] = ()
    mode: str = ""


@dataclass(frozen=True, slots=True)
class Route:
    """A route between two places.

    Attributes
    ----------
    origin, destination
        Site or node ids.
    mode
        Travel mode.
    legs
        Stretches road by road.
    km, minutes
        Totals; ``minutes`` includes border formalities and waits.
    geometry
        ``(lat, lon)`` of every node passed, in order.
    roads
        Names of the roads used, in order, without repeats.
    crossings
        Border crossings passed.
    depart, arrive
        Local times when a departure was given.
    warnings
        Warnings, including assumptions the route depends on (messages: render them
        per language; ``str()`` gives English).

    Examples
    --------
    >>> from tourlink.routing import route
    >>> r = route("kon-tum-city-centre", "pakse", mode="coach")
    >>> r.origin, r.destination, [c.crossing.id for c in r.crossings]
    ('kon-tum-city-centre', 'pakse', ['bo-y-phou-keua'])
    """

    origin: str
    destination: str
    mode: str
    legs: tuple[Leg, ...]
    km: float
    minutes: float
    geometry: tuple[tuple[float, float], ...]
    roads: tuple[str, ...]
    crossings: tuple[CrossingPass, ...] = ()
    depart: dt.datetime | None = None
    arrive: dt.datetime | None = None
    warnings: tuple[Message, ...] = ()
    nodes: tuple[str, ...] = field(default=())

    @property
    def hours(self) -> float:
        """Return the travel time in hours."""
        return self.minutes / 60.0
