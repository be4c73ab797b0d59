"""The built-in sandbox provider: each test card's outcome, its pages'
accessibility hooks, its events going through the real signature check, and
the card number never kept in the database or the logs."""

from __future__ import annotations

import importlib
import io
import logging
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import translation

from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Invoice, ProviderEvent
from cityhall.payments.providers import provider_get
from cityhall.payments.providers.sandbox import (
    SIGNATURE_HEADER,
    SandboxProvider,
    sandbox_event,
    sandbox_sign,
)
from cityhall.payments.services.card import card_payment_start, card_webhook_receive
from cityhall.payments.services.payments import payment_create
from cityhall.payments.tests.factories import invoice_make
from config import env

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sandbox(settings):
    settings.CITYHALL_PAYMENT_PROVIDER = "sandbox"


def _started():
    payment = payment_create(
        invoice=invoice_make(amount=7_000),
        channel="card",
        idempotency_key="sandbox-1",
        idempotency_scope="user:test",
        provider="sandbox",
    )
    # English pages, so that the assertions on their text hold in every locale.
    with translation.override("en"):
        start = card_payment_start(payment=payment)
    payment.refresh_from_db()
    return payment, start.redirect_url


def _pay(client, url, number):
    return client.post(url, {"card_number": number})


def test_start_sends_the_resident_to_the_sandbox_page(client):
    """Starting gives a page address at the sandbox; the page asks for a card
    number with a label, lists the test cards and has the page language."""
    payment, url = _started()
    assert url == f"/en/payments/sandbox/{payment.provider_reference}/"
    assert payment.state == "started"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<html[^>]* lang=\"en\"", html)
    assert '<label for="id_card_number">' in html
    assert "4242 4242 4242 4242" in html and "4000 0027 6000 3184" in html


def test_success_card_pays_the_invoice(client):
    """4242 4242 4242 4242 (spaces allowed) succeeds, through a signed event."""
    payment, url = _started()
    response = _pay(client, url, "4242 4242 4242 4242")
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.state == "success"
    assert payment.invoice.status == Invoice.Status.PAID
    event = ProviderEvent.objects.get(provider="sandbox")
    assert event.outcome == "applied"
    page = client.get(url).content.decode()
    assert "The payment succeeded." in page


def test_decline_card_fails_and_leaves_invoice_open(client):
    """4000 0000 0000 0002 is declined: the attempt fails, the invoice stays open."""
    payment, url = _started()
    _pay(client, url, "4000000000000002")
    payment.refresh_from_db()
    assert payment.state == "failed"
    assert payment.invoice.status == Invoice.Status.OPEN
    assert "The card was declined." in client.get(url).content.decode()


def test_authentication_card_asks_for_a_second_step_then_succeeds(client):
    """4000 0027 6000 3184 leads to an authentication page; completing it pays."""
    payment, url = _started()
    response = _pay(client, url, "4000-0027-6000-3184")
    assert response.status_code == 302
    assert "/authenticate/?challenge=" in response["Location"]
    payment.refresh_from_db()
    assert payment.state == "started"
    page = client.get(response["Location"])
    assert page.status_code == 200
    challenge = response["Location"].split("challenge=", 1)[1]
    client.post(f"{url}authenticate/", {"challenge": challenge, "outcome": "approve"})
    payment.refresh_from_db()
    assert payment.state == "success"


def test_failed_authentication_declines(client):
    """Failing the authentication step ends the attempt as failed."""
    payment, url = _started()
    location = _pay(client, url, "4000002760003184")["Location"]
    challenge = location.split("challenge=", 1)[1]
    client.post(f"{url}authenticate/", {"challenge": challenge, "outcome": "fail"})
    payment.refresh_from_db()
    assert payment.state == "failed"


def test_authentication_page_needs_the_challenge(client):
    """The authentication step cannot be reached without passing the card page."""
    payment, url = _started()
    assert client.get(f"{url}authenticate/").status_code == 404
    response = client.post(
        f"{url}authenticate/", {"challenge": "forged", "outcome": "approve"}
    )
    assert response.status_code == 404
    payment.refresh_from_db()
    assert payment.state == "started"


