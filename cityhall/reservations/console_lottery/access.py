"""Who may open the group and lottery screens: staff holding a general-staff
or department-head role valid today, answered with the municipality of that
role's department so that every screen works on its own municipality's
records. (Reservations has no settings naming a responsible division yet;
when it gets one, this check narrows to it as payments' does.) The second
factor is required for the whole console by the staff middleware."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from cityhall.core.models import Municipality, Role
from cityhall.core.selectors.roles import user_roles_on

STAFF_ROLES = frozenset({Role.GENERAL_STAFF, Role.DEPARTMENT_HEAD})


def reservations_staff_municipality(user: Any) -> Municipality | None:
    """The municipality ``user`` serves as reservations staff today, or None."""
    if not (
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "is_staff", False)
    ):
        return None
    for assignment in user_roles_on(user):
        if assignment.role in STAFF_ROLES and assignment.department is not None:
            return assignment.department.municipality
    return None


View = Callable[..., HttpResponse]


def reservations_staff_required(view: View) -> View:
    """Run ``view(request, municipality, ...)`` for reservations staff; 403
    for anyone else who reached the console."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        municipality = reservations_staff_municipality(request.user)
        request._reservations_console_allowed = municipality is not None  # type: ignore[attr-defined]
        if municipality is None:
            return TemplateResponse(
                request, "reservations/console/lottery_forbidden.html", status=403
            )
        return view(request, municipality, *args, **kwargs)

    return wrapper
