"""The calendar range tourlink plans and routes in, and the check every entry point shares.

Dates far outside it would overflow :class:`datetime.date` arithmetic (a 30-day trip from
9999-12-31) and are never meant: opening hours, border hours and seasonal risks are
recorded for the present.
"""

from __future__ import annotations

import datetime as dt

from tourlink import texts
from tourlink.exceptions import InvalidRequestError
from tourlink.messages import message

__all__ = ["FIRST_DATE", "LAST_DATE", "check_date"]

FIRST_DATE = dt.date(2000, 1, 1)
"""The earliest date a trip or a departure may fall on."""

LAST_DATE = dt.date(2099, 12, 31)
"""The latest date a trip may start on or a route may depart on."""


def check_date(field: str, value: dt.date) -> dt.date:
    """Return ``value`` (a date or date-time) if it lies in the supported range, else raise.

    Parameters
    ----------
    field
        The name of the argument, used in the message (``"start_date"``, ``"depart"``).
    value
        The date, or a date-time whose date is checked.

    Returns
    -------
    datetime.date
        ``value`` unchanged.

    Raises
    ------
    InvalidRequestError
        If the date is before :data:`FIRST_DATE` or after :data:`LAST_DATE`.

    Examples
    --------
    >>> check_date("start_date", dt.date(2026, 3, 2))
    datetime.date(2026, 3, 2)
    >>> check_date("start_date", dt.date(9999, 12, 31))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tourlink.exceptions.InvalidRequestError: `start_date` must be between ... got 9999-12-31.
    """
    day = value.date() if isinstance(value, dt.datetime) else value
    if not FIRST_DATE <= day <= LAST_DATE:
        span = message(texts.DATE_BETWEEN, first=FIRST_DATE.isoformat(), last=LAST_DATE.isoformat())
        said = message(
            texts.BAD_VALUE, field=texts.field_ref(field), expected=span, value=day.isoformat()
        )
        raise InvalidRequestError(said, field=field)
    return value
