"""Fixtures of the web front end tests.

``app`` is the application built on the shipped data (``TOURLINK_DATA_DIR`` may point
elsewhere), with a short planning time limit so the suite stays quick and no map tiles
(markers and routes must still draw). ``client`` is its Flask test client. ``SCHEMAS`` is
``<repo>/../shared/schemas``; tests that need it skip where it is absent unless
``CI=true``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from shared_files import SHARED, shared_path
from workspace_helpers import saved_snapshot, ws_app  # noqa: F401 (the workspace fixtures)

from tourlink_web import create_app

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO.parent / "shared" / "schemas"
#: A real 3-day trip on the shipped data: Kon Tum city centre, the wooden church and
#: Pa Sỹ waterfall in Măng Đen.
TRIP = {
    "start": "kon-tum-city-centre",
    "start_date": "2026-03-02",
    "days": 3,
    "mode": "car",
    "interests": {"nature": 2, "culture": 1.5},
    "must_visit": ["kon-tum-wooden-church", "thac-pa-sy"],
}


def need_shared(path: Path) -> Path:
    """Return ``path`` under ``../shared``, skipping the test where it is absent (not on CI)."""
    return shared_path(*path.resolve().relative_to(SHARED.resolve()).parts)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """Return the application on the shipped data, configured for tests."""
    database = tmp_path_factory.mktemp("app-db") / "tourlink.sqlite"
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{database}",
            "DATABASE_AUTO_UPGRADE": True,
            "PLAN_TIME_LIMIT": 0.5,
            "TILE_URL": "",
            "SECRET_KEY": "tests",
            "RATELIMIT_ENABLED": False,  # tests/web/test_limits.py builds limited apps
        }
    )


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    """Return a test client (fresh cookies for every test)."""
    with app.test_client() as test_client:
        yield test_client
