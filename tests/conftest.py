r"""Shared fixtures.

``tiny`` is a hand-checkable network (``tests/data/tiny``): five places around Kon Tum,
Măng Đen, Plei Kần and Attapeu with positions rounded from OpenStreetMap and whole-number
km, and speeds chosen so answers can be checked by hand (national roads 60 km/h by car =
1 min per km, access roads 30 km/h, the Bờ Y – Phou Keua gate 1 km at 10 km/h plus 30 min
formalities, mountain passes at half speed)::

    kon-tum-wooden-church -1- n-kon-tum -42 QL14- n-dak-to -18 QL14- n-ngoc-hoi -1- plei-kan
                               |    \\                  |                |
                    54 QL24 (pass,  30 provincial -- n-sa-thay -- 30     18 QL40
                    landslides 9-11)  (no coaches)                       |
                               |                                  n-bo-y-gate-vn
                          n-mang-den -1- mang-den                        | gate 1 km
                               \\-4 (no coaches)- pa-sy-waterfall    n-phou-keua-gate-la
                                                                         | 108 Route 18B
                                                                    n-attapeu -1- attapeu-town

The gate opens Mo-Su 07:00-17:00 and is closed 2027-02-05 to 2027-02-08 (Tết, assumed).

``real`` is the shipped network; tests using it skip while ``data/roads.json`` is absent.

``database_url``, ``db_engine`` and ``db_session`` (from ``tests/databases.py``) run a
storage test on SQLite and on PostgreSQL (``TOURLINK_TEST_DATABASE_URL``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from databases import database_url, db_engine, db_session, postgres_database  # noqa: F401
from hypothesis import settings

from tourlink.network import Network
from tourlink.read import load_dataset

# Property tests: derandomized on CI (a failure there must be reproducible from its log);
# random locally (each run explores new examples). HYPOTHESIS_PROFILE=ci|dev overrides.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", derandomize=False, print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")
)

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny"
BAD = DATA / "bad"
REPO_DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session")
def tiny() -> Network:
    """Return the hand-checkable network of ``tests/data/tiny``."""
    return Network(load_dataset(TINY))


@pytest.fixture(scope="session")
def real() -> Network:
    """Return the shipped network."""
    from tourlink.read import load_network

    return load_network(REPO_DATA)


def bad_copy(name: str, tmp: Path) -> Path:
    """Return a data folder: the tiny instance with ``tests/data/bad/<name>`` swapped in.

    A bad file replaces ``roads.json``, ``routes.json`` or ``sites.json``, whichever
    format it declares.
    """
    for file in ("sites.json", "roads.json"):
        shutil.copy(TINY / file, tmp / file)
    bad = BAD / name
    text = bad.read_text("utf-8")
    target = (
        "roads.json"
        if '"tourlink-roads/1"' in text
        else "routes.json"
        if '"tourlink-routes/1"' in text
        else "sites.json"
    )
    shutil.copy(bad, tmp / target)
    return tmp
