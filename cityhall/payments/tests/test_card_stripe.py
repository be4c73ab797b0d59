"""Card payments through the Stripe adapter, against a local Stripe stand-in:
request shapes, idempotent retries, signed webhooks (valid, forged, stale,
replayed, duplicated, out of order) and a crash between charging and recording.
None of them pays twice, loses a payment or refunds more than was paid."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cityhall.payments import tasks
from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Invoice, Payment, ProviderEvent
from cityhall.payments.providers.stripe_card import StripeProvider
from cityhall.payments.services.card import (
    card_payment_reconcile,
    card_payment_start,
    card_payments_settle,
    card_refund_submit,
)
from cityhall.payments.services.payments import payment_create
from cityhall.payments.services.refunds import refund_create
from cityhall.payments.tests.factories import accounting_staff, invoice_make
from cityhall.payments.tests.stripe_server import FakeStripe

pytestmark = pytest.mark.django_db

WEBHOOK_SECRET = "whsec_cityhall_test"
URL = "/payments/webhooks/stripe/"


@pytest.fixture
def stripe_api(settings):
    with FakeStripe() as fake:
        settings.CITYHALL_PAYMENT_PROVIDER = "stripe"
        settings.CITYHALL_STRIPE_SECRET_KEY = "sk_test_cityhall"
        settings.CITYHALL_STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.CITYHALL_STRIPE_API_BASE = fake.url
        yield fake
    assert fake.problems == []


def _attempt(invoice=None, key="key-1"):
    return payment_create(
        invoice=invoice or invoice_make(),
        channel="card",
        idempotency_key=key,
        idempotency_scope="user:test",
        provider="stripe",
    )


def _event(event_id, event_type, intent_id, payment=None, **obj):
    metadata = {"cityhall_payment": str(payment.public_id)} if payment else {}
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "data": {"object": {"id": intent_id, "metadata": metadata, **obj}},
        }
    ).encode()


def _signature(body, *, secret=WEBHOOK_SECRET, timestamp=None):
    stamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(
        secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return f"t={stamp},v1={digest}"


def _post(client, body, signature=None):
    return client.post(
        URL,
        data=body,
        content_type="application/json",
        headers={"Stripe-Signature": signature or _signature(body)},
    )


def test_start_opens_one_payment_intent_in_yen_with_our_key(stripe_api):
    """Starting sends amount in yen as is, currency jpy, our payment id in the
    metadata and a per-payment Idempotency-Key, and records the intent's id."""
    payment = _attempt(invoice_make(amount=12_345))
    started = card_payment_start(payment=payment)
    (request,) = stripe_api.requests
    assert request["path"] == "/v1/payment_intents"
    assert request["form"]["amount"] == "12345"
    assert request["form"]["currency"] == "jpy"
    assert request["form"]["metadata[cityhall_payment]"] == str(payment.public_id)
    assert request["idempotency_key"] == f"cityhall-payment-{payment.public_id}"
    assert started.reference == "pi_1"
    assert started.client_secret == "pi_1_secret_test"
    payment.refresh_from_db()
    assert (payment.state, payment.provider_reference) == ("started", "pi_1")


def test_retried_create_post_makes_one_payment_intent(stripe_api):
    """A retried POST (same idempotency key) returns the same attempt, and
    starting it again reaches Stripe with the same key: one PaymentIntent."""
    invoice = invoice_make()
    first = card_payment_start(payment=_attempt(invoice, key="retry"))
    second = card_payment_start(payment=_attempt(invoice, key="retry"))
    assert first == second
    assert stripe_api.created("/v1/payment_intents") == 1
    keys = {r["idempotency_key"] for r in stripe_api.requests}
    assert len(stripe_api.requests) == 2 and len(keys) == 1
    assert Payment.objects.filter(invoice=invoice).count() == 1


def test_start_refused_for_another_provider(stripe_api):
    """An attempt made for the sandbox cannot be started at Stripe."""
    payment = payment_create(
        invoice=invoice_make(),
        channel="card",
        idempotency_key="k",
        idempotency_scope="s",
        provider="sandbox",
    )
    with pytest.raises(PaymentError) as error:
        card_payment_start(payment=payment)
    assert error.value.code == "provider_mismatch"
    assert stripe_api.requests == []


