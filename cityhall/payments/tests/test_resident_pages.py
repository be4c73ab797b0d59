"""The resident's payment pages: their invoices, an invoice and how to pay it,
card checkout through the sandbox with every outcome and error state, the
receipt; and that every address taking an id answers 404 to another resident
and sends an anonymous visitor to sign in."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from cityhall.core.tests.factories import UserFactory
from cityhall.payments.models import Invoice, Payment
from cityhall.payments.services.card import card_payment_start
from cityhall.payments.services.checkout import resident_idempotency_scope
from cityhall.payments.services.invoices import (
    invoice_cancel,
    invoice_correct,
    payment_settings_for,
)
from cityhall.payments.services.payments import (
    payment_attempts_expire,
    payment_create,
    payment_record_received,
)
from cityhall.payments.tests.factories import accounting_staff, invoice_make

pytestmark = pytest.mark.django_db

SUCCESS = "4242 4242 4242 4242"
DECLINE = "4000 0000 0000 0002"
AUTHENTICATE = "4000 0027 6000 3184"


@pytest.fixture(autouse=True)
def _english_sandbox(settings):
    settings.CITYHALL_PAYMENT_PROVIDER = "sandbox"
    settings.CITYHALL_PAYMENT_SANDBOX_ENABLED = True
    with translation.override("en"):
        yield


@pytest.fixture
def alice():
    return UserFactory()


@pytest.fixture
def bob():
    return UserFactory()


def _invoice(resident, **extra):
    invoice = invoice_make(resident=resident, **extra)
    settings = payment_settings_for(invoice.municipality)
    settings.payeasy_biller_number = "58021"
    settings.cvs_company_code = "912345"
    settings.save()
    return invoice


def _url(name, obj):
    return reverse(f"payments:{name}", args=[obj.public_id])


def _checkout(client, invoice, key=None):
    """Press "pay by card" (a form with its own key); the response."""
    return client.post(
        _url("card_checkout", invoice), {"idempotency_key": str(key or uuid.uuid4())}
    )


def _sandbox_pay(client, checkout_response, number):
    return client.post(checkout_response["Location"], {"card_number": number})


def _messages(response):
    return [str(message) for message in response.context["messages"]]


# --- lists and the invoice page -------------------------------------------------


def test_invoice_list_groups_open_overdue_and_paid(client, alice):
    """The list shows each invoice's subject, 期別, amount in yen with a thousands
    separator and due date, marks the overdue one, and links a paid one to its
    receipt."""
    open_invoice = _invoice(
        alice, amount=10_800, due_date=dt.date(2099, 5, 31), installment=1
    )
    overdue = _invoice(
        alice,
        amount=23_400,
        due_date=dt.date(2020, 8, 31),
        installment=2,
        subject="resident_tax",
    )
    paid = _invoice(alice, amount=3_000, subject="fixed_asset_tax")
    payment = payment_record_received(
        invoice=paid, channel="counter", amount=3_000, provider_reference="r-1"
    )
    client.force_login(alice)
    response = client.get(reverse("payments:invoice_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert [i.pk for i in response.context["to_pay"]] == [overdue.pk, open_invoice.pk]
    assert "10,800 yen" in html and "23,400 yen" in html
    assert "Instalment 2" in html
    assert "Overdue" in html
    assert _url("receipt", payment) in html


def test_invoice_dates_are_in_the_japanese_era_in_japanese(client, alice):
    """In Japanese the due date reads 令和 and the amount 円."""
    invoice = _invoice(alice, amount=10_800, due_date=dt.date(2026, 5, 31))
    client.force_login(alice)
    with translation.override("ja"):
        html = client.get(_url("invoice_detail", invoice)).content.decode()
    assert "令和8年5月31日" in html
    assert 'datetime="2026-05-31"' in html


def test_invoice_page_shows_every_way_to_pay(client, alice):
    """An open invoice offers card, the three Pay-easy numbers, the payment
    slip PDF for convenience stores, and the counter."""
    invoice = _invoice(alice, amount=10_800)
    client.force_login(alice)
    response = client.get(_url("invoice_detail", invoice))
    html = response.content.decode()
    assert "Pay 10,800 yen by card" in html
    assert "58021" in html
    assert invoice.reference_number in html
    assert invoice.confirmation_number in html
    assert _url("payment_slip_pdf", invoice) in html
    assert response.context["cvs_available"] is True


def test_invoice_over_the_convenience_store_limit_says_so(client, alice):
    """Over 999,999 yen convenience stores cannot take it, and the page says so."""
    invoice = _invoice(alice, amount=1_200_000)
    client.force_login(alice)
    html = client.get(_url("invoice_detail", invoice)).content.decode()
    assert "cannot be paid at convenience stores" in html


def test_superseded_invoice_points_to_its_correction(client, alice):
    """A corrected invoice's page says not to pay it and links the new one."""
    invoice = _invoice(alice, amount=5_000)
    corrected = invoice_correct(
        invoice=invoice, amount=4_000, actor=accounting_staff(), reason="recount"
    )
    client.force_login(alice)
    html = client.get(_url("invoice_detail", invoice)).content.decode()
    assert "corrected and replaced" in html
    assert _url("invoice_detail", corrected) in html
    assert "by card" not in html


