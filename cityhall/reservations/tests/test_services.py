"""Booking services: provisional booking and its invoice, the database's
refusal of a second booking of one slot, confirmation on payment, cancellation
with the stored policy's refund, expiry."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cityhall.common.errors import NotFoundError
from cityhall.payments import tasks as payment_tasks
from cityhall.payments.models import Channel, Invoice, Payment, Refund
from cityhall.payments.services.payments import (
    payment_create,
    payment_record_received,
    payment_transition,
)
from cityhall.reservations.errors import ReservationError
from cityhall.reservations.holidays import national_holidays
from cityhall.reservations.models import Blackout, Booking
from cityhall.reservations.services.booking import (
    PAYMENT_HOLD,
    booking_cancel,
    booking_create_provisional,
    bookings_expire_due,
)
from cityhall.reservations.slot_ids import _SALT, slot_id_make

from .factories import resident_make, room_make

pytestmark = pytest.mark.django_db


def _slot(room, day, hour=9):
    return slot_id_make(room_public_id=room.public_id, date=day, start=dt.time(hour))


def _pay(booking):
    payment_record_received(
        invoice=booking.invoice,
        channel=Channel.COUNTER,
        amount=booking.fee,
        provider_reference=f"test:{booking.public_id}",
    )


def test_provisional_booking_bills_the_resident_rate(future_weekday):
    """A resident living in the municipality is billed the resident rate by an
    invoice that names the booking, due by the payment deadline."""
    room = room_make(resident_fee=600, non_resident_fee=1_200)
    resident = resident_make(local=True)
    before = timezone.now()
    booking = booking_create_provisional(
        resident=resident,
        slot=_slot(room, future_weekday),
        purpose="自治会の会議",
        attendees=12,
    )
    assert booking.state == Booking.State.PROVISIONAL
    assert (booking.start, booking.end, booking.slot_label) == (
        dt.time(9),
        dt.time(12),
        "午前",
    )
    assert booking.fee == 600 and booking.non_resident_rate is False
    invoice = booking.invoice
    assert invoice.amount == 600
    assert invoice.status == Invoice.Status.OPEN
    assert (invoice.source_app, invoice.source_reference) == (
        "reservations",
        str(booking.public_id),
    )
    assert invoice.resident == resident
    assert before + PAYMENT_HOLD <= booking.payment_deadline
    assert booking.cancellation_policy == room.facility.cancellation_policy


def test_resident_living_elsewhere_pays_the_non_resident_rate(future_weekday):
    """An address outside the municipality gets the non-resident rate."""
    room = room_make(resident_fee=600, non_resident_fee=1_200)
    booking = booking_create_provisional(
        resident=resident_make(local=False), slot=_slot(room, future_weekday)
    )
    assert booking.fee == 1_200 and booking.non_resident_rate is True
    assert booking.invoice.amount == 1_200


def test_second_booking_of_a_slot_is_refused_and_changes_nothing(future_weekday):
    """The second resident gets slot_taken (409); one booking and one invoice."""
    room = room_make()
    slot = _slot(room, future_weekday)
    first = booking_create_provisional(resident=resident_make(), slot=slot)
    with pytest.raises(ReservationError) as caught:
        booking_create_provisional(resident=resident_make(), slot=slot)
    assert (caught.value.code, caught.value.status) == ("slot_taken", 409)
    assert list(Booking.objects.values_list("pk", flat=True)) == [first.pk]
    assert Invoice.objects.count() == 1


def test_database_refuses_two_active_bookings_of_one_slot(future_weekday):
    """The partial unique index itself refuses a second active booking, and
    allows one once the first is cancelled."""
    room = room_make()
    fields = {
        "room": room,
        "date": future_weekday,
        "start": dt.time(9),
        "end": dt.time(12),
        "fee": 600,
    }
    first = Booking.objects.create(state=Booking.State.CONFIRMED, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(state=Booking.State.PROVISIONAL, **fields)
    Booking.objects.filter(pk=first.pk).update(state=Booking.State.CANCELLED)
    second = Booking.objects.create(state=Booking.State.PROVISIONAL, **fields)
    assert second.pk != first.pk


def _signed_long_ago(value):
    class OldSigner(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(timezone.now().timestamp()) - 3 * 86400)

    return OldSigner(salt=_SALT).sign_object(value, compress=False)


def _altered(slot_id):
    payload, rest = slot_id.split(":", 1)
    value = json.loads(signing.b64_decode(payload.encode()))
    value[1] = "2099-01-07"
    text = json.dumps(value, separators=(",", ":")).encode()
    return signing.b64_encode(text).decode() + ":" + rest


@pytest.mark.parametrize("kind", ["forged", "altered", "garbage", "expired"])
def test_bad_slot_ids_are_refused(future_weekday, kind):
    """Forged, altered, malformed and expired slot ids answer slot_invalid
    (422) and book nothing."""
    room = room_make()
    good = _slot(room, future_weekday)
    value = [room.public_id.hex, future_weekday.isoformat(), "09:00"]
    slot = {
        "forged": signing.dumps(value, salt="another-salt"),
        "altered": _altered(good),
        "garbage": "not-a-slot",
        "expired": _signed_long_ago(value),
    }[kind]
    with pytest.raises(ReservationError) as caught:
        booking_create_provisional(resident=resident_make(), slot=slot)
    assert (caught.value.code, caught.value.status) == ("slot_invalid", 422)
    assert not Booking.objects.exists()


def test_closed_weekday_holiday_blackout_and_past_slots_are_refused(future_weekday):
    """Slots on a closed weekday, a national holiday (振替休日), in a blackout
    or already begun answer slot_unavailable."""
    room = room_make()
    facility = room.facility
    facility.closed_weekdays = [future_weekday.weekday()]
    facility.save()
    refused = [_slot(room, future_weekday)]
    facility.closed_weekdays = []
    facility.closed_on_national_holidays = True
    facility.save()
    today = timezone.localdate()
    substitute_holiday = min(
        day
        for day, name in national_holidays(
            today + dt.timedelta(days=1), today + dt.timedelta(days=800)
        ).items()
        if name == "振替休日"
    )
    refused.append(_slot(room, substitute_holiday))
    Blackout.objects.create(
        room=room,
        starts_at=timezone.make_aware(dt.datetime.combine(future_weekday, dt.time(8))),
        ends_at=timezone.make_aware(dt.datetime.combine(future_weekday, dt.time(10))),
        reason="市の行事",
    )
    refused.append(_slot(room, future_weekday, 9))
    refused.append(_slot(room, timezone.localdate() - dt.timedelta(days=1)))
    for slot in refused:
        with pytest.raises(ReservationError) as caught:
            booking_create_provisional(resident=resident_make(), slot=slot)
        assert caught.value.code == "slot_unavailable"
    assert not Booking.objects.exists()
    booked = booking_create_provisional(
        resident=resident_make(), slot=_slot(room, future_weekday, 13)
    )
    assert booked.slot_label == "午後"


def test_attendees_beyond_capacity_are_refused(future_weekday):
    """More attendees than the room holds: invalid_attendees, nothing booked."""
    room = room_make(capacity=10)
    with pytest.raises(ReservationError) as caught:
        booking_create_provisional(
            resident=resident_make(), slot=_slot(room, future_weekday), attendees=11
        )
    assert caught.value.code == "invalid_attendees"
    assert not Booking.objects.exists()


def test_free_room_is_confirmed_without_invoice(future_weekday):
    """A room without a fee is confirmed at once and bills nothing."""
    room = room_make(resident_fee=0, non_resident_fee=0)
    booking = booking_create_provisional(
        resident=resident_make(), slot=_slot(room, future_weekday)
    )
    assert booking.state == Booking.State.CONFIRMED
    assert booking.invoice is None and booking.payment_deadline is None


def test_payment_confirms_the_booking_once(
    future_weekday, django_capture_on_commit_callbacks
):
    """Paying the invoice confirms the booking (payments' invoice_paid after
    commit); a second announcement changes nothing."""
    booking = booking_create_provisional(
        resident=resident_make(), slot=_slot(room_make(), future_weekday)
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _pay(booking)
    assert callbacks
    booking.refresh_from_db()
    assert booking.state == Booking.State.CONFIRMED
    confirmed_at = booking.confirmed_at
    for callback in callbacks:
        callback()
    booking.refresh_from_db()
    assert booking.confirmed_at == confirmed_at


def test_cancel_unpaid_booking_cancels_invoice_and_frees_slot(future_weekday):
    """Cancelling a provisional booking cancels its invoice; the slot can be
    booked again."""
    room = room_make()
    resident = resident_make()
    booking = booking_create_provisional(
        resident=resident, slot=_slot(room, future_weekday)
    )
    booking_cancel(resident=resident, booking=booking)
    booking.refresh_from_db()
    booking.invoice.refresh_from_db()
    assert booking.state == Booking.State.CANCELLED
    assert booking.invoice.status == Invoice.Status.CANCELLED
    again = booking_create_provisional(
        resident=resident_make(), slot=_slot(room, future_weekday)
    )
    assert again.state == Booking.State.PROVISIONAL


@pytest.mark.parametrize(
    ("days_before", "refunded"), [(10, 600), (7, 600), (3, 300), (0, 0)]
)
def test_cancel_paid_booking_refunds_by_stored_policy(
    future_weekday, django_capture_on_commit_callbacks, days_before, refunded
):
    """A paid booking cancelled N days ahead gets the stored policy's refund
    (100 % from 7 days, 50 % from 1 day, nothing on the day)."""
    resident = resident_make()
    booking = booking_create_provisional(
        resident=resident, slot=_slot(room_make(), future_weekday)
    )
    with django_capture_on_commit_callbacks(execute=True):
        _pay(booking)
    on = timezone.make_aware(
        dt.datetime.combine(future_weekday - dt.timedelta(days=days_before), dt.time(8))
    )
    cancelled = booking_cancel(resident=resident, booking=booking, now=on)
    assert cancelled.state == Booking.State.CANCELLED
    assert cancelled.refunded_amount == refunded
    payment = Payment.objects.get(invoice=booking.invoice, state="success")
    assert payment.refunded_amount == refunded
    assert Refund.objects.filter(payment=payment).count() == (1 if refunded else 0)


def test_resident_cannot_cancel_another_residents_booking(future_weekday):
    """Someone else's booking: not found, and it stays as it was."""
    booking = booking_create_provisional(
        resident=resident_make(), slot=_slot(room_make(), future_weekday)
    )
    with pytest.raises(NotFoundError) as caught:
        booking_cancel(resident=resident_make(), booking=booking)
    assert caught.value.code == "not_found"
    booking.refresh_from_db()
    assert booking.state == Booking.State.PROVISIONAL


