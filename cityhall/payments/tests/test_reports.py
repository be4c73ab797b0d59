"""Collections per 税目 and day, and their CSV for the financial system."""

from __future__ import annotations

import datetime as dt

import pytest

from cityhall.core.tests.factories import MunicipalityFactory
from cityhall.payments.reports import collections_csv
from cityhall.payments.selectors import collections_by_subject_and_day
from cityhall.payments.services.payments import payment_record_received
from cityhall.payments.services.refunds import refund_create
from cityhall.payments.tests.factories import accounting_staff, invoice_make

pytestmark = pytest.mark.django_db
TOKYO_MIDNIGHT_UTC = dt.datetime(2026, 5, 19, 15, 30, tzinfo=dt.UTC)  # 5/20 00:30 JST


def _pay(city, subject, amount, reference, when):
    invoice = invoice_make(municipality_obj=city, subject=subject, amount=amount)
    return payment_record_received(
        invoice=invoice,
        channel="bank_transfer",
        amount=amount,
        provider_reference=reference,
        paid_at=when,
    )


def test_rows_group_by_tokyo_day_subject_and_channel():
    """Two water payments the same Tokyo day add up; a payment at 00:30 JST
    counts on that Japanese day, not the UTC one; refunds are reported."""
    city = MunicipalityFactory()
    staff = accounting_staff(municipality_obj=city)
    _pay(city, "water", 4_620, "a", TOKYO_MIDNIGHT_UTC)
    paid = _pay(city, "water", 3_300, "b", TOKYO_MIDNIGHT_UTC + dt.timedelta(hours=5))
    _pay(city, "resident_tax", 15_600, "c", TOKYO_MIDNIGHT_UTC)
    other_city = MunicipalityFactory(local_government_code="888888")
    _pay(other_city, "water", 1, "other-city", TOKYO_MIDNIGHT_UTC)
    refund_create(
        payment=paid, amount=300, reason="x", idempotency_key="k", actor=staff
    )
    rows = collections_by_subject_and_day(
        municipality=city, date_from=dt.date(2026, 5, 19), date_to=dt.date(2026, 5, 20)
    )
    assert rows == [
        {
            "day": dt.date(2026, 5, 20),
            "subject": "resident_tax",
            "channel": "bank_transfer",
            "count": 1,
            "paid": 15_600,
            "refunded": 0,
        },
        {
            "day": dt.date(2026, 5, 20),
            "subject": "water",
            "channel": "bank_transfer",
            "count": 2,
            "paid": 7_920,
            "refunded": 300,
        },
    ]


def test_csv_is_shift_jis_with_net_column():
    """The export has a header, CRLF lines and paid − refunded as net."""
    data = collections_csv(
        [
            {
                "day": dt.date(2026, 5, 20),
                "subject": "water",
                "channel": "cvs",
                "count": 2,
                "paid": 7_920,
                "refunded": 300,
            }
        ]
    )
    assert data.decode("cp932").splitlines() == [
        "date,subject,channel,count,paid,refunded,net",
        "2026-05-20,water,cvs,2,7920,300,7620",
    ]