# --- card checkout with the sandbox -----------------------------------------------


def test_card_success_leads_to_the_result_and_receipt(client, alice):
    """Pay by card → sandbox page → success → the result page → the receipt."""
    invoice = _invoice(alice, amount=10_800)
    client.force_login(alice)
    to_provider = _checkout(client, invoice)
    assert to_provider.status_code == 302
    assert "/payments/sandbox/" in to_provider["Location"]
    back = _sandbox_pay(client, to_provider, SUCCESS)
    payment = Payment.objects.get(invoice=invoice)
    assert back["Location"] == _url("payment_result", payment)
    result = client.get(back["Location"])
    assert "Payment complete" in result.content.decode()
    receipt = client.get(_url("receipt", payment))
    html = receipt.content.decode()
    assert "10,800 yen" in html and invoice.reference_number in html
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_declined_card_explains_and_offers_another_try(client, alice):
    """A declined card: the result page says no money was taken and offers a
    new try, which succeeds with another card."""
    invoice = _invoice(alice)
    client.force_login(alice)
    back = _sandbox_pay(client, _checkout(client, invoice), DECLINE)
    result = client.get(back["Location"])
    html = result.content.decode()
    assert "No money was taken" in html
    assert _url("card_checkout", invoice) in html
    again = _checkout(client, invoice)
    _sandbox_pay(client, again, SUCCESS)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    states = sorted(Payment.objects.filter(invoice=invoice).values_list("state"))
    assert states == [("failed",), ("success",)]


def test_failed_authentication_is_reported_as_not_completed(client, alice):
    """The extra authentication step failed: the attempt fails, no money."""
    invoice = _invoice(alice)
    client.force_login(alice)
    to_auth = _sandbox_pay(client, _checkout(client, invoice), AUTHENTICATE)
    assert "/authenticate/" in to_auth["Location"]
    challenge = to_auth["Location"].split("challenge=")[1]
    back = client.post(
        to_auth["Location"].split("?")[0], {"challenge": challenge, "outcome": "fail"}
    )
    result = client.get(back["Location"])
    assert result.context["payment"].state == "failed"
    assert "authentication was not completed" in result.content.decode()


def test_completed_authentication_pays(client, alice):
    """The extra authentication step completed: the invoice is paid."""
    invoice = _invoice(alice)
    client.force_login(alice)
    to_auth = _sandbox_pay(client, _checkout(client, invoice), AUTHENTICATE)
    challenge = to_auth["Location"].split("challenge=")[1]
    back = client.post(
        to_auth["Location"].split("?")[0],
        {"challenge": challenge, "outcome": "approve"},
    )
    assert client.get(back["Location"]).context["payment"].state == "success"


