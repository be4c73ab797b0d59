"""Provider notifications (webhooks) after signature checks: duplicates,
replays, out-of-order delivery and contradictions never pay twice or lose money."""

from __future__ import annotations

import pytest

from cityhall.payments.models import Invoice, Payment, ProviderEvent
from cityhall.payments.services.payments import (
    payment_cancel,
    payment_create,
    payment_provider_event_apply,
    payment_transition,
)
from cityhall.payments.tests.factories import accounting_staff, invoice_make

pytestmark = pytest.mark.django_db


def _started(reference="pi_1"):
    invoice = invoice_make()
    payment = payment_create(
        invoice=invoice,
        channel="card",
        idempotency_key=reference,
        idempotency_scope="s",
        provider="sandbox",
    )
    payment, _changed = payment_transition(
        payment=payment, to_state="started", provider_reference=reference
    )
    return invoice, payment


def _event(event_id, state, reference="pi_1"):
    return payment_provider_event_apply(
        provider="sandbox",
        event_id=event_id,
        provider_reference=reference,
        state=state,
    )


def test_success_event_pays_and_its_replay_changes_nothing():
    """The first delivery pays the invoice; the same event id again is the same
    record and no second success."""
    invoice, _payment = _started()
    first = _event("evt_1", "success")
    again = _event("evt_1", "success")
    assert first.outcome == "applied" and again.pk == first.pk
    assert ProviderEvent.objects.count() == 1
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert Payment.objects.filter(state="success").count() == 1


def test_out_of_order_events_are_stale():
    """'submitted' arriving after 'success' (another event id) is stale."""
    _invoice, payment = _started()
    _event("evt_2", "success")
    late = _event("evt_1", "submitted")
    assert late.outcome == "stale"
    payment.refresh_from_db()
    assert payment.state == "success"


def test_success_after_staff_cancelled_is_kept_as_conflict():
    """If staff cancelled the attempt but the provider then reports success,
    the event is kept as a conflict (money to return), not dropped."""
    staff = accounting_staff()
    _invoice, payment = _started()
    payment_cancel(payment=payment, actor=staff, reason="窓口で納付")
    event = _event("evt_9", "success")
    assert event.outcome == "conflict" and event.payment == payment
    payment.refresh_from_db()
    assert payment.state == "cancelled"


def test_event_for_unknown_reference_is_recorded():
    """An event nobody asked for is stored with outcome unknown_payment."""
    event = _event("evt_x", "success", reference="pi_nobody")
    assert event.outcome == "unknown_payment" and event.payment is None


def test_two_attempts_events_interleaved_pay_once():
    """A failed first attempt and a successful second one, their events mixed
    and repeated: one success, invoice paid once."""
    invoice = invoice_make()
    first = payment_create(
        invoice=invoice,
        channel="card",
        idempotency_key="a",
        idempotency_scope="s",
        provider="sandbox",
    )
    payment_transition(payment=first, to_state="started", provider_reference="pi_a")
    _event("e1", "failed", reference="pi_a")
    second = payment_create(
        invoice=invoice,
        channel="card",
        idempotency_key="b",
        idempotency_scope="s",
        provider="sandbox",
    )
    payment_transition(payment=second, to_state="started", provider_reference="pi_b")
    for event_id, state, reference in [
        ("e2", "success", "pi_b"),
        ("e1", "failed", "pi_a"),
        ("e3", "success", "pi_a"),
        ("e2", "success", "pi_b"),
    ]:
        _event(event_id, state, reference=reference)
    assert Payment.objects.filter(invoice=invoice, state="success").count() == 1
    assert ProviderEvent.objects.get(event_id="e3").outcome == "conflict"
