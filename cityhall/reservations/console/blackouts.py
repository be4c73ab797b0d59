"""Blackouts (利用停止): the ones running or to come, each with the bookings it
cancelled, and the form that creates one (cancelling, refunding and notifying
every booking it overlaps)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from cityhall.common.errors import ApplicationError
from cityhall.common.forms import add_application_error
from cityhall.reservations.console.access import bookings_staff_required
from cityhall.reservations.console.forms import BlackoutForm
from cityhall.reservations.services.blackouts import blackout_create
from cityhall.reservations.staff_selectors import blackout_list_for_staff

PAGE_SIZE = 20


def _page(request: HttpRequest, form: BlackoutForm) -> TemplateResponse:
    blackouts = blackout_list_for_staff(user=request.user, ending_after=timezone.now())
    page = Paginator(blackouts, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "reservations/console/blackout_index.html",
        {"form": form, "page": page},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@bookings_staff_required
def blackout_index(request: HttpRequest) -> HttpResponse:
    """Blackouts running or to come, and a form to add one."""
    if request.method != "POST":
        return _page(request, BlackoutForm())
    form = BlackoutForm(request.POST)
    if form.is_valid():
        try:
            _blackout, cancelled = blackout_create(
                room=form.cleaned_data["room"],
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ApplicationError as error:
            field = "ends_at" if error.code == "blackout_invalid" else None
            add_application_error(form, error, field=field)
        else:
            messages.success(
                request,
                ngettext(
                    "The blackout was saved; %(count)s booking was cancelled "
                    "and its resident is told by mail.",
                    "The blackout was saved; %(count)s bookings were cancelled "
                    "and their residents are told by mail.",
                    len(cancelled),
                )
                % {"count": len(cancelled)},
            )
            return redirect("reservations_console:blackouts")
    return _page(request, form)
