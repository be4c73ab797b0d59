"""Lottery windows (抽選): list, create, draw and release. Each step is one
service call; the draw and the release are refused out of order."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cityhall.common.forms import add_application_error
from cityhall.core.models import Municipality
from cityhall.reservations.console_lottery.access import reservations_staff_required
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.forms_lottery import LotteryWindowForm
from cityhall.reservations.models import Facility
from cityhall.reservations.selectors_lottery import (
    window_get_for_staff,
    window_list_for_staff,
)
from cityhall.reservations.services.lottery import (
    window_create,
    window_draw,
    window_release,
)


@require_GET
@reservations_staff_required
def window_index(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The municipality's lottery windows with their entry and winner counts."""
    return TemplateResponse(
        request,
        "reservations/console/window_index.html",
        {"windows": list(window_list_for_staff(municipality=municipality))},
    )


@require_http_methods(["GET", "POST"])
@reservations_staff_required
def window_new(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Open a lottery for a month of one facility."""
    facilities = {
        str(f.public_id): f
        for f in Facility.objects.filter(municipality=municipality).order_by(
            "sort_order", "name"
        )
    }
    form = LotteryWindowForm(
        request.POST if request.method == "POST" else None,
        facilities=[(key, f.name) for key, f in facilities.items()],
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                window = window_create(
                    facility=facilities[data["facility"]],
                    month=data["month"],
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    confirm_by=data["confirm_by"],
                    max_entries_per_resident=data["max_entries_per_resident"],
                    max_wins_per_resident=data["max_wins_per_resident"],
                    max_wins_per_group=data["max_wins_per_group"],
                )
            except ReservationError as error:
                add_application_error(form, error)
                status = error.status
            else:
                messages.success(request, _("The lottery is open."))
                return redirect("reservations_lottery_console:window", window.public_id)
    return TemplateResponse(
        request, "reservations/console/window_form.html", {"form": form}, status=status
    )


@require_GET
@reservations_staff_required
def window_detail(
    request: HttpRequest, municipality: Municipality, public_id: uuid.UUID
) -> HttpResponse:
    """A window's dates, caps, counts and the draw or release button."""
    window = window_get_for_staff(municipality=municipality, public_id=public_id)
    if window is None:
        raise Http404
    return TemplateResponse(
        request, "reservations/console/window_detail.html", {"window": window}
    )


@require_POST
@reservations_staff_required
def window_step(
    request: HttpRequest, municipality: Municipality, public_id: uuid.UUID
) -> HttpResponse:
    """Draw (``step=draw``) or release (``step=release``) the lottery."""
    window = window_get_for_staff(municipality=municipality, public_id=public_id)
    if window is None:
        raise Http404
    step = request.POST.get("step")
    try:
        if step == "draw":
            window_draw(window=window)
            messages.success(request, _("The lottery is drawn."))
        elif step == "release":
            window_release(window=window)
            messages.success(request, _("The results are released."))
        else:
            raise Http404
    except ReservationError as error:
        messages.error(request, str(error.message))
    return redirect("reservations_lottery_console:window", window.public_id)
