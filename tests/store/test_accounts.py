"""Tests of the roles and permissions (pure rules, no database)."""

from __future__ import annotations

import pytest

from tourlink.accounts import ACTIONS, ROLES, ROLES_BY_KIND, allowed, check_email, check_role
from tourlink.exceptions import InvalidRequestError


@pytest.mark.parametrize(
    ("role", "action", "expected"),
    [
        ("operator", "itineraries.edit", True),
        ("operator", "users.manage", False),
        ("operator", "ratecards.edit", False),
        ("org-admin", "ratecards.edit", True),
        ("org-admin", "users.manage", True),
        ("org-admin", "routes.publish", False),
        ("office-editor", "routes.edit", True),
        ("office-editor", "routes.publish", False),
        ("office-publisher", "routes.publish", True),
        ("office-publisher", "ratecards.edit", False),
        ("admin", "orgs.manage", True),
    ],
)
def test_permission_table(role: str, action: str, expected: bool) -> None:
    """Tests that each role may take exactly the actions the issue gives it."""
    assert allowed(role, action) is expected


def test_admin_may_do_everything_and_operator_less_than_org_admin() -> None:
    """Tests that admin holds every action and org-admin every operator action and more."""
    assert all(allowed("admin", a) for a in ACTIONS)
    operator = {a for a in ACTIONS if allowed("operator", a)}
    org_admin = {a for a in ACTIONS if allowed("org-admin", a)}
    assert operator < org_admin


def test_unknown_role_or_action_is_an_error_not_a_refusal() -> None:
    """Tests that a misspelt role or action raises instead of silently answering False."""
    with pytest.raises(InvalidRequestError, match="`role` must be one of"):
        allowed("orgadmin", "itineraries.view")
    with pytest.raises(
        InvalidRequestError, match=r"`action` must be one of .*got 'itinerary.view'"
    ):
        allowed("operator", "itinerary.view")


def test_office_roles_only_in_an_office() -> None:
    """Tests that the tourism office's roles cannot be given in a tour operator."""
    assert check_role("office-publisher", "office") == "office-publisher"
    with pytest.raises(InvalidRequestError, match="kind 'operator'"):
        check_role("office-publisher", "operator")
    assert set(ROLES) == {r for roles in ROLES_BY_KIND.values() for r in roles}


def test_email_is_normalised_and_checked() -> None:
    """Tests that addresses are trimmed and lower-cased, and junk is refused naming the field."""
    assert check_email("  Lan@Example.VN") == "lan@example.vn"
    with pytest.raises(InvalidRequestError, match="`email`"):
        check_email("lan at example")
