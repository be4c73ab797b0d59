"""Build small Zengin files for tests from (reference, amount, name) rows."""

from __future__ import annotations

import datetime as dt

from cityhall.payments.zengin.writer import end_record, file_encode, record_encode

VALUE_DATE = dt.date(2026, 4, 30)


def transfer_notice(
    rows: list[dict],
    *,
    bank_code: str = "0129",
    branch_code: str = "101",
    account_number: str = "1234567",
    newline: bytes = b"\r\n",
) -> bytes:
    """A 振込入金通知 with one data record per row (keys of the data layout;
    ``inquiry_number`` defaults to the row's position)."""
    header = record_encode(
        "01",
        "1",
        {
            "code_type": "0",
            "created_on": VALUE_DATE,
            "period_from": VALUE_DATE,
            "period_to": VALUE_DATE,
            "bank_code": bank_code,
            "branch_code": branch_code,
            "account_type": "1",
            "account_number": account_number,
            "account_name": "ｼﾔｸｼﾖ",
        },
    )
    data = [
        record_encode(
            "01",
            "2",
            {
                "inquiry_number": str(n).zfill(6),
                "value_date": VALUE_DATE,
                "start_date": VALUE_DATE,
                **row,
            },
        )
        for n, row in enumerate(rows, start=1)
    ]
    trailer = record_encode(
        "01",
        "8",
        {"count": len(rows), "total": sum(r["amount"] for r in rows)},
    )
    return file_encode([header, *data, trailer, end_record("01")], newline=newline)


def direct_debit_results(rows: list[dict], *, account_number: str = "1234567") -> bytes:
    """A 口座振替結果 file; each row has customer_number, amount, result_code."""
    header = record_encode(
        "91",
        "1",
        {
            "code_type": "0",
            "consignor_code": "1",
            "consignor_name": "ｼﾔｸｼﾖ",
            "debit_date": "0427",
            "bank_code": "0129",
            "branch_code": "101",
            "account_type": "1",
            "account_number": account_number,
        },
    )
    data = [
        record_encode(
            "91",
            "2",
            {
                "bank_code": "0129",
                "branch_code": "200",
                "account_type": "1",
                "account_number": str(n).zfill(7),
                "account_holder": "ﾀﾅｶ ﾊﾅｺ",
                "new_code": "0",
                **row,
            },
        )
        for n, row in enumerate(rows, start=1)
    ]
    ok = [r for r in rows if r["result_code"] == "0"]
    bad = [r for r in rows if r["result_code"] != "0"]
    trailer = record_encode(
        "91",
        "8",
        {
            "count": len(rows),
            "total": sum(r["amount"] for r in rows),
            "succeeded_count": len(ok),
            "succeeded_total": sum(r["amount"] for r in ok),
            "failed_count": len(bad),
            "failed_total": sum(r["amount"] for r in bad),
        },
    )
    return file_encode([header, *data, trailer, end_record("91")])
