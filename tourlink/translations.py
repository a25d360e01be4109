"""Render the library's messages in Vietnamese, English or Lao.

The library's catalogues live in ``tourlink/locale/<lang>/LC_MESSAGES/tourlink.po``
(compiled ``.mo`` committed next to them), keyed by the English template of each code
of :data:`tourlink.messages.MESSAGES` (gettext's convention), plus the free text the
shipped data shows to travellers (crossing names, document lists, closure reasons).
Nothing here needs Flask: the command line and the web use the same functions.

Examples
--------
>>> from tourlink.messages import define, message
>>> code = define("example.gate-shut", "The gate is closed.")
>>> message(code).render("vi", translate=translator("vi"))  # not in a catalogue
'The gate is closed.'
>>> translator("lo")("vehicle registration certificate")
'ໃບທະບຽນລົດ'
"""

from __future__ import annotations

import gettext
import importlib
import pkgutil
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog

from tourlink.messages import MESSAGES, Message, Namer, Ref, Translator
from tourlink.texts import CATEGORY_NAMES, DEFAULT_DOCUMENTS, FIELD_NAMES, MODE_NAMES, VEHICLES

__all__ = [
    "DOMAIN",
    "FIELD_LABELS",
    "LANGUAGES",
    "LOCALE_DIR",
    "Renderer",
    "data_strings",
    "has_lao_script",
    "namer",
    "renderer",
    "road_names",
    "site_name",
    "site_text",
    "template",
    "translator",
]

DOMAIN = "tourlink"
LOCALE_DIR = Path(__file__).parent / "locale"
#: The languages messages are rendered in (English is the catalogues' source).
LANGUAGES = ("vi", "en", "lo")
#: Codes that docstrings and tests define for themselves: never shown to people.
UNTRANSLATED_PREFIXES = ("example.", "test.")

#: How an assumption names the field it is about, for people (catalogue entries, see
#: :func:`data_strings`); a field not listed shows its own name.
FIELD_LABELS = {
    "opening_hours": "opening hours",
    "lat": "position",
    "lon": "position",
    "fee": "entrance fee",
    "admin": "administrative area",
    "name": "name",
    "name_lo": "Lao name",
    "overnight": "overnight stay",
    "lodging": "lodging",
    "sources": "sources",
    "visit_minutes": "visit length",
    "not_suitable_for": "not suitable for",
    "kind": "kind of place",
    "best_season": "best season",
    "formalities_minutes": "formalities time",
    "km": "distance",
    "closures": "closures",
    "traveller_documents": "traveller documents",
    "vehicle_documents": "vehicle documents",
    "modes": "travel modes",
}


class Renderer:
    """Render messages in one language, with names looked up in the loaded data.

    Parameters
    ----------
    locale
        ``"vi"``, ``"en"`` or ``"lo"``.
    network
        The loaded :class:`tourlink.network.Network` whose sites and crossings give
        the names (``None``: each reference's default name).
    """

    def __init__(self, locale: str, network: Any = None) -> None:
        self.locale = locale
        self.network = network
        self.translate = translator(locale)
        self.name = namer(locale, network)

    def __call__(self, msg: Message) -> str:
        """Return ``msg`` as a sentence in this renderer's language."""
        return msg.render(self.locale, translate=self.translate, name=self.name)

    def to_dict(self, msg: Message) -> dict[str, Any]:
        """Return ``msg`` as ``{"code", "params", "text"}`` in this language."""
        return msg.to_dict(self.locale, translate=self.translate, name=self.name)


def renderer(locale: str, network: Any = None) -> Renderer:
    """Return a :class:`Renderer` for ``locale`` (an unknown language renders English)."""
    return Renderer(locale if locale in LANGUAGES else "en", network)


@lru_cache(maxsize=8)
def translator(locale: str) -> Translator:
    """Return the function that maps an English template to ``locale``'s.

    Untranslated templates (and every template in English) come back unchanged.
    """
    if locale == "en":
        return _identity
    found = gettext.translation(DOMAIN, LOCALE_DIR, languages=[locale], fallback=True)
    return found.gettext


def _identity(text: str) -> str:
    return text


def has_lao_script(text: str) -> bool:
    """Return whether ``text`` holds a character of the Lao block (U+0E80–U+0EFF)."""
    return any("\u0e80" <= ch <= "\u0eff" for ch in text)


def site_name(site: Any, locale: str) -> str:
    """Return a site's name in ``locale``, falling back as a reader would want.

    Vietnamese pages show the site's own name; English ones its English name; Lao
    ones its Lao-script name when the data has one, otherwise the English name.
    """
    if locale == "lo" and has_lao_script(site.name_lo):
        return str(site.name_lo)
    if locale in ("en", "lo") and site.name_en:
        return str(site.name_en)
    return str(site.name)


