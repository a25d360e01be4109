"""How the exports name places, roads and gates and render their notes in a language.

The helpers of :mod:`tourlink.export._common` that turn the library's data and messages
into the reader's words, with a :class:`~tourlink.translations.Renderer`.
"""

from __future__ import annotations

from collections.abc import Iterable

from tourlink.export import texts as t
from tourlink.messages import Message, Ref, message
from tourlink.model import Assumption, Leg
from tourlink.texts import MODE_NAMES
from tourlink.translations import FIELD_LABELS, Renderer, has_lao_script, renderer

__all__ = [
    "assumed",
    "crossing_name",
    "documents",
    "label_of",
    "leg_notes",
    "mode_ref",
    "road_list",
    "say_of",
    "text_of",
]


def label_of(name: str, name_en: str, name_lo: str, locale: str) -> str:
    """Return how an export names a place for a reader of ``locale``.

    English: the local name followed by the English one when they differ; Vietnamese: the
    local name; Lao: the Lao-script name followed by the local one, when the data has a
    Lao name (otherwise as in English).

    >>> label_of("Nhà thờ Gỗ", "Wooden Church", "", "vi")
    'Nhà thờ Gỗ'
    >>> label_of("Pakse", "Pakse", "ປາກເຊ", "lo")
    'ປາກເຊ (Pakse)'
    """
    if locale == "vi":
        return name
    if locale == "lo" and has_lao_script(name_lo) and name_lo != name:
        return f"{name_lo} ({name})"
    if name_en and name_en != name:
        return f"{name} ({name_en})"
    return name


def say_of(say: Renderer | None) -> Renderer:
    """Return ``say``, or the English renderer when it is ``None``."""
    return say if say is not None else renderer("en")


def text_of(say: Renderer, item: Message | str) -> str:
    """Return a message rendered by ``say``, or a plain string as it is."""
    return say(item) if isinstance(item, Message) else str(item)


def assumed(say: Renderer, assumptions: Iterable[Assumption]) -> tuple[str, ...]:
    """Return "assumed (<field label>): <text>" for each assumption, in ``say``'s language."""
    out = []
    for a in assumptions:
        field = Ref("text", a.field, FIELD_LABELS.get(a.field, a.field))
        out.append(say(message(t.ASSUMED, field=field, text=a.text)))
    return tuple(out)


def leg_notes(legs: Iterable[Leg], say: Renderer | None = None) -> tuple[str, ...]:
    """Return warnings carried by ``legs``: mountain passes and seasonal risks.

    ``say`` renders them (English when ``None``).
    """
    said = say_of(say)
    notes: list[str] = []
    for leg in legs:
        if leg.mountain_pass:
            road = Ref("road", leg.road, leg.road)
            notes.append(said(message(t.MOUNTAIN_PASS, road=road)))
        notes.extend(text_of(said, risk) for risk in leg.seasonal_risks)
    return tuple(dict.fromkeys(notes))


def documents(say: Renderer, code: str, documents: Iterable[str]) -> list[str]:
    """Return one note of ``code`` per document, each paper named in ``say``'s language."""
    return [say(message(code, document=Ref("document", d, d))) for d in documents]


def road_list(say: Renderer, roads: Iterable[str]) -> str:
    """Return the road names joined by commas, or "none", in ``say``'s language."""
    names = [say.name(Ref("road", road, road)) for road in roads]
    return ", ".join(names) if names else say(message(t.NO_ROADS))


def mode_ref(mode: str) -> Ref:
    """Return the reference of a travel mode (its name is a catalogue entry)."""
    return Ref("mode", mode, MODE_NAMES.get(mode, mode))


def crossing_name(say: Renderer, crossing_id: str) -> str:
    """Return a border crossing's name in ``say``'s language (its id without the data)."""
    crossings = getattr(getattr(say.network, "dataset", None), "crossings", {}) or {}
    found = crossings.get(crossing_id)
    name = found.name if found is not None else crossing_id
    return say.name(Ref("crossing", crossing_id, name))
