"""Who holds which role, on which day."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from cityhall.core.models import Department, RoleAssignment


def active_assignments(user, *, on: dt.date | None = None) -> QuerySet[RoleAssignment]:
    """The user's role assignments valid on ``on`` (today in Asia/Tokyo)."""
    on = on or timezone.localdate()
    return (
        RoleAssignment.objects.filter(user=user, valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .select_related("department", "department__parent")
    )


def user_has_role(
    user,
    role: str,
    *,
    department: Department | None = None,
    on: dt.date | None = None,
) -> bool:
    """True when ``user`` holds ``role`` on ``on``.

    With ``department``, the assignment must be for that department or for its
    parent 部 (a 部長-level assignment covers its 課); without, any department.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    assignments = active_assignments(user, on=on).filter(role=role)
    if department is not None:
        scope = [department.pk]
        if department.parent_id:
            scope.append(department.parent_id)
        assignments = assignments.filter(department_id__in=scope)
    return assignments.exists()
