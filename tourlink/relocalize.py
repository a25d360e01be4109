"""Messages read back from JSON, and saved itineraries said again in another language.

A saved itinerary (a snapshot, see :mod:`tourlink.store.snapshot`) keeps the JSON of
:func:`tourlink.planner.serialize.itinerary_to_dict`: every warning and note as
``{"code", "params", "text"}`` with the text in the language it was saved in. Pages and
the API show it in the reader's language: :func:`message_from_dict` rebuilds the
:class:`~tourlink.messages.Message` from its code and parameters, :func:`localized`
returns the whole document with every text rendered again.

Examples
--------
>>> from tourlink.translations import renderer
>>> from tourlink.planner import texts as T
>>> from tourlink.messages import message
>>> said = message(T.WAIT_OPENING, minutes=20).to_dict()
>>> renderer("vi")(message_from_dict(said))
'chờ 20 phút đến giờ mở cửa'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from tourlink.messages import MESSAGES, Message, Param, Ref, message

__all__ = ["localized", "message_from_dict", "messages_from_dicts"]

_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_TIME = re.compile(r"\d\d:\d\d(:\d\d)?")
_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?")


def _param(value: Any) -> Param:
    if isinstance(value, Mapping):
        if "code" in value:
            inner = message_from_dict(value)
            if inner is None:
                raise ValueError(f"unknown nested message code {value.get('code')!r}")
            return inner
        return Ref(value["kind"], str(value["id"]), str(value.get("name") or value["id"]))
    if isinstance(value, list):
        return tuple(_param(v) for v in value)
    if isinstance(value, str):
        if _DATE.fullmatch(value):
            return dt.date.fromisoformat(value)
        if _MOMENT.fullmatch(value):
            return dt.datetime.fromisoformat(value)
        if _TIME.fullmatch(value):
            return dt.time.fromisoformat(value)
        return value
    if isinstance(value, bool | int | float):
        return value
    raise ValueError(f"a message parameter cannot be {type(value).__name__}")


def message_from_dict(data: Mapping[str, Any]) -> Message | None:
    """Return the message ``data`` (``{"code", "params", …}``) holds, or ``None``.

    ``None`` when the code is not (or no longer) defined or its parameters do not fit
    its template: the caller then shows the saved ``text``. ISO 8601 strings come back
    as dates and times, ``{"kind", "id", "name"}`` as references, lists as tuples.

    Parameters
    ----------
    data
        A message as :meth:`tourlink.messages.Message.to_dict` wrote it.

    Returns
    -------
    Message or None
        The message, ready to be rendered in any language.
    """
    code = data.get("code")
    if not isinstance(code, str) or code not in MESSAGES:
        return None
    try:
        params = {str(k): _param(v) for k, v in dict(data.get("params") or {}).items()}
        return message(code, **params)
    except (KeyError, TypeError, ValueError):
        return None


def messages_from_dicts(items: Any, texts: Any = ()) -> tuple[Message, ...]:
    """Return each saved message rebuilt, or its saved text where it cannot be.

    Parameters
    ----------
    items
        Saved messages (``warning_messages`` or ``note_messages``).
    texts
        The saved texts, used where ``items`` is missing or shorter.

    Returns
    -------
    tuple of Message
        The messages; what could not be rebuilt is its saved text as an untranslated
        message (see :func:`tourlink.itinerary.as_messages`).
    """
    from tourlink.itinerary import as_messages

    return as_messages(_rebuilt(items, texts))


def _rebuilt(items: Any, texts: Any) -> list[Message | str]:
    dicts, saved = list(items or ()), list(texts or ())
    out: list[Message | str] = []
    for i in range(max(len(dicts), len(saved))):
        rebuilt = message_from_dict(dicts[i]) if i < len(dicts) else None
        if rebuilt is not None:
            out.append(rebuilt)
        elif i < len(dicts):
            out.append(str(dicts[i].get("text", "")))
        else:
            out.append(str(saved[i]))
    return out


def localized(doc: Mapping[str, Any], say: Any) -> dict[str, Any]:
    """Return a saved itinerary's JSON with its warnings and notes said again by ``say``.

    Parameters
    ----------
    doc
        The JSON of :func:`~tourlink.planner.serialize.itinerary_to_dict`.
    say
        A :class:`tourlink.translations.Renderer` (``say(msg)`` and ``say.to_dict(msg)``).

    Returns
    -------
    dict
        A copy of ``doc``: ``warnings``/``warning_messages``, each day's
        ``notes``/``note_messages`` and each stop's wait ``note`` in ``say``'s language;
        what cannot be rebuilt keeps its saved text.
    """
    out = dict(doc)
    out["warnings"], out["warning_messages"] = _said(
        doc.get("warning_messages"), doc.get("warnings"), say
    )
    days = []
    for day in doc.get("days", ()):
        day = dict(day)
        day["notes"], day["note_messages"] = _said(day.get("note_messages"), day.get("notes"), say)
        day["stops"] = [_stop(stop, say) for stop in day.get("stops", ())]
        days.append(day)
    out["days"] = days
    return out


def _said(items: Any, texts: Any, say: Any) -> tuple[list[str], list[dict[str, Any]]]:
    said, dicts = [], []
    for i, item in enumerate(_rebuilt(items, texts)):
        if isinstance(item, Message):
            said.append(say(item))
            dicts.append(say.to_dict(item))
        else:
            said.append(item)
            if items and i < len(items):
                dicts.append(dict(items[i]))
    return said, dicts


def _stop(stop: Mapping[str, Any], say: Any) -> dict[str, Any]:
    from tourlink.planner import texts as T

    out = dict(stop)
    try:
        wait = dt.datetime.fromisoformat(stop["start"]) - dt.datetime.fromisoformat(stop["arrive"])
    except (KeyError, TypeError, ValueError):
        return out
    minutes = wait.total_seconds() / 60
    if stop.get("note") and minutes > 0:
        whole = round(minutes)
        out["note"] = say(message(T.WAIT_OPENING, minutes=whole if whole == minutes else minutes))
    return out
