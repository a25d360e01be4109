"""Tests that form fields holding numbers refuse what ``int()`` cannot read, never with a 500.

``str.isdigit`` accepts superscripts such as ``¹`` that ``int`` refuses, and ``int`` refuses
decimal strings over 4,300 digits: each reader must answer a clear refusal instead.
"""

from __future__ import annotations

import pytest

from tourlink.exceptions import InvalidRequestError
from tourlink_web.office import form as office_form
from tourlink_web.office import pages as office_pages
from tourlink_web.operator import form as operator_form
from tourlink_web.quotes import cardform
from tourlink_web.quotes import pages as quote_pages

ODD = ["¹", "²³", "٣" * 12, "9" * 5000, "-1", "1.5", ""]


@pytest.mark.parametrize("text", ODD)
def test_number_fields_refuse_cleanly(text: str) -> None:
    """Tests the office's, the operators' and the rate cards' readers on odd numbers."""
    with pytest.raises(InvalidRequestError) as caught:
        office_form._whole({"days": text}, "days", 1, 15, None)
    assert caught.value.field == "days"
    with pytest.raises(InvalidRequestError):
        operator_form._seats(text)
    with pytest.raises(InvalidRequestError):
        cardform._count({"rows": text})


@pytest.mark.parametrize("text", ODD)
def test_lenient_counts_fall_back(text: str) -> None:
    """Tests the readers that fall back to a default: office days and rows, quote sizes."""
    assert office_pages._days_of({"days": text}) == 1  # type: ignore[arg-type]
    assert office_pages._rows({"rows": text}) == 0  # type: ignore[arg-type]
    assert quote_pages._small(text) == -1
    assert quote_pages._small("12") == 12
