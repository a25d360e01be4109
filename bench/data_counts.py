"""Count what issue 12 measures in a data folder: sites, names, estimates, distances.

Reads the JSON files directly (no loader, so it also counts an old checkout's data) and
prints one ``key=value`` line per figure, then one summary line::

    data: version=X sites=N attractions=N new_since_1.0=N lao_sites=N lao_named=N ...

Figures:

* ``sites`` / ``attractions`` / ``retired``: records of ``sites.json``;
* ``new_since_baseline``: attractions whose id is not in the ``--baseline`` folder's sites
  (e.g. data 1.0, the parent of commit 47dc85d);
* ``lao_sites`` / ``lao_named`` / ``lao_described``: Lao sites, and those with a
  Lao-script ``name_lo`` / ``description_lo``; ``lao_named_flagged``: of those names, the
  transcriptions carrying a ``name_lo`` assumption; ``vn_lao_named``: Vietnamese sites with one;
* ``coordinate_assumptions``: sites with an assumption on ``lat`` or ``lon``;
* ``approximate_nodes``: road nodes whose note says "approximate";
* ``reference_distances`` / ``independent``: rows of ``reference_distances.json`` and
  those with ``"calibration": false``;
* ``overnight`` / ``overnight_with_lodging``.

Usage: ``python bench/data_counts.py [DATA_DIR] [--baseline OTHER_DATA_DIR]``
(e.g. ``git worktree``/``git show`` an old commit's ``data/`` into a folder to compare).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

LAO = re.compile("[\u0e80-\u0eff]")
DEFAULT = Path(__file__).resolve().parent.parent / "data"


def _load(folder: Path, name: str) -> Any:
    return json.loads((folder / name).read_text("utf-8"))


def counts(folder: Path, baseline: set[str] | None = None) -> dict[str, str | int]:
    """Return the figures of one data folder, in print order."""
    sites: list[dict[str, Any]] = _load(folder, "sites.json")["sites"]
    roads = _load(folder, "roads.json")
    refs: list[dict[str, Any]] = _load(folder, "reference_distances.json")
    version = "unversioned"
    if (folder / "dataset.json").exists():
        version = _load(folder, "dataset.json")["version"]
    lao = [s for s in sites if s["country"] == "LA"]
    attractions = [s for s in sites if s["kind"] == "attraction"]
    overnight = [s for s in sites if s.get("overnight")]
    out: dict[str, str | int] = {
        "version": version,
        "sites": len(sites),
        "attractions": len(attractions),
        "retired": sum(1 for s in sites if s.get("retired")),
    }
    if baseline is not None:
        out["new_since_baseline"] = sum(1 for s in attractions if s["id"] not in baseline)
    out |= {
        "lao_sites": len(lao),
        "lao_named": sum(1 for s in lao if LAO.search(s.get("name_lo") or "")),
        "lao_named_flagged": sum(
            1
            for s in lao
            if LAO.search(s.get("name_lo") or "")
            and any(a["field"] == "name_lo" for a in s.get("assumptions", ()))
        ),
        "lao_described": sum(1 for s in lao if LAO.search(s.get("description_lo") or "")),
        "vn_lao_named": sum(
            1 for s in sites if s["country"] != "LA" and LAO.search(s.get("name_lo") or "")
        ),
        "vn_lao_described": sum(
            1 for s in sites if s["country"] != "LA" and LAO.search(s.get("description_lo") or "")
        ),
        "coordinate_assumptions": sum(
            1 for s in sites if any(a["field"] in ("lat", "lon") for a in s.get("assumptions", ()))
        ),
        "nodes": len(roads["nodes"]),
        "approximate_nodes": sum(1 for n in roads["nodes"] if "approximate" in n.get("note", "")),
        "reference_distances": len(refs),
        "independent": sum(1 for r in refs if r["calibration"] is False),
        "overnight": len(overnight),
        "overnight_with_lodging": sum(1 for s in overnight if s.get("lodging")),
    }
    return out


def main(argv: list[str] | None = None) -> None:
    """Print the figures of ``DATA_DIR`` (default: the shipped data)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--baseline", type=Path, help="an older data folder to compare with")
    args = parser.parse_args(argv)
    baseline = None
    if args.baseline is not None:
        baseline = {s["id"] for s in _load(args.baseline, "sites.json")["sites"]}
    figures = counts(args.data, baseline)
    print("data: " + " ".join(f"{k}={v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
