"""Tests that GPX, GeoJSON and iCalendar exports speak the reader's language (vi, lo).

The trip is the published Kon Tum → Bờ Y → Attapeu → Pakse tour chained by
:func:`tourlink.connect.connect` on the shipped data: it crosses the border, so its
warnings name the gate's assumed hours and papers, and every day carries a note. An
export in Vietnamese or Lao must hold none of the English sentences of those messages,
nor the English words of the exporters' own labels, and must still be a valid file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from collections.abc import Iterator
from typing import Any

import gpxpy
import pytest
import xmlschema
from export_cases import shared_schemas
from icalendar import Calendar
from rfc7946 import assert_rfc7946, schema_problems

from tourlink.connect import connect
from tourlink.export import export
from tourlink.itinerary import Itinerary
from tourlink.messages import MESSAGES, Message
from tourlink.network import Network
from tourlink.tours import load_tours
from tourlink.translations import FIELD_LABELS, renderer, translator

CROSS_BORDER = "kon-tum-bo-y-attapeu-pakse"
EXPORT_CODES = [c for c in MESSAGES if c.startswith("export.")]


@pytest.fixture(scope="module")
def trip(real: Network) -> Itinerary:
    """Return the cross-border tour scheduled from Tuesday 3 March 2026."""
    tours = {t.id: t for t in load_tours()}
    return connect([tours[CROSS_BORDER]], start_date=dt.date(2026, 3, 3), network=real)


def _messages(trip: Itinerary) -> Iterator[Message]:
    yield from trip.warnings
    for day in trip.days:
        yield from day.notes
        for legs in day.drives:
            for leg in legs:
                yield from leg.seasonal_risks


def _texts(fmt: str, body: bytes) -> list[str]:
    """Return every human-readable text of an export, unescaped and unfolded."""
    if fmt == "gpx":
        gpx = gpxpy.parse(body.decode("utf-8"))
        items = [gpx.name, gpx.description]
        items += [x for w in gpx.waypoints for x in (w.name, w.description)]
        items += [x for t in gpx.tracks for x in (t.name, t.description)]
        return [str(x) for x in items if x]
    if fmt == "geojson":
        return list(_strings(json.loads(body)))
    calendar = Calendar.from_ical(body)
    keys = ("SUMMARY", "DESCRIPTION", "LOCATION", "NAME", "X-WR-CALDESC", "X-WR-CALNAME")
    return [str(c[k]) for c in calendar.walk() for k in keys if k in c]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _english_words(code: str, lang: str) -> list[str]:
    """Return the literal parts of ``code``'s English template that its translation lacks."""
    english = MESSAGES[code]
    translated = translator(lang)(english)
    parts = [literal.strip() for literal, *_ in string.Formatter().parse(english)]
    # Two tokens at least ("min driving", "assumed ("): a lone word could be data free text.
    return [
        p
        for p in parts
        if len(p.split()) >= 2 and re.search(r"[A-Za-z]{3}", p) and p not in translated
    ]


def test_the_trip_has_messages_to_translate(trip: Itinerary) -> None:
    """Tests that the fixture trip carries gate warnings and day notes (else the test is empty)."""
    codes = {m.code for m in _messages(trip)}
    assert len(trip.warnings) >= 3 and "connect.tour-day" in codes


@pytest.mark.parametrize("lang", ["vi", "lo"])
@pytest.mark.parametrize("fmt", ["gpx", "geojson", "ics"])
def test_export_holds_no_english_message_text(
    trip: Itinerary, real: Network, fmt: str, lang: str
) -> None:
    """Tests that a vi or lo export holds no English rendering of a message, nor label words."""
    say = renderer(lang, real)
    english = renderer("en", real)
    body = export(trip, fmt, sites=real.sites, say=say)[0]
    text = "\n".join(_texts(fmt, body))
    leaks = [
        english(m)
        for m in _messages(trip)
        if english(m) != say(m) and m.code != "text" and english(m) in text
    ]
    assert leaks == []
    words = {w for code in EXPORT_CODES for w in _english_words(code, lang)}
    assert "min driving" in words or lang == "lo"  # the check looks at real label words
    assert [w for w in words if w in text] == []
    assert re.search(r"\bDay \d", text) is None
    # …and the reader's own language is there: the warnings as the page shows them.
    assert all(say(w) in text for w in trip.warnings)
    assert export(trip, fmt, sites=real.sites)[0] != body


@pytest.mark.parametrize("lang", ["vi", "lo"])
def test_localised_gpx_validates_against_the_xsd(trip: Itinerary, real: Network, lang: str) -> None:
    """Tests that the vi and lo GPX exports still validate against the GPX 1.1 XSD."""
    schema = xmlschema.XMLSchema(shared_schemas("gpx") / "gpx.xsd")
    body = export(trip, "gpx", sites=real.sites, say=renderer(lang, real))[0]
    assert [str(e.reason) for e in schema.iter_errors(body.decode("utf-8"))] == []


@pytest.mark.parametrize("lang", ["vi", "lo"])
def test_localised_geojson_obeys_the_schema(trip: Itinerary, real: Network, lang: str) -> None:
    """Tests that the vi and lo GeoJSON exports obey geojson.org's schema and RFC 7946."""
    doc = json.loads(export(trip, "geojson", sites=real.sites, say=renderer(lang, real))[0])
    assert schema_problems(doc, shared_schemas("geojson")) == []
    assert_rfc7946(doc)


@pytest.mark.parametrize("lang", ["vi", "lo"])
def test_localised_calendar_parses_with_the_same_events(
    trip: Itinerary, real: Network, lang: str
) -> None:
    """Tests that the vi and lo calendars parse back with the English one's events and times."""

    def events(body: bytes) -> list[tuple[str, Any]]:
        cal = Calendar.from_ical(body)
        return [(str(e["UID"]), e["DTSTART"].dt) for e in cal.walk("VEVENT")]

    english = export(trip, "ics", sites=real.sites)[0]
    local = export(trip, "ics", sites=real.sites, say=renderer(lang, real))[0]
    assert events(local) == events(english) and len(events(local)) > 5


def test_lao_labels_lead_with_the_lao_name(trip: Itinerary, real: Network) -> None:
    """Tests that Lao places lead with their Lao name in lo, Vietnamese ones their own in vi."""
    gpx_lo = gpxpy.parse(export(trip, "gpx", sites=real.sites, say=renderer("lo", real))[0])
    gpx_vi = gpxpy.parse(export(trip, "gpx", sites=real.sites, say=renderer("vi", real))[0])
    pakse = real.site("pakse")
    assert f"{pakse.name_lo} ({pakse.name})" in [w.name for w in gpx_lo.waypoints]
    kon_tum = real.site(trip.days[0].start_site)
    assert gpx_vi.waypoints[0].name == kon_tum.name


def test_assumptions_are_shown_under_a_field_label(trip: Itinerary, real: Network) -> None:
    """Tests that assumptions show a field label in the reader's language, not ``opening_hours``."""
    for lang in ("en", "vi", "lo"):
        body = export(trip, "geojson", sites=real.sites, say=renderer(lang, real))[0]
        notes = [n for f in json.loads(body)["features"] for n in f["properties"]["notes"]]
        label = translator(lang)(FIELD_LABELS["opening_hours"])
        assert any(f"({label})" in n for n in notes), lang
        assert not any("(opening_hours)" in n for n in notes)
