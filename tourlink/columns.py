"""Plain-text tables for the command line, aligned by the width text takes on a terminal.

Lao vowel signs and tone marks, and Vietnamese letters written with combining marks,
take no column of their own, so padding by ``len`` would push every column after a
Lao road name to the left. :func:`wcwidth.wcswidth` measures what a terminal draws.

Examples
--------
>>> print(table([["ທາງເລກ 13", "1.6"], ["QL14", "59.1"]], ["road", "km"]))
road       km
---------  ----
ທາງເລກ 13  1.6
QL14       59.1
"""

from __future__ import annotations

from collections.abc import Sequence

from wcwidth import wcswidth

__all__ = ["table", "width"]


def width(text: str) -> int:
    """Return the number of terminal columns ``text`` takes (its length if unprintable)."""
    measured = wcswidth(text)
    return measured if measured >= 0 else len(text)


def table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    """Return ``rows`` under ``header`` as aligned text, a dashed rule under the header.

    Parameters
    ----------
    rows
        The cells, one sequence per row, as many as ``header`` has.
    header
        The column titles.

    Returns
    -------
    str
        The lines of the table, columns two spaces apart, trailing spaces removed.
    """
    widths = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(c + " " * (w - width(c)) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in [header, ["-" * w for w in widths], *rows]
    ]
    return "\n".join(lines)
