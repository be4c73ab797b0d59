"""Refunds: bounded by what is refundable, idempotent, staff-only, audited."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from cityhall.core.models.audit import AuditRecord
from cityhall.core.tests.factories import StaffFactory
from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Invoice, Payment
from cityhall.payments.selectors import invoice_balance
from cityhall.payments.services.payments import payment_record_received
from cityhall.payments.services.refunds import refund_create
from cityhall.payments.tests.factories import accounting_staff, invoice_make

pytestmark = pytest.mark.django_db


def _paid(amount=10_000):
    invoice = invoice_make(amount=amount)
    payment = payment_record_received(
        invoice=invoice, channel="counter", amount=amount, provider_reference="p"
    )
    return invoice, payment


def test_partial_then_full_refund_updates_balance_and_status():
    """Two refunds add up; the invoice turns 'refunded' at zero balance."""
    staff = accounting_staff()
    invoice, payment = _paid()
    refund_create(
        payment=payment, amount=3_000, reason="過誤納", idempotency_key="a", actor=staff
    )
    assert invoice_balance(invoice=invoice) == 7_000
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    refund_create(
        payment=payment, amount=7_000, reason="過誤納", idempotency_key="b", actor=staff
    )
    assert invoice_balance(invoice=invoice) == 0
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.REFUNDED


def test_refund_over_refundable_is_refused_naming_the_amount():
    """Asking for more than is left fails and says how much can be refunded."""
    staff = accounting_staff()
    _invoice, payment = _paid()
    refund_create(
        payment=payment, amount=4_000, reason="x", idempotency_key="a", actor=staff
    )
    with pytest.raises(PaymentError) as info:
        refund_create(
            payment=payment, amount=6_001, reason="x", idempotency_key="b", actor=staff
        )
    assert info.value.code == "refund_exceeds_refundable"
    assert info.value.extra["refundable"] == 6_000
    assert "6,000" in str(info.value.message)


def test_retried_refund_with_same_key_refunds_once():
    """The same key and body twice: one refund, one audit record."""
    staff = accounting_staff()
    _invoice, payment = _paid()
    first = refund_create(
        payment=payment, amount=1_000, reason="x", idempotency_key="k", actor=staff
    )
    again = refund_create(
        payment=payment, amount=1_000, reason="x", idempotency_key="k", actor=staff
    )
    assert first.pk == again.pk
    payment.refresh_from_db()
    assert payment.refunded_amount == 1_000
    assert AuditRecord.objects.filter(action="payments.refund.create").count() == 1


def test_refund_key_reused_with_other_amount_is_refused():
    """Same key, different amount: 409, nothing refunded."""
    staff = accounting_staff()
    _invoice, payment = _paid()
    refund_create(
        payment=payment, amount=1_000, reason="x", idempotency_key="k", actor=staff
    )
    with pytest.raises(PaymentError) as info:
        refund_create(
            payment=payment, amount=2_000, reason="x", idempotency_key="k", actor=staff
        )
    assert info.value.code == "idempotency_key_reused"
    payment.refresh_from_db()
    assert payment.refunded_amount == 1_000


def test_only_accounting_staff_may_refund():
    """Staff outside the accounting division are refused."""
    accounting_staff()  # configures the division
    _invoice, payment = _paid()
    with pytest.raises(PaymentError) as info:
        refund_create(
            payment=payment,
            amount=1,
            reason="x",
            idempotency_key="k",
            actor=StaffFactory(),
        )
    assert info.value.code == "permission_denied"


def test_refund_requires_a_reason_and_is_audited_with_it():
    """No reason, no refund; the audit record names who and why."""
    staff = accounting_staff()
    _invoice, payment = _paid()
    with pytest.raises(PaymentError):
        refund_create(
            payment=payment, amount=1, reason=" ", idempotency_key="k", actor=staff
        )
    refund_create(
        payment=payment, amount=1, reason="二重納付", idempotency_key="k2", actor=staff
    )
    record = AuditRecord.objects.get(action="payments.refund.create")
    assert record.actor == staff and record.data["reason"] == "二重納付"


def test_unfinished_payment_is_not_refundable():
    """Nothing can be refunded from an attempt that did not succeed."""
    from cityhall.payments.services.payments import payment_create

    staff = accounting_staff()
    payment = payment_create(
        invoice=invoice_make(),
        channel="card",
        idempotency_key="k",
        idempotency_scope="s",
    )
    with pytest.raises(PaymentError) as info:
        refund_create(
            payment=payment, amount=1, reason="x", idempotency_key="k", actor=staff
        )
    assert info.value.code == "payment_not_refundable"


def test_database_refuses_refunded_amount_above_amount():
    """The check constraint stops a negative balance even past the service."""
    _invoice, payment = _paid(amount=100)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(refunded_amount=101)
