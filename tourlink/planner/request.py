"""Parse a trip request from a plain mapping (JSON body, web form, command line).

Every malformed field raises :class:`~tourlink.exceptions.InvalidRequestError` with one
sentence naming the field, the bad value and what was expected; unknown site ids raise
:class:`~tourlink.exceptions.UnknownSiteError` with a "did you mean" suggestion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from tourlink.exceptions import InvalidRequestError
from tourlink.itinerary import MAX_DAYS, PACE_PROFILES, TripRequest
from tourlink.model import MODES
from tourlink.schema import CATEGORIES

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = ["CATEGORIES", "FIELDS", "parse_request"]

_ALIASES = {"date": "start_date", "must": "must_visit", "max_drive": "max_drive_minutes"}
FIELDS = (
    "start",
    "end",
    "start_date",
    "days",
    "day_start",
    "day_end",
    "lunch_start",
    "lunch_end",
    "lunch_minutes",
    "max_drive_minutes",
    "mode",
    "interests",
    "must_visit",
    "avoid",
    "pace",
    "passports",
    "vehicle_papers",
    "avoid_risky_roads",
    "pace_profile",
    "max_visits",
    "max_active_minutes",
)
"""Fields :func:`parse_request` accepts (plus the aliases ``date``, ``must``, ``max_drive``)."""

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0", ""}


def _bad(name: str, value: object, expected: str) -> InvalidRequestError:
    return InvalidRequestError(f"`{name}` must be {expected}, got {value!r}.", field=name)


def _int(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise _bad(name, value, f"a whole number between {low} and {high}")
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise _bad(name, value, f"a whole number between {low} and {high}") from None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or not low <= value <= high:
        raise _bad(name, value, f"a whole number between {low} and {high}")
    return value


def _float(name: str, value: object, low: float, high: float) -> float:
    expected = f"a number between {low:g} and {high:g}"
    if isinstance(value, bool):
        raise _bad(name, value, expected)
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise _bad(name, value, expected) from None
    if not isinstance(value, int | float) or not low <= value <= high:
        raise _bad(name, value, expected)
    return float(value)


def _bool(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise _bad(name, value, "true or false")


def _date(name: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise _bad(name, value, "a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidRequestError(
            f"`{name}` must be a real date written YYYY-MM-DD, got {value!r} ({exc}).",
            field=name,
        ) from None


def _time(name: str, value: object) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        try:
            parsed = dt.time.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            if parsed.tzinfo is None:
                return parsed
    raise _bad(name, value, "a time of day written HH:MM (e.g. '07:30')")


def _ids(name: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        items: list[object] = [v for v in value.split(",")]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise _bad(name, value, "a list of site ids or a comma-separated string of them")
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise _bad(name, value, "a list of site ids (strings)")
        if item.strip() and item.strip() not in out:
            out.append(item.strip())
    return tuple(out)


def _interests(value: object) -> dict[str, float]:
    name = "interests"
    if isinstance(value, str):
        pairs: dict[str, object] = {}
        for part in filter(None, (p.strip() for p in value.split(","))):
            key, sep, weight = part.partition("=")
            if not sep:
                raise _bad(
                    name,
                    value,
                    "category=weight pairs separated by commas (e.g. 'nature=2,history=1')",
                )
            pairs[key.strip()] = weight.strip()
        value = pairs
    if not isinstance(value, Mapping):
        raise _bad(name, value, "a mapping of category to weight (e.g. {'nature': 2})")
    out: dict[str, float] = {}
    for key, weight in value.items():
        if key not in CATEGORIES:
            raise InvalidRequestError(
                f"`interests` names the unknown category {key!r}; expected one of "
                f"{', '.join(CATEGORIES)}.",
                field=name,
            )
        out[key] = _float(f"interests.{key}", weight, 0.0, 10.0)
    return out


def _site_id(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _bad(name, value, "a site id such as 'kon-tum-wooden-church'")
    return value.strip()


_PARSERS: dict[str, Callable[[str, object], object]] = {
    "start": _site_id,
    "end": lambda n, v: None if v in (None, "") else _site_id(n, v),
    "start_date": _date,
    "days": lambda n, v: _int(n, v, 1, MAX_DAYS),
    "day_start": _time,
    "day_end": _time,
    "lunch_start": _time,
    "lunch_end": _time,
    "lunch_minutes": lambda n, v: _int(n, v, 0, 240),
    "max_drive_minutes": lambda n, v: _int(n, v, 30, 1440),
    "mode": lambda n, v: _choice(n, v, MODES),
    "interests": lambda n, v: _interests(v),
    "must_visit": _ids,
    "avoid": _ids,
    "pace": lambda n, v: _float(n, v, 0.25, 4.0),
    "passports": _bool,
    "vehicle_papers": _bool,
    "avoid_risky_roads": _bool,
    "pace_profile": lambda n, v: _choice(n, v, tuple(PACE_PROFILES)),
    "max_visits": lambda n, v: _int(n, v, 1, 20),
    "max_active_minutes": lambda n, v: _int(n, v, 120, 1440),
}


def _choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value.strip() not in choices:
        raise _bad(name, value, f"one of {', '.join(choices)}")
    return value.strip()


def parse_request(data: Mapping[str, Any], *, network: Network | None = None) -> TripRequest:
    """Build a :class:`~tourlink.itinerary.TripRequest` from a plain mapping.

    Values may be typed (JSON) or text (web forms, the command line): ``"3"`` for
    ``days``, ``"nature=2,history=1"`` for ``interests``, ``"a,b"`` for ``must_visit``.

    Parameters
    ----------
    data
        Field name → value; see :data:`FIELDS` (``start``, ``start_date`` and ``days``
        are required; ``date``, ``must`` and ``max_drive`` are accepted aliases).
    network
        The network whose catalogue site ids are checked against (default: the shipped
        data, loaded once).

    Returns
    -------
    TripRequest
        The validated request.

    Raises
    ------
    InvalidRequestError
        For a missing, unknown or malformed field (the message names it).
    UnknownSiteError
        For a site id not in the catalogue (with a suggestion).

    Examples
    --------
    >>> req = parse_request({"start": "kon-tum-wooden-church", "date": "2026-03-02",
    ...                      "days": "2", "interests": "nature=2"})
    >>> req.days, dict(req.interests)
    (2, {'nature': 2.0})
    >>> parse_request({"start": "kon-tum-wooden-church", "date": "2026-02-30", "days": 1})
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tourlink.exceptions.InvalidRequestError: `start_date` must be a real date ... '2026-02-30' ...
    """
    if not isinstance(data, Mapping):
        raise _bad("request", data, "a mapping of field names to values")
    fields: dict[str, object] = {}
    for raw_key, value in data.items():
        key = _ALIASES.get(raw_key, raw_key)
        if key not in _PARSERS:
            raise InvalidRequestError(
                f"`{raw_key}` is not a trip request field; expected one of {', '.join(FIELDS)}.",
                field=str(raw_key),
            )
        if value is None and key != "end":
            continue
        fields[key] = _PARSERS[key](key, value)
    for required in ("start", "start_date", "days"):
        if required not in fields:
            raise InvalidRequestError(
                f"`{required}` is required but missing from the request.", field=required
            )
    request = TripRequest(**fields)  # type: ignore[arg-type]
    _check_sites(request, network)
    return request


def _check_sites(request: TripRequest, network: Network | None) -> None:
    if network is None:
        from tourlink.read import load_network

        network = load_network()
    for site_id in (request.start, request.end, *request.must_visit, *request.avoid):
        if site_id is not None:
            network.site(site_id)
    for name in ("start", "end"):
        site_id = getattr(request, name)
        if site_id is not None and site_id in request.avoid:
            raise InvalidRequestError(
                f"`avoid` names {site_id!r}, which is the trip's {name}; remove it from `avoid`.",
                field="avoid",
            )
