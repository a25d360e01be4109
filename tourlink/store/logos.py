"""The operator's logo, one per organisation: the table and its repository.

The stored image is the re-encoded one :func:`tourlink.proposal.logo.check_logo` returns
(never the upload as received). Every member of the organisation reads it (it prints on
their proposals); only an org-admin replaces or removes it. Replacing is optimistic like
every shared edit: the form names the version it started from (``0``: there was none),
and a logo changed since then is a :class:`~tourlink.store.errors.StaleVersionError`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from tourlink.messages import message
from tourlink.proposal.logo import Logo
from tourlink.store import history
from tourlink.store import texts as st
from tourlink.store.errors import SavedMeanwhile, StaleVersionError
from tourlink.store.models import Base, User
from tourlink.store.orgs import Actor
from tourlink.store.quotes import PermissionDeniedError
from tourlink.store.types import UtcDateTime, utcnow

__all__ = ["LogoRow", "Logos", "logo_of_org"]

#: What an org-admin may do with the logo (see :mod:`tourlink.accounts`).
EDIT = "branding.edit"


class LogoRow(Base):
    """An organisation's logo: the re-encoded image, its type, size and version."""

    __tablename__ = "org_logos"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), unique=True)
    version: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(20))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    @property
    def logo(self) -> Logo:
        """The stored logo as the library's type."""
        return Logo(bytes(self.data), self.media_type, self.width, self.height)  # type: ignore[arg-type]


def logo_of_org(session: Session, org_id: int) -> LogoRow | None:
    """Return organisation ``org_id``'s logo (for a proposal behind a share link)."""
    return session.scalar(select(LogoRow).where(LogoRow.org_id == org_id))


class Logos:
    """The logo of the acting user's organisation."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session, self.actor = session, actor

    def get(self) -> LogoRow | None:
        """Return the organisation's logo, or ``None`` when it has none."""
        return logo_of_org(self.session, self.actor.org_id)

    def version(self) -> int:
        """Return the logo's version (``0``: no logo yet)."""
        row = self.get()
        return 0 if row is None else row.version

    def _require(self) -> None:
        if not self.actor.may(EDIT):
            raise PermissionDeniedError(
                message(st.MAY_NOT_LOGO, role=self.actor.role, org=self.actor.org_name)
            )

    def _stale(self, based_on: int) -> StaleVersionError:
        self.session.expire_all()
        row = self.get()
        if row is None:
            removed = SavedMeanwhile(
                0, history.another_org_admin(), utcnow(), history.logo_removed()
            )
            return StaleVersionError(based_on, 0, [removed])
        user = self.session.get(User, row.updated_by)
        author = user.label if user is not None else history.a_former_member()
        changed = SavedMeanwhile(row.version, author, row.updated_at, history.logo_replaced())
        return StaleVersionError(based_on, row.version, [changed])

    def put(self, logo: Logo, based_on: int) -> LogoRow:
        """Store ``logo`` if the logo is still at version ``based_on`` (``0``: none yet).

        Raises
        ------
        PermissionDeniedError
            If the actor is not an org-admin.
        StaleVersionError
            If someone changed or removed the logo since version ``based_on``.
        """
        self._require()
        values = {
            "media_type": logo.media_type,
            "width": logo.width,
            "height": logo.height,
            "sha256": logo.sha256,
            "data": logo.data,
            "updated_by": self.actor.user_id,
            "updated_at": utcnow(),
        }
        row = self.get()
        if row is None:
            if based_on != 0:
                raise self._stale(based_on)
            row = LogoRow(org_id=self.actor.org_id, version=1, **values)
            self.session.add(row)
            try:
                self.session.flush()
            except IntegrityError:  # a concurrent first upload won (org_id is unique)
                self.session.rollback()
                raise self._stale(based_on) from None
            return row
        moved = self.session.execute(
            update(LogoRow)
            .where(LogoRow.id == row.id, LogoRow.version == based_on)
            .values(version=based_on + 1, **values)
            .execution_options(synchronize_session=False)
        )
        self.session.refresh(row)
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            raise self._stale(based_on)
        return row

    def remove(self, based_on: int) -> None:
        """Remove the logo if it is still at version ``based_on``.

        Raises
        ------
        StaleVersionError
            If the logo changed (or is gone) since version ``based_on``.
        """
        self._require()
        gone = self.session.execute(
            delete(LogoRow)
            .where(LogoRow.org_id == self.actor.org_id, LogoRow.version == based_on)
            .execution_options(synchronize_session=False)
        )
        if gone.rowcount != 1:  # type: ignore[attr-defined]
            raise self._stale(based_on)
        self.session.expire_all()
