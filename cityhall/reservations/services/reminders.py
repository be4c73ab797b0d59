"""Reminder mails a few days before a confirmed booking.

``CITYHALL_BOOKING_REMINDER_DAYS`` days before the booking's date (Asia/Tokyo)
its resident gets one mail in their preferred language. The booking records
``reminder_sent_at`` in the same transaction that sends, so a second run (or a
second worker) never mails again; a failed send rolls the mark back and the
next daily run tries again.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cityhall.core.residents.selectors import mail_sender_name
from cityhall.reservations.models import Booking

logger = logging.getLogger(__name__)


def _reminder_mail(booking: Booking) -> None:
    user = booking.resident
    try:
        profile = user.resident_profile  # type: ignore[union-attr]
    except ObjectDoesNotExist:
        profile = None
    language = profile.preferred_language if profile else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "booking": booking,
            "profile": profile,
            "sender": mail_sender_name(language),
            "url": settings.CITYHALL_BASE_URL + reverse("reservations:my_bookings"),
        }
        subject = render_to_string("reservations/email/reminder_subject.txt", context)
        body = render_to_string("reservations/email/reminder_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])  # type: ignore[union-attr]


def reminders_send_due(*, today: dt.date | None = None) -> int:
    """Mail the reminder of every confirmed booking on ``today`` +
    ``CITYHALL_BOOKING_REMINDER_DAYS`` not reminded yet; returns how many were
    sent. Safe to run any number of times and in parallel."""
    days = settings.CITYHALL_BOOKING_REMINDER_DAYS
    if days <= 0:
        return 0
    target = (today or timezone.localdate()) + dt.timedelta(days=days)
    due = Booking.objects.filter(
        state=Booking.State.CONFIRMED,
        date=target,
        reminder_sent_at__isnull=True,
        resident__isnull=False,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("room", "room__facility", "resident")
                .filter(pk=pk, reminder_sent_at__isnull=True)
                .first()
            )
            if booking is None or booking.state != Booking.State.CONFIRMED:
                continue
            booking.reminder_sent_at = timezone.now()
            booking.save(update_fields=["reminder_sent_at", "updated_at"])
            _reminder_mail(booking)
            sent += 1
    logger.info("booking reminders for %s: %s sent", target, sent)
    return sent
