"""Bookings: provisional booking (仮予約) with its invoice, confirmation on
payment (本予約), cancellation with the refund the stored policy allows, and
expiry of provisional bookings left unpaid.

No double booking: the partial unique index ``booking_one_active_per_slot``
decides which of two simultaneous requests for one slot wins; the loser's
insert fails and it answers ``slot_taken`` (409). Checks made before the
insert only produce friendlier messages.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhall.common.errors import NotFoundError
from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Invoice
from cityhall.payments.services.invoices import invoice_cancel_for_source
from cityhall.payments.services.refunds import refund_create_for_source
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.holidays import is_national_holiday
from cityhall.reservations.models import Blackout, Booking, Room
from cityhall.reservations.selectors import (
    SlotTimes,
    refund_for_cancellation,
    resident_rate_applies,
    slot_resolve,
)
from cityhall.reservations.selectors_groups import group_categories_of
from cityhall.reservations.selectors_lottery import lottery_holds
from cityhall.reservations.services.billing import (
    PAYMENT_HOLD,
    SOURCE_APP,
    booking_invoice_issue,
)
from cityhall.reservations.services.fees import (
    booking_price,
    evidence_check,
    reduction_review_open,
)

logger = logging.getLogger(__name__)

# Re-exported: receivers and tests name them from here.
__all__ = ["PAYMENT_HOLD", "SOURCE_APP"]

MAX_PURPOSE_LENGTH = 200


def _unavailable(message: Any) -> ReservationError:
    return ReservationError(message, code="slot_unavailable")


def _slot_check_open(
    room: Room, day: dt.date, times: SlotTimes, now: dt.datetime
) -> None:
    facility = room.facility
    starts = timezone.make_aware(dt.datetime.combine(day, times.start))
    ends = timezone.make_aware(dt.datetime.combine(day, times.end))
    if starts <= now:
        raise _unavailable(_("This slot has already begun or passed."))
    if day.weekday() in set(facility.closed_weekdays or []):
        raise _unavailable(_("The facility is closed on this day."))
    if facility.closed_on_national_holidays and is_national_holiday(day):
        raise _unavailable(_("The facility is closed on national holidays."))
    if Blackout.objects.filter(
        room=room, starts_at__lt=ends, ends_at__gt=starts
    ).exists():
        raise _unavailable(_("The room is not available at this time."))
    if lottery_holds(room=room, day=day):
        raise _unavailable(
            _("This month's slots are allocated by lottery; enter the lottery.")
        )


def _check_details(room: Room, purpose: str, attendees: Any) -> str:
    purpose = (purpose or "").strip()
    if len(purpose) > MAX_PURPOSE_LENGTH:
        raise ReservationError(
            _("The purpose can be at most %(max)s characters long.")
            % {"max": MAX_PURPOSE_LENGTH},
            code="invalid_purpose",
        )
    if attendees is not None and (
        isinstance(attendees, bool)
        or not isinstance(attendees, int)
        or not 1 <= attendees <= room.capacity
    ):
        raise ReservationError(
            _("The number of attendees must be between 1 and %(capacity)s.")
            % {"capacity": room.capacity},
            code="invalid_attendees",
            extra={"capacity": room.capacity},
        )
    return purpose


def _slot_taken() -> ReservationError:
    return ReservationError(
        _("Sorry, someone else has just booked this slot."),
        code="slot_taken",
        status=409,
    )


def booking_create_provisional(
    *,
    resident: Any,
    slot: str,
    purpose: str = "",
    attendees: int | None = None,
    equipment_ids: list[uuid.UUID] | None = None,
    reduction_code: str = "",
    evidence: UploadedFile | None = None,
    now: dt.datetime | None = None,
    payment_deadline: dt.datetime | None = None,
    pay_later: bool = False,
) -> Booking:
    """Hold the slot named by the signed ``slot`` id for ``resident`` as a
    provisional booking (仮予約) and bill it.

    Checks the slot (signature, open day, not past, not blacked out) and the
    details (attendees within capacity), prices it (resident or non-resident
    rate, :func:`resident_rate_applies`, plus the equipment chosen, less the
    fee reduction chosen, see :func:`booking_price`) and stores the breakdown,
    copies the facility's cancellation policy onto the booking, creates the
    invoice through payments (``source_app="reservations"``,
    ``source_reference`` the booking's public id) and sets the payment
    deadline (card: :data:`PAYMENT_HOLD`; ``pay_later`` by Pay-easy, a
    convenience store or the counter: a few days, see
    :func:`payment_deadline_for`; ``payment_deadline`` for a lottery win).
    A fee of zero is confirmed at once, with no invoice. A reduction that
    requires evidence needs ``evidence`` and leaves the booking provisional
    with no invoice until staff review it
    (:mod:`cityhall.reservations.services.reductions`). ``slot_taken`` (409)
    when another booking holds the slot.
    """
    if resident is None or not getattr(resident, "is_authenticated", False):
        raise ReservationError(
            _("Sign in to book."), code="not_authenticated", status=401
        )
    now = now or timezone.now()
    room, day, times = slot_resolve(slot)
    purpose = _check_details(room, purpose, attendees)
    _slot_check_open(room, day, times, now)
    facility = room.facility
    resident_rate = resident_rate_applies(
        user=resident, municipality=facility.municipality
    )
    pricing = booking_price(
        room=room,
        resident_rate=resident_rate,
        equipment_ids=equipment_ids,
        reduction_code=reduction_code,
        eligible_categories=group_categories_of(user=resident)
        if reduction_code
        else None,
    )
    if pricing.needs_review:
        if evidence is None:
            raise ReservationError(
                _("This fee reduction needs evidence: upload a file."),
                code="evidence_required",
            )
        evidence_check(name=evidence.name or "", size=evidence.size or 0, file=evidence)
    # A provisional booking past its deadline still in the slot is expired
    # now rather than at the next hourly run, so the slot is really free.
    for overdue in Booking.objects.filter(
        room=room,
        date=day,
        start=times.start,
        state=Booking.State.PROVISIONAL,
        payment_deadline__lte=now,
    ):
        booking_expire(booking=overdue, now=now)
    fees = pricing.breakdown
    booking = Booking(
        room=room,
        resident=resident,
        date=day,
        start=times.start,
        end=times.end,
        slot_label=times.label,
        fee=fees.total,
        base_fee=fees.base,
        equipment_fee=fees.equipment,
        reduction_amount=fees.reduction,
        equipment_lines=fees.equipment_lines,
        reduction_code=pricing.rule.code if pricing.rule else "",
        reduction_name=pricing.rule.name if pricing.rule else "",
        non_resident_rate=not resident_rate,
        cancellation_policy=facility.cancellation_policy,
        purpose=purpose,
        attendees=attendees,
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                booking.save(force_insert=True)
        except IntegrityError as error:
            raise _slot_taken() from error
        if pricing.needs_review and evidence is not None:
            # Billed once staff have decided on the reduction.
            reduction_review_open(booking=booking, evidence=evidence)
        else:
            booking_invoice_issue(
                booking=booking,
                now=now,
                payment_deadline=payment_deadline,
                pay_later=pay_later,
            )
    logger.info(
        "booking %s: %s for room %s on %s %s",
        booking.public_id,
        booking.state,
        room.public_id,
        day,
        times.start,
    )
    return booking


def booking_confirm_paid(*, invoice_id: int) -> Booking | None:
    """Confirm (本予約) the provisional booking billed by invoice ``invoice_id``
    once it is paid; None when no booking has that invoice. Safe to call any
    number of times: a confirmed booking is returned unchanged."""
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update().filter(invoice_id=invoice_id).first()
        )
        if booking is None:
            return None
        if booking.state == Booking.State.PROVISIONAL:
            booking.state = Booking.State.CONFIRMED
            booking.confirmed_at = timezone.now()
            booking.save(update_fields=["state", "confirmed_at", "updated_at"])
            logger.info("booking %s confirmed on payment", booking.public_id)
        elif booking.state != Booking.State.CONFIRMED:
            # Cannot happen while invoices of ended bookings are cancelled
            # first; logged so that staff refund by hand if it ever does.
            logger.error(
                "booking %s is %s but its invoice was paid",
                booking.public_id,
                booking.state,
            )
    return booking


def booking_expire(*, booking: Booking, now: dt.datetime | None = None) -> str:
    """End a provisional booking whose payment deadline has passed: cancel its
    invoice and mark it expired. Returns what happened: ``expired``,
    ``confirmed`` (its invoice turned out paid), ``waiting`` (a payment is in
    progress; tried again later) or ``unchanged``. Safe to run twice."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("invoice")
            .get(pk=booking.pk)
        )
        if locked.state != Booking.State.PROVISIONAL:
            return "unchanged"
        if locked.invoice is not None and locked.invoice.status == Invoice.Status.PAID:
            booking_confirm_paid(invoice_id=locked.invoice.pk)
            return "confirmed"
        if locked.payment_deadline is None or locked.payment_deadline > now:
            return "unchanged"
        if locked.invoice is not None:
            try:
                with transaction.atomic():
                    invoice_cancel_for_source(
                        invoice=locked.invoice,
                        source_app=SOURCE_APP,
                        reason="provisional booking expired unpaid",
                    )
            except PaymentError as error:
                logger.info("booking %s not expired: %s", locked.public_id, error.code)
                return "waiting"
        locked.state = Booking.State.EXPIRED
        locked.save(update_fields=["state", "updated_at"])
    logger.info("booking %s expired unpaid", locked.public_id)
    return "expired"


