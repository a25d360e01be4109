"""Tests that the installed distribution carries every module, template and data file.

``tourlink serve`` must work after a plain ``pip install .``, not only in an editable
checkout, so the explicit package list in ``pyproject.toml`` must name every package folder.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _config() -> dict[str, object]:
    with (REPO / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["tool"]["setuptools"]  # type: ignore[no-any-return]


def test_every_package_folder_is_listed_for_installation() -> None:
    """Tests that each folder with an ``__init__.py`` is in the explicit package list."""
    config = _config()
    listed = set(config["packages"])  # type: ignore[call-overload]
    folders = {"tourlink": "tourlink", "web": "tourlink_web", "data": "tourlink_data"}
    found = set()
    for folder, name in folders.items():
        for init in (REPO / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(REPO / folder)
            found.add(".".join((name, *relative.parts)))
    assert found - listed == set()


def test_package_dir_maps_web_and_data_folders() -> None:
    """Tests that the web and data folders install under their import names."""
    mapping = _config()["package-dir"]
    assert mapping == {"tourlink": "tourlink", "tourlink_web": "web", "tourlink_data": "data"}


def test_shipped_data_files_are_package_data() -> None:
    """Tests that every JSON data file matches the package-data patterns of tourlink_data."""
    patterns = _config()["package-data"]["tourlink_data"]  # type: ignore[index]
    for path in (REPO / "data").glob("*.json"):
        assert any(path.match(pattern) for pattern in patterns), path.name
