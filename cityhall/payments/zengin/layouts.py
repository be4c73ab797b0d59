"""Record layouts of the Zengin formats, as (name, length, kind) triples.

Kinds: ``N`` digits kept as text (codes), ``A`` an amount (digits → int), ``C``
characters (CP932 half-width katakana, upper-case letters, digits; trailing
spaces dropped), ``W`` a Japanese-era date YYMMDD (all zeros = none), ``M`` a
month and day MMDD, ``X`` filler that is not read. Positions follow from the
order; each layout's lengths add up to the record length (checked at import).
"""

from __future__ import annotations

from typing import Final

Layout = tuple[tuple[str, int, str], ...]

TRANSFER_NOTICE: Final = "01"  # 振込入金通知
STATEMENT: Final = "03"  # 入出金取引明細
DIRECT_DEBIT: Final = "91"  # 口座振替 (results)

RECORD_LENGTH: Final = {TRANSFER_NOTICE: 200, STATEMENT: 200, DIRECT_DEBIT: 120}

HEADER, DATA, TRAILER, END = "1", "2", "8", "9"

LAYOUTS: Final[dict[tuple[str, str], Layout]] = {
    (TRANSFER_NOTICE, HEADER): (
        ("record_type", 1, "N"),
        ("kind", 2, "N"),
        ("code_type", 1, "N"),
        ("created_on", 6, "W"),
        ("period_from", 6, "W"),
        ("period_to", 6, "W"),
        ("bank_code", 4, "N"),
        ("bank_name", 15, "C"),
        ("branch_code", 3, "N"),
        ("branch_name", 15, "C"),
        ("account_type", 1, "N"),
        ("account_number", 7, "N"),
        ("account_name", 40, "C"),
        ("filler", 93, "X"),
    ),
    (TRANSFER_NOTICE, DATA): (
        ("record_type", 1, "N"),
        ("inquiry_number", 6, "N"),
        ("value_date", 6, "W"),
        ("start_date", 6, "W"),
        ("amount", 10, "A"),
        ("other_bank_cheques", 10, "A"),
        ("requester_code", 10, "C"),
        ("requester_name", 48, "C"),
        ("remitting_bank", 15, "C"),
        ("remitting_branch", 15, "C"),
        ("cancel_flag", 1, "C"),
        ("edi", 20, "C"),
        ("filler", 52, "X"),
    ),
    (TRANSFER_NOTICE, TRAILER): (
        ("record_type", 1, "N"),
        ("count", 6, "A"),
        ("total", 12, "A"),
        ("cancel_count", 6, "A"),
        ("cancel_total", 12, "A"),
        ("filler", 163, "X"),
    ),
    (STATEMENT, HEADER): (
        ("record_type", 1, "N"),
        ("kind", 2, "N"),
        ("code_type", 1, "N"),
        ("created_on", 6, "W"),
        ("period_from", 6, "W"),
        ("period_to", 6, "W"),
        ("bank_code", 4, "N"),
        ("bank_name", 15, "C"),
        ("branch_code", 3, "N"),
        ("branch_name", 15, "C"),
        ("filler_1", 3, "X"),
        ("account_type", 1, "N"),
        ("account_number", 7, "N"),
        ("account_name", 40, "C"),
        ("overdraft_flag", 1, "C"),
        ("passbook_flag", 1, "C"),
        ("opening_balance", 14, "A"),
        ("filler", 74, "X"),
    ),
    (STATEMENT, DATA): (
        ("record_type", 1, "N"),
        ("inquiry_number", 8, "N"),
        ("value_date", 6, "W"),
        ("deposit_date", 6, "W"),
        ("direction", 1, "N"),  # 1 = 入金 (in), 2 = 出金 (out)
        ("transaction_type", 2, "N"),
        ("amount", 12, "A"),
        ("other_bank_cheques", 12, "A"),
        ("exchange_date", 6, "W"),
        ("dishonour_date", 6, "W"),
        ("cheque_type", 1, "C"),
        ("cheque_number", 7, "C"),
        ("branch_reference", 3, "C"),
        ("requester_code", 10, "C"),
        ("requester_name", 48, "C"),
        ("remitting_bank", 15, "C"),
        ("remitting_branch", 15, "C"),
        ("description", 20, "C"),
        ("edi", 20, "C"),
        ("filler", 1, "X"),
    ),
    (STATEMENT, TRAILER): (
        ("record_type", 1, "N"),
        ("deposit_count", 7, "A"),
        ("deposit_total", 13, "A"),
        ("withdrawal_count", 7, "A"),
        ("withdrawal_total", 13, "A"),
        ("overdraft_flag", 1, "C"),
        ("closing_balance", 14, "A"),
        ("filler", 144, "X"),
    ),
    (DIRECT_DEBIT, HEADER): (
        ("record_type", 1, "N"),
        ("kind", 2, "N"),
        ("code_type", 1, "N"),
        ("consignor_code", 10, "N"),
        ("consignor_name", 40, "C"),
        ("debit_date", 4, "M"),
        ("bank_code", 4, "N"),
        ("bank_name", 15, "C"),
        ("branch_code", 3, "N"),
        ("branch_name", 15, "C"),
        ("account_type", 1, "N"),
        ("account_number", 7, "N"),
        ("filler", 17, "X"),
    ),
    (DIRECT_DEBIT, DATA): (
        ("record_type", 1, "N"),
        ("bank_code", 4, "N"),
        ("bank_name", 15, "C"),
        ("branch_code", 3, "N"),
        ("branch_name", 15, "C"),
        ("clearing_house", 4, "X"),
        ("account_type", 1, "N"),
        ("account_number", 7, "N"),
        ("account_holder", 30, "C"),
        ("amount", 10, "A"),
        ("new_code", 1, "C"),
        ("customer_number", 20, "C"),
        ("result_code", 1, "C"),
        ("filler", 8, "X"),
    ),
    (DIRECT_DEBIT, TRAILER): (
        ("record_type", 1, "N"),
        ("count", 6, "A"),
        ("total", 12, "A"),
        ("succeeded_count", 6, "A"),
        ("succeeded_total", 12, "A"),
        ("failed_count", 6, "A"),
        ("failed_total", 12, "A"),
        ("filler", 65, "X"),
    ),
}

#: 振替結果コード of direct debit results. Only 0 means the money was taken.
DIRECT_DEBIT_RESULTS: Final[dict[str, str]] = {
    "0": "debited",  # 振替済
    "1": "insufficient_funds",  # 資金不足
    "2": "no_account",  # 預金取引なし
    "3": "stopped_by_payer",  # 預金者の都合による振替停止
    "4": "no_mandate",  # 預金口座振替依頼書なし
    "8": "stopped_by_consignor",  # 委託者の都合による振替停止
    "9": "other",  # その他
    "E": "data_error",  # データ誤り
}


def _check_lengths() -> None:
    for (kind, record_type), layout in LAYOUTS.items():
        total = sum(length for _name, length, _kind in layout)
        if total != RECORD_LENGTH[kind]:
            raise AssertionError(f"layout {kind}/{record_type} is {total} bytes")


_check_lengths()
