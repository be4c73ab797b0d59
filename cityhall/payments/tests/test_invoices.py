"""Invoices: creation, idempotent creation by other apps, correction, cancel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError

from cityhall.core.models.audit import AuditRecord
from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Invoice, Payment, Subject
from cityhall.payments.payeasy import payment_number_is_valid
from cityhall.payments.services.invoices import (
    invoice_cancel,
    invoice_correct,
    invoice_create,
)
from cityhall.payments.services.payments import payment_create, payment_transition
from cityhall.payments.tests.factories import accounting_staff, invoice_make

pytestmark = pytest.mark.django_db


def test_invoice_create_draws_valid_payeasy_numbers():
    """A new invoice is open, with a 10-digit payment number whose check digit
    is right and a 6-digit confirmation number; the kana name is folded."""
    invoice = invoice_make(payer_name_kana="ﾀﾅｶ ﾊﾅｺ")
    assert invoice.status == Invoice.Status.OPEN
    assert payment_number_is_valid(invoice.reference_number, digits=10)
    assert len(invoice.confirmation_number) == 6
    assert invoice.payer_name_kana == "タナカハナコ"


@pytest.mark.parametrize("amount", [0, -1, 10.0, True, "100"])
def test_invoice_create_refuses_non_integer_or_non_positive_amounts(amount):
    """Money is integer yen above zero: floats, bools, strings and 0 are refused."""
    with pytest.raises(PaymentError) as info:
        invoice_make(amount=amount)
    assert info.value.code == "invalid_amount"
    assert Invoice.objects.count() == 0


def test_database_refuses_a_non_positive_amount():
    """The check constraint holds even when the service is bypassed."""
    invoice = invoice_make()
    with pytest.raises(IntegrityError):
        Invoice.objects.filter(pk=invoice.pk).update(amount=0)


def test_invoice_create_with_same_source_reference_returns_first():
    """Another app retrying the same request gets the same invoice back."""
    first = invoice_make(source_app="reservations", source_reference="bk-1")
    again = invoice_make(source_app="reservations", source_reference="bk-1")
    assert again.pk == first.pk
    assert Invoice.objects.count() == 1


def test_invoice_create_with_same_source_reference_other_terms_is_refused():
    """The same source reference with another amount is a conflict."""
    invoice_make(source_app="reservations", source_reference="bk-2")
    with pytest.raises(PaymentError) as info:
        invoice_make(source_app="reservations", source_reference="bk-2", amount=1)
    assert info.value.code == "duplicate_source_reference"


def test_invoice_correct_creates_new_record_referencing_old():
    """A correction is a new invoice; the old one is superseded, kept as it was,
    and the correction is audited with the reason."""
    staff = accounting_staff()
    old = invoice_make(amount=12_000)
    new = invoice_correct(invoice=old, actor=staff, reason="税額更正", amount=9_000)
    old.refresh_from_db()
    assert old.status == Invoice.Status.SUPERSEDED
    assert old.amount == 12_000
    assert new.corrects == old and new.amount == 9_000
    assert new.reference_number != old.reference_number
    record = AuditRecord.objects.get(action="payments.invoice.correct")
    assert record.data["reason"] == "税額更正"


def test_invoice_correct_refused_once_payment_started():
    """Once a payment attempt is under way the invoice's terms are frozen."""
    staff = accounting_staff()
    invoice = invoice_make()
    payment = payment_create(
        invoice=invoice, channel="card", idempotency_key="k", idempotency_scope="t"
    )
    payment_transition(payment=payment, to_state=Payment.State.STARTED)
    with pytest.raises(PaymentError) as info:
        invoice_correct(invoice=invoice, actor=staff, reason="x", amount=1)
    assert info.value.code == "payment_in_progress"


def test_invoice_correct_refused_on_paid_invoice():
    """A paid invoice cannot be corrected (refund it first)."""
    staff = accounting_staff()
    invoice = invoice_make()
    payment = payment_create(
        invoice=invoice, channel="card", idempotency_key="k", idempotency_scope="t"
    )
    payment_transition(payment=payment, to_state=Payment.State.SUCCESS)
    with pytest.raises(PaymentError) as info:
        invoice_correct(invoice=invoice, actor=staff, reason="x", amount=1)
    assert info.value.code == "invoice_locked"


def test_invoice_correct_refuses_changing_subject():
    """Only the listed terms can be corrected; the subject is not one of them."""
    staff = accounting_staff()
    invoice = invoice_make()
    with pytest.raises(PaymentError) as info:
        invoice_correct(invoice=invoice, actor=staff, reason="x", subject=Subject.WATER)
    assert info.value.code == "invalid_correction"


def test_invoice_cancel_needs_accounting_staff_and_is_audited():
    """A resident cannot cancel; accounting staff can, and it is audited."""
    from cityhall.core.tests.factories import UserFactory

    invoice = invoice_make()
    with pytest.raises(PaymentError) as info:
        invoice_cancel(invoice=invoice, actor=UserFactory(), reason="x")
    assert info.value.code == "permission_denied"
    staff = accounting_staff()
    cancelled = invoice_cancel(invoice=invoice, actor=staff, reason="賦課取消")
    assert cancelled.status == Invoice.Status.CANCELLED
    assert AuditRecord.objects.filter(
        action="payments.invoice.cancel", actor=staff
    ).exists()


def test_invoice_create_rejects_unknown_subject():
    """The subject must be one of the 税目 choices."""
    with pytest.raises(PaymentError) as info:
        invoice_make(subject="dog_tax")
    assert info.value.code == "invalid_subject"


def test_installment_and_due_date_are_stored():
    """期別 and the due date are kept as given."""
    invoice = invoice_make(
        subject=Subject.RESIDENT_TAX, installment=3, due_date=dt.date(2026, 10, 31)
    )
    invoice.refresh_from_db()
    assert invoice.installment == 3 and invoice.due_date == dt.date(2026, 10, 31)


def test_invoice_create_from_service_call_is_idempotent_under_retry_with_resident():
    """A retried call with the same resident returns the same invoice."""
    from cityhall.core.tests.factories import UserFactory

    resident = UserFactory()
    first = invoice_make(resident=resident, source_app="eforms", source_reference="a1")
    again = invoice_create(
        municipality=first.municipality,
        subject=first.subject,
        fiscal_year=first.fiscal_year,
        amount=first.amount,
        due_date=first.due_date,
        payer_name=first.payer_name,
        payer_name_kana="たなか はなこ",
        resident=resident,
        source_app="eforms",
        source_reference="a1",
    )
    assert again.pk == first.pk
