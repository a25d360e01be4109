"""Structured messages: a stable code, its parameters and an English text.

The library never hands people a sentence it built by gluing strings together.
Every warning, explanation, note and error message it produces is a
:class:`Message`: a stable ``code`` (``"plan.must-visit-missing"``), the
parameters the sentence needs (site references, dates, times, minutes …) and the
English template the code was defined with. Presentation layers (the web, the
command line, exports) render the same message in the reader's language from
their catalogues, keyed by the English template (gettext's convention), with
names looked up in that language — in the spirit of Valhalla's maneuver codes
with separate narration.

Codes are defined once, next to the code that emits them::

    MUST_VISIT_MISSING = define(
        "plan.must-visit-missing", "Must-visit {site} could not be planned: {reason}."
    )
    warning = message(MUST_VISIT_MISSING, site=Ref("site", "thac-pa-sy", "Pa Sỹ falls"),
                      reason=message(...))

Parameter values are plain data: ``str``, ``int``, ``float``, ``Decimal``, dates,
times, a :class:`Ref` to something with a name (a site, a crossing, a road, a
document), a nested :class:`Message`, or a tuple of those (rendered as a list).

Examples
--------
>>> code = define("example.closed", "{site} is closed on {date}.")
>>> m = message(code, site=Ref("site", "kon-tum-museum", "Kon Tum museum"),
...             date=dt.date(2027, 2, 6))
>>> str(m)
'Kon Tum museum is closed on 6 Feb 2027.'
>>> m.to_dict()["params"]["date"]
'2027-02-06'
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

from babel.dates import format_date, format_datetime, format_time
from babel.lists import format_list
from babel.numbers import format_decimal

__all__ = [
    "MESSAGES",
    "Message",
    "Param",
    "Ref",
    "RefKind",
    "define",
    "message",
    "placeholders",
]

RefKind: TypeAlias = Literal[
    "site",
    "crossing",
    "road",
    "document",
    "category",
    "zone",
    "mode",
    "field",
    "text",
    "hours",
    "tour",
    "route",
    "itinerary",
]

#: Every defined code and its English template (the catalogue's source strings).
MESSAGES: dict[str, str] = {}
#: The placeholders of each defined code's template (parsed once, when it is defined).
_FIELDS: dict[str, frozenset[str]] = {}


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to a named thing, shown by its name in the reader's language.

    Parameters
    ----------
    kind
        What is referred to: ``"site"``, ``"crossing"``, ``"road"``, ``"document"``,
        ``"category"``, ``"zone"``, ``"mode"``, ``"field"`` (a request field),
        ``"text"`` (a piece of the data's free text, such as a closure reason) or
        ``"hours"`` (an OpenStreetMap ``opening_hours`` expression, its ``id``, said in
        words in the reader's language), ``"tour"`` (a published or operator's tour),
        ``"route"`` (a published route, named from its published texts where the
        presentation layer has them) or ``"itinerary"`` (a saved itinerary, by its name).
    id
        Its identifier in the data (a site id, a crossing id, a road number …).
    name
        The name to show when the presentation layer has no better one (English or
        the data's default name); never empty, so no reader ever sees a bare id.
    local
        The data's own (Vietnamese or local) name, shown on Vietnamese pages when the
        presentation layer cannot look the thing up (a tour); ``""`` when none.

    Examples
    --------
    >>> Ref("crossing", "bo-y-phou-keua", "Bờ Y – Phou Keua gate").name
    'Bờ Y – Phou Keua gate'
    """

    kind: RefKind
    id: str
    name: str
    local: str = ""

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError(f"Ref {self.kind}:{self.id!r} needs a display name, got ''.")


Param: TypeAlias = (
    "str | int | float | Decimal | dt.date | dt.time | dt.datetime | Ref | Message "
    "| tuple[Param, ...]"
)

#: Turns a reference into the name to show.
Namer = Callable[[Ref], str]
#: Turns an English template into the template of the reader's language.
Translator = Callable[[str], str]


def placeholders(template: str) -> frozenset[str]:
    """Return the names of the ``{placeholders}`` of a template.

    Parameters
    ----------
    template
        A :meth:`str.format` template with named fields only.

    Returns
    -------
    frozenset of str
        The field names.

    Raises
    ------
    ValueError
        If the template has positional or malformed fields.

    Examples
    --------
    >>> sorted(placeholders("{site} opens at {time}."))
    ['site', 'time']
    """
    names = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name is None:
            continue
        if not name.isidentifier():
            raise ValueError(f"Template field {name!r} must be a name, in {template!r}.")
        names.add(name)
    return frozenset(names)


