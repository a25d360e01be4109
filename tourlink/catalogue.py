"""Catalogue facts attached to places and roads: retirements, winding roads, lodging, meals.

Small frozen types the catalogue (``data/sites.json``, ``data/roads.json``) records
beside the core place and road types of :mod:`tourlink.model`, each carrying its sources.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["LODGING_KINDS", "MEAL_KINDS", "EatingPlace", "Lodging", "Retirement", "Winding"]

#: Kinds of lodging a group can book.
LODGING_KINDS = ("hotel", "resort", "guesthouse", "homestay", "community-lodge")
#: Kinds of eating place.
MEAL_KINDS = ("restaurant", "food-stalls", "market", "cafe", "hotel-restaurant")


def _need(owner: str, reason: str, sources: tuple[str, ...]) -> None:
    if not reason or not sources:
        raise ValueError(f"{owner}: a text and at least one source are required.")


@dataclass(frozen=True, slots=True)
class Retirement:
    """Why and since when a site is no longer sold: it stays in the data, never planned.

    Attributes
    ----------
    since
        The date the site stopped being what it was sold as.
    reason
        What happened, in plain words (shown to whoever opens an old itinerary).
    sources
        Where the reason is published.
    """

    since: dt.date
    reason: str
    sources: tuple[str, ...]

    def __post_init__(self) -> None:
        _need("Retirement", self.reason, self.sources)


@dataclass(frozen=True, slots=True)
class Winding:
    """A sourced exception to the loader's ceiling on a road's length against its geodesic.

    Attributes
    ----------
    max_factor
        The most the road's km may be, as a multiple of the geodesic between its ends.
    reason
        Why the road is so much longer than the straight line (hairpins, a detour round a
        hill), in plain words.
    sources
        Where the road's length is published.
    """

    max_factor: float
    reason: str
    sources: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.max_factor <= 1.0:
            raise ValueError(f"Winding.max_factor must be > 1, got {self.max_factor}.")
        _need("Winding", self.reason, self.sources)


@dataclass(frozen=True, slots=True)
class Lodging:
    """A named place where a group can sleep, with what a source says about it.

    Attributes
    ----------
    name
        The establishment's name as published.
    kind
        One of :data:`LODGING_KINDS`.
    sources
        Where it is listed.
    rooms
        Number of rooms where a source gives it, else ``None``.
    note
        What a group should know (size, standard, season), from the sources.
    """

    name: str
    kind: str
    sources: tuple[str, ...]
    rooms: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        _need(f"Lodging {self.name!r}", self.name, self.sources)
        if self.kind not in LODGING_KINDS:
            raise ValueError(
                f"Lodging {self.name!r}: kind must be one of {', '.join(LODGING_KINDS)}, "
                f"got {self.kind!r}."
            )


@dataclass(frozen=True, slots=True)
class EatingPlace:
    """A named restaurant, market or food-stall area where a group can eat.

    Attributes
    ----------
    name
        The name as published.
    kind
        One of :data:`MEAL_KINDS`.
    sources
        Where it is listed.
    note
        What it serves or where it is, from the sources.
    """

    name: str
    kind: str
    sources: tuple[str, ...]
    note: str = ""

    def __post_init__(self) -> None:
        _need(f"EatingPlace {self.name!r}", self.name, self.sources)
        if self.kind not in MEAL_KINDS:
            raise ValueError(
                f"EatingPlace {self.name!r}: kind must be one of {', '.join(MEAL_KINDS)}, "
                f"got {self.kind!r}."
            )
