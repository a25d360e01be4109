"""The home page: what the region offers, its five zones on a map, the published routes."""

from __future__ import annotations

from flask import Blueprint, render_template

from tourlink.model import ZONES
from tourlink_web import present
from tourlink_web.i18n import current_language
from tourlink_web.published import published_tours
from tourlink_web.state import current

__all__ = ["bp"]

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    """Render the home page."""
    state = current()
    sites = list(state.network.sites.values())
    counts = {zone: sum(1 for s in sites if s.zone == zone) for zone in ZONES}
    return render_template(
        "home/index.html",
        zones=ZONES,
        counts=counts,
        tours=published_tours(),
        map_data=present.sites_map(sites, current_language(), by_zone=True),
    )