def test_abandoned_payment_can_be_continued_or_cancelled(client, alice):
    """The resident leaves the sandbox page: the invoice page offers to continue
    (same attempt, same provider page) or cancel; a cancelled attempt took no
    money and a new one can start."""
    invoice = _invoice(alice)
    client.force_login(alice)
    first = _checkout(client, invoice)
    payment = Payment.objects.get(invoice=invoice)
    page = client.get(_url("invoice_detail", invoice)).content.decode()
    assert _url("payment_resume", payment) in page
    resumed = client.post(_url("payment_resume", payment))
    assert resumed["Location"] == first["Location"]
    cancelled = client.post(_url("payment_abandon", payment))
    assert cancelled["Location"] == _url("payment_result", payment)
    payment.refresh_from_db()
    assert payment.state == "cancelled"
    result = client.get(_url("payment_result", payment)).content.decode()
    assert "was cancelled. No money was taken" in result
    assert _checkout(client, invoice).status_code == 302
    assert Payment.objects.filter(invoice=invoice, finished=False).count() == 1


def test_second_tab_is_refused_while_a_payment_is_in_progress(client, alice):
    """A second form (another key) while the first attempt is at the provider:
    refused with a message, one live attempt only."""
    invoice = _invoice(alice)
    client.force_login(alice)
    _checkout(client, invoice)
    second = _checkout(client, invoice)
    assert second["Location"] == _url("invoice_detail", invoice)
    page = client.get(second["Location"])
    assert any("already in progress" in m for m in _messages(page))
    assert Payment.objects.filter(invoice=invoice).count() == 1


def test_double_click_reaches_the_same_attempt(client, alice):
    """The same form sent twice reaches the same attempt and page; after it
    succeeded, sending it again leads to the result, not a new charge."""
    invoice = _invoice(alice)
    client.force_login(alice)
    key = uuid.uuid4()
    first = _checkout(client, invoice, key)
    second = _checkout(client, invoice, key)
    assert first["Location"] == second["Location"]
    _sandbox_pay(client, first, SUCCESS)
    payment = Payment.objects.get(invoice=invoice)
    third = _checkout(client, invoice, key)
    assert third["Location"] == _url("payment_result", payment)
    assert Payment.objects.filter(invoice=invoice).count() == 1


def test_paying_an_invoice_already_paid_takes_nothing(client, alice):
    """A page left open in a second tab after paying: pressing pay again says
    the invoice is paid and starts nothing."""
    invoice = _invoice(alice, amount=2_000)
    payment_record_received(
        invoice=invoice, channel="counter", amount=2_000, provider_reference="r-2"
    )
    client.force_login(alice)
    response = _checkout(client, invoice)
    page = client.get(response["Location"])
    assert any("already been paid" in m for m in _messages(page))
    assert Payment.objects.filter(invoice=invoice).count() == 1


def test_paying_a_cancelled_invoice_takes_nothing(client, alice):
    """A cancelled invoice: a clear message, no attempt."""
    invoice = _invoice(alice)
    invoice_cancel(invoice=invoice, actor=accounting_staff(), reason="duplicate")
    client.force_login(alice)
    page = client.get(_checkout(client, invoice)["Location"])
    assert any("was cancelled" in m for m in _messages(page))
    assert not Payment.objects.filter(invoice=invoice).exists()


def test_expired_attempt_says_so_and_offers_a_new_try(client, alice):
    """An attempt that expired: the result page says so and offers a new try."""
    invoice = _invoice(alice)
    payment = payment_create(
        invoice=invoice,
        channel="card",
        idempotency_key="k-expired",
        idempotency_scope=resident_idempotency_scope(alice),
        provider="sandbox",
    )
    payment_attempts_expire(older_than=dt.timedelta(seconds=-1))
    client.force_login(alice)
    html = client.get(_url("payment_result", payment)).content.decode()
    assert "expired before it was completed" in html
    assert _url("card_checkout", invoice) in html


def test_provider_unavailable_explains_and_changes_nothing(client, alice, settings):
    """The card service switched off: a message naming other ways, invoice open."""
    invoice = _invoice(alice)
    client.force_login(alice)
    settings.CITYHALL_PAYMENT_SANDBOX_ENABLED = False
    page = client.get(_checkout(client, invoice)["Location"])
    assert any("cannot be reached" in m for m in _messages(page))
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN
    assert not Payment.objects.filter(invoice=invoice, state="success").exists()