def test_unreachable_stripe_leaves_attempt_unstarted(settings):
    """When Stripe cannot be reached the attempt stays ``created`` (nothing was
    charged) and the error has a stable code."""
    with FakeStripe() as fake:
        base = fake.url
    settings.CITYHALL_PAYMENT_PROVIDER = "stripe"
    settings.CITYHALL_STRIPE_SECRET_KEY = "sk_test_cityhall"
    settings.CITYHALL_STRIPE_API_BASE = base
    payment = _attempt()
    with pytest.raises(PaymentError) as error:
        card_payment_start(payment=payment)
    assert error.value.code == "provider_unavailable"
    payment.refresh_from_db()
    assert payment.state == "created"


def test_signed_success_webhook_records_payment(client, stripe_api):
    """A correctly signed payment_intent.succeeded pays the invoice."""
    payment = _attempt()
    card_payment_start(payment=payment)
    response = _post(client, _event("evt_1", "payment_intent.succeeded", "pi_1"))
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.state == "success"
    assert payment.invoice.status == Invoice.Status.PAID


def test_failed_webhook_closes_the_intent_and_ends_the_attempt(client, stripe_api):
    """payment_failed cancels the intent at Stripe (so no later card can pay
    it) and ends the attempt as failed; the invoice stays open for a new one."""
    payment = _attempt()
    card_payment_start(payment=payment)
    body = _event("evt_f", "payment_intent.payment_failed", "pi_1")
    assert _post(client, body).status_code == 200
    payment.refresh_from_db()
    assert payment.state == "failed"
    assert payment.invoice.status == Invoice.Status.OPEN
    assert stripe_api.intents["pi_1"]["status"] == "canceled"
    cancel = stripe_api.requests[-1]
    assert cancel["path"] == "/v1/payment_intents/pi_1/cancel"
    assert cancel["idempotency_key"] == f"cityhall-cancel-{payment.public_id}"


def test_decline_then_success_with_another_card_is_not_lost(client, stripe_api):
    """The resident's first card was declined and a second one paid the same
    intent before the failure event reached us: the late failure is not
    recorded, and the success is."""
    payment = _attempt()
    card_payment_start(payment=payment)
    stripe_api.intents["pi_1"]["status"] = "succeeded"
    failed = _event("evt_1", "payment_intent.payment_failed", "pi_1")
    assert _post(client, failed).status_code == 200
    payment.refresh_from_db()
    assert payment.state == "started"
    assert (
        _post(client, _event("evt_2", "payment_intent.succeeded", "pi_1")).status_code
        == 200
    )
    payment.refresh_from_db()
    assert payment.state == "success"
    assert payment.invoice.status == Invoice.Status.PAID


def test_settle_expires_abandoned_attempts_and_records_missed_payments(stripe_api):
    """Attempts whose webhook never came are settled with Stripe: one still
    waiting for a card is cancelled there and expired here, one that was paid
    is recorded; recent attempts are left alone. Running it again changes
    nothing."""
    abandoned, paid, recent = (_attempt(key=f"k{i}") for i in range(3))
    for payment in (abandoned, paid, recent):
        card_payment_start(payment=payment)
    stripe_api.intents["pi_2"]["status"] = "succeeded"
    Payment.objects.filter(pk__in=[abandoned.pk, paid.pk]).update(
        updated_at=timezone.now() - dt.timedelta(hours=3)
    )
    assert card_payments_settle(older_than=dt.timedelta(hours=2)) == 2
    assert card_payments_settle(older_than=dt.timedelta(hours=2)) == 0
    states = {
        p.provider_reference: p.state
        for p in Payment.objects.filter(pk__in=[abandoned.pk, paid.pk, recent.pk])
    }
    assert states == {"pi_1": "expired", "pi_2": "success", "pi_3": "started"}
    assert stripe_api.intents["pi_1"]["status"] == "canceled"
    assert stripe_api.intents["pi_3"]["status"] == "requires_payment_method"


def test_forged_signature_is_refused_and_changes_nothing(client, stripe_api):
    """A body signed with another secret gets 400 and records nothing."""
    payment = _attempt()
    card_payment_start(payment=payment)
    body = _event("evt_1", "payment_intent.succeeded", "pi_1")
    response = _post(client, body, _signature(body, secret="whsec_attacker"))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "webhook_signature_invalid"
    payment.refresh_from_db()
    assert payment.state == "started"
    assert ProviderEvent.objects.count() == 0


def test_tampered_body_is_refused(client, stripe_api):
    """A valid signature over another body does not carry over to this one."""
    card_payment_start(payment=_attempt())
    signed = _event("evt_1", "payment_intent.payment_failed", "pi_1")
    forged = _event("evt_1", "payment_intent.succeeded", "pi_1")
    assert _post(client, forged, _signature(signed)).status_code == 400
    assert ProviderEvent.objects.count() == 0


