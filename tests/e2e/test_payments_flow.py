"""The resident's payment flow by keyboard alone (Tab, Enter, typing; no clicks)
with the sandbox card: a declined card, a second try with the extra
authentication step, success and the receipt; then the error states (a payment
left at the provider's page and cancelled, an invoice already paid in another
tab). axe-core runs on every page visited; the other languages get one
axe-only visit of each page, to keep the page loads few."""

from __future__ import annotations

import json
import uuid

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PASSWORD = "Lantern-harbor-7391"
OTHER_LANGUAGES = {
    code: f"/{code}/" for code in ("en", "zh-hans", "ko", "vi", "tl", "pt-br")
}


def _resident_with_invoices(e2e_server, *, paid: bool = False) -> dict:
    """A verified resident with an open invoice (and, with ``paid``, a paid
    invoice and a declined card attempt of another), made directly in the e2e
    database; their email and the public ids."""
    email = f"e2e-pay-{uuid.uuid4().hex[:12]}@example.com"
    output = e2e_server.manage(
        "shell",
        "-c",
        "import datetime as dt, json\n"
        "from django.utils import timezone\n"
        "from cityhall.core.models import Municipality, ResidentProfile, User\n"
        "from cityhall.payments.services.invoices import invoice_create\n"
        "from cityhall.payments.services.payments import (\n"
        "    payment_create, payment_record_received, payment_transition)\n"
        f"user = User.objects.create_user({email!r}, {PASSWORD!r}, "
        "email_verified_at=timezone.now())\n"
        "ResidentProfile.objects.create(user=user, family_name='那須', "
        "given_name='一葉', family_name_kana='なす', given_name_kana='かずは', "
        "postal_code='324-8641', address='栃木県テスト市本町1-1', "
        "phone='', preferred_language='ja')\n"
        "m = Municipality.objects.order_by('pk').first()\n"
        "def make(amount, subject, installment=0):\n"
        "    return invoice_create(municipality=m, subject=subject, "
        "fiscal_year=2026, installment=installment, amount=amount, "
        "due_date=dt.date(2099, 5, 31), payer_name='那須 一葉', "
        "payer_name_kana='ナス カズハ', resident=user)\n"
        "ids = {'invoice': str(make(10800, 'light_vehicle_tax').public_id)}\n"
        f"if {paid!r}:\n"
        "    paid = make(23400, 'resident_tax', 2)\n"
        "    receipt = payment_record_received(invoice=paid, channel='counter', "
        "amount=23400, provider_reference='e2e:' + user.email, "
        "receipt_number='E2E-' + str(user.public_id)[:8])\n"
        "    ids['receipt'] = str(receipt.public_id)\n"
        "    failing = make(5000, 'facility_fee')\n"
        "    attempt = payment_create(invoice=failing, channel='card', "
        "idempotency_key='e2e-' + user.email, idempotency_scope='e2e', "
        "provider='sandbox')\n"
        "    payment_transition(payment=attempt, to_state='failed')\n"
        "    ids['failed'] = str(attempt.public_id)\n"
        "print(json.dumps(ids))\n",
    )
    ids = json.loads(output.strip().splitlines()[-1])
    ids["email"] = email
    return ids


def _press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _sign_in(page, visit, tab_to, email: str, prefix: str = "/") -> None:
    visit(page, prefix + "accounts/login/")
    tab_to(page, "main input[name='email']")
    page.keyboard.type(email)
    tab_to(page, "main input[name='password']")
    page.keyboard.type(PASSWORD)
    _press_enter_and_wait(page)


def _enter_card(page, tab_to, number: str) -> None:
    """On the sandbox's page: Tab to the card field, type, press Enter."""
    tab_to(page, "#id_card_number")
    page.keyboard.type(number)
    _press_enter_and_wait(page)


