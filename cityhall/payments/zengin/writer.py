"""Write Zengin records: the inverse of the parser, for sample files, test
fixtures and the benchmark's generated file.

Values are given by field name; text is encoded as CP932 half-width (NFKC's
inverse is not needed: callers pass half-width katakana as banks do), numbers
are zero-padded on the left, text space-padded on the right.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cityhall.common.wareki import era_for
from cityhall.payments.zengin.layouts import LAYOUTS


def wareki_yymmdd(date: dt.date | None) -> str:
    """2025-04-01 → 070401 (令和7年); None → 000000."""
    if date is None:
        return "000000"
    found = era_for(date)
    if found is None:
        raise ValueError(date)
    _era, year = found
    return f"{year:02d}{date.month:02d}{date.day:02d}"


def record_encode(kind: str, record_type: str, values: dict[str, Any]) -> bytes:
    """One record of ``kind`` (01/03/91) and ``record_type`` (1/2/8) as bytes.

    Missing fields are blank (spaces) or zero (digits); a value too long for
    its field is an error rather than silently cut.
    """
    parts: list[bytes] = []
    for name, length, field_kind in LAYOUTS[(kind, record_type)]:
        value = values.get(name)
        if name == "record_type":
            value = record_type
        if name == "kind":
            value = kind
        if field_kind == "X":
            raw = b" " * length
        elif field_kind == "C":
            raw = str(value or "").encode("cp932").ljust(length, b" ")
        elif field_kind == "W":
            raw = (value if isinstance(value, str) else wareki_yymmdd(value)).encode()
        elif field_kind == "M":
            raw = (
                value
                if isinstance(value, str)
                else f"{value:%m%d}"
                if value
                else "0000"
            ).encode()
        else:
            raw = str(value if value is not None else 0).zfill(length).encode()
        if len(raw) != length:
            raise ValueError(f"{name}: {raw!r} does not fit {length} bytes")
        parts.append(raw)
    return b"".join(parts)


def end_record(kind: str) -> bytes:
    """The end record (9) of a file of ``kind``."""
    length = 120 if kind == "91" else 200
    return b"9" + b" " * (length - 1)


def file_encode(records: list[bytes], *, newline: bytes = b"\r\n") -> bytes:
    """Join records with ``newline`` (``b""`` for a file without line breaks)."""
    body = newline.join(records)
    return body + newline if newline else body
