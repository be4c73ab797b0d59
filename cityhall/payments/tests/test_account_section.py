"""The payments section of the resident's account page: what it shows, that it
shows only the resident's own payments, and its exact query count at 1 and 20
payments (the provider and its template together)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from cityhall.core.residents.extensions import account_sections_for_user
from cityhall.core.tests.factories import UserFactory
from cityhall.payments.account_section import payment_history_section
from cityhall.payments.services.payments import payment_record_received
from cityhall.payments.tests.factories import invoice_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _paid(resident, amount, reference):
    invoice = invoice_make(resident=resident, amount=amount)
    return payment_record_received(
        invoice=invoice, channel="counter", amount=amount, provider_reference=reference
    )


def _render(user):
    request = RequestFactory().get("/accounts/profile/")
    request.user = user
    section = payment_history_section(user, request)
    html = render_to_string(section.template_name, {"section": section})
    return section, html


@pytest.mark.parametrize("rows", [1, 20])
def test_section_costs_two_queries(django_assert_num_queries, rows):
    """Open-invoice count and the latest payments with their invoices: two
    queries whether the resident has 1 or 20 payments (template included)."""
    resident = UserFactory()
    for index in range(rows):
        _paid(resident, 1_000 + index, f"ref-{rows}-{index}")
    invoice_make(resident=resident, amount=500)
    with django_assert_num_queries(2):
        section, html = _render(resident)
    assert section.context["open_count"] == 1
    assert len(section.context["payments"]) == min(rows, 10)
    assert html.count("/receipt/") == min(rows, 10)


def test_section_lists_own_payments_with_receipts():
    """Alice's section has her payment in yen and a link to its receipt, and
    nothing of Bob's."""
    alice, bob = UserFactory(), UserFactory()
    mine = _paid(alice, 12_345, "a-1")
    theirs = _paid(bob, 54_321, "b-1")
    _section, html = _render(alice)
    assert "12,345 yen" in html
    assert reverse("payments:receipt", args=[mine.public_id]) in html
    assert "54,321" not in html
    assert str(theirs.public_id) not in html


def test_section_is_registered_on_the_account_page(client):
    """The account page shows the section with its title and link."""
    alice = UserFactory()
    _paid(alice, 7_700, "c-1")
    request = RequestFactory().get("/")
    request.user = alice
    titles = [s.title for s in account_sections_for_user(user=alice, request=request)]
    assert "Payments" in titles
    client.force_login(alice)
    html = client.get("/en/accounts/profile/").content.decode()
    assert "7,700 yen" in html
    assert reverse("payments:invoice_list") in html
