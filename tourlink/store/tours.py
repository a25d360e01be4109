"""Operators' tours and their departures, stored per organisation.

A row of ``operator_tours`` is one tour an operator organisation runs: its record in the
``tourlink-timetable/1`` format (a published ``route`` it operates or its own ``stops``,
``depart``/``arrive`` times, ``weekdays`` and/or ``dates``, ``seasons``, ``seats``,
``price_from``, ``languages``) without ``id`` and ``operator``, which the row gives (the
organisation's slug, and ``<org>.<slug>`` as the timetable id). Records are validated by
the core's timetable reader (:func:`tourlink.connect.parse_timetable`), all problems at
once. :class:`Tours` is the one way to them: every query filters on the acting user's
organisation (another organisation's tour is "not found"), and a save is refused if the
row changed since it was read (:class:`~tourlink.store.errors.StaleVersionError`).
:func:`stored_timetable` gives the connection planner the tours of every organisation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from tourlink.accounts import check_slug
from tourlink.connect.timetable import (
    TIMETABLE_FORMAT,
    Timetable,
    TimetableTour,
    parse_timetable,
)
from tourlink.messages import message
from tourlink.store import history
from tourlink.store import texts as st
from tourlink.store.errors import ConflictError, NotFoundError, SavedMeanwhile, StaleVersionError
from tourlink.store.models import Base, Organisation, User
from tourlink.store.orgs import Actor
from tourlink.store.quotes import PermissionDeniedError
from tourlink.store.types import JSONDocument, UtcDateTime, utcnow

if TYPE_CHECKING:
    from tourlink.network import Network
    from tourlink.tours import Tour

__all__ = ["OperatorTour", "Tours", "stored_timetable", "timetable_id"]

#: Fields of a stored record (the timetable format's, minus ``id`` and ``operator``).
RECORD_FIELDS = (
    "route",
    "name",
    "name_en",
    "zones",
    "days",
    "stops",
    "start",
    "end",
    "depart",
    "arrive",
    "weekdays",
    "dates",
    "seasons",
    "seats",
    "price_from",
    "languages",
)


class OperatorTour(Base):
    """A tour an operator organisation runs: its timetable record, shared or not."""

    __tablename__ = "operator_tours"
    __table_args__ = (UniqueConstraint("org_id", "slug", name="operator_tour_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    document: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    lock: Mapped[int] = mapped_column(Integer, default=1)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


def timetable_id(org_slug: str, slug: str) -> str:
    """Return the timetable id of tour ``slug`` of organisation ``org_slug``.

    >>> timetable_id("mang-den-travel", "city-walk")
    'mang-den-travel.city-walk'
    """
    return f"{org_slug}.{slug}"


def _record(org_slug: str, row_slug: str, shared: bool, doc: Mapping[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in doc.items() if k in RECORD_FIELDS}
    return {"id": timetable_id(org_slug, row_slug), "operator": org_slug, **kept, "shared": shared}


def check_record(
    org_slug: str,
    slug: str,
    shared: bool,
    doc: Mapping[str, Any],
    *,
    routes: Sequence[Tour],
    network: Network,
) -> Timetable:
    """Return the one-tour timetable of a record, or raise the problems it has.

    Raises
    ------
    DataError
        Listing every problem of the record (field, value, what was expected).
    """
    wrapped = {"format": TIMETABLE_FORMAT, "tours": [_record(org_slug, slug, shared, doc)]}
    return parse_timetable(wrapped, routes=routes, network=network)


class Tours:
    """The operator tours of the acting user's organisation."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor

    def _may_edit(self) -> None:
        if not self.actor.may("tours.edit"):
            raise PermissionDeniedError(message(st.MAY_NOT_TOURS, role=self.actor.role))

    def mine(self) -> list[OperatorTour]:
        """Return the organisation's tours, by slug."""
        rows = self.session.scalars(
            select(OperatorTour)
            .where(OperatorTour.org_id == self.actor.org_id)
            .order_by(OperatorTour.slug)
        )
        return list(rows)

    def get(self, tour_id: int) -> OperatorTour:
        """Return tour ``tour_id`` of the organisation (another's is not found)."""
        row = self.session.scalar(
            select(OperatorTour).where(
                OperatorTour.id == tour_id, OperatorTour.org_id == self.actor.org_id
            )
        )
        if row is None:
            raise NotFoundError(message(st.NO_TOUR, tour=tour_id))
        return row

    def create(self, slug: str, document: Mapping[str, Any], *, shared: bool) -> OperatorTour:
        """Store a new tour ``slug`` of the organisation (its record already checked).

        Raises
        ------
        ConflictError
            If the organisation already has a tour ``slug``.
        """
        self._may_edit()
        check_slug(slug)
        if any(t.slug == slug for t in self.mine()):
            raise ConflictError(message(st.TOUR_TAKEN, slug=slug))
        row = OperatorTour(
            org_id=self.actor.org_id,
            slug=slug,
            shared=shared,
            document=dict(document),
            author_id=self.actor.user_id,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def save(
        self, tour_id: int, based_on: int, document: Mapping[str, Any], *, shared: bool
    ) -> OperatorTour:
        """Replace tour ``tour_id``'s record if nobody saved it since ``based_on``."""
        self._may_edit()
        self.get(tour_id)
        moved = self.session.execute(
            update(OperatorTour)
            .where(
                OperatorTour.id == tour_id,
                OperatorTour.org_id == self.actor.org_id,
                OperatorTour.lock == based_on,
            )
            .values(
                document=dict(document),
                shared=shared,
                lock=based_on + 1,
                author_id=self.actor.user_id,
                updated_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        )
        self.session.expire_all()
        row = self.get(tour_id)
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            author = self.session.get(User, row.author_id) if row.author_id else None
            who = author.email if author else history.a_former_member()
            doc = row.document
            said = history.tour_saved(
                row.slug, str(doc.get("name_en", "")), str(doc.get("name", ""))
            )
            saved = SavedMeanwhile(row.lock, who, row.updated_at, said)
            raise StaleVersionError(based_on, row.lock, [saved])
        return row

    def delete(self, tour_id: int) -> None:
        """Delete tour ``tour_id`` of the organisation."""
        self._may_edit()
        self.session.delete(self.get(tour_id))
        self.session.flush()


def stored_timetable(
    session: Session,
    *,
    routes: Sequence[Tour],
    network: Network,
    currency: str = "USD",
) -> Timetable | None:
    """Return the tours of every organisation as one timetable (``None``: none stored).

    A record that no longer fits the data (a route withdrawn, a site retired) is left
    out rather than failing every search; the operator sees it on their own page.
    """
    rows = session.execute(
        select(OperatorTour, Organisation.slug)
        .join(Organisation, Organisation.id == OperatorTour.org_id)
        .order_by(OperatorTour.id)
    ).all()
    if not rows:
        return None
    from tourlink.exceptions import DataError

    tours: list[TimetableTour] = []
    for row, org in rows:
        try:
            table = check_record(
                org, row.slug, row.shared, row.document, routes=routes, network=network
            )
        except DataError:
            continue
        tours.extend(table.tours)
    note = f"Tours and departures entered by {len({org for _, org in rows})} organisation(s)."
    return Timetable(tuple(tours), currency, note)
