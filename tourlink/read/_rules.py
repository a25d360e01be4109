"""Rules of a data folder beyond references: hours, time zones, Lao script, speeds.

Each function reports through ``add(file, record, field, value, expected)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import opening_hours

from tourlink.hours import COUNTRY_TIMEZONES
from tourlink.messages import Message, message
from tourlink.model import Access, BorderCrossing, Node, Segment, Site
from tourlink.network import SpeedTable
from tourlink.read import texts as rt
from tourlink.read.dataset import ROADS as _ROADS
from tourlink.read.dataset import SITES as _SITES

__all__ = ["hours_and_zones", "lao_script", "speed_rows"]

Add = Callable[[str, str, str, Any, Message], None]
"""How a rule reports a problem: file, record, field, value, what was expected."""

#: Lao letters, vowels, tone marks and digits (Unicode block U+0E80–U+0EFF).
_LAO = re.compile("[\u0e80-\u0eff]")
#: Latin letters, which a Lao-script name must not carry.
_LATIN = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def hours_and_zones(
    add: Add, sites: list[Site], nodes: list[Node], crossings: list[BorderCrossing]
) -> None:
    """Check opening hours syntax, each site's time zone and each crossing's countries."""
    timed: list[tuple[str, Site | BorderCrossing]] = [(_SITES, s) for s in sites]
    timed += [(_ROADS, c) for c in crossings]
    for file, obj in timed:
        if not opening_hours.validate(obj.opening_hours):
            add(
                file,
                obj.id,
                "opening_hours",
                obj.opening_hours,
                message(rt.OPENING_HOURS),
            )
    for site in sites:
        want = COUNTRY_TIMEZONES.get(site.country)
        if site.timezone != want:
            add(
                _SITES,
                site.id,
                "timezone",
                site.timezone,
                message(rt.TIMEZONE, timezone=str(want), country=site.country),
            )
    countries = {n.id: n.country for n in nodes}
    for c in crossings:
        ends = [countries.get(c.source), countries.get(c.target)]
        if None not in ends and ends != list(c.countries):
            add(
                _ROADS,
                c.id,
                "countries",
                list(c.countries),
                message(rt.CROSSING_COUNTRIES, countries=str(ends)),
            )


def lao_script(add: Add, sites: list[Site]) -> None:
    """Check that ``name_lo`` is Lao script and ``description_lo`` mostly Lao.

    A name carries no Latin letter; a description may quote a road number such as
    "18B" but must be written mostly in Lao letters.
    """
    for site in sites:
        name, text = site.name_lo, site.description_lo
        if name and (not _LAO.search(name) or _LATIN.search(name)):
            add(
                _SITES,
                site.id,
                "name_lo",
                name,
                message(rt.LAO_NAME),
            )
        if text and len(_LAO.findall(text)) <= 2 * len(_LATIN.findall(text)):
            add(
                _SITES,
                site.id,
                "description_lo",
                text,
                message(rt.LAO_TEXT),
            )


def speed_rows(
    add: Add,
    speeds: SpeedTable | None,
    segments: list[Segment],
    access: list[Access],
    crossings: list[BorderCrossing],
) -> None:
    """Check that the speed table has a speed for every class and mode in use."""
    if speeds is None:
        return
    needs = [(s.id, s.road_class, s.modes) for s in segments]
    needs += [(f"access:{a.site}", "access", a.modes) for a in access]
    needs += [(c.id, "crossing", c.modes) for c in crossings]
    missing: set[tuple[str, str]] = set()
    for record, cls, modes in needs:
        for mode in sorted(modes):
            if speeds.speed(cls, mode) is None and (cls, mode) not in missing:
                missing.add((cls, mode))
                add(
                    _ROADS,
                    record,
                    f"speeds.kmh.{cls}.{mode}",
                    message(rt.MISSING),
                    message(rt.SPEED_FOR, cls=repr(cls), mode=repr(mode)),
                )
