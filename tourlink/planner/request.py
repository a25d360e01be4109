"""Parse a trip request from a plain mapping (JSON body, web form, command line).

Every malformed field raises :class:`~tourlink.exceptions.InvalidRequestError` with one
sentence naming the field, the bad value and what was expected; unknown site ids raise
:class:`~tourlink.exceptions.UnknownSiteError` with a "did you mean" suggestion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from tourlink import texts
from tourlink.exceptions import InvalidRequestError
from tourlink.itinerary import MAX_DAYS, PACE_PROFILES, TripRequest
from tourlink.messages import Message, Ref, message
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


def _bad(name: str, value: object, expected: Message) -> InvalidRequestError:
    return InvalidRequestError(texts.bad_value(name, value, expected), field=name)


def _int(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise _bad(name, value, texts.between(low, high))
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise _bad(name, value, texts.between(low, high)) from None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or not low <= value <= high:
        raise _bad(name, value, texts.between(low, high))
    return value


def _float(name: str, value: object, low: float, high: float) -> float:
    expected = message(texts.NUMBER_BETWEEN, low=f"{low:g}", high=f"{high:g}")
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
    raise _bad(name, value, message(texts.TRUE_OR_FALSE))


def _date(name: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise _bad(name, value, message(texts.DATE))
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        said = message(
            texts.BAD_DATE, field=texts.field_ref(name), value=repr(value), detail=str(exc)
        )
        raise InvalidRequestError(said, field=name) from None


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
    raise _bad(name, value, message(texts.TIME))


def _ids(name: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        items: list[object] = [v for v in value.split(",")]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise _bad(name, value, message(texts.ID_LIST))
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise _bad(name, value, message(texts.ID_STRINGS))
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
                raise _bad(name, value, message(texts.WEIGHT_PAIRS))
            pairs[key.strip()] = weight.strip()
        value = pairs
    if not isinstance(value, Mapping):
        raise _bad(name, value, message(texts.WEIGHTS))
    out: dict[str, float] = {}
    for key, weight in value.items():
        if key not in CATEGORIES:
            said = message(
                texts.UNKNOWN_CATEGORY, category=repr(key), choices=", ".join(CATEGORIES)
            )
            raise InvalidRequestError(said, field=name)
        out[key] = _float(f"interests.{key}", weight, 0.0, 10.0)
    return out


def _site_id(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _bad(name, value, message(texts.SITE_ID))
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
        raise _bad(name, value, message(texts.ONE_OF, choices=", ".join(choices)))
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
        raise _bad("request", data, message(texts.MAPPING))
    fields: dict[str, object] = {}
    for raw_key, value in data.items():
        key = _ALIASES.get(raw_key, raw_key)
        if key not in _PARSERS:
            said = message(
                texts.UNKNOWN_FIELD, field=repr(raw_key)[1:-1], choices=", ".join(FIELDS)
            )
            raise InvalidRequestError(said, field=str(raw_key))
        if value is None and key != "end":
            continue
        fields[key] = _PARSERS[key](key, value)
    for required in ("start", "start_date", "days"):
        if required not in fields:
            said = message(texts.MISSING_FIELD, field=texts.field_ref(required))
            raise InvalidRequestError(said, field=required)
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
            site = network.site(site_id)
            ref = Ref("site", site.id, site.name_en or site.name)
            code = texts.AVOID_START if name == "start" else texts.AVOID_END
            raise InvalidRequestError(message(code, site=ref), field="avoid")
