"""Saved itineraries of one organisation: versions, optimistic saves, share links.

:class:`Itineraries` is the one way to reach itinerary rows: it is built with the acting
user's :class:`~tourlink.store.orgs.Actor` and every query filters on that organisation,
so another organisation's id is simply not found. A save names the version it started
from; the newest version is moved forward by one conditional ``UPDATE`` (``WHERE version =
based_on``), which both engines make atomic, so of two concurrent saves on the same version
exactly one succeeds and the other gets :class:`~tourlink.store.errors.StaleVersionError`
saying who saved what in between. Versions are never changed once written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session

from tourlink.exceptions import InvalidRequestError
from tourlink.messages import Message, message
from tourlink.store import history
from tourlink.store import texts as st
from tourlink.store.credentials import new_token, token_digest
from tourlink.store.errors import NotFoundError, SavedMeanwhile, StaleVersionError
from tourlink.store.models import Itinerary, ItineraryVersion, ShareLink, User
from tourlink.store.orgs import Actor
from tourlink.store.types import utcnow
from tourlink.texts import field_ref

__all__ = [
    "SHARE_PREFIX",
    "Draft",
    "Filters",
    "Itineraries",
    "open_share",
    "snapshot_columns",
]

SHARE_PREFIX = "s_"
"""How every share token starts."""


@dataclass(frozen=True, slots=True)
class Draft:
    """What a save writes: the texts and the snapshot of the new version.

    ``summary`` is what a person typed; without one, ``summary_message`` is the summary
    the software writes (stored as its code and parameters, and its English text).
    ``snapshot`` holds ``itinerary`` (the serializer's dict: ``request``, ``days``,
    ``warnings``, ``totals``), ``seed``, ``data_version`` and ``violations`` (the
    checker's findings, each ``{"kind", "day", "site", "message"}``).
    """

    name: str
    snapshot: Mapping[str, Any]
    customer: str = ""
    notes: str = ""
    summary: str = ""
    source_route: str | None = None
    summary_message: Message | None = None

    def __post_init__(self) -> None:
        if not self.name.strip() or len(self.name) > 200:
            raise InvalidRequestError(
                message(
                    st.NAME_LENGTH, field=field_ref("name"), most=200, value=f"{self.name!r:.60}"
                ),
                field="name",
            )
        if len(self.customer) > 200:
            raise InvalidRequestError(
                message(
                    st.AT_MOST_CHARS, field=field_ref("customer"), most=200, size=len(self.customer)
                ),
                field="customer",
            )
        if len(self.notes) > 20000:
            raise InvalidRequestError(
                message(
                    st.AT_MOST_CHARS, field=field_ref("notes"), most=20000, size=len(self.notes)
                ),
                field="notes",
            )
        snapshot_columns(self.snapshot)


@dataclass(frozen=True, slots=True)
class Filters:
    """What a list is narrowed to: text in the name or customer, customer, dates, violations."""

    text: str = ""
    customer: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    violations: bool | None = None
    limit: int = field(default=200)


def snapshot_columns(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """Return the list columns of a snapshot (start date, days, stops, violations, versions).

    Raises
    ------
    InvalidRequestError
        If the snapshot lacks the itinerary's request date, its days or its violations.
    """
    try:
        itinerary = snapshot["itinerary"]
        days = itinerary["days"]
        columns = {
            "start_date": dt.date.fromisoformat(itinerary["request"]["start_date"]),
            "days": len(days),
            "stops": sum(len(day["stops"]) for day in days),
            "violations": len(snapshot["violations"]),
            "data_version": str(snapshot.get("data_version", ""))[:80],
            "seed": snapshot.get("seed"),
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidRequestError(
            message(st.SNAPSHOT_SHAPE, field=field_ref("snapshot"), missing=str(exc)),
            field="snapshot",
        ) from None
    return columns


def _head(draft: Draft, columns: Mapping[str, Any]) -> dict[str, Any]:
    """Return the itinerary row's copies of its newest version's list columns."""
    return {
        "name": draft.name.strip(),
        "customer": draft.customer.strip(),
        **{key: columns[key] for key in ("start_date", "days", "stops", "violations")},
    }


class Itineraries:
    """The itineraries of the acting user's organisation (nothing else is reachable)."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor

    def _mine(self) -> Select[Itinerary]:
        return select(Itinerary).where(Itinerary.org_id == self.actor.org_id)

    def find(self, filters: Filters | None = None) -> list[Itinerary]:
        """Return the organisation's itineraries matching ``filters``, newest change first."""
        f = filters or Filters()
        query = self._mine()
        if f.text:
            like = f"%{f.text.lower()}%"
            query = query.where(
                or_(
                    func.lower(Itinerary.name).like(like), func.lower(Itinerary.customer).like(like)
                )
            )
        if f.customer:
            query = query.where(func.lower(Itinerary.customer).like(f"%{f.customer.lower()}%"))
        if f.date_from is not None:
            query = query.where(Itinerary.start_date >= f.date_from)
        if f.date_to is not None:
            query = query.where(Itinerary.start_date <= f.date_to)
        if f.violations is not None:
            query = query.where(
                Itinerary.violations > 0 if f.violations else Itinerary.violations == 0
            )
        query = query.order_by(Itinerary.updated_at.desc(), Itinerary.id.desc()).limit(f.limit)
        return list(self.session.scalars(query))

    def get(self, itinerary_id: int) -> Itinerary:
        """Return itinerary ``itinerary_id`` of this organisation, else raise NotFoundError.

        A row this session already holds is not read again (a page asks for its record
        and then its version); another organisation's row is not found either way.
        """
        found = self.session.get(Itinerary, itinerary_id)
        if found is None or found.org_id != self.actor.org_id:
            raise NotFoundError(message(st.NO_ITINERARY, itinerary=itinerary_id))
        return found

    def version(self, itinerary_id: int, number: int | None = None) -> ItineraryVersion:
        """Return version ``number`` (default: the newest) of one of this org's itineraries."""
        itinerary = self.get(itinerary_id)
        wanted = itinerary.version if number is None else number
        found = self.session.scalar(
            select(ItineraryVersion).where(
                ItineraryVersion.itinerary_id == itinerary.id, ItineraryVersion.number == wanted
            )
        )
        if found is None:
            raise NotFoundError(message(st.NO_VERSION, itinerary=itinerary_id, number=wanted))
        return found

    def versions(self, itinerary_id: int) -> list[ItineraryVersion]:
        """Return every version of an itinerary, newest first."""
        itinerary = self.get(itinerary_id)
        query = (
            select(ItineraryVersion)
            .where(ItineraryVersion.itinerary_id == itinerary.id)
            .order_by(ItineraryVersion.number.desc())
        )
        return list(self.session.scalars(query))

    def create(self, draft: Draft) -> ItineraryVersion:
        """Save a new itinerary; return its version 1."""
        columns = snapshot_columns(draft.snapshot)
        now = utcnow()
        itinerary = Itinerary(
            org_id=self.actor.org_id,
            version=1,
            source_route=draft.source_route,
            created_by=self.actor.user_id,
            created_at=now,
            updated_at=now,
            **_head(draft, columns),
        )
        self.session.add(itinerary)
        self.session.flush()
        return self._add_version(itinerary.id, 1, draft, columns, now)

    def save(self, itinerary_id: int, based_on: int, draft: Draft) -> ItineraryVersion:
        """Save ``draft`` as the version after ``based_on``, if that is still the newest.

        Raises
        ------
        NotFoundError
            If the itinerary is not this organisation's.
        StaleVersionError
            If another version was saved after ``based_on`` (nothing is written).
        """
        columns = snapshot_columns(draft.snapshot)
        now = utcnow()
        moved = self.session.execute(
            update(Itinerary)
            .where(
                Itinerary.id == itinerary_id,
                Itinerary.org_id == self.actor.org_id,
                Itinerary.version == based_on,
            )
            .values(version=based_on + 1, updated_at=now, **_head(draft, columns))
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            self._refuse(itinerary_id, based_on)
        version = self._add_version(itinerary_id, based_on + 1, draft, columns, now)
        self.session.expire_all()  # the itinerary row changed behind the identity map
        return version

    def _refuse(self, itinerary_id: int, based_on: int) -> None:
        current = self.get(itinerary_id)  # NotFoundError for another organisation's id
        self.session.refresh(current)
        meanwhile = self.session.execute(
            select(ItineraryVersion, User)
            .join(User, User.id == ItineraryVersion.author_id)
            .where(
                ItineraryVersion.itinerary_id == itinerary_id,
                ItineraryVersion.number > based_on,
            )
            .order_by(ItineraryVersion.number)
        ).all()
        raise StaleVersionError(
            based_on,
            current.version,
            [SavedMeanwhile(v.number, u.label, v.created_at, v.summary_said) for v, u in meanwhile],
        )

    def _add_version(
        self,
        itinerary_id: int,
        number: int,
        draft: Draft,
        columns: dict[str, Any],
        now: dt.datetime,
    ) -> ItineraryVersion:
        said = None if draft.summary else draft.summary_message  # a person's text wins
        version = ItineraryVersion(
            itinerary_id=itinerary_id,
            number=number,
            author_id=self.actor.user_id,
            created_at=now,
            summary=(said.text if said is not None else draft.summary)[:300],
            summary_message=said.to_dict() if said is not None else None,
            name=draft.name.strip(),
            customer=draft.customer.strip(),
            notes=draft.notes,
            snapshot=dict(draft.snapshot),
            **columns,
        )
        self.session.add(version)
        self.session.flush()
        return version

    def restore(self, itinerary_id: int, number: int, based_on: int) -> ItineraryVersion:
        """Save old version ``number`` again, as the version after ``based_on``."""
        old = self.version(itinerary_id, number)
        draft = Draft(
            name=old.name,
            customer=old.customer,
            notes=old.notes,
            snapshot=old.snapshot,
            summary_message=history.restored(number),
        )
        return self.save(itinerary_id, based_on, draft)

    def duplicate(self, itinerary_id: int, name: str) -> ItineraryVersion:
        """Save a copy of the newest version as a new itinerary called ``name``."""
        old = self.version(itinerary_id)
        draft = Draft(
            name=name,
            customer=old.customer,
            notes=old.notes,
            snapshot=old.snapshot,
            summary_message=history.copied(itinerary_id, old.name, old.number),
        )
        return self.create(draft)

    def share(
        self, itinerary_id: int, number: int, expires_at: dt.datetime
    ) -> tuple[ShareLink, str]:
        """Create a share link to version ``number``; return it and its token (shown once)."""
        version = self.version(itinerary_id, number)
        if expires_at <= utcnow():
            raise InvalidRequestError(
                message(
                    st.NOT_FUTURE, field=field_ref("expires"), when=f"{expires_at:%Y-%m-%d %H:%M}"
                ),
                field="expires",
            )
        token = new_token(SHARE_PREFIX)
        link = ShareLink(
            itinerary_id=itinerary_id,
            version=version.number,
            digest=token_digest(token),
            created_by=self.actor.user_id,
            expires_at=expires_at,
        )
        self.session.add(link)
        self.session.flush()
        return link, token

    def share_links(self, itinerary_id: int) -> list[ShareLink]:
        """Return the share links of an itinerary, newest first (revoked ones included)."""
        itinerary = self.get(itinerary_id)
        query = (
            select(ShareLink)
            .where(ShareLink.itinerary_id == itinerary.id)
            .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
        )
        return list(self.session.scalars(query))

    def revoke_share(self, itinerary_id: int, link_id: int) -> ShareLink:
        """Revoke a share link of one of this organisation's itineraries."""
        itinerary = self.get(itinerary_id)
        link = self.session.get(ShareLink, link_id)
        if link is None or link.itinerary_id != itinerary.id:
            raise NotFoundError(message(st.NO_SHARE_LINK, itinerary=itinerary_id, link=link_id))
        if link.revoked_at is None:
            link.revoked_at = utcnow()
            self.session.flush()
        return link


def open_share(
    session: Session, token: str, now: dt.datetime | None = None
) -> ItineraryVersion | None:
    """Return the version a share token opens (``None``: unknown, expired or revoked)."""
    if not token.startswith(SHARE_PREFIX) or len(token) > 100:
        return None
    link = session.scalar(select(ShareLink).where(ShareLink.digest == token_digest(token)))
    if link is None or link.revoked_at is not None or link.expires_at <= (now or utcnow()):
        return None
    return session.scalar(
        select(ItineraryVersion).where(
            ItineraryVersion.itinerary_id == link.itinerary_id,
            ItineraryVersion.number == link.version,
        )
    )
