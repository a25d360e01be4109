"""The itinerary editor: hand edits, re-timed and re-checked after each one, saved on demand.

The editor keeps no state on the server between requests: the page carries the day plans
being edited (a hidden JSON field) and the version they started from. Each button posts
them with one operation (``up:D:I``, ``down:D:I``, ``remove:D:I``, ``move:D:I``, ``add``,
``save``); the server applies it, re-times the days (:func:`tourlink.edit.retime`), runs the
independent checker and shows every violation beside its stop. ``reoptimise`` hands the
days, with the ticked day and stop locks, to :func:`tourlink.reoptimise.reoptimise`, saves
the planner's answer as a new version (refused like a save when the version is stale) and
shows the editor again with what changed. Buttons and selects work
by keyboard alone. Saving with violations is allowed; the version is then flagged
everywhere. A save overtaken by someone else's is refused and the edit stays on the page.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext
from markupsafe import Markup

from tourlink import texts
from tourlink.edit import (
    DayPlan,
    add_stop,
    compare,
    move_stop,
    plans_of,
    remove_stop,
    set_minutes,
    set_overnight,
)
from tourlink.exceptions import InvalidRequestError, NoRouteError, TourlinkError
from tourlink.itinerary import Itinerary
from tourlink.messages import message
from tourlink.places import PREFIX
from tourlink.store import StaleVersionError
from tourlink.store import texts as st
from tourlink.store.snapshot import itinerary_of
from tourlink_web import present
from tourlink_web.auth import current_actor, login_required
from tourlink_web.database import db
from tourlink_web.errors import web_message
from tourlink_web.i18n import current_language
from tourlink_web.workspace import service
from tourlink_web.workspace.pages import bp
from tourlink_web.workspace.places import org_network, own_map

__all__ = ["apply_operation", "editor", "editor_places"]

_MAX_PLANS = 20000  # characters of the hidden plans field
_NIGHT_KINDS = ("town", "gateway")  # where the night's select offers to sleep


def _load_plans(text: str) -> list[DayPlan]:
    """Return the day plans of the page's hidden field (checked like the API's ``days``)."""
    try:
        raw = json.loads(text) if len(text) <= _MAX_PLANS else None
        if not isinstance(raw, list):
            raise ValueError("not a list of days")
        days = []
        for day in raw:
            minutes = day.get("minutes") or {}
            stops = [
                {"id": s, "minutes": int(minutes[s])} if s in minutes else s for s in day["stops"]
            ]
            days.append({"stops": stops, "overnight": day.get("overnight")})
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InvalidRequestError(
            message(
                st.PLANS_JSON, field=texts.field_ref("plans"), value=f"{text!r:.60}", error=str(exc)
            ),
            field="plans",
        ) from None
    return service.parse_day_plans(days, _network())


def _network() -> Any:
    actor = current_actor()
    return org_network(None if actor is None else actor.org_id)


def _dump_plans(plans: list[DayPlan]) -> str:
    return json.dumps(
        [
            {"stops": list(p.stops), "overnight": p.overnight, "minutes": dict(p.minutes)}
            for p in plans
        ]
    )


def _int(text: str) -> int:
    if not text.lstrip("-").isdecimal() or len(text) > 6:
        raise InvalidRequestError(
            texts.bad_value("op", text[:20], message(texts.EXPECT_INTEGER)), field="op"
        )
    return int(text)


def _form_fields(plans: list[DayPlan], form: Any) -> list[DayPlan]:
    """Apply the visit lengths typed into the page."""
    for d, plan in enumerate(plans):
        for i, site in enumerate(plan.stops):
            value = form.get(f"minutes-{d}-{i}", "")
            if value and _int(value) != plan.minutes.get(site):
                plans = set_minutes(plans, day=d, index=i, minutes=_int(value))
    return plans


def apply_operation(plans: list[DayPlan], op: str, form: Any) -> list[DayPlan]:
    """Return ``plans`` after the button ``op`` (``up:D:I`` …) with the page's fields."""
    name, _sep, rest = op.partition(":")
    where = [_int(p) for p in rest.split(":")] if rest else []
    if name in ("up", "down", "remove", "move") and len(where) != 2:
        raise InvalidRequestError(
            texts.bad_value("op", op[:40], message(st.EXPECT_OPERATION)), field="op"
        )
    if name == "up":
        d, i = where
        return move_stop(plans, day=d, index=i, to_day=d, to_index=i - 1) if i > 0 else plans
    if name == "down":
        d, i = where
        return move_stop(plans, day=d, index=i, to_day=d, to_index=i + 1)
    if name == "remove":
        return remove_stop(plans, day=where[0], index=where[1])
    if name == "move":
        d, i = where
        to_day = _int(form.get(f"to-{d}-{i}", str(d + 1))) - 1
        return move_stop(
            plans,
            day=d,
            index=i,
            to_day=to_day,
            to_index=len(plans[to_day].stops) if 0 <= to_day < len(plans) else 0,
        )
    if name == "add":
        site = form.get("add-site", "")
        if not site:
            raise InvalidRequestError(
                message(st.ADD_SITE_EMPTY, field=texts.field_ref("add-site")), field="add-site"
            )
        service.parse_day_plans([{"stops": [site]}], _network())
        return add_stop(plans, day=_int(form.get("add-day", "1")) - 1, site=site)
    if name == "night":
        site = form.get("night-site", "")
        service.parse_day_plans([{"stops": [], "overnight": site}], _network())
        day = _int(form.get("night-day", "1")) - 1
        if day == len(plans) - 1:
            raise InvalidRequestError(
                message(
                    st.NIGHT_DAY,
                    field=texts.field_ref("night-day"),
                    last=len(plans) - 1,
                    day=day + 1,
                ),
                field="night-day",
            )
        return set_overnight(plans, day=day, site=site)
    if name in ("check", "save", "rebase", "reoptimise", "places"):
        return plans
    raise InvalidRequestError(
        message(st.NOT_AN_OPERATION, field=texts.field_ref("op"), value=f"{op!r:.40}"), field="op"
    )


