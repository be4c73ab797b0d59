"""Staff console: recent failed sign-ins, for the CISO and security staff.

A read of the audit trail (``sign_in.failure`` records), so it is shown to the
roles that may read the audit trail: system administrators, the CISO and
security staff. The screen and its menu item register their own Wagtail hooks;
``cityhall.core.wagtail_hooks`` only imports this module.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.menu import MenuItem

from cityhall.common.errors import PermissionDeniedError
from cityhall.core.console.forbidden import console_forbidden
from cityhall.core.permissions import can_view_personal_data
from cityhall.core.selectors.sign_in_failures import (
    RECENT_FAILURES_LIMIT,
    sign_in_failures_recent_for_user,
)

app_name = "cityhall_sign_in_failures"


@require_http_methods(["GET"])
def sign_in_failures_index(request: HttpRequest) -> HttpResponse:
    """The newest failed sign-ins: time, account, source address and kind."""
    try:
        failures = sign_in_failures_recent_for_user(request.user)
    except PermissionDeniedError:
        return console_forbidden(request)
    return TemplateResponse(
        request,
        "core/console/sign_in_failures.html",
        {"failures": failures, "limit": RECENT_FAILURES_LIMIT},
    )


urlpatterns = [path("", sign_in_failures_index, name="index")]


class _SecurityMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_view_personal_data(request.user)


def sign_in_failures_admin_urls() -> list:
    """The screen's console URLs (registered by ``core/wagtail_hooks.py``)."""
    return [
        path(
            "sign-in-failures/",
            include((urlpatterns, app_name), namespace=app_name),
        )
    ]


def sign_in_failures_menu_item() -> MenuItem:
    """The menu entry, shown to those who may see personal data."""
    return _SecurityMenuItem(
        _("Failed sign-ins"),
        reverse("cityhall_sign_in_failures:index"),
        icon_name="warning",
        order=820,
    )
