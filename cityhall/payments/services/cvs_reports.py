"""Convenience-store reports (速報 / 確報) imported through the same path as
bank files.

Collection agencies send a preliminary report (速報) the day a slip is paid at
a store and a final report (確報) when the money is settled. Their layouts
differ between agencies; the key is always the 44-digit barcode the store
scanned. This module reads the agency file once it is mapped to a small CSV
(UTF-8 or Shift_JIS)::

    report,barcode,paid_on,store,receipt
    preliminary,9191234500000000000012345678970260531001080003,2026-05-20,0012,000345

``report`` is ``preliminary`` or ``final``. The final report overrides the
preliminary one: a preliminary record already applied is superseded by the
final record, which takes over its payment; a preliminary arriving after the
final is already known; a final with no preliminary is matched as new.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cityhall.payments.cvs import cvs_barcode_parse
from cityhall.payments.errors import BankFileError

HEADER = ["report", "barcode", "paid_on", "store", "receipt"]
REPORTS = ("preliminary", "final")
MAGIC = b"report,"


@dataclass(frozen=True)
class CvsRow:
    line: int
    report: str
    barcode: str
    company_code: str
    reference: str
    amount: int
    paid_on: dt.date
    store: str
    receipt: str

    @property
    def record_key(self) -> str:
        return f"cvs:{self.barcode}:{self.store}:{self.receipt}"


def _error(line: int, reason: str, message: str) -> BankFileError:
    return BankFileError(
        _("Line %(line)s: %(message)s") % {"line": line, "message": message},
        line=line,
        reason=reason,
    )


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _error(0, "decode", _("the file is neither UTF-8 nor Shift_JIS."))


def cvs_report_parse(data: bytes) -> list[CvsRow]:
    """Read and check a whole report file; BankFileError names the first bad
    line and why."""
    reader = csv.reader(io.StringIO(_decode(data)))
    rows: list[CvsRow] = []
    for line, fields in enumerate(reader, start=1):
        if line == 1:
            if [f.strip() for f in fields] != HEADER:
                raise _error(
                    1,
                    "header",
                    _("the header must be: %(h)s.") % {"h": ",".join(HEADER)},
                )
            continue
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(HEADER):
            raise _error(line, "field_count", _("expected 5 fields."))
        report, barcode, paid_on, store, receipt = (f.strip() for f in fields)
        if report not in REPORTS:
            raise _error(
                line, "invalid_value", _("report must be preliminary or final.")
            )
        try:
            parsed = cvs_barcode_parse(barcode)
        except ValueError as exc:
            raise _error(
                line, "barcode", _("invalid barcode: %(why)s.") % {"why": exc}
            ) from exc
        try:
            paid = dt.date.fromisoformat(paid_on)
        except ValueError as exc:
            raise _error(
                line, "invalid_date", _("paid_on is not a date (YYYY-MM-DD).")
            ) from exc
        if not store or not receipt:
            raise _error(line, "invalid_value", _("store and receipt are required."))
        rows.append(
            CvsRow(
                line=line,
                report=report,
                barcode=barcode,
                company_code=parsed.company_code,
                reference=parsed.reference,
                amount=parsed.amount,
                paid_on=paid,
                store=store,
                receipt=receipt,
            )
        )
    if not rows:
        raise _error(0, "empty_file", _("the file has no records."))
    return rows
