"""The payments console as the demo accounting clerk (会計課) uses it: sign in
with TOTP, import the sample transfer notification with the progress page
(updated by its script while the background task runs), resolve the record
left for staff by keyboard alone, and refund part of a payment. axe runs on
every payments screen visited (the tables and forms are ours, the frame is
Wagtail's)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from cityhall.core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ACCOUNTING_EMAIL = "accounting@demo.cityhall.jp"
SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "cityhall/payments/demo_files/furikomi_nyukin_tsuchi.txt"
)


def _current_totp(e2e_server, email: str) -> str:
    """A code of the demo user's authenticator that the server accepts, from
    the device key in the e2e database: the current step's, or the next one's
    when the current one was used already (a code is never accepted twice);
    after both were used, wait for the next step."""
    from django_otp.oath import totp

    output = e2e_server.manage(
        "shell",
        "-c",
        "from django_otp.plugins.otp_totp.models import TOTPDevice; "
        f"d = TOTPDevice.objects.get(user__email={email!r}, confirmed=True); "
        "print(d.key, d.step, d.t0, d.digits, d.last_t)",
    )
    key, step, t0, digits, last_t = output.split()[-5:]
    step_seconds, start = int(step), int(t0)
    now_step = int((time.time() - start) // step_seconds)
    if int(last_t) > now_step:
        time.sleep((now_step + 1) * step_seconds + start - time.time() + 0.5)
        now_step += 1
    use = max(now_step, int(last_t) + 1)
    code = totp(
        bytes.fromhex(key),
        step=step_seconds,
        t0=start,
        digits=int(digits),
        drift=use - now_step,
    )
    return str(code).zfill(int(digits))


def _sign_in(page, visit, e2e_server) -> None:
    visit(page, "/staff/login/")
    page.fill("main input[name='email']", ACCOUNTING_EMAIL)
    page.fill("main input[name='password']", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type='submit']")
    page.fill("main input[name='code']", _current_totp(e2e_server, ACCOUNTING_EMAIL))
    with page.expect_navigation():
        page.click("main button[type='submit']")
    page.wait_for_url(re.compile(r"/admin/$"))


def _run_import_task(e2e_server) -> None:
    """Do the worker's job for the queued import: call the task the upload
    queued with the upload's id (the e2e server runs no worker, and a batch
    worker would first work through every task the demo seeding queued)."""
    e2e_server.manage(
        "shell",
        "-c",
        "from cityhall.payments.models import BankFileUpload\n"
        "from cityhall.payments.tasks import bank_file_upload_import\n"
        "for upload in BankFileUpload.objects.filter(status='queued'):\n"
        "    print(bank_file_upload_import.call(upload.pk))\n",
    )


def test_accounting_clerk_imports_resolves_and_refunds(
    page, visit, assert_accessible, tab_to, e2e_server
):
    """Import → progress with counts → queue → dismiss by keyboard → refund."""
    _sign_in(page, visit, e2e_server)

    # Import the sample transfer notification.
    visit(page, "/admin/payments/imports/")
    page.set_input_files("main input[type='file']", str(SAMPLE))
    with page.expect_navigation():
        page.click("main form[enctype] button[type='submit']")
    assert re.search(r"/admin/payments/imports/[0-9a-f-]{36}/$", page.url)
    assert_accessible(page)
    assert page.locator("#import-status [data-finished='false']").count() == 1
    # The task imports it; the page's script swaps in the result by itself.
    _run_import_task(e2e_server)
    page.wait_for_selector("#import-status [data-finished='true']", timeout=30_000)
    assert page.locator("#count-applied").inner_text() == "2"
    assert page.locator("#count-queued").inner_text() == "1"
    assert_accessible(page)

    # The record left for staff, resolved with the keyboard alone.
    visit(page, "/admin/payments/")
    resolve = "main table.listing a[href*='/admin/payments/queue/']"
    assert page.locator(resolve).count() >= 1
    tab_to(page, resolve)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    detail_url = page.url
    tab_to(page, "#id_dismiss-note")
    page.keyboard.type("振込人に返金済み")
    tab_to(page, "form[action$='/dismiss/'] button[type='submit']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/admin/payments/")
    assert_accessible(page)
    assert (
        page.locator(
            f"main a[href='{detail_url.split(e2e_server.base_url)[1]}']"
        ).count()
        == 0
    )

    # Refund part of a payment the import recorded.
    output = e2e_server.manage(
        "shell",
        "-c",
        "import json; from cityhall.payments.models import Payment; "
        "p = Payment.objects.filter(state='success', provider='zengin')"
        ".order_by('id').first(); "
        "print(json.dumps({'id': str(p.public_id), 'amount': p.amount}))",
    )
    payment = json.loads(output.splitlines()[-1])
    visit(page, f"/admin/payments/payments/{payment['id']}/")
    assert page.locator("#refundable").inner_text() == str(payment["amount"])
    page.fill("#id_amount", "100")
    page.fill("#id_reason", "過誤納")
    with page.expect_navigation():
        page.click("main form[action$='/refund/'] button[type='submit']")
    assert_accessible(page)
    assert page.locator("#refundable").inner_text() == str(payment["amount"] - 100)


def test_other_payments_screens_pass_axe(page, visit, e2e_server):
    """Invoices (list, one invoice, new, CSV import), the collections report
    and provider events, as the accounting clerk sees them."""
    _sign_in(page, visit, e2e_server)
    visit(page, "/admin/payments/invoices/")
    first = page.locator("main table.listing a[href*='/admin/payments/invoices/']")
    assert first.count() >= 1
    visit(page, first.first.get_attribute("href"))
    visit(page, "/admin/payments/invoices/new/")
    visit(page, "/admin/payments/invoices/import/")
    visit(page, "/admin/payments/reports/")
    visit(page, "/admin/payments/events/")
