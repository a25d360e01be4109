"""Opening hours, border-gate hours and time zones.

A thin wrapper over the ``opening_hours`` package (PyPI ``opening-hours-py``), which
parses and evaluates OpenStreetMap ``opening_hours`` expressions. Times are naive
*local* wall-clock times of the place; aware datetimes are converted to the place's
zone first. Vietnam (``Asia/Ho_Chi_Minh``) and Laos (``Asia/Vientiane``) are both UTC+7.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from zoneinfo import ZoneInfo

import opening_hours

from tourlink import texts
from tourlink.exceptions import InvalidRequestError
from tourlink.messages import message
from tourlink.model import BorderCrossing, Site

__all__ = [
    "COUNTRY_TIMEZONES",
    "crossing_closes",
    "crossing_is_open",
    "crossing_next_open",
    "crossing_next_window",
    "describe",
    "intervals",
    "is_open",
    "local_time",
    "local_tz",
    "next_open",
    "parse",
]

COUNTRY_TIMEZONES = {"VN": "Asia/Ho_Chi_Minh", "LA": "Asia/Vientiane", "KH": "Asia/Phnom_Penh"}
"""The IANA time zone of each country tourlink covers (all three are UTC+7, no DST)."""

# The package's exceptions (its type stubs leave them out).
_UNKNOWN_COUNTRY: type[Exception] = getattr(opening_hours, "UnknownCountryError")  # noqa: B009
_SYNTAX_ERROR: type[Exception] = getattr(opening_hours, "ParserError")  # noqa: B009
_SEARCH_DAYS = 400  # how far ahead next_open looks before giving up


@functools.lru_cache(maxsize=1024)
def parse(expr: str, country: str | None = None) -> opening_hours.OpeningHours:
    """Parse an OpenStreetMap ``opening_hours`` expression.

    Parameters
    ----------
    expr
        The expression, e.g. ``"Mo-Su 07:00-17:00"``.
    country
        ISO country code, used for public holidays (``PH``). A country whose holidays
        opening-hours-py does not know (Laos, Cambodia) is parsed without holidays, as
        the planner does for its sites: ``PH`` rules then never apply.

    Returns
    -------
    opening_hours.OpeningHours
        The parsed expression (cached).

    Raises
    ------
    InvalidRequestError
        If ``expr`` is not valid ``opening_hours`` syntax.

    Examples
    --------
    >>> parse("Mo-Su 07:00-17:00").is_open(dt.datetime(2026, 3, 2, 8, 0))
    True
    """
    try:
        return opening_hours.OpeningHours(expr, country=country)
    except _UNKNOWN_COUNTRY:
        if country is None:  # pragma: no cover - only a country can be unknown
            raise
        return parse(expr, None)
    except _SYNTAX_ERROR as exc:
        said = message(texts.BAD_HOURS, value=repr(expr))
        raise InvalidRequestError(said, field="opening_hours") from exc


def local_time(when: dt.datetime, timezone: str) -> dt.datetime:
    """Return ``when`` as a naive wall-clock time in ``timezone`` (naive input is kept).

    Examples
    --------
    >>> utc = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.timezone.utc)
    >>> local_time(utc, "Asia/Ho_Chi_Minh")
    datetime.datetime(2026, 3, 2, 8, 0)
    """
    if when.tzinfo is None:
        return when
    return when.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)


def local_tz(site: Site | BorderCrossing) -> ZoneInfo:
    """Return the time zone of a site or border crossing.

    Examples
    --------
    >>> from tourlink.model import Site
    >>> s = Site("x", "X", "X", 14.35, 108.0, "VN", "kon-tum-city", "r", "a", "a", "town",
    ...          (), 0, "24/7", 0, "", "", "", False, ("src",), "Asia/Ho_Chi_Minh")
    >>> str(local_tz(s))
    'Asia/Ho_Chi_Minh'
    """
    return ZoneInfo(site.timezone)


def is_open(expr: str, when: dt.datetime, *, country: str | None = None) -> bool:
    """Return whether ``expr`` is open at ``when`` (naive local time).

    Examples
    --------
    >>> is_open("Mo-Fr 08:00-17:00", dt.datetime(2026, 3, 7, 9, 0))  # a Saturday
    False
    """
    return bool(parse(expr, country).is_open(_naive(when)))


def intervals(
    expr: str, day: dt.date, *, country: str | None = None
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Return the open intervals of ``expr`` within calendar ``day`` (naive local times).

    Examples
    --------
    >>> [(a.hour, b.hour) for a, b in intervals("Mo-Su 07:00-11:00,13:00-17:00",
    ...                                          dt.date(2026, 3, 2))]
    [(7, 11), (13, 17)]
    """
    start = dt.datetime.combine(day, dt.time())
    end = start + dt.timedelta(days=1)
    out: list[tuple[dt.datetime, dt.datetime]] = []
    for begin, finish, state, _comment in parse(expr, country).intervals(start, end):
        if state == opening_hours.State.OPEN:
            out.append((max(begin, start), min(finish or end, end)))
    return out


