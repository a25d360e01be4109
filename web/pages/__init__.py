"""HTML pages, one blueprint per feature, plus template helpers and the Leaflet files."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import xstatic.pkg.leaflet
from flask import Flask, Response, current_app, request, send_from_directory, url_for
from flask_babel import get_locale
from markupsafe import Markup

from tourlink_web import present
from tourlink_web.pages import home, opendata, planner, routefinder, sites, tours
from tourlink_web.security import same_site_path
from tourlink_web.state import current

__all__ = ["init_app", "url_here"]

LEAFLET_DIR = xstatic.pkg.leaflet.BASE_DIR


def url_here(**changes: Any) -> str:
    """Return the current page's URL with some query arguments replaced."""
    args: dict[str, Any] = {k: request.args.getlist(k) for k in request.args}
    args.update(changes)
    if request.endpoint is None or request.url_rule is None:  # e.g. a 404 page
        return f"{same_site_path(request.path)}?{urlencode(changes)}"
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def _leaflet(filename: str) -> Response:
    return send_from_directory(LEAFLET_DIR, filename, max_age=86400)


def _map_json(data: dict[str, Any]) -> Markup:
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return Markup(text)


def _resolved(labels: dict[str, Any]) -> dict[str, str]:
    """Translate lazy labels once per page rather than at every use."""
    return {key: str(label) for key, label in labels.items()}


def _labels() -> dict[str, dict[str, str]]:
    """Return the label tables in the page's language, translated once per language.

    They depend only on the language and the shipped catalogues, so every worker derives
    the same tables; resolving their ~30 lazy strings for every page cost about a third of
    rendering ``base.html``.
    """
    memo: dict[str, dict[str, dict[str, str]]] = current_app.extensions.setdefault(
        "tourlink_label_tables", {}
    )
    lang = str(get_locale())
    if lang not in memo:
        memo[lang] = {
            "zone_labels": _resolved(present.ZONE_LABELS),
            "zone_blurbs": _resolved(present.ZONE_BLURBS),
            "category_labels": _resolved(present.CATEGORY_LABELS),
            "country_labels": _resolved(present.COUNTRY_LABELS),
            "kind_labels": _resolved(present.KIND_LABELS),
            "mode_labels": _resolved(present.MODE_LABELS),
        }
    return memo[lang]


def _template_globals() -> dict[str, Any]:
    return {
        "url_here": url_here,
        "map_json": _map_json,
        **_labels(),
        "colours": present.COLOURS,
        "colour_class": present.colour_class,
        "site_name": present.site_name,
        "site_text": present.site_text,
        "duration": present.duration,
        "document_names": present.document_names,
        "hours_text": present.hours_text,
        "crossing_name": present.crossing_name,
        "all_sites": lambda: current().network.sites,
    }


def init_app(app: Flask) -> None:
    """Register the page blueprints, the Leaflet route and the template helpers."""
    app.add_url_rule("/vendor/leaflet/<path:filename>", endpoint="leaflet", view_func=_leaflet)
    for module in (home, sites, routefinder, planner, tours, opendata):
        app.register_blueprint(module.bp)
    app.context_processor(_template_globals)
    app.add_template_filter(present.crossing_label, "crossing_label")
