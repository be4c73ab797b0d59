"""The bookings of a facility and date range (filtered by state and room), a
booking's page, and the staff actions on it: the usage record (利用実績) and
the city's cancellation with a reason (an override, refunded in full)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cityhall.common.errors import ApplicationError
from cityhall.common.forms import add_application_error
from cityhall.core.services.audit import audit_log
from cityhall.reservations.console.access import bookings_staff_required
from cityhall.reservations.console.forms import (
    BookingFilterForm,
    CancelForm,
    UsageForm,
)
from cityhall.reservations.models import Booking, Facility
from cityhall.reservations.services.console import (
    booking_cancel_by_city,
    booking_usage_record,
)
from cityhall.reservations.staff_selectors import (
    booking_get_for_staff,
    booking_list_for_staff,
)

PAGE_SIZE = 50


def _filter_form(request: HttpRequest) -> BookingFilterForm:
    data = request.GET.copy()
    today = timezone.localdate()
    if "facility" not in data:
        first = Facility.objects.order_by("sort_order", "name").first()
        if first is not None:
            data["facility"] = str(first.public_id)
    data.setdefault("date_from", today.isoformat())
    data.setdefault("date_to", (today + dt.timedelta(days=30)).isoformat())
    return BookingFilterForm(data)


@require_http_methods(["GET"])
@bookings_staff_required
def booking_index(request: HttpRequest) -> HttpResponse:
    """Bookings of one facility in a date range, 50 a page."""
    form = _filter_form(request)
    page = None
    if form.is_valid():
        bookings = booking_list_for_staff(
            user=request.user,
            facility=form.cleaned_data["facility"],
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
            state=form.cleaned_data["state"],
            room=form.cleaned_data["room"],
        )
        page = Paginator(bookings, PAGE_SIZE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "reservations/console/booking_index.html",
        {
            "form": form,
            "page": page,
            "filter_query": query.urlencode(),
        },
        status=400 if form.errors else 200,
    )


def _booking_or_404(request: HttpRequest, public_id: uuid.UUID) -> Booking:
    booking = booking_get_for_staff(user=request.user, public_id=public_id)
    if booking is None:
        raise Http404
    return booking


def _page(
    request: HttpRequest,
    booking: Booking,
    *,
    usage_form: UsageForm | None = None,
    cancel_form: CancelForm | None = None,
) -> TemplateResponse:
    failed = any(f is not None and f.errors for f in (usage_form, cancel_form))
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "reservations/console/booking_detail.html",
        {
            "booking": booking,
            "profile": getattr(booking.resident, "resident_profile", None),
            "can_record": booking.state == Booking.State.CONFIRMED
            and booking.date <= today,
            "can_cancel": booking.state
            in (Booking.State.PROVISIONAL, Booking.State.CONFIRMED),
            "usage_form": usage_form or UsageForm(),
            "cancel_form": cancel_form or CancelForm(),
        },
        status=400 if failed else 200,
    )


@require_http_methods(["GET"])
@bookings_staff_required
def booking_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The booking, its resident and payment; forms for usage and cancellation.
    Opening it is audited: it shows a resident's name and contact."""
    booking = _booking_or_404(request, public_id)
    if booking.resident_id is not None:
        audit_log(
            actor=request.user, action="reservations.booking.view", target=booking
        )
    return _page(request, booking)


@require_http_methods(["POST"])
@bookings_staff_required
def booking_usage(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Record the booking as used or no-show."""
    booking = _booking_or_404(request, public_id)
    form = UsageForm(request.POST)
    if form.is_valid():
        try:
            booking_usage_record(
                booking=booking,
                outcome=form.cleaned_data["outcome"],
                actor=request.user,
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The usage was recorded."))
            return redirect("reservations_console:booking", booking.public_id)
    return _page(request, booking, usage_form=form)


@require_http_methods(["POST"])
@bookings_staff_required
def booking_cancel_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Cancel the booking for the city with a reason (full refund, notice)."""
    booking = _booking_or_404(request, public_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            cancelled = booking_cancel_by_city(
                booking=booking,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ApplicationError as error:
            add_application_error(form, error, field="reason")
        else:
            if cancelled.refunded_amount:
                messages.success(
                    request,
                    _(
                        "The booking was cancelled and %(amount)s yen are refunded. "
                        "The resident is told by mail."
                    )
                    % {"amount": f"{cancelled.refunded_amount:,}"},
                )
            else:
                messages.success(request, _("The booking was cancelled."))
            return redirect("reservations_console:booking", booking.public_id)
    return _page(request, booking, cancel_form=form)
