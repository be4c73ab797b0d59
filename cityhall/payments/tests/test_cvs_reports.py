"""Convenience-store reports: 速報 applied at once, 確報 overriding it."""

from __future__ import annotations

import datetime as dt

import pytest

from cityhall.core.tests.factories import MunicipalityFactory
from cityhall.payments.cvs import cvs_barcode_data
from cityhall.payments.errors import BankFileError
from cityhall.payments.models import BankRecord, ImportedFile, Invoice, Payment
from cityhall.payments.services.invoices import payment_settings_for
from cityhall.payments.services.reconciliation import bank_file_import
from cityhall.payments.tests.factories import invoice_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    municipality = MunicipalityFactory()
    settings = payment_settings_for(municipality)
    settings.cvs_company_code = "912345"
    settings.save()
    return municipality


def _barcode(invoice, company="912345"):
    return cvs_barcode_data(
        company_code=company,
        reference_number=invoice.reference_number,
        due_date=invoice.due_date,
        amount=invoice.amount,
    )


def _report(rows, encoding="utf-8"):
    lines = ["report,barcode,paid_on,store,receipt"]
    lines += [f"{r},{b},2026-05-20,0012,{n:06d}" for n, (r, b) in enumerate(rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _import(city, data):
    return bank_file_import(data=data, filename="cvs.csv", municipality=city)


def test_preliminary_report_pays_the_invoice(city):
    """A 速報 line for an open invoice pays it through the CVS channel."""
    invoice = invoice_make(municipality_obj=city, amount=10_800)
    summary = _import(city, _report([("preliminary", _barcode(invoice))]))
    assert summary.applied == 1
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert Payment.objects.get(invoice=invoice).channel == "cvs"
    assert ImportedFile.objects.get().kind == ImportedFile.Kind.CVS_PRELIMINARY


def test_final_report_supersedes_preliminary_and_keeps_one_payment(city):
    """The 確報 replaces the 速報 record, takes over its payment, and pays
    nothing twice."""
    invoice = invoice_make(municipality_obj=city, amount=3_000)
    barcode = _barcode(invoice)
    _import(city, _report([("preliminary", barcode)]))
    summary = _import(city, _report([("final", barcode)]))
    assert (summary.applied, summary.already_known, summary.left_for_staff) == (0, 1, 0)
    old = BankRecord.objects.get(report="preliminary")
    new = BankRecord.objects.get(report="final")
    assert old.status == BankRecord.Status.SUPERSEDED and old.payment is None
    assert new.status == BankRecord.Status.APPLIED
    assert new.payment == Payment.objects.get(invoice=invoice)


def test_final_without_preliminary_is_applied(city):
    """A 確報 for a payment never reported in a 速報 is applied as new."""
    invoice = invoice_make(municipality_obj=city, amount=2_500)
    summary = _import(city, _report([("final", _barcode(invoice))], encoding="cp932"))
    assert summary.applied == 1
    assert ImportedFile.objects.get().kind == ImportedFile.Kind.CVS_FINAL


def test_preliminary_after_final_is_already_known(city):
    """A late 速報 does not undo or repeat the 確報."""
    invoice = invoice_make(municipality_obj=city, amount=2_500)
    barcode = _barcode(invoice)
    _import(city, _report([("final", barcode)]))
    summary = _import(city, _report([("preliminary", barcode)]))
    assert (summary.applied, summary.already_known) == (0, 1)
    assert BankRecord.objects.get().report == "final"


def test_unknown_company_code_is_kept_for_staff(city):
    """A report under another company code is queued with a warning."""
    invoice = invoice_make(municipality_obj=city, amount=2_500)
    summary = _import(city, _report([("final", _barcode(invoice, company="955555"))]))
    assert summary.left_for_staff == 1
    assert any("cvs-955555" in w for w in summary.warnings)


def test_bad_barcode_rejects_the_file_naming_the_line(city):
    """A barcode with a wrong check digit rejects the whole file."""
    invoice = invoice_make(municipality_obj=city, amount=2_500)
    good = _barcode(invoice)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(BankFileError) as info:
        _import(city, _report([("final", good), ("final", bad)]))
    assert (info.value.line, info.value.reason) == (3, "barcode")
    assert Payment.objects.count() == 0


def test_barcode_due_date_matches_invoice():
    """Sanity: the due date in the barcode is the invoice's."""
    invoice = invoice_make(amount=100, due_date=dt.date(2026, 6, 30))
    assert _barcode(invoice)[30:36] == "260630"
