"""The resident's card page with Stripe, against the local Stripe stand-in:
the page carries the intent's client secret and the publishable key, loads
Stripe.js under a policy opened for Stripe on that page only, and the return
to the result page records what Stripe says; without a publishable key card
payment is refused before anything is opened at Stripe."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from cityhall.core.tests.factories import UserFactory
from cityhall.payments.models import Invoice, Payment
from cityhall.payments.tests.factories import invoice_make
from cityhall.payments.tests.stripe_server import FakeStripe

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe_api(settings):
    with FakeStripe() as fake, translation.override("en"):
        settings.CITYHALL_PAYMENT_PROVIDER = "stripe"
        settings.CITYHALL_STRIPE_SECRET_KEY = "sk_test_cityhall"
        settings.CITYHALL_STRIPE_PUBLISHABLE_KEY = "pk_test_cityhall"
        settings.CITYHALL_STRIPE_API_BASE = fake.url
        yield fake
    assert fake.problems == []


def _checkout(client, invoice):
    return client.post(
        reverse("payments:card_checkout", args=[invoice.public_id]),
        {"idempotency_key": str(uuid.uuid4())},
    )


def test_card_page_hosts_stripes_fields(client, stripe_api):
    """Pay by card → our card page with the intent's client secret, the
    publishable key, the return address, and Stripe.js allowed by the page's
    policy (other pages keep the strict one)."""
    resident = UserFactory()
    invoice = invoice_make(resident=resident, amount=8_800)
    client.force_login(resident)
    response = _checkout(client, invoice)
    payment = Payment.objects.get(invoice=invoice)
    assert response["Location"] == reverse(
        "payments:card_page", args=[payment.public_id]
    )
    page = client.get(response["Location"])
    html = page.content.decode()
    assert 'data-client-secret="pi_1_secret_test"' in html
    assert 'data-publishable-key="pk_test_cityhall"' in html
    result_url = reverse("payments:payment_result", args=[payment.public_id])
    assert f'data-return-url="http://testserver{result_url}"' in html
    assert "https://js.stripe.com/v3/" in html
    policy = page["Content-Security-Policy"]
    assert "script-src 'self' https://js.stripe.com" in policy
    assert "frame-src https://js.stripe.com" in policy
    other = client.get(reverse("payments:invoice_detail", args=[invoice.public_id]))
    assert "js.stripe.com" not in other["Content-Security-Policy"]
    # Reloading the page reaches the same intent, never a second one.
    client.get(response["Location"])
    assert list(stripe_api.intents) == ["pi_1"]


def test_return_from_stripe_records_the_success(client, stripe_api):
    """Stripe sends the resident back before its webhook: the result page asks
    Stripe, records the success and shows the receipt link."""
    resident = UserFactory()
    invoice = invoice_make(resident=resident, amount=8_800)
    client.force_login(resident)
    _checkout(client, invoice)
    payment = Payment.objects.get(invoice=invoice)
    stripe_api.intents[payment.provider_reference]["status"] = "succeeded"
    page = client.get(reverse("payments:payment_result", args=[payment.public_id]))
    assert page.context["payment"].state == "success"
    assert reverse("payments:receipt", args=[payment.public_id]) in (
        page.content.decode()
    )
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_without_publishable_key_nothing_is_opened(client, stripe_api, settings):
    """No publishable key: a clear message, no attempt, nothing at Stripe."""
    settings.CITYHALL_STRIPE_PUBLISHABLE_KEY = ""
    resident = UserFactory()
    invoice = invoice_make(resident=resident)
    client.force_login(resident)
    response = _checkout(client, invoice)
    assert response["Location"] == reverse(
        "payments:invoice_detail", args=[invoice.public_id]
    )
    page = client.get(response["Location"])
    assert any("cannot be reached" in str(m) for m in page.context["messages"])
    assert not Payment.objects.filter(invoice=invoice).exists()
    assert stripe_api.intents == {}


def test_card_page_of_another_resident_is_not_found(client, stripe_api):
    """Bob's card page answers 404 to Alice and opens nothing at Stripe."""
    bob, alice = UserFactory(), UserFactory()
    invoice = invoice_make(resident=bob)
    client.force_login(bob)
    _checkout(client, invoice)
    payment = Payment.objects.get(invoice=invoice)
    client.force_login(alice)
    url = reverse("payments:card_page", args=[payment.public_id])
    assert client.get(url).status_code == 404
    assert list(stripe_api.intents) == ["pi_1"]
    client.logout()
    assert reverse("accounts:login") in client.get(url)["Location"]
