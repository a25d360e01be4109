"""Exceptions raised by tourlink.

Every error is a :class:`TourlinkError` and also subclasses the builtin that fits,
so callers may catch either (as NetworkX's ``NetworkXNoPath`` is a
``NetworkXUnfeasible``). Messages are one sentence naming the argument, the bad
value and what would be right.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from tourlink.messages import Message, define, message

__all__ = [
    "TEXT",
    "DataError",
    "DataProblem",
    "InfeasibleRequestError",
    "InvalidRequestError",
    "NoRouteError",
    "TourlinkError",
    "UnknownSiteError",
    "json_problem",
]


TEXT = define("text", "{text}")
"""A sentence made without a code of its own (kept as it is, never translated)."""


class TourlinkError(Exception):
    """Base class of every error tourlink raises on purpose.

    Catch it to handle every refusal of the library at once; each subclass also subclasses
    the fitting builtin (``ValueError``, ``LookupError``, ``RuntimeError``).

    Examples
    --------
    >>> from tourlink.routing import route
    >>> try:
    ...     route("kon-tum-city-centre", "nowhere")
    ... except TourlinkError as error:
    ...     print(type(error).__name__)
    UnknownSiteError

    ``str(error)`` is always the English sentence; :attr:`message` keeps its
    :class:`~tourlink.messages.Message` (code and parameters), so a front end can render
    the error in its reader's language:

    >>> from tourlink.texts import bad_value, between
    >>> error = InvalidRequestError(bad_value("days", 45, between(1, 30)), field="days")
    >>> str(error), error.message.code
    ('`days` must be a whole number between 1 and 30, got 45.', 'request.bad-value')
    """

    def __init__(self, text: Message | str, *args: object) -> None:
        self.message = text if isinstance(text, Message) else message(TEXT, text=str(text))
        super().__init__(str(self.message), *args)


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

    Examples
    --------
    >>> print(DataProblem("sites.json", "thac-pa-sy", "interest", "11", "a number 0-10"))
    sites.json: thac-pa-sy: interest = 11: expected a number 0-10
    """

    file: str
    record: str
    field: str
    value: str
    expected: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.field} = {self.value}: expected {self.expected}"


def json_problem(file: str, error: json.JSONDecodeError) -> DataProblem:
    """Return the problem of a file that is not valid JSON: where, what is there, what to put.

    Parameters
    ----------
    file
        Name of the file.
    error
        The parser's error (it carries the text, the line and the column).

    Examples
    --------
    >>> try:
    ...     json.loads('{"a": 1 "b": 2}')
    ... except json.JSONDecodeError as exc:
    ...     print(json_problem("sites.json", exc))
    sites.json: -: line 1, column 9 = '{"a": 1 "b": 2}': expected ',' delimiter (valid JSON)
    """
    lines = error.doc.splitlines()
    line = lines[error.lineno - 1] if 0 < error.lineno <= len(lines) else ""
    start = max(0, error.colno - 1 - 30)
    excerpt = line[start : start + 60].strip()
    found = repr(excerpt) if excerpt or error.pos < len(error.doc) else "end of file"
    wanted = error.msg.removeprefix("Expecting ")
    wanted = "a value" if wanted == "value" else wanted
    expected = (
        f"{wanted} (valid JSON)"
        if wanted != error.msg
        else f"valid JSON, not {error.msg[:1].lower()}{error.msg[1:]}"
    )
    return DataProblem(file, "-", f"line {error.lineno}, column {error.colno}", found, expected)


DATA_REFUSED = define("data.refused", "the data was refused, {count} problems found:\n{problems}")
DATA_REFUSED_ONE = define(
    "data.refused-one", "the data was refused, {count} problem found:\n{problems}"
)


class DataError(TourlinkError, ValueError):
    """A data file is invalid; ``problems`` lists every problem found at once.

    Parameters
    ----------
    problems
        Every :class:`DataProblem` found.

    Examples
    --------
    >>> error = DataError([DataProblem("roads.json", "ql24-01", "km", "-3", "a positive number")])
    >>> len(error.problems), isinstance(error, ValueError)
    (1, True)
    """

    def __init__(self, problems: Sequence[DataProblem]) -> None:
        self.problems: tuple[DataProblem, ...] = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        code = DATA_REFUSED_ONE if count == 1 else DATA_REFUSED
        super().__init__(message(code, count=count, problems=lines))


class UnknownSiteError(TourlinkError, LookupError):
    """A site or node id is not in the catalogue.

    Parameters
    ----------
    text
        The sentence (a :class:`~tourlink.messages.Message`, or plain English), with a
        "did you mean" suggestion where one is close.
    site_id
        The id that was asked for.

    Examples
    --------
    >>> from tourlink.routing import route
    >>> try:
    ...     route("thac-pa-sy-x", "kon-tum-city-centre")
    ... except UnknownSiteError as error:
    ...     print(error.site_id)
    thac-pa-sy-x
    """

    def __init__(self, text: Message | str, site_id: str = "") -> None:
        super().__init__(text)
        self.site_id = site_id

    def __str__(self) -> str:  # LookupError would wrap the text in quotes
        return str(self.args[0])


class NoRouteError(TourlinkError, RuntimeError):
    """No route exists between two places under the given options.

    Examples
    --------
    >>> issubclass(NoRouteError, RuntimeError)
    True
    """


class InvalidRequestError(TourlinkError, ValueError):
    """An argument or a trip request is malformed; ``field`` names the field at fault.

    Parameters
    ----------
    text
        One sentence naming the field, the bad value and what was expected (a
        :class:`~tourlink.messages.Message`, or plain English).
    field
        The name of the field at fault.

    Examples
    --------
    >>> from tourlink.routing import route
    >>> try:
    ...     route("kon-tum-city-centre", "mang-den-town", mode="bicycle")
    ... except InvalidRequestError as error:
    ...     print(error.field)
    mode
    """

    def __init__(self, text: Message | str, field: str = "") -> None:
        super().__init__(text)
        self.field = field


class InfeasibleRequestError(TourlinkError, RuntimeError):
    """A well-formed trip request cannot be satisfied by any itinerary.

    Its message says why (a gate closed on every trip day, a must-visit out of reach …)
    and what to change.

    Examples
    --------
    >>> issubclass(InfeasibleRequestError, RuntimeError)
    True
    """
