"""``/api/v1/payments/``: a resident sees their own invoices and payments only."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cityhall.common.tests.api_assertions import assert_error_shape
from cityhall.core.api_auth import TOKEN_FAILURES_PER_WINDOW
from cityhall.core.models import ApiToken
from cityhall.core.services.api_tokens import api_token_create, api_token_revoke
from cityhall.core.tests.factories import UserFactory
from cityhall.payments.models import Payment
from cityhall.payments.services.payments import payment_record_received
from cityhall.payments.tests.factories import invoice_make

pytestmark = pytest.mark.django_db
BASE = "/api/v1/payments"


@pytest.fixture
def alice():
    return UserFactory()


@pytest.fixture
def bob():
    return UserFactory()


def _paid_invoice(resident, reference):
    invoice = invoice_make(resident=resident, amount=1_000)
    payment = payment_record_received(
        invoice=invoice, channel="counter", amount=1_000, provider_reference=reference
    )
    return invoice, payment


def test_anonymous_is_refused(client):
    """Without a session the endpoints answer 401."""
    assert client.get(f"{BASE}/invoices").status_code == 401


def test_resident_lists_own_invoices_only(client, alice, bob):
    """Alice's list holds her invoice and not Bob's."""
    mine = invoice_make(resident=alice, amount=10_800)
    invoice_make(resident=bob, amount=999)
    client.force_login(alice)
    body = client.get(f"{BASE}/invoices").json()
    assert [row["id"] for row in body] == [str(mine.public_id)]
    assert body[0]["amount"] == 10_800
    assert body[0]["payment_number"] == mine.reference_number


@pytest.mark.parametrize("kind", ["invoices", "payments"])
def test_other_residents_ids_answer_404(client, alice, bob, kind):
    """Every endpoint that takes an id: Bob's id answers 404 to Alice, the same
    as an unknown id, while Bob himself gets 200."""
    invoice, payment = _paid_invoice(bob, "r-bob")
    target = invoice if kind == "invoices" else payment
    client.force_login(alice)
    response = client.get(f"{BASE}/{kind}/{target.public_id}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    client.force_login(bob)
    assert client.get(f"{BASE}/{kind}/{target.public_id}").status_code == 200


def test_payment_detail_shows_receipt_and_invoice(client, alice):
    """A resident's payment shows its invoice id, state and amounts."""
    invoice, payment = _paid_invoice(alice, "r-alice")
    client.force_login(alice)
    body = client.get(f"{BASE}/payments/{payment.public_id}").json()
    assert body["invoice_id"] == str(invoice.public_id)
    assert (body["state"], body["finished"], body["amount"]) == ("success", True, 1_000)


def test_overdue_flag(client, alice):
    """An open invoice past its due date is flagged overdue."""
    invoice_make(resident=alice, due_date=dt.date(2000, 1, 1), fiscal_year=2000)
    client.force_login(alice)
    assert client.get(f"{BASE}/invoices").json()[0]["overdue"] is True


@pytest.mark.parametrize("rows", [1, 20])
def test_invoice_list_query_count(client, alice, django_assert_num_queries, rows):
    """The invoice list costs the same queries for 1 and 20 rows."""
    for _ in range(rows):
        invoice_make(resident=alice)
    client.force_login(alice)
    with django_assert_num_queries(3):
        assert len(client.get(f"{BASE}/invoices").json()) == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_payment_list_query_count(client, alice, django_assert_num_queries, rows):
    """The payment list joins its invoice: same query count at 1 and 20 rows."""
    for n in range(rows):
        _paid_invoice(alice, f"r{n}")
    client.force_login(alice)
    with django_assert_num_queries(3):
        assert len(client.get(f"{BASE}/payments").json()) == rows


# --- Authentication: personal API tokens and the session with CSRF -------------


def _bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def alice_token(alice):
    return api_token_create(user=alice, name="alice's app")[1]


@pytest.fixture
def csrf_client():
    """A client that, like a browser, must send the CSRF header."""
    return Client(enforce_csrf_checks=True)


def test_token_authenticates_as_its_resident(client, alice, bob, alice_token):
    """A bearer token reads its resident's invoices without any session."""
    mine = invoice_make(resident=alice)
    invoice_make(resident=bob)
    response = client.get(f"{BASE}/invoices", **_bearer(alice_token))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [str(mine.public_id)]


def test_token_wins_over_the_session(client, alice, bob, alice_token):
    """With Bob's session and Alice's token the request is Alice's."""
    mine = invoice_make(resident=alice)
    invoice_make(resident=bob)
    client.force_login(bob)
    body = client.get(f"{BASE}/invoices", **_bearer(alice_token)).json()
    assert [row["id"] for row in body] == [str(mine.public_id)]