def bookings_expire_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Expire every provisional booking past its deadline, and confirm any
    provisional booking whose invoice is paid (in case its confirmation was
    missed). Returns how many ended each way. Safe to run any number of times."""
    now = now or timezone.now()
    outcome: dict[str, int] = {}
    due = Booking.objects.filter(state=Booking.State.PROVISIONAL).filter(
        Q(payment_deadline__lte=now) | Q(invoice__status=Invoice.Status.PAID)
    )
    for booking in due:
        result = booking_expire(booking=booking, now=now)
        outcome[result] = outcome.get(result, 0) + 1
    return outcome


def booking_cancel(
    *, resident: Any, booking: Booking, now: dt.datetime | None = None
) -> Booking:
    """Cancel one of ``resident``'s provisional or confirmed bookings before
    it begins, freeing the slot.

    Unpaid: the invoice is cancelled. Paid: the refund the booking's stored
    cancellation policy allows for today (Asia/Tokyo) goes back through
    payments (to the card for card payments). ``booking_not_cancellable``
    (409) for other states or a slot that has begun; ``payment_in_progress``
    (409) while a payment of the invoice is under way.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("invoice")
            .filter(pk=booking.pk, resident_id=getattr(resident, "pk", None))
            .first()
        )
        if locked is None:
            raise NotFoundError(_("No such booking."))
        starts = timezone.make_aware(dt.datetime.combine(locked.date, locked.start))
        if (
            locked.state
            not in (
                Booking.State.PROVISIONAL,
                Booking.State.CONFIRMED,
            )
            or starts <= now
        ):
            raise ReservationError(
                _("This booking can no longer be cancelled."),
                code="booking_not_cancellable",
                status=409,
            )
        if locked.state == Booking.State.PROVISIONAL and locked.invoice is not None:
            try:
                invoice_cancel_for_source(
                    invoice=locked.invoice,
                    source_app=SOURCE_APP,
                    reason="booking cancelled by the resident",
                )
            except PaymentError as error:
                raise ReservationError(
                    _(
                        "A payment for this booking is in progress or has just "
                        "completed. Please reload the page and try again."
                    ),
                    code="payment_in_progress",
                    status=409,
                ) from error
        if locked.state == Booking.State.CONFIRMED and locked.invoice is not None:
            _percent, amount = refund_for_cancellation(
                booking=locked, on=timezone.localdate(now)
            )
            if amount:
                refund_create_for_source(
                    invoice=locked.invoice,
                    source_app=SOURCE_APP,
                    amount=amount,
                    reason=f"booking {locked.public_id} cancelled by the resident",
                    requested_by=resident,
                )
            locked.refunded_amount = amount
        locked.state = Booking.State.CANCELLED
        locked.cancelled_at = now
        locked.save(
            update_fields=["state", "cancelled_at", "refunded_amount", "updated_at"]
        )
    logger.info("booking %s cancelled by its resident", locked.public_id)
    return locked
