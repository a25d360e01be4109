"""The text of a route, as ``tourlink route`` prints it, in vi, en or lo.

Every label (the summary line, the departure and arrival, the table's columns, the
border line and each warning) is a message code with an English template, written in
the reader's language from the library's catalogues (``tourlink/locale``). Places are
shown by their names, never by their ids: a site by its name in the reader's language,
a road junction by the name the data gives it. Columns are aligned by the width the
text takes on a terminal (:func:`tourlink.columns.table`), so Lao rows line up too.

Examples
--------
>>> from tourlink.read import load_network
>>> from tourlink.routing import route
>>> net = load_network()
>>> trip = route("kon-tum-city-centre", "attapeu", network=net)
>>> render_route(trip, net, "vi").splitlines()[0]
'Trung tâm thành phố Kon Tum → Attapeu (Samakkhixay) bằng ô tô: 190,5 km, 5 giờ 26 phút'
"""

from __future__ import annotations

from typing import Any

from babel.dates import format_datetime
from babel.numbers import format_decimal

from tourlink.columns import table
from tourlink.messages import Ref, define, message
from tourlink.model import Leg, Route
from tourlink.network import Network
from tourlink.routing import TravelMatrix
from tourlink.texts import HOURS_MINUTES, MODE_NAMES
from tourlink.translations import Renderer, renderer

__all__ = ["Writer", "leg_rows", "render_matrix", "render_route"]

HEADER = define("cli.route.header", "{origin} → {destination} by {mode}: {km} km, {duration}")
TIMES = define("cli.route.times", "depart {depart}, arrive {arrive}")
ALTERNATIVE = define("cli.route.alternative", "alternative {number}: {route}")
ROAD = define("cli.route.column-road", "road")
FROM = define("cli.route.column-from", "from")
TO = define("cli.route.column-to", "to")
KM = define("cli.route.column-km", "km")
MINUTES = define("cli.route.column-minutes", "min")
BORDER = define("cli.route.border", "border: {crossing}; documents: {documents}")
WARNING = define("cli.route.warning", "warning: {warning}")
MATRIX = define("cli.matrix.title", "minutes by {mode} (row → column)")
CORNER = define("cli.matrix.corner", "from \\ to")
LEGEND = define("cli.matrix.legend", "{number}: {name} [{id}]")


class Writer:
    """Say the labels and name the places of one text in one language (route and plan)."""

    def __init__(self, network: Network | None, lang: str) -> None:
        self.net = network
        self.say: Renderer = renderer(lang, network)
        self.lang = self.say.locale

    def __call__(self, code: str, **params: Any) -> str:
        """Return the message ``code`` with ``params`` in this language."""
        return self.say(message(code, **params))

    def place(self, place_id: str) -> str:
        """Return the name of a site (in the reader's language) or of a road node."""
        if self.net is None:
            return place_id
        if place_id in self.net.sites:
            return self.say.name(Ref("site", place_id, place_id))
        node = self.net.G.nodes.get(place_id, {})
        return self.say.translate(str(node.get("name") or place_id))

    def number(self, value: float, pattern: str = "0.0") -> str:
        """Return ``value`` written with this language's decimal sign (``359,0`` in vi)."""
        return format_decimal(value, format=pattern, locale=self.lang)

    def duration(self, minutes: float) -> str:
        """Return ``minutes`` as hours and minutes (``5 h 25 min``) in this language."""
        total = round(minutes)
        return self(HOURS_MINUTES, hours=str(total // 60), minutes=f"{total % 60:02d}")


def leg_rows(legs: tuple[Leg, ...], out: Writer) -> list[list[str]]:
    """Return one table row per leg: road, from, to, km and minutes, in ``out``'s language."""
    return [
        [
            out.say.name(Ref("road", leg.road, leg.road)),
            out.place(leg.source),
            out.place(leg.target),
            out.number(leg.km),
            out.number(leg.minutes, "0"),
        ]
        for leg in legs
    ]


def render_route(
    found: Route, network: Network | None, lang: str = "en", *, number: int | None = None
) -> str:
    """Return the readable text of ``found`` in ``lang`` (vi, en or lo).

    Parameters
    ----------
    found
        The route.
    network
        The network it was found on (for names); ``None`` shows ids.
    lang
        The reader's language; an unknown one gives English.
    number
        For an alternative route, its rank (2, 3 …), said in the first line.

    Returns
    -------
    str
        The summary line, the times when the route was timed, the table of legs, the
        border gates with their documents, and the warnings.
    """
    out = Writer(network, lang)
    head = out(
        HEADER,
        origin=out.place(found.origin),
        destination=out.place(found.destination),
        mode=Ref("mode", found.mode, MODE_NAMES.get(found.mode, found.mode)),
        km=out.number(found.km),
        duration=out.duration(found.minutes),
    )
    lines = [head if number is None else out(ALTERNATIVE, number=number, route=head)]
    if found.depart and found.arrive:
        pattern = "yyyy-MM-dd HH:mm"
        times = out(
            TIMES,
            depart=format_datetime(found.depart, pattern, locale=out.lang),
            arrive=format_datetime(found.arrive, pattern, locale=out.lang),
        )
        lines.append(f"  {times}")
    header = [out(ROAD), out(FROM), out(TO), out(KM), out(MINUTES)]
    lines.append(table(leg_rows(found.legs, out), header))
    for passage in found.crossings:
        papers = "; ".join(out.say.translate(d) for d in passage.crossing.traveller_documents)
        crossing = out.say.translate(passage.crossing.name)
        lines.append(f"  {out(BORDER, crossing=crossing, documents=papers)}")
    lines += [f"  {out(WARNING, warning=out.say(w))}" for w in found.warnings]
    return "\n".join(lines)


def render_matrix(found: TravelMatrix, network: Network | None, lang: str = "en") -> str:
    """Return the minutes of ``found`` as a table in ``lang``, with a legend of names.

    Parameters
    ----------
    found
        The travel matrix.
    network
        The network it was computed on (for names); ``None`` shows ids.
    lang
        The reader's language; an unknown one gives English.

    Returns
    -------
    str
        The title, one row per place (its id, as typed) with the minutes to every column
        (``-`` where there is no road), and the legend naming each numbered column.
    """
    out = Writer(network, lang)
    mode = Ref("mode", found.mode, MODE_NAMES.get(found.mode, found.mode))
    rows = [
        [a, *("-" if v is None else out.number(v, "0") for v in row)]
        for a, row in zip(found.ids, found.minutes, strict=True)
    ]
    lines = [
        out(MATRIX, mode=mode),
        table(rows, [out(CORNER), *(str(i + 1) for i in range(len(found.ids)))]),
    ]
    lines += [
        f"  {out(LEGEND, number=i, name=out.place(a), id=a)}"
        for i, a in enumerate(found.ids, start=1)
    ]
    return "\n".join(lines)
