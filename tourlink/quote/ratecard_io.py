"""Read and write rate cards as JSON-ready data, reporting every problem at once.

The JSON form (``data/ratecard.example.json`` is one)::

    {"name": "...", "example": true, "note": "...",
     "vehicles": [{"id", "vehicle", "seats", "currency", "per_km", "per_day",
                   "driver_per_day", "driver_per_night_away", "border_permit",
                   "border_insurance", "base", "valid_from", "valid_to", "season"}],
     "guides": [...], "lodging": [...], "meals": [...], "entrances": [...],
     "borders": [...], "visas": [...], "extras": [...]}

Amounts are decimal strings (``"8500"``, ``"12.50"``) or integers; dates are ISO 8601.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import MISSING, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

from tourlink import texts
from tourlink.exceptions import DataError, DataProblem, data_problem, message_of
from tourlink.jsonfile import read_json
from tourlink.messages import Message, define, message
from tourlink.money import decimal_from
from tourlink.quote.ratecard import (
    BorderRate,
    EntranceRate,
    ExtraRate,
    GuideRate,
    LodgingRate,
    MealRate,
    Rate,
    RateCard,
    Validity,
    VehicleRate,
    VisaFee,
)

__all__ = ["KINDS", "load_ratecard", "ratecard_from_dict", "ratecard_to_dict"]

#: The lists of a rate card and the type of their records.
KINDS: dict[str, type[Any]] = {
    "vehicles": VehicleRate,
    "guides": GuideRate,
    "lodging": LodgingRate,
    "meals": MealRate,
    "entrances": EntranceRate,
    "borders": BorderRate,
    "visas": VisaFee,
    "extras": ExtraRate,
}
_TEXT_FIELDS = {"id", "vehicle", "currency", "base", "language", "place", "room", "hotel"}
_TEXT_FIELDS |= {"meal", "site", "crossing", "country", "nationality", "name", "unit"}
_OPTIONAL_AMOUNTS = {"per_km", "per_day", "local"}

AN_OBJECT = define("expected.object", "an object")
REQUIRED = define("expected.required", "a value (the field is required)")
ISO_DATE = define("expected.iso-date", "a date as YYYY-MM-DD")
NON_EMPTY = define("expected.non-empty-text", "a non-empty text")
SEATS = define("expected.seats", "a whole number of passenger seats")
AMOUNT = define("expected.amount", "a decimal amount such as '12.50'")
A_CARD = define("expected.rate-card", "an object with a name and lists of rates")
A_LIST = define("expected.list", "a list")


class _Expected(ValueError):
    """A field's value is not what the card needs; ``said`` says what would be right."""

    def __init__(self, code: str) -> None:
        self.said = message(code)
        super().__init__(self.said.text)


def _said(error: ValueError) -> Message:
    """Return what a rate's constructor refused, as a message."""
    return error.said if isinstance(error, _Expected) else message_of(error)


class _Problems:
    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[DataProblem] = []

    def add(self, record: str, field: str, value: object, expected: Message) -> None:
        self.found.append(data_problem(self.file, record, field, repr(value), expected))


def _date(value: object) -> dt.date:
    if not isinstance(value, str) or len(value) != 10:
        raise _Expected(ISO_DATE)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _Expected(ISO_DATE) from None


def _value(name: str, raw: object, defaults: Mapping[str, object]) -> object:
    if name in _TEXT_FIELDS:
        if not isinstance(raw, str) or (not raw.strip() and name not in defaults):
            raise _Expected(NON_EMPTY)
        return raw.strip()
    if name == "seats":
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise _Expected(SEATS)
        return raw
    if raw is None and name in _OPTIONAL_AMOUNTS:
        return None
    try:
        return decimal_from(raw, name)
    except ValueError:
        raise _Expected(AMOUNT) from None


