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
from tourlink.relocalize import message_from_dict

__all__ = [
    "PACKAGE_REPLANNED",
    "PACKAGE_SAVED",
    "copied",
    "edited",
    "from_route",
    "planned",
    "reoptimised",
    "restored",
    "summary_of",
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
