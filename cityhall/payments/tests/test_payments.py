"""Payment attempts: idempotency keys, the state machine, provider events
delivered twice or out of order, money recorded as received, counter cash."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from cityhall.core.models.audit import AuditRecord
from cityhall.core.tests.factories import StaffFactory, UserFactory
from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Invoice, Payment
from cityhall.payments.services.payments import (
    counter_payment_record,
    payment_cancel,
    payment_create,
    payment_record_received,
    payment_transition,
)
from cityhall.payments.tests.factories import accounting_staff, invoice_make

pytestmark = pytest.mark.django_db
State = Payment.State


def _create(invoice, key="key-1", scope="user:a", channel="card"):
    return payment_create(
        invoice=invoice, channel=channel, idempotency_key=key, idempotency_scope=scope
    )


def test_retried_create_with_same_key_returns_same_attempt():
    """A retried POST (same key, same body) does not start a second attempt."""
    invoice = invoice_make()
    first = _create(invoice)
    again = _create(invoice)
    assert again.pk == first.pk
    assert Payment.objects.count() == 1


def test_same_key_with_different_body_is_refused():
    """Reusing a key for another invoice is a 409 conflict."""
    first_invoice = invoice_make()
    _create(first_invoice)
    with pytest.raises(PaymentError) as info:
        _create(invoice_make())
    assert info.value.code == "idempotency_key_reused"
    assert info.value.status == 409


def test_keys_of_different_scopes_do_not_collide():
    """Two clients may choose the same key string."""
    a = _create(invoice_make(), scope="user:a")
    b = _create(invoice_make(), scope="user:b")
    assert a.pk != b.pk


def test_full_happy_path_marks_invoice_paid():
    """created → started → submitted → success finishes and pays the invoice."""
    invoice = invoice_make()
    payment = _create(invoice)
    for state in (State.STARTED, State.SUBMITTED, State.SUCCESS):
        payment, changed = payment_transition(payment=payment, to_state=state)
        assert changed
    assert payment.finished and payment.paid_at is not None
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_duplicate_event_changes_nothing():
    """The same provider event delivered twice is a no-op the second time."""
    payment = _create(invoice_make())
    payment_transition(payment=payment, to_state=State.SUCCESS)
    again, changed = payment_transition(payment=payment, to_state=State.SUCCESS)
    assert not changed and again.state == State.SUCCESS


def test_out_of_order_earlier_event_is_ignored():
    """'started' arriving after 'submitted' does not move the attempt back."""
    payment = _create(invoice_make())
    payment_transition(payment=payment, to_state=State.SUBMITTED)
    again, changed = payment_transition(payment=payment, to_state=State.STARTED)
    assert not changed and again.state == State.SUBMITTED


def test_finished_attempt_cannot_change_end_state():
    """A failed attempt does not later become a success (nor the reverse)."""
    payment = _create(invoice_make())
    payment_transition(payment=payment, to_state=State.FAILED)
    with pytest.raises(PaymentError) as info:
        payment_transition(payment=payment, to_state=State.SUCCESS)
    assert info.value.code == "invalid_transition"


def test_second_attempt_while_one_is_in_progress_is_refused():
    """Only one live attempt per invoice: no two card charges side by side."""
    invoice = invoice_make()
    payment = _create(invoice, key="a")
    payment_transition(payment=payment, to_state=State.STARTED)
    with pytest.raises(PaymentError) as info:
        _create(invoice, key="b")
    assert info.value.code == "payment_in_progress"


def test_new_attempt_replaces_one_never_sent_to_provider():
    """An abandoned 'created' attempt is cancelled by the next one."""
    invoice = invoice_make()
    first = _create(invoice, key="a")
    second = _create(invoice, key="b")
    first.refresh_from_db()
    assert first.state == State.CANCELLED and first.finished
    assert second.state == State.CREATED


def test_paid_invoice_cannot_be_paid_again():
    """After success a new attempt is refused: an invoice is never paid twice."""
    invoice = invoice_make()
    payment_transition(payment=_create(invoice, key="a"), to_state=State.SUCCESS)
    with pytest.raises(PaymentError) as info:
        _create(invoice, key="b")
    assert info.value.code == "invoice_not_payable"


def test_database_refuses_a_second_success_for_one_invoice():
    """The conditional unique constraint holds even when services are bypassed."""
    invoice = invoice_make()
    payment_transition(payment=_create(invoice, key="a"), to_state=State.SUCCESS)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            invoice=invoice,
            channel="counter",
            amount=invoice.amount,
            state=State.SUCCESS,
            finished=True,
        )


def test_database_refuses_finished_flag_out_of_step_with_state():
    """'success' with finished=False is refused by a check constraint."""
    payment = _create(invoice_make())
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(state=State.SUCCESS)


def test_record_received_pays_once_per_reference():
    """A bank record applied twice is refused the second time."""
    invoice = invoice_make(amount=5_000)
    payment = payment_record_received(
        invoice=invoice, channel="bank_transfer", amount=5_000, provider_reference="r1"
    )
    assert payment.state == State.SUCCESS and payment.finished
    other = invoice_make(amount=5_000)
    with pytest.raises(PaymentError) as info:
        payment_record_received(
            invoice=other,
            channel="bank_transfer",
            amount=5_000,
            provider_reference="r1",
        )
    assert info.value.code == "already_recorded"
    other.refresh_from_db()
    assert other.status == Invoice.Status.OPEN


def test_record_received_refuses_partial_amount():
    """Money is applied only when it is the invoice's amount in full."""
    invoice = invoice_make(amount=5_000)
    with pytest.raises(PaymentError) as info:
        payment_record_received(
            invoice=invoice, channel="payeasy", amount=4_999, provider_reference="r"
        )
    assert info.value.code == "amount_mismatch"
    assert info.value.extra == {"expected": 5_000, "received": 4_999}


