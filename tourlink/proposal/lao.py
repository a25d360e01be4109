"""Line-break opportunities for Lao text, which writes no spaces between words.

A layout engine that does not know where Lao words end (Pango, so WeasyPrint, does not)
can only break a Lao sentence where a space or punctuation happens to be: a long
sentence overflows its box, or breaks in the middle of a word. ICU's dictionary-based
word break iterator (PyICU) finds the word boundaries; a ZERO WIDTH SPACE (U+200B)
between words gives the layout engine a place to break that prints nothing.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import Any

__all__ = ["ZWSP", "break_lao", "lao_words"]

ZWSP = "\u200b"
_LAO_RUN = re.compile("[\u0e80-\u0eff]+")


@lru_cache(maxsize=1)
def _iterator() -> Any:
    try:
        import icu
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise RuntimeError(
            "Lao line breaking needs PyICU: python -m pip install 'tourlink[pdf]' "
            "(and the ICU headers first: apt-get install libicu-dev pkg-config g++)."
        ) from exc
    return icu.BreakIterator.createWordInstance(icu.Locale("lo"))


def lao_words(text: str) -> list[str]:
    """Return the words of a run of Lao text, as ICU's Lao dictionary splits it.

    Examples
    --------
    >>> lao_words("ຍິນດີຕ້ອນຮັບ")
    ['ຍິນດີ', 'ຕ້ອນຮັບ']
    """
    iterator = _iterator()
    iterator.setText(text)
    bounds = [0, *iterator]
    return [text[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def break_lao(text: str) -> str:
    """Return ``text`` with a zero-width space between the Lao words of every Lao run.

    Text outside the Lao block (U+0E80–U+0EFF), markup included, is left as it is.

    Examples
    --------
    >>> break_lao("Pakse: ຍິນດີຕ້ອນຮັບ").split(ZWSP)
    ['Pakse: ຍິນດີ', 'ຕ້ອນຮັບ']
    """
    return _LAO_RUN.sub(lambda m: ZWSP.join(lao_words(m.group(0))), text)
