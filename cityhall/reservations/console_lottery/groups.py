"""Group approval (団体登録の承認): the queue with likely duplicates
highlighted, a group's page with the groups it resembles, approve or reject
with a reason. Opening a group's page is audited (personal data)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cityhall.common.forms import add_application_error
from cityhall.core.models import Municipality
from cityhall.core.services.audit import audit_log
from cityhall.reservations.console_lottery.access import reservations_staff_required
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.forms_lottery import GroupRejectForm
from cityhall.reservations.models import Group
from cityhall.reservations.selectors_groups import (
    group_duplicates_of,
    group_get_for_staff,
    group_list_for_staff,
)
from cityhall.reservations.services.groups import group_approve, group_reject


@require_GET
@reservations_staff_required
def group_index(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Groups by state (pending first, possible duplicates first)."""
    state = request.GET.get("state", Group.State.PENDING)
    if state not in Group.State.values:
        state = ""
    return TemplateResponse(
        request,
        "reservations/console/group_index.html",
        {
            "groups": list(
                group_list_for_staff(municipality=municipality, state=state)
            ),
            "state": state,
            "states": Group.State.choices,
        },
    )


def _page(
    request: HttpRequest, group: Group, form: GroupRejectForm | None = None
) -> TemplateResponse:
    return TemplateResponse(
        request,
        "reservations/console/group_detail.html",
        {
            "group": group,
            "duplicates": list(group_duplicates_of(group=group)),
            "form": form or GroupRejectForm(),
        },
        status=400 if form is not None and form.errors else 200,
    )


def _group_or_404(municipality: Municipality, public_id: uuid.UUID) -> Group:
    group = group_get_for_staff(municipality=municipality, public_id=public_id)
    if group is None:
        raise Http404
    return group


@require_GET
@reservations_staff_required
def group_detail(
    request: HttpRequest, municipality: Municipality, public_id: uuid.UUID
) -> HttpResponse:
    """A group, its members and the groups it may duplicate."""
    group = _group_or_404(municipality, public_id)
    audit_log(actor=request.user, action="reservations_group.view", target=group)
    return _page(request, group)


@require_POST
@reservations_staff_required
def group_decide(
    request: HttpRequest, municipality: Municipality, public_id: uuid.UUID
) -> HttpResponse:
    """Approve (``decision=approve``) or reject with a reason."""
    group = _group_or_404(municipality, public_id)
    form = None
    try:
        if request.POST.get("decision") == "approve":
            group_approve(staff=request.user, group=group)
            messages.success(request, _("The group is approved."))
        else:
            form = GroupRejectForm(request.POST)
            if not form.is_valid():
                return _page(request, group, form)
            group_reject(
                staff=request.user, group=group, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The group is rejected."))
    except ReservationError as error:
        form = form or GroupRejectForm()
        add_application_error(form, error)
        response = _page(request, group, form)
        response.status_code = error.status
        return response
    return redirect("reservations_lottery_console:groups")
