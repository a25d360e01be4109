r"""Read a JSON data file strictly: every fault becomes a :class:`DataProblem`, no traceback.

Python's ``json`` module accepts things a data file must not hold, and fails on others
with exceptions no loader expects. :func:`read_json` refuses, naming the file, the record,
the field and the value:

* a path that is not a regular file (a folder, a named pipe, a device), an unreadable or
  missing one, or one over :data:`MAX_FILE_BYTES`;
* bytes that are not UTF-8, text that is not JSON;
* ``NaN``, ``Infinity``, ``-Infinity`` and numbers that overflow to them (``1e999``);
* integers outside I-JSON's exact range ±(2**53 − 1) (RFC 7493 §2.2), which also
  covers the integers of more than 4,300 digits that Python refuses to convert;
* arrays and objects nested deeper than :data:`MAX_DEPTH` (a data file needs 5 levels);
* the same key twice in one object (RFC 8259 leaves the result undefined; Python keeps
  the last silently);
* strings or keys holding a lone surrogate (``"\ud800"``), which cannot be written out
  as UTF-8 again.

Records are named as the loaders name them: by their ``id`` (or ``site``) when the fault
lies inside an item of a top-level list, else by the JSON path.
"""

from __future__ import annotations

import json
import math
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tourlink import texts
from tourlink.exceptions import AT_BYTE, AT_LINE, DataProblem, data_problem, json_problem
from tourlink.messages import Message, define, message

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "PYTHON_TYPES", "SAFE_INTEGER", "read_json"]

MAX_FILE_BYTES = 64 * 1024 * 1024
"""The largest data file read (the shipped ``sites.json`` is well under 1 MiB)."""
MAX_DEPTH = 32
"""How deeply arrays and objects may nest."""
SAFE_INTEGER = 2**53 - 1
"""The largest integer magnitude a data file may hold (RFC 7493 §2.2)."""
_MAX_DIGITS = 30  # longer integer literals are refused before Python converts them


class _Refused:
    """A JSON value the parser met and a data file must not hold, kept for the report."""

    def __init__(self, text: str | Message, expected: Message) -> None:
        self.text, self.expected = text, expected


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    out = _Object()
    seen: set[str] = set()
    twice: list[str] = []
    for key, value in pairs:
        if key in seen:
            twice.append(key)
        seen.add(key)
        out[key] = value
    if twice:
        out.duplicates = tuple(twice)
    return out


FINITE = define("expected.finite", "a finite number (JSON has no NaN or Infinity)")
INTEGER = define("expected.safe-integer", "an integer between -{limit} and {limit}")
NO_SURROGATES = define("expected.no-surrogates", "text without lone surrogates (valid Unicode)")
KEYS_NO_SURROGATES = define("expected.keys-no-surrogates", "keys without lone surrogates")
AT_MOST_LEVELS = define("expected.at-most-levels", "at most {depth} levels")
KEY_ONCE = define("expected.key-once", "each key once in an object")
EXISTING_FILE = define("expected.existing-file", "an existing file (see data/README.md)")
READABLE_FILE = define("expected.readable-file", "a readable file")
REGULAR_FILE = define("expected.regular-file", "a regular file")
AT_MOST_BYTES = define("expected.at-most-bytes", "at most {limit} bytes")
UTF8 = define("expected.utf8", "valid UTF-8 text")
#: What a problem says it found, where that is tourlink's words rather than the data's.
GIVEN_TWICE = define("data.value.given-twice", "given twice")
FOLDER = define("data.value.folder", "{path} is a folder")
SPECIAL_FILE = define("data.value.special-file", "{path} is a special file")
SIZE = define("data.value.bytes", "{size} bytes")
DEEP = define("data.value.nested-at-depth", "{type} at depth {depth}")
NESTED_DEEPER = define("data.value.nested-deeper", "nested deeper")
DIGITS = define("data.value.long-integer", "{start}… ({digits} digits)")
#: Python's names of the values a document holds, as catalogue entries (how a problem
#: has always named a value too deep, or a document that is not an object).
PYTHON_TYPES = {
    "dict": define("data.value.dict", "dict"),
    "list": define("data.value.list", "list"),
    "str": define("data.value.str", "str"),
    "int": define("data.value.int", "int"),
    "float": define("data.value.float", "float"),
    "bool": define("data.value.bool", "bool"),
    "NoneType": define("data.value.none", "NoneType"),
}
_FINITE = message(FINITE)
_INTEGER = message(INTEGER, limit=SAFE_INTEGER)


def _constant(name: str) -> _Refused:
    return _Refused(name, _FINITE)


def _integer(text: str) -> int | _Refused:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        said = message(DIGITS, start=text[:12], digits=str(len(text.lstrip("-"))))
        return _Refused(said, _INTEGER)
    value = int(text)
    return value if abs(value) <= SAFE_INTEGER else _Refused(text, _INTEGER)


def _float(text: str) -> float | _Refused:
    value = float(text)
    return value if math.isfinite(value) else _Refused(text, _FINITE)


