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

from tourlink.messages import Message, Param, Ref, define, message

__all__ = [
    "TEXT",
    "DataError",
    "DataProblem",
    "InfeasibleRequestError",
    "InvalidRequestError",
    "NoRouteError",
    "TourlinkError",
    "UnknownSiteError",
    "data_problem",
    "json_problem",
    "lines",
    "message_of",
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


PROBLEM = define("data.problem", "{file}: {record}: {field} = {value}: expected {expected}")
FIELD_PROBLEM = define("data.field-problem", "{field} = {value}: expected {expected}")
RECORD_PROBLEM = define("data.record-problem", "{record}: {field} = {value}: expected {expected}")
PROBLEM_LINE = define("data.problem-line", "  - {problem}")
#: Where a problem lies when that is not a field of the data (catalogue entries).
FIELD_WORDS = {
    "(record)": define("data.field.record", "(record)"),
    "(document)": define("data.field.document", "(document)"),
    "file": define("data.field.file", "file"),
    "connectivity": define("data.field.connectivity", "connectivity"),
}
AT_LINE = define("data.field.line-column", "line {line}, column {column}")
AT_BYTE = define("data.field.byte", "byte {offset}")
LINES = define("text.lines", "{first}\n{rest}")
#: How a problem names what it was found in, when that is not a file (catalogue entries).
SOURCES = {
    "rate card": define("data.source.rate-card", "rate card"),
    "request body": define("data.source.request-body", "request body"),
    "itinerary": define("data.source.itinerary", "itinerary"),
}


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
        What would have been right, in English.
    said
        ``expected`` as a :class:`~tourlink.messages.Message` (code and parameters), so
        a front end can say it in its reader's language; ``None`` when the problem has
        no code of its own (``expected`` is then shown as it is). Build a problem with
        one through :func:`data_problem`.
    named
        ``field`` as a :class:`~tourlink.messages.Message` when it is tourlink's words
        rather than a field of the data ("(record)", "file", "line 3, column 7"), so it
        is said in the reader's language; ``None`` for a field's own name.
    told
        ``value`` as a :class:`~tourlink.messages.Message` when it is tourlink's own
        words ("given twice", "missing", "3 place(s) cut off: …") rather than the
        data's, so it is said in the reader's language too; ``None`` when ``value`` is
        the data's own text, shown as it is.

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
    said: Message | None = None
    told: Message | None = None
    named: Message | None = None

    @property
    def shown(self) -> Param:
        """The value as it is shown: its message when it is words, else the text itself."""
        return self.told if self.told is not None else self.value

    @property
    def expectation(self) -> Message:
        """What would have been right, as a message."""
        return self.said if self.said is not None else message(TEXT, text=self.expected)

    @property
    def message(self) -> Message:
        """The whole problem as a message: file, record, field, value and expectation.

        A problem whose expectation has no code (``said`` is ``None``) is one English
        sentence, kept whole rather than framed in another language.
        """
        if self.said is None:
            return message(TEXT, text=self._line(self.expected))
        source = Ref("text", self.file, self.file) if self.file in SOURCES else self.file
        return message(
            PROBLEM,
            file=source,
            record=self.record,
            field=self.named if self.named is not None else self.field,
            value=self.shown,
            expected=self.expectation,
        )

    def _line(self, expected: str) -> str:
        return f"{self.file}: {self.record}: {self.field} = {self.value}: expected {expected}"

    def __str__(self) -> str:
        return str(self.message)


def data_problem(
    file: str, record: str, field: str | Message, value: str | Message, expected: Message
) -> DataProblem:
    """Return the :class:`DataProblem` whose expectation is the message ``expected``.

    ``value`` is the data's own text, or a message when tourlink says it in words
    (its English text is then the problem's :attr:`~DataProblem.value`); ``field``
    likewise (the words :data:`FIELD_WORDS` names become messages by themselves).

    Examples
    --------
    >>> from tourlink.texts import EXPECT_INTEGER
    >>> problem = data_problem("rate card", "vehicles[0] v", "seats", "'4'",
    ...                        message(EXPECT_INTEGER))
    >>> problem.expected, problem.said.code
    ('a whole number', 'expected.integer')
    """
    if isinstance(field, str) and field in FIELD_WORDS:
        field = message(FIELD_WORDS[field])
    named = field if isinstance(field, Message) else None
    told = value if isinstance(value, Message) else None
    return DataProblem(file, record, str(field), str(value), expected.text, expected, told, named)


def lines(items: Sequence[Param]) -> Param:
    """Return ``items`` as one parameter rendered a line each (``""`` when there are none).

    The lines are nested as a balanced tree, so thousands of them render without deep
    recursion.

    Examples
    --------
    >>> print(message(TEXT, text=lines(["a", "b", "c"])))
    a
    b
    c
    """
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    half = len(items) // 2
    return message(LINES, first=lines(items[:half]), rest=lines(items[half:]))


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
    found = repr(excerpt) if excerpt or error.pos < len(error.doc) else message(END_OF_FILE)
    wanted = error.msg.removeprefix("Expecting ")
    if wanted != error.msg:
        token = _JSON_TOKENS.get(wanted)
        said = message(JSON_WANTED, wanted=message(token) if token else wanted)
    else:
        what = f"{error.msg[:1].lower()}{error.msg[1:]}"
        fault = _JSON_FAULTS.get(what)
        said = message(JSON_NOT, fault=message(fault) if fault else what)
    where = message(AT_LINE, line=str(error.lineno), column=str(error.colno))
    return data_problem(file, "-", where, found, said)


JSON_WANTED = define("json.wanted", "{wanted} (valid JSON)")
END_OF_FILE = define("json.end-of-file", "end of file")
JSON_NOT = define("json.not", "valid JSON, not {fault}")
#: What Python's JSON parser says it expected, as catalogue entries.
_JSON_TOKENS = {
    "value": define("json.token.value", "a value"),
    "',' delimiter": define("json.token.comma", "',' delimiter"),
    "':' delimiter": define("json.token.colon", "':' delimiter"),
    "property name enclosed in double quotes": define(
        "json.token.property-name", "property name enclosed in double quotes"
    ),
}
#: The faults Python's JSON parser names, as catalogue entries.
_JSON_FAULTS = {
    "extra data": define("json.fault.extra-data", "extra data"),
    "unterminated string starting at": define(
        "json.fault.unterminated-string", "unterminated string starting at"
    ),
    "invalid control character at": define(
        "json.fault.control-character", "invalid control character at"
    ),
    "invalid \\uXXXX escape": define("json.fault.u-escape", "invalid \\uXXXX escape"),
    "invalid \\escape": define("json.fault.escape", "invalid \\escape"),
    "illegal trailing comma before end of object": define(
        "json.fault.comma-object", "illegal trailing comma before end of object"
    ),
    "illegal trailing comma before end of array": define(
        "json.fault.comma-array", "illegal trailing comma before end of array"
    ),
}


DATA_REFUSED = define("data.refused", "the data was refused, {count} problems found:\n{problems}")
DATA_REFUSED_ONE = define(
    "data.refused-one", "the data was refused, {count} problem found:\n{problems}"
)


def message_of(error: BaseException) -> Message:
    """Return the message of ``error``: its own for a :class:`TourlinkError`, else its text.

    Examples
    --------
    >>> message_of(ValueError("no")).code, message_of(NoRouteError("far")).params["text"]
    ('text', 'far')
    """
    if isinstance(error, TourlinkError):
        return error.message
    return message(TEXT, text=str(error))


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
        said = lines([message(PROBLEM_LINE, problem=p.message) for p in self.problems])
        code = DATA_REFUSED_ONE if count == 1 else DATA_REFUSED
        super().__init__(message(code, count=count, problems=said))


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