@pytest.mark.parametrize("state", ["unknown", "revoked", "expired", "empty"])
def test_bad_tokens_answer_401_without_falling_back(client, alice, state):
    """Unknown, revoked, expired or empty tokens answer 401 token_invalid in the
    error shape, even with a valid session alongside."""
    api_token, token = api_token_create(user=alice, name="x")
    if state == "unknown":
        token = token[:-4] + "abcd"
    elif state == "revoked":
        api_token_revoke(user=alice, public_id=str(api_token.public_id))
    elif state == "expired":
        ApiToken.objects.filter(pk=api_token.pk).update(
            expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
    else:
        token = ""
    client.force_login(alice)
    response = client.get(f"{BASE}/invoices", **_bearer(token))
    assert_error_shape(response, 401, "token_invalid")


def test_anonymous_gets_401_shape(client):
    """No token, no session: 401 not_authenticated, for reads and writes."""
    assert_error_shape(client.get(f"{BASE}/payments"), 401, "not_authenticated")
    response = client.post(
        f"{BASE}/payments",
        {"invoice": str(uuid.uuid4()), "method": "card"},
        content_type="application/json",
    )
    assert_error_shape(response, 401, "not_authenticated")


def test_failed_token_attempts_are_throttled_per_source(client, alice, alice_token):
    """After 20 failed tokens from one address, even a valid token waits (429
    with Retry-After); another address is unaffected."""
    cache.clear()
    for _ in range(TOKEN_FAILURES_PER_WINDOW):
        bad = client.get(f"{BASE}/invoices", **_bearer("chpat_guess"))
        assert bad.status_code == 401
    response = client.get(f"{BASE}/invoices", **_bearer(alice_token))
    assert_error_shape(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    other = client.get(
        f"{BASE}/invoices", REMOTE_ADDR="192.0.2.7", **_bearer(alice_token)
    )
    assert other.status_code == 200
    cache.clear()


def test_session_write_needs_the_csrf_header(csrf_client, alice):
    """A signed-in session cannot POST without the CSRF header (403
    csrf_failed, nothing created); with the header it can."""
    invoice = invoice_make(resident=alice)
    csrf_client.force_login(alice)
    body = {"invoice": str(invoice.public_id), "method": "card"}
    refused = csrf_client.post(
        f"{BASE}/payments", body, content_type="application/json"
    )
    assert_error_shape(refused, 403, "csrf_failed")
    assert not Payment.objects.exists()
    # The account page (a form) sets the csrftoken cookie, as in a browser.
    csrf_client.get(reverse("accounts:profile"))
    token = csrf_client.cookies["csrftoken"].value
    accepted = csrf_client.post(
        f"{BASE}/payments",
        body,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert accepted.status_code == 201
    assert Payment.objects.get().invoice == invoice


def test_token_write_needs_no_csrf(csrf_client, alice, alice_token):
    """A token POST needs no CSRF header."""
    invoice = invoice_make(resident=alice)
    response = csrf_client.post(
        f"{BASE}/payments",
        {"invoice": str(invoice.public_id), "method": "card"},
        content_type="application/json",
        **_bearer(alice_token),
    )
    assert response.status_code == 201


def test_openapi_declares_both_security_schemes(client):
    """The OpenAPI document names the bearer token and the session cookie, and
    resident operations require one of them."""
    schema = client.get("/api/v1/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["PersonalApiToken"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "chpat_…",
        "description": schemes["PersonalApiToken"]["description"],
    }
    assert schemes["SessionWithCsrf"]["in"] == "cookie"
    operation = schema["paths"]["/api/v1/payments/payments"]["post"]
    assert operation["security"] == [{"PersonalApiToken": []}, {"SessionWithCsrf": []}]
    headers = [p for p in operation["parameters"] if p["in"] == "header"]
    assert [h["name"] for h in headers] == ["Idempotency-Key"]


# --- POST /payments: starting a card payment -----------------------------------


def _start(client, token, invoice_id, key=None, method="card"):
    headers = _bearer(token)
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(
        f"{BASE}/payments",
        {"invoice": str(invoice_id), "method": method},
        content_type="application/json",
        **headers,
    )


def test_start_card_payment(client, alice, alice_token):
    """The resident's open invoice gets a started card attempt and the URL of
    the sandbox page where it is paid."""
    invoice = invoice_make(resident=alice, amount=3_300)
    response = _start(client, alice_token, invoice.public_id)
    assert response.status_code == 201
    body = response.json()
    payment = Payment.objects.get()
    assert body["id"] == str(payment.public_id)
    assert (body["state"], body["amount"], body["invoice_id"]) == (
        "started",
        3_300,
        str(invoice.public_id),
    )
    assert body["checkout_url"] == "http://testserver" + reverse(
        "payments:sandbox_checkout", args=[payment.provider_reference]
    )
    assert body["client_secret"] is None
    assert payment.channel == "card" and payment.provider == "sandbox"


def test_start_for_another_residents_invoice_is_404(client, bob, alice_token):
    """Bob's invoice id answers 404 to Alice, the same as an unknown id, and
    creates nothing."""
    invoice = invoice_make(resident=bob)
    assert_error_shape(_start(client, alice_token, invoice.public_id), 404, "not_found")
    assert_error_shape(_start(client, alice_token, uuid.uuid4()), 404, "not_found")
    assert not Payment.objects.exists()


def test_start_for_a_paid_invoice_is_409(client, alice, alice_token):
    """An invoice already paid answers 409 invoice_not_payable."""
    invoice, _payment = _paid_invoice(alice, "r-paid")
    response = _start(client, alice_token, invoice.public_id)
    assert_error_shape(response, 409, "invoice_not_payable")
    assert Payment.objects.count() == 1


def test_start_while_an_attempt_is_under_way_is_409(client, alice, alice_token):
    """Without an idempotency key a second start of the same invoice meets the
    first (started) attempt: 409 payment_in_progress, no second attempt."""
    invoice = invoice_make(resident=alice)
    assert _start(client, alice_token, invoice.public_id).status_code == 201
    second = _start(client, alice_token, invoice.public_id)
    assert_error_shape(second, 409, "payment_in_progress")
    assert Payment.objects.count() == 1


def test_unknown_method_is_422(client, alice, alice_token):
    """Only "card" can be started through the API."""
    invoice = invoice_make(resident=alice)
    response = _start(client, alice_token, invoice.public_id, method="cash")
    assert_error_shape(response, 422, "validation_error")
    assert not Payment.objects.exists()


# --- Idempotency-Key -------------------------------------------------------------


def test_same_key_same_body_replays_the_first_answer(client, alice, alice_token):
    """A retried POST with the same key gets the first answer, marked as a
    replay, and no second attempt is made."""
    invoice = invoice_make(resident=alice)
    first = _start(client, alice_token, invoice.public_id, key="k-1")
    again = _start(client, alice_token, invoice.public_id, key="k-1")
    assert (first.status_code, again.status_code) == (201, 201)
    # Byte for byte, key order included (PostgreSQL's jsonb would reorder keys).
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Payment.objects.count() == 1


def test_same_key_other_body_is_refused(client, alice, alice_token):
    """The same key with another invoice answers 422 idempotency_key_reused and
    starts nothing for the second invoice."""
    first_invoice = invoice_make(resident=alice)
    other_invoice = invoice_make(resident=alice)
    assert (
        _start(client, alice_token, first_invoice.public_id, key="k").status_code == 201
    )
    response = _start(client, alice_token, other_invoice.public_id, key="k")
    assert_error_shape(response, 422, "idempotency_key_reused")
    assert list(Payment.objects.values_list("invoice", flat=True)) == [first_invoice.pk]


def test_keys_are_per_resident(client, alice, bob, alice_token):
    """Bob using the key Alice used is his own request, not a replay of hers."""
    bob_token = api_token_create(user=bob, name="bob")[1]
    a = _start(client, alice_token, invoice_make(resident=alice).public_id, key="k")
    b = _start(client, bob_token, invoice_make(resident=bob).public_id, key="k")
    assert (a.status_code, b.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in b
    assert a.json()["id"] != b.json()["id"]


def test_an_error_is_not_replayed(client, alice, alice_token):
    """A request that failed is not stored under its key: once the cause is
    gone (the attempt in progress was cancelled), the same key runs."""
    invoice = invoice_make(resident=alice)
    assert _start(client, alice_token, invoice.public_id).status_code == 201
    refused = _start(client, alice_token, invoice.public_id, key="retry-me")
    assert_error_shape(refused, 409, "payment_in_progress")
    Payment.objects.update(state="cancelled", finished=True)
    retried = _start(client, alice_token, invoice.public_id, key="retry-me")
    assert retried.status_code == 201
    assert "Idempotent-Replayed" not in retried


@pytest.mark.parametrize("key", ["x" * 201, "with space", "日本語"])
def test_invalid_keys_are_422(client, alice, alice_token, key):
    """Keys must be 1-200 visible ASCII characters."""
    invoice = invoice_make(resident=alice)
    response = client.post(
        f"{BASE}/payments",
        {"invoice": str(invoice.public_id), "method": "card"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key.encode().decode("latin-1"),
        **_bearer(alice_token),
    )
    assert_error_shape(response, 422, "validation_error")
    assert not Payment.objects.exists()


@pytest.mark.parametrize("kind", ["invoices", "payments"])
def test_other_residents_ids_answer_404_with_tokens_too(client, alice, bob, kind):
    """The id isolation holds for token requests as well."""
    invoice, payment = _paid_invoice(bob, "r-bob-2")
    target = invoice if kind == "invoices" else payment
    token = api_token_create(user=alice, name="x")[1]
    response = client.get(f"{BASE}/{kind}/{target.public_id}", **_bearer(token))
    assert_error_shape(response, 404, "not_found")
