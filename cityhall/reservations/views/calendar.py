"""Calendar files: one booking as ``.ics`` (its resident only) and the
resident's private feed at a secret token URL, which the my-bookings page
regenerates or revokes."""

from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cityhall.core.residents.views import resident_required
from cityhall.reservations.ics import CalendarEvent, ics_calendar
from cityhall.reservations.models import Booking
from cityhall.reservations.selectors import (
    booking_get_for_resident,
    booking_list_for_feed,
)
from cityhall.reservations.services.calendar import (
    calendar_feed_regenerate,
    calendar_feed_revoke,
)


def booking_event(booking: Booking) -> CalendarEvent:
    """The calendar event of ``booking`` (room and facility loaded)."""
    facility = booking.room.facility
    host = urlsplit(settings.CITYHALL_BASE_URL).hostname or "cityhall.invalid"
    start = timezone.make_aware(dt.datetime.combine(booking.date, booking.start))
    end = timezone.make_aware(dt.datetime.combine(booking.date, booking.end))
    details = [booking.slot_label, booking.purpose, str(booking.get_state_display())]
    return CalendarEvent(
        uid=f"booking-{booking.public_id}@{host}",
        starts_at=start,
        ends_at=end,
        summary=f"{facility.name} {booking.room.name}",
        location=facility.address,
        description="\n".join(part for part in details if part),
        url=settings.CITYHALL_BASE_URL + reverse("reservations:my_bookings"),
        stamp=booking.updated_at,
    )


def _ics(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@resident_required
@require_GET
def booking_ics(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One of the resident's own bookings as an .ics file; 404 for anyone
    else's."""
    booking = booking_get_for_resident(user=request.user, public_id=public_id)
    if booking is None:
        raise Http404
    return _ics(
        ics_calendar([booking_event(booking)]), f"booking-{booking.public_id}.ics"
    )


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed of the resident whose secret token is in the URL (no sign-in:
    calendar apps fetch it); 404 for an unknown, regenerated or revoked token."""
    bookings = booking_list_for_feed(token=token)
    if bookings is None:
        raise Http404
    events = [booking_event(booking) for booking in bookings]
    return _ics(ics_calendar(events, name=_("My facility bookings")), "bookings.ics")


@resident_required
@require_POST
def calendar_feed_manage(request: HttpRequest) -> HttpResponse:
    """Regenerate (``action=regenerate``) or revoke (``action=revoke``) the
    resident's feed, then back to the my-bookings page."""
    if request.POST.get("action") == "revoke":
        calendar_feed_revoke(resident=request.user)
        messages.success(request, _("Your calendar feed is switched off."))
    else:
        calendar_feed_regenerate(resident=request.user)
        messages.success(
            request,
            _("Your calendar feed has a new address; the old one no longer works."),
        )
    return redirect("reservations:my_bookings")
