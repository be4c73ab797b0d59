"""Pay-easy numbers and the convenience-store GS1-128 data."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityhall.payments.cvs import cvs_barcode_data, cvs_barcode_parse
from cityhall.payments.payeasy import (
    confirmation_number_generate,
    mod10_weight31_check_digit,
    payment_number_generate,
    payment_number_is_valid,
)


def test_check_digit_matches_a_published_jan_example():
    """Modulus 10 / weights 3,1 gives 4 for 491234567890 (a JAN example)."""
    assert mod10_weight31_check_digit("491234567890") == "4"


@given(st.integers(4, 20))
def test_generated_payment_numbers_are_valid(digits):
    """Every generated number has the configured length and a right check digit."""
    number = payment_number_generate(digits=digits)
    assert payment_number_is_valid(number, digits=digits)


def test_single_digit_typo_is_caught():
    """Changing any one digit of a payment number makes it invalid."""
    number = payment_number_generate(digits=12)
    for position in range(12):
        wrong = str((int(number[position]) + 1) % 10)
        typo = number[:position] + wrong + number[position + 1 :]
        assert not payment_number_is_valid(typo, digits=12)


def test_confirmation_number_length():
    """The 確認番号 has the configured number of digits."""
    assert len(confirmation_number_generate(digits=4)) == 4


def test_cvs_barcode_layout():
    """AI 91, company code, right-aligned payment number, reissue, deadline
    YYMMDD, stamp flag, six-digit amount and a check digit: 44 digits."""
    data = cvs_barcode_data(
        company_code="912345",
        reference_number="1234567897",
        due_date=dt.date(2026, 5, 31),
        amount=10_800,
    )
    assert len(data) == 44
    assert data[:2] == "91"
    assert data[2:8] == "912345"
    assert data[8:29] == "0" * 11 + "1234567897"
    assert data[29] == "0"
    assert data[30:36] == "260531"
    assert data[36] == "0"
    assert data[37:43] == "010800"
    assert data[43] == mod10_weight31_check_digit(data[:43])


@given(
    reference=st.from_regex(r"[0-9]{1,21}", fullmatch=True),
    amount=st.integers(1, 999_999),
    reissue=st.integers(0, 9),
    due=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
    stamp=st.booleans(),
)
def test_cvs_barcode_round_trip(reference, amount, reissue, due, stamp):
    """What is encoded is read back unchanged."""
    data = cvs_barcode_data(
        company_code="912345",
        reference_number=reference,
        due_date=due,
        amount=amount,
        reissue=reissue,
        stamp=stamp,
    )
    parsed = cvs_barcode_parse(data)
    assert parsed.reference == reference.lstrip("0")
    assert (parsed.amount, parsed.reissue, parsed.due_date, parsed.stamp) == (
        amount,
        reissue,
        due,
        stamp,
    )


def test_cvs_barcode_refuses_amounts_over_999999_yen():
    """Six digits hold at most 999,999 yen."""
    with pytest.raises(ValueError):
        cvs_barcode_data(
            company_code="912345",
            reference_number="1",
            due_date=dt.date(2026, 5, 31),
            amount=1_000_000,
        )


def test_cvs_barcode_parse_rejects_wrong_check_digit():
    """A misread digit is caught by the check digit."""
    data = cvs_barcode_data(
        company_code="912345",
        reference_number="42",
        due_date=dt.date(2026, 5, 31),
        amount=500,
    )
    broken = data[:-1] + str((int(data[-1]) + 1) % 10)
    with pytest.raises(ValueError, match="check digit"):
        cvs_barcode_parse(broken)
