"""``POST /api/v1/payments/payments`` raced over HTTP on PostgreSQL: parallel
copies of one request with one Idempotency-Key start exactly one payment."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from cityhall.core.services.api_tokens import api_token_create
from cityhall.core.tests.factories import UserFactory
from cityhall.payments.models import Payment
from cityhall.payments.tests.factories import invoice_make

PARALLEL = 10


def _post_in_parallel(token, invoice, key):
    responses = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(PARALLEL)

    def call():
        try:
            client = Client()
            barrier.wait()
            responses.append(
                client.post(
                    "/api/v1/payments/payments",
                    {"invoice": str(invoice.public_id), "method": "card"},
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {token}",
                    HTTP_IDEMPOTENCY_KEY=key,
                )
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=call) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return responses


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_posts_with_one_key_start_one_payment():
    """Ten parallel POSTs with one key, for three invoices in turn: one attempt
    per invoice; one fresh 201, the others the same body replayed or 409
    idempotency_key_in_progress."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real parallel transactions")
    resident = UserFactory()
    token = api_token_create(user=resident, name="race")[1]
    for round_number in range(3):
        invoice = invoice_make(resident=resident, amount=1_000 + round_number)
        responses = _post_in_parallel(token, invoice, f"pay-{round_number}")
        assert Payment.objects.filter(invoice=invoice).count() == 1
        fresh = [
            r
            for r in responses
            if r.status_code == 201 and not r.has_header("Idempotent-Replayed")
        ]
        replayed = [r for r in responses if r.has_header("Idempotent-Replayed")]
        waiting = [r for r in responses if r.status_code == 409]
        assert len(fresh) == 1
        assert len(fresh) + len(replayed) + len(waiting) == PARALLEL
        assert {r.content for r in replayed} <= {fresh[0].content}
        assert {r.json()["error"]["code"] for r in waiting} <= {
            "idempotency_key_in_progress"
        }
        assert fresh[0].json()["amount"] == 1_000 + round_number
