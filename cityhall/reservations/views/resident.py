"""The signed-in resident's pages: confirm a booking, their bookings, cancel.

Every page that names a booking finds it through a selector scoped to the
resident, so another resident's id answers 404 exactly as an unknown one.
Every write goes through a service.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cityhall.common.forms import add_application_error
from cityhall.core.residents.views import resident_required
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.forms import BookingConfirmForm
from cityhall.reservations.models import Booking
from cityhall.reservations.selectors import (
    booking_get_for_resident,
    booking_list_for_resident,
    calendar_feed_for_resident,
    fee_for,
    refund_for_cancellation,
    slot_resolve,
)
from cityhall.reservations.selectors_groups import group_categories_of
from cityhall.reservations.services.booking import (
    booking_cancel,
    booking_create_provisional,
)
from cityhall.reservations.services.fees import equipment_for_room, reductions_for_room
from cityhall.reservations.throttle import booking_rate_check


@never_cache
@resident_required
@require_http_methods(["GET", "POST"])
def booking_confirm(request: HttpRequest) -> HttpResponse:
    """Show the chosen slot and its fee, ask for purpose and attendees, then
    book it provisionally and send the resident to pay its invoice."""
    slot = (request.POST if request.method == "POST" else request.GET).get("slot", "")
    try:
        room, day, times = slot_resolve(slot)
    except ReservationError as error:
        return render(
            request,
            "reservations/booking_confirm.html",
            {"slot_error": error.message},
            status=400,
        )
    equipment = equipment_for_room(room)
    form = BookingConfirmForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"slot": slot, "pay_later": ""},
        capacity=room.capacity,
        equipment=equipment,
        reductions=reductions_for_room(
            room, eligible_categories=group_categories_of(user=request.user)
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            booking_rate_check(request, user=request.user)
            booking = booking_create_provisional(
                resident=request.user,
                slot=form.cleaned_data["slot"],
                purpose=form.cleaned_data["purpose"],
                attendees=form.cleaned_data["attendees"],
                equipment_ids=[
                    uuid.UUID(value) for value in form.cleaned_data.get("equipment", [])
                ],
                reduction_code=form.cleaned_data.get("reduction", ""),
                evidence=form.cleaned_data.get("evidence"),
                pay_later=form.cleaned_data["pay_later"],
            )
        except ReservationError as error:
            add_application_error(form, error)
            if error.status == 429:
                return _confirm_page(request, form, room, day, times, status=429)
        else:
            if booking.state == Booking.State.PROVISIONAL and booking.invoice is None:
                messages.success(
                    request,
                    _(
                        "Your booking is held while staff check the evidence for "
                        "your fee reduction. You will be able to pay once they "
                        "have decided."
                    ),
                )
                return redirect("reservations:my_bookings")
            if booking.invoice is not None:
                messages.success(
                    request,
                    _(
                        "Your provisional booking is made. Pay the fee by card "
                        "now to confirm it; unpaid, it is cancelled after 30 "
                        "minutes."
                    ),
                )
                return redirect("payments:invoice_detail", booking.invoice.public_id)
            messages.success(request, _("Your booking is confirmed."))
            return redirect("reservations:my_bookings")
    return _confirm_page(
        request, form, room, day, times, status=400 if form.errors else 200
    )


def _confirm_page(
    request: HttpRequest,
    form: BookingConfirmForm,
    room: Any,
    day: dt.date,
    times: Any,
    *,
    status: int,
) -> HttpResponse:
    return render(
        request,
        "reservations/booking_confirm.html",
        {
            "form": form,
            "room": room,
            "facility": room.facility,
            "day": day,
            "times": times,
            "fee": fee_for(user=request.user, room=room),
            "calendar_url": reverse("reservations:room_calendar", args=[room.public_id])
            + f"?month={day:%Y-%m}",
        },
        status=status,
    )


@never_cache
@resident_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    """The resident's own bookings, latest first, with pay and cancel links."""
    bookings = list(booking_list_for_resident(user=request.user))
    for booking in bookings:
        booking.refund_today = refund_for_cancellation(booking=booking)[1]  # type: ignore[attr-defined]
    return render(
        request,
        "reservations/my_bookings.html",
        {
            "bookings": bookings,
            "cancellable": {Booking.State.PROVISIONAL, Booking.State.CONFIRMED},
            "feed": calendar_feed_for_resident(user=request.user),
        },
    )


@never_cache
@resident_required
@require_http_methods(["GET", "POST"])
def booking_cancel_confirm(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Ask for confirmation (with the refund the policy gives today), then
    cancel on POST."""
    booking = booking_get_for_resident(user=request.user, public_id=public_id)
    if booking is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            booking_cancel(resident=request.user, booking=booking)
        except ReservationError as refused:
            error = refused.message
        else:
            messages.success(request, _("Your booking is cancelled."))
            return redirect("reservations:my_bookings")
    percent, refund = refund_for_cancellation(booking=booking)
    return render(
        request,
        "reservations/booking_cancel.html",
        {"booking": booking, "percent": percent, "refund": refund, "error": error},
        status=409 if error else 200,
    )
