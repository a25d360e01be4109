"""Turn sound JSON records into the frozen types of :mod:`tourlink.model`.

Each function takes a record the JSON Schema has accepted and returns its object; a
``ValueError`` from a type's own invariants is reported by the loader as an inconsistent
record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tourlink.exceptions import InvalidRequestError
from tourlink.messages import MESSAGES, define, message
from tourlink.model import (
    Access,
    Assumption,
    BorderCrossing,
    Closure,
    EatingPlace,
    Fee,
    Lodging,
    Node,
    Retirement,
    SeasonalRisk,
    Segment,
    Site,
    Winding,
)

__all__ = ["access", "assumptions", "crossing", "node", "segment", "site", "winding"]


#: Why Python refuses a date the schema's YYYY-MM-DD pattern let through (its English text).
NOT_A_DAY = define("data.date.no-such-day", "day is out of range for month")
NOT_A_MONTH = define("data.date.no-such-month", "month must be in 1..12")
NOT_A_YEAR = define("data.date.year-zero", "year 0 is out of range")
_DATE_FAULTS = {MESSAGES[code]: code for code in (NOT_A_DAY, NOT_A_MONTH, NOT_A_YEAR)}


def _date(text: str) -> dt.date:
    """Return the date ``text`` (``YYYY-MM-DD``), refusing a day the calendar has not."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        code = _DATE_FAULTS.get(str(exc))
        if code is None:
            raise
        raise InvalidRequestError(message(code)) from None


def assumptions(raw: dict[str, Any]) -> tuple[Assumption, ...]:
    """Return the assumptions a record flags."""
    return tuple(Assumption(a["field"], a["text"]) for a in raw.get("assumptions", ()))


#: Kinds of place where a group can always find a meal when ``serves_food`` is not given.
_EATING_KINDS = ("town", "gateway")
#: Categories that make a site outdoor when ``setting`` is not given.
_OUTDOOR_CATEGORIES = frozenset(
    {"nature", "waterfall", "viewpoint", "adventure", "ethnic-village", "border-market"}
)


def _default_setting(categories: list[str]) -> str:
    return "outdoor" if _OUTDOOR_CATEGORIES.intersection(categories) else "indoor"


def site(r: dict[str, Any]) -> Site:
    """Return the site of a ``sites.json`` record."""
    fee = r.get("fee")
    return Site(
        id=r["id"],
        name=r["name"],
        name_en=r["name_en"],
        name_lo=r.get("name_lo", ""),
        lat=r["lat"],
        lon=r["lon"],
        country=r["country"],
        zone=r["zone"],
        region=r["region"],
        admin=r["admin"],
        admin_former=r.get("admin_former", ""),
        kind=r["kind"],
        categories=tuple(r["categories"]),
        visit_minutes=r["visit_minutes"],
        opening_hours=r["opening_hours"],
        fee=None if fee is None else Fee(fee["amount"], fee["currency"], fee.get("note", "")),
        interest=r["interest"],
        interest_reason=r.get("interest_reason", ""),
        description=r.get("description", ""),
        description_en=r["description_en"],
        overnight=r["overnight"],
        serves_food=r.get("serves_food", r["kind"] in _EATING_KINDS),
        setting=r.get("setting", _default_setting(r["categories"])),
        timezone=r["timezone"],
        sources=tuple(r["sources"]),
        assumptions=assumptions(r),
        **_catalogue_fields(r),
    )


def _catalogue_fields(r: dict[str, Any]) -> dict[str, Any]:
    """Return the optional catalogue fields of a site record as :class:`Site` arguments."""
    gone = r.get("retired")
    return {
        "retired": None
        if gone is None
        else Retirement(_date(gone["since"]), gone["reason"], tuple(gone["sources"])),
        "description_lo": r.get("description_lo", ""),
        "best_season": r.get("best_season", ""),
        "lodging": tuple(
            Lodging(x["name"], x["kind"], tuple(x["sources"]), x.get("rooms"), x.get("note", ""))
            for x in r.get("lodging", ())
        ),
        "eating": tuple(
            EatingPlace(x["name"], x["kind"], tuple(x["sources"]), x.get("note", ""))
            for x in r.get("eating", ())
        ),
        "not_suitable_for": tuple(r.get("not_suitable_for", ())),
    }


def winding(r: dict[str, Any]) -> Winding | None:
    """Return the winding exception of a road record, if it has one."""
    w = r.get("winding")
    return None if w is None else Winding(w["max_factor"], w["reason"], tuple(w["sources"]))


def node(r: dict[str, Any]) -> Node:
    """Return the road node of a ``nodes`` record."""
    return Node(r["id"], r["name"], r["lat"], r["lon"], r["country"], tuple(r.get("sources", ())))


def segment(r: dict[str, Any]) -> Segment:
    """Return the road segment of a ``segments`` record."""
    risk = r.get("seasonal_risk")
    return Segment(
        id=r["id"],
        source=r["from"],
        target=r["to"],
        road=r["road"],
        km=r["km"],
        road_class=r["class"],
        modes=frozenset(r["modes"]),
        mountain_pass=r.get("mountain_pass", False),
        oneway=r.get("oneway", False),
        seasonal_risk=None
        if risk is None
        else SeasonalRisk(
            tuple(risk["months"]),
            risk["kind"],
            risk["level"],
            risk.get("note", ""),
            tuple(risk.get("sources", ())),
        ),
        sources=tuple(r.get("sources", ())),
        winding=winding(r),
    )


def access(r: dict[str, Any]) -> Access:
    """Return the access road of an ``access`` record."""
    return Access(
        r["site"],
        r["node"],
        r["km"],
        frozenset(r["modes"]),
        r.get("road") or "access road",
        winding(r),
    )


def crossing(r: dict[str, Any]) -> BorderCrossing:
    """Return the border crossing of a ``crossings`` record."""
    closures = tuple(
        Closure(
            _date(c["start"]),
            _date(c["end"]),
            c["reason"],
            tuple(c.get("sources", ())),
            c.get("assumed", False),
        )
        for c in r.get("closures", ())
    )
    return BorderCrossing(
        id=r["id"],
        name=r["name"],
        source=r["from"],
        target=r["to"],
        km=r["km"],
        countries=(r["countries"][0], r["countries"][1]),
        opening_hours=r["opening_hours"],
        formalities_minutes=r["formalities_minutes"],
        traveller_documents=tuple(r["traveller_documents"]),
        vehicle_documents=tuple(r["vehicle_documents"]),
        travellers=r["travellers"],
        modes=frozenset(r["modes"]),
        open_to_tourists=r["open_to_tourists"],
        closed_reason=r.get("closed_reason", ""),
        closures=closures,
        timezone=r["timezone"],
        sources=tuple(r["sources"]),
        assumptions=assumptions(r),
    )
