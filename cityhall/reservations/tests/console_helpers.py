"""Helpers of the console tests: paid bookings, bookings on any date, staff
who may (or may not) manage bookings, signed in with their second factor."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib.auth.models import Group, Permission

from cityhall.core.tests.factories import StaffFactory, totp_device_for
from cityhall.payments.models import Channel
from cityhall.payments.services.payments import payment_record_received
from cityhall.reservations.models import Booking, Room
from cityhall.reservations.services.booking import (
    booking_confirm_paid,
    booking_create_provisional,
)
from cityhall.reservations.slot_ids import slot_id_make


def paid_booking(room: Room, day: dt.date, resident: Any, hour: int = 9) -> Booking:
    """A confirmed booking paid at the counter."""
    booking = booking_create_provisional(
        resident=resident,
        slot=slot_id_make(room_public_id=room.public_id, date=day, start=dt.time(hour)),
    )
    payment_record_received(
        invoice=booking.invoice,
        channel=Channel.COUNTER,
        amount=booking.fee,
        provider_reference=f"test:{uuid.uuid4().hex}",
    )
    # payments confirms after commit (invoice_paid); tests roll back instead.
    booking_confirm_paid(invoice_id=booking.invoice_id)
    booking.refresh_from_db()
    return booking


def booking_on(
    room: Room,
    day: dt.date,
    resident: Any,
    *,
    hour: int = 9,
    state: str = Booking.State.CONFIRMED,
) -> Booking:
    """A booking on any date (also past ones), made directly."""
    times = {9: (dt.time(9), dt.time(12)), 13: (dt.time(13), dt.time(17))}
    start, end = times.get(hour, (dt.time(hour), dt.time(hour + 1)))
    return Booking.objects.create(
        room=room,
        resident=resident,
        date=day,
        start=start,
        end=end,
        state=state,
        fee=0,
    )


def bookings_staff(*, allowed: bool = True) -> Any:
    """Staff who open the admin; with ``allowed`` also the
    ``reservations.manage_bookings`` permission (through a group)."""
    user = StaffFactory(password="!")
    group, _ = Group.objects.get_or_create(name="施設管理" if allowed else "その他の課")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    if allowed:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="reservations", codename="manage_bookings"
            )
        )
    user.groups.add(group)
    return user


def sign_in_verified(client: Any, user: Any) -> Any:
    """Sign ``user`` in as if they had typed their second-factor code."""
    device = totp_device_for(user)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return user
