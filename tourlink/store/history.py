"""What each saved version says it is: the history's summaries the software writes.

A version's summary is either typed by a person (kept as their text) or written by the
software: planned, started from a published route, edited, re-optimised, restored,
copied, saved from the connection planner. The software's summaries are
:class:`~tourlink.messages.Message` objects, stored as their code and parameters next to the
English text (``itinerary_versions.summary_message``), so the history page, the conflict
messages and the API say them in the reader's language, naming things by their names.

Examples
--------
>>> str(restored(2))
'restored version 2'
>>> str(copied(7, "Kon Tum, 3 days", 4))
'copied from version 4 of “Kon Tum, 3 days”'
>>> copied(7, "Kon Tum, 3 days", 4).to_dict()["params"]["itinerary"]
{'kind': 'itinerary', 'id': '7', 'name': 'Kon Tum, 3 days'}
>>> str(edited(days=True, fields=("name", "notes")))
'edited the days, changed the name, and changed the notes'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tourlink.messages import Message, Ref, define, message
from tourlink.publishing import WORDS
from tourlink.relocalize import message_from_dict

__all__ = [
    "PACKAGE_REPLANNED",
    "PACKAGE_SAVED",
    "a_former_member",
    "another_org_admin",
    "copied",
    "edited",
    "event_comment",
    "from_route",
    "imported_from",
    "logo_removed",
    "logo_replaced",
    "planned",
    "rate_card",
    "reoptimised",
    "restored",
    "route_event",
    "summary_of",
    "the_seed",
    "tour_saved",
]

PLANNED = define("history.planned", "planned")
FROM_ROUTE = define("history.from-route", "started from the published route {route}")
RESTORED = define("history.restored", "restored version {number}")
COPIED = define("history.copied", "copied from version {number} of “{itinerary}”")
EDITED = define("history.edited", "{changes}")
EDITED_DAYS = define("history.edited-days", "edited the days")
CHANGED = {
    "name": define("history.changed-name", "changed the name"),
    "customer": define("history.changed-customer", "changed the customer"),
    "notes": define("history.changed-notes", "changed the notes"),
}
REOPTIMISED = define("history.reoptimised", "re-optimised")
REOPTIMISED_LOCKED = define("history.reoptimised-locked", "re-optimised, locked: {locks}")
LOCKED_DAY = define("history.locked-day", "day {day}")
PACKAGE_SAVED = define("history.package-saved", "saved from the connection planner")
PACKAGE_REPLANNED = define("history.package-replanned", "a new package from the connection planner")
LOGO_REMOVED = define("history.logo-removed", "logo removed")
LOGO_REPLACED = define("history.logo-replaced", "logo replaced")
RATE_CARD = define("history.rate-card", "rate card '{card}'")
TOUR_SAVED = define("history.tour-saved", "tour {tour}")
ROUTE_EVENT = define("history.route-event", "{action}: {source} → {target}")
#: The audit log's actions besides the workflow's transitions (``publishing.WORDS``).
ROUTE_ACTIONS = {
    "seed": define("history.route-action.seed", "imported"),
    "draft": define("history.route-action.draft", "draft started"),
    "save": define("history.route-action.save", "draft saved"),
}
#: Who saved meanwhile when the store knows no person.
ANOTHER_ORG_ADMIN = define("history.another-org-admin", "another org-admin")
THE_SEED = define("history.the-seed", "the seed")
#: Who saved meanwhile when that person's account is no longer there.
A_FORMER_MEMBER = define("history.a-former-member", "a former member")
IMPORTED_FROM = define("history.imported-from", "imported from {source}")


def planned() -> Message:
    """Return the summary of an itinerary planned from a trip request."""
    return message(PLANNED)


def from_route(tour: Any) -> Message:
    """Return the summary of an itinerary scheduled from published route ``tour``.

    The route is a reference (kind ``"route"``): its English name, and its own
    (Vietnamese) one for Vietnamese pages; the web names it from the published texts.
    """
    route = Ref("route", tour.id, tour.name_en or tour.name, local=tour.name)
    return message(FROM_ROUTE, route=route)


def restored(number: int) -> Message:
    """Return the summary of old version ``number`` saved again."""
    return message(RESTORED, number=number)


def copied(itinerary_id: int, name: str, number: int) -> Message:
    """Return the summary of a copy of version ``number`` of itinerary ``name``."""
    return message(
        COPIED, itinerary=Ref("itinerary", str(itinerary_id), name or "?"), number=number
    )


def edited(*, days: bool, fields: Sequence[str]) -> Message | None:
    """Return the summary of a hand edit of the days and of ``fields``; ``None``: nothing."""
    changes = ([message(EDITED_DAYS)] if days else []) + [
        message(CHANGED[f]) for f in fields if f in CHANGED
    ]
    return message(EDITED, changes=tuple(changes)) if changes else None


def reoptimised(locked_days: Sequence[int], locked_stops: Sequence[Ref]) -> Message:
    """Return the summary of a re-optimisation keeping days (0-based) and stops as they were."""
    locks = tuple(message(LOCKED_DAY, day=d + 1) for d in locked_days) + tuple(locked_stops)
    return message(REOPTIMISED_LOCKED, locks=locks) if locks else message(REOPTIMISED)


def logo_removed() -> Message:
    """Return what an org-admin did who removed the logo meanwhile."""
    return message(LOGO_REMOVED)


def logo_replaced() -> Message:
    """Return what an org-admin did who uploaded another logo meanwhile."""
    return message(LOGO_REPLACED)


def rate_card(name: str) -> Message:
    """Return what was saved meanwhile: the rate card ``name`` (as it is now called).

    Examples
    --------
    >>> str(rate_card("Kon Tum 2027"))
    "rate card 'Kon Tum 2027'"
    """
    return message(RATE_CARD, card=name)


def tour_saved(slug: str, name_en: str, name: str) -> Message:
    """Return what was saved meanwhile: the operator's tour ``slug``, by its names.

    ``name_en`` is shown on English and Lao pages, ``name`` (Vietnamese) on Vietnamese
    ones; the slug where the record has no name.

    Examples
    --------
    >>> str(tour_saved("kon-tum-2d", "", "Kon Tum 2 ngày"))
    'tour Kon Tum 2 ngày'
    """
    return message(TOUR_SAVED, tour=Ref("tour", slug, name_en or name or slug, local=name))


def route_event(action: str, source: str, target: str) -> Message:
    """Return an audit-log event of a route version: its action and its states' change.

    Examples
    --------
    >>> str(route_event("submit", "draft", "in-review"))
    'submit: draft → in-review'
    >>> str(route_event("seed", "published", "published"))
    'imported: published → published'
    """

    def word(text: str, words: Mapping[str, str]) -> Message | str:
        return message(words[text]) if text in words else text

    return message(
        ROUTE_EVENT,
        action=word(action, {**WORDS, **ROUTE_ACTIONS}),
        source=word(source, WORDS),
        target=word(target, WORDS),
    )


def another_org_admin() -> Message:
    """Return the author of a change the store knows no person of (a logo removed)."""
    return message(ANOTHER_ORG_ADMIN)


def a_former_member() -> Message:
    """Return the author of a version whose user account the store no longer holds."""
    return message(A_FORMER_MEMBER)


def the_seed() -> Message:
    """Return the author of an audit-log event written by the import, not by a person."""
    return message(THE_SEED)


def imported_from(source: str) -> Message:
    """Return the audit-log comment of a route imported from file ``source``."""
    return message(IMPORTED_FROM, source=source)


def event_comment(action: str, comment: str) -> Message | str:
    """Return an audit-log comment: the import's own comment as its message, else as typed.

    The import writes ``str(imported_from(source))`` with the ``"seed"`` action (the
    audit log keeps text only); every other comment is a person's.

    Examples
    --------
    >>> event_comment("seed", "imported from data/routes.json").code
    'history.imported-from'
    >>> event_comment("submit", "imported from data/routes.json")
    'imported from data/routes.json'
    """
    prefix = str(imported_from(""))
    if action == "seed" and comment.startswith(prefix):
        return imported_from(comment.removeprefix(prefix))
    return comment


def summary_of(text: str, saved: Mapping[str, Any] | None) -> Message | str:
    """Return a version's summary: its message rebuilt, else the text as it was saved.

    Parameters
    ----------
    text
        The ``summary`` column (a person's text, or the English of the message).
    saved
        The ``summary_message`` column (``None`` for a typed summary or an older row).

    Returns
    -------
    Message or str
        The message, to be said in the reader's language; ``text`` where there is none
        or it cannot be rebuilt (a code this version no longer defines).

    Examples
    --------
    >>> summary_of("moved day 2", None)
    'moved day 2'
    >>> summary_of("restored version 1", restored(1).to_dict()).code
    'history.restored'
    """
    if saved:
        found = message_from_dict(saved)
        if found is not None:
            return found
    return text
