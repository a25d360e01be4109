"""Exceptions raised by tourlink.

Every error is a :class:`TourlinkError` and also subclasses the builtin that fits,
so callers may catch either (as NetworkX's ``NetworkXNoPath`` is a
``NetworkXUnfeasible``). Messages are one sentence naming the argument, the bad
value and what would be right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "DataError",
    "DataProblem",
    "InfeasibleRequestError",
    "InvalidRequestError",
    "NoRouteError",
    "TourlinkError",
    "UnknownSiteError",
]


class TourlinkError(Exception):
    """Base class of every error tourlink raises on purpose."""


@dataclass(frozen=True, slots=True)
class DataProblem:
    """One problem found in a data file.

    Parameters
    ----------
    file
        Name of the file the problem is in.
    record
        Id of the record at fault (or its position when it has no usable id).
    field
        Name or JSON path of the field at fault.
    value
        The offending value, as text.
    expected
        What would have been right.
    """

    file: str
    record: str
    field: str
    value: str
    expected: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.field} = {self.value}: expected {self.expected}"


class DataError(TourlinkError, ValueError):
    """A data file is invalid; ``problems`` lists every problem found at once."""

    def __init__(self, problems: Sequence[DataProblem]) -> None:
        self.problems: tuple[DataProblem, ...] = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"the data was refused, {count} {noun} found:\n{lines}")


class UnknownSiteError(TourlinkError, LookupError):
    """A site or node id is not in the catalogue."""

    def __init__(self, message: str, site_id: str = "") -> None:
        super().__init__(message)
        self.site_id = site_id

    def __str__(self) -> str:  # LookupError would wrap the text in quotes
        return str(self.args[0])


class NoRouteError(TourlinkError, RuntimeError):
    """No route exists between two places under the given options."""


class InvalidRequestError(TourlinkError, ValueError):
    """An argument or a trip request is malformed; ``field`` names the field at fault."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class InfeasibleRequestError(TourlinkError, RuntimeError):
    """A well-formed trip request cannot be satisfied by any itinerary."""
