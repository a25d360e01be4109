"""Tests of tourlink.messages: codes, parameters, rendering and the JSON form."""

from __future__ import annotations

import datetime as dt

import pytest

from tourlink.messages import MESSAGES, Message, Ref, define, message, placeholders

GATE = define("test.gate-closed", "{crossing} is closed from {start} to {end}: {reason}.")
LIST = define("test.documents", "Carry {documents}.")
REASON = define("test.reason", "closed for {holiday}")
PASS = Ref("crossing", "bo-y-phou-keua", "Bờ Y – Phou Keua gate")


def test_message_renders_english_with_names_dates_and_nested_messages() -> None:
    """Tests that references show their name, dates read as words, nested messages render."""
    m = message(
        GATE,
        crossing=PASS,
        start=dt.date(2027, 2, 5),
        end=dt.date(2027, 2, 8),
        reason=message(REASON, holiday="Tết"),
    )
    assert (
        str(m) == "Bờ Y – Phou Keua gate is closed from 5 Feb 2027 to 8 Feb 2027: closed for Tết."
    )


def test_json_form_keeps_code_raw_params_and_text() -> None:
    """Tests that to_dict gives the code, ISO dates, reference objects and the text."""
    m = message(
        GATE,
        crossing=PASS,
        start=dt.date(2027, 2, 5),
        end=dt.date(2027, 2, 8),
        reason=message(REASON, holiday="Tết"),
    )
    data = m.to_dict()
    assert data["code"] == GATE
    assert data["params"]["start"] == "2027-02-05"
    assert data["params"]["crossing"] == {
        "kind": "crossing",
        "id": "bo-y-phou-keua",
        "name": "Bờ Y – Phou Keua gate",
    }
    assert data["params"]["reason"]["code"] == REASON
    assert data["text"] == str(m)


def test_render_uses_translator_namer_and_locale() -> None:
    """Tests that a presentation layer's template, names and locale formats are used."""
    m = message(LIST, documents=("passport", Ref("document", "visa", "visa")))
    vi = m.render(
        "vi",
        translate={"Carry {documents}.": "Mang theo {documents}."}.get,
        name=lambda ref: {"visa": "thị thực"}[ref.id],
    )
    assert vi == "Mang theo passport và thị thực."
    assert message(define("test.count", "{n} sites"), n=1250).render("vi") == "1.250 sites"


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({}, r"takes parameters \['documents'\], got \[\]"),
        ({"documents": "x", "extra": 1}, r"got \['documents', 'extra'\]"),
    ],
)
def test_wrong_parameters_are_refused(params: dict[str, str], match: str) -> None:
    """Tests that a message with missing or extra parameters is refused, naming both sets."""
    with pytest.raises(ValueError, match=match):
        message(LIST, **params)


def test_unknown_code_and_conflicting_definition_are_refused() -> None:
    """Tests that undefined codes and a second, different template for a code are refused."""
    with pytest.raises(KeyError, match="not defined"):
        Message("test.nowhere")
    with pytest.raises(ValueError, match="already defined"):
        define(LIST, "Bring {documents}.")
    assert define(LIST, "Carry {documents}.") == LIST
    assert MESSAGES[LIST] == "Carry {documents}."


def test_placeholders_reject_positional_fields_and_refs_need_names() -> None:
    """Tests that templates use named fields only and a reference never has an empty name."""
    with pytest.raises(ValueError, match="must be a name"):
        placeholders("{} and {0}")
    with pytest.raises(ValueError, match="needs a display name"):
        Ref("site", "thac-pa-sy", "")


def test_unique_compares_messages_by_code_and_parameters() -> None:
    """Tests texts.unique: equal structures merge (in first-seen order), others stay apart.

    Two messages whose English text is the same but whose parameters differ (a Ref with
    another id, say) are both kept: another language may say them differently.
    """
    from tourlink.texts import unique

    code = define("example.unique", "{site}: {why}")
    inner = define("example.unique-inner", "closed {date}")
    kon_tum = Ref("site", "kon-tum-museum", "Kon Tum museum")
    same_name = Ref("site", "kon-tum-museum-annex", "Kon Tum museum")
    why = message(inner, date=dt.date(2027, 2, 6))
    a = message(code, site=kon_tum, why=why)
    b = message(code, site=kon_tum, why=message(inner, date=dt.date(2027, 2, 6)))
    c = message(code, site=same_name, why=why)
    d = message(code, site=kon_tum, why=message(inner, date=dt.date(2027, 2, 7)))
    assert unique([a, c, b, d, a]) == (a, c, d)
    assert unique([]) == () and unique(iter([a])) == (a,)
