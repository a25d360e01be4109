"""Read and validate the data files into immutable objects, all problems at once.

:func:`load_dataset` checks ``sites.json`` and ``roads.json`` against their JSON Schemas
(:mod:`tourlink.schema`), then checks what a schema cannot: references, duplicate ids,
road lengths against the geodesic between their ends, access distances, connectivity,
opening hours, time zones and speeds. Every problem is collected and one
:class:`~tourlink.exceptions.DataError` lists them all; nothing is half loaded.
Other files in the folder (such as published ``routes.json``) are ignored here.

The package has one module per step: :mod:`.dataset` (the result and the limits),
``_loader`` (reading files and JSON Schema problems), ``_records`` (records to frozen
types), ``_checks`` (references, lengths, connectivity) and ``_rules`` (hours, time
zones, Lao script, speeds).
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from tourlink.network import Network
from tourlink.read._loader import Loader
from tourlink.read.dataset import (
    GEODESIC_TOLERANCE,
    MAX_ACCESS_KM,
    MAX_DETOUR,
    UNVERSIONED,
    Dataset,
)

__all__ = [
    "GEODESIC_TOLERANCE",
    "MAX_ACCESS_KM",
    "MAX_DETOUR",
    "UNVERSIONED",
    "Dataset",
    "default_data_dir",
    "load_dataset",
    "load_network",
]


def default_data_dir() -> Path:
    """Return the folder of the shipped data (the installed package ``tourlink_data``).

    Returns
    -------
    pathlib.Path
        The folder holding ``sites.json``, ``roads.json`` and ``routes.json``.

    Raises
    ------
    ModuleNotFoundError
        If the data package ``tourlink_data`` is not installed (a broken installation).

    Examples
    --------
    >>> default_data_dir().name in {"data", "tourlink_data"}
    True
    """
    return Path(str(resources.files("tourlink_data")))


def load_dataset(data_dir: str | Path | None = None) -> Dataset:
    """Read and validate ``sites.json`` and ``roads.json`` from ``data_dir``.

    Parameters
    ----------
    data_dir
        Folder holding the files; the shipped data when ``None``.

    Returns
    -------
    Dataset
        The validated data.

    Raises
    ------
    DataError
        Listing every problem found, if there is any.

    Examples
    --------
    >>> len(load_dataset().sites) > 90
    True
    """
    path = Path(data_dir) if data_dir is not None else default_data_dir()
    return Loader(path).run()


def load_network(data_dir: str | Path | None = None) -> Network:
    """Return the :class:`~tourlink.network.Network` of ``data_dir``, loaded once per path.

    Parameters
    ----------
    data_dir
        Folder holding the data files; the shipped data when ``None``.

    Returns
    -------
    Network
        The network, cached: later calls with the same folder return the same object.

    Raises
    ------
    DataError
        Listing every problem found in the files, if there is any.

    Examples
    --------
    >>> load_network() is load_network(default_data_dir())
    True
    """
    path = Path(data_dir) if data_dir is not None else default_data_dir()
    return _cached_network(path.resolve())


@functools.lru_cache(maxsize=8)
def _cached_network(path: Path) -> Network:
    return Network(load_dataset(path))
