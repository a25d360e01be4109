"""What the workspace API and pages share: plan-and-save, edit-and-save, the JSON of a version.

Views stay thin: they parse, call one of these, commit and render. Every read and write
goes through :class:`tourlink.store.Itineraries` built with the acting user, so another
organisation's id is a 404 here too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from flask import abort, current_app

from tourlink import texts
from tourlink.edit import Change, DayPlan, compare, plans_of, retime
from tourlink.exceptions import InvalidRequestError, UnknownSiteError
from tourlink.itinerary import TripRequest
from tourlink.messages import Message, message
from tourlink.network import Network
from tourlink.places import flag_estimated
from tourlink.planner.plan import PlanParams, plan
from tourlink.planner.request import parse_request
from tourlink.relocalize import localized
from tourlink.reoptimise import reoptimise
from tourlink.store import Actor, Draft, Itineraries, StaleVersionError, history
from tourlink.store import texts as st
from tourlink.store.models import Itinerary, ItineraryVersion, User
from tourlink.store.snapshot import itinerary_of, make_snapshot, recheck
from tourlink_web import calls
from tourlink_web.database import db, end_reads
from tourlink_web.errors import error_problem
from tourlink_web.i18n import render, renderer
from tourlink_web.state import current
from tourlink_web.workspace.places import org_network

__all__ = [
    "changes_json",
    "edit_days",
    "etag",
    "itineraries",
    "parse_day_plans",
    "parse_if_match",
    "plan_and_save",
    "reoptimise_and_save",
    "route_and_save",
    "save_edit",
    "stale_problem",
    "summary_fields",
    "version_json",
]

_ETAG = re.compile(r'^(?:W/)?"itinerary-(\d+)-v(\d+)"$')


def itineraries(actor: Actor, action: str = "itineraries.view") -> Itineraries:
    """Return the acting user's itinerary repository, if their role allows ``action``."""
    if not actor.may(action):
        abort(403)
    return Itineraries(db(), actor)


def etag(itinerary_id: int, number: int) -> str:
    """Return the ETag of version ``number`` of an itinerary (quoted, strong)."""
    return f'"itinerary-{itinerary_id}-v{number}"'


def parse_if_match(header: str | None, itinerary_id: int) -> int:
    """Return the version number an ``If-Match`` header names (an ETag of this itinerary)."""
    if not header:
        raise InvalidRequestError(
            message(st.IF_MATCH_MISSING, field=texts.field_ref("If-Match")), field="If-Match"
        )
    found = _ETAG.match(header.strip())
    if found is None or int(found.group(1)) != itinerary_id:
        raise InvalidRequestError(
            message(
                st.IF_MATCH_ITINERARY,
                field=texts.field_ref("If-Match"),
                example=f'"itinerary-{itinerary_id}-v3"',
                value=f"{header!r:.80}",
            ),
            field="If-Match",
        )
    return int(found.group(2))


def plan_and_save(
    actor: Actor, name: str, trip: object, customer: str = "", notes: str = ""
) -> ItineraryVersion:
    """Plan ``trip`` (a trip request body), check it, and save it as a new itinerary."""
    repo = itineraries(actor, "itineraries.edit")
    network = org_network(actor.org_id)
    request = parse_trip(trip, network)
    params = PlanParams(time_limit=float(current_app.config["PLAN_TIME_LIMIT"]))
    end_reads()  # plan holding no connection; create() writes in a transaction of its own
    itinerary = flag_estimated(plan(request, network=network, params=params), network)
    snapshot = make_snapshot(itinerary, network=network, seed=params.seed)
    draft = Draft(
        name=name,
        customer=customer,
        notes=notes,
        snapshot=snapshot,
        summary_message=history.planned(),
    )
    return repo.create(draft)


def route_and_save(
    actor: Actor, name: str, args: Mapping[str, str], customer: str = "", notes: str = ""
) -> ItineraryVersion:
    """Schedule the published route ``args["route"]`` from ``start_date`` and save it."""
    from tourlink_web.pages.tours import get_tour

    repo = itineraries(actor, "itineraries.edit")
    tour = get_tour(args["route"])
    itinerary = calls.schedule_tour(tour, args.get("start_date"), args.get("mode"))
    snapshot = make_snapshot(itinerary, network=current().network, seed=None)
    draft = Draft(
        name=name,
        customer=customer,
        notes=notes,
        snapshot=snapshot,
        summary_message=history.from_route(tour),
        source_route=tour.id,
    )
    return repo.create(draft)


