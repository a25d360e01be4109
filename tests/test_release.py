"""Tests that the release files agree: one version number, the licence, the changelog."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import tourlink

REPO = Path(__file__).resolve().parent.parent


def test_version_flag_prints_the_package_version() -> None:
    """Tests that ``tourlink --version`` prints ``tourlink.__version__`` and exits 0."""
    result = subprocess.run(
        [sys.executable, "-c", "from tourlink.cli import main; main(['--version'])"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"tourlink {tourlink.__version__}"


def test_installed_metadata_reads_the_same_version() -> None:
    """Tests that the package metadata's version is the one written in ``__init__.py``."""
    assert importlib.metadata.version("tourlink") == tourlink.__version__


def test_version_is_written_once_and_read_dynamically() -> None:
    """Tests that pyproject.toml reads the version from tourlink.__version__."""
    with (REPO / "pyproject.toml").open("rb") as handle:
        config = tomllib.load(handle)
    assert "version" not in config["project"]
    assert "version" in config["project"]["dynamic"]
    dynamic = config["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "tourlink.__version__"}


def test_citation_and_changelog_name_the_current_version() -> None:
    """Tests that CITATION.cff and CHANGELOG.md are updated with every version bump."""
    citation = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(rf'^version: "{re.escape(tourlink.__version__)}"$', citation, re.M)
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(
        rf"^## \[{re.escape(tourlink.__version__)}\] - \d{{4}}-\d\d-\d\d$", changelog, re.M
    )


def test_licence_file_is_mit_and_shipped() -> None:
    """Tests that LICENSE holds the MIT text and the build includes it in the distributions."""
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text
    with (REPO / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]


def test_api_root_and_headers_name_software_and_data_versions() -> None:
    """Tests that ``GET /api/v1/`` and every API response name both versions."""
    from tourlink_web import create_app

    app = create_app({"TESTING": True})
    data_version = tourlink.load_dataset().version
    with app.test_client() as client:
        about = client.get("/api/v1/")
        sites = client.get("/api/v1/sites")
    assert about.status_code == 200
    assert about.get_json() == {
        "name": "tourlink",
        "version": tourlink.__version__,
        "data_version": data_version,
        "openapi": "/api/v1/openapi.json",
    }
    assert sites.headers["X-Tourlink-Version"] == tourlink.__version__
    assert sites.headers["X-Tourlink-Data-Version"] == data_version


def test_footer_of_every_page_shows_both_versions() -> None:
    """Tests that the web footer names the software version and the data version."""
    from tourlink_web import create_app

    app = create_app({"TESTING": True})
    with app.test_client() as client:
        page = client.get("/?lang=en").get_data(as_text=True)
    data_version = tourlink.load_dataset().version
    assert f"tourlink {tourlink.__version__}, data version {data_version}" in page
