"""Who may open the payments console: accounting division (会計課) staff only.

The same rule as :mod:`cityhall.payments.permissions` (a general-staff or
department-head role, valid today, in the division named in a municipality's
payment settings), answered with that municipality so that every screen works
on its own municipality's records.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from cityhall.core.models import Municipality
from cityhall.core.selectors.roles import user_has_any_role, user_has_role
from cityhall.payments.models import PaymentSettings
from cityhall.payments.permissions import ACCOUNTING_ROLES


def accounting_municipality(user: Any) -> Municipality | None:
    """The municipality whose accounting division ``user`` works in today, or
    None (not accounting staff, inactive, signed out)."""
    if not (
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    ):
        return None
    # Most console users hold no accounting role at all: answer them from the
    # roles already loaded for this request, without reading the settings.
    if not user_has_any_role(user, ACCOUNTING_ROLES):
        return None
    for settings in PaymentSettings.objects.filter(
        accounting_department__isnull=False
    ).select_related("accounting_department", "municipality"):
        if any(
            user_has_role(user, role, department=settings.accounting_department)
            for role in ACCOUNTING_ROLES
        ):
            return settings.municipality
    return None


def payments_forbidden(request: HttpRequest) -> TemplateResponse:
    """The console's refusal page for the payments screens, status 403."""
    return TemplateResponse(request, "payments/console/forbidden.html", status=403)


View = Callable[..., HttpResponse]


def accounting_required(view: View) -> View:
    """Run ``view(request, municipality, ...)`` for accounting staff; 403 for
    anyone else who reached the console."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        municipality = accounting_municipality(request.user)
        # The console menu asks the same question; answered once per request.
        request._payments_console_allowed = municipality is not None  # type: ignore[attr-defined]
        if municipality is None:
            return payments_forbidden(request)
        return view(request, municipality, *args, **kwargs)

    return wrapper
