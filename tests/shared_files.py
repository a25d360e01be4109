"""Find files of ``../shared`` (benchmarks, official schemas) beside the repository.

They are not part of the repository: a test that needs them skips with a clear reason in a
clone without ``../shared``, and fails instead where ``CI=true`` (CI always has them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_path(*parts: str) -> Path:
    """Return ``../shared/<parts>``; skip the calling test where it is absent (fail on CI)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing, and CI=true requires it")
        pytest.skip(f"{path} is absent (a clone without ../shared next to the repository)")
    return path


def toptw_root() -> Path:
    """Return the TOPTW benchmark folder ``../shared/benchmarks/toptw``."""
    return shared_path("benchmarks", "toptw")