def _locks(values: Any, plans: list[DayPlan]) -> tuple[list[int], list[str]]:
    """Return the locked days (0-based) and stops that ``values`` (form or query) ticks."""
    days = [d for d in range(len(plans)) if str(d) in values.getlist("lock-day")]
    visited = {site for plan in plans for site in plan.stops}
    stops = [site for site in dict.fromkeys(values.getlist("lock-stop")) if site in visited]
    return days, stops


def _changes(repo: Any, record: Any, since: str | None) -> Any:
    """Return what changed from version ``since`` to the newest (after a re-optimisation)."""
    if since is None or not since.isdecimal() or not 0 < int(since) < record.version:
        return None
    before = itinerary_of(repo.version(record.id, int(since)).snapshot)
    return int(since), compare(before, itinerary_of(repo.version(record.id).snapshot))


def _labels() -> dict[str, str]:
    """Return the texts repeated per day and stop, translated once per page (they are many)."""
    return {
        "day": gettext("Day %(n)d"),
        "driving": gettext("%(d)s driving"),
        "lock_day": gettext("Lock day %(n)d"),
        "lock": gettext("Lock"),
        "up": gettext("Move up:"),
        "down": gettext("Move down:"),
        "to_day": gettext("to day"),
        "move": gettext("Move to the chosen day:"),
        "move_short": gettext("Move"),
        "minutes": gettext("minutes"),
        "remove": gettext("Remove:"),
        "remove_short": gettext("Remove"),
        "lunch": gettext("Lunch"),
        "night": gettext("Night at %(place)s"),
    }


def _addable(sites: Any, lang: str) -> list[Any]:
    """Return the places "Add a place" offers: the organisation's own first, then by name."""
    return sorted(
        (s for s in sites.values() if s.retired is None),
        key=lambda s: (not s.id.startswith(PREFIX), present.site_name(s, lang)),
    )