def site_text(site: Any, field: str, locale: str) -> tuple[str, str]:
    """Return a site's ``"name"`` or ``"description"`` in ``locale`` and the language it is in.

    Where the data has no text in ``locale`` (a Lao description not written yet), the
    fallback and its language are returned (English for Lao readers, else the site's own
    Vietnamese text), so the reader can be told.

    Examples
    --------
    >>> from tourlink.read import load_network
    >>> site_text(load_network().site("wat-phou"), "description", "lo")[1]
    'lo'
    """
    own = getattr(site, f"{field}_lo", "") if locale == "lo" else ""
    if own and has_lao_script(own):
        return str(own), "lo"
    english = getattr(site, f"{field}_en", "")
    if locale in ("en", "lo") and english:
        return str(english), "en"
    return str(getattr(site, field)), "vi"


def namer(locale: str, network: Any = None) -> Namer:
    """Return the function that names a :class:`~tourlink.messages.Ref` in ``locale``."""
    translate = translator(locale)
    sites = getattr(network, "sites", {}) or {}

    def name(ref: Ref) -> str:
        if ref.kind == "site" and ref.id in sites:
            return site_name(sites[ref.id], locale)
        if ref.kind == "hours":
            return _hours(ref, locale)
        if ref.kind in ("tour", "route"):
            return ref.local if locale == "vi" and ref.local else ref.name
        if ref.kind == "itinerary":  # a name someone typed: shown as it is
            return ref.name
        return translate(ref.name)

    return name


def _hours(ref: Ref, locale: str) -> str:
    from tourlink.exceptions import TourlinkError
    from tourlink.hours import describe

    try:
        return describe(ref.id, lang=locale)
    except (TourlinkError, ValueError):  # not an expression this version reads: as saved
        return ref.name


def data_strings(network: Any) -> Iterable[str]:
    """Yield the data's free text shown to travellers: gate names, papers, closures, risks."""
    from tourlink.routing import gate_name

    for crossing in network.dataset.crossings.values():
        yield crossing.name
        yield gate_name(crossing)
        yield from crossing.traveller_documents
        yield from crossing.vehicle_documents
        yield from (closure.reason for closure in crossing.closures)
        if crossing.closed_reason:
            yield crossing.closed_reason
    for segment in network.dataset.segments:
        if segment.seasonal_risk is not None and segment.seasonal_risk.note:
            yield segment.seasonal_risk.note
    from tourlink.planner.request import FIELDS

    yield from (f"`{name}`" for name in dict.fromkeys((*FIELDS, *FIELD_NAMES)))
    yield from MODE_NAMES.values()
    yield from VEHICLES.values()
    yield from CATEGORY_NAMES.values()
    yield from DEFAULT_DOCUMENTS
    yield from dict.fromkeys(FIELD_LABELS.values())
    yield from road_names(network)


#: A road name worth translating holds an English word ("road", "track", "streets", "from"
#: …) or names a Lao route ("Route 13"); "QL24", "ĐT676" and street names stay as they are.
_WORDY_ROAD = re.compile(r"\b[a-z]{3,}\b|\bRo(?:ute|ad)\b")


def road_names(network: Any) -> list[str]:
    """Return the road names of ``network`` that a reader needs in their language, sorted.

    Border gates (named like roads on their crossing leg) are left to the crossings' names.
    """
    graph = getattr(network, "G", None)
    if graph is None:
        return []
    gates = {c.name for c in network.dataset.crossings.values()}
    names = {road for _, _, road in graph.edges(data="road") if road and road not in gates}
    return sorted(n for n in names if _WORDY_ROAD.search(n))


def _import_everything() -> None:
    """Import every module of the library so each one's messages are defined."""
    import tourlink

    for info in pkgutil.walk_packages(tourlink.__path__, "tourlink."):
        importlib.import_module(info.name)


def template(network: Any = None) -> Catalog:
    """Return the template catalogue: every message template and the data's free text.

    Parameters
    ----------
    network
        The network whose data strings to include (the shipped data when ``None``).
    """
    from tourlink.read import load_network

    _import_everything()
    catalog = Catalog(project="tourlink", fuzzy=False)
    for code, english in sorted(MESSAGES.items()):
        if not code.startswith(UNTRANSLATED_PREFIXES):
            catalog.add(english, auto_comments=[f"code: {code}"])
    for text in data_strings(network or load_network()):
        catalog.add(text, auto_comments=["data: shipped data (data/roads.json)"])
    return catalog
