"""tourlink: routes and multi-day itineraries across Kon Tum and southern Laos."""

from __future__ import annotations

__version__ = "0.1.0"
