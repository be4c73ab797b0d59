"""The payments staff console (/admin/payments/): who gets in, the queue,
imports with progress, refunds, counter cash, invoices, reports and provider
events; audit records, double submits and query counts."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from cityhall.core.models import AuditRecord, Role
from cityhall.core.services.roles import role_groups_sync
from cityhall.core.tests.factories import (
    MunicipalityFactory,
    RoleAssignmentFactory,
    StaffFactory,
    UserFactory,
    totp_device_for,
)
from cityhall.payments import tasks
from cityhall.payments.models import (
    BankFileUpload,
    BankRecord,
    ImportedFile,
    Invoice,
    Payment,
    ProviderEvent,
    Refund,
)
from cityhall.payments.services.payments import (
    payment_provider_event_apply,
    payment_record_received,
)
from cityhall.payments.services.reconciliation import bank_file_import
from cityhall.payments.tests.factories import (
    accounting_staff,
    invoice_make,
    receiving_account_make,
)
from cityhall.payments.tests.zengin_files import transfer_notice

pytestmark = pytest.mark.django_db

NO_PASSWORD = "!"


def _t(message: str) -> str:
    """``message`` as the console shows it (in Japanese, the default)."""
    with translation.override("ja"):
        return translation.gettext(message)


def _verified(client, user):
    role_groups_sync(user=user)
    device = totp_device_for(user)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return user


@pytest.fixture
def city():
    municipality = MunicipalityFactory()
    receiving_account_make(municipality_obj=municipality)
    return municipality


@pytest.fixture
def accountant(client, city):
    return _verified(client, accounting_staff(municipality_obj=city))


def _queued_record(city, *, amount=5_000, name="ﾀﾅｶ ﾊﾅｺ"):
    """A transfer nobody's invoice fits: it waits for staff."""
    bank_file_import(
        data=transfer_notice(
            [{"amount": amount, "requester_name": name}],
            account_number="1234567",
        )
        + b"",
        filename=f"{uuid.uuid4().hex}.txt",
        municipality=city,
    )
    return BankRecord.objects.filter(status=BankRecord.Status.UNMATCHED).latest("id")


def _paid(city, amount=10_000):
    invoice = invoice_make(municipality_obj=city, amount=amount)
    payment = payment_record_received(
        invoice=invoice,
        channel="counter",
        amount=amount,
        provider_reference=f"p-{uuid.uuid4().hex}",
    )
    return invoice, payment


# --- who gets in --------------------------------------------------------------

SCREENS = [
    "payments_console:queue",
    "payments_console:imports",
    "payments_console:invoices",
    "payments_console:invoice_new",
    "payments_console:invoice_import",
    "payments_console:reports",
    "payments_console:events",
]


@pytest.mark.parametrize("name", SCREENS)
def test_accounting_staff_open_every_screen(client, accountant, name):
    """Each screen answers 200 to the accounting division."""
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("role", [Role.GENERAL_STAFF, Role.SYSTEM_ADMIN])
@pytest.mark.parametrize("name", SCREENS)
def test_other_staff_get_403(client, city, role, name):
    """Staff of other divisions, system administrators included, are refused."""
    accounting_staff(municipality_obj=city)
    user = StaffFactory(password=NO_PASSWORD)
    RoleAssignmentFactory(user=user, role=role)
    _verified(client, user)
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert (
        _t(
            "Only staff of the accounting division may reconcile bank files, refund "
            "payments and manage invoices. Ask the IT policy division if you need "
            "access."
        )
        in response.content.decode()
    )


def test_other_staff_cannot_resolve_refund_or_upload(client, city):
    """Writes are refused too, and change nothing."""
    record = _queued_record(city)
    _invoice, payment = _paid(city)
    accounting_staff(municipality_obj=city)
    user = StaffFactory(password=NO_PASSWORD)
    RoleAssignmentFactory(user=user, role=Role.GENERAL_STAFF)
    _verified(client, user)
    url = reverse("payments_console:queue_dismiss", args=[record.public_id])
    assert client.post(url, {"dismiss-note": "x"}).status_code == 403
    url = reverse("payments_console:refund", args=[payment.public_id])
    response = client.post(url, {"amount": 1, "reason": "x", "idempotency_key": "k"})
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.status == BankRecord.Status.UNMATCHED
    assert not Refund.objects.exists()


