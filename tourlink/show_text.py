"""The text of one place, as ``tourlink show`` prints it, in vi, en or lo.

The name and description come in the reader's language where the data has them; a
description that falls back to another language says which (``[en]``). Labels (opening
hours, visit length, fee, interest, assumptions, sources) are message codes written from
the library's catalogues; opening hours are described in words of that language. Zone,
country and kind stay as the values ``tourlink sites --zone/--country/--kind`` takes.

Examples
--------
>>> from tourlink.read import load_network
>>> net = load_network()
>>> render_site(net.site("wat-phou"), "lo").splitlines()[0]
'ວັດພູ (Wat Phou) [wat-phou]'
"""

from __future__ import annotations

from collections.abc import Sequence

from babel.numbers import format_decimal

from tourlink.columns import table
from tourlink.hours import describe
from tourlink.messages import define, message
from tourlink.model import Site
from tourlink.translations import FIELD_LABELS, renderer, site_name, site_text

__all__ = ["render_site", "render_sites"]

FORMERLY = define("cli.show.formerly", "{admin}; formerly {former}")
PLACE = define("cli.show.place", "{lat}, {lon}  {country}  zone {zone}  {kind}")
FACTS = define("cli.show.facts", "open: {hours}  visit: {minutes} min  fee: {fee}")
FREE = define("cli.show.free", "free")
INTEREST = define("cli.show.interest", "interest {interest}/10: {reason}")
ASSUMED = define("cli.show.assumed", "assumed ({field}): {text}")
SOURCE = define("cli.show.source", "source: {source}")
COLUMNS = tuple(
    define(f"cli.sites.column-{name}", name)
    for name in ("id", "name", "country", "zone", "kind", "interest")
)
COUNT = define("cli.sites.count", "{count} site(s)")


def render_site(site: Site, lang: str = "en") -> str:
    """Return the readable text of ``site`` in ``lang`` (vi, en or lo).

    Parameters
    ----------
    site
        The place.
    lang
        The reader's language; an unknown one gives English.

    Returns
    -------
    str
        Its names and id, administrative unit, position, hours, visit length and fee,
        interest, description, assumptions and sources, one per line.
    """
    say = renderer(lang)
    lang = say.locale
    name = site_name(site, lang)
    other = site.name_en if lang == "vi" else site.name
    names = name if other in ("", name) else f"{name} ({other})"
    admin = site.admin
    if site.former_admin:
        admin = say(message(FORMERLY, admin=site.admin, former=site.former_admin))
    if site.fee is None or site.fee.amount == 0:
        fee = say(message(FREE))
    else:
        fee = f"{format_decimal(site.fee.amount, locale=lang)} {site.fee.currency}"
    text, written_in = site_text(site, "description", lang)
    place = message(
        PLACE,
        lat=f"{site.lat:.5f}",
        lon=f"{site.lon:.5f}",
        country=site.country,
        zone=site.zone,
        kind=site.kind,
    )
    facts = message(
        FACTS,
        hours=describe(site.opening_hours, lang=lang),
        minutes=site.visit_minutes,
        fee=fee,
    )
    lines = [
        f"{names} [{site.id}]",
        f"  {admin}",
        f"  {say(place)}",
        f"  {say(facts)}",
        f"  {say(message(INTEREST, interest=f'{site.interest:g}', reason=site.interest_reason))}",
        f"  {text}" if written_in == lang else f"  [{written_in}] {text}",
    ]
    for a in site.assumptions:
        label = say.translate(FIELD_LABELS.get(a.field, a.field))
        lines.append(f"  {say(message(ASSUMED, field=label, text=a.text))}")
    lines += [f"  {say(message(SOURCE, source=src))}" for src in site.sources]
    return "\n".join(lines)


def render_sites(found: Sequence[Site], lang: str = "en") -> str:
    """Return ``found`` as a table (id, name in ``lang``, country, zone, kind, interest).

    Parameters
    ----------
    found
        The places, in the order to list them.
    lang
        The reader's language; an unknown one gives English.

    Returns
    -------
    str
        The table and a last line with the number of places.
    """
    say = renderer(lang)
    rows = [
        [s.id, site_name(s, say.locale), s.country, s.zone, s.kind, f"{s.interest:g}"]
        for s in found
    ]
    header = [say(message(code)) for code in COLUMNS]
    return table(rows, header) + "\n" + say(message(COUNT, count=len(found)))