def test_counter_payment_needs_staff_with_a_role_and_unique_receipt():
    """Counter cash: a resident may not record it; staff with a role may, once
    per receipt number, and it is audited."""
    invoice = invoice_make()
    with pytest.raises(PaymentError):
        counter_payment_record(
            invoice=invoice, receipt_number="R-1", actor=UserFactory()
        )
    with pytest.raises(PaymentError):
        counter_payment_record(
            invoice=invoice, receipt_number="R-1", actor=StaffFactory()
        )
    staff = accounting_staff()
    payment = counter_payment_record(invoice=invoice, receipt_number="R-1", actor=staff)
    assert payment.channel == "counter" and payment.receipt_number == "R-1"
    assert AuditRecord.objects.filter(action="payments.payment.counter").count() == 1
    with pytest.raises(PaymentError) as info:
        counter_payment_record(
            invoice=invoice_make(), receipt_number="R-1", actor=staff
        )
    assert info.value.code == "receipt_number_taken"


def test_staff_cancel_of_attempt_is_audited_with_reason():
    """Cancelling an attempt records who and why."""
    staff = accounting_staff()
    payment = _create(invoice_make())
    payment_transition(payment=payment, to_state=State.STARTED)
    cancelled = payment_cancel(payment=payment, actor=staff, reason="窓口で納付")
    assert cancelled.state == State.CANCELLED
    record = AuditRecord.objects.get(action="payments.payment.cancel")
    assert record.actor == staff and record.data["reason"] == "窓口で納付"


def test_crash_between_charge_and_recording_is_recovered_by_the_retry():
    """If the process dies after the provider charged but before we recorded,
    the provider's (re)delivered success event is applied once; a second copy
    and a retried create change nothing, so there is one success only."""
    invoice = invoice_make()
    payment = _create(invoice, key="crash")
    payment_transition(payment=payment, to_state=State.SUBMITTED)
    # ... crash here: nothing recorded. The webhook arrives (twice), the client
    # retries its POST with the same key.
    payment_transition(payment=payment, to_state=State.SUCCESS)
    payment_transition(payment=payment, to_state=State.SUCCESS)
    assert _create(invoice, key="crash").pk == payment.pk
    assert Payment.objects.filter(invoice=invoice, state=State.SUCCESS).count() == 1
