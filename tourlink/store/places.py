"""The operator's own places in the database: one table, one repository scoped by organisation.

Every query goes through :class:`Places`, built with the acting user, so another
organisation's place is a :class:`~tourlink.store.errors.NotFoundError` (a 404 on the
web). A place is never deleted: removing it retires it (``retired_at``), so that saved
itineraries that visit it still find its name, position and access road; a retired
place is no longer offered, and the planner never chooses it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from tourlink.exceptions import InvalidRequestError
from tourlink.messages import message
from tourlink.places import KINDS, OwnPlace
from tourlink.store import texts as st
from tourlink.store.errors import NotFoundError
from tourlink.store.models import Base
from tourlink.store.orgs import Actor
from tourlink.store.types import UtcDateTime, utcnow
from tourlink.texts import field_ref

__all__ = ["OwnPlaceRow", "Places", "org_places"]


class OwnPlaceRow(Base):
    """A place an organisation added: a hotel, a restaurant, a meeting point, a site."""

    __tablename__ = "own_places"
    __table_args__ = (
        UniqueConstraint("org_id", "slug", name="uq_own_place_slug"),
        CheckConstraint(f"kind IN ({', '.join(repr(k) for k in KINDS)})", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    slug: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    visit_minutes: Mapped[int] = mapped_column(Integer, default=60)
    opening_hours: Mapped[str] = mapped_column(String(200), default="24/7")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    retired_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    def place(self) -> OwnPlace:
        """Return the core's frozen :class:`~tourlink.places.OwnPlace`."""
        return OwnPlace(
            slug=self.slug,
            name=self.name,
            kind=self.kind,
            lat=self.lat,
            lon=self.lon,
            visit_minutes=self.visit_minutes,
            opening_hours=self.opening_hours,
            retired_on=None if self.retired_at is None else self.retired_at.date(),
        )

    def as_json(self) -> dict[str, Any]:
        """Return the place as the API gives it."""
        return {
            "id": self.id,
            "slug": self.slug,
            "site_id": self.place().site_id,
            "name": self.name,
            "kind": self.kind,
            "lat": self.lat,
            "lon": self.lon,
            "visit_minutes": self.visit_minutes,
            "opening_hours": self.opening_hours,
            "created_at": self.created_at.isoformat(),
            "retired": self.retired_at is not None,
        }


def org_places(session: Session, org_id: int) -> list[OwnPlace]:
    """Return every place of organisation ``org_id`` (retired ones too), by slug."""
    rows = session.scalars(
        select(OwnPlaceRow).where(OwnPlaceRow.org_id == org_id).order_by(OwnPlaceRow.slug)
    )
    return [row.place() for row in rows]


class Places:
    """The acting user's organisation's own places."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor

    def list(self, *, retired: bool = False) -> list[OwnPlaceRow]:
        """Return the organisation's places by name (retired ones only if ``retired``)."""
        query = select(OwnPlaceRow).where(OwnPlaceRow.org_id == self.actor.org_id)
        if not retired:
            query = query.where(OwnPlaceRow.retired_at.is_(None))
        return list(self.session.scalars(query.order_by(OwnPlaceRow.name, OwnPlaceRow.id)))

    def get(self, place_id: int) -> OwnPlaceRow:
        """Return place ``place_id`` if it is the organisation's (else NotFoundError)."""
        row = self.session.get(OwnPlaceRow, place_id)
        if row is None or row.org_id != self.actor.org_id:
            raise NotFoundError(message(st.NO_PLACE, place=place_id))
        return row

    def create(self, place: OwnPlace) -> OwnPlaceRow:
        """Store ``place`` (checked by :func:`tourlink.places.check_place`)."""
        taken = self.session.scalar(
            select(OwnPlaceRow.id).where(
                OwnPlaceRow.org_id == self.actor.org_id, OwnPlaceRow.slug == place.slug
            )
        )
        if taken is not None:
            raise InvalidRequestError(
                message(st.SLUG_TAKEN, field=field_ref("slug"), slug=place.slug, place=taken),
                field="slug",
            )
        row = OwnPlaceRow(
            org_id=self.actor.org_id,
            created_by=self.actor.user_id,
            **_columns(place),
        )
        self.session.add(row)
        self.session.flush()
        return row

    def by_slug(self, slug: str) -> OwnPlaceRow:
        """Return the organisation's place ``slug`` (retired too; else NotFoundError)."""
        row = self.session.scalar(
            select(OwnPlaceRow).where(
                OwnPlaceRow.org_id == self.actor.org_id, OwnPlaceRow.slug == slug
            )
        )
        if row is None:
            raise NotFoundError(message(st.NO_PLACE, place=slug))
        return row

    def update(self, place_id: int, place: OwnPlace) -> OwnPlaceRow:
        """Give place ``place_id`` the fields of ``place`` (checked); its slug stays.

        The slug names the place's site id in saved itineraries, so it cannot change;
        a saved itinerary that uses a place moved here is flagged "data changed" when
        it is next opened (:func:`tourlink.store.snapshot.data_changed`).
        """
        row = self.get(place_id)
        if place.slug != row.slug:
            raise InvalidRequestError(
                message(st.SLUG_FIXED, field=field_ref("slug"), was=row.slug, slug=place.slug),
                field="slug",
            )
        for column, value in _columns(place).items():
            setattr(row, column, value)
        self.session.flush()
        return row

    def retire(self, place_id: int) -> OwnPlaceRow:
        """Retire place ``place_id``: no longer offered; saved itineraries keep it."""
        row = self.get(place_id)
        if row.retired_at is None:
            row.retired_at = utcnow()
            self.session.flush()
        return row


def _columns(place: OwnPlace) -> Mapping[str, Any]:
    return {
        "slug": place.slug,
        "name": place.name,
        "kind": place.kind,
        "lat": place.lat,
        "lon": place.lon,
        "visit_minutes": place.visit_minutes,
        "opening_hours": place.opening_hours,
    }
