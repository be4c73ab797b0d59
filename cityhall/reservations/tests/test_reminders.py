"""Reminder mails before confirmed bookings: once per booking, in the
resident's language, only for bookings due in the configured days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from cityhall.reservations.models import Booking
from cityhall.reservations.services.booking import booking_create_provisional
from cityhall.reservations.services.reminders import reminders_send_due
from cityhall.reservations.slot_ids import slot_id_make

from .factories import resident_make, room_make

pytestmark = pytest.mark.django_db


def _confirmed(day, *, language="ja", hour=9, room=None):
    """A confirmed booking (a free room confirms at once) on ``day``."""
    resident = resident_make()
    resident.resident_profile.preferred_language = language
    resident.resident_profile.save()
    room = room or room_make(resident_fee=0, non_resident_fee=0)
    return booking_create_provisional(
        resident=resident,
        slot=slot_id_make(room_public_id=room.public_id, date=day, start=dt.time(hour)),
    )


def test_reminder_is_sent_once(settings, future_weekday):
    """The daily run mails the resident of a booking due in N days, records
    it, and a second run sends nothing more."""
    settings.CITYHALL_BOOKING_REMINDER_DAYS = 3
    booking = _confirmed(future_weekday)
    assert booking.state == Booking.State.CONFIRMED
    today = future_weekday - dt.timedelta(days=3)
    assert reminders_send_due(today=today) == 1
    assert reminders_send_due(today=today) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [booking.resident.email]
    assert booking.room.facility.name in mail.outbox[0].body
    booking.refresh_from_db()
    assert booking.reminder_sent_at is not None


def test_reminder_is_in_the_residents_language(settings, future_weekday):
    """A resident who prefers English gets the English subject."""
    settings.CITYHALL_BOOKING_REMINDER_DAYS = 2
    _confirmed(future_weekday, language="en")
    reminders_send_due(today=future_weekday - dt.timedelta(days=2))
    assert mail.outbox[0].subject.startswith("Reminder: your booking at")


def test_only_confirmed_bookings_on_the_due_day_are_reminded(settings, future_weekday):
    """Bookings on another day and unpaid provisional ones get no mail."""
    settings.CITYHALL_BOOKING_REMINDER_DAYS = 2
    room = room_make(resident_fee=600)
    booking_create_provisional(
        resident=resident_make(),
        slot=slot_id_make(
            room_public_id=room.public_id, date=future_weekday, start=dt.time(9)
        ),
    )
    due = _confirmed(future_weekday)
    _confirmed(future_weekday + dt.timedelta(days=1))
    assert reminders_send_due(today=future_weekday - dt.timedelta(days=2)) == 1
    assert mail.outbox[0].to == [due.resident.email]


def test_zero_days_switches_reminders_off(settings, future_weekday):
    """With the setting at 0 nothing is sent."""
    settings.CITYHALL_BOOKING_REMINDER_DAYS = 0
    _confirmed(future_weekday)
    assert reminders_send_due(today=future_weekday) == 0
    assert mail.outbox == []
