"""The route editor's form ⇄ a :class:`~tourlink.publishing.RouteDraft`.

The form has one row per stop (``stop-site-<i>``, ``stop-day-<i>``, ``stop-minutes-<i>``,
``stop-note-<i>``; a row without a site is ignored), the route's length ``days``, its
``mode``, the ``seasons`` it runs in, ``publisher`` and ``sources`` (one per line), and
one text field per language and text (``text-<lang>-<field>``, the fields of
:func:`tourlink.publishing.required_texts`). Bad values are refused with an
:class:`~tourlink.exceptions.InvalidRequestError` naming the field; the rules of
completeness are the workflow's (:func:`tourlink.publishing.completeness`), not the form's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from tourlink import texts as said
from tourlink.exceptions import InvalidRequestError
from tourlink.messages import message
from tourlink.model import MODES
from tourlink.publishing import LANGUAGES, SAMPLE_DATES, RouteDraft, required_texts
from tourlink.tours import Tour, TourStop

__all__ = ["BLANK_ROWS", "MAX_DAYS", "MAX_STOPS", "draft_from_form", "form_of"]

#: Longest route the editor accepts, most stops, and blank stop rows offered after the last.
MAX_DAYS = 15
MAX_STOPS = 60
BLANK_ROWS = 3
_TEXT_LIMIT = 4000


def _whole(form: Mapping[str, str], field: str, low: int, high: int, default: int | None) -> int:
    value = form.get(field, "").strip()
    if not value and default is not None:
        return default
    if not value.isdecimal() or len(value) > 9 or not low <= int(value) <= high:
        raise InvalidRequestError(
            said.bad_value(field, value[:20], said.between(low, high)), field=field
        )
    return int(value)


def _stops(form: MultiDict[str, str], days: int, sites: Mapping[str, Any]) -> list[TourStop]:
    rows = _whole(form, "rows", 0, MAX_STOPS + BLANK_ROWS, 0)
    stops: list[TourStop] = []
    for i in range(rows):
        site = form.get(f"stop-site-{i}", "").strip()
        if not site:
            continue
        if site not in sites:
            raise InvalidRequestError(
                said.bad_value(f"stop-site-{i}", site[:80], message(said.EXPECT_CATALOGUE_SITE)),
                field=f"stop-site-{i}",
            )
        day = _whole(form, f"stop-day-{i}", 1, days, 1)
        minutes = form.get(f"stop-minutes-{i}", "").strip()
        stops.append(
            TourStop(
                site,
                day,
                _whole(form, f"stop-minutes-{i}", 5, 720, None) if minutes else None,
                form.get(f"stop-note-{i}", "").strip()[:300],
            )
        )
    if len(stops) > MAX_STOPS:
        raise InvalidRequestError(
            message(
                said.TOO_MANY_STOPS,
                field=said.field_ref("rows"),
                limit=MAX_STOPS,
                size=len(stops),
            ),
            field="rows",
        )
    if len(stops) < 2:
        raise InvalidRequestError(message(said.TOO_FEW_STOPS, size=len(stops)), field="stop-site-0")
    return sorted(stops, key=lambda s: s.day)  # stable: the order within a day is kept


def _texts(form: Mapping[str, str], fields: tuple[str, ...]) -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        found = {f: form.get(f"text-{lang}-{f}", "").strip()[:_TEXT_LIMIT] for f in fields}
        texts[lang] = {f: v for f, v in found.items() if v}
    return {lang: t for lang, t in texts.items() if t}


def draft_from_form(
    form: MultiDict[str, str], slug: str, sites: Mapping[str, Any], *, publisher: str
) -> RouteDraft:
    """Return the route draft of the editor's ``form`` for route ``slug``.

    Its zones are those of its stops, in order; its names are the Vietnamese and English
    ``name`` texts (the slug while they are not written yet).

    Raises
    ------
    InvalidRequestError
        Naming the first field whose value is refused.
    """
    days = _whole(form, "days", 1, MAX_DAYS, None)
    mode = form.get("mode", "car")
    if mode not in MODES:
        expected = message(said.ONE_OF, choices=", ".join(MODES))
        raise InvalidRequestError(said.bad_value("mode", mode[:20], expected), field="mode")
    seasons = tuple(s for s in SAMPLE_DATES if s in form.getlist("seasons"))
    if not seasons:
        raise InvalidRequestError(
            message(
                said.NO_SEASON, field=said.field_ref("seasons"), choices=", ".join(SAMPLE_DATES)
            ),
            field="seasons",
        )
    stops = _stops(form, days, sites)
    zones = tuple(dict.fromkeys(sites[s.site].zone for s in stops))
    probe = Tour(slug, slug, slug, zones, publisher, (), days, tuple(stops))
    texts = _texts(form, required_texts(probe))
    sources = tuple(
        line.strip()[:500] for line in form.get("sources", "").splitlines() if line.strip()
    )
    tour = Tour(
        slug,
        texts.get("vi", {}).get("name", slug),
        texts.get("en", {}).get("name", slug),
        zones,
        (form.get("publisher", "").strip() or publisher)[:200],
        sources[:20],
        days,
        tuple(stops),
        form.get("note", "").strip()[:1000],
    )
    return RouteDraft(tour, texts, seasons, mode)


def form_of(draft: RouteDraft) -> MultiDict[str, str]:
    """Return the editor's form values of ``draft`` (the inverse of :func:`draft_from_form`)."""
    t = draft.tour
    form: MultiDict[str, str] = MultiDict(
        {
            "days": str(t.days),
            "mode": draft.mode,
            "publisher": t.publisher,
            "sources": "\n".join(t.sources),
            "note": t.note,
            "rows": str(len(t.stops)),
        }
    )
    for season in draft.seasons:
        form.add("seasons", season)
    for i, stop in enumerate(t.stops):
        form[f"stop-site-{i}"] = stop.site
        form[f"stop-day-{i}"] = str(stop.day)
        form[f"stop-minutes-{i}"] = "" if stop.minutes is None else str(stop.minutes)
        form[f"stop-note-{i}"] = stop.note
    names = {"vi": t.name, "en": t.name_en}
    for lang in LANGUAGES:
        texts = dict(draft.texts.get(lang, {}))
        if lang in names and not texts.get("name") and names[lang] != t.id:
            texts["name"] = names[lang]
        for field, value in texts.items():
            form[f"text-{lang}-{field}"] = value
    return form
