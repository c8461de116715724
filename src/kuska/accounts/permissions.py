"""What a user may do, and where: the permissions of their memberships' roles.

A permission of scope ``agency`` holds at the membership's agency and every unit below it; one of scope ``all``
holds wherever the user is. A disabled user may do nothing. These functions are the one door: Django's
``user.has_perm`` is for the administration site only (it grants everything to a superuser).

>>> # has_permission(officer, "records.submit", police_north)   # a police data officer, at a police unit: True
>>> # has_permission(officer, "audit.read")                      # False: not a data officer's permission
"""

from __future__ import annotations

from dataclasses import dataclass

from kuska.accounts.models import Membership, Permission, Role, User
from kuska.accounts.tree import covered_agency_ids, covers
from kuska.registry.models import Agency


@dataclass(frozen=True)
class Grant:
    """One permission held through one membership."""

    permission: str
    scope: str
    agency: Agency


def grants(user: User) -> list[Grant]:
    """Every permission the user holds, one per membership that gives it; none for a disabled user."""
    if not user.is_active or user.pk is None:
        return []
    memberships = Membership.objects.filter(user=user).select_related("agency", "role")
    found: list[Grant] = []
    for membership in memberships.prefetch_related("role__permissions"):
        for permission in membership.role.permissions.all():
            found.append(Grant(permission.code, permission.scope, membership.agency))
    return found


def permissions_at(user: User, agency: Agency | None = None) -> frozenset[str]:
    """The permissions the user holds at an agency; without one, only those of scope ``all``."""
    return frozenset(
        grant.permission
        for grant in grants(user)
        if grant.scope == Permission.Scope.ALL
        or (agency is not None and covers(grant.agency, agency))
    )


def has_permission(user: User, code: str, agency: Agency | None = None) -> bool:
    """Whether the user holds the permission (at the agency, for a permission of scope ``agency``)."""
    return code in permissions_at(user, agency)


def agencies_where(user: User, code: str) -> set[int]:
    """The ids of the agencies where the user holds the permission: every agency for one of scope ``all``."""
    held = [grant for grant in grants(user) if grant.permission == code]
    if any(grant.scope == Permission.Scope.ALL for grant in held):
        return set(Agency.objects.values_list("id", flat=True))
    return covered_agency_ids(grant.agency.pk for grant in held)


def public_permissions() -> frozenset[str]:
    """What anyone may do without signing in: the permissions of the roles no account is given."""
    return frozenset(
        Permission.objects.filter(roles__in=Role.objects.filter(assignable=False)).values_list(
            "code", flat=True
        )
    )