def test_unpaid_booking_expires_after_deadline(future_weekday):
    """Past its deadline an unpaid booking expires and its invoice is
    cancelled; running again changes nothing."""
    booking = booking_create_provisional(
        resident=resident_make(), slot=_slot(room_make(), future_weekday)
    )
    assert bookings_expire_due() == {}
    later = booking.payment_deadline + dt.timedelta(minutes=1)
    assert bookings_expire_due(now=later) == {"expired": 1}
    booking.refresh_from_db()
    booking.invoice.refresh_from_db()
    assert booking.state == Booking.State.EXPIRED
    assert booking.invoice.status == Invoice.Status.CANCELLED
    assert bookings_expire_due(now=later) == {}


def test_overdue_holder_gives_way_to_new_booking(future_weekday):
    """A slot held by an unpaid booking past its deadline can be booked: the
    holder expires first."""
    room = room_make()
    slot = _slot(room, future_weekday)
    stale = booking_create_provisional(resident=resident_make(), slot=slot)
    later = stale.payment_deadline + dt.timedelta(seconds=1)
    fresh = booking_create_provisional(resident=resident_make(), slot=slot, now=later)
    stale.refresh_from_db()
    assert stale.state == Booking.State.EXPIRED
    assert fresh.state == Booking.State.PROVISIONAL


