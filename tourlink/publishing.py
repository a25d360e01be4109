"""The route publishing workflow, as data: states, transitions and who may make each.

A route version moves draft → in review → published → archived (:data:`TRANSITIONS`).
Editing a published route makes a new draft version; the public keeps the published one
until the new one is approved, which archives the old. Four eyes: an office publisher
other than the version's author approves it or sends it back with a comment; nobody
publishes their own change; operators and the public change nothing. Before review a
version must be complete (:func:`completeness`): every stop in the catalogue, the route
feasible by the independent checker on a sample date of each season it runs in, and
Vietnamese and English texts complete (Lao welcome; a language is published only when
complete, :func:`complete_languages`).

Everything here is pure: the store persists versions and the audit log, the web asks
:func:`decide` before it acts.

Examples
--------
>>> office = Actor("lan@office.vn", "office-publisher", "office")
>>> decide("approve", "in-review", actor=office, author="minh@office.vn")
'published'
>>> decide("approve", "in-review", actor=office, author="lan@office.vn")
Traceback (most recent call last):
...
tourlink.publishing.WorkflowError: Only an office publisher other than the author of the \
version may approve it; lan@office.vn wrote it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tourlink.accounts import allowed
from tourlink.exceptions import InvalidRequestError, TourlinkError
from tourlink.messages import Message, Ref, define, message
from tourlink.texts import ONE_OF, bad_value

if TYPE_CHECKING:
    from tourlink.network import Network
    from tourlink.tours import Tour

__all__ = [
    "ARCHIVED",
    "DRAFT",
    "IN_REVIEW",
    "LANGUAGES",
    "PUBLISHED",
    "REQUIRED_LANGUAGES",
    "SAMPLE_DATES",
    "STATES",
    "TRANSITIONS",
    "Actor",
    "RouteDraft",
    "Transition",
    "WorkflowError",
    "available",
    "complete_languages",
    "completeness",
    "decide",
    "refusal",
    "required_texts",
]

DRAFT, IN_REVIEW, PUBLISHED, ARCHIVED = "draft", "in-review", "published", "archived"
#: Every state of a route version.
STATES = (DRAFT, IN_REVIEW, PUBLISHED, ARCHIVED)
#: Languages a route may be published in, and those it must be complete in.
LANGUAGES = ("vi", "en", "lo")
REQUIRED_LANGUAGES = ("vi", "en")
#: A sample date of each season the checker runs a route on before review.
SAMPLE_DATES: Mapping[str, dt.date] = {"dry": dt.date(2027, 3, 2), "rainy": dt.date(2027, 9, 7)}


class WorkflowError(TourlinkError, PermissionError):
    """A transition that the workflow refuses; ``reason`` is the structured message."""

    def __init__(self, reason: Message) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Actor:
    """Who asks: a user id, their role and their organisation's kind (``None``: public)."""

    user: str
    role: str | None = None
    org_kind: str | None = None


@dataclass(frozen=True, slots=True)
class Transition:
    """One allowed move of a version.

    Attributes
    ----------
    action
        Its name (``"submit"``, ``"approve"`` …).
    source, target
        States before and after.
    permission
        The :data:`tourlink.accounts.ACTIONS` entry it needs.
    four_eyes
        Whether the version's author is refused.
    comment
        Whether a comment is required.
    complete
        Whether the version must pass :func:`completeness` first.
    """

    action: str
    source: str
    target: str
    permission: str
    four_eyes: bool = False
    comment: bool = False
    complete: bool = False


#: The workflow: every transition a version can make.
TRANSITIONS = (
    Transition("submit", DRAFT, IN_REVIEW, "routes.edit", complete=True),
    Transition("withdraw", IN_REVIEW, DRAFT, "routes.edit"),
    Transition("approve", IN_REVIEW, PUBLISHED, "routes.publish", four_eyes=True, complete=True),
    Transition("send-back", IN_REVIEW, DRAFT, "routes.publish", four_eyes=True, comment=True),
    Transition("archive", PUBLISHED, ARCHIVED, "routes.publish", comment=True),
)
_BY_ACTION = {t.action: t for t in TRANSITIONS}

NOT_OFFICE = define(
    "publish.not-office", "Only the tourism office changes published routes; {user} may not."
)
NOT_ALLOWED = define("publish.not-allowed", "The role {role} may not {action} a route version.")
WRONG_STATE = define(
    "publish.wrong-state", "A version in state {state} cannot be {action}: it must be {source}."
)
OWN_CHANGE = define(
    "publish.own-change",
    "Only an office publisher other than the author of the version may {action} it; "
    "{author} wrote it.",
)
NEEDS_COMMENT = define("publish.needs-comment", "To {action} a version, say why in a comment.")
INCOMPLETE = define("publish.incomplete", "The version is not complete: {problems}")
UNKNOWN_STOP = define(
    "publish.unknown-stop", "Stop {index} of day {day} is {site}, which is not in the catalogue."
)
INFEASIBLE = define(
    "publish.infeasible",
    "In the {season} season (sample date {date}) the route cannot be run: {reason}",
)
MISSING_TEXT = define("publish.missing-text", "The {language} text {field} is missing.")


#: The words the workflow's messages use for its actions, states and the public: each
#: a catalogue entry, so a reader sees it in their language (English: the id itself).
WORDS = {
    **{t.action: define(f"publish.action.{t.action}", t.action) for t in TRANSITIONS},
    **{state: define(f"publish.state.{state}", state) for state in STATES},
    "the public": define("publish.the-public", "the public"),
}


