"""Who may open the reservations console: active staff with the
``reservations.manage_bookings`` permission (see
:mod:`cityhall.reservations.permissions`). The staff second factor is
enforced for all of ``/admin/`` by ``StaffSecondFactorMiddleware``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from cityhall.reservations.permissions import can_manage_bookings

View = Callable[..., HttpResponse]


def console_allowed(request: HttpRequest) -> bool:
    """Whether this request's user may use the console, asked once per request
    (the menu and the view ask the same question)."""
    if not hasattr(request, "_reservations_console_allowed"):
        request._reservations_console_allowed = can_manage_bookings(  # type: ignore[attr-defined]
            request.user
        )
    return request._reservations_console_allowed  # type: ignore[attr-defined]


def reservations_forbidden(request: HttpRequest) -> TemplateResponse:
    """The console's refusal page for the reservations screens, status 403."""
    return TemplateResponse(request, "reservations/console/forbidden.html", status=403)


def bookings_staff_required(view: View) -> View:
    """Run ``view`` for staff who may manage bookings; 403 for anyone else who
    reached the console."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not console_allowed(request):
            return reservations_forbidden(request)
        return view(request, *args, **kwargs)

    return wrapper