def test_residents_cannot_reach_the_console(client, city):
    """A signed-in resident is refused at the console's door (403) and sees
    none of the queue."""
    _queued_record(city)
    client.force_login(UserFactory())
    response = client.get(reverse("payments_console:queue"))
    assert response.status_code == 403
    assert "ﾀﾅｶ" not in response.content.decode()
    assert "タナカ" not in response.content.decode()


def test_menu_shows_payments_to_accounting_only(client, city, accountant):
    """The console menu links the queue for the accounting division only."""
    url = reverse("payments_console:queue")
    assert url in client.get("/admin/").content.decode()
    client.logout()
    user = StaffFactory(password=NO_PASSWORD)
    RoleAssignmentFactory(user=user, role=Role.GENERAL_STAFF)
    _verified(client, user)
    assert url not in client.get("/admin/").content.decode()


def test_records_of_another_municipality_are_not_found(client, city, accountant):
    """A record, payment or invoice of another municipality answers 404."""
    other = MunicipalityFactory(local_government_code="999998", name="他市")
    receiving_account_make(municipality_obj=other, account_number="7654321")
    bank_file_import(
        data=transfer_notice(
            [{"amount": 1_234, "requester_name": "ﾀﾞﾚｶ"}], account_number="7654321"
        ),
        filename="other.txt",
        municipality=other,
    )
    record = BankRecord.objects.get(imported_file__municipality=other)
    invoice, payment = _paid(other)
    for url in (
        reverse("payments_console:queue_detail", args=[record.public_id]),
        reverse("payments_console:payment", args=[payment.public_id]),
        reverse("payments_console:invoice", args=[invoice.public_id]),
        reverse("payments_console:queue_detail", args=[uuid.uuid4()]),
    ):
        response = client.get(url)
        assert response.status_code == 404, (url, response.content.decode()[-3000:])


# --- the queue ----------------------------------------------------------------


def test_queue_lists_waiting_records_with_suggestions(client, city, accountant):
    """The queue lists the record; its page ranks the fitting invoice first."""
    invoice = invoice_make(
        municipality_obj=city, amount=5_000, payer_name_kana="タナカ ハナコ"
    )
    invoice_make(municipality_obj=city, amount=5_000, payer_name_kana="タナカ ハナコ")
    record = _queued_record(city)
    assert record.reason == "ambiguous"
    listing = client.get(reverse("payments_console:queue"))
    assert str(record.public_id) in listing.content.decode()
    page = client.get(reverse("payments_console:queue_detail", args=[record.public_id]))
    body = page.content.decode()
    assert page.status_code == 200
    assert invoice.reference_number in body
    assert 'name="invoice"' in body


