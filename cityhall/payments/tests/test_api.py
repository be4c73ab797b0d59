"""``/api/v1/payments/``: a resident sees their own invoices and payments only."""

from __future__ import annotations

import pytest

from cityhall.core.tests.factories import UserFactory
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
    import datetime as dt

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