def test_missed_confirmation_is_caught_up(future_weekday):
    """A paid invoice whose announcement was lost: the hourly task confirms."""
    booking = booking_create_provisional(
        resident=resident_make(), slot=_slot(room_make(), future_weekday)
    )
    _pay(booking)  # on_commit callbacks are not run here
    assert bookings_expire_due() == {"confirmed": 1}
    booking.refresh_from_db()
    assert booking.state == Booking.State.CONFIRMED


def test_cancelled_card_booking_is_refunded_through_the_card_provider(
    future_weekday, django_capture_on_commit_callbacks
):
    """A booking paid by card (the sandbox provider) and cancelled more than
    seven days ahead is refunded in full: the ledger refund is recorded at once
    and sent to the card provider after commit, once however often the task
    runs."""
    resident = resident_make()
    booking = booking_create_provisional(
        resident=resident, slot=_slot(room_make(), future_weekday)
    )
    attempt = payment_create(
        invoice=booking.invoice,
        channel=Channel.CARD,
        idempotency_key="card-1",
        idempotency_scope=f"user:{resident.public_id}",
        provider="sandbox",
    )
    with django_capture_on_commit_callbacks(execute=True):
        payment_transition(
            payment=attempt, to_state="success", provider_reference="sbx_pi_1"
        )
    booking.refresh_from_db()
    assert booking.state == Booking.State.CONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = booking_cancel(resident=resident, booking=booking)
    assert cancelled.refunded_amount == booking.fee
    refund = Refund.objects.get(payment=attempt)
    assert refund.amount == booking.fee
    queued = DBTaskResult.objects.get(task_path__endswith=".card_refund_send")
    assert queued.args_kwargs["args"] == [refund.pk]
    sent = payment_tasks.card_refund_send.call(refund.pk)
    assert sent == f"sbx_re_{refund.public_id.hex}"
    assert payment_tasks.card_refund_send.call(refund.pk) == sent


