"""Name search helpers: diacritics-insensitive matching and "did you mean" suggestions.

Vietnamese names are compared without tone marks and with ``đ`` read as ``d``, so
``"mang den"`` finds *Măng Đen*; Lao script is transliterated by :mod:`unidecode`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from unidecode import unidecode

__all__ = ["fold", "matches", "suggest"]

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Return ``text`` lower-cased, without diacritics, punctuation collapsed to spaces.

    Parameters
    ----------
    text
        Any text (Vietnamese, English, Lao).

    Returns
    -------
    str
        ASCII words separated by single spaces.

    Examples
    --------
    >>> fold("Măng Đen")
    'mang den'
    >>> fold("Bờ Y – Phou Keua")
    'bo y phou keua'
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = unidecode(stripped).lower()
    return _NON_WORD.sub(" ", ascii_text).strip()


def matches(query: str, fields: Iterable[str]) -> bool:
    """Return whether every word of ``query`` occurs in one of ``fields`` (folded).

    Examples
    --------
    >>> matches("mang den", ["Khu du lịch Măng Đen", "Mang Den eco-tourism area"])
    True
    >>> matches("pakse", ["Kon Tum"])
    False
    """
    words = fold(query).split()
    if not words:
        return True
    haystack = " " + " ".join(fold(f) for f in fields) + " "
    return all(word in haystack for word in words)


def suggest(wanted: str, candidates: Iterable[str], *, n: int = 1) -> list[str]:
    """Return up to ``n`` candidates closest to ``wanted`` (by :mod:`difflib`).

    Examples
    --------
    >>> suggest("pa-sy-falls", ["pa-sy-waterfall", "kon-tum-wooden-church"])
    ['pa-sy-waterfall']
    """
    pool = list(candidates)
    found = difflib.get_close_matches(wanted, pool, n=n, cutoff=0.6)
    if found:
        return found
    by_fold = {fold(c): c for c in pool}
    return [by_fold[f] for f in difflib.get_close_matches(fold(wanted), list(by_fold), n=n)]
