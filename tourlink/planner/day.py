"""The rules of a tourist's day, written once (``docs/planner.md`` gives every reason).

* **Sights only**: towns, gateways and overnight places are where a group sleeps, eats
  or passes through, never a sightseeing visit; a site at a border gate's road node is
  the gate itself (a crossing, not a sight). :func:`is_sight` decides.
* **Highlights first**: a site's value doubles with each point of interest
  (:func:`site_value`), so one top site outweighs several minor ones and a day within
  reach of a top site includes it.
* **Daylight**: outdoor sites are visited between sunrise and sunset at that place on
  that date (:func:`daylight`, computed with astral).
* **Lunch where a group can eat**: at a site that serves food, during its hours
  (:func:`lunch_places`).
* **Variety**: a day visits at most the pace profile's number of sites of one main
  category (:func:`main_category`).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import zoneinfo
from collections.abc import Mapping

from astral import Observer
from astral.sun import sunrise, sunset

from tourlink.model import Site
from tourlink.network import Network

__all__ = [
    "GATE_RADIUS_KM",
    "HIGHLIGHT_INTEREST",
    "daylight",
    "gate_sites",
    "is_sight",
    "lunch_places",
    "main_category",
    "site_value",
]

GATE_RADIUS_KM = 0.5
"""A site whose access road joins a border gate's road node within this distance is the gate."""
HIGHLIGHT_INTEREST = 9
"""Interest (0–10) from which a site is a highlight a trip passing within reach should include."""


def site_value(site: Site, interests: Mapping[str, float]) -> float:
    """Return a site's value: ``10 × 2^(interest − 10)`` × the best weight among its categories.

    Each point of interest doubles the value: a site of interest 10 is worth 10, as much
    as two of interest 9 or four of interest 8, so a top site is not traded for a
    handful of lesser ones. Categories the request does not weigh count 1.0.

    Examples
    --------
    >>> from tourlink.model import Site
    >>> s = Site("x", "X", "X", 14.3, 108.0, "VN", "kon-tum-city", "r", "a", "a",
    ...          "attraction", ("nature", "history"), 30, "24/7", 6.0, "", "", "", False,
    ...          ("src",), "Asia/Ho_Chi_Minh")
    >>> site_value(s, {"nature": 2.0}), site_value(s, {"nature": 0.0, "history": 0.0})
    (1.25, 0.0)
    """
    base = 10.0 * math.pow(2.0, site.interest - 10.0)
    if not site.categories:
        return base
    return base * max(float(interests.get(c, 1.0)) for c in site.categories)


def main_category(site: Site) -> str:
    """Return the category a site is counted under for variety (its first one)."""
    return site.categories[0] if site.categories else site.kind


@functools.lru_cache(maxsize=8)
def gate_sites(network: Network) -> frozenset[str]:
    """Return the sites that are a border gate itself (see :data:`GATE_RADIUS_KM`)."""
    ends = {e for c in network.dataset.crossings.values() for e in (c.source, c.target)}
    return frozenset(
        a.site for a in network.dataset.access.values() if a.node in ends and a.km <= GATE_RADIUS_KM
    )


def is_sight(network: Network, site: Site) -> bool:
    """Return whether ``site`` may be scheduled as a sightseeing visit.

    Only attractions with a visit length are; towns, gateways, overnight places and
    border gates are not.
    """
    return (
        site.kind == "attraction"
        and site.visit_minutes > 0
        and not site.overnight
        and site.id not in gate_sites(network)
    )


def lunch_places(network: Network) -> tuple[str, ...]:
    """Return the sites where a group can have lunch (those that serve food)."""
    return tuple(s.id for s in network.sites.values() if s.serves_food and s.retired is None)


@functools.lru_cache(maxsize=65536)
def _sun(lat: float, lon: float, timezone: str, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    # Only sunrise and sunset: astral's ``sun`` also computes dawn, noon and dusk (the
    # same sunrise and sunset functions, at two and a half times the cost).
    observer, zone = Observer(lat, lon), zoneinfo.ZoneInfo(timezone)
    return (
        sunrise(observer, day, tzinfo=zone).replace(tzinfo=None),
        sunset(observer, day, tzinfo=zone).replace(tzinfo=None),
    )


def daylight(site: Site, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Return sunrise and sunset at ``site`` on ``day`` (naive local wall-clock times).

    Examples
    --------
    >>> from tourlink.read import load_network
    >>> rise, sunset = daylight(load_network().site("wat-phou"), dt.date(2026, 12, 1))
    >>> f"{rise:%H:%M}", f"{sunset:%H:%M}"
    ('06:06', '17:24')
    """
    return _sun(site.lat, site.lon, site.timezone, day)


def daylight_minutes(site: Site, day: dt.date) -> tuple[int, int]:
    """Return sunrise (rounded up) and sunset (rounded down) as minutes after midnight."""
    rise, sunset = daylight(site, day)
    midnight = dt.datetime.combine(day, dt.time())
    return (
        math.ceil((rise - midnight).total_seconds() / 60 - 1e-9),
        math.floor((sunset - midnight).total_seconds() / 60 + 1e-9),
    )
