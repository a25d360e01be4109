"""Organisations, roles and what each role may do: the rules, as pure data and functions.

An organisation is a tour operator or the tourism office (:data:`ORG_KINDS`); each user
belongs to one and holds one role (:data:`ROLES`). What a role may do is the table
:data:`PERMISSIONS`; :func:`allowed` reads it and :func:`check_role` says which roles fit
which kind of organisation. The store keeps users and organisations; the web asks
:func:`allowed` before it acts. Nothing here touches a database or a request.

Examples
--------
>>> allowed("operator", "itineraries.edit")
True
>>> allowed("operator", "users.manage")
False
>>> allowed("office-publisher", "routes.publish")
True
"""

from __future__ import annotations

import re
from types import MappingProxyType

from tourlink.exceptions import InvalidRequestError
from tourlink.messages import define, message
from tourlink.texts import ONE_OF, bad_value, field_ref

__all__ = [
    "ACTIONS",
    "ORG_KINDS",
    "PERMISSIONS",
    "ROLES",
    "ROLES_BY_KIND",
    "allowed",
    "check_email",
    "check_org_kind",
    "check_role",
    "check_slug",
]

ROLE_OF_KIND = define(
    "account.role-of-kind",
    "{field} must be one of {choices} for an organisation of kind {kind}, got {value}.",
)
ORG_SLUG = define(
    "expected.org-slug",
    "2 to 60 lower-case letters, digits and single hyphens (e.g. 'mang-den-travel')",
)
EMAIL = define("expected.email", "an e-mail address such as 'lan@example.vn'")

#: Kinds of organisation: a tour operator, or the provincial tourism office.
ORG_KINDS = ("operator", "office")

#: The roles a user may hold, from the narrowest.
ROLES = ("operator", "org-admin", "office-editor", "office-publisher", "admin")

#: Every action a permission can be asked for.
ACTIONS = (
    "itineraries.view",
    "itineraries.edit",
    "itineraries.share",
    "users.manage",
    "ratecards.view",
    "ratecards.edit",
    "branding.edit",
    "quotes.edit",
    "tours.edit",
    "routes.edit",
    "routes.publish",
    "orgs.manage",
)

_OPERATOR = frozenset(
    {
        "itineraries.view",
        "itineraries.edit",
        "itineraries.share",
        "ratecards.view",
        "quotes.edit",
        "tours.edit",
    }
)
_OFFICE = frozenset({"itineraries.view", "itineraries.edit", "itineraries.share"})

#: Which actions each role may take (within its own organisation).
PERMISSIONS = MappingProxyType(
    {
        "operator": _OPERATOR,
        "org-admin": _OPERATOR | {"users.manage", "ratecards.edit", "branding.edit"},
        "office-editor": _OFFICE | {"routes.edit"},
        "office-publisher": _OFFICE | {"routes.edit", "routes.publish"},
        "admin": frozenset(ACTIONS),
    }
)

#: Which roles a user of each kind of organisation may hold.
ROLES_BY_KIND = MappingProxyType(
    {
        "operator": ("operator", "org-admin", "admin"),
        "office": ("org-admin", "office-editor", "office-publisher", "admin"),
    }
)

_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def allowed(role: str, action: str) -> bool:
    """Return whether a user holding ``role`` may take ``action`` in their organisation.

    Parameters
    ----------
    role
        One of :data:`ROLES`.
    action
        One of :data:`ACTIONS`.

    Raises
    ------
    InvalidRequestError
        If ``role`` or ``action`` is unknown (a typo must not read as "refused").

    Examples
    --------
    >>> allowed("org-admin", "ratecards.edit"), allowed("operator", "ratecards.edit")
    (True, False)
    >>> allowed("office-editor", "routes.publish")
    False
    """
    check_role(role)
    if action not in ACTIONS:
        raise InvalidRequestError(
            bad_value("action", action, message(ONE_OF, choices=", ".join(ACTIONS))), "action"
        )
    return action in PERMISSIONS[role]


def check_role(role: str, kind: str | None = None) -> str:
    """Return ``role`` if it is a role (that an organisation of ``kind`` may give).

    Examples
    --------
    >>> check_role("office-editor", "office")
    'office-editor'
    >>> check_role("office-editor", "operator")
    Traceback (most recent call last):
    ...
    tourlink.exceptions.InvalidRequestError: `role` must be one of operator, org-admin, \
admin for an organisation of kind 'operator', got 'office-editor'.
    """
    if role not in ROLES:
        raise InvalidRequestError(
            bad_value("role", role, message(ONE_OF, choices=", ".join(ROLES))), field="role"
        )
    if kind is not None and role not in ROLES_BY_KIND[check_org_kind(kind)]:
        raise InvalidRequestError(
            message(
                ROLE_OF_KIND,
                field=field_ref("role"),
                choices=", ".join(ROLES_BY_KIND[kind]),
                kind=repr(kind),
                value=repr(role),
            ),
            field="role",
        )
    return role


def check_org_kind(kind: str) -> str:
    """Return ``kind`` if it is one of :data:`ORG_KINDS`, else raise naming the field."""
    if kind not in ORG_KINDS:
        raise InvalidRequestError(
            bad_value("kind", kind, message(ONE_OF, choices=", ".join(ORG_KINDS))), field="kind"
        )
    return kind


def check_slug(slug: str) -> str:
    """Return ``slug`` if it is a lower-case slug of 2 to 60 characters, else raise.

    Examples
    --------
    >>> check_slug("mang-den-travel")
    'mang-den-travel'
    >>> check_slug("Măng Đen")
    Traceback (most recent call last):
    ...
    tourlink.exceptions.InvalidRequestError: `slug` must be 2 to 60 lower-case letters, \
digits and single hyphens (e.g. 'mang-den-travel'), got 'Măng Đen'.
    """
    if not (2 <= len(slug) <= 60 and _SLUG.fullmatch(slug)):
        raise InvalidRequestError(bad_value("slug", slug, message(ORG_SLUG)), field="slug")
    return slug


def check_email(email: str) -> str:
    """Return ``email`` trimmed and lower-cased if it looks like an address, else raise.

    Examples
    --------
    >>> check_email(" Lan@Example.VN ")
    'lan@example.vn'
    """
    cleaned = email.strip().lower()
    if len(cleaned) > 254 or not _EMAIL.fullmatch(cleaned):
        raise InvalidRequestError(bad_value("email", email, message(EMAIL)), field="email")
    return cleaned
