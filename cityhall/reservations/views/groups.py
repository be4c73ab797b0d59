"""The signed-in resident's group pages (団体登録): register, list, detail,
renew. Every page that names a group finds it through a selector scoped to
the resident, so another resident's group answers 404 as an unknown one."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cityhall.common.forms import add_application_error
from cityhall.core.residents.views import resident_required
from cityhall.core.selectors.organisation import municipality_current
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.forms_lottery import GroupRegisterForm
from cityhall.reservations.selectors_groups import (
    group_get_for_resident,
    group_list_for_resident,
)
from cityhall.reservations.services.groups import (
    group_register,
    group_renew,
    group_renewable,
)


@never_cache
@resident_required
def group_list(request: HttpRequest) -> HttpResponse:
    """The groups the resident registered, with their state and period."""
    return render(
        request,
        "reservations/group_list.html",
        {"groups": list(group_list_for_resident(user=request.user))},
    )


@never_cache
@resident_required
@require_http_methods(["GET", "POST"])
def group_register_view(request: HttpRequest) -> HttpResponse:
    """Register a group; it waits for staff approval."""
    form = GroupRegisterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = group_register(
                resident=request.user,
                municipality=municipality_current(),
                name=data["name"],
                category=data["category"],
                representative_name=data["representative_name"],
                address=data["address"],
                phone=data["phone"],
                members=form.member_names(),
            )
        except ReservationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request, _("Your group is registered and waits for approval.")
            )
            return redirect("reservations:group_detail", group.public_id)
    return render(
        request,
        "reservations/group_register.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@never_cache
@resident_required
def group_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One of the resident's groups with its members and, when due, renewal."""
    group = group_get_for_resident(user=request.user, public_id=public_id)
    if group is None:
        raise Http404
    return render(
        request,
        "reservations/group_detail.html",
        {"group": group, "renewable": group_renewable(group)},
    )


@never_cache
@resident_required
@require_POST
def group_renew_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Renew one of the resident's groups (更新)."""
    group = group_get_for_resident(user=request.user, public_id=public_id)
    if group is None:
        raise Http404
    try:
        group = group_renew(resident=request.user, group=group)
    except ReservationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your group's registration is renewed."))
    return redirect("reservations:group_detail", group.public_id)