def _day_options(ndays: int) -> list[Markup]:
    """Return, per day, the options of a "to day" select with that day chosen (one per stop)."""
    return [
        Markup("".join(f"<option{' selected' * (n == d)}>{n}" for n in range(1, ndays + 1)))
        for d in range(1, ndays + 1)
    ]


def _problems(itinerary: Itinerary, violations: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the violations grouped as the page shows them: per stop, per day, the trip's.

    ``stops[d][i]`` are stop ``i`` of day ``d``'s; ``days[d]`` the rest of day ``d``'s
    (a drive, the night); ``trip`` those of no day. Grouped once here rather than filtered
    again for every stop by the template.
    """
    stops: list[list[list[dict[str, Any]]]] = [[[] for _s in day.stops] for day in itinerary.days]
    days: list[list[dict[str, Any]]] = [[] for _day in itinerary.days]
    trip = []
    for v in violations:
        d = v.get("day")
        if d is None or not 0 <= d < len(days):
            trip.append(v)
            continue
        at = [i for i, stop in enumerate(itinerary.days[d].stops) if stop.site == v.get("site")]
        for i in at:
            stops[d][i].append(v)
        if not at:
            days[d].append(v)
    return {"stops": stops, "days": days, "trip": trip}


def _name(sites: Any, site_id: str, lang: str) -> str:
    return present.site_name(sites[site_id], lang) if site_id in sites else site_id


def _rows(itinerary: Itinerary, sites: Any, lang: str) -> list[dict[str, Any]]:
    """Return per day what its list shows: each stop's name and times, the lunch, the night.

    Prepared here once per page, not by a template call per field (a page has many).
    """
    return [
        {
            "stops": [
                (_name(sites, s.site, lang), f"{s.start:%H:%M}", f"{s.depart:%H:%M}")
                for s in day.stops
            ],
            "lunch": None
            if day.lunch is None
            else (f"{day.lunch[0]:%H:%M}", f"{day.lunch[1]:%H:%M}"),
            "arrive": f"{day.arrive:%H:%M}",
            "night": _name(sites, day.overnight, lang),
            "driving": present.duration(day.drive_minutes),
        }
        for day in itinerary.days
    ]


def _render(
    record: Any,
    based_on: int,
    plans: list[DayPlan],
    snapshot: dict[str, Any],
    itinerary: Itinerary | None = None,
    /,
    **extra: Any,
) -> Any:
    """Render the editor; the catalogue's places only when ``full_list`` (else fetched).

    ``itinerary`` is ``snapshot``'s when the caller has already read it back.
    """
    extra.setdefault("locked_days", [])
    extra.setdefault("locked_stops", [])
    full_list = extra.pop("full_list", False)
    itinerary = itinerary or itinerary_of(snapshot)
    sites = _network().sites
    lang = current_language()
    addable = _addable(sites, lang)
    night_sites = [
        (s.id, present.site_name(s, lang)) for s in addable if s.kind in _NIGHT_KINDS or s.overnight
    ]
    page = render_template(
        "workspace/editor.html",
        labels=_labels(),
        record=record,
        based_on=based_on,
        plans_json=_dump_plans(plans),
        plans=plans,
        itinerary=itinerary,
        violations=snapshot["violations"],
        problems=_problems(itinerary, snapshot["violations"]),
        rows=_rows(itinerary, sites, lang),
        summary=request.form.get("summary", "")[:300],  # what was typed survives an edit
        add_sites=addable if full_list else None,
        day_options=_day_options(len(itinerary.days)),
        night_sites=night_sites,
        map_data=own_map(present.itinerary_map(itinerary, sites, lang)),
        **extra,
    )
    return page, (409 if extra.get("conflict") else 400 if extra.get("error") else 200)


@bp.get("/editor-places.json")
@login_required
def editor_places() -> Response:
    """Return the places the editor's "Add a place" offers, as ``[id, name]`` pairs.

    The editor page fetches them once instead of carrying the whole catalogue in every
    edit's answer; the browser keeps them and revalidates them by ``ETag``.
    """
    lang = current_language()
    pairs = [[s.id, present.site_name(s, lang)] for s in _addable(_network().sites, lang)]
    response = jsonify({"places": pairs})
    response.headers["Cache-Control"] = "private, no-cache"
    response.add_etag()
    response.make_conditional(request)  # a 304 when the browser's copy is still right
    return response


@bp.route("/<int:itinerary_id>/edit", methods=["GET", "POST"])
@login_required
def editor(itinerary_id: int) -> Any:
    """Edit the days by hand; each button re-times and re-checks; ``save`` saves a version."""
    actor = current_actor()
    assert actor is not None
    repo = service.itineraries(actor, "itineraries.edit")
    record = repo.get(itinerary_id)
    if request.method == "GET":
        head = repo.version(record.id)
        saved = itinerary_of(head.snapshot)
        plans = plans_of(saved)
        days, stops = _locks(request.args, plans)
        return _render(
            record,
            head.number,
            plans,
            head.snapshot,
            saved,
            locked_days=days,
            locked_stops=stops,
            changes=_changes(repo, record, request.args.get("since")),
        )
    form = request.form
    based_on = _int(form.get("based_on", ""))
    base = repo.version(record.id, based_on)
    plans = _load_plans(form.get("plans", "[]"))
    op = form.get("op", "check")
    full_list = op == "places" or form.get("add-list") == "full"  # without script
    try:
        plans = apply_operation(_form_fields(plans, form), op, form)
        snapshot = service.edit_days(base, plans, _network())
    except (InvalidRequestError, NoRouteError) as exc:
        return _refused(record, base, plans, web_message(exc), full_list=full_list)
    days, stops = _locks(form, plans)
    locks: dict[str, Any] = {"locked_days": days, "locked_stops": stops}
    if op == "reoptimise":
        return _reoptimise(actor, record, based_on, plans, snapshot, locks)
    if op not in ("save", "rebase"):
        return _render(record, based_on, plans, snapshot, full_list=full_list, **locks)
    target = record.version if op == "rebase" else based_on
    try:
        service.save_edit(
            actor,
            record.id,
            target,
            {"summary": form.get("summary", "")[:300]},
            plans,
            snapshot if target == based_on else None,  # re-timed above from that version
        )
    except StaleVersionError as exc:
        db().rollback()
        return _render(repo.get(record.id), based_on, plans, snapshot, conflict=exc, **locks)
    except TourlinkError as exc:
        db().rollback()
        return _render(record, based_on, plans, snapshot, error=web_message(exc), **locks)
    db().commit()
    return redirect(url_for("itineraries.page", itinerary_id=record.id))


def _refused(record: Any, base: Any, plans: list[DayPlan], error: str, **extra: Any) -> Any:
    """Show the editor with ``error`` and the page's unsaved edits (before the refused one).

    If those edits cannot be re-timed either, the version they started from is shown.
    """
    try:
        snapshot = service.edit_days(base, plans, _network())
    except (InvalidRequestError, NoRouteError):
        plans, snapshot = plans_of(itinerary_of(base.snapshot)), base.snapshot
    return _render(record, base.number, plans, snapshot, error=error, **extra)


def _reoptimise(
    actor: Any,
    record: Any,
    based_on: int,
    plans: list[DayPlan],
    snapshot: dict[str, Any],
    locks: dict[str, Any],
) -> Any:
    """Re-optimise around the locks, save a version, and show the editor with what changed."""
    try:
        service.reoptimise_and_save(
            actor,
            record.id,
            based_on,
            plans=plans,
            summary=request.form.get("summary", "")[:300],
            **locks,
        )
    except StaleVersionError as exc:
        db().rollback()
        repo = service.itineraries(actor, "itineraries.edit")
        return _render(repo.get(record.id), based_on, plans, snapshot, conflict=exc, **locks)
    except TourlinkError as exc:
        db().rollback()
        return _render(record, based_on, plans, snapshot, error=web_message(exc), **locks)
    db().commit()
    query = {"lock-day": locks["locked_days"], "lock-stop": locks["locked_stops"]}
    return redirect(url_for("itineraries.editor", itinerary_id=record.id, since=based_on, **query))
