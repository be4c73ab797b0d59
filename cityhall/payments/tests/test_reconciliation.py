"""Reconciliation (消込) of Zengin files: matching rules, the staff queue, files
imported twice, unconfigured accounts, malformed files and the command."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cityhall.core.models.audit import AuditRecord
from cityhall.core.tests.factories import MunicipalityFactory, StaffFactory
from cityhall.payments.errors import BankFileError, PaymentError
from cityhall.payments.models import BankRecord, ImportedFile, Invoice, Payment
from cityhall.payments.services.payments import payment_record_received
from cityhall.payments.services.reconciliation import (
    bank_file_import,
    bank_record_dismiss,
    bank_record_match,
)
from cityhall.payments.tests.factories import (
    accounting_staff,
    invoice_make,
    receiving_account_make,
)
from cityhall.payments.tests.zengin_files import direct_debit_results, transfer_notice

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 1)


@pytest.fixture
def city():
    municipality = MunicipalityFactory()
    receiving_account_make(municipality_obj=municipality)
    return municipality


def _import(city, data, filename="f.txt"):
    return bank_file_import(
        data=data, filename=filename, municipality=city, today=TODAY
    )


def test_transfer_matched_by_reference_pays_the_invoice(city):
    """A transfer quoting the 納付番号 as requester code pays that invoice."""
    invoice = invoice_make(municipality_obj=city, amount=10_800)
    summary = _import(
        city,
        transfer_notice(
            [{"amount": 10_800, "requester_code": invoice.reference_number}]
        ),
    )
    assert (summary.applied, summary.already_known, summary.left_for_staff) == (1, 0, 0)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    payment = Payment.objects.get(invoice=invoice)
    assert payment.channel == "bank_transfer" and payment.state == "success"
    assert BankRecord.objects.get().payment == payment


def test_reference_typed_before_the_name_is_found(city):
    """'1234567897 ﾀﾅｶ ﾊﾅｺ' in the name field matches by its leading digits."""
    invoice = invoice_make(municipality_obj=city, amount=3_500)
    _import(
        city,
        transfer_notice(
            [
                {
                    "amount": 3_500,
                    "requester_name": f"{invoice.reference_number} ﾀﾅｶ ﾊﾅｺ",
                }
            ]
        ),
    )
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_amount_and_kana_name_match_when_no_reference(city):
    """Without a reference, one open invoice of that amount and folded kana
    name is matched: ｻﾄｳ ｼﾞﾛｳ equals さとう じろう."""
    invoice = invoice_make(
        municipality_obj=city, amount=6_400, payer_name_kana="さとう じろう"
    )
    invoice_make(municipality_obj=city, amount=6_400, payer_name_kana="すずき")
    summary = _import(
        city, transfer_notice([{"amount": 6_400, "requester_name": "ｻﾄｳ ｼﾞﾛｳ"}])
    )
    assert summary.applied == 1
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_two_invoices_fitting_go_to_staff_with_ranked_suggestions(city):
    """Two open invoices with the same amount and name: neither is guessed; the
    record waits for staff with both suggested."""
    a = invoice_make(municipality_obj=city, amount=5_000, payer_name_kana="たなか")
    b = invoice_make(municipality_obj=city, amount=5_000, payer_name_kana="たなか")
    summary = _import(
        city, transfer_notice([{"amount": 5_000, "requester_name": "ﾀﾅｶ"}])
    )
    assert (summary.applied, summary.left_for_staff) == (0, 1)
    record = BankRecord.objects.get()
    assert record.status == BankRecord.Status.UNMATCHED
    assert record.reason == "ambiguous"
    assert {s["invoice_id"] for s in record.suggestions} == {a.pk, b.pk}


def test_wrong_amount_with_reference_is_queued_with_that_invoice_first(city):
    """A reference with a different amount is not applied; the referenced
    invoice heads the suggestions."""
    invoice = invoice_make(municipality_obj=city, amount=9_000)
    invoice_make(municipality_obj=city, amount=8_000, payer_name_kana="ほか")
    _import(
        city,
        transfer_notice(
            [{"amount": 8_000, "requester_code": invoice.reference_number}]
        ),
    )
    record = BankRecord.objects.get()
    assert record.reason == "amount_mismatch"
    assert record.suggestions[0]["invoice_id"] == invoice.pk
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN


def test_second_transfer_for_a_paid_invoice_is_queued_not_applied(city):
    """An invoice is never paid twice: a second transfer waits for staff (to be
    refunded), in the same file or a later one."""
    invoice = invoice_make(municipality_obj=city, amount=1_000)
    summary = _import(
        city,
        transfer_notice(
            [
                {"amount": 1_000, "requester_code": invoice.reference_number},
                {"amount": 1_000, "requester_code": invoice.reference_number},
            ]
        ),
    )
    assert (summary.applied, summary.left_for_staff) == (1, 1)
    assert BankRecord.objects.get(status="unmatched").reason == "already_paid"
    assert Payment.objects.filter(invoice=invoice, state="success").count() == 1


def test_same_file_twice_changes_nothing(city):
    """The second import of identical bytes is recognised and applies nothing."""
    invoice = invoice_make(municipality_obj=city, amount=2_000)
    data = transfer_notice(
        [{"amount": 2_000, "requester_code": invoice.reference_number}]
    )
    _import(city, data)
    again = _import(city, data)
    assert again.duplicate_file and again.applied == 0 and again.already_known == 1
    assert ImportedFile.objects.count() == 1
    assert BankRecord.objects.count() == 1


def test_overlapping_file_counts_known_records(city):
    """A later file repeating a movement (same inquiry number and date) counts
    it as already known and applies only the new one."""
    first = invoice_make(municipality_obj=city, amount=2_000)
    second = invoice_make(municipality_obj=city, amount=3_000)
    row1 = {"amount": 2_000, "requester_code": first.reference_number}
    row2 = {"amount": 3_000, "requester_code": second.reference_number}
    _import(city, transfer_notice([row1]))
    summary = _import(city, transfer_notice([row1, row2]))
    assert (summary.applied, summary.already_known, summary.left_for_staff) == (1, 1, 0)


def test_unconfigured_account_keeps_everything_for_staff(city):
    """A well-formed file for an unknown account is imported, nothing applied,
    every record queued, and the warning names the account."""
    invoice = invoice_make(municipality_obj=city, amount=2_000)
    summary = _import(
        city,
        transfer_notice(
            [{"amount": 2_000, "requester_code": invoice.reference_number}],
            account_number="7777777",
        ),
    )
    assert (summary.applied, summary.left_for_staff) == (0, 1)
    assert any("0129-101-1-7777777" in w for w in summary.warnings)
    assert BankRecord.objects.get().reason == "unknown_account"
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN


def test_malformed_file_changes_nothing(city):
    """A wrong trailer total rejects the file: no import record, no payment."""
    invoice = invoice_make(municipality_obj=city, amount=2_000)
    data = transfer_notice(
        [{"amount": 2_000, "requester_code": invoice.reference_number}]
    )
    lines = data.split(b"\r\n")
    lines[2] = lines[2][:7] + b"000000002001" + lines[2][19:]
    with pytest.raises(BankFileError) as info:
        _import(city, b"\r\n".join(lines))
    assert (info.value.line, info.value.reason) == (3, "trailer_mismatch")
    assert ImportedFile.objects.count() == 0 and Payment.objects.count() == 0


def test_direct_debit_results_apply_success_and_queue_failures(city):
    """Result 0 pays the invoice named by the customer number; result 1
    (資金不足) leaves it open and queues the record with the reason."""
    paid = invoice_make(municipality_obj=city, amount=4_620)
    unpaid = invoice_make(municipality_obj=city, amount=3_300)
    summary = _import(
        city,
        direct_debit_results(
            [
                {
                    "customer_number": paid.reference_number,
                    "amount": 4_620,
                    "result_code": "0",
                },
                {
                    "customer_number": unpaid.reference_number,
                    "amount": 3_300,
                    "result_code": "1",
                },
            ]
        ),
    )
    assert (summary.applied, summary.left_for_staff) == (1, 1)
    paid.refresh_from_db()
    unpaid.refresh_from_db()
    assert paid.status == Invoice.Status.PAID
    assert unpaid.status == Invoice.Status.OPEN
    record = BankRecord.objects.get(status="unmatched")
    assert record.reason == "debit_failed_insufficient_funds"
    assert Payment.objects.get(invoice=paid).channel == "direct_debit"


def test_manual_match_pays_and_is_audited(city):
    """Staff match a queued record; the invoice is paid; who and why audited."""
    staff = accounting_staff(municipality_obj=city)
    invoice = invoice_make(
        municipality_obj=city, amount=5_000, payer_name_kana="たなか"
    )
    invoice_make(municipality_obj=city, amount=5_000, payer_name_kana="たなか")
    _import(city, transfer_notice([{"amount": 5_000, "requester_name": "ﾀﾅｶ"}]))
    record = BankRecord.objects.get()
    with pytest.raises(PaymentError):
        bank_record_match(
            record=record, invoice=invoice, actor=StaffFactory(), note="x"
        )
    matched = bank_record_match(
        record=record, invoice=invoice, actor=staff, note="電話で確認"
    )
    assert matched.status == BankRecord.Status.RESOLVED
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    audit = AuditRecord.objects.get(action="payments.bank_record.match")
    assert audit.actor == staff and audit.data["note"] == "電話で確認"
    with pytest.raises(PaymentError) as info:
        bank_record_match(record=record, invoice=invoice, actor=staff, note="again")
    assert info.value.code == "record_not_open"


def test_dismiss_is_audited(city):
    """Dismissing a queued record needs a note and leaves an audit record."""
    staff = accounting_staff(municipality_obj=city)
    _import(city, transfer_notice([{"amount": 123, "requester_name": "ﾌﾒｲ"}]))
    record = BankRecord.objects.get()
    bank_record_dismiss(record=record, actor=staff, note="返金済")
    assert AuditRecord.objects.filter(action="payments.bank_record.dismiss").exists()


def test_transfer_for_invoice_with_card_payment_in_progress_waits(city):
    """A transfer for an invoice whose card payment is under way is not applied
    (that could pay twice); staff decide."""
    from cityhall.payments.services.payments import payment_create, payment_transition

    invoice = invoice_make(municipality_obj=city, amount=700)
    attempt = payment_create(
        invoice=invoice, channel="card", idempotency_key="k", idempotency_scope="s"
    )
    payment_transition(payment=attempt, to_state="started")
    _import(
        city,
        transfer_notice([{"amount": 700, "requester_code": invoice.reference_number}]),
    )
    assert BankRecord.objects.get().reason == "payment_in_progress"


def test_command_prints_counts(city, tmp_path, settings):
    """import_bank_file prints applied / already known / left for staff."""
    invoice = invoice_make(municipality_obj=city, amount=2_000)
    path = tmp_path / "in.txt"
    path.write_bytes(
        transfer_notice(
            [
                {"amount": 2_000, "requester_code": invoice.reference_number},
                {"amount": 1, "requester_name": "ﾌﾒｲ"},
            ]
        )
    )
    out = StringIO()
    call_command(
        "import_bank_file",
        str(path),
        "--municipality",
        city.local_government_code,
        stdout=out,
    )
    assert "applied: 1" in out.getvalue()
    assert "already known: 0" in out.getvalue()
    assert "left for staff: 1" in out.getvalue()


def test_command_fails_on_malformed_file_naming_the_line(city, tmp_path):
    """A malformed file: CommandError (exit 1) naming the line, in the
    municipality's language (commands speak LANGUAGE_CODE); nothing stored."""
    path = tmp_path / "bad.txt"
    data = transfer_notice([{"amount": 5, "requester_name": "ﾃｽﾄ"}])
    path.write_bytes(data[: data.rfind(b"9")])  # drop the end record
    with pytest.raises(CommandError) as info:
        call_command(
            "import_bank_file", str(path), "--municipality", city.local_government_code
        )
    assert "3行目" in str(info.value)
    assert ImportedFile.objects.count() == 0


def test_record_received_after_bank_import_is_refused(city):
    """The bank's record and a second recording of it cannot both pay."""
    invoice = invoice_make(municipality_obj=city, amount=2_000)
    _import(
        city,
        transfer_notice(
            [{"amount": 2_000, "requester_code": invoice.reference_number}]
        ),
    )
    with pytest.raises(PaymentError) as info:
        payment_record_received(
            invoice=invoice,
            channel="bank_transfer",
            amount=2_000,
            provider_reference="x",
        )
    assert info.value.code == "invoice_not_payable"