def _record(kind: str, index: int, data: object, problems: _Problems) -> Rate | None:
    cls = KINDS[kind]
    label = f"{kind}[{index}]"
    if not isinstance(data, Mapping):
        problems.add(label, "-", data, message(AN_OBJECT))
        return None
    label = f"{kind}[{index}] {data.get('id', '')!s}".strip()
    before = len(problems.found)
    values: dict[str, object] = {}
    defaults = {f.name: f.default for f in fields(cls) if f.default is not MISSING}
    for f in fields(cls):
        if f.name == "validity":
            continue
        if f.name not in data:
            if f.name not in defaults:
                problems.add(label, f.name, None, message(REQUIRED))
            continue
        try:
            values[f.name] = _value(f.name, data[f.name], defaults)
        except ValueError as exc:
            problems.add(label, f.name, data[f.name], _said(exc))
    try:
        start = _date(data.get("valid_from"))
        end = _date(data.get("valid_to"))
        values["validity"] = Validity(start, end, str(data.get("season", "")))
    except ValueError as exc:
        problems.add(
            label,
            "valid_from/valid_to",
            (data.get("valid_from"), data.get("valid_to")),
            _said(exc),
        )
    known = {f.name for f in fields(cls)} | {"valid_from", "valid_to", "season"}
    for name in sorted(set(data) - known - {"validity"}):
        choices = ", ".join(sorted(known - {"validity"}))
        problems.add(label, name, data[name], message(texts.ONE_OF, choices=choices))
    if len(problems.found) > before:
        return None
    try:
        rate: Rate = cls(**values)
    except ValueError as exc:
        problems.add(label, "-", data.get("id"), _said(exc))
        return None
    return rate


def ratecard_from_dict(data: object, *, file: str = "rate card") -> RateCard:
    """Build a :class:`RateCard` from its JSON form.

    Parameters
    ----------
    data
        The parsed JSON (see the module docstring).
    file
        The name to give in problems (a file name, ``"request body"``).

    Returns
    -------
    RateCard
        The card.

    Raises
    ------
    DataError
        Listing every problem found (field, value, what was expected).
    """
    problems = _Problems(file)
    if not isinstance(data, Mapping):
        problems.add("-", "-", data, message(A_CARD))
        raise DataError(problems.found)
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.add("-", "name", name, message(NON_EMPTY))
    for key in sorted(set(data) - set(KINDS) - {"name", "example", "note"}):
        choices = f"name, example, note, {', '.join(KINDS)}"
        problems.add("-", key, data[key], message(texts.ONE_OF, choices=choices))
    lists: dict[str, tuple[Rate, ...]] = {}
    for kind in KINDS:
        raw = data.get(kind, [])
        if not isinstance(raw, list):
            problems.add("-", kind, raw, message(A_LIST))
            continue
        parsed = [_record(kind, i, item, problems) for i, item in enumerate(raw)]
        lists[kind] = tuple(r for r in parsed if r is not None)
    if problems.found:
        raise DataError(problems.found)
    try:
        return RateCard(
            name=str(name).strip(),
            example=bool(data.get("example", False)),
            note=str(data.get("note", "")),
            **lists,  # type: ignore[arg-type]
        )
    except ValueError as exc:
        raise DataError([data_problem(file, "-", "-", repr(name), _said(exc))]) from None


def _json(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    return value


def ratecard_to_dict(card: RateCard) -> dict[str, Any]:
    """Return ``card`` in its JSON form (the inverse of :func:`ratecard_from_dict`)."""
    out: dict[str, Any] = {"name": card.name, "example": card.example, "note": card.note}
    for kind, group in zip(KINDS, card.groups(), strict=True):
        records = []
        for rate in group:
            record: dict[str, Any] = {}
            for f in fields(rate):
                value = getattr(rate, f.name)
                if f.name == "validity":
                    record["valid_from"] = value.start.isoformat()
                    record["valid_to"] = value.end.isoformat()
                    record["season"] = value.season
                else:
                    record[f.name] = _json(value)
            records.append(record)
        out[kind] = records
    return out


def load_ratecard(path: str | Path) -> RateCard:
    """Read a rate card from a JSON file with the strict reader of :mod:`tourlink.jsonfile`.

    A missing or special file, bytes that are not UTF-8, text that is not JSON, a key given
    twice, ``NaN`` or ``Infinity``, an integer beyond ±(2**53 − 1) and too deep nesting are
    each a named problem, like the rate card's own faults.

    Raises
    ------
    DataError
        If the file cannot be read, is not strict JSON or is not a valid rate card (every
        problem at once).
    """
    path = Path(path)
    data, problems = read_json(path)
    if problems:
        raise DataError(problems)
    return ratecard_from_dict(data, file=path.name)
