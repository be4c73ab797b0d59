"""Staff writes on single bookings: the usage record (利用実績) and the
city's cancellation of one booking (an override), with a full refund and a
notice to the resident.

Both lock the booking and check its state first, so a double click or a
resent form changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhall.common.errors import PermissionDeniedError
from cityhall.core.services.audit import audit_log
from cityhall.payments.errors import PaymentError
from cityhall.payments.services.invoices import invoice_cancel_for_source
from cityhall.payments.services.refunds import refund_create_for_source
from cityhall.reservations.city_notices import booking_city_cancellation_notify
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.models import Blackout, Booking
from cityhall.reservations.permissions import can_manage_bookings
from cityhall.reservations.services.booking import SOURCE_APP

logger = logging.getLogger(__name__)

#: What staff may record for a confirmed booking.
USAGE_OUTCOMES = (Booking.State.USED, Booking.State.NO_SHOW)
MAX_REASON_LENGTH = 200


def booking_usage_record(
    *, booking: Booking, outcome: str, actor: Any, now: dt.datetime | None = None
) -> Booking:
    """Record that a confirmed booking was used (利用実績) or not
    (``no_show``), on or after its date (Asia/Tokyo); audited.

    Recording the outcome it already has returns the booking unchanged (a
    double click); ``booking_not_recordable`` (409) for any other state, a
    date still ahead, or an outcome other than used/no-show (422).
    """
    staff_check(actor)
    if outcome not in USAGE_OUTCOMES:
        raise ReservationError(
            _("Choose whether the booking was used."), code="invalid_outcome"
        )
    now = now or timezone.now()
    with transaction.atomic():
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.state == outcome:
            return locked
        if locked.state != Booking.State.CONFIRMED:
            raise ReservationError(
                _("Usage can only be recorded for a confirmed booking."),
                code="booking_not_recordable",
                status=409,
            )
        if locked.date > timezone.localdate(now):
            raise ReservationError(
                _("Usage can be recorded from the day of the booking."),
                code="booking_not_recordable",
                status=409,
            )
        locked.state = outcome
        locked.usage_recorded_at = now
        locked.usage_recorded_by = actor
        locked.save(
            update_fields=[
                "state",
                "usage_recorded_at",
                "usage_recorded_by",
                "updated_at",
            ]
        )
        audit_log(
            actor=actor,
            action="reservations.booking.usage_record",
            target=locked,
            data={"outcome": outcome},
        )
    logger.info("booking %s: usage recorded as %s", locked.public_id, outcome)
    return locked


def staff_check(actor: Any) -> None:
    """Refuse (403) anyone who may not manage bookings."""
    if not can_manage_bookings(actor):
        raise PermissionDeniedError(
            _("Only staff who manage the facilities may do this.")
        )


def reason_clean(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReservationError(
            _("Give the reason residents will be told."), code="reason_required"
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise ReservationError(
            _("The reason can be at most %(max)s characters long.")
            % {"max": MAX_REASON_LENGTH},
            code="invalid_reason",
        )
    return reason


def booking_cancel_locked_for_city(
    locked: Booking,
    *,
    reason: str,
    actor: Any,
    now: dt.datetime,
    blackout: Blackout | None,
) -> None:
    """Cancel one locked active booking for the city, inside the caller's
    transaction: unpaid invoice cancelled, paid fee refunded in full."""
    invoice = locked.invoice
    if locked.state == Booking.State.PROVISIONAL and invoice is not None:
        try:
            invoice_cancel_for_source(
                invoice=invoice,
                source_app=SOURCE_APP,
                reason=f"booking cancelled by the city: {reason}"[:200],
            )
        except PaymentError as error:
            raise ReservationError(
                _(
                    "A payment for this booking is in progress. Try again in a "
                    "few minutes."
                ),
                code="payment_in_progress",
                status=409,
            ) from error
    refunded = 0
    if locked.state == Booking.State.CONFIRMED and invoice is not None and locked.fee:
        refund_create_for_source(
            invoice=invoice,
            source_app=SOURCE_APP,
            amount=locked.fee,
            reason=f"booking {locked.public_id} cancelled by the city: {reason}"[:200],
            requested_by=actor,
        )
        refunded = locked.fee
    locked.state = Booking.State.CANCELLED
    locked.cancelled_at = now
    locked.cancelled_by = actor
    locked.cancellation_reason = reason
    locked.refunded_amount = refunded
    locked.blackout = blackout
    locked.save(
        update_fields=[
            "state",
            "cancelled_at",
            "cancelled_by",
            "cancellation_reason",
            "refunded_amount",
            "blackout",
            "updated_at",
        ]
    )
    audit_log(
        actor=actor,
        action="reservations.booking.cancel_by_city",
        target=locked,
        data={
            "reason": reason,
            "refunded": refunded,
            "blackout": blackout.pk if blackout else None,
        },
    )
    if locked.resident_id is not None:
        booking_id = locked.pk
        transaction.on_commit(lambda: _notice_enqueue(booking_id))


def _notice_enqueue(booking_id: int) -> None:
    booking_city_cancellation_notify.enqueue(booking_id)


def booking_cancel_by_city(
    *,
    booking: Booking,
    reason: str,
    actor: Any,
    now: dt.datetime | None = None,
) -> Booking:
    """Cancel one active booking for the city (an override): an unpaid invoice
    is cancelled, a paid fee is refunded in full through payments, and after
    commit the resident is mailed the reason in their language; audited.

    Unlike a resident's cancellation this works in any active state before
    use is recorded, also on the day itself. An already cancelled booking
    is returned unchanged (a double click); ``booking_not_cancellable`` (409)
    for expired, used or no-show bookings.
    """
    staff_check(actor)
    reason = reason_clean(reason)
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("invoice")
            .get(pk=booking.pk)
        )
        if locked.state == Booking.State.CANCELLED:
            return locked
        if locked.state not in (Booking.State.PROVISIONAL, Booking.State.CONFIRMED):
            raise ReservationError(
                _("This booking can no longer be cancelled."),
                code="booking_not_cancellable",
                status=409,
            )
        booking_cancel_locked_for_city(
            locked, reason=reason, actor=actor, now=now, blackout=None
        )
    logger.info("booking %s cancelled by the city", locked.public_id)
    return locked