def test_manual_match_pays_the_invoice_and_is_audited(client, city, accountant):
    """Matching pays the chosen invoice and records who and why."""
    invoice = invoice_make(
        municipality_obj=city, amount=5_000, payer_name_kana="ヤマダ"
    )
    record = _queued_record(city)
    url = reverse("payments_console:queue_match", args=[record.public_id])
    response = client.post(
        url,
        {
            "invoice": "other",
            "other_reference": invoice.reference_number,
            "note": "電話で確認",
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    invoice.refresh_from_db()
    assert record.status == BankRecord.Status.RESOLVED
    assert invoice.status == Invoice.Status.PAID
    audit = AuditRecord.objects.get(action="payments.bank_record.match")
    assert audit.actor_id == accountant.pk
    assert audit.data["note"] == "電話で確認"


def test_match_needs_a_reason_and_changes_nothing_without(client, city, accountant):
    """No reason: the form says so (400) and the record still waits."""
    invoice = invoice_make(
        municipality_obj=city, amount=5_000, payer_name_kana="ヤマダ"
    )
    record = _queued_record(city)
    url = reverse("payments_console:queue_match", args=[record.public_id])
    response = client.post(
        url,
        {"invoice": "other", "other_reference": invoice.reference_number, "note": ""},
    )
    assert response.status_code == 400
    record.refresh_from_db()
    assert record.status == BankRecord.Status.UNMATCHED
    assert not AuditRecord.objects.filter(action="payments.bank_record.match").exists()


def test_match_to_an_unknown_number_is_refused(client, city, accountant):
    """A payment number no invoice has is named as the problem."""
    record = _queued_record(city)
    url = reverse("payments_console:queue_match", args=[record.public_id])
    response = client.post(
        url, {"invoice": "other", "other_reference": "999999999", "note": "x"}
    )
    assert response.status_code == 400
    assert _t("No invoice has this payment number.") in response.content.decode()


def test_dismiss_is_audited_and_a_second_dismiss_is_refused(client, city, accountant):
    """Dismissing closes the record with the note; a repeated POST (double
    click) is told the record was already dealt with and writes nothing more."""
    record = _queued_record(city)
    url = reverse("payments_console:queue_dismiss", args=[record.public_id])
    assert client.post(url, {"dismiss-note": "返金済み"}).status_code == 302
    second = client.post(url, {"dismiss-note": "返金済み"})
    assert second.status_code == 400
    assert _t("This record was already dealt with.") in second.content.decode()
    record.refresh_from_db()
    assert record.status == BankRecord.Status.DISMISSED
    assert record.resolved_by_id == accountant.pk
    assert (
        AuditRecord.objects.filter(action="payments.bank_record.dismiss").count() == 1
    )


# --- importing a bank file ----------------------------------------------------


def _upload(client, data, name="furikomi.txt"):
    return client.post(
        reverse("payments_console:imports"),
        {"file": SimpleUploadedFile(name, data, content_type="text/plain")},
    )


def test_upload_queues_the_import_after_commit_and_shows_progress(
    client, city, accountant, django_capture_on_commit_callbacks, settings
):
    """The upload is kept and its task queued after commit with the upload's
    id; the progress page says it waits, then, once the task ran, shows the
    counts."""
    invoice = invoice_make(municipality_obj=city, amount=10_800)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    from django_tasks import default_task_backend

    data = transfer_notice(
        [
            {"amount": 10_800, "requester_code": invoice.reference_number},
            {"amount": 777, "requester_name": "ﾀﾞﾚｶ"},
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, data)
    upload = BankFileUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "payments_console:import_progress", args=[upload.public_id]
    )
    queued = default_task_backend.results
    assert [r.args for r in queued if r.task.name == "bank_file_upload_import"] == [
        [upload.pk]
    ]
    progress = client.get(response["Location"])
    assert progress.context["upload"].status == BankFileUpload.Status.QUEUED
    assert 'data-finished="false"' in progress.content.decode()
    assert "import_progress.js" in progress.content.decode()

    assert tasks.bank_file_upload_import.call(upload.pk) == "done"
    status = client.get(
        reverse("payments_console:import_status", args=[upload.public_id])
    )
    body = status.content.decode()
    assert 'data-finished="true"' in body
    assert 'id="count-applied">1<' in body
    assert 'id="count-known">0<' in body
    assert 'id="count-queued">1<' in body
    upload.refresh_from_db()
    assert upload.data == b"" or bytes(upload.data) == b""
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    # Running the task again changes nothing.
    assert tasks.bank_file_upload_import.call(upload.pk) == "already finished"
    assert Payment.objects.filter(invoice=invoice).count() == 1


def test_malformed_upload_names_the_line_and_changes_nothing(
    client, city, accountant, django_capture_on_commit_callbacks
):
    """A wrong trailer total: rejected with its line and reason; no file,
    record or payment is written."""
    invoice = invoice_make(municipality_obj=city, amount=10_800)
    data = transfer_notice(
        [{"amount": 10_800, "requester_code": invoice.reference_number}]
    )
    lines = data.split(b"\r\n")
    lines[2] = lines[2][:7] + b"000009" + lines[2][13:]  # trailer count
    bad = b"\r\n".join(lines)
    _upload(client, bad)
    upload = BankFileUpload.objects.get()
    tasks.bank_file_upload_import.call(upload.pk)
    upload.refresh_from_db()
    assert upload.status == BankFileUpload.Status.FAILED
    assert upload.error_line == 3
    assert upload.error_reason == "trailer_mismatch"
    page = client.get(
        reverse("payments_console:import_progress", args=[upload.public_id])
    )
    body = page.content.decode()
    with translation.override("ja"):  # the console's language here
        line = gettext("Line %(line)s, reason: %(reason)s") % {
            "line": 3,
            "reason": "trailer_mismatch",
        }
    assert line in body
    assert not ImportedFile.objects.exists()
    assert not BankRecord.objects.exists()
    assert not Payment.objects.exists()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN


def test_same_file_twice_is_recognised(client, city, accountant):
    """The second upload of the same bytes applies nothing and says so."""
    invoice = invoice_make(municipality_obj=city, amount=10_800)
    data = transfer_notice(
        [{"amount": 10_800, "requester_code": invoice.reference_number}]
    )
    for _ in range(2):
        _upload(client, data)
    first, second = BankFileUpload.objects.order_by("id")
    tasks.bank_file_upload_import.call(first.pk)
    tasks.bank_file_upload_import.call(second.pk)
    second.refresh_from_db()
    assert second.duplicate_file
    assert (second.applied_count, second.known_count) == (0, 1)
    page = client.get(
        reverse("payments_console:import_progress", args=[second.public_id])
    )
    assert second.warnings and second.warnings[0] in page.content.decode()
    assert Payment.objects.filter(invoice=invoice).count() == 1


def test_unconfigured_account_warning_is_shown(client, city, accountant):
    """A file for an account that is not configured: records queued, and the
    warning names the account."""
    data = transfer_notice(
        [{"amount": 500, "requester_name": "ﾀﾞﾚｶ"}], account_number="7777777"
    )
    _upload(client, data)
    upload = BankFileUpload.objects.get()
    tasks.bank_file_upload_import.call(upload.pk)
    page = client.get(
        reverse("payments_console:import_progress", args=[upload.public_id])
    )
    assert "0129-101-1-7777777" in page.content.decode()
    assert BankRecord.objects.get().status == BankRecord.Status.UNMATCHED


def test_empty_upload_is_refused(client, city, accountant):
    """An empty file gets a form error and no upload is kept."""
    response = _upload(client, b"")
    assert response.status_code == 400
    assert not BankFileUpload.objects.exists()


def test_upload_route_has_the_upload_body_limit(settings):
    """The upload routes take files up to the upload limit, not the small
    default for forms."""
    limits = settings.CITYHALL_REQUEST_BODY_LIMITS
    assert limits["/admin/payments/imports/"] == settings.CITYHALL_UPLOAD_BODY_MAX_BYTES
    assert (
        limits["/admin/payments/invoices/import/"]
        == settings.CITYHALL_UPLOAD_BODY_MAX_BYTES
    )


# --- refunds ------------------------------------------------------------------


def test_payment_page_shows_refundable_and_refund_is_audited(client, city, accountant):
    """The page states what is refundable; a refund lowers it and is audited."""
    _invoice, payment = _paid(city, 10_000)
    url = reverse("payments_console:payment", args=[payment.public_id])
    page = client.get(url)
    assert 'id="refundable">10000<' in page.content.decode()
    key = page.context["form"].initial["idempotency_key"]
    response = client.post(
        reverse("payments_console:refund", args=[payment.public_id]),
        {"amount": 3000, "reason": "過誤納", "idempotency_key": key},
    )
    assert response.status_code == 302
    assert 'id="refundable">7000<' in client.get(url).content.decode()
    audit = AuditRecord.objects.get(action="payments.refund.create")
    assert audit.actor_id == accountant.pk
    assert audit.data["reason"] == "過誤納"


def test_double_submit_refunds_once(client, city, accountant):
    """The same form sent twice (same key) makes one refund."""
    _invoice, payment = _paid(city, 10_000)
    url = reverse("payments_console:refund", args=[payment.public_id])
    form = {"amount": 4000, "reason": "二重払い", "idempotency_key": "k-1"}
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert Refund.objects.count() == 1
    payment.refresh_from_db()
    assert payment.refunded_amount == 4000


def test_refund_above_refundable_is_refused_with_the_amount(client, city, accountant):
    """Too much: a form error naming what can be refunded; nothing refunded."""
    _invoice, payment = _paid(city, 10_000)
    response = client.post(
        reverse("payments_console:refund", args=[payment.public_id]),
        {"amount": 10_001, "reason": "x", "idempotency_key": "k"},
    )
    assert response.status_code == 400
    assert "10,000" in response.content.decode()
    assert not Refund.objects.exists()


# --- counter cash and invoices ------------------------------------------------


def test_counter_payment_with_receipt_number(client, city, accountant):
    """Cash at the counter pays the invoice with the receipt number; the same
    number again is refused."""
    invoice = invoice_make(municipality_obj=city, amount=2_000)
    url = reverse("payments_console:invoice_counter", args=[invoice.public_id])
    assert client.post(url, {"counter-receipt_number": "R-0001"}).status_code == 302
    payment = Payment.objects.get(invoice=invoice)
    assert payment.receipt_number == "R-0001" and payment.channel == "counter"
    assert AuditRecord.objects.filter(action="payments.payment.counter").exists()
    other = invoice_make(municipality_obj=city, amount=2_000)
    url = reverse("payments_console:invoice_counter", args=[other.public_id])
    response = client.post(url, {"counter-receipt_number": "R-0001"})
    assert response.status_code == 400
    assert not Payment.objects.filter(invoice=other).exists()


def test_staff_issue_an_invoice(client, city, accountant):
    """The form creates an open staff invoice with Pay-easy numbers; audited."""
    response = client.post(
        reverse("payments_console:invoice_new"),
        {
            "subject": "administrative_fee",
            "fiscal_year": 2026,
            "installment": 0,
            "amount": 300,
            "due_date": "2026-06-30",
            "payer_name": "大田原 花子",
            "payer_name_kana": "オオタワラ ハナコ",
            "description": "証明書",
        },
    )
    assert response.status_code == 302
    invoice = Invoice.objects.get(municipality=city, amount=300)
    assert invoice.source == Invoice.Source.STAFF
    assert invoice.created_by_id == accountant.pk
    assert invoice.reference_number
    assert AuditRecord.objects.filter(action="payments.invoice.create").exists()


def test_cancel_needs_a_reason_and_is_audited(client, city, accountant):
    """Cancelling without a reason is refused; with one, audited."""
    invoice = invoice_make(municipality_obj=city)
    url = reverse("payments_console:invoice_cancel", args=[invoice.public_id])
    assert client.post(url, {"cancel-reason": ""}).status_code == 400
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN
    assert client.post(url, {"cancel-reason": "賦課誤り"}).status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.CANCELLED
    audit = AuditRecord.objects.get(action="payments.invoice.cancel")
    assert audit.data["reason"] == "賦課誤り"


def test_correction_is_a_new_invoice_referencing_the_old(client, city, accountant):
    """A correction makes a new invoice whose 'corrects' is the old one."""
    invoice = invoice_make(municipality_obj=city, amount=10_000)
    url = reverse("payments_console:invoice_correct", args=[invoice.public_id])
    form = client.get(url).context["form"]
    data = {name: form.initial[name] for name in form.CORRECTABLE}
    data.update({"amount": 9_000, "reason": "減額更正", "due_date": "2026-05-31"})
    response = client.post(url, data)
    assert response.status_code == 302
    invoice.refresh_from_db()
    new = Invoice.objects.get(corrects=invoice)
    assert invoice.status == Invoice.Status.SUPERSEDED
    assert new.amount == 9_000 and new.status == Invoice.Status.OPEN
    assert response["Location"] == reverse(
        "payments_console:invoice", args=[new.public_id]
    )


def test_corrected_invoice_cannot_be_corrected_again(client, city, accountant):
    """A paid invoice is refused correction with the service's message."""
    invoice, _payment = _paid(city)
    url = reverse("payments_console:invoice_correct", args=[invoice.public_id])
    form = client.get(url).context["form"]
    data = {name: form.initial[name] for name in form.CORRECTABLE}
    data.update({"amount": 1, "reason": "x", "due_date": "2026-05-31"})
    response = client.post(url, data)
    assert response.status_code == 400
    assert _t("Only an open invoice can be changed.") in response.content.decode()
    assert not Invoice.objects.filter(corrects=invoice).exists()


CSV_HEADER = (
    "subject,fiscal_year,installment,amount,due_date,payer_name,payer_name_kana,"
    "description,source_reference\n"
)


def test_csv_import_shift_jis(client, city, accountant):
    """A Shift_JIS file creates every row's invoice."""
    body = (
        CSV_HEADER
        + "water,2026,1,3200,2026-06-30,山田 太郎,ヤマダ タロウ,水道,w-1\n"
        + "water,2026,1,4100,2026-06-30,佐藤 花子,サトウ ハナコ,水道,w-2\n"
    ).encode("cp932")
    response = client.post(
        reverse("payments_console:invoice_import"),
        {"file": SimpleUploadedFile("i.csv", body, content_type="text/csv")},
    )
    assert response.status_code == 302
    assert Invoice.objects.filter(municipality=city, subject="water").count() == 2


def test_csv_import_with_a_bad_row_lists_it_and_creates_nothing(
    client, city, accountant
):
    """One bad row: the row and column are listed and no invoice is made."""
    body = (
        CSV_HEADER
        + "water,2026,1,3200,2026-06-30,山田 太郎,,,\n"
        + "water,2026,1,abc,2026-06-30,佐藤 花子,,,\n"
    ).encode()
    response = client.post(
        reverse("payments_console:invoice_import"),
        {"file": SimpleUploadedFile("i.csv", body, content_type="text/csv")},
    )
    assert response.status_code == 400
    errors = response.context["row_errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(3, "amount")]
    assert not Invoice.objects.filter(municipality=city).exists()


# --- reports and provider events ----------------------------------------------


def test_report_and_csv_for_the_financial_system(client, city, accountant):
    """The report lists today's counter payment; the CSV is Shift_JIS."""
    _paid(city, 10_000)
    today = timezone.localdate().isoformat()
    query = {"date_from": today, "date_to": today}
    page = client.get(reverse("payments_console:reports"), query)
    assert page.status_code == 200
    assert [r["paid"] for r in page.context["rows"]] == [10_000]
    csv = client.get(reverse("payments_console:report_csv"), query)
    assert csv["Content-Type"] == "text/csv; charset=Shift_JIS"
    lines = csv.content.decode("cp932").split("\r\n")
    assert lines[0] == "date,subject,channel,count,paid,refunded,net"
    assert lines[1] == f"{today},light_vehicle_tax,counter,1,10000,0,10000"


def test_report_with_the_end_before_the_start_is_refused(client, city, accountant):
    """A reversed period is a form error."""
    response = client.get(
        reverse("payments_console:reports"),
        {"date_from": "2026-05-02", "date_to": "2026-05-01"},
    )
    assert response.status_code == 400
    assert _t("The end is before the start.") in response.content.decode()


def _conflicting_event(city):
    _paid(city)
    other = invoice_make(municipality_obj=city)
    card = Payment.objects.create(
        invoice=other,
        channel="card",
        amount=other.amount,
        provider="sandbox",
        provider_reference=f"ref-{uuid.uuid4().hex}",
        state=Payment.State.CANCELLED,
        finished=True,
    )
    return payment_provider_event_apply(
        provider="sandbox",
        event_id=f"evt-{uuid.uuid4().hex}",
        provider_reference=card.provider_reference,
        state="success",
    )


def test_provider_events_list_conflicts(client, city, accountant):
    """A success reported for a cancelled attempt is listed as a conflict."""
    event = _conflicting_event(city)
    assert event.outcome == ProviderEvent.Outcome.CONFLICT
    page = client.get(reverse("payments_console:events"), {"outcome": "conflict"})
    assert event.event_id in page.content.decode()


# --- query counts -------------------------------------------------------------


def _queue_rows(city, rows):
    bank_file_import(
        data=transfer_notice(
            [{"amount": 100 + n, "requester_name": "ﾀﾞﾚｶ"} for n in range(rows)]
        ),
        filename="q.txt",
        municipality=city,
    )


def _upload_rows(city, rows):
    for n in range(rows):
        BankFileUpload.objects.create(
            municipality=city,
            filename=f"{n}.txt",
            data=b"x",
            sha256=str(n),
            uploaded_by=StaffFactory(password=NO_PASSWORD),
        )


def _invoice_rows(city, rows):
    for _ in range(rows):
        invoice_make(municipality_obj=city)


def _report_rows(city, rows):
    for _ in range(rows):
        _paid(city)


def _event_rows(city, rows):
    for _ in range(rows):
        _conflicting_event(city)


#: url name → (makes the rows, rows shown per row made, expected queries)
LISTS = {
    "payments_console:queue": (_queue_rows, 1, 14),
    "payments_console:imports": (_upload_rows, 1, 14),
    "payments_console:invoices": (_invoice_rows, 1, 14),
    "payments_console:reports": (_report_rows, 0, 13),
    "payments_console:events": (_event_rows, 1, 14),
}


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize("name", sorted(LISTS))
def test_console_list_query_count(
    client, city, accountant, django_assert_num_queries, name, rows
):
    """Each list runs the same number of queries at 1 and 20 rows."""
    make_rows, per_row, expected = LISTS[name]
    make_rows(city, rows)
    assert client.get(reverse(name)).status_code == 200
    with django_assert_num_queries(expected):
        response = client.get(reverse(name))
    assert response.status_code == 200
    if per_row:
        assert len(response.context["object_list"]) == rows
    else:
        # The report groups the day's payments into one row.
        assert sum(r["count"] for r in response.context["rows"]) == rows
