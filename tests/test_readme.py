"""Tests that the README's Python example runs as written and its CLI ids exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tourlink.read import load_network

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_python_example_runs() -> None:
    """Tests that every ```python block of the README executes without error."""
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    assert blocks, "README has no python example"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def _site_ids_in(words: list[str]) -> set[str]:
    """Return the site ids a ``tourlink`` command line names."""
    if len(words) < 2:
        return set()
    command, rest = words[1], words[2:]
    if command == "plan":
        return {rest[i + 1] for i, word in enumerate(rest[:-1]) if word in {"--start", "--end"}}
    if command not in {"route", "show", "matrix"}:
        return set()
    positional = []
    skip = False
    for word in rest:
        if skip:
            skip = False
        elif word.startswith("--"):
            skip = word not in {"--json", "--shortest"}
        else:
            positional.append(word)
    return set(positional)


def test_cli_examples_name_real_sites() -> None:
    """Tests that each site id used in the README's console examples is in the catalogue."""
    network = load_network()
    console = "\n".join(re.findall(r"```console\n(.*?)```", README, flags=re.DOTALL))
    ids: set[str] = set()
    for line in console.replace("\\\n", " ").splitlines():
        ids |= _site_ids_in(shlex.split(line.split("#")[0].removeprefix("$ ")))
    assert {"kon-tum-city-centre", "pakse", "kon-tum-wooden-church"} <= ids
    assert sorted(i for i in ids if i not in network.sites) == []
