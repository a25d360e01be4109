"""Tests that the CI habits stay switched on: Hypothesis profiles, coverage, strict types."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]


def test_hypothesis_is_derandomized_exactly_on_ci() -> None:
    """Tests that CI=true runs property tests derandomized and local runs randomly."""
    wanted = os.environ.get("HYPOTHESIS_PROFILE") or (
        "ci" if os.environ.get("CI") == "true" else "dev"
    )
    assert settings.get_profile("ci").derandomize is True
    assert settings.get_profile("dev").derandomize is False
    assert settings.default.derandomize is (wanted == "ci")


def test_ci_runs_the_readme_command_with_coverage_and_the_gates() -> None:
    """Tests that .ci/run keeps the README test command, coverage and ruff/format/mypy."""
    script = (REPO / ".ci" / "run").read_text("utf-8")
    readme = (REPO / "README.md").read_text("utf-8")
    command = "python -m pip install -e '.[test]' && python -m pytest"
    assert command in readme and command in script
    for gate in ("--cov", "ruff check .", "ruff format --check .", "\\nmypy"):
        assert gate.replace("\\n", "\n") in script, gate


def test_strict_types_and_coverage_cover_both_packages() -> None:
    """Tests that mypy (strict) and coverage both measure tourlink and tourlink_web."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]
    assert config["mypy"]["strict"] is True
    assert set(config["mypy"]["packages"]) == {"tourlink", "tourlink_web"}
    assert set(config["coverage"]["run"]["source"]) == {"tourlink", "tourlink_web"}
    assert config["coverage"]["run"]["branch"] is True
    assert config["coverage"]["report"]["fail_under"] >= 90
    exempt = [o for o in config["mypy"].get("overrides", []) if "tourlink_web" in str(o)]
    assert exempt == []
