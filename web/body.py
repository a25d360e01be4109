"""The JSON API's body errors as messages: parse errors and schema violations, in any language.

:func:`read_json_body` reads a request body strictly (no NaN or Infinity, bounded nesting);
:func:`schema_message` turns the first violation jsonschema finds into a
:class:`~tourlink.messages.Message` naming the field, what it must be and what it got, so
the problem document's ``detail`` and ``message`` come in the caller's language.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from tourlink import texts
from tourlink.exceptions import TEXT, InvalidRequestError
from tourlink.messages import Message, message

__all__ = ["MAX_BODY_DEPTH", "read_json_body", "schema_field", "schema_message"]

MAX_BODY_DEPTH = 16
"""How deeply arrays and objects may nest in a request body (requests need 3 levels)."""

#: A ``jsonschema.exceptions.ValidationError`` (the package ships no type hints).
Violation = Any
_TOO_DEEP = object()
_TYPES = {
    "integer": texts.EXPECT_INTEGER,
    "number": texts.EXPECT_NUMBER,
    "string": texts.EXPECT_STRING,
    "boolean": texts.TRUE_OR_FALSE,
    "array": texts.EXPECT_ARRAY,
    "object": texts.MAPPING,
    "null": texts.EXPECT_NULL,
}


class _NotANumber(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _reject_constant(name: str) -> Any:
    raise _NotANumber(name)


def read_json_body(raw: bytes) -> Any:
    """Return the JSON document of a request body, or raise :class:`InvalidRequestError`.

    Parameters
    ----------
    raw
        The body's bytes.

    Returns
    -------
    Any
        The parsed document.

    Raises
    ------
    InvalidRequestError
        Empty, not UTF-8, not JSON, ``NaN``/``Infinity``, or nested deeper than
        :data:`MAX_BODY_DEPTH`; the field is ``body``.
    """
    if not raw.strip():
        raise InvalidRequestError(message(texts.BODY_EMPTY), field="body")
    try:
        doc = json.loads(raw, parse_constant=_reject_constant)
    except _NotANumber as exc:
        raise InvalidRequestError(
            message(texts.BODY_CONSTANT, name=exc.name), field="body"
        ) from None
    except UnicodeDecodeError as exc:
        said = message(texts.BODY_NOT_UTF8, position=str(exc.start))
        raise InvalidRequestError(said, field="body") from None
    except json.JSONDecodeError as exc:
        said = message(texts.BODY_NOT_JSON, line=str(exc.lineno), column=str(exc.colno))
        raise InvalidRequestError(said, field="body") from None
    except RecursionError:
        doc = _TOO_DEEP  # deeper than the parser can go: refused below
    if doc is _TOO_DEEP or _too_deep(doc):
        said = message(texts.BODY_TOO_DEEP, depth=str(MAX_BODY_DEPTH))
        raise InvalidRequestError(said, field="body")
    return doc


def _too_deep(doc: Any) -> bool:
    """Return whether ``doc`` nests deeper than :data:`MAX_BODY_DEPTH` (without recursion)."""
    level: list[Any] = [doc]
    for _ in range(MAX_BODY_DEPTH):
        level = [
            child
            for item in level
            if isinstance(item, list | dict)
            for child in (item.values() if isinstance(item, dict) else item)
        ]
        if not level:
            return False
    return any(isinstance(item, list | dict) for item in level)


def schema_field(error: Violation) -> str:
    """Return the dotted name of the field a violation is about (``body`` for the whole)."""
    path = [str(p) for p in error.absolute_path]
    if error.validator == "required":
        path.append(_missing(error))
    elif error.validator == "additionalProperties":
        extra = _extra(error)
        if extra:
            path.append(extra)
    return ".".join(path) if path else "body"


def _missing(error: Violation) -> str:
    have = error.instance if isinstance(error.instance, Mapping) else {}
    wanted = [str(name) for name in error.validator_value if name not in have]
    return wanted[0] if wanted else "body"


def _extra(error: Violation) -> str:
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    known = set(schema.get("properties", {}))
    have = error.instance if isinstance(error.instance, Mapping) else {}
    extra = sorted(str(k) for k in have if k not in known)
    return extra[0] if extra else ""


def _got(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _expected(error: Violation) -> Message | None:
    kind, limit = error.validator, error.validator_value
    if kind == "type":
        kinds = [limit] if isinstance(limit, str) else list(limit)
        said = [message(_TYPES[k]) for k in kinds if k in _TYPES]
        if not said:
            return None
        found = said[-1]
        for earlier in reversed(said[:-1]):
            found = message(texts.EXPECT_EITHER, first=earlier, second=found)
        return found
    if kind in ("enum", "const"):
        choices = limit if kind == "enum" else [limit]
        return message(texts.ONE_OF, choices=", ".join(_got(c) for c in choices))
    simple = {
        "minimum": texts.EXPECT_AT_LEAST,
        "exclusiveMinimum": texts.EXPECT_ABOVE,
        "maximum": texts.EXPECT_AT_MOST,
        "exclusiveMaximum": texts.EXPECT_BELOW,
        "minItems": texts.EXPECT_MIN_ITEMS,
        "maxItems": texts.EXPECT_MAX_ITEMS,
        "minLength": texts.EXPECT_MIN_LENGTH,
        "maxLength": texts.EXPECT_MAX_LENGTH,
        "pattern": texts.EXPECT_PATTERN,
    }
    if kind in simple:
        return message(simple[kind], limit=str(limit))
    return None


def schema_message(error: Violation) -> Message:
    """Return a schema violation as a message naming the field, its expectation and value.

    Parameters
    ----------
    error
        The violation (the best match of the body's errors).

    Returns
    -------
    Message
        "``field`` must be …, got …", "``field`` is required …", "``field`` is not a field
        of this request"; other violations keep jsonschema's English wording.
    """
    field = schema_field(error)
    ref = texts.field_ref(field)
    if error.validator == "required":
        return message(texts.MISSING_FIELD, field=ref)
    if error.validator in ("additionalProperties", "unevaluatedProperties") and field != "body":
        return message(texts.BODY_UNKNOWN_FIELD, field=ref)
    expected = _expected(error)
    if expected is None:
        return message(texts.FIELD_PROBLEM, field=ref, problem=message(TEXT, text=error.message))
    return message(texts.BAD_VALUE, field=ref, expected=expected, value=_got(error.instance))
