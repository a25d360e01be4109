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

from tourlink.edit import DayPlan, retime
from tourlink.exceptions import InvalidRequestError
from tourlink.planner.plan import PlanParams, plan
from tourlink.relocalize import localized
from tourlink.store import Actor, Draft, Itineraries, StaleVersionError
from tourlink.store.models import Itinerary, ItineraryVersion, User
from tourlink.store.snapshot import itinerary_of, make_snapshot, recheck
from tourlink_web import calls
from tourlink_web.database import db
from tourlink_web.errors import problem
from tourlink_web.i18n import renderer
from tourlink_web.state import current

__all__ = [
    "edit_days",
    "etag",
    "itineraries",
    "parse_day_plans",
    "parse_if_match",
    "plan_and_save",
    "route_and_save",
    "save_edit",
    "stale_problem",
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
            "`If-Match` must carry the ETag of the version the edit is based on (from GET); "
            "it is missing.",
            field="If-Match",
        )
    found = _ETAG.match(header.strip())
    if found is None or int(found.group(1)) != itinerary_id:
        raise InvalidRequestError(
            f'`If-Match` must be an ETag such as "itinerary-{itinerary_id}-v3" of this '
            f"itinerary, got {header!r:.80}.",
            field="If-Match",
        )
    return int(found.group(2))


def plan_and_save(
    actor: Actor, name: str, trip: object, customer: str = "", notes: str = ""
) -> ItineraryVersion:
    """Plan ``trip`` (a trip request body), check it, and save it as a new itinerary."""
    repo = itineraries(actor, "itineraries.edit")
    request = calls.parse_trip(trip)
    params = PlanParams(time_limit=float(current_app.config["PLAN_TIME_LIMIT"]))
    network = current().network
    itinerary = plan(request, network=network, params=params)
    snapshot = make_snapshot(itinerary, network=network, seed=params.seed)
    draft = Draft(name=name, customer=customer, notes=notes, snapshot=snapshot, summary="planned")
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
        summary=f"started from the published route {tour.id}",
        source_route=tour.id,
    )
    return repo.create(draft)


def parse_day_plans(days: Sequence[Any]) -> list[DayPlan]:
    """Return day plans from the API's ``days`` (stops as ids or ``{"id", "minutes"}``)."""
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
            calls.check_site("days", site)
        overnight = day.get("overnight")
        if overnight is not None:
            calls.check_site("overnight", overnight)
        plans.append(DayPlan(tuple(stops), overnight, minutes))
    return plans


def edit_days(version: ItineraryVersion, plans: Sequence[DayPlan]) -> dict[str, Any]:
    """Return the snapshot of ``version`` with its days replaced by ``plans`` and re-checked."""
    network = current().network
    edited = retime(itinerary_of(version.snapshot), plans, network=network)
    return make_snapshot(edited, network=network, seed=None, edited=True)


def save_edit(
    actor: Actor,
    itinerary_id: int,
    based_on: int,
    changes: Mapping[str, Any],
    plans: Sequence[DayPlan] | None = None,
) -> ItineraryVersion:
    """Save ``changes`` (name, customer, notes, summary) and re-timed ``plans`` as a version.

    Raises
    ------
    StaleVersionError
        If ``based_on`` is no longer the newest version (nothing is written).
    """
    repo = itineraries(actor, "itineraries.edit")
    head = repo.version(itinerary_id, based_on)
    snapshot = head.snapshot if plans is None else edit_days(head, plans)
    what = [k for k in ("name", "customer", "notes") if k in changes]
    summary = changes.get("summary") or ", ".join(
        (["edited the days"] if plans is not None else []) + [f"changed the {k}" for k in what]
    )
    draft = Draft(
        name=changes.get("name", head.name),
        customer=changes.get("customer", head.customer),
        notes=changes.get("notes", head.notes),
        snapshot=snapshot,
        summary=summary,
    )
    return repo.save(itinerary_id, based_on, draft)


def stale_problem(error: StaleVersionError) -> Any:
    """Return the 409 answer: who saved what since the edit's version, and the ETag to use."""
    response = problem(409, "Conflict", str(error), slug="stale-version")
    body = response.get_json()
    body["current_version"] = error.current
    body["based_on"] = error.based_on
    body["saved_meanwhile"] = [
        {
            "version": m.number,
            "author": m.author,
            "saved_at": m.saved_at.isoformat(),
            "summary": m.summary,
        }
        for m in error.meanwhile
    ]
    response.set_data(json.dumps(body, ensure_ascii=False))
    return response


def version_json(itinerary: Itinerary, version: ItineraryVersion) -> dict[str, Any]:
    """Return a version as the API gives it: the plan's itinerary shape plus id, version …."""
    snapshot = version.snapshot
    author = db().get(User, version.author_id)
    rechecked = recheck(snapshot, current().network)
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
        "summary": version.summary,
        "violations": violations,
        "has_violations": bool(violations),
        "edited": bool(snapshot.get("edited")),
        "seed": snapshot.get("seed"),
        "data_version": snapshot.get("data_version", ""),
        "data_changed": rechecked is not None,
        "violations_on_current_data": rechecked,
    }
