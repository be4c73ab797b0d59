"""Recurring bookings for the city's own events: pick a room, then weekdays,
slots, dates and the event; the result lists every date booked and every date
skipped with its reason. Sending the form again books nothing twice: the
slots are then held and listed as skipped."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from cityhall.common.errors import ApplicationError
from cityhall.common.forms import add_application_error
from cityhall.reservations.console.access import bookings_staff_required
from cityhall.reservations.console.forms import RecurringForm, RecurringRoomForm
from cityhall.reservations.selectors import room_slot_times
from cityhall.reservations.services.recurring import city_bookings_create


@require_http_methods(["GET", "POST"])
@bookings_staff_required
def recurring_index(request: HttpRequest) -> HttpResponse:
    """Step 1 (GET without a room): the room. Step 2: the rest, then the
    outcome."""
    data = request.POST if request.method == "POST" else request.GET
    room_form = RecurringRoomForm(data if "room" in data else None)
    context: dict = {"room_form": room_form, "form": None, "outcome": None}
    status = 200
    if room_form.is_bound and room_form.is_valid():
        room = room_form.cleaned_data["room"]
        slots = room_slot_times(room)
        context["room"] = room
        if request.method == "POST":
            form = RecurringForm(request.POST, slots=slots)
            if form.is_valid():
                try:
                    context["outcome"] = city_bookings_create(
                        room=room,
                        weekdays=set(form.cleaned_data["weekdays"]),
                        starts=form.cleaned_data["starts"],
                        date_from=form.cleaned_data["date_from"],
                        date_to=form.cleaned_data["date_to"],
                        purpose=form.cleaned_data["purpose"],
                        actor=request.user,
                    )
                except ApplicationError as error:
                    add_application_error(form, error)
            status = 400 if form.errors else 200
        else:
            form = RecurringForm(slots=slots)
        context["form"] = form
    elif room_form.is_bound:
        status = 400
    return TemplateResponse(
        request, "reservations/console/recurring.html", context, status=status
    )