def parse_trip(data: object, network: Network) -> TripRequest:
    """Parse a trip request on ``network`` (the organisation's: its own places are known)."""
    if network is current().network or not isinstance(data, Mapping):
        return calls.parse_trip(data)
    try:
        request = parse_request(data, network=network)
    except UnknownSiteError:
        return calls.parse_trip(data)  # raises, naming the field, as for any unknown site
    config = current_app.config
    for field, size, limit in (
        ("days", request.days, config["MAX_DAYS"]),
        ("must_visit", len(request.must_visit), config["MAX_MUST_VISIT"]),
        ("avoid", len(request.avoid), config["MAX_AVOID"]),
        ("interests", len(request.interests), config["MAX_INTERESTS"]),
    ):
        if size > limit:
            raise InvalidRequestError(
                message(st.AT_MOST_ITEMS, field=texts.field_ref(field), limit=limit, size=size),
                field=field,
            )
    return request


def check_site(network: Network, field: str, value: object) -> None:
    """Accept a site of ``network``; otherwise raise naming ``field`` (as the catalogue does)."""
    if not (isinstance(value, str) and value in network.sites):
        calls.check_site(field, value)


def parse_day_plans(days: Sequence[Any], network: Network | None = None) -> list[DayPlan]:
    """Return day plans from the API's ``days`` (stops as ids or ``{"id", "minutes"}``)."""
    network = network or current().network
    plans = []
    for day in days:
        stops: list[str] = []
        minutes: dict[str, int] = {}
        for stop in day["stops"]:
            site = stop if isinstance(stop, str) else stop["id"]
            stops.append(site)
            if isinstance(stop, Mapping) and "minutes" in stop:
                minutes[site] = int(stop["minutes"])
        for site in stops:
            check_site(network, "days", site)
        overnight = day.get("overnight")
        if overnight is not None:
            check_site(network, "overnight", overnight)
        plans.append(DayPlan(tuple(stops), overnight, minutes))
    return plans


def edit_days(
    version: ItineraryVersion, plans: Sequence[DayPlan], network: Network | None = None
) -> dict[str, Any]:
    """Return the snapshot of ``version`` with its days replaced by ``plans`` and re-checked."""
    network = network or current().network
    edited = flag_estimated(retime(itinerary_of(version.snapshot), plans, network=network), network)
    return make_snapshot(edited, network=network, seed=None, edited=True)


def save_edit(
    actor: Actor,
    itinerary_id: int,
    based_on: int,
    changes: Mapping[str, Any],
    plans: Sequence[DayPlan] | None = None,
    edited: Mapping[str, Any] | None = None,
) -> ItineraryVersion:
    """Save ``changes`` (name, customer, notes, summary) and re-timed ``plans`` as a version.

    ``edited`` is :func:`edit_days` of version ``based_on`` with ``plans`` when the caller
    has just made it (the editor has, to show it): it is saved rather than re-timed again.

    Raises
    ------
    StaleVersionError
        If ``based_on`` is no longer the newest version (nothing is written).
    """
    repo = itineraries(actor, "itineraries.edit")
    head = repo.version(itinerary_id, based_on)
    network = org_network(actor.org_id)
    if plans is None:
        snapshot = head.snapshot
    else:
        snapshot = dict(edited) if edited is not None else edit_days(head, plans, network)
    what = [k for k in ("name", "customer", "notes") if k in changes]
    draft = Draft(
        name=changes.get("name", head.name),
        customer=changes.get("customer", head.customer),
        notes=changes.get("notes", head.notes),
        snapshot=snapshot,
        summary=changes.get("summary") or "",  # what the person typed, else the software's
        summary_message=history.edited(days=plans is not None, fields=what),
    )
    return repo.save(itinerary_id, based_on, draft)