def test_stale_timestamp_is_refused(client, stripe_api):
    """A genuine signature older than the tolerance (a replay) gets 400."""
    payment = _attempt()
    card_payment_start(payment=payment)
    body = _event("evt_1", "payment_intent.succeeded", "pi_1")
    old = _signature(body, timestamp=int(time.time()) - 301)
    assert _post(client, body, old).status_code == 400
    payment.refresh_from_db()
    assert payment.state == "started"


def test_missing_signature_or_secret_is_refused(client, stripe_api, settings):
    """No header, or no secret configured (which would make any HMAC key
    guessable), is refused."""
    card_payment_start(payment=_attempt())
    body = _event("evt_1", "payment_intent.succeeded", "pi_1")
    response = client.post(URL, data=body, content_type="application/json")
    assert response.status_code == 400
    settings.CITYHALL_STRIPE_WEBHOOK_SECRET = ""
    assert _post(client, body, _signature(body, secret="")).status_code == 400
    assert ProviderEvent.objects.count() == 0


def test_duplicate_and_replayed_deliveries_record_once(client, stripe_api):
    """The same event delivered three times (Stripe's retries, or a replay
    within the tolerance) answers 200 each time and pays once."""
    payment = _attempt()
    card_payment_start(payment=payment)
    body = _event("evt_1", "payment_intent.succeeded", "pi_1")
    signature = _signature(body)
    statuses = [_post(client, body, signature).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    assert ProviderEvent.objects.filter(event_id="evt_1").count() == 1
    assert Payment.objects.filter(invoice=payment.invoice, state="success").count() == 1


def test_out_of_order_events_end_in_success(client, stripe_api):
    """succeeded arriving before processing: the payment stays successful and
    the late processing event is kept as stale."""
    payment = _attempt()
    card_payment_start(payment=payment)
    _post(client, _event("evt_2", "payment_intent.succeeded", "pi_1"))
    response = _post(client, _event("evt_1", "payment_intent.processing", "pi_1"))
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.state == "success"
    assert ProviderEvent.objects.get(event_id="evt_1").outcome == "stale"


def test_unused_event_type_is_acknowledged(client, stripe_api):
    """Event types we do not use are answered 200 so Stripe stops sending them."""
    body = _event("evt_x", "customer.created", "cus_1")
    assert _post(client, body).status_code == 200
    assert ProviderEvent.objects.count() == 0


def test_oversized_body_is_refused(client, stripe_api):
    """A body far larger than any event is refused before it is read."""
    body = b"{" + b" " * (70 * 1024) + b"}"
    assert _post(client, body).status_code == 413


def test_webhook_accepts_post_only(client, stripe_api):
    """GET on the webhook address is not allowed."""
    assert client.get(URL).status_code == 405


def test_crash_between_charging_and_recording_webhook_records_once(client, stripe_api):
    """Stripe opened (and later charged) the intent but our recording of its
    reference never committed: the webhook finds the payment by its metadata
    and records it once, however often it is delivered."""
    payment = _attempt()
    StripeProvider().start(payment)  # the charge side ran; our commit did not
    payment.refresh_from_db()
    assert payment.provider_reference == ""
    body = _event("evt_1", "payment_intent.succeeded", "pi_1", payment=payment)
    assert _post(client, body).status_code == 200
    assert _post(client, body).status_code == 200
    payment.refresh_from_db()
    assert (payment.state, payment.provider_reference) == ("success", "pi_1")
    assert ProviderEvent.objects.get(event_id="evt_1").outcome == "applied"
    assert Payment.objects.filter(invoice=payment.invoice, state="success").count() == 1


def test_crash_between_charging_and_recording_reconcile_records_once(stripe_api):
    """Reconciliation after the same crash asks Stripe again with the same key
    (no second intent), sees it succeeded, and records it once."""
    payment = _attempt()
    StripeProvider().start(payment)
    stripe_api.intents["pi_1"]["status"] = "succeeded"
    first = card_payment_reconcile(payment=payment)
    second = card_payment_reconcile(payment=payment)
    assert first is not None and second is not None
    assert first.pk == second.pk
    payment.refresh_from_db()
    assert (payment.state, payment.provider_reference) == ("success", "pi_1")
    assert stripe_api.created("/v1/payment_intents") == 1


def test_reconcile_then_late_webhook_records_once(client, stripe_api):
    """A payment recorded by reconciliation is not recorded again by the
    webhook that arrives later."""
    payment = _attempt()
    card_payment_start(payment=payment)
    stripe_api.intents["pi_1"]["status"] = "succeeded"
    card_payment_reconcile(payment=payment)
    body = _event("evt_late", "payment_intent.succeeded", "pi_1", payment=payment)
    assert _post(client, body).status_code == 200
    assert ProviderEvent.objects.get(event_id="evt_late").outcome == "stale"
    assert Payment.objects.filter(invoice=payment.invoice, state="success").count() == 1


def test_reconcile_of_unpaid_intent_records_nothing(stripe_api):
    """An intent still waiting for the card records nothing."""
    payment = _attempt()
    card_payment_start(payment=payment)
    assert card_payment_reconcile(payment=payment) is None
    payment.refresh_from_db()
    assert payment.state == "started"


def test_card_refund_is_sent_to_stripe_after_commit(
    client, stripe_api, django_capture_on_commit_callbacks
):
    """Recording a refund of a card payment queues its sending to Stripe after
    the commit; the task sends it once, however often it runs."""
    payment = _attempt()
    card_payment_start(payment=payment)
    stripe_api.intents["pi_1"]["status"] = "succeeded"
    _post(client, _event("evt_1", "payment_intent.succeeded", "pi_1"))
    payment.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        refund = refund_create(
            payment=payment,
            amount=1_000,
            reason="overpaid",
            idempotency_key="r1",
            actor=accounting_staff(),
        )
    queued = DBTaskResult.objects.get(task_path__endswith=".card_refund_send")
    assert queued.args_kwargs["args"] == [refund.pk]
    assert stripe_api.created("/v1/refunds") == 0  # nothing sent before the task
    assert tasks.card_refund_send.call(refund.pk) == "re_1"
    assert tasks.card_refund_send.call(refund.pk) == "re_1"
    assert stripe_api.created("/v1/refunds") == 1


def test_refund_goes_to_stripe_once_and_never_over(client, stripe_api):
    """A refund is sent with its own Idempotency-Key: sending it again creates
    no second refund; the ledger refuses more than was paid."""
    payment = _attempt(invoice_make(amount=5_000))
    card_payment_start(payment=payment)
    stripe_api.intents["pi_1"]["status"] = "succeeded"
    _post(client, _event("evt_1", "payment_intent.succeeded", "pi_1"))
    payment.refresh_from_db()
    staff = accounting_staff()
    refund = refund_create(
        payment=payment,
        amount=3_000,
        reason="double",
        idempotency_key="r1",
        actor=staff,
    )
    assert card_refund_submit(refund=refund) == "re_1"
    assert card_refund_submit(refund=refund) == "re_1"
    assert stripe_api.created("/v1/refunds") == 1
    refund_request = stripe_api.requests[-1]
    assert refund_request["form"]["amount"] == "3000"
    assert refund_request["idempotency_key"] == f"cityhall-refund-{refund.public_id}"
    with pytest.raises(PaymentError) as error:
        refund_create(
            payment=payment,
            amount=2_001,
            reason="more",
            idempotency_key="r2",
            actor=staff,
        )
    assert error.value.code == "refund_exceeds_refundable"
    body = _event(
        "evt_r", "charge.refunded", "ch_1", payment_intent="pi_1", amount_refunded=3000
    )
    assert _post(client, body).status_code == 200
    payment.refresh_from_db()
    assert payment.refunded_amount == 3_000


def test_webhook_url_is_outside_the_language_prefix():
    """Stripe is given one address, whatever the site's languages."""
    assert reverse("payments_webhooks:stripe") == URL


def test_late_success_for_a_replaced_attempt_is_kept_for_staff(client, stripe_api):
    """After the crash the resident tried again (the unrecorded attempt was
    cancelled and a new one started); a success for the first intent is kept
    as a conflict on the cancelled attempt, in view of staff, and the invoice
    is not paid twice."""
    invoice = invoice_make()
    first = _attempt(invoice, key="first")
    StripeProvider().start(first)  # pi_1, never recorded
    second = _attempt(invoice, key="second")
    card_payment_start(payment=second)  # pi_2
    first.refresh_from_db()
    assert first.state == "cancelled"
    body = _event("evt_1", "payment_intent.succeeded", "pi_1", payment=first)
    assert _post(client, body).status_code == 200
    event = ProviderEvent.objects.get(event_id="evt_1")
    assert event.outcome == "conflict"
    assert event.payment_id == first.pk
    first.refresh_from_db()
    assert (first.state, first.provider_reference) == ("cancelled", "pi_1")
    assert Payment.objects.filter(invoice=invoice, state="success").count() == 0
