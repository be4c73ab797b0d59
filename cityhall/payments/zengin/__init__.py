"""Zengin (全銀協) fixed-length record files: parsing and checking.

Supported: 振込入金通知 (transfer notification, kind 01, 200-byte records),
入出金取引明細 (deposit and withdrawal statement, kind 03, 200 bytes) and
口座振替結果 (direct debit results, kind 91, 120 bytes). See docs/payments.md
for the layouts.
"""

from cityhall.payments.zengin.parser import (
    ZenginFile,
    ZenginFormatError,
    ZenginGroup,
    ZenginRecord,
    parse_zengin,
)

__all__ = [
    "ZenginFile",
    "ZenginFormatError",
    "ZenginGroup",
    "ZenginRecord",
    "parse_zengin",
]
