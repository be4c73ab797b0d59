"""CSV import of invoices: UTF-8 or Shift_JIS, row-by-row errors, all or nothing."""

from __future__ import annotations

import pytest
from django.utils import translation

from cityhall.core.models.audit import AuditRecord
from cityhall.core.tests.factories import MunicipalityFactory, UserFactory
from cityhall.payments.errors import PaymentError
from cityhall.payments.models import Invoice
from cityhall.payments.services.invoice_import import invoices_import_csv
from cityhall.payments.tests.factories import accounting_staff

pytestmark = pytest.mark.django_db
HEADER = (
    "subject,fiscal_year,installment,amount,due_date,"
    "payer_name,payer_name_kana,description,source_reference"
)


def _csv(*rows: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode(encoding)


def test_shift_jis_file_creates_every_row():
    """A Shift_JIS file with two good rows creates two open invoices (full-width
    digits in the amount are accepted) and one audit record."""
    staff = accounting_staff()
    invoices = invoices_import_csv(
        data=_csv(
            "resident_tax,2026,1,１５６００,2026-06-30,"
            "大田原 さくら,おおたわら さくら,第1期,T-1",
            "water,2026,,4620,2026-05-31,鈴木 一郎,すずき いちろう,,",
            encoding="cp932",
        ),
        municipality=MunicipalityFactory(),
        actor=staff,
    )
    assert [i.amount for i in invoices] == [15_600, 4_620]
    assert invoices[0].installment == 1 and invoices[0].source == "import"
    assert AuditRecord.objects.filter(action="payments.invoice.import").count() == 1


def test_one_bad_row_imports_nothing_and_lists_every_error():
    """Bad rows are all reported with row and column; nothing is created."""
    staff = accounting_staff()
    with pytest.raises(PaymentError) as info:
        invoices_import_csv(
            data=_csv(
                "resident_tax,2026,1,15600,2026-06-30,大田原 さくら,,,",
                "dog_tax,2026,,10.5,2026-02-30,,,,",
            ),
            municipality=MunicipalityFactory(),
            actor=staff,
        )
    assert info.value.code == "csv_invalid"
    problems = {(e["row"], e["column"]) for e in info.value.extra["errors"]}
    assert problems == {
        (3, "subject"),
        (3, "amount"),
        (3, "due_date"),
        (3, "payer_name"),
    }
    assert Invoice.objects.count() == 0


def test_repeated_source_reference_is_an_error():
    """The same reference twice in one file is refused."""
    with pytest.raises(PaymentError) as info, translation.override("en"):
        invoices_import_csv(
            data=_csv(
                "water,2026,,100,2026-05-31,A,,,R1",
                "water,2026,,100,2026-05-31,B,,,R1",
            ),
            municipality=MunicipalityFactory(),
            actor=accounting_staff(),
        )
    assert info.value.extra["errors"] == [
        {"row": 3, "column": "source_reference", "message": "repeated in the file"}
    ]


def test_residents_may_not_import():
    """Only staff with a role may import invoices."""
    with pytest.raises(PaymentError) as info:
        invoices_import_csv(
            data=_csv("water,2026,,100,2026-05-31,A,,,"),
            municipality=MunicipalityFactory(),
            actor=UserFactory(),
        )
    assert info.value.code == "permission_denied"
