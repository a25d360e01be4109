"""Errors of the store: not found (in the caller's organisation), stale version, taken name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from tourlink.exceptions import TourlinkError
from tourlink.messages import Message, message
from tourlink.store import texts as st

__all__ = ["ConflictError", "NotFoundError", "SavedMeanwhile", "StaleVersionError"]


class NotFoundError(TourlinkError, LookupError):
    """The record does not exist, or belongs to another organisation (the same answer)."""


class ConflictError(TourlinkError, ValueError):
    """A unique name (organisation slug, e-mail address) is already taken."""


@dataclass(frozen=True, slots=True)
class SavedMeanwhile:
    """One version saved after the one an edit was based on: its number, author, time, what.

    ``summary`` is the text a person typed, or the message the software wrote (said in
    the reader's language); ``author`` is a person's label, or a message where the store
    knows no person (another org-admin, the seed).
    """

    number: int
    author: Message | str
    saved_at: dt.datetime
    summary: Message | str


class StaleVersionError(TourlinkError):
    """A save was based on an older version than the current one.

    Attributes
    ----------
    based_on
        The version the refused save started from.
    current
        The current version.
    meanwhile
        The versions saved in between (who saved what, when).
    """

    def __init__(self, based_on: int, current: int, meanwhile: Sequence[SavedMeanwhile]) -> None:
        self.based_on = based_on
        self.current = current
        self.meanwhile = tuple(meanwhile)
        saves = tuple(
            message(
                st.SAVED_WHAT, number=m.number, author=m.author, time=m.saved_at, summary=m.summary
            )
            if m.summary
            else message(st.SAVED, number=m.number, author=m.author, time=m.saved_at)
            for m in self.meanwhile
        )
        super().__init__(message(st.STALE, based_on=based_on, current=current, saves=saves))
