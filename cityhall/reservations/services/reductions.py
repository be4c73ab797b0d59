"""Staff review of fee reductions (減免) that need evidence.

A booking whose reduction needs evidence waits, provisional and without an
invoice, until staff decide:

* **approve**: the reduced fee stored at booking is billed (a full exemption
  confirms the booking with no invoice);
* **reject**: the reduction is dropped and the full fee (room plus equipment)
  is billed; the resident may pay it or cancel the booking for free before
  paying. Rejecting rather than cancelling keeps the slot of a resident who
  simply uploaded the wrong file.

Either way the payment hold (30 minutes) starts at the decision, as for any
other invoice.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityhall.common.errors import NotFoundError
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.models import Booking, ReductionReview
from cityhall.reservations.services.billing import booking_invoice_issue

logger = logging.getLogger(__name__)


def _locked_pending(review: ReductionReview) -> ReductionReview:
    locked = (
        ReductionReview.objects.select_for_update(of=("self",))
        .select_related("booking", "booking__room", "booking__room__facility")
        .filter(pk=review.pk)
        .first()
    )
    if locked is None:
        raise NotFoundError(_("No such review."))
    if locked.status != ReductionReview.Status.PENDING:
        raise ReservationError(
            _("This reduction has already been decided."),
            code="review_decided",
            status=409,
        )
    return locked


def _decide(
    review: ReductionReview, *, status: str, staff: Any, note: str, now: dt.datetime
) -> None:
    review.status = status
    review.reviewed_by = staff
    review.reviewed_at = now
    review.note = (note or "").strip()[:500]
    review.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "note", "updated_at"]
    )


def reduction_approve(
    *,
    review: ReductionReview,
    staff: Any,
    note: str = "",
    now: dt.datetime | None = None,
) -> Booking:
    """Approve the reduction of ``review``'s booking: bill the reduced fee
    (or confirm a fully exempt booking). ``review_decided`` (409) when already
    decided; a booking no longer provisional (cancelled meanwhile) is only
    marked approved."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_pending(review)
        _decide(
            locked,
            status=ReductionReview.Status.APPROVED,
            staff=staff,
            note=note,
            now=now,
        )
        booking = locked.booking
        if booking.state == Booking.State.PROVISIONAL and booking.invoice_id is None:
            booking_invoice_issue(booking=booking, now=now, pay_later=True)
    logger.info("reduction of booking %s approved", booking.public_id)
    return booking


def reduction_reject(
    *,
    review: ReductionReview,
    staff: Any,
    note: str = "",
    now: dt.datetime | None = None,
) -> Booking:
    """Reject the reduction of ``review``'s booking: the booking keeps its
    slot, loses the reduction and is billed the full fee (room plus
    equipment). ``review_decided`` (409) when already decided."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_pending(review)
        _decide(
            locked,
            status=ReductionReview.Status.REJECTED,
            staff=staff,
            note=note,
            now=now,
        )
        booking = locked.booking
        if booking.state == Booking.State.PROVISIONAL and booking.invoice_id is None:
            booking.fee = booking.base_fee + booking.equipment_fee
            booking.reduction_amount = 0
            booking.save(update_fields=["fee", "reduction_amount", "updated_at"])
            booking_invoice_issue(booking=booking, now=now, pay_later=True)
    logger.info("reduction of booking %s rejected", booking.public_id)
    return booking
