"""The catalogue of places (filters and diacritics-insensitive search) and one page per site."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from tourlink.hours import describe
from tourlink.model import COUNTRIES, ZONES
from tourlink.schema import CATEGORIES, KINDS
from tourlink.translations import FIELD_LABELS
from tourlink_web import calls, present
from tourlink_web.i18n import current_language, renderer
from tourlink_web.state import current

__all__ = ["KINDS", "bp"]

bp = Blueprint("sites", __name__, url_prefix="/sites")


def _choice(name: str, choices: tuple[str, ...]) -> str | None:
    """Return the filter ``name`` (``None``: blank or absent); refuse unknown values (400)."""
    value = request.args.get(name, "")
    return calls.check_choice(name, value, choices) if value else None


@bp.get("/")
def catalogue() -> str:
    """Render the catalogue, filtered by zone, category, country, kind and a search text."""
    query = request.args.get("q", "").strip()[:100]
    filters = {
        "zone": _choice("zone", ZONES),
        "category": _choice("category", CATEGORIES),
        "country": _choice("country", COUNTRIES),
        "kind": _choice("kind", KINDS),
    }
    found = current().network.find_sites(query, **filters)
    return render_template(
        "sites/catalogue.html",
        query=query,
        filters=filters,
        sites=found,
        zones=ZONES,
        categories=CATEGORIES,
        countries=COUNTRIES,
        kinds=KINDS,
        map_data=present.sites_map(found, current_language(), by_zone=True),
    )


@bp.get("/<site_id>")
def site(site_id: str) -> str:
    """Render one site: facts, opening hours in words, fee, map and nearby sites."""
    network = current().network
    found = network.site(site_id)
    lang = current_language()
    nearby = network.nearby(site_id, km=30)[:8]
    translate = renderer().translate
    fields = {a.field: translate(FIELD_LABELS.get(a.field, a.field)) for a in found.assumptions}
    return render_template(
        "sites/site.html",
        site=found,
        field_labels=fields,
        hours_text=describe(found.opening_hours, lang=lang),
        nearby=nearby,
        map_data=present.sites_map([found, *(s for s, _ in nearby)], lang),
    )
