"""Blackouts (利用停止): staff take a room out of use for a period, and every
active booking the period overlaps is cancelled by the city, refunded in full
when paid, and its resident notified (see :mod:`services.console`)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhall.core.services.audit import audit_log
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.models import Blackout, Booking, Room
from cityhall.reservations.services.console import (
    booking_cancel_locked_for_city,
    reason_clean,
    staff_check,
)

logger = logging.getLogger(__name__)

#: The longest blackout one form creates; longer closures are several.
MAX_BLACKOUT_DAYS = 366


def _overlaps(booking: Booking, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    begins = timezone.make_aware(dt.datetime.combine(booking.date, booking.start))
    ends = timezone.make_aware(dt.datetime.combine(booking.date, booking.end))
    return begins < ends_at and ends > starts_at


def blackout_create(
    *,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    reason: str,
    actor: Any,
    now: dt.datetime | None = None,
) -> tuple[Blackout, list[Booking]]:
    """Take ``room`` out of use from ``starts_at`` to ``ends_at`` and cancel,
    for the city, every provisional or confirmed booking the period overlaps
    (full refund when paid, a notice to each resident after commit); audited.

    Returns the blackout and the bookings it cancelled. All or nothing: when
    one booking cannot be cancelled (a card payment under way,
    ``payment_in_progress``) nothing is saved. ``blackout_invalid`` (422) for
    a reversed period, one already over, or one longer than
    :data:`MAX_BLACKOUT_DAYS`.
    """
    staff_check(actor)
    reason = reason_clean(reason)
    now = now or timezone.now()
    if ends_at <= starts_at:
        raise ReservationError(
            _("The end must be after the start."), code="blackout_invalid"
        )
    if ends_at <= now:
        raise ReservationError(
            _("This period is already over."), code="blackout_invalid"
        )
    if ends_at - starts_at > dt.timedelta(days=MAX_BLACKOUT_DAYS):
        raise ReservationError(
            _("A blackout can last at most %(days)s days.")
            % {"days": MAX_BLACKOUT_DAYS},
            code="blackout_invalid",
        )
    with transaction.atomic():
        blackout = Blackout.objects.create(
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            reason=reason,
            created_by=actor,
        )
        candidates = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("invoice")
            .filter(
                room=room,
                state__in=(Booking.State.PROVISIONAL, Booking.State.CONFIRMED),
                date__gte=timezone.localdate(starts_at),
                date__lte=timezone.localdate(ends_at),
            )
            .order_by("date", "start", "id")
        )
        cancelled = []
        for booking in candidates:
            if _overlaps(booking, starts_at, ends_at):
                booking_cancel_locked_for_city(
                    booking, reason=reason, actor=actor, now=now, blackout=blackout
                )
                cancelled.append(booking)
        audit_log(
            actor=actor,
            action="reservations.blackout.create",
            target=blackout,
            data={
                "room": str(room.public_id),
                "starts_at": starts_at.isoformat(),
                "ends_at": ends_at.isoformat(),
                "reason": reason,
                "cancelled": [str(b.public_id) for b in cancelled],
            },
        )
    logger.info(
        "blackout %s on room %s cancelled %s bookings",
        blackout.pk,
        room.public_id,
        len(cancelled),
    )
    return blackout, cancelled
