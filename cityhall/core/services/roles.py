"""Role assignments (役割の割当) and the groups that carry their permissions.

Assignments are the source of truth; Django groups are derived from the
assignments valid today by :func:`role_groups_sync`, which the ``roles_sync``
command and task run daily so that April transfers (人事異動) take effect on
their date without anybody clicking anything.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhall.core.errors import RoleAssignmentError, SelfAssignmentError
from cityhall.core.models import Department, Role, RoleAssignment, User
from cityhall.core.models.roles import ROLE_GROUP_NAMES
from cityhall.core.selectors.roles import active_assignments, user_roles_forget
from cityhall.core.services.audit import audit_log

#: Roles that only make sense for one department (課).
DEPARTMENT_SCOPED_ROLES: frozenset[str] = frozenset(
    {Role.WEB_EDITOR, Role.DEPARTMENT_HEAD, Role.SECURITY_STAFF}
)


def _assignment_data(assignment: RoleAssignment) -> dict[str, Any]:
    return {
        "user": str(assignment.user.public_id),
        "user_email": assignment.user.email,
        "role": assignment.role,
        "department": assignment.department.code if assignment.department else None,
        "valid_from": assignment.valid_from.isoformat(),
        "valid_until": (
            assignment.valid_until.isoformat() if assignment.valid_until else None
        ),
    }


def _check_not_self(*, user: User, actor: User | None) -> None:
    if actor is not None and actor.pk == user.pk:
        raise SelfAssignmentError(_("You cannot change your own roles."))


def role_assignment_create(
    *,
    user: User,
    role: str,
    department: Department | None,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    assigned_by: User | None,
) -> RoleAssignment:
    """Give ``user`` ``role`` (in ``department``) for a period, audited.

    ``assigned_by`` is None only for system actions (demo seeding, first set-up
    from the command line). The user's groups are synchronised at once when the
    period has already started.
    """
    _check_not_self(user=user, actor=assigned_by)
    if role not in Role.values:
        raise RoleAssignmentError(_("Unknown role."), code="role_unknown")
    if role in DEPARTMENT_SCOPED_ROLES and department is None:
        raise RoleAssignmentError(
            _("This role needs a department."), code="role_department_required"
        )
    if valid_until is not None and valid_until < valid_from:
        raise RoleAssignmentError(
            _("The end date must not be before the start date."),
            code="role_period_invalid",
        )
    with transaction.atomic():
        assignment = RoleAssignment.objects.create(
            user=user,
            role=role,
            department=department,
            valid_from=valid_from,
            valid_until=valid_until,
            assigned_by=assigned_by,
        )
        audit_log(
            actor=assigned_by,
            action="role_assignment.create",
            target=assignment,
            data=_assignment_data(assignment),
        )
        role_groups_sync(user=user)
    user_roles_forget(user)
    return assignment


def role_assignment_end(
    *,
    assignment: RoleAssignment,
    valid_until: dt.date,
    ended_by: User | None,
) -> RoleAssignment:
    """End ``assignment`` on ``valid_until`` (the last day it holds), audited.

    Ending keeps the row, so the audit trail and old approvals still say who
    held the role at the time.
    """
    _check_not_self(user=assignment.user, actor=ended_by)
    if valid_until < assignment.valid_from:
        raise RoleAssignmentError(
            _("The end date must not be before the start date."),
            code="role_period_invalid",
        )
    with transaction.atomic():
        locked = (
            RoleAssignment.objects.select_for_update(of=("self",))
            .select_related("user", "department")
            .get(pk=assignment.pk)
        )
        previous_until = locked.valid_until
        locked.valid_until = valid_until
        locked.save(update_fields=["valid_until", "updated_at"])
        data = _assignment_data(locked)
        data["previous_valid_until"] = (
            previous_until.isoformat() if previous_until else None
        )
        audit_log(
            actor=ended_by,
            action="role_assignment.end",
            target=locked,
            data=data,
        )
        role_groups_sync(user=locked.user)
    user_roles_forget(assignment.user)
    return locked


def _role_group(role: str) -> Group:
    group, created = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[role])
    if created:
        # Every role is a staff role: each group opens the Wagtail admin.
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="wagtailadmin", codename="access_admin"
            )
        )
    return group


def role_groups_sync(*, user: User, on: dt.date | None = None) -> set[str]:
    """Put ``user`` in exactly the role groups of their assignments valid ``on``.

    Groups not named in ROLE_GROUP_NAMES (made by hand in the console) are left
    alone. A user with any valid role becomes staff; staff flags are never taken
    away here, because superusers and hand-made staff exist. Returns the names
    of the role groups the user is in afterwards. Changes are audited by the
    group-membership receivers in :mod:`cityhall.core.signal_handlers`.
    """
    on = on or timezone.localdate()
    with transaction.atomic():
        roles = set(active_assignments(user, on=on).values_list("role", flat=True))
        wanted = {_role_group(role) for role in roles}
        role_group_names = set(ROLE_GROUP_NAMES.values())
        current = set(user.groups.filter(name__in=role_group_names))
        to_remove = current - wanted
        to_add = wanted - current
        if to_remove:
            user.groups.remove(*to_remove)
        if to_add:
            user.groups.add(*to_add)
        if roles and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    return {group.name for group in wanted}


def role_groups_sync_all(*, on: dt.date | None = None) -> int:
    """Run :func:`role_groups_sync` for every user who has or had a role or is
    in a role group; returns how many users were checked."""
    role_group_names = set(ROLE_GROUP_NAMES.values())
    users = User.objects.filter(
        pk__in=RoleAssignment.objects.values("user_id")
    ) | User.objects.filter(groups__name__in=role_group_names)
    count = 0
    for user in users.distinct().iterator():
        role_groups_sync(user=user, on=on)
        count += 1
    return count
