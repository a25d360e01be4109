"""The rate card forms: one table of rates per kind, a row per rate, an input per field.

The form's fields are named ``r<row>-<field>``; ``rows`` says how many rows were sent (the
rates shown plus a few blank ones to add). A blank row is ignored, a row ticked
``r<row>-remove`` is dropped, an empty optional field takes its default. What the user
typed goes to :func:`tourlink.quote.ratecard_io.ratecard_from_dict` unchanged, so every
problem is the library's — field, value, what was expected — and is shown again on the
row and the input it came from, with the user's text kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l

from tourlink import texts
from tourlink.exceptions import FIELD_PROBLEM, DataProblem, InvalidRequestError
from tourlink.messages import Param, message
from tourlink.money import CURRENCIES
from tourlink.quote.ratecard import EXTRA_UNITS, MEALS, ROOMS
from tourlink.quote.ratecard_io import KINDS
from tourlink_web import i18n

__all__ = [
    "BLANK_ROWS",
    "GROUP_ABOVE",
    "GROUP_BY",
    "KIND_LABELS",
    "MAX_ROWS",
    "Column",
    "FormRow",
    "columns",
    "groups",
    "label",
    "parse_rows",
    "place_problems",
    "rows_of",
    "split",
]

#: Blank rows offered under the rates, to add new ones.
BLANK_ROWS = 3
#: The most rows one form may send (a card's limit is about 5,000 rates of every kind).
MAX_ROWS = 5000
_VALIDITY = ("valid_from", "valid_to", "season")
_CHOICES: dict[str, tuple[str, ...]] = {
    "room": ROOMS,
    "meal": MEALS,
    "unit": EXTRA_UNITS,
    "currency": CURRENCIES,
}

KIND_LABELS = {
    "vehicles": _l("Vehicles"),
    "guides": _l("Guides"),
    "lodging": _l("Lodging"),
    "meals": _l("Meals"),
    "entrances": _l("Entrance fees"),
    "borders": _l("Border costs"),
    "visas": _l("Visa fees"),
    "extras": _l("Extras"),
}
_LABELS = {
    "id": _l("Rate id"),
    "vehicle": _l("Vehicle"),
    "seats": _l("Seats"),
    "currency": _l("Currency"),
    "per_km": _l("Per km"),
    "per_day": _l("Per day"),
    "driver_per_day": _l("Driver per day"),
    "driver_per_night_away": _l("Driver per night away"),
    "border_permit": _l("Border permit"),
    "border_insurance": _l("Border insurance"),
    "base": _l("Based at (site id)"),
    "language": _l("Language"),
    "per_night_away": _l("Per night away"),
    "place": _l("Place (site id)"),
    "room": _l("Room"),
    "per_room_night": _l("Per room-night"),
    "hotel": _l("Hotel"),
    "meal": _l("Meal"),
    "per_person": _l("Per person"),
    "site": _l("Site id"),
    "foreign": _l("Foreign visitor"),
    "local": _l("Local visitor"),
    "crossing": _l("Crossing id"),
    "per_vehicle": _l("Per vehicle"),
    "country": _l("Country"),
    "nationality": _l("Nationality"),
    "name": _l("Name"),
    "unit": _l("Charged per"),
    "amount": _l("Amount"),
    "valid_from": _l("Valid from"),
    "valid_to": _l("Valid to"),
    "season": _l("Season"),
    "valid_from/valid_to": _l("Valid from/to"),
}


def label(name: str) -> str:
    """Return the translated label of a field (its name when it has none)."""
    return str(_LABELS.get(name, name))


@dataclass(frozen=True, slots=True)
class Column:
    """One field of a kind of rate as the form shows it."""

    name: str
    required: bool
    kind: str  # "text", "number", "decimal", "date" or "choice"
    choices: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The translated label."""
        return label(self.name)


def columns(kind: str) -> list[Column]:
    """Return the columns of the form of ``kind`` (``"vehicles"``, …), in the card's order."""
    out = []
    for f in fields(KINDS[kind]):
        if f.name == "validity":
            continue
        required = f.default is MISSING
        if f.name in _CHOICES:
            out.append(Column(f.name, required, "choice", _CHOICES[f.name]))
        elif f.name == "seats":
            out.append(Column(f.name, required, "number"))
        elif "Decimal" in str(f.type):
            out.append(Column(f.name, required and "None" not in str(f.type), "decimal"))
        else:
            out.append(Column(f.name, required, "text"))
    out += [Column("valid_from", True, "date"), Column("valid_to", True, "date")]
    return [*out, Column("season", False, "text")]


@dataclass(frozen=True, slots=True)
class FormRow:
    """A row of the form: the values shown and the problems found in it."""

    values: Mapping[str, str]
    problems: tuple[str, ...] = ()
    bad: frozenset[str] = field(default_factory=frozenset)
    removed: bool = False


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int | float):
        return str(value)
    return str(value)


#: The column that splits a long kind of rates into one table per value (lodging: a
#: table per overnight place, instead of one table of every hotel rate of the region).
GROUP_BY: Mapping[str, str] = {"lodging": "place"}
#: Above this many rates, a grouped kind opens on its first group, not on every rate.
GROUP_ABOVE = 40


