"""Billing a booking through payments: the invoice of its fee and the
payment hold, or confirmation at once when there is nothing to pay."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cityhall.payments.models import Subject
from cityhall.payments.services.invoices import invoice_create
from cityhall.reservations.models import Booking

#: ``source_app`` of the invoices this app issues.
SOURCE_APP = "reservations"
#: How long a provisional booking waits for its card payment. Card payment is
#: the only channel offered for now and is paid at once, so the hold is short:
#: a slot is not kept from others for days by someone who never pays.
PAYMENT_HOLD = dt.timedelta(minutes=30)
#: How long a booking paid later (Pay-easy at a bank ATM or online banking, a
#: convenience store, the city hall counter) waits for its payment...
PAY_LATER_HOLD = dt.timedelta(days=3)
#: ...but at the latest this long before the slot begins, so an unpaid slot is
#: freed in time for someone else.
PAY_LATER_BEFORE_START = dt.timedelta(days=1)


def payment_deadline_for(
    *, booking: Booking, now: dt.datetime, pay_later: bool
) -> dt.datetime:
    """When ``booking``'s payment is due: :data:`PAYMENT_HOLD` for a card paid
    at once; for ``pay_later`` :data:`PAY_LATER_HOLD`, cut to
    :data:`PAY_LATER_BEFORE_START` before the slot, and never shorter than the
    card hold (a slot too soon to pay later must be paid by card)."""
    card = now + PAYMENT_HOLD
    if not pay_later:
        return card
    starts = timezone.make_aware(dt.datetime.combine(booking.date, booking.start))
    return max(card, min(now + PAY_LATER_HOLD, starts - PAY_LATER_BEFORE_START))


def _fiscal_year(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def _payer_name(user: Any) -> tuple[str, str]:
    profile = getattr(user, "resident_profile", None)
    if profile is not None:
        return (
            f"{profile.family_name} {profile.given_name}",
            f"{profile.family_name_kana} {profile.given_name_kana}",
        )
    return (user.get_full_name() or user.email, "")


def booking_invoice_issue(
    *,
    booking: Booking,
    now: dt.datetime,
    payment_deadline: dt.datetime | None = None,
    pay_later: bool = False,
) -> None:
    """Bill ``booking``'s fee through payments and start its payment hold
    (:func:`payment_deadline_for`, or ``payment_deadline`` when given: a
    lottery win's confirmation deadline); a fee of zero confirms it instead.
    Runs inside the caller's transaction."""
    if booking.fee == 0:
        booking.state = Booking.State.CONFIRMED
        booking.confirmed_at = now
        booking.save(update_fields=["state", "confirmed_at", "updated_at"])
        return
    room, facility = booking.room, booking.room.facility
    booking.payment_deadline = payment_deadline or payment_deadline_for(
        booking=booking, now=now, pay_later=pay_later
    )
    payer_name, payer_kana = _payer_name(booking.resident)
    extras = "".join(f" +{line['name']}" for line in booking.equipment_lines)
    booking.invoice = invoice_create(
        municipality=facility.municipality,
        subject=Subject.FACILITY_FEE,
        fiscal_year=_fiscal_year(booking.date),
        amount=booking.fee,
        due_date=timezone.localdate(booking.payment_deadline),
        payer_name=payer_name,
        payer_name_kana=payer_kana,
        resident=booking.resident,
        description=(
            f"{facility.name} {room.name} {booking.date.isoformat()} "
            f"{booking.start:%H:%M}-{booking.end:%H:%M}{extras}"
        )[:200],
        source_app=SOURCE_APP,
        source_reference=str(booking.public_id),
    )
    booking.save(update_fields=["invoice", "payment_deadline", "updated_at"])
