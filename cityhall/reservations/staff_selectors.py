"""Reads of the reservations staff console, scoped to staff who may manage
bookings (:func:`cityhall.reservations.permissions.can_manage_bookings`):
anyone else gets nothing."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Prefetch, QuerySet

from cityhall.reservations.models import Blackout, Booking, Facility, Room, SlotBlock
from cityhall.reservations.permissions import can_manage_bookings


def facility_list_for_staff(*, user: Any) -> QuerySet[Facility]:
    """Every facility with its rooms (two queries), for console pickers."""
    if not can_manage_bookings(user):
        return Facility.objects.none()
    return Facility.objects.prefetch_related(
        Prefetch("rooms", queryset=Room.objects.order_by("sort_order", "name"))
    )


def room_list_for_staff(*, user: Any) -> QuerySet[Room]:
    """Every room with its facility and blocks, in display order."""
    if not can_manage_bookings(user):
        return Room.objects.none()
    return (
        Room.objects.select_related("facility")
        .prefetch_related(
            Prefetch("blocks", queryset=SlotBlock.objects.order_by("start"))
        )
        .order_by("facility__sort_order", "facility__name", "sort_order", "name")
    )


def _bookings(user: Any) -> QuerySet[Booking]:
    if not can_manage_bookings(user):
        return Booking.objects.none()
    return Booking.objects.select_related(
        "room",
        "room__facility",
        "resident",
        "resident__resident_profile",
        "invoice",
    )


def booking_list_for_staff(
    *,
    user: Any,
    facility: Facility,
    date_from: dt.date,
    date_to: dt.date,
    state: str = "",
    room: Room | None = None,
) -> QuerySet[Booking]:
    """Bookings of ``facility`` from ``date_from`` to ``date_to``, optionally
    of one ``state`` and one ``room``, by date and time, with room, resident
    (and profile) and invoice loaded: one query per page."""
    bookings = _bookings(user).filter(
        room__facility=facility, date__gte=date_from, date__lte=date_to
    )
    if state:
        bookings = bookings.filter(state=state)
    if room is not None:
        bookings = bookings.filter(room=room)
    return bookings.order_by("date", "start", "room__sort_order", "id")


def booking_get_for_staff(*, user: Any, public_id: uuid.UUID) -> Booking | None:
    """One booking with everything its console page shows, or None."""
    return (
        _bookings(user)
        .select_related("blackout", "cancelled_by", "usage_recorded_by")
        .filter(public_id=public_id)
        .first()
    )


def blackout_list_for_staff(
    *, user: Any, ending_after: dt.datetime
) -> QuerySet[Blackout]:
    """Blackouts still running or to come after ``ending_after``, soonest
    first, each with its room, facility, author and the bookings it cancelled
    (two queries)."""
    if not can_manage_bookings(user):
        return Blackout.objects.none()
    return (
        Blackout.objects.filter(ends_at__gt=ending_after)
        .select_related("room", "room__facility", "created_by")
        .prefetch_related(
            Prefetch(
                "cancelled_bookings",
                queryset=Booking.objects.order_by("date", "start", "id"),
            )
        )
        .order_by("starts_at", "id")
    )
