"""Demo data: the resident's invoices and sample files that import at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cityhall.core.tests.factories import MunicipalityFactory, UserFactory
from cityhall.payments.demo import (
    DEMO_FILES,
    DEMO_RESIDENT_EMAIL,
    demo_file_contents,
    demo_seed,
)
from cityhall.payments.models import Invoice
from cityhall.payments.services.reconciliation import bank_file_import

pytestmark = pytest.mark.django_db


def test_committed_sample_files_are_the_generated_ones():
    """demo_files/ holds exactly what demo_file_contents produces."""
    for name, content in demo_file_contents().items():
        assert (DEMO_FILES / name).read_bytes() == content


def test_demo_resident_has_open_overdue_and_paid_invoices():
    """Two open invoices, one overdue 市県民税 期別 and one paid."""
    municipality = MunicipalityFactory()
    resident = UserFactory(email=DEMO_RESIDENT_EMAIL)
    demo_seed(municipality=municipality)
    invoices = Invoice.objects.filter(resident=resident)
    today = timezone.localdate()
    assert invoices.filter(status="open", due_date__gte=today).count() == 2
    overdue = invoices.get(status="open", due_date__lt=today)
    assert overdue.subject == "resident_tax" and overdue.installment == 2
    assert invoices.filter(status="paid").count() == 1
    assert demo_seed(municipality=municipality) == []


@pytest.mark.parametrize(
    ("name", "applied", "left"),
    [
        ("furikomi_nyukin_tsuchi.txt", 2, 1),
        ("nyushukkin_meisai.txt", 1, 0),
        ("koza_furikae_kekka.txt", 1, 1),
    ],
)
def test_sample_files_import_against_demo_invoices(name, applied, left):
    """Each sample file imports with the counts docs/payments.md shows."""
    municipality = MunicipalityFactory()
    demo_seed(municipality=municipality)
    summary = bank_file_import(
        data=(DEMO_FILES / name).read_bytes(),
        filename=name,
        municipality=municipality,
        today=dt.date(2026, 12, 1),
    )
    assert (summary.applied, summary.left_for_staff, summary.warnings) == (
        applied,
        left,
        [],
    )
