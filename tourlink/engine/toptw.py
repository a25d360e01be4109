"""Read the (T)OPTW benchmark files (Solomon- and Cordeau-based) into a :class:`Problem`.

Distance convention (stated with every result): Euclidean distances are
*truncated* to 0.1 for the Solomon-based sets and *rounded up* to 0.01 for the
Cordeau ``pr`` sets, as in Righini and Salani's distance matrices. Times are
integers in tenths (Solomon) or hundredths (Cordeau) of the file's time unit, and
distances are computed exactly from the decimal coordinates with integer square
roots, so no floating-point rounding can flip a feasibility verdict.

File format: rows with fewer than 9 fields are header (the number of customers is
the third header number, which survives the broken ``c204`` header); vertex rows
are ``i x y d S f a <a integers> O C`` with ``O`` and ``C`` the last two fields.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from math import isqrt
from pathlib import Path
from typing import Literal

from tourlink.engine.problem import Problem, Tour
from tourlink.exceptions import DataError, DataProblem

__all__ = [
    "Instance",
    "Vertex",
    "convention_for",
    "instance_paths",
    "read_bks",
    "read_instance",
    "read_optimal_routes",
    "read_reference",
]

Convention = Literal["floor1", "ceil2"]
_UNITS = {"floor1": 10, "ceil2": 100}


def convention_for(name: str) -> Convention:
    """Return the distance convention of instance ``name``.

    Examples
    --------
    >>> convention_for("pr03"), convention_for("c101"), convention_for("50_rc101")
    ('ceil2', 'floor1', 'floor1')
    """
    return "ceil2" if name.startswith("pr") else "floor1"


@dataclass(frozen=True, slots=True)
class Vertex:
    """One vertex row: id, exact coordinates, visit duration, score, window for the start."""

    id: int
    x: Decimal
    y: Decimal
    duration: Decimal
    score: int
    open: Decimal
    close: Decimal


@dataclass(frozen=True, slots=True)
class Instance:
    """A benchmark instance as read from its file (vertex 0 is the depot)."""

    name: str
    vertices: tuple[Vertex, ...]
    convention: Convention

    @property
    def unit(self) -> int:
        """Time steps per file time unit: 10 (truncated to 0.1) or 100 (rounded up to 0.01)."""
        return _UNITS[self.convention]

    def distance(self, i: int, j: int) -> int:
        """Return the convention distance from ``i`` to ``j`` in time steps, computed exactly.

        Examples
        --------
        >>> a = Vertex(0, Decimal(0), Decimal(0), Decimal(0), 0, Decimal(0), Decimal(9))
        >>> b = Vertex(1, Decimal(1), Decimal(1), Decimal(0), 1, Decimal(0), Decimal(9))
        >>> floor1, ceil2 = Instance("c0", (a, b), "floor1"), Instance("pr0", (a, b), "ceil2")
        >>> floor1.distance(0, 1), ceil2.distance(0, 1)
        (14, 142)
        """
        u, v = self.vertices[i], self.vertices[j]
        dx, dy = u.x - v.x, u.y - v.y
        square = dx * dx + dy * dy  # exact decimal
        _, digits, exponent = square.as_tuple()
        num = int("".join(map(str, digits)) or "0") * self.unit**2
        den = 1
        if isinstance(exponent, int) and exponent < 0:
            den = 10 ** (-exponent)
        elif isinstance(exponent, int):
            num *= 10**exponent
        root = isqrt(num // den)
        if self.convention == "ceil2" and root * root * den < num:
            root += 1
        return root

    def steps(self, value: Decimal, field: str) -> int:
        """Return ``value`` in integer time steps; refuse values finer than a step."""
        scaled = value * self.unit
        if scaled != scaled.to_integral_value():
            raise DataError(
                [DataProblem(self.name, "-", field, str(value), f"a multiple of 1/{self.unit}")]
            )
        return int(scaled)

    def to_problem(self, tours: int) -> Problem:
        """Build the :class:`Problem` with ``tours`` identical tours from and to the depot."""
        if tours < 1:
            raise ValueError(f"`tours` must be at least 1, got {tours}.")
        n = len(self.vertices)
        depot = self.vertices[0]
        travel = tuple(tuple(self.distance(i, j) for j in range(n)) for i in range(n))
        windows = tuple(
            ((self.steps(v.open, "O"), self.steps(v.close, "C")),) if v.id else ()
            for v in self.vertices
        )
        spec = Tour(
            start=0,
            end=0,
            earliest_departure=self.steps(depot.open, "O"),
            latest_arrival=self.steps(depot.close, "C"),
        )
        return Problem(
            scores=tuple(0 if v.id == 0 else v.score for v in self.vertices),
            durations=tuple(self.steps(v.duration, "d") for v in self.vertices),
            windows=windows,
            travel=travel,
            tours=(spec,) * tours,
        )


def read_instance(path: str | Path, convention: Convention | None = None) -> Instance:
    """Read one instance file.

    Parameters
    ----------
    path
        The ``.txt`` file.
    convention
        Distance convention; by default from the name (``pr*``: ``"ceil2"``, else ``"floor1"``).

    Raises
    ------
    DataError
        If the file does not follow the format (every problem listed).
    """
    path = Path(path)
    name = path.stem
    header: list[str] = []
    rows: list[list[str]] = []
    for line in path.read_text(encoding="ascii").splitlines():
        fields = line.split()
        if not fields:
            continue
        if len(fields) < 9:
            header.extend(fields)
        else:
            rows.append(fields)
    problems: list[DataProblem] = []
    vertices = []
    for index, fields in enumerate(rows):
        try:
            vertices.append(
                Vertex(
                    int(fields[0]),
                    Decimal(fields[1]),
                    Decimal(fields[2]),
                    Decimal(fields[3]),
                    int(Decimal(fields[4])),
                    Decimal(fields[-2]),
                    Decimal(fields[-1]),
                )
            )
        except (ValueError, InvalidOperation):
            problems.append(
                DataProblem(
                    name, f"row {index}", "vertex", " ".join(fields), "numbers i x y d S ... O C"
                )
            )
            continue
        if vertices[-1].id != index:
            problems.append(DataProblem(name, f"row {index}", "i", fields[0], str(index)))
    if len(header) < 3 or not header[2].isdigit() or int(header[2]) + 1 != len(rows):
        problems.append(
            DataProblem(
                name, "header", "N", " ".join(header), f"a customer count equal to {len(rows) - 1}"
            )
        )
    if problems:
        raise DataError(problems)
    return Instance(name, tuple(vertices), convention or convention_for(name))


def instance_paths(root: str | Path, set_name: str) -> list[Path]:
    """Return the instance files of benchmark set ``set_name`` under ``root``, sorted."""
    folder = Path(root) / set_name
    if not folder.is_dir():
        raise FileNotFoundError(f"benchmark set folder {folder} does not exist.")
    return sorted(folder.glob("*.txt"))


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_bks(root: str | Path) -> dict[tuple[str, int], int]:
    """Return best known scores by (instance, tours) from ``bks.csv``."""
    return {
        (r["instance"], int(r["tours"])): int(r["bks_score"])
        for r in _csv_rows(Path(root) / "bks.csv")
    }


def read_reference(root: str | Path) -> dict[tuple[str, int], int]:
    """Return the PyVRP 10 s reference scores by (instance, tours)."""
    return {
        (r["instance"], int(r["tours"])): int(r["score"])
        for r in _csv_rows(Path(root) / "reference_pyvrp_10s.csv")
    }


def read_optimal_routes(root: str | Path) -> dict[str, tuple[int, tuple[int, ...]]]:
    """Return the proven-optimal one-tour (score, route) per instance."""
    return {
        r["instance"]: (int(r["score"]), tuple(int(v) for v in r["route"].split()))
        for r in _csv_rows(Path(root) / "rs_optimal_routes_m1.csv")
    }
