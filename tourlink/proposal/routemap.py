"""A small SVG map of the trip drawn from the snapshot's road geometry (no tiles needed).

The proposal is made on the server without network access, so its map is the route
itself: each day's roads as a line, each night's place as a numbered dot, on an
equirectangular projection scaled by the cosine of the mean latitude.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["route_svg", "svg_data_uri"]

_COLOURS = ("#1f6f8b", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#2c3e50", "#16a085")


def _points(day: Mapping[str, Any]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for drive in day.get("drives", []) or []:
        for leg in drive or []:
            for lat, lon in leg.get("geometry", []) or []:
                points.append((float(lat), float(lon)))
    return points


def route_svg(days: Sequence[Mapping[str, Any]], *, width: int = 640, height: int = 360) -> str:
    """Return an SVG drawing of the days' roads and night places.

    Parameters
    ----------
    days
        The snapshot's days (each with ``drives`` of legs with ``geometry``).
    width, height
        The drawing's size in CSS pixels.

    Returns
    -------
    str
        The SVG document; an empty frame when the snapshot has no geometry.
    """
    lines = [_points(day) for day in days]
    every = [p for line in lines for p in line]
    frame = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><rect width="100%" height="100%" fill="#f4f1ea"/>'
    )
    if not every:
        return frame + "</svg>"
    lat0 = sum(p[0] for p in every) / len(every)
    scale_x = math.cos(math.radians(lat0))
    xs = [p[1] * scale_x for p in every]
    ys = [p[0] for p in every]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-6)
    pad = 24
    unit = min(
        (width - 2 * pad) / max(max(xs) - min(xs), span * 0.2),
        (height - 2 * pad) / max(max(ys) - min(ys), span * 0.2),
    )

    def xy(p: tuple[float, float]) -> tuple[float, float]:
        return pad + (p[1] * scale_x - min(xs)) * unit, height - pad - (p[0] - min(ys)) * unit

    parts = [frame]
    for i, line in enumerate(lines):
        if len(line) < 2:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in map(xy, line))
        colour = _COLOURS[i % len(_COLOURS)]
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3" '
            'stroke-linejoin="round" stroke-linecap="round"/>'
        )
    for i, line in enumerate(lines):
        if not line:
            continue
        x, y = xy(line[-1])
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="#fff" stroke="#333" stroke-width="2"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" font-family="sans-serif" '
            f'text-anchor="middle">{i + 1}</text>'
        )
    x, y = xy(lines[0][0] if lines[0] else every[0])
    parts.append(f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="#333"/>')
    return "".join(parts) + "</svg>"


def svg_data_uri(svg: str) -> str:
    """Return ``svg`` as a ``data:`` URI for an ``<img>``."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
