"""Staff console: reset a staff member's second factor (lost phone).

Only the IT policy division (system administrators) may reset, never their own;
the reset itself is ``staff_second_factor_reset``, which writes the audit record.
The staff member enrols a new authenticator at their next sign-in.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.menu import MenuItem

from cityhall.common.errors import ApplicationError
from cityhall.common.forms import add_application_error
from cityhall.core.console.forbidden import console_forbidden
from cityhall.core.permissions import can_manage_roles
from cityhall.core.selectors.staff import (
    staff_member_for_reset,
    staff_second_factor_overview,
)
from cityhall.core.services.staff import staff_second_factor_reset

app_name = "cityhall_second_factor"


class SecondFactorResetForm(forms.Form):
    """The confirmation of a reset: no fields, only the POST and its errors."""


@require_http_methods(["GET"])
def second_factor_index(request: HttpRequest) -> HttpResponse:
    """Staff members and whether each has an authenticator enrolled."""
    if not can_manage_roles(request.user):
        return console_forbidden(request)
    return TemplateResponse(
        request,
        "core/console/second_factor_index.html",
        {"staff_members": staff_second_factor_overview()},
    )


@require_http_methods(["GET", "POST"])
def second_factor_reset(request: HttpRequest, public_id) -> HttpResponse:
    """Confirm (GET) and carry out (POST) the reset of one staff member."""
    if not can_manage_roles(request.user):
        return console_forbidden(request)
    member = staff_member_for_reset(public_id=public_id)
    if member is None:
        raise Http404
    form = SecondFactorResetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            staff_second_factor_reset(user=member, reset_by=request.user)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The second factor of %(email)s was reset. They set up a new "
                    "authenticator at their next sign-in."
                )
                % {"email": member.email},
            )
            return redirect("cityhall_second_factor:index")
    return TemplateResponse(
        request,
        "core/console/second_factor_reset.html",
        {"member": member, "form": form},
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("", second_factor_index, name="index"),
    path("<uuid:public_id>/reset/", second_factor_reset, name="reset"),
]


def second_factor_admin_urls() -> list:
    """The screens' URLs under the console (``/admin/second-factor/``)."""
    return [
        path(
            "second-factor/",
            include((urlpatterns, app_name), namespace=app_name),
        )
    ]


class SystemAdminMenuItem(MenuItem):
    """A menu item shown only to the IT policy division."""

    def is_shown(self, request) -> bool:
        return can_manage_roles(request.user)


def second_factor_menu_item() -> MenuItem:
    """The console menu entry of the reset screen."""
    return SystemAdminMenuItem(
        gettext_lazy("Staff second factor"),
        reverse("cityhall_second_factor:index"),
        icon_name="key",
        order=810,
    )
