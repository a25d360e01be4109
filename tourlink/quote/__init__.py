"""Quotes: what a routed trip costs and sells for per person, for each group size.

Pure arithmetic in :class:`~decimal.Decimal` money: a :class:`RateCard` (what suppliers
charge, each rate with its dates and season), the :class:`TripFacts` read from an
itinerary snapshot (km per day, nights per place, sites, border passages) and
:class:`QuoteOptions` (pax bands, currency, markup or margin, exchange rates) make a
:class:`Quote` whose every line says where its number came from.

Examples
--------
>>> from tourlink.quote import load_example_ratecard
>>> load_example_ratecard().example
True
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any

from tourlink.quote.compute import QuoteOptions, make_quote
from tourlink.quote.facts import (
    SiteInfo,
    TripFacts,
    crossing_names_from,
    site_info_from,
    trip_facts,
)
from tourlink.quote.pricing import Pricing, Rooming, foc_places, rooming
from tourlink.quote.ratecard import (
    BorderRate,
    EntranceRate,
    ExtraRate,
    GuideRate,
    LodgingRate,
    MealRate,
    RateCard,
    Validity,
    VehicleRate,
    VisaFee,
)
from tourlink.quote.ratecard_io import load_ratecard, ratecard_from_dict, ratecard_to_dict
from tourlink.quote.result import BandQuote, Quote, QuoteError, QuoteLine, Source, quote_to_dict

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = [
    "BandQuote",
    "BorderRate",
    "EntranceRate",
    "ExtraRate",
    "GuideRate",
    "LodgingRate",
    "MealRate",
    "Pricing",
    "Quote",
    "QuoteError",
    "QuoteLine",
    "QuoteOptions",
    "RateCard",
    "Rooming",
    "SiteInfo",
    "Source",
    "TripFacts",
    "Validity",
    "VehicleRate",
    "VisaFee",
    "crossing_names_from",
    "example_ratecard_path",
    "facts_from_snapshot",
    "foc_places",
    "load_example_ratecard",
    "load_ratecard",
    "make_quote",
    "quote_to_dict",
    "ratecard_from_dict",
    "ratecard_to_dict",
    "rooming",
    "site_info_from",
    "trip_facts",
]


def example_ratecard_path() -> str:
    """Return the path of the shipped example rate card (invented prices, not facts)."""
    return str(resources.files("tourlink_data").joinpath("ratecard.example.json"))


def load_example_ratecard() -> RateCard:
    """Load the shipped example rate card (``example`` is ``True``: not facts)."""
    return load_ratecard(example_ratecard_path())


def facts_from_snapshot(snapshot: Mapping[str, Any], network: Network | None = None) -> TripFacts:
    """Read the :class:`TripFacts` of an itinerary snapshot against a network's catalogue.

    Parameters
    ----------
    snapshot
        The itinerary as :func:`~tourlink.planner.serialize.itinerary_to_dict` writes it.
    network
        Where sites and crossings are looked up (default: the shipped data).
    """
    if network is None:
        from tourlink.read import load_network

        network = load_network()
    return trip_facts(snapshot, site_info_from(network), crossing_names_from(network))
