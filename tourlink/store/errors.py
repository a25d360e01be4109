"""Errors of the store: not found (in the caller's organisation), stale version, taken name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from tourlink.exceptions import TourlinkError

__all__ = ["ConflictError", "NotFoundError", "SavedMeanwhile", "StaleVersionError"]


class NotFoundError(TourlinkError, LookupError):
    """The record does not exist, or belongs to another organisation (the same answer)."""


class ConflictError(TourlinkError, ValueError):
    """A unique name (organisation slug, e-mail address) is already taken."""


@dataclass(frozen=True, slots=True)
class SavedMeanwhile:
    """One version saved after the one an edit was based on: its number, author, time, what."""

    number: int
    author: str
    saved_at: dt.datetime
    summary: str


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
        saves = "; ".join(
            f"version {m.number} by {m.author} at {m.saved_at:%Y-%m-%d %H:%M} UTC"
            + (f" ({m.summary})" if m.summary else "")
            for m in self.meanwhile
        )
        super().__init__(
            f"This edit is based on version {based_on}, but version {current} is the current "
            f"one: saved meanwhile {saves}. Nothing was overwritten; reload version {current} "
            "and apply the edit again."
        )
