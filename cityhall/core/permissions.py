"""Who may do what in the core app: policy functions for services and views.

Each function answers one question from the data (role assignments valid today),
never from group membership alone: groups are a cache of the roles that
``role_groups_sync`` refreshes daily, so a transfer that took effect this morning
must not wait for the sync to narrow someone's powers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cityhall.core.models import Department, Role
from cityhall.core.selectors.roles import user_has_any_role, user_has_role

#: Roles that may read residents' personal data and the audit trail in the console.
PERSONAL_DATA_ROLES: frozenset[str] = frozenset(
    {Role.SYSTEM_ADMIN, Role.CISO, Role.SECURITY_STAFF}
)


def _is_active_user(user: Any) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )


def can_approve(
    user: Any,
    *,
    department: Department | None,
    submitted_by: Any,
    on: dt.date | None = None,
) -> bool:
    """True when ``user`` may approve work of ``department`` submitted by another.

    Nobody approves their own work (separation of duties). Otherwise a department
    head (課長/部長) whose assignment covers ``department`` (the 課 itself or its
    parent 部) may approve, and so may a system administrator for any department.
    """
    if not _is_active_user(user):
        return False
    if submitted_by is not None and getattr(submitted_by, "pk", None) == user.pk:
        return False
    if user_has_role(user, Role.SYSTEM_ADMIN, on=on):
        return True
    if department is None:
        return False
    return user_has_role(user, Role.DEPARTMENT_HEAD, department=department, on=on)


def can_view_personal_data(user: Any, *, on: dt.date | None = None) -> bool:
    """True when ``user`` may open resident profiles and the audit trail.

    Limited to the system administrators, the CISO and security staff; being a
    Django superuser is deliberately not enough, so every such read is tied to a
    named, dated role assignment.
    """
    if not _is_active_user(user):
        return False
    return user_has_any_role(user, PERSONAL_DATA_ROLES, on=on)


def can_manage_roles(user: Any, *, on: dt.date | None = None) -> bool:
    """True when ``user`` may assign and end roles (the IT policy division)."""
    if not _is_active_user(user):
        return False
    return user_has_role(user, Role.SYSTEM_ADMIN, on=on)


def can_manage_organisation(user: Any, *, on: dt.date | None = None) -> bool:
    """True when ``user`` may edit the municipality profile, districts and
    departments in the staff console."""
    return can_manage_roles(user, on=on)
