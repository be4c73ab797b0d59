"""Who may use the applications console: staff holding a general-staff or
department-head role today; each sees the applications of the departments
they work in (a 部 assignment covers its 課)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from cityhall.core.models import Department, Role
from cityhall.core.selectors.roles import user_roles_on

PROCESSING_ROLES = frozenset({Role.GENERAL_STAFF, Role.DEPARTMENT_HEAD})


def may_process(user: Any) -> bool:
    """Whether ``user`` holds a processing role in some department today,
    from the roles already loaded for this request (the console menu asks on
    every admin page: no query of its own)."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    return any(
        a.role in PROCESSING_ROLES and a.department_id for a in user_roles_on(user)
    )


def processing_department_ids(user: Any) -> list[int]:
    """The departments whose applications ``user`` processes (empty: none)."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return []
    assigned = {
        a.department_id
        for a in user_roles_on(user)
        if a.role in PROCESSING_ROLES and a.department_id
    }
    if not assigned:
        return []
    children = Department.objects.filter(parent_id__in=assigned).values_list(
        "pk", flat=True
    )
    return sorted(assigned | set(children))


View = Callable[..., HttpResponse]


def processing_staff_required(view: View) -> View:
    """Run ``view(request, department_ids, ...)``; 403 for other console users."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        departments = processing_department_ids(request.user)
        if not departments:
            return TemplateResponse(
                request, "eforms/console/forbidden.html", status=403
            )
        return view(request, departments, *args, **kwargs)

    return wrapper