def next_open(expr: str, when: dt.datetime, *, country: str | None = None) -> dt.datetime | None:
    """Return ``when`` if open then, else the next time ``expr`` opens (``None``: never).

    Examples
    --------
    >>> next_open("Mo-Su 07:00-17:00", dt.datetime(2026, 3, 2, 5, 30))
    datetime.datetime(2026, 3, 2, 7, 0)
    >>> next_open("off", dt.datetime(2026, 3, 2, 5, 30)) is None
    True
    """
    oh = parse(expr, country)
    moment: dt.datetime | None = _naive(when)
    limit = _naive(when) + dt.timedelta(days=_SEARCH_DAYS)
    while moment is not None and moment < limit:
        if oh.is_open(moment):
            return moment
        moment = oh.next_change(moment)
    return None


def crossing_is_open(crossing: BorderCrossing, when: dt.datetime) -> bool:
    """Return whether a border crossing lets tourists through at ``when``.

    Closed crossings, dated closures and the gate's ``opening_hours`` all count.
    """
    local = local_time(when, crossing.timezone)
    if not crossing.open_to_tourists:
        return False
    if any(c.covers(local.date()) for c in crossing.closures):
        return False
    return is_open(crossing.opening_hours, local, country=crossing.countries[0])


def crossing_next_open(crossing: BorderCrossing, when: dt.datetime) -> dt.datetime | None:
    """Return the first local time at or after ``when`` when the crossing is open.

    Returns ``None`` when it is closed to tourists or does not open within a year.
    """
    if not crossing.open_to_tourists:
        return None
    moment: dt.datetime | None = local_time(when, crossing.timezone)
    for _ in range(len(crossing.closures) + 2):
        if moment is None:
            return None
        closure = next((c for c in crossing.closures if c.covers(moment.date())), None)
        if closure is not None:
            moment = dt.datetime.combine(closure.end + dt.timedelta(days=1), dt.time())
            continue
        found = next_open(crossing.opening_hours, moment, country=crossing.countries[0])
        if found is None or not any(c.covers(found.date()) for c in crossing.closures):
            return found
        moment = found
    return None


def crossing_closes(crossing: BorderCrossing, when: dt.datetime) -> dt.datetime | None:
    """Return the local time the crossing, open at ``when``, next closes (``None``: never).

    The end of the current ``opening_hours`` interval or the start of the next dated
    closure, whichever comes first.
    """
    local = local_time(when, crossing.timezone)
    ends = parse(crossing.opening_hours, crossing.countries[0]).next_change(local)
    starts = [
        dt.datetime.combine(c.start, dt.time())
        for c in crossing.closures
        if dt.datetime.combine(c.start, dt.time()) > local
    ]
    candidates = [t for t in (ends, *starts) if t is not None]
    return min(candidates) if candidates else None


def crossing_next_window(
    crossing: BorderCrossing, when: dt.datetime, minutes: float
) -> dt.datetime | None:
    """Return the first local time at or after ``when`` to start ``minutes`` of formalities.

    The crossing must be open then and stay open until the formalities end (within the
    same open interval); otherwise the group waits for the next opening. ``None`` when no
    such time comes within a year.
    """
    moment: dt.datetime | None = local_time(when, crossing.timezone)
    limit = local_time(when, crossing.timezone) + dt.timedelta(days=_SEARCH_DAYS)
    while moment is not None and moment < limit:
        opens = crossing_next_open(crossing, moment)
        if opens is None:
            return None
        closes = crossing_closes(crossing, opens)
        if closes is None or opens + dt.timedelta(minutes=minutes) <= closes:
            return opens
        moment = closes
    return None