def test_card_payment_by_keyboard_decline_authentication_receipt(
    page, visit, assert_accessible, tab_to, e2e_server
):
    """Japanese, keyboard only: invoice list → invoice (Pay-easy numbers shown)
    → pay by card → an unknown number (error summary) → a declined card (no
    money taken) → try again → the authentication card → complete the step →
    payment complete → receipt. The invoice then shows as paid."""
    ids = _resident_with_invoices(e2e_server)
    _sign_in(page, visit, tab_to, ids["email"])
    visit(page, "/payments/invoices/")
    tab_to(page, f"main a[href='/payments/invoices/{ids['invoice']}/']")
    _press_enter_and_wait(page)
    assert_accessible(page)
    assert page.locator("#payeasy-numbers").count() == 1
    assert "10,800" in page.inner_text("main")

    tab_to(page, "#pay-by-card")
    _press_enter_and_wait(page)
    assert "/payments/sandbox/" in page.url
    assert_accessible(page)

    _enter_card(page, tab_to, "1234 5678 9012 3456")
    page.wait_for_selector("#error-summary")
    assert_accessible(page)

    _enter_card(page, tab_to, "4000 0000 0000 0002")
    assert page.get_attribute("#payment-outcome", "data-state") == "failed"
    assert_accessible(page)

    tab_to(page, "#pay-by-card")
    _press_enter_and_wait(page)
    _enter_card(page, tab_to, "4000 0027 6000 3184")
    assert "/authenticate/" in page.url
    assert_accessible(page)
    tab_to(page, "button[value='approve']")
    _press_enter_and_wait(page)
    assert page.get_attribute("#payment-outcome", "data-state") == "success"
    assert_accessible(page)

    tab_to(page, "#receipt-link")
    _press_enter_and_wait(page)
    assert_accessible(page)
    receipt = page.inner_text("#receipt")
    assert "10,800" in receipt

    visit(page, f"/payments/invoices/{ids['invoice']}/")
    assert page.locator("#invoice-paid").count() == 1
    assert page.locator("#pay-by-card").count() == 0


def test_error_states_by_keyboard(
    browser, page, visit, assert_accessible, tab_to, e2e_server
):
    """A card payment left at the provider's page: the invoice page offers to
    continue or cancel; cancelling says no money was taken. Then the invoice
    paid in one tab: the pay button of a second tab says it is already paid
    and charges nothing."""
    ids = _resident_with_invoices(e2e_server)
    invoice_path = f"/payments/invoices/{ids['invoice']}/"
    _sign_in(page, visit, tab_to, ids["email"])

    visit(page, invoice_path)
    tab_to(page, "#pay-by-card")
    _press_enter_and_wait(page)
    assert "/payments/sandbox/" in page.url
    # The resident leaves the provider's page by its link back to the city.
    tab_to(page, "main a[href*='/payments/attempts/']")
    _press_enter_and_wait(page)
    assert page.get_attribute("#payment-outcome", "data-state") == "started"
    assert_accessible(page)
    tab_to(page, "#cancel-card-payment")
    _press_enter_and_wait(page)
    assert page.get_attribute("#payment-outcome", "data-state") == "cancelled"
    assert_accessible(page)

    # Second tab: the same invoice page, opened before the first tab pays.
    second = page.context.new_page()
    second.goto(invoice_path)
    visit(page, invoice_path)
    tab_to(page, "#pay-by-card")
    _press_enter_and_wait(page)
    _enter_card(page, tab_to, "4242 4242 4242 4242")
    assert page.get_attribute("#payment-outcome", "data-state") == "success"

    tab_to(second, "#pay-by-card")
    _press_enter_and_wait(second)
    assert second.url.endswith(invoice_path)
    assert second.locator("main [role='alert']").count() == 1
    assert second.locator("#invoice-paid").count() == 1
    assert_accessible(second)
    second.close()


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_payment_pages_are_accessible_in_other_languages(
    page, visit, assert_accessible, tab_to, e2e_server, language
):
    """Each resident payment page passes axe in English, Chinese and Korean:
    the list, an invoice, the sandbox's card page, a declined payment's result,
    the receipt and the account page with its payments section."""
    prefix = OTHER_LANGUAGES[language]
    ids = _resident_with_invoices(e2e_server, paid=True)
    _sign_in(page, visit, tab_to, ids["email"], prefix)
    visit(page, prefix + "payments/invoices/")
    assert page.get_attribute("html", "lang") == language
    visit(page, f"{prefix}payments/invoices/{ids['invoice']}/")
    tab_to(page, "#pay-by-card")
    _press_enter_and_wait(page)
    assert f"{prefix}payments/sandbox/" in page.url
    assert_accessible(page)
    visit(page, f"{prefix}payments/attempts/{ids['failed']}/")
    assert page.get_attribute("#payment-outcome", "data-state") == "failed"
    visit(page, f"{prefix}payments/attempts/{ids['receipt']}/receipt/")
    assert "23,400" in page.inner_text("#receipt")
    visit(page, prefix + "accounts/profile/")
    assert page.locator(f"main a[href$='/attempts/{ids['receipt']}/receipt/']").count()