def test_unknown_number_shows_error_summary(client):
    """A number that is no test card is refused with an error summary linked
    to the field; nothing changes."""
    payment, url = _started()
    response = _pay(client, url, "5555555555554444")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert 'href="#id_card_number"' in html
    assert 'aria-invalid="true"' in html
    assert "5555555555554444" not in html  # not echoed back
    payment.refresh_from_db()
    assert payment.state == "started"


def test_unknown_reference_is_not_found(client):
    """The sandbox page of an attempt that does not exist is a 404."""
    assert client.get("/payments/sandbox/sbx_pi_nothing/").status_code == 404


def test_card_number_is_never_stored_or_logged(client, caplog):
    """After paying with each test card, no model row and no log record
    contains a card number."""
    caplog.set_level(logging.DEBUG)
    payment, url = _started()
    location = _pay(client, url, "4000 0027 6000 3184")["Location"]
    challenge = location.split("challenge=", 1)[1]
    client.post(f"{url}authenticate/", {"challenge": challenge, "outcome": "fail"})
    other = payment_create(
        invoice=invoice_make(),
        channel="card",
        idempotency_key="sandbox-2",
        idempotency_scope="user:test",
        provider="sandbox",
    )
    with translation.override("en"):
        other_url = card_payment_start(payment=other).redirect_url
    _pay(client, other_url, "4242424242424242")
    payment.refresh_from_db()
    other.refresh_from_db()
    # The numbers did reach the sandbox and decided the outcomes.
    assert (payment.state, other.state) == ("failed", "success")
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    everything = dump.getvalue() + "\n".join(r.getMessage() for r in caplog.records)
    for number in ("4242424242424242", "4000002760003184", "3184", "4242 4242"):
        assert number not in everything


def test_sandbox_events_are_checked_like_stripes(settings):
    """A sandbox event signed with another secret is refused by the same check."""
    payment, _url = _started()
    body = sandbox_event(
        payment=payment, event_type="payment_intent.succeeded", sequence="x"
    )
    settings.CITYHALL_SANDBOX_WEBHOOK_SECRET = "one"
    header = sandbox_sign(body)
    settings.CITYHALL_SANDBOX_WEBHOOK_SECRET = "another"
    with pytest.raises(PaymentError) as error:
        card_webhook_receive(
            provider_name=SandboxProvider.name,
            body=body,
            headers={SIGNATURE_HEADER: header},
        )
    assert error.value.code == "webhook_signature_invalid"
    payment.refresh_from_db()
    assert payment.state == "started"


def test_sandbox_is_the_default_provider(monkeypatch):
    """Unset, CITYHALL_PAYMENT_PROVIDER chooses the sandbox, so the embedded
    default needs no provider account; an unknown name is a configuration error."""
    monkeypatch.delenv("CITYHALL_PAYMENT_PROVIDER", raising=False)
    assert importlib.reload(env).PAYMENT_PROVIDER == "sandbox"
    assert isinstance(provider_get("sandbox"), SandboxProvider)
    with pytest.raises(ImproperlyConfigured):
        provider_get("paypal")


def test_sandbox_is_switched_off_in_production(client, settings):
    """In production the sandbox, which pays without money, starts nothing and
    its pages answer 404."""
    payment, url = _started()
    settings.CITYHALL_PAYMENT_SANDBOX_ENABLED = False
    assert client.get(url).status_code == 404
    assert _pay(client, url, "4242424242424242").status_code == 404
    other = payment_create(
        invoice=invoice_make(),
        channel="card",
        idempotency_key="sandbox-3",
        idempotency_scope="user:test",
        provider="sandbox",
    )
    with pytest.raises(PaymentError) as error:
        card_payment_start(payment=other)
    assert error.value.code == "card_payments_unavailable"
    payment.refresh_from_db()
    assert payment.state == "started"