def _naive(when: dt.datetime) -> dt.datetime:
    return when.replace(tzinfo=None)


_DAYS = {
    "en": {
        "Mo": "Monday",
        "Tu": "Tuesday",
        "We": "Wednesday",
        "Th": "Thursday",
        "Fr": "Friday",
        "Sa": "Saturday",
        "Su": "Sunday",
        "PH": "public holidays",
    },
    "vi": {
        "Mo": "Thứ Hai",
        "Tu": "Thứ Ba",
        "We": "Thứ Tư",
        "Th": "Thứ Năm",
        "Fr": "Thứ Sáu",
        "Sa": "Thứ Bảy",
        "Su": "Chủ nhật",
        "PH": "ngày lễ",
    },
    "lo": {
        "Mo": "ວັນຈັນ",
        "Tu": "ວັນອັງຄານ",
        "We": "ວັນພຸດ",
        "Th": "ວັນພະຫັດ",
        "Fr": "ວັນສຸກ",
        "Sa": "ວັນເສົາ",
        "Su": "ວັນອາທິດ",
        "PH": "ວັນພັກລັດຖະການ",
    },
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WORDS = {
    "en": {
        "every day": "every day",
        "to": "to",
        "closed": "closed",
        "always": "open 24 hours",
        "month": "{name}",
        "and": ", ",
    },
    "vi": {
        "every day": "hằng ngày",
        "to": "đến",
        "closed": "đóng cửa",
        "always": "mở cửa 24 giờ",
        "month": "tháng {num}",
        "and": ", ",
    },
    "lo": {
        "every day": "ທຸກມື້",
        "to": "ຫາ",
        "closed": "ປິດ",
        "always": "ເປີດ 24 ຊົ່ວໂມງ",
        "month": "ເດືອນ {num}",
        "and": ", ",
    },
}
_TOKEN = re.compile(
    r"\b(Mo|Tu|We|Th|Fr|Sa|Su|PH|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r"\b|(off|closed)\b|(-)"
)


def describe(expr: str, lang: str = "en") -> str:
    """Return ``expr`` in words, in English (``"en"``), Vietnamese (``"vi"``) or Lao (``"lo"``).

    The expression is first normalised by the ``opening_hours`` package; weekday,
    month and ``off`` tokens are then translated, other syntax is kept as is.

    Examples
    --------
    >>> describe("Mo-Su 07:00-17:00")
    'every day 07:00–17:00'
    >>> describe("Mo-Fr 08:00-17:00; PH off", lang="vi")
    'Thứ Hai đến Thứ Sáu 08:00–17:00; ngày lễ đóng cửa'
    >>> describe("Mo-Su 07:00-17:00", lang="lo")
    'ທຸກມື້ 07:00–17:00'
    """
    if lang not in _DAYS:
        raise InvalidRequestError(message(texts.BAD_LANG, value=repr(lang)), field="lang")
    oh = parse(expr)
    text = str(oh.normalize())
    words = _WORDS[lang]
    if text == "24/7":
        return f"{words['always']}, {words['every day']}"
    text = re.sub(r"(\d\d:\d\d)-(\d\d:\d\d)", r"\1–\2", text)
    rules = []
    for rule in (r.strip() for r in text.split(";")):
        rule = re.sub(r"\bMo-Su\b", words["every day"], rule)
        if rule[:1].isdigit():
            rule = f"{words['every day']} {rule}"
        rule = _TOKEN.sub(lambda m: _translate(m, lang), rule.replace(",", ", "))
        rules.append(rule)
    return "; ".join(rules)


def _translate(match: re.Match[str], lang: str) -> str:
    word, off, dash = match.groups()
    words = _WORDS[lang]
    if dash:
        return f" {words['to']} "
    if off:
        return words["closed"]
    if word in _DAYS[lang]:
        return _DAYS[lang][word]
    num = _MONTHS.index(word) + 1
    name = dt.date(2000, num, 1).strftime("%B")
    return words["month"].format(num=num, name=name)