def test_paying_later_holds_the_slot_for_days_but_not_past_the_day_before(
    future_weekday,
):
    """Pay-easy, convenience store or counter: three days to pay instead of
    the card's 30 minutes, cut to the day before the slot when it is sooner,
    and never shorter than the card's hold when the slot is very near."""
    from cityhall.reservations.services.billing import (
        PAY_LATER_BEFORE_START,
        PAY_LATER_HOLD,
        payment_deadline_for,
    )

    room = room_make()
    resident = resident_make()
    now = timezone.now()
    later = booking_create_provisional(
        resident=resident, slot=_slot(room, future_weekday), pay_later=True, now=now
    )
    assert later.payment_deadline == now + PAY_LATER_HOLD
    assert later.invoice.due_date == timezone.localdate(later.payment_deadline)
    card = booking_create_provisional(
        resident=resident, slot=_slot(room, future_weekday, hour=13), now=now
    )
    assert card.payment_deadline == now + PAYMENT_HOLD
    starts = timezone.make_aware(dt.datetime.combine(later.date, later.start))
    two_days_before = starts - dt.timedelta(days=2)
    assert (
        payment_deadline_for(booking=later, now=two_days_before, pay_later=True)
        == starts - PAY_LATER_BEFORE_START
    )
    an_hour_before = starts - dt.timedelta(hours=1)
    assert (
        payment_deadline_for(booking=later, now=an_hour_before, pay_later=True)
        == an_hour_before + PAYMENT_HOLD
    )