def _printable(text: str) -> str:
    """Return ``text`` with lone surrogates escaped, so it can be printed and logged."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _walk(doc: Any) -> Iterator[tuple[list[str | int], Any, int]]:
    """Yield ``(path, value, depth)`` for every value of ``doc``, without recursion."""
    stack: list[tuple[list[str | int], Any, int]] = [([], doc, 0)]
    while stack:
        path, value, depth = stack.pop()
        yield path, value, depth
        if depth >= MAX_DEPTH:
            continue
        if isinstance(value, dict):
            children: list[tuple[str | int, Any]] = list(value.items())
        elif isinstance(value, list):
            children = list(enumerate(value))
        else:
            continue
        stack.extend(([*path, key], child, depth + 1) for key, child in reversed(children))


def _record(doc: Any, path: list[str | int]) -> tuple[str, str]:
    """Return ``(record, field)`` naming ``path`` the way the loaders name records."""
    if len(path) >= 2 and isinstance(path[1], int) and isinstance(doc, dict):
        item = doc.get(path[0], [])[path[1]]
        ident = (item.get("id") or item.get("site")) if isinstance(item, dict) else None
        ok = isinstance(ident, str) and not _has_surrogate(ident)
        record = ident if ok else f"{path[0]}[{path[1]}]"
        return str(record), _dotted(path[2:]) or "(record)"
    return "-", _dotted(path) or "(document)"


def _dotted(path: list[str | int]) -> str:
    return _printable(".".join(str(p) for p in path))


def _faults(name: str, doc: Any) -> list[DataProblem]:
    problems: list[DataProblem] = []

    def add(path: list[str | int], value: str | Message, expected: Message) -> None:
        record, field = _record(doc, path)
        problems.append(data_problem(name, record, field, value, expected))

    for path, value, depth in _walk(doc):
        if isinstance(value, _Refused):
            add(path, value.text, value.expected)
        elif isinstance(value, str) and _has_surrogate(value):
            add(path, repr(_printable(value))[:80], message(NO_SURROGATES))
        elif isinstance(value, dict | list) and depth >= MAX_DEPTH and value:
            levels = message(AT_MOST_LEVELS, depth=str(MAX_DEPTH))
            kind = message(PYTHON_TYPES["dict" if isinstance(value, dict) else "list"])
            add(path, message(DEEP, type=kind, depth=str(depth)), levels)
        if isinstance(value, _Object):
            for key in value.duplicates:
                add([*path, key], message(GIVEN_TWICE), message(KEY_ONCE))
        if isinstance(value, dict):
            for key in value:
                if _has_surrogate(key):
                    add(path, repr(_printable(key)), message(KEYS_NO_SURROGATES))
    return problems


def _file_problem(name: str, path: Path) -> DataProblem | None:
    """Return why ``path`` cannot be read as a data file, or ``None`` if it can."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return data_problem(name, "-", "file", repr(str(path)), message(EXISTING_FILE))
    except OSError as exc:
        said = message(texts.FILE_REASON, path=str(path), reason=texts.os_reason(exc))
        return data_problem(name, "-", "file", said, message(READABLE_FILE))
    if stat.S_ISDIR(info.st_mode):
        said = message(FOLDER, path=str(path))
        return data_problem(name, "-", "file", said, message(REGULAR_FILE))
    if not stat.S_ISREG(info.st_mode):
        said = message(SPECIAL_FILE, path=str(path))
        return data_problem(name, "-", "file", said, message(REGULAR_FILE))
    if info.st_size > MAX_FILE_BYTES:
        size = message(SIZE, size=info.st_size)
        limit = message(AT_MOST_BYTES, limit=MAX_FILE_BYTES)
        return data_problem(name, "-", "file", size, limit)
    return None


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _first_too_deep(text: str) -> str | Message:
    """Return ``line L, column C`` of the first bracket nested deeper than :data:`MAX_DEPTH`."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                return message(AT_LINE, line=str(line), column=str(column))
        elif token in "]}":
            depth -= 1
    return "(document)"  # pragma: no cover - only reached if the parser's limit changes


def _parse(name: str, text: str) -> tuple[Any, list[DataProblem]]:
    try:
        doc = json.loads(
            text,
            parse_constant=_constant,
            parse_int=_integer,
            parse_float=_float,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as exc:
        return None, [json_problem(name, exc)]
    except RecursionError:
        where = _first_too_deep(text)
        levels = message(AT_MOST_LEVELS, depth=str(MAX_DEPTH))
        problem = data_problem(name, "-", where, message(NESTED_DEEPER), levels)
        return None, [problem]
    return doc, _faults(name, doc)


def read_json(path: Path, name: str | None = None) -> tuple[Any, list[DataProblem]]:
    """Read the JSON file at ``path``; return ``(document, problems)``.

    The document is ``None`` whenever there is any problem, so nothing is half loaded.

    Parameters
    ----------
    path
        The file.
    name
        How to call it in problems (default: the file name).

    Returns
    -------
    tuple
        The parsed document (``dict`` and ``list`` values) or ``None``, and the list
        of problems found (empty when the document is usable).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "sites.json").write_text('{"sites": [{"id": "a", "interest": NaN}]}')
    >>> doc, problems = read_json(folder / "sites.json")
    >>> print(doc, *problems)
    None sites.json: a: interest = NaN: expected a finite number (JSON has no NaN or Infinity)
    """
    label = name or path.name
    problem = _file_problem(label, path)
    if problem is not None:
        return None, [problem]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        said = message(texts.FILE_REASON, path=str(path), reason=texts.os_reason(exc))
        unreadable = data_problem(label, "-", "file", said, message(READABLE_FILE))
        return None, [unreadable]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = repr(raw[exc.start : exc.end].hex())
        where = message(AT_BYTE, offset=str(exc.start))
        return None, [data_problem(label, "-", where, bad, message(UTF8))]
    doc, problems = _parse(label, text)
    return (None, problems) if problems else (doc, [])
