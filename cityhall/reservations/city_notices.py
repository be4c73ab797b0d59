"""The notice a resident gets when the city cancels their booking (a blackout
or a single override): a mail in the resident's preferred language, sent by a
task after the cancellation commits.

Safe to run twice: the booking's ``notice_sent_at`` is set once the mail is
sent, and a booking that has it is skipped.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from cityhall.core.residents.selectors import mail_sender_name
from cityhall.reservations.models import Booking

logger = logging.getLogger(__name__)


def _language(booking: Booking) -> str:
    try:
        return booking.resident.resident_profile.preferred_language  # type: ignore[union-attr]
    except (AttributeError, ObjectDoesNotExist):
        return settings.LANGUAGE_CODE


def city_cancellation_mail_send(booking: Booking) -> None:
    """Mail the resident of ``booking`` that the city cancelled it: facility,
    room, date and time, the reason and any refund, in their language."""
    language = _language(booking)
    with translation.override(language):
        context = {
            "booking": booking,
            "profile": getattr(booking.resident, "resident_profile", None),
            "sender": mail_sender_name(language),
            "my_bookings_url": settings.CITYHALL_BASE_URL
            + reverse("reservations:my_bookings"),
        }
        subject = render_to_string(
            "reservations/email/city_cancellation_subject.txt", context
        )
        body = render_to_string(
            "reservations/email/city_cancellation_body.txt", context
        )
    assert booking.resident is not None
    send_mail(" ".join(subject.split()), body, None, [booking.resident.email])


@task()
def booking_city_cancellation_notify(booking_id: int) -> str:
    """Tell the resident that the city cancelled booking ``booking_id``, once."""
    booking = (
        Booking.objects.select_related(
            "room", "room__facility", "resident", "resident__resident_profile"
        )
        .filter(pk=booking_id, state=Booking.State.CANCELLED)
        .exclude(cancellation_reason="")
        .first()
    )
    if booking is None or booking.resident is None:
        logger.info("city cancellation notice: booking %s not found", booking_id)
        return "skipped: no such booking"
    if booking.notice_sent_at is not None:
        logger.info("city cancellation notice: booking %s already told", booking_id)
        return "skipped: already sent"
    city_cancellation_mail_send(booking)
    Booking.objects.filter(pk=booking.pk, notice_sent_at__isnull=True).update(
        notice_sent_at=timezone.now()
    )
    logger.info("city cancellation notice sent for booking %s", booking.public_id)
    return "sent"
