"""Convenience-store collection (コンビニ収納): the 44-digit GS1-128 data.

Layout of the data printed as one GS1-128 barcode on the 納付書 (標準料金代理
収納ガイドライン), 44 digits:

====  ======  =====================================================
from  digits  field
====  ======  =====================================================
1     2       application identifier, always ``91``
3     6       company code (GS1 company prefix without its leading 4)
9     21      free field: here the payment number, right-aligned, zero-filled
30    1       reissue count (再発行区分), 0–9
31    6       payment deadline YYMMDD (western year, last two digits)
37    1       stamp flag (印紙フラグ): 0 no revenue stamp, 1 stamp needed
38    6       amount in yen, zero-filled (so at most 999,999 yen)
44    1       check digit: modulus 10, weights 3 and 1 from the right,
              over the 43 digits before it
====  ======  =====================================================

Receipts of a municipality's public money are exempt from stamp duty, so the
stamp flag defaults to 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cityhall.payments.payeasy import mod10_weight31_check_digit

AI = "91"
LENGTH = 44
MAX_AMOUNT = 999_999


@dataclass(frozen=True)
class CvsBarcode:
    company_code: str
    free_field: str
    reissue: int
    due_date: dt.date
    stamp: bool
    amount: int

    @property
    def reference(self) -> str:
        """The payment number carried in the free field, without leading zeros."""
        return self.free_field.lstrip("0")


def cvs_barcode_data(
    *,
    company_code: str,
    reference_number: str,
    due_date: dt.date,
    amount: int,
    reissue: int = 0,
    stamp: bool = False,
) -> str:
    """The 44 digits for an invoice; ValueError when it cannot be encoded
    (amount over 999,999 yen, a code of the wrong length)."""
    if len(company_code) != 6 or not company_code.isdigit():
        raise ValueError("the company code has six digits")
    if not reference_number.isdigit() or len(reference_number) > 21:
        raise ValueError("the payment number has at most 21 digits")
    if not 0 <= reissue <= 9:
        raise ValueError("the reissue count is one digit")
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValueError("the amount is integer yen")
    if not 0 < amount <= MAX_AMOUNT:
        raise ValueError("convenience stores take 1 to 999,999 yen")
    body = (
        f"{AI}{company_code}{reference_number.zfill(21)}{reissue}"
        f"{due_date:%y%m%d}{int(stamp)}{amount:06d}"
    )
    return body + mod10_weight31_check_digit(body)


def cvs_barcode_parse(data: str) -> CvsBarcode:
    """Read 44 digits back; ValueError naming what is wrong."""
    data = data.strip()
    if len(data) != LENGTH or not data.isdigit():
        raise ValueError("not 44 digits")
    if not data.startswith(AI):
        raise ValueError("the application identifier is not 91")
    if mod10_weight31_check_digit(data[:-1]) != data[-1]:
        raise ValueError("wrong check digit")
    yy, mm, dd = int(data[30:32]), int(data[32:34]), int(data[34:36])
    due_date = dt.date(2000 + yy, mm, dd)  # ValueError for an impossible date
    if data[36] not in "01":
        raise ValueError("the stamp flag is 0 or 1")
    return CvsBarcode(
        company_code=data[2:8],
        free_field=data[8:29],
        reissue=int(data[29]),
        due_date=due_date,
        stamp=data[36] == "1",
        amount=int(data[37:43]),
    )