def reoptimise_and_save(
    actor: Actor,
    itinerary_id: int,
    based_on: int,
    *,
    locked_days: Sequence[int] = (),
    locked_stops: Sequence[str] = (),
    pin: Sequence[str] = (),
    remove: Sequence[str] = (),
    plans: Sequence[DayPlan] | None = None,
    summary: str = "",
) -> tuple[ItineraryVersion, list[Change]]:
    """Re-optimise version ``based_on`` around its locks and save the result as a version.

    ``plans`` are the editor's unsaved hand edits (re-timed first, then re-optimised);
    ``locked_days`` are 0-based. Returns the new version and what changed since
    ``based_on``.

    Raises
    ------
    StaleVersionError
        If ``based_on`` is no longer the newest version (nothing is written).
    tourlink.reoptimise.LockNotKeptError
        If the planner cannot keep a lock exactly (nothing is written).
    """
    repo = itineraries(actor, "itineraries.edit")
    head = repo.version(itinerary_id, based_on)
    network = org_network(actor.org_id)
    saved = itinerary_of(head.snapshot)
    for day in locked_days:
        if not 0 <= day < len(saved.days):
            raise InvalidRequestError(
                message(
                    st.LOCKED_DAYS,
                    field=texts.field_ref("locked_days"),
                    last=len(saved.days),
                    day=day + 1,
                ),
                field="locked_days",
            )
    for field_name, sites in (("locked_stops", locked_stops), ("pin", pin), ("remove", remove)):
        for site in sites:
            check_site(network, field_name, site)
    if plans is not None and list(plans) == plans_of(saved):
        plans = None  # no hand edit: the saved times are the planner's
    previous = saved if plans is None else retime(saved, plans, network=network)
    params = PlanParams(time_limit=float(current_app.config["PLAN_TIME_LIMIT"]))
    end_reads()  # re-plan holding no connection; save() checks based_on is still the newest
    after = reoptimise(  # then the own places' estimated access is said again
        previous,
        locked_days=locked_days,
        locked_stops=locked_stops,
        pin=pin,
        remove=remove,
        network=network,
        params=params,
    )
    said = history.reoptimised(
        locked_days, [texts.site_ref(network.sites[site]) for site in locked_stops]
    )
    draft = Draft(
        name=head.name,
        customer=head.customer,
        notes=head.notes,
        snapshot=make_snapshot(
            flag_estimated(after, network),
            network=network,
            seed=params.seed,
            edited=plans is not None,
        ),
        summary=summary[:300],
        summary_message=said,
    )
    return repo.save(itinerary_id, based_on, draft), compare(saved, after)


def changes_json(changes: Sequence[Change]) -> list[dict[str, Any]]:
    """Return :func:`tourlink.edit.compare`'s changes as JSON (days and positions from 1)."""

    def where(at: tuple[int, int, Any] | None) -> dict[str, Any] | None:
        if at is None:
            return None
        return {"day": at[0] + 1, "position": at[1] + 1, "start": at[2].isoformat()}

    return [
        {"kind": c.kind, "site": c.site, "before": where(c.before), "after": where(c.after)}
        for c in changes
    ]


def summary_fields(summary: Message | str) -> dict[str, Any]:
    """Return a version's ``summary`` in the asked language and its ``summary_message``.

    ``summary_message`` is ``{"code", "params", "text"}`` for a summary the software
    wrote, ``None`` for one a person typed (or saved before messages were stored).
    """
    if isinstance(summary, Message):
        said = renderer().to_dict(summary)
        return {"summary": said["text"], "summary_message": said}
    return {"summary": summary, "summary_message": None}


def stale_problem(error: StaleVersionError) -> Any:
    """Return the 409 answer: who saved what since the edit's version, and the ETag to use."""
    response = error_problem(409, "Conflict", error, slug="stale-version")
    body = response.get_json()
    body["current_version"] = error.current
    body["based_on"] = error.based_on
    body["saved_meanwhile"] = [
        {
            "version": m.number,
            "author": render(m.author),
            "saved_at": m.saved_at.isoformat(),
            **summary_fields(m.summary),
        }
        for m in error.meanwhile
    ]
    response.set_data(json.dumps(body, ensure_ascii=False))
    return response


def version_json(itinerary: Itinerary, version: ItineraryVersion) -> dict[str, Any]:
    """Return a version as the API gives it: the plan's itinerary shape plus id, version …."""
    snapshot = version.snapshot
    author = db().get(User, version.author_id)
    rechecked = recheck(snapshot, org_network(itinerary.org_id))
    violations = snapshot.get("violations", [])
    return {
        **localized(snapshot["itinerary"], renderer()),  # in the asked language
        "id": itinerary.id,
        "version": version.number,
        "latest_version": itinerary.version,
        "name": version.name,
        "customer": version.customer,
        "notes": version.notes,
        "saved_at": version.created_at.isoformat(),
        "saved_by": author.label if author is not None else "",
        **summary_fields(version.summary_said),
        "violations": violations,
        "has_violations": bool(violations),
        "edited": bool(snapshot.get("edited")),
        "seed": snapshot.get("seed"),
        "data_version": snapshot.get("data_version", ""),
        "data_changed": rechecked is not None,
        "violations_on_current_data": rechecked,
    }