def split(
    records: Sequence[Mapping[str, Any]], kind: str, group: str | None
) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """Split ``records`` into those before, of and after ``group`` (``None``: all shown).

    The rates of the group are the ones shown and edited; the others are kept around
    them in their order, so saving one place's rates changes nothing of another's.
    """
    column = GROUP_BY.get(kind)
    if column is None or group is None:
        return [], list(records), []
    indices = [i for i, r in enumerate(records) if str(r.get(column, "")) == group]
    if not indices:
        return list(records), [], []
    first = indices[0]
    chosen = set(indices)
    before = [r for i, r in enumerate(records) if i < first and i not in chosen]
    after = [r for i, r in enumerate(records) if i > first and i not in chosen]
    return before, [records[i] for i in indices], after


def groups(records: Sequence[Mapping[str, Any]], kind: str) -> list[tuple[str, int]]:
    """Return each group value of ``kind``'s records with its number of rates, in order."""
    column = GROUP_BY.get(kind)
    if column is None:
        return []
    counts: dict[str, int] = {}
    for record in records:
        value = str(record.get(column, ""))
        counts[value] = counts.get(value, 0) + 1
    return list(counts.items())


def rows_of(records: Sequence[Mapping[str, Any]], kind: str) -> list[FormRow]:
    """Return the form rows of a card's stored records of ``kind``, and blank rows."""
    names = [c.name for c in columns(kind)]
    rows = [FormRow({n: _text(record.get(n)) for n in names}) for record in records]
    return rows + [FormRow({n: "" for n in names}) for _ in range(BLANK_ROWS)]


def _count(form: Mapping[str, str]) -> int:
    value = str(form.get("rows", ""))
    if not value.isdecimal() or len(value) > 9 or not 0 <= int(value) <= MAX_ROWS:
        raise InvalidRequestError(
            texts.bad_value("rows", value[:20], texts.between(0, MAX_ROWS)), "rows"
        )
    return int(value)


def parse_rows(
    form: Mapping[str, str], kind: str
) -> tuple[list[FormRow], list[dict[str, Any]], list[int]]:
    """Read the rows of the form of ``kind``.

    Returns
    -------
    tuple
        Every row sent (to show again), the records to save (blank and removed rows left
        out; empty optional fields left out so their defaults apply) and, for each record,
        the number of the row it came from.
    """
    cols = columns(kind)
    shown: list[FormRow] = []
    records: list[dict[str, Any]] = []
    origin: list[int] = []
    for i in range(_count(form)):
        values = {c.name: str(form.get(f"r{i}-{c.name}", "")).strip() for c in cols}
        removed = bool(form.get(f"r{i}-remove"))
        shown.append(FormRow(values, removed=removed))
        if removed or not any(values.values()):
            continue
        record: dict[str, Any] = {}
        for column in cols:
            value = values[column.name]
            if not value and not column.required:
                continue
            if column.kind == "number" and value.isdecimal() and len(value) < 7:
                record[column.name] = int(value)
            else:
                record[column.name] = value
        records.append(record)
        origin.append(i)
    return shown, records, origin


def _said(problem: DataProblem) -> str:
    """Return a row's problem in the request's language: its field's label, value, need."""
    if problem.field == "-":
        return i18n.render(problem.expectation)
    what: Param = label(problem.field) if problem.field in _LABELS else problem.field
    if problem.named is not None:
        what = problem.named
    if problem.said is None:  # an English sentence without a code: kept whole
        return f"{what} = {problem.value}: expected {problem.expected}"
    said = message(FIELD_PROBLEM, field=what, value=problem.shown, expected=problem.expectation)
    return i18n.render(said)


_RECORD = re.compile(r"^(?P<kind>[a-z]+)\[(?P<index>\d+)\]")


def place_problems(
    rows: list[FormRow], problems: Sequence[DataProblem], kind: str, origin: Sequence[int]
) -> tuple[list[FormRow], list[str]]:
    """Attach each problem to the row and inputs it names; return the rows and the rest.

    A problem of a record (``vehicles[2] van-7: seats = 'four': expected …``) goes to the
    row that record came from and marks its input; a problem of the whole card (two
    rates valid on one day) stays in the list at the top. Every problem is said in the
    request's language, the field by its label in the form.
    """
    per_row: dict[int, list[str]] = {}
    bad: dict[int, set[str]] = {}
    general = []
    for problem in problems:
        found = _RECORD.match(problem.record)
        if found is None or found["kind"] != kind or int(found["index"]) >= len(origin):
            general.append(i18n.render(problem.message))
            continue
        row = origin[int(found["index"])]
        if row < 0:  # a record kept from outside the rows shown (another place's rate)
            general.append(i18n.render(problem.message))
            continue
        per_row.setdefault(row, []).append(_said(problem))
        bad.setdefault(row, set()).update(problem.field.split("/"))
    placed = [
        FormRow(row.values, tuple(per_row.get(i, ())), frozenset(bad.get(i, ())), row.removed)
        for i, row in enumerate(rows)
    ]
    return placed, general
