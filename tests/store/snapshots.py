"""Small hand-written snapshots for storage tests (the shape a saved version stores)."""

from __future__ import annotations

from typing import Any

__all__ = ["snapshot"]


def snapshot(
    start_date: str = "2026-03-02", stops: tuple[int, ...] = (2, 1), violations: int = 0
) -> dict[str, Any]:
    """Return a snapshot with ``len(stops)`` days holding that many stops each."""
    days = [
        {
            "date": start_date,
            "stops": [{"id": f"site-{d}-{s}"} for s in range(count)],
            "overnight": "kon-tum-city-centre",
        }
        for d, count in enumerate(stops)
    ]
    return {
        "itinerary": {
            "request": {
                "start": "kon-tum-city-centre",
                "start_date": start_date,
                "days": len(days),
            },
            "days": days,
            "warnings": [],
            "totals": {},
        },
        "seed": 0,
        "data_version": "test-1",
        "violations": [
            {"kind": "hours", "day": 0, "site": "site-0-0", "message": "closed"}
            for _ in range(violations)
        ],
    }