def define(code: str, template: str) -> str:
    """Register a message code with its English template and return the code.

    Parameters
    ----------
    code
        A stable dotted identifier, lowercase with hyphens (``"route.gate-closed"``).
    template
        The English sentence with named ``{placeholders}``.

    Returns
    -------
    str
        ``code``, so a module can keep it as a constant.

    Raises
    ------
    ValueError
        If the code is already defined with another template, or malformed.

    Examples
    --------
    >>> define("example.hello", "Hello {name}.")
    'example.hello'
    """
    if not code or code != code.strip().lower() or " " in code:
        raise ValueError(f"Message code must be lowercase without spaces, got {code!r}.")
    fields = placeholders(template)
    known = MESSAGES.get(code)
    if known is not None and known != template:
        raise ValueError(f"Message code {code!r} is already defined as {known!r}.")
    MESSAGES[code] = template
    _FIELDS[code] = fields
    return code


def message(code: str, /, **params: Param) -> Message:
    """Make the :class:`Message` of a defined code with its parameters.

    Parameters
    ----------
    code
        A code registered with :func:`define`.
    **params
        One value per placeholder of the code's template.

    Returns
    -------
    Message
        The message.

    Raises
    ------
    KeyError
        If the code is not defined.
    ValueError
        If the parameters do not match the template's placeholders.

    Examples
    --------
    >>> str(message(define("example.wait", "Waits {minutes} min."), minutes=20))
    'Waits 20 min.'
    """
    return Message(code, MappingProxyType(dict(params)))


@dataclass(frozen=True, slots=True)
class Message:
    """A warning, note, explanation or error text as a code and its parameters.

    Parameters
    ----------
    code
        The stable code (see :func:`define`).
    params
        The values of the template's placeholders.

    Examples
    --------
    >>> code = define("example.opens", "{site} opens at {time}.")
    >>> m = message(code, site=Ref("site", "kon-tum-museum", "Kon Tum museum"),
    ...             time=dt.time(7, 30))
    >>> m.code, str(m)
    ('example.opens', 'Kon Tum museum opens at 07:30.')
    """

    code: str
    params: Mapping[str, Param] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if self.code not in MESSAGES:
            raise KeyError(f"Message code {self.code!r} is not defined.")
        expected = _FIELDS[self.code]
        if self.params.keys() != expected:
            raise ValueError(
                f"Message {self.code!r} takes parameters {sorted(expected)}, "
                f"got {sorted(self.params)}."
            )

    @property
    def template(self) -> str:
        """The English template of the code."""
        return MESSAGES[self.code]

    @property
    def text(self) -> str:
        """The message in English, with each reference's default name."""
        return self.render()

    def render(
        self,
        locale: str = "en",
        *,
        translate: Translator | None = None,
        name: Namer | None = None,
    ) -> str:
        """Render the message in a language.

        Parameters
        ----------
        locale
            The reader's locale (``"vi"``, ``"en"``, ``"lo"``) for dates, numbers and lists.
        translate
            Maps an English template to the reader's language (identity when omitted).
        name
            Maps a reference to its name in the reader's language (its default name
            when omitted).

        Returns
        -------
        str
            The sentence.
        """
        template = translate(self.template) if translate else self.template
        values = {
            key: _render_value(value, locale, translate, name) for key, value in self.params.items()
        }
        return template.format_map(values)

    def to_dict(
        self,
        locale: str = "en",
        *,
        translate: Translator | None = None,
        name: Namer | None = None,
    ) -> dict[str, Any]:
        """Return the JSON form: ``{"code", "params", "text"}``.

        Parameters
        ----------
        locale, translate, name
            As for :meth:`render`, for the ``text`` field.

        Returns
        -------
        dict
            ``params`` holds JSON values: ISO 8601 dates and times, references as
            ``{"kind", "id", "name"}``, nested messages in this same form.
        """
        return {
            "code": self.code,
            "params": {
                key: _json_value(v, locale, translate, name) for key, v in self.params.items()
            },
            "text": self.render(locale, translate=translate, name=name),
        }

    def __str__(self) -> str:
        return self.text


def _render_value(
    value: Param, locale: str, translate: Translator | None, name: Namer | None
) -> str:
    if isinstance(value, Message):
        return value.render(locale, translate=translate, name=name)
    if isinstance(value, Ref):
        return name(value) if name else value.name
    if isinstance(value, tuple):
        parts = [_render_value(v, locale, translate, name) for v in value]
        return format_list(parts, locale=locale) if parts else ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal):
        return format_decimal(value, locale=locale)
    if isinstance(value, float):
        return format_decimal(round(value, 1), locale=locale)
    if isinstance(value, dt.datetime):
        return format_datetime(value, "d MMM y HH:mm", locale=locale)
    if isinstance(value, dt.date):
        return format_date(value, "d MMM y", locale=locale)
    if isinstance(value, dt.time):
        return format_time(value, "HH:mm", locale=locale)
    return str(value)


def _json_value(value: Param, locale: str, translate: Translator | None, name: Namer | None) -> Any:
    if isinstance(value, Message):
        return value.to_dict(locale, translate=translate, name=name)
    if isinstance(value, Ref):
        return {"kind": value.kind, "id": value.id, "name": name(value) if name else value.name}
    if isinstance(value, tuple):
        return [_json_value(v, locale, translate, name) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    return value
