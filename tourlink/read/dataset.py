"""The validated data of one folder (:class:`Dataset`) and the limits the loader applies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tourlink.model import Access, BorderCrossing, Node, Segment, Site
from tourlink.network import SpeedTable
from tourlink.streets import StreetMap

__all__ = [
    "GEODESIC_TOLERANCE",
    "MAX_ACCESS_KM",
    "MAX_ATTACH_KM",
    "MAX_DETOUR",
    "ROADS",
    "SITES",
    "STREETS",
    "UNVERSIONED",
    "VERSION",
    "Dataset",
]

GEODESIC_TOLERANCE = 0.005
"""A road may be this fraction (or 0.05 km, for 0.1 km rounding) shorter than the geodesic."""
MAX_DETOUR = 2.5
"""A road may be at most this many times its geodesic (plus 1 km slack for short links)."""
MAX_ACCESS_KM = 30.0
"""A site may lie at most this far (geodesic) from its road node."""
MAX_ATTACH_KM = 1.0
"""A site may lie at most this far (geodesic) from its street node in ``streets.json``."""

SITES, ROADS, VERSION = "sites.json", "roads.json", "dataset.json"
STREETS = "streets.json"
"""The names of the data files in a data folder."""
UNVERSIONED = "unversioned"
"""The version of a data folder without ``dataset.json`` (e.g. a test's own folder)."""


@dataclass(frozen=True, slots=True)
class Dataset:
    """Validated, immutable data: sites, road nodes, segments, access, crossings, speeds.

    Attributes
    ----------
    sites, nodes, crossings
        Read-only mappings by id.
    segments
        Road segments in file order.
    access
        Access roads by site id.
    speeds
        Assumed speeds per road class and mode.
    streets
        Streets inside towns and the walking rules from ``streets.json`` (empty without
        the file).
    path
        The folder the data came from.
    version
        The data version declared in ``dataset.json`` (``data/CHANGELOG.md`` says what
        changed in each), or :data:`UNVERSIONED`. Saved itineraries and published routes
        record it, so they can be re-checked when the data changes.
    fingerprint
        SHA-256 (hex, first 16 digits) of ``sites.json``, ``roads.json`` and (when present)
        ``streets.json`` as read: it changes with any edit, even one made without a new
        version.

    Examples
    --------
    >>> from tourlink.read import load_dataset
    >>> ds = load_dataset()
    >>> ds.sites["kon-tum-wooden-church"].zone
    'kon-tum-city'
    """

    sites: Mapping[str, Site]
    nodes: Mapping[str, Node]
    segments: tuple[Segment, ...]
    access: Mapping[str, Access]
    crossings: Mapping[str, BorderCrossing]
    speeds: SpeedTable
    streets: StreetMap = field(default_factory=StreetMap)
    path: Path | None = None
    version: str = UNVERSIONED
    fingerprint: str = ""
