"""What the application loads once: the road network and the published routes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app

from tourlink.read import load_network
from tourlink.tours import load_tours

__all__ = ["TourlinkState", "current", "load_state"]


@dataclass(frozen=True, slots=True)
class TourlinkState:
    """The immutable library objects every request shares.

    Attributes
    ----------
    network
        The loaded :class:`tourlink.network.Network`.
    tours
        Published tour routes by id, in file order.
    data_dir
        The data folder they came from (``None``: the shipped data).
    """

    network: Any
    tours: Mapping[str, Any]
    data_dir: str | None


def load_state(data_dir: str | None) -> TourlinkState:
    """Load the network and the published routes from ``data_dir`` (shipped data if None)."""
    network = load_network(data_dir)
    tours = {tour.id: tour for tour in load_tours(data_dir, network=network)}
    return TourlinkState(network=network, tours=tours, data_dir=data_dir)


def current() -> TourlinkState:
    """Return the state of the running application."""
    state: TourlinkState = current_app.extensions["tourlink"]
    return state
