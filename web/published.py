"""What the public sees of the routes: the published versions in the database.

Public route pages, the routes API, the sitemap, the JSON-LD and the open-data feed read
:func:`published_routes` — the published version of every route in the database
(:meth:`tourlink.store.routes.Routes.published`), read once per request. A draft or a
version in review never appears here; approving a new version replaces the old one at
the same address. The embedded database is seeded from the app's ``routes.json`` when
it is created (:func:`seed`); any other database by ``tourlink db upgrade``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask import abort, g
from flask_babel import gettext
from sqlalchemy import Engine

from tourlink.publishing import complete_languages
from tourlink.store.routes import Routes, draft_of
from tourlink.tours import Tour
from tourlink_web.database import db
from tourlink_web.state import current

__all__ = ["PublicRoute", "get_published", "published_routes", "published_tours", "seed"]


@dataclass(frozen=True, slots=True)
class PublicRoute:
    """A published route version as the public sees it.

    Attributes
    ----------
    tour
        Its days and stops.
    number
        The version number.
    texts
        Its texts by language, only the languages complete in it (published).
    """

    tour: Tour
    number: int
    texts: Mapping[str, Mapping[str, str]]

    def text(self, lang: str, field: str) -> tuple[str, str] | None:
        """Return ``(text, its language)`` of ``field`` in ``lang``, else en, else vi."""
        for candidate in (lang, "en", "vi"):
            value = self.texts.get(candidate, {}).get(field, "")
            if value:
                return value, candidate
        return None


def published_routes() -> dict[str, PublicRoute]:
    """Return the published routes by slug, in the order they were first stored."""
    cached: dict[str, PublicRoute] | None = g.get("tourlink_published")
    if cached is None:
        sites = current().network.sites
        versions = sorted(Routes(db()).published(), key=lambda v: (v.route_id, v.number))
        cached = {}
        for version in versions:
            draft = draft_of(version.document)
            if any(s.site not in sites for s in draft.tour.stops):
                continue  # stored against another catalogue: never a broken public page
            languages = complete_languages(draft)
            texts = {lang: dict(draft.texts[lang]) for lang in languages}
            cached[draft.tour.id] = PublicRoute(draft.tour, version.number, texts)
        g.tourlink_published = cached
    return cached


def published_tours() -> list[Tour]:
    """Return the published routes' tours, in order."""
    return [route.tour for route in published_routes().values()]


def get_published(slug: str) -> PublicRoute:
    """Return the published route ``slug`` or answer 404."""
    found = published_routes().get(slug)
    if found is None:
        abort(404, description=gettext("Published route %(slug)s does not exist.", slug=repr(slug)))
    return found


def seed(engine: Engine, tours: Iterable[Tour]) -> int:
    """Store ``tours`` as the published routes of an empty database; return how many."""
    from tourlink.store.engine import make_sessions

    with make_sessions(engine)() as session:
        count = Routes(session).seed(tours)
        session.commit()
    return count
