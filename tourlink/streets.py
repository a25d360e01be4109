"""Streets inside towns and walking between nearby sites (``data/streets.json``).

Sites in a town join the road network through street-level nodes rather than one
road node each, so two sites a few hundred metres apart are minutes apart, not the
sum of two long access roads. Street segments are driven at the speed of their road
class and may be walked; a site's attachment to its street node replaces its access
road from ``roads.json``. :class:`Walking` holds the walking speed and the rule by
which the planner prefers a walk to a drive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from tourlink.model import Access, Assumption, Node, Segment

__all__ = ["StreetMap", "Town", "Walking"]


@dataclass(frozen=True, slots=True)
class Walking:
    """How fast a group walks, how far, and when a walk beats a drive.

    Attributes
    ----------
    kmh
        Walking speed of a tour group on town streets.
    max_km
        Longest walk (along the streets) the planner proposes between two sites.
    park_minutes
        Minutes a drive in town costs beyond its driving time (boarding, finding a
        place to park, getting off): a walk is the better choice when it takes at most
        the drive's minutes plus this allowance.
    note, sources
        Why these figures, and where they come from.

    Examples
    --------
    >>> w = Walking(kmh=4.0, max_km=1.2, park_minutes=5.0)
    >>> w.minutes(0.2)
    3.0
    >>> w.better(walk=3.0, drive=0.6), w.better(walk=12.0, drive=2.0)
    (True, False)
    """

    kmh: float
    max_km: float
    park_minutes: float
    note: str = ""
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0.0 < self.kmh <= 7.0:
            raise ValueError(f"Walking.kmh must be in (0, 7] km/h, got {self.kmh}.")
        if self.max_km <= 0.0 or self.park_minutes < 0.0:
            raise ValueError(
                f"Walking.max_km must be > 0 and park_minutes >= 0, "
                f"got {self.max_km} and {self.park_minutes}."
            )

    def minutes(self, km: float) -> float:
        """Return the minutes a group needs to walk ``km``."""
        return km / self.kmh * 60.0

    def better(self, *, walk: float, drive: float | None) -> bool:
        """Return whether walking ``walk`` minutes beats a ``drive`` (``None``: no road)."""
        return drive is None or walk <= drive + self.park_minutes


@dataclass(frozen=True, slots=True)
class Town:
    """The streets of one town: street nodes, street segments, attached sites.

    Attributes
    ----------
    id, name, country
        The town.
    nodes
        Street nodes (points on named streets), as :class:`~tourlink.model.Node`.
    segments
        Street segments; an end may be a road node of ``roads.json`` (where the town's
        streets meet the road network).
    attachments
        Each attached site's link to its street node, as :class:`~tourlink.model.Access`.
    walkable
        Ids of the segments that may be walked (every street segment unless marked).
    assumptions
        Flagged assumptions by node id (an estimated position, say).
    sources
        Where the street names and positions come from.

    Examples
    --------
    >>> from tourlink.read import load_dataset
    >>> town = load_dataset().streets.towns["kon-tum"]
    >>> town.country, len(town.attachments) >= 10
    ('VN', True)
    """

    id: str
    name: str
    country: str
    nodes: tuple[Node, ...]
    segments: tuple[Segment, ...]
    attachments: tuple[Access, ...]
    walkable: frozenset[str] = frozenset()
    assumptions: Mapping[str, tuple[Assumption, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StreetMap:
    """Every town's streets and the walking rules (empty without ``streets.json``).

    Attributes
    ----------
    towns
        Towns by id.
    walking
        The walking speed and rules, or ``None`` when no file is given.

    Examples
    --------
    >>> StreetMap().attached("kon-tum-wooden-church") is None
    True
    """

    towns: Mapping[str, Town] = field(default_factory=lambda: MappingProxyType({}))
    walking: Walking | None = None

    def attached(self, site_id: str) -> Access | None:
        """Return the street attachment of ``site_id``, or ``None`` if it has none."""
        for town in self.towns.values():
            for link in town.attachments:
                if link.site == site_id:
                    return link
        return None

    def attachments(self) -> dict[str, Access]:
        """Return every street attachment by site id."""
        return {a.site: a for town in self.towns.values() for a in town.attachments}
