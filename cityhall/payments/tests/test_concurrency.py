"""Races on PostgreSQL with real parallel connections: the constraints and row
locks, not only the checks in Python, keep the ledger whole."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.db import connection

from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Payment, Refund
from cityhall.payments.services.payments import (
    payment_attempts_expire,
    payment_create,
    payment_record_received,
)
from cityhall.payments.services.refunds import refund_create
from cityhall.payments.tests.factories import accounting_staff, invoice_make


def _race(*calls: Callable[[], object]) -> tuple[list[object], list[BaseException]]:
    results: list[object] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real parallel transactions")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_retries_with_one_key_make_one_attempt():
    """Two copies of one POST (same key) racing create one attempt; both get it."""
    _needs_postgres()
    invoice = invoice_make()

    def create():
        return payment_create(
            invoice=invoice, channel="card", idempotency_key="k", idempotency_scope="s"
        ).pk

    results, errors = _race(create, create)
    assert errors == []
    assert len(set(results)) == 1
    assert Payment.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_bank_and_counter_payments_pay_once():
    """A bank record and a counter payment for one invoice at the same moment:
    exactly one succeeds, the other is refused."""
    _needs_postgres()
    invoice = invoice_make(amount=500)

    def pay(reference):
        return lambda: payment_record_received(
            invoice=invoice, channel="counter", amount=500, provider_reference=reference
        )

    results, errors = _race(pay("a"), pay("b"))
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], PaymentError)
    assert Payment.objects.filter(invoice=invoice, state="success").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_refunds_never_exceed_the_payment():
    """Two refunds of 700 on a 1,000 payment at once: one goes through."""
    _needs_postgres()
    staff = accounting_staff()
    invoice = invoice_make(amount=1_000)
    payment = payment_record_received(
        invoice=invoice, channel="counter", amount=1_000, provider_reference="p"
    )

    def refund(key):
        return lambda: refund_create(
            payment=payment, amount=700, reason="x", idempotency_key=key, actor=staff
        )

    results, errors = _race(refund("a"), refund("b"))
    assert len(results) == 1 and len(errors) == 1
    assert errors[0].code == "refund_exceeds_refundable"
    payment.refresh_from_db()
    assert payment.refunded_amount == 700 == Refund.objects.get().amount


@pytest.mark.django_db
def test_abandoned_created_attempts_expire_and_free_the_invoice():
    """An attempt left in 'created' expires after the period; started ones stay."""
    first, second = invoice_make(), invoice_make()
    stale = payment_create(
        invoice=first, channel="card", idempotency_key="a", idempotency_scope="s"
    )
    started = payment_create(
        invoice=second, channel="card", idempotency_key="b", idempotency_scope="s"
    )
    from cityhall.payments.services.payments import payment_transition

    payment_transition(payment=started, to_state="started")
    assert payment_attempts_expire(older_than=dt.timedelta(days=1)) == 0
    assert payment_attempts_expire(older_than=dt.timedelta(seconds=-1)) == 1
    stale.refresh_from_db()
    started.refresh_from_db()
    assert (stale.state, stale.finished) == ("expired", True)
    assert started.state == "started"
