"""Save a connection package as an itinerary of the workspace, each operator's part marked.

The snapshot is :func:`tourlink.connect.build.package_snapshot`'s: the checked itinerary,
each day marked with the operator, tour and departure it belongs to (or as a transfer),
so the saved itinerary is opened, printed and exported like any other.

A package is saved either as a new itinerary (version 1) or, re-planned, as the next
version of an itinerary saved from the planner before: that save names the version it
was based on and goes through :meth:`~tourlink.store.itineraries.Itineraries.save`'s
conditional update, so a save based on an older version than the newest is refused with
:class:`~tourlink.store.errors.StaleVersionError` (who saved what meanwhile) and nothing
is overwritten; every earlier version stays as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from tourlink.connect.build import package_snapshot
from tourlink.messages import MESSAGES, message
from tourlink.store import history
from tourlink.store.itineraries import Draft, Itineraries
from tourlink.store.models import Itinerary, ItineraryVersion

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tourlink.connect.search import Package
    from tourlink.network import Network
    from tourlink.store.orgs import Actor

__all__ = ["REPLANNED", "SAVED", "save_package", "saved_packages"]

SAVED = MESSAGES[history.PACKAGE_SAVED]
"""The summary text of version 1 of an itinerary saved from the planner (how they are found).

It is the English text of the message :data:`~tourlink.store.history.PACKAGE_SAVED`, which
the version stores beside it (to be said in the reader's language): rows saved before the
messages were stored hold the same text, so both are found.
"""
REPLANNED = MESSAGES[history.PACKAGE_REPLANNED]
"""The summary text of a later version saved from the planner."""


def _draft(package: Package, network: Network, name: str, customer: str, code: str) -> Draft:
    snapshot = package_snapshot(package, network)
    lines = [
        f"{part['operator']}: {part['tour']} ({part['departure']}), "
        f"{part['dates'][0]} – {part['dates'][-1]}"
        for part in snapshot["package"]["parts"]
    ]
    notes = "Connection package, by operator:\n" + "\n".join(lines)
    return Draft(
        name=name,
        snapshot=snapshot,
        customer=customer,
        notes=notes,
        summary_message=message(code),
    )


def save_package(
    session: Session,
    actor: Actor,
    package: Package,
    network: Network,
    *,
    name: str,
    customer: str = "",
    into: tuple[int, int] | None = None,
) -> ItineraryVersion:
    """Save ``package`` as a new itinerary of ``actor``'s organisation, or as a new version.

    Parameters
    ----------
    session, actor
        The database session and who saves (the organisation's itineraries only).
    package
        A built, checked package of a connection search.
    network
        The network it was planned on (its data version is recorded).
    name, customer
        The itinerary's name and customer; with ``into`` an empty ``customer`` keeps the
        newest version's.
    into
        ``(itinerary id, version the save is based on)`` to save the package as the
        version after that one; ``None`` for a new itinerary.

    Returns
    -------
    ItineraryVersion
        Version 1 of the new itinerary, or the new version.

    Raises
    ------
    NotFoundError
        If ``into`` names another organisation's (or no) itinerary.
    StaleVersionError
        If a version was saved after the one ``into`` is based on (nothing is written).
    """
    repo = Itineraries(session, actor)
    if into is None:
        return repo.create(_draft(package, network, name, customer, history.PACKAGE_SAVED))
    itinerary_id, based_on = into
    kept = customer or repo.get(itinerary_id).customer
    replanned = _draft(package, network, name, kept, history.PACKAGE_REPLANNED)
    return repo.save(itinerary_id, based_on, replanned)


def saved_packages(session: Session, actor: Actor, *, limit: int = 50) -> list[Itinerary]:
    """Return the organisation's itineraries first saved from the planner, newest first."""
    first = select(ItineraryVersion.itinerary_id).where(
        ItineraryVersion.number == 1, ItineraryVersion.summary == SAVED
    )
    rows = session.scalars(
        select(Itinerary)
        .where(Itinerary.org_id == actor.org_id, Itinerary.id.in_(first))
        .order_by(Itinerary.updated_at.desc(), Itinerary.id.desc())
        .limit(limit)
    )
    return list(rows)