def test_bad_form_changes_nothing(client, alice):
    """A form without its key: a message, no attempt."""
    invoice = _invoice(alice)
    client.force_login(alice)
    response = client.post(_url("card_checkout", invoice), {"idempotency_key": "x"})
    assert response["Location"] == _url("invoice_detail", invoice)
    assert not Payment.objects.filter(invoice=invoice).exists()


def test_receipt_of_an_unsuccessful_attempt_is_not_found(client, alice):
    """Only a successful payment has a receipt."""
    invoice = _invoice(alice)
    client.force_login(alice)
    _sandbox_pay(client, _checkout(client, invoice), DECLINE)
    payment = Payment.objects.get(invoice=invoice)
    assert client.get(_url("receipt", payment)).status_code == 404
    assert client.get(_url("receipt_pdf", payment)).status_code == 404


# --- isolation ------------------------------------------------------------------


def _records_of(resident):
    """An open invoice, and a paid invoice with its payment, of ``resident``."""
    open_invoice = _invoice(resident)
    paid = _invoice(resident, amount=1_000)
    payment = payment_record_received(
        invoice=paid, channel="counter", amount=1_000, provider_reference=uuid.uuid4()
    )
    started = _invoice(resident, amount=1_500)
    attempt = payment_create(
        invoice=started,
        channel="card",
        idempotency_key="k",
        idempotency_scope=resident_idempotency_scope(resident),
        provider="sandbox",
    )
    card_payment_start(payment=attempt)
    return open_invoice, payment, attempt


GET_URLS = [
    ("invoice_detail", "invoice"),
    ("payment_slip_pdf", "invoice"),
    ("payment_result", "attempt"),
    ("card_page", "attempt"),
    ("receipt", "payment"),
    ("receipt_pdf", "payment"),
]
POST_URLS = [
    ("card_checkout", "invoice"),
    ("payment_resume", "attempt"),
    ("payment_abandon", "attempt"),
]


@pytest.mark.parametrize(("name", "kind"), GET_URLS + POST_URLS)
def test_another_residents_ids_answer_404(client, alice, bob, name, kind):
    """Every address taking an id: Bob's record answers 404 to Alice (as an
    unknown id does) and changes nothing, while Bob reaches it."""
    invoice, payment, attempt = _records_of(bob)
    target = {"invoice": invoice, "payment": payment, "attempt": attempt}[kind]
    method = "post" if (name, kind) in POST_URLS else "get"
    client.force_login(alice)
    data = {"idempotency_key": str(uuid.uuid4())} if method == "post" else {}
    before = list(Payment.objects.order_by("pk").values_list("pk", "state"))
    assert getattr(client, method)(_url(name, target), data).status_code == 404
    unknown = reverse(f"payments:{name}", args=[uuid.uuid4()])
    assert getattr(client, method)(unknown, data).status_code == 404
    assert list(Payment.objects.order_by("pk").values_list("pk", "state")) == before
    client.force_login(bob)
    assert getattr(client, method)(_url(name, target), data).status_code in (200, 302)


@pytest.mark.parametrize(("name", "kind"), GET_URLS + POST_URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, bob, name, kind):
    """Without a session every page sends the visitor to the sign-in page."""
    invoice, payment, attempt = _records_of(bob)
    target = {"invoice": invoice, "payment": payment, "attempt": attempt}[kind]
    method = "post" if (name, kind) in POST_URLS else "get"
    response = getattr(client, method)(_url(name, target))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_invoice_list_needs_sign_in_and_shows_only_ones_own(client, alice, bob):
    """The list: anonymous → sign-in; Alice never sees Bob's invoice."""
    response = client.get(reverse("payments:invoice_list"))
    assert reverse("accounts:login") in response["Location"]
    mine = _invoice(alice, amount=1_111)
    theirs = _invoice(bob, amount=2_222)
    client.force_login(alice)
    html = client.get(reverse("payments:invoice_list")).content.decode()
    assert _url("invoice_detail", mine) in html
    assert _url("invoice_detail", theirs) not in html
