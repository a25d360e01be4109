"""Published routes in the database: routes, their versions, the workflow's audit log.

A route (``routes``) has numbered versions (``route_versions``), each a document (the
``routes.json`` record plus its texts per language, seasons and mode) in one workflow
state of :mod:`tourlink.publishing`. Published versions never change; editing one makes
a new draft. Every transition is a conditional ``UPDATE … WHERE lock = :based_on AND
state = :state``, so two reviewers acting on the same version at once never both
succeed (:class:`~tourlink.store.errors.StaleVersionError` for the second), and each
is written to the audit log (``route_events``: who, when, what, comment).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    Engine,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from tourlink.messages import Message, message
from tourlink.publishing import DRAFT, PUBLISHED, WORDS, Actor, RouteDraft, decide
from tourlink.store import history
from tourlink.store import texts as st
from tourlink.store.errors import ConflictError, NotFoundError, SavedMeanwhile, StaleVersionError
from tourlink.store.models import Base, User
from tourlink.store.orgs import Actor as StoreActor
from tourlink.store.types import JSONDocument, UtcDateTime, utcnow
from tourlink.tours import Tour, TourStop

__all__ = [
    "RouteEvent",
    "RouteRecord",
    "RouteVersion",
    "Routes",
    "document_of",
    "draft_of",
    "routes_file",
    "seed_shipped",
    "tour_of",
]

SEED = "seed"
#: Audit-log actions besides the workflow's transitions: a draft started, a draft saved.
DRAFT_STARTED, DRAFT_SAVED = "draft", "save"


class RouteRecord(Base):
    """A route the office publishes, by its public slug (its address under ``/tours/``)."""

    __tablename__ = "routes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class RouteVersion(Base):
    """One numbered version of a route: its document, state and lock counter."""

    __tablename__ = "route_versions"
    __table_args__ = (UniqueConstraint("route_id", "number", name="route_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("routes.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    lock: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class RouteEvent(Base):
    """One line of the audit log: a transition of a version, by whom, when, and why."""

    __tablename__ = "route_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("route_versions.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


def document_of(draft: RouteDraft) -> dict[str, Any]:
    """Return the stored document of ``draft`` (a ``routes.json`` record, texts, seasons)."""
    t = draft.tour
    return {
        "id": t.id,
        "name": t.name,
        "name_en": t.name_en,
        "zones": list(t.zones),
        "publisher": t.publisher,
        "sources": list(t.sources),
        "days": t.days,
        "note": t.note,
        "stops": [
            {"site": s.site, "day": s.day, "minutes": s.minutes, "note": s.note} for s in t.stops
        ],
        "texts": {lang: dict(texts) for lang, texts in draft.texts.items()},
        "seasons": list(draft.seasons),
        "mode": draft.mode,
    }


def tour_of(document: Mapping[str, Any]) -> Tour:
    """Return the :class:`~tourlink.tours.Tour` of a stored document."""
    stops = tuple(
        TourStop(s["site"], s["day"], s.get("minutes"), s.get("note", ""))
        for s in document["stops"]
    )
    return Tour(
        document["id"],
        document["name"],
        document["name_en"],
        tuple(document["zones"]),
        document["publisher"],
        tuple(document["sources"]),
        document["days"],
        stops,
        document.get("note", ""),
    )


def draft_of(document: Mapping[str, Any]) -> RouteDraft:
    """Return the :class:`~tourlink.publishing.RouteDraft` of a stored document."""
    return RouteDraft(
        tour_of(document),
        document.get("texts", {}),
        tuple(document.get("seasons", ("dry", "rainy"))),
        document.get("mode", "car"),
    )


class Routes:
    """The routes repository, acting as ``actor`` (``None``: the public, read-only)."""

    def __init__(self, session: Session, actor: StoreActor | None = None) -> None:
        self.session = session
        self.actor = actor

    def _who(self) -> Actor:
        a = self.actor
        return Actor("the public") if a is None else Actor(a.email, a.role, a.org_kind)

    def seed(self, tours: Iterable[Tour]) -> int:
        """Store ``tours`` as published version 1 each, once (an empty table); return how many."""
        if self.session.scalar(select(func.count()).select_from(RouteRecord)):
            return 0
        return len(self.add_published(tours, source="data/routes.json")[0])

    def add_published(self, tours: Iterable[Tour], *, source: str) -> tuple[list[str], list[str]]:
        """Store each of ``tours`` the database lacks as published version 1.

        Returns the slugs added and those already present (left unchanged).
        """
        known = set(self.session.scalars(select(RouteRecord.slug)))
        added, kept = [], []
        for tour in tours:
            if tour.id in known:
                kept.append(tour.id)
                continue
            record = RouteRecord(slug=tour.id)
            self.session.add(record)
            self.session.flush()
            doc = document_of(RouteDraft(tour, {}))
            version = RouteVersion(route_id=record.id, number=1, state=PUBLISHED, document=doc)
            self.session.add(version)
            self.session.flush()
            self.session.add(
                RouteEvent(
                    version_id=version.id,
                    action=SEED,
                    source=DRAFT,
                    target=PUBLISHED,
                    comment=str(history.imported_from(source)),
                )
            )
            added.append(tour.id)
        self.session.flush()
        return added, kept

    def published(self) -> list[RouteVersion]:
        """Return the published version of every route, by slug (all the public sees)."""
        rows = self.session.execute(
            select(RouteVersion)
            .join(RouteRecord, RouteRecord.id == RouteVersion.route_id)
            .where(RouteVersion.state == PUBLISHED)
            .order_by(RouteRecord.slug)
        ).scalars()
        return list(rows)

    def version(self, version_id: int) -> RouteVersion:
        """Return version ``version_id``; the public only sees published ones (else 404)."""
        found = self.session.get(RouteVersion, version_id)
        if found is None or (self.actor is None and found.state != PUBLISHED):
            raise NotFoundError(message(st.NO_ROUTE_VERSION, version=version_id))
        return found

    def versions(self, slug: str) -> list[RouteVersion]:
        """Return every version of route ``slug``, newest first (for the office)."""
        return list(
            self.session.execute(
                select(RouteVersion)
                .join(RouteRecord, RouteRecord.id == RouteVersion.route_id)
                .where(RouteRecord.slug == slug)
                .order_by(RouteVersion.number.desc())
            ).scalars()
        )

    def overview(self) -> dict[str, list[RouteVersion]]:
        """Return every route's versions (newest first) by slug, routes in the order stored."""
        rows = self.session.execute(
            select(RouteRecord.slug, RouteVersion)
            .join(RouteVersion, RouteVersion.route_id == RouteRecord.id)
            .order_by(RouteRecord.id, RouteVersion.number.desc())
        ).all()
        found: dict[str, list[RouteVersion]] = {}
        for slug, version in rows:
            found.setdefault(slug, []).append(version)
        return found

    def author(self, version: RouteVersion) -> str:
        """Return the e-mail address of ``version``'s author (``""``: the seed)."""
        user = self.session.get(User, version.author_id) if version.author_id else None
        return user.email if user else ""

    def new_draft(self, slug: str, draft: RouteDraft, comment: str = "") -> RouteVersion:
        """Start a draft of route ``slug`` (a new route, or the next version of one).

        The published version stays public until this draft is approved. Starting a draft
        and saving one are written to the audit log too (``draft``, ``save``).

        Raises
        ------
        WorkflowError
            If the actor may not edit routes.
        ConflictError
            If the route already has a version in draft or in review.
        """
        self._may_edit()
        record = self.session.scalar(select(RouteRecord).where(RouteRecord.slug == slug))
        if record is None:
            record = RouteRecord(slug=slug)
            self.session.add(record)
            self.session.flush()
        open_ = [v for v in self.versions(slug) if v.state in (DRAFT, "in-review")]
        if open_:
            state = WORDS.get(open_[0].state)
            raise ConflictError(
                message(
                    st.ROUTE_OPEN_VERSION,
                    route=repr(slug),
                    number=open_[0].number,
                    state=message(state) if state else open_[0].state,
                )
            )
        number = max((v.number for v in self.versions(slug)), default=0) + 1
        assert self.actor is not None
        version = RouteVersion(
            route_id=record.id,
            number=number,
            state=DRAFT,
            author_id=self.actor.user_id,
            document=document_of(draft),
        )
        self.session.add(version)
        self.session.flush()
        self._log(version.id, DRAFT_STARTED, DRAFT, DRAFT, comment)
        return version

    def _log(self, version_id: int, action: str, source: str, target: str, comment: str) -> None:
        assert self.actor is not None
        self.session.add(
            RouteEvent(
                version_id=version_id,
                actor_id=self.actor.user_id,
                action=action,
                source=source,
                target=target,
                comment=comment,
            )
        )
        self.session.flush()

    def _may_edit(self) -> None:
        from tourlink.messages import message
        from tourlink.publishing import NOT_OFFICE, WorkflowError

        who = self._who()
        if (
            self.actor is None
            or not (self.actor.may("routes.edit"))
            or (who.org_kind != "office" and who.role != "admin")
        ):
            raise WorkflowError(message(NOT_OFFICE, user=who.user))

    def save_draft(
        self, version_id: int, based_on: int, draft: RouteDraft, comment: str = ""
    ) -> RouteVersion:
        """Replace the document of draft ``version_id`` if its lock is still ``based_on``."""
        self._may_edit()
        moved = self.session.execute(
            update(RouteVersion)
            .where(
                RouteVersion.id == version_id,
                RouteVersion.lock == based_on,
                RouteVersion.state == DRAFT,
            )
            .values(document=document_of(draft), lock=based_on + 1, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            self._refuse(version_id, based_on)
        self._log(version_id, DRAFT_SAVED, DRAFT, DRAFT, comment)
        self.session.expire_all()
        return self.version(version_id)

    def act(
        self,
        version_id: int,
        action: str,
        *,
        based_on: int,
        comment: str = "",
        problems: Sequence[Message] = (),
    ) -> RouteVersion:
        """Make the workflow transition ``action`` on a version whose lock is ``based_on``.

        Approving archives the route's previously published version.

        Raises
        ------
        WorkflowError
            If :func:`tourlink.publishing.decide` refuses it.
        StaleVersionError
            If the version changed since ``based_on`` (another reviewer acted first).
        """
        version = self.version(version_id)
        if version.lock != based_on:  # someone acted since: say who, before judging the action
            self._refuse(version_id, based_on)
        source = version.state
        target = decide(
            action,
            source,
            actor=self._who(),
            author=self.author(version),
            comment=comment,
            problems=tuple(problems),
        )
        moved = self.session.execute(
            update(RouteVersion)
            .where(
                RouteVersion.id == version_id,
                RouteVersion.lock == based_on,
                RouteVersion.state == source,
            )
            .values(state=target, lock=based_on + 1, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            self._refuse(version_id, based_on)
        if target == PUBLISHED:
            self.session.execute(
                update(RouteVersion)
                .where(
                    RouteVersion.route_id == version.route_id,
                    RouteVersion.id != version_id,
                    RouteVersion.state == PUBLISHED,
                )
                .values(state="archived", updated_at=utcnow())
                .execution_options(synchronize_session=False)
            )
        self._log(version_id, action, source, target, comment)
        self.session.expire_all()
        return self.version(version_id)

    def _refuse(self, version_id: int, based_on: int) -> None:
        self.session.expire_all()
        current = self.version(version_id)
        rows = self.session.execute(
            select(RouteEvent, User)
            .outerjoin(User, User.id == RouteEvent.actor_id)
            .where(RouteEvent.version_id == version_id)
            .order_by(RouteEvent.at.desc())
            .limit(max(current.lock - based_on, 1))
        ).all()
        raise StaleVersionError(
            based_on,
            current.lock,
            [
                SavedMeanwhile(
                    current.lock,
                    u.email if u else history.the_seed(),
                    e.at,
                    history.route_event(e.action, e.source, e.target),
                )
                for e, u in rows
            ],
        )

    def history(self, slug: str) -> list[tuple[RouteEvent, RouteVersion, str]]:
        """Return the audit log of route ``slug``: (event, version, who), oldest first."""
        rows = self.session.execute(
            select(RouteEvent, RouteVersion, User)
            .join(RouteVersion, RouteVersion.id == RouteEvent.version_id)
            .join(RouteRecord, RouteRecord.id == RouteVersion.route_id)
            .outerjoin(User, User.id == RouteEvent.actor_id)
            .where(RouteRecord.slug == slug)
            .order_by(RouteEvent.at, RouteEvent.id)
        ).all()
        return [(e, v, u.email if u else SEED) for e, v, u in rows]


def routes_file(versions: Iterable[RouteVersion]) -> dict[str, Any]:
    """Return the ``tourlink-routes/1`` document of ``versions`` (the published ones)."""
    from tourlink.tours import ROUTES_FORMAT

    records = []
    for version in versions:
        doc = {k: v for k, v in version.document.items() if k not in ("texts", "seasons", "mode")}
        doc["stops"] = [{k: v for k, v in s.items() if v not in (None, "")} for s in doc["stops"]]
        if not doc.get("note"):
            doc.pop("note", None)
        records.append(doc)
    return {"format": ROUTES_FORMAT, "routes": records}


def seed_shipped(engine: Engine) -> int:
    """Seed the shipped ``data/routes.json`` into the database once; return how many."""
    from tourlink.store.engine import make_sessions
    from tourlink.tours import load_tours

    with make_sessions(engine)() as session:
        count = Routes(session).seed(load_tours())
        session.commit()
    return count
