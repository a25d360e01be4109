"""The day-by-day text of a planned trip, as ``tourlink plan`` prints it, in vi, en or lo.

Every label (the summary line, "Day", leave, lunch, arrive, the day's totals, fees,
"Warnings:") is a message code with an English template, so the text is written in
the reader's language from the library's catalogues (``tourlink/locale``), like the
planner's warnings and explanations it lists.

Examples
--------
>>> import datetime as dt
>>> from tourlink.read import load_network
>>> from tourlink.planner import plan
>>> from tourlink.itinerary import TripRequest
>>> net = load_network()
>>> trip = plan(TripRequest("kon-tum-city-centre", dt.date(2026, 3, 3), 1), network=net)
>>> render_text(trip, net, lang="vi").splitlines()[2].startswith("Ngày 1 — Thứ 3 2026-03-03")
True
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal

from tourlink.itinerary import Day, Itinerary
from tourlink.messages import Message, Ref, define
from tourlink.network import Network
from tourlink.planner.check_walk import walked_hops
from tourlink.planner.serialize import stop_note
from tourlink.route_text import Writer
from tourlink.texts import MODE_NAMES
from tourlink.translations import site_name

__all__ = ["render_text"]

SUMMARY = define(
    "cli.plan.summary",
    "{days}-day trip by {mode}, {first} → {last}: {visits} visits, score {score}, "
    "{km} km, {driving} driving",
)
DAY = define("cli.plan.day", "Day {number} — {date}: {start} → {night}")
LEAVE = define("cli.plan.leave", "leave {place}")
VISIT_WAIT = define("cli.plan.visit-wait", "arrive {time}, {note}")
LUNCH = define("cli.plan.lunch", "lunch at {place}")
ARRIVE = define("cli.plan.arrive", "arrive {place}")
DAY_TOTALS = define("cli.plan.day-totals", "{km} km, {driving} driving")
ROADS = define("cli.plan.roads", "roads: {roads}")
NOTE = define("cli.plan.note", "note: {note}")
ON_FOOT = define("cli.plan.on-foot", "on foot: {origin} → {destination}, {minutes} min")
FEES = define("cli.plan.fees", "Entrance fees per person: {fees}")
WARNINGS = define("cli.plan.warnings", "Warnings:")


class _Writer(Writer):
    """Say the labels and name the places of one trip in one language."""

    net: Network

    def name(self, place: str) -> str:
        crossing = self.net.dataset.crossings.get(place)
        if place not in self.net.sites:
            return self.say.translate(crossing.name) if crossing is not None else place
        site = self.net.site(place)
        if self.lang != "en":
            return site_name(site, self.lang)
        return site.name if site.name == site.name_en else f"{site.name_en} ({site.name})"

    def date(self, day: dt.date) -> str:
        return f"{format_date(day, 'EEE', locale=self.lang)} {day:%Y-%m-%d}"


def _day_text(number: int, day: Day, out: _Writer, pace: float) -> list[str]:
    net = out.net
    lines = [
        out(
            DAY,
            number=number,
            date=out.date(day.date),
            start=out.name(day.start_site),
            night=out.name(day.overnight),
        ),
        f"  {day.depart:%H:%M}        {out(LEAVE, place=out.name(day.start_site))}",
    ]
    events: list[tuple[str, str]] = []
    for stop in day.stops:
        said: Message | None = stop_note(stop)
        note = out.say(said) if said is not None else stop.note
        wait = f"  ({out(VISIT_WAIT, time=stop.arrive.time(), note=note)})" if note else ""
        ends = stop.start + dt.timedelta(minutes=net.site(stop.site).visit_minutes * pace)
        events.append(
            (
                f"{stop.start:%H:%M}",
                f"  {stop.start:%H:%M}–{ends:%H:%M}  {out.name(stop.site)}{wait}",
            )
        )
    if day.lunch is not None:
        begin, end, place = day.lunch
        lunch = out(LUNCH, place=out.name(place))
        events.append((f"{begin:%H:%M}", f"  {begin:%H:%M}–{end:%H:%M}  {lunch}"))
    lines += [text for _, text in sorted(events, key=lambda e: e[0])]
    lines.append(f"  {day.arrive:%H:%M}        {out(ARRIVE, place=out.name(day.overnight))}")
    roads = [
        out.say.name(Ref("road", road, road))
        for road in dict.fromkeys(leg.road for drive in day.drives for leg in drive)
    ]
    totals = out(DAY_TOTALS, km=round(day.km), driving=out.duration(day.drive_minutes))
    lines.append(f"  {totals}" + (f"; {out(ROADS, roads=', '.join(roads))}" if roads else ""))
    lines += [
        f"  {out(ON_FOOT, origin=out.name(a), destination=out.name(b), minutes=round(minutes))}"
        for (a, b), minutes in walked_hops(day).items()
    ]
    lines += [f"  {out(NOTE, note=note)}" for note in day.notes]
    return lines


def render_text(itinerary: Itinerary, network: Network, lang: str = "en") -> str:
    """Return a readable day-by-day text of ``itinerary`` in ``lang`` (vi, en or lo).

    Parameters
    ----------
    itinerary
        The planned trip.
    network
        The network it was planned on (for names).
    lang
        The reader's language; an unknown one gives English.

    Returns
    -------
    str
        The summary line, one block per day, the fees and the warnings.
    """
    out = _Writer(network, lang)
    r = itinerary.request
    mode = Ref("mode", r.mode, MODE_NAMES.get(r.mode, r.mode))
    lines = [
        out(
            SUMMARY,
            days=r.days,
            mode=mode,
            first=f"{r.start_date:%Y-%m-%d}",
            last=f"{r.dates[-1]:%Y-%m-%d}",
            visits=len(itinerary.visited),
            score=round(itinerary.score, 1),
            km=round(itinerary.km),
            driving=out.duration(itinerary.drive_minutes),
        ),
        "",
    ]
    for number, day in enumerate(itinerary.days, start=1):
        lines += [*_day_text(number, day, out, r.pace), ""]
    if itinerary.fees:
        fees = "; ".join(
            f"{format_decimal(round(a), locale=out.lang)} {c}"
            for c, a in sorted(itinerary.fees.items())
        )
        lines.append(out(FEES, fees=fees))
    if itinerary.warnings:
        lines.append(out(WARNINGS))
        lines += [f"  - {out.say(w)}" for w in itinerary.warnings]
    return "\n".join(lines).rstrip()
