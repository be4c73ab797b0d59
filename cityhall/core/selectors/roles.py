"""Who holds which role, on which day.

``assignments_valid_on`` is the one definition of "an assignment valid on a
day"; everything else (a user's roles, the holders of a role) narrows it.

Permission checks ask about the same user many times while serving one request
(every row of a console list asks whether its buttons may be shown), so
:func:`user_roles_on` loads the user's assignments valid on a day once and keeps
them on the user instance. ``request.user`` is a new instance for every request,
so the memo lives exactly as long as the request; services that change
assignments call :func:`user_roles_forget` for the user concerned.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from cityhall.core.models import Department, RoleAssignment

_MEMO_ATTRIBUTE = "_cityhall_roles_on"


def assignments_valid_on(on: dt.date | None = None) -> QuerySet[RoleAssignment]:
    """Every role assignment valid on ``on`` (today in Asia/Tokyo): started on or
    before that day and not ended before it (``valid_until`` is the last day)."""
    on = on or timezone.localdate()
    return RoleAssignment.objects.filter(valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def active_assignments(user, *, on: dt.date | None = None) -> QuerySet[RoleAssignment]:
    """The user's role assignments valid on ``on`` (today in Asia/Tokyo)."""
    return (
        assignments_valid_on(on)
        .filter(user=user)
        .select_related("department", "department__parent")
    )


def user_roles_on(
    user: Any, *, on: dt.date | None = None
) -> tuple[RoleAssignment, ...]:
    """The user's assignments valid on ``on``, loaded once per user instance
    and day (one query per request however often it is asked)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ()
    on = on or timezone.localdate()
    memo: dict[dt.date, tuple[RoleAssignment, ...]] | None = getattr(
        user, _MEMO_ATTRIBUTE, None
    )
    if memo is None:
        memo = {}
        setattr(user, _MEMO_ATTRIBUTE, memo)
    if on not in memo:
        memo[on] = tuple(active_assignments(user, on=on))
    return memo[on]


def user_roles_forget(user: Any) -> None:
    """Drop the roles remembered on this user instance (after a change)."""
    if user is not None and hasattr(user, _MEMO_ATTRIBUTE):
        delattr(user, _MEMO_ATTRIBUTE)


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
    scope: set[int] | None = None
    if department is not None:
        scope = {department.pk}
        if department.parent_id:
            scope.add(department.parent_id)
    return any(
        assignment.role == role and (scope is None or assignment.department_id in scope)
        for assignment in user_roles_on(user, on=on)
    )


def user_has_any_role(
    user, roles: frozenset[str], *, on: dt.date | None = None
) -> bool:
    """True when ``user`` holds any of ``roles`` on ``on``, in any department."""
    return any(assignment.role in roles for assignment in user_roles_on(user, on=on))


def role_holder_ids(roles: frozenset[str], *, on: dt.date | None = None) -> QuerySet:
    """The ids of users holding any of ``roles`` on ``on`` (a subquery)."""
    return assignments_valid_on(on).filter(role__in=roles).values("user_id")