def _named(word: str) -> Ref:
    """Return a workflow word as a reference, said in the reader's language."""
    return Ref("text", word, word)


def _ask(actor: Actor, t: Transition, state: str, author: str, comment: str) -> Message | None:
    """Return why ``actor`` may not make ``t`` on a version in ``state`` (``None``: may)."""
    if actor.role is None or (actor.org_kind != "office" and actor.role != "admin"):
        return message(NOT_OFFICE, user=actor.user or _named("the public"))
    action = _named(t.action)
    if not allowed(actor.role, t.permission):
        return message(NOT_ALLOWED, role=actor.role, action=action)
    if state != t.source:
        return message(WRONG_STATE, state=_named(state), action=action, source=_named(t.source))
    if t.four_eyes and actor.user == author:
        return message(OWN_CHANGE, action=action, author=author)
    if t.comment and not comment.strip():
        return message(NEEDS_COMMENT, action=action)
    return None


def _transition(action: str) -> Transition:
    try:
        return _BY_ACTION[action]
    except KeyError:
        said = bad_value("action", action, message(ONE_OF, choices=", ".join(_BY_ACTION)))
        raise InvalidRequestError(said, field="action") from None


def refusal(
    action: str, state: str, *, actor: Actor, author: str, comment: str = ""
) -> Message | None:
    """Return why ``actor`` may not take ``action`` now, or ``None`` when they may.

    Completeness is not judged here (see :func:`completeness`).

    Examples
    --------
    >>> str(refusal("submit", "draft", actor=Actor("op@travel.vn", "operator", "operator"),
    ...             author="x"))
    'Only the tourism office changes published routes; op@travel.vn may not.'
    """
    if state not in STATES:
        said = bad_value("state", state, message(ONE_OF, choices=", ".join(STATES)))
        raise InvalidRequestError(said, field="state")
    return _ask(actor, _transition(action), state, author, comment)


def decide(
    action: str,
    state: str,
    *,
    actor: Actor,
    author: str,
    comment: str = "",
    problems: tuple[Message, ...] = (),
) -> str:
    """Return the state a version reaches when ``actor`` takes ``action`` on it.

    Parameters
    ----------
    action
        One of the :data:`TRANSITIONS`' actions.
    state
        The version's current state.
    actor
        Who asks.
    author
        The user who wrote the version.
    comment
        The comment given with the action.
    problems
        What :func:`completeness` found (refused when the transition needs completeness).

    Returns
    -------
    str
        The new state.

    Raises
    ------
    WorkflowError
        Saying why the transition is refused.
    InvalidRequestError
        If ``action`` or ``state`` is unknown.
    """
    why = refusal(action, state, actor=actor, author=author, comment=comment)
    t = _transition(action)
    if why is None and t.complete and problems:
        why = message(INCOMPLETE, problems=problems)
    if why is not None:
        raise WorkflowError(why)
    return t.target


def available(state: str, *, actor: Actor, author: str) -> tuple[str, ...]:
    """Return the actions ``actor`` may take on a version in ``state`` (comment aside)."""
    return tuple(t.action for t in TRANSITIONS if _ask(actor, t, state, author, "comment") is None)


@dataclass(frozen=True, slots=True)
class RouteDraft:
    """A route version as the office writes it.

    Attributes
    ----------
    tour
        Days and stops (site ids of the catalogue), zones.
    texts
        Per language, the texts by field (see :func:`required_texts`).
    seasons
        Seasons it runs in (keys of :data:`SAMPLE_DATES`).
    mode
        Travel mode.
    """

    tour: Tour
    texts: Mapping[str, Mapping[str, str]]
    seasons: tuple[str, ...] = ("dry", "rainy")
    mode: str = "car"


def required_texts(tour: Tour) -> tuple[str, ...]:
    """Return the text fields a language needs: name, summary and one text per day."""
    return ("name", "summary", *(f"day-{n}" for n in range(1, tour.days + 1)))


def complete_languages(draft: RouteDraft) -> tuple[str, ...]:
    """Return the languages whose every text is written (those that may be published)."""
    fields = required_texts(draft.tour)
    return tuple(
        lang
        for lang in LANGUAGES
        if all(draft.texts.get(lang, {}).get(f, "").strip() for f in fields)
    )


def _feasible(draft: RouteDraft, network: Network) -> list[Message]:
    from tourlink.connect import connect
    from tourlink.exceptions import InfeasibleRequestError

    found = []
    for season in draft.seasons:
        date = SAMPLE_DATES[season]
        try:
            connect([draft.tour], start_date=date, mode=draft.mode, network=network, shift=False)
        except InfeasibleRequestError as exc:
            found.append(message(INFEASIBLE, season=season, date=date, reason=str(exc)))
    return found


def completeness(draft: RouteDraft, network: Network) -> tuple[Message, ...]:
    """Return every reason ``draft`` may not go to review (empty: it may).

    Stops must be catalogue sites; the route must pass the independent checker on the
    sample date of each season it runs in; Vietnamese and English must be complete.
    """
    problems: list[Message] = []
    for index, stop in enumerate(draft.tour.stops, 1):
        if stop.site not in network.sites:
            problems.append(message(UNKNOWN_STOP, index=index, day=stop.day, site=stop.site))
    fields = required_texts(draft.tour)
    for lang in REQUIRED_LANGUAGES:
        texts = draft.texts.get(lang, {})
        problems += [
            message(MISSING_TEXT, language=lang, field=f)
            for f in fields
            if not texts.get(f, "").strip()
        ]
    if not problems:
        problems += _feasible(draft, network)
    return tuple(problems)
