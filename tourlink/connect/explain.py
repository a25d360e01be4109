"""Explanations: why a tour is not offered, and what can start the day after a tour.

:func:`why_not` answers a user who asks why a tour is missing from the packages of a
query: not a tour they may offer, no departure in the window, every departure's
transfer refused (each reason given), or possible but ranked below the best packages.
:func:`startable_after` lists the departures that can start the day after a departure
ends, from where it ends, with their checked transfers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from tourlink.connect.search import ConnectionQuery, Search, search
from tourlink.connect.texts import tour_ref
from tourlink.connect.timetable import Departure, Timetable
from tourlink.connect.transfer import Transfer, TransferRules, Transfers
from tourlink.messages import Message, define, message

if TYPE_CHECKING:
    from tourlink.network import Network

__all__ = ["startable_after", "why_not"]

NOT_OFFERABLE = define(
    "connect.not-offerable",
    "{tour} is not a tour you may offer: it is unknown, or its operator does not share it.",
)
NO_DEPARTURE = define(
    "connect.no-departure",
    "{tour} has no departure that starts on or after {first} and ends by {last}.",
)
OFFERED = define("connect.offered", "{tour} is offered: it is in package {rank} of {count}.")
RANKED_LOWER = define(
    "connect.ranked-lower",
    "{tour} is possible, but its best package takes {days} days and ranks below the "
    "{count} best packages (the last of them takes {last_days} days).",
)
DEPARTURE_REFUSED = define("connect.departure-refused", "Departure {departure}: {reason}")
NO_PACKAGE = define(
    "connect.no-package",
    "No package with {tour} of at most {max_tours} tours covers the zones asked for and "
    "reaches the destination within the window.",
)


def _ref(tour_id: str, name: str) -> str:
    return name or tour_id


def why_not(
    timetable: Timetable,
    query: ConnectionQuery,
    tour_id: str,
    *,
    network: Network | None = None,
    transfers: Transfers | None = None,
) -> list[Message]:
    """Say why ``tour_id`` is or is not among the packages :func:`search` offers.

    ``transfers`` (and their route caches) are reused from earlier searches on the same
    network under the same rules, as :func:`search` reuses them.

    Returns
    -------
    list of Message
        One message when the tour is offered, unknown, without a departure in the
        window or ranked lower; otherwise one per refused departure (or why no package
        with it completes).
    """
    if network is None:
        from tourlink.read import load_network

        network = load_network()
    tour = timetable.tour(tour_id)
    if tour is None:
        return [message(NOT_OFFERABLE, tour=_ref(tour_id, tour_id))]
    ref = tour_ref(tour.tour)  # its Vietnamese name on Vietnamese pages
    run = Search(timetable, query, network, transfers)
    own = [d for d in run.departures if d.tour.id == tour_id]
    if not own:
        return [message(NO_DEPARTURE, tour=ref, first=query.date, last=query.last)]
    best, _ = search(timetable, query, network=network, transfers=run.transfers)
    for rank, package in enumerate(best, 1):
        if any(d.tour.id == tour_id for _, d in package.steps):
            return [message(OFFERED, tour=ref, rank=rank, count=len(best))]
    with_it, rejected = search(
        timetable,
        replace(query, limit=1),
        network=network,
        must_include=tour_id,
        transfers=run.transfers,
    )
    if with_it:
        return [
            message(
                RANKED_LOWER,
                tour=ref,
                days=with_it[0].days,
                count=len(best),
                last_days=best[-1].days if best else 0,
            )
        ]
    ids = {d.id for d in own}
    reasons = {r.departure: r.reason for r in rejected if r.departure in ids}
    found = [message(DEPARTURE_REFUSED, departure=k, reason=v) for k, v in sorted(reasons.items())]
    if len(reasons) < len(ids):  # some departure can be reached, but no package completes
        found.append(message(NO_PACKAGE, tour=ref, max_tours=query.max_tours))
    return found


def startable_after(
    timetable: Timetable,
    departure: Departure,
    *,
    network: Network | None = None,
    rules: TransferRules | None = None,
) -> list[tuple[Departure, Transfer]]:
    """Return the departures that can start the day after ``departure`` ends.

    From where it ends, each with its checked transfer (none when it starts there, the
    same evening's drive otherwise), sorted by transfer minutes, then departure id.

    Examples
    --------
    >>> import datetime as dt
    >>> from tourlink.connect import example_timetable
    >>> table = example_timetable()
    >>> city = Departure(table.tour("kontum-heritage-city-day"), dt.date(2026, 3, 3))
    >>> [d.tour.id for d, _ in startable_after(table, city)][:1]
    ['kontum-mangden-2-days']
    """
    if network is None:
        from tourlink.read import load_network

        network = load_network()
    transfers = Transfers(network, rules or TransferRules())
    tomorrow = departure.end_date + dt.timedelta(days=1)
    found: list[tuple[Departure, Transfer]] = []
    for candidate in timetable.departures(tomorrow, tomorrow + dt.timedelta(days=30)):
        if candidate.date != tomorrow or candidate.tour.id == departure.tour.id:
            continue
        leg = transfers.plan(
            departure.tour.end, departure.end, candidate.tour.start, candidate.start
        )
        if not isinstance(leg, Message):
            found.append((candidate, leg))
    return sorted(found, key=lambda pair: (pair[1].minutes, pair[0].id))
