"""The tables: organisations, users, API tokens, itineraries, their versions, share links.

Every table of tenant data carries (or reaches through its parent) an ``org_id``; the
repositories filter on it. Times are :class:`~tourlink.store.types.UtcDateTime`; a saved
version's ``snapshot`` is a JSON document (the serializer's itinerary, the request, the
seed and the data version) and never changes once written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from tourlink.accounts import ORG_KINDS, ROLES
from tourlink.messages import Message
from tourlink.store.types import JSONDocument, UtcDateTime, utcnow

__all__ = [
    "ApiToken",
    "Base",
    "Itinerary",
    "ItineraryVersion",
    "Organisation",
    "ShareLink",
    "User",
]

#: Constraint names every migration can rely on (SQLite batch migrations need names).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    """Declarative base of every tourlink table (one metadata, named constraints)."""

    metadata = MetaData(naming_convention=NAMING)


class Organisation(Base):
    """A tour operator or the tourism office."""

    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint(_one_of("kind", ORG_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="org")


class User(Base):
    """A person who logs in; belongs to one organisation and holds one role."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_one_of("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    org: Mapped[Organisation] = relationship(back_populates="users")

    @property
    def label(self) -> str:
        """Return the name to show for this user (the e-mail when no name is set)."""
        return self.name or self.email


class ApiToken(Base):
    """A bearer token of a user, stored as its SHA-256 digest; revoked tokens stay listed."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    user: Mapped[User] = relationship()


class Itinerary(Base):
    """A saved itinerary: its organisation, current version number and list columns.

    ``version`` is the number of the newest version (optimistic locking: a save names the
    version it started from and succeeds only if that is still the newest). The other
    columns copy the newest version's so that lists need not read snapshots.
    """

    __tablename__ = "itineraries"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    customer: Mapped[str] = mapped_column(String(200), default="", index=True)
    start_date: Mapped[dt.date] = mapped_column(Date, index=True)
    days: Mapped[int] = mapped_column(Integer)
    stops: Mapped[int] = mapped_column(Integer)
    violations: Mapped[int] = mapped_column(Integer, default=0)
    source_route: Mapped[str | None] = mapped_column(String(80))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)

    versions: Mapped[list[ItineraryVersion]] = relationship(
        back_populates="itinerary", order_by="ItineraryVersion.number"
    )


class ItineraryVersion(Base):
    """One immutable saved version: author, time, the snapshot and what it is about."""

    __tablename__ = "itinerary_versions"
    __table_args__ = (UniqueConstraint("itinerary_id", "number", name="uq_itinerary_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    itinerary_id: Mapped[int] = mapped_column(ForeignKey("itineraries.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    summary: Mapped[str] = mapped_column(String(300), default="")
    #: The summary as a message (``{"code", "params", "text"}``) when the software wrote it;
    #: ``None`` when a person typed it (or the row predates revision 0007).
    summary_message: Mapped[dict[str, Any] | None] = mapped_column(
        JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
    )
    name: Mapped[str] = mapped_column(String(200))
    customer: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[dt.date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    stops: Mapped[int] = mapped_column(Integer)
    violations: Mapped[int] = mapped_column(Integer, default=0)
    data_version: Mapped[str] = mapped_column(String(80), default="")
    seed: Mapped[int | None] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONDocument)

    itinerary: Mapped[Itinerary] = relationship(back_populates="versions")
    author: Mapped[User] = relationship()

    @property
    def summary_said(self) -> Message | str:
        """The summary to say: the software's message rebuilt, else the text as saved."""
        from tourlink.store.history import summary_of

        return summary_of(self.summary, self.summary_message)


class ShareLink(Base):
    """A customer's read-only link to one version, by a token stored as its digest."""

    __tablename__ = "share_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    itinerary_id: Mapped[int] = mapped_column(ForeignKey("itineraries.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    itinerary: Mapped[Itinerary] = relationship()
