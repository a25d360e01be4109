"""Save a connection package as an itinerary of the workspace, each operator's part marked.

The snapshot is :func:`tourlink.connect.build.package_snapshot`'s: the checked itinerary,
each day marked with the operator, tour and departure it belongs to (or as a transfer),
so the saved itinerary is opened, printed and exported like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tourlink.connect.build import package_snapshot
from tourlink.store.itineraries import Draft, Itineraries

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tourlink.connect.search import Package
    from tourlink.network import Network
    from tourlink.store.models import ItineraryVersion
    from tourlink.store.orgs import Actor

__all__ = ["save_package"]


def save_package(
    session: Session,
    actor: Actor,
    package: Package,
    network: Network,
    *,
    name: str,
    customer: str = "",
) -> ItineraryVersion:
    """Save ``package`` as a new itinerary of ``actor``'s organisation; return version 1.

    The notes list each operator's part (tour, departure, dates) for the office's staff.
    """
    snapshot = package_snapshot(package, network)
    lines = [
        f"{part['operator']}: {part['tour']} ({part['departure']}), "
        f"{part['dates'][0]} – {part['dates'][-1]}"
        for part in snapshot["package"]["parts"]
    ]
    notes = "Connection package, by operator:\n" + "\n".join(lines)
    draft = Draft(
        name=name,
        snapshot=snapshot,
        customer=customer,
        notes=notes,
        summary="saved from the connection planner",
    )
    return Itineraries(session, actor).create(draft)
