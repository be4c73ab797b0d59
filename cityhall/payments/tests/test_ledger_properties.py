"""Ledger invariants under random sequences of operations (Hypothesis).

Whatever residents, providers and staff do, in whatever order and however often
they retry: for every invoice paid − refunded = balance ≥ 0, at most one payment
succeeds, and an invoice is 'paid' exactly when its balance is positive.
"""

from __future__ import annotations

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Invoice, Payment, Refund
from cityhall.payments.selectors import invoice_balance
from cityhall.payments.services.payments import (
    payment_create,
    payment_record_received,
    payment_transition,
)
from cityhall.payments.services.refunds import refund_create
from cityhall.payments.tests.factories import accounting_staff, invoice_make

pytestmark = pytest.mark.django_db

operation = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 2), st.sampled_from("abcd")),
    st.tuples(
        st.just("event"),
        st.integers(0, 2),
        st.sampled_from(
            ["started", "submitted", "success", "failed", "cancelled", "expired"]
        ),
    ),
    st.tuples(st.just("bank"), st.integers(0, 2), st.sampled_from("xyz")),
    st.tuples(st.just("refund"), st.integers(0, 2), st.integers(1, 6_000)),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(operation, min_size=1, max_size=25))
def test_ledger_invariants_hold_for_any_sequence(ops):
    """Random creates (with reused keys), provider events, bank records (with
    repeated references) and refunds never break the ledger."""
    from django.db import transaction

    with transaction.atomic():
        staff = accounting_staff()
        invoices = [invoice_make(amount=5_000) for _ in range(3)]
        refund_keys = iter(range(10_000))
        for kind, index, arg in ops:
            invoice = invoices[index]
            try:
                if kind == "create":
                    payment_create(
                        invoice=invoice,
                        channel="card",
                        idempotency_key=f"{arg}",
                        idempotency_scope=f"inv{index}",
                    )
                elif kind == "event":
                    live = Payment.objects.filter(invoice=invoice).first()
                    if live is not None:
                        payment_transition(payment=live, to_state=arg)
                elif kind == "bank":
                    payment_record_received(
                        invoice=invoice,
                        channel="bank_transfer",
                        amount=5_000,
                        provider_reference=f"{arg}",
                    )
                else:
                    paid = Payment.objects.filter(
                        invoice=invoice, state="success"
                    ).first()
                    if paid is not None:
                        refund_create(
                            payment=paid,
                            amount=arg,
                            reason="test",
                            idempotency_key=str(next(refund_keys)),
                            actor=staff,
                        )
            except PaymentError:
                pass
        for invoice in invoices:
            invoice.refresh_from_db()
            successes = Payment.objects.filter(invoice=invoice, state="success")
            assert successes.count() <= 1
            paid = successes.aggregate(s=Sum("amount"))["s"] or 0
            refunded = (
                Refund.objects.filter(payment__invoice=invoice).aggregate(
                    s=Sum("amount")
                )["s"]
                or 0
            )
            balance = invoice_balance(invoice=invoice)
            assert paid - refunded == balance
            assert balance >= 0
            assert Payment.objects.filter(invoice=invoice, finished=False).count() <= 1
            if invoice.status == Invoice.Status.PAID:
                assert balance > 0
            if balance > 0:
                assert invoice.status == Invoice.Status.PAID
        transaction.set_rollback(True)
